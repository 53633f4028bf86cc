package main

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// faultFS is the real file system with one step of writeAtomic made to
// fail as it would on a full disk, a failing device or a refused rename.
type faultFS struct{ step string }

func (fs faultFS) CreateTemp(dir, pattern string) (tempFile, error) {
	if fs.step == "create" {
		return nil, &os.PathError{Op: "open", Path: filepath.Join(dir, pattern), Err: syscall.EACCES}
	}
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &faultFile{File: f, step: fs.step}, nil
}

func (fs faultFS) Rename(oldpath, newpath string) error {
	if fs.step == "rename" {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: syscall.EXDEV}
	}
	return os.Rename(oldpath, newpath)
}

func (faultFS) Remove(name string) error { return os.Remove(name) }

// faultFile fails at its step: a write fails with ENOSPC after half the
// bytes went to the disk, as a disk filling up does.
type faultFile struct {
	*os.File
	step string
}

func (f *faultFile) Write(b []byte) (int, error) {
	if f.step != "write" {
		return f.File.Write(b)
	}
	n, _ := f.File.Write(b[:len(b)/2])
	return n, &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
}

func (f *faultFile) Chmod(mode os.FileMode) error {
	if f.step == "chmod" {
		return &os.PathError{Op: "chmod", Path: f.Name(), Err: syscall.EPERM}
	}
	return f.File.Chmod(mode)
}

func (f *faultFile) Close() error {
	err := f.File.Close()
	if f.step == "close" {
		return &os.PathError{Op: "close", Path: f.Name(), Err: syscall.EIO}
	}
	return err
}

// useFS makes writeAtomic go through fs for the rest of the test.
func useFS(t *testing.T, fs fileSystem) {
	saved := outputFS
	outputFS = fs
	t.Cleanup(func() { outputFS = saved })
}

// listing is the sorted names in dir.
func listing(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

const (
	goodSource     = ".python 3.12\n    RESUME 0\n    RETURN_CONST None\n"
	parseError     = ".python 3.12\n    RESUME 0\n    LOAD_CONST (1,\n    RETURN_CONST None\n"
	assemblerError = ".python 3.12\n    RESUME 0\n    JUMP_FORWARD nowhere\n    RETURN_CONST None\n"
	verifierError  = ".python 3.12\n    RESUME 0\n    POP_TOP\n    RETURN_CONST None\n"
	oldOutput      = "the output of an earlier run\n"
)

// oldTime is the existing output's mtime, far enough back that a rewrite
// shows.
var oldTime = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

// outputCase is a run that must fail and leave the existing output file
// exactly as it was.
type outputCase struct {
	name string
	// setup writes the inputs into dir and returns the command line and the
	// output path; fault, if set, is the writeAtomic step that fails.
	setup func(t *testing.T, dir string) (args []string, output string)
	fault string
	// noOutput: the output path cannot exist (its parent is not a
	// directory), so there is nothing to preserve, only nothing to create.
	noOutput bool
	stderr   string // expected in the error output
}

func buildCase(source string) func(t *testing.T, dir string) ([]string, string) {
	return func(t *testing.T, dir string) ([]string, string) {
		src := filepath.Join(dir, "prog.pyasm")
		require.NoError(t, os.WriteFile(src, []byte(source), 0o644))
		out := filepath.Join(dir, "prog.pyc")
		return []string{"build", src, "-o", out}, out
	}
}

func disCase(pyc func(t *testing.T) []byte) func(t *testing.T, dir string) ([]string, string) {
	return func(t *testing.T, dir string) ([]string, string) {
		in := filepath.Join(dir, "in.pyc")
		require.NoError(t, os.WriteFile(in, pyc(t), 0o644))
		out := filepath.Join(dir, "out.pyasm")
		return []string{"dis", in, "-o", out}, out
	}
}

func tourPyc(t *testing.T) []byte {
	data, err := os.ReadFile("../../explain/testdata/tour-3.12.pyc")
	require.NoError(t, err)
	return data
}

func checkOutputKept(t *testing.T, tt outputCase) {
	dir := t.TempDir()
	args, output := tt.setup(t, dir) // it may write the existing output itself
	if _, err := os.Lstat(output); err != nil && !tt.noOutput {
		require.NoError(t, os.WriteFile(output, []byte(oldOutput), 0o644))
		require.NoError(t, os.Chtimes(output, oldTime, oldTime))
	}
	before := listing(t, dir)
	if tt.fault != "" {
		useFS(t, faultFS{step: tt.fault})
	}
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	assert.Equal(t, exitError, code, "stderr: %s", errOut.String())
	assert.Contains(t, errOut.String(), tt.stderr)
	assert.Equal(t, before, listing(t, dir), "files in the output directory")
	if tt.noOutput {
		_, err := os.Lstat(output)
		assert.Error(t, err, "an output was created")
		return
	}
	got, err := os.ReadFile(output)
	require.NoError(t, err)
	assert.Equal(t, oldOutput, string(got))
	st, err := os.Stat(output)
	require.NoError(t, err)
	assert.True(t, st.ModTime().Equal(oldTime), "mtime %v, want %v", st.ModTime(), oldTime)
}

// TestOutputKeptOnFailure: whatever makes build or dis fail, an existing
// output file keeps its bytes and mtime, and no temporary file is left
// beside it.
func TestOutputKeptOnFailure(t *testing.T) {
	tests := []outputCase{
		{name: "build parse error", setup: buildCase(parseError), stderr: "prog.pyasm:3:"},
		{name: "build assembler error", setup: buildCase(assemblerError), stderr: "no label nowhere"},
		{name: "build verifier error", setup: buildCase(verifierError), stderr: "stack underflow"},
		{name: "build missing source", setup: func(t *testing.T, dir string) ([]string, string) {
			out := filepath.Join(dir, "prog.pyc")
			return []string{"build", filepath.Join(dir, "nope.pyasm"), "-o", out}, out
		}, stderr: "no such file"},
		{name: "build full disk", setup: buildCase(goodSource), fault: "write", stderr: "no space left on device"},
		{name: "build chmod fails", setup: buildCase(goodSource), fault: "chmod", stderr: "operation not permitted"},
		{name: "build close fails", setup: buildCase(goodSource), fault: "close", stderr: "input/output error"},
		{name: "build rename fails", setup: buildCase(goodSource), fault: "rename", stderr: "invalid cross-device link"},
		{name: "build directory refuses a new file", setup: buildCase(goodSource), fault: "create", stderr: "permission denied"},
		{name: "build output parent is a regular file", setup: func(t *testing.T, dir string) ([]string, string) {
			args, _ := buildCase(goodSource)(t, dir)
			notDir := filepath.Join(dir, "notes.txt")
			require.NoError(t, os.WriteFile(notDir, []byte("not a directory\n"), 0o644))
			out := filepath.Join(notDir, "prog.pyc")
			return append(args[:2], "-o", out), out
		}, noOutput: true, stderr: "not a directory"},
		{name: "dis damaged pyc", setup: disCase(func(t *testing.T) []byte { return tourPyc(t)[:100] }), stderr: "in.pyc: error:"},
		{name: "dis not a pyc", setup: disCase(func(t *testing.T) []byte { return []byte("hello\n") }), stderr: "not a .pyc file"},
		{name: "dis full disk", setup: disCase(tourPyc), fault: "write", stderr: "no space left on device"},
		{name: "dis close fails", setup: disCase(tourPyc), fault: "close", stderr: "input/output error"},
		{name: "dis rename fails", setup: disCase(tourPyc), fault: "rename", stderr: "invalid cross-device link"},
		{name: "dis directory refuses a new file", setup: disCase(tourPyc), fault: "create", stderr: "permission denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkOutputKept(t, tt) })
	}
}

// TestOutputKeptReadOnlyDir: a real read-only directory, with no fault
// simulated. As root (the usual case here) permission checks are bypassed
// and the directory is writable after all; the test then skips, and
// "parent is a regular file" above is the real failure that still runs.
func TestOutputKeptReadOnlyDir(t *testing.T) {
	for _, tt := range []outputCase{
		{name: "build", setup: buildCase(goodSource), stderr: "permission denied"},
		{name: "dis", setup: disCase(tourPyc), stderr: "permission denied"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			setup := tt.setup
			tt.setup = func(t *testing.T, dir string) ([]string, string) {
				args, out := setup(t, dir)
				require.NoError(t, os.WriteFile(out, []byte(oldOutput), 0o644))
				require.NoError(t, os.Chtimes(out, oldTime, oldTime))
				require.NoError(t, os.Chmod(dir, 0o500))
				t.Cleanup(func() { os.Chmod(dir, 0o700) })
				probe, err := os.CreateTemp(dir, "probe-*")
				if err == nil {
					probe.Close()
					os.Remove(probe.Name())
					t.Skip("skipping: permission checks are bypassed (running as root?)")
				}
				return args, out
			}
			checkOutputKept(t, tt)
		})
	}
}

// TestOutputIsDirectory: -o naming an existing directory writes into it,
// under the input's name; where that name is itself a directory the final
// rename fails for real: the directory stays as it was and the temporary
// file is removed.
func TestOutputIsDirectory(t *testing.T) {
	for _, tt := range []struct{ name, mirrored string }{{"build", "prog.pyc"}, {"dis", "in.pyasm"}} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var args []string
			var output string
			if tt.name == "build" {
				args, output = buildCase(goodSource)(t, dir)
			} else {
				args, output = disCase(tourPyc)(t, dir)
			}
			blocked := filepath.Join(output, tt.mirrored)
			require.NoError(t, os.MkdirAll(blocked, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(blocked, "inside"), []byte("x"), 0o644))
			before := listing(t, dir)
			var out, errOut bytes.Buffer
			assert.Equal(t, exitError, run(args, &out, &errOut))
			assert.Equal(t, before, listing(t, dir))
			assert.Equal(t, []string{tt.mirrored}, listing(t, output))
			assert.Equal(t, []string{"inside"}, listing(t, blocked))
		})
	}
}

// TestOutputWritten: the control for the tests above: a run that succeeds
// replaces the existing output and leaves no temporary file.
func TestOutputWritten(t *testing.T) {
	for _, tt := range []outputCase{
		{name: "build", setup: buildCase(goodSource)},
		{name: "dis", setup: disCase(tourPyc)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			args, output := tt.setup(t, dir)
			require.NoError(t, os.WriteFile(output, []byte(oldOutput), 0o644))
			before := listing(t, dir)
			var out, errOut bytes.Buffer
			require.Equal(t, exitOK, run(args, &out, &errOut), errOut.String())
			assert.Equal(t, before, listing(t, dir))
			got, err := os.ReadFile(output)
			require.NoError(t, err)
			assert.NotEqual(t, oldOutput, string(got))
			st, err := os.Stat(output)
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o644), st.Mode().Perm())
		})
	}
}

// TestOutputUnchanged: an output that already holds the bytes and the
// permissions a run writes is kept (the same file: its inode, its links)
// with its modification time made new; anything else is written anew.
func TestOutputUnchanged(t *testing.T) {
	for _, tt := range []struct {
		name string
		// change alters the output of a first run before the second.
		change func(t *testing.T, output string)
		kept   bool
	}{
		{name: "same bytes and permissions", change: func(t *testing.T, output string) {}, kept: true},
		{name: "other permissions", change: func(t *testing.T, output string) {
			require.NoError(t, os.Chmod(output, 0o600))
		}},
		{name: "same size, other bytes", change: func(t *testing.T, output string) {
			data, err := os.ReadFile(output)
			require.NoError(t, err)
			data[len(data)-1] ^= 0xff
			require.NoError(t, os.WriteFile(output, data, 0o644))
		}},
		{name: "longer", change: func(t *testing.T, output string) {
			f, err := os.OpenFile(output, os.O_APPEND|os.O_WRONLY, 0)
			require.NoError(t, err)
			_, err = f.Write([]byte{0})
			require.NoError(t, err)
			require.NoError(t, f.Close())
		}},
		{name: "a link to a file with the bytes", change: func(t *testing.T, output string) {
			target := output + ".target"
			require.NoError(t, os.Rename(output, target))
			require.NoError(t, os.Symlink(target, output))
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			args, output := buildCase(goodSource)(t, dir)
			var out, errOut bytes.Buffer
			require.Equal(t, exitOK, run(args, &out, &errOut), errOut.String())
			want, err := os.ReadFile(output)
			require.NoError(t, err)
			tt.change(t, output)
			require.NoError(t, os.Chtimes(output, oldTime, oldTime))
			before, err := os.Lstat(output)
			require.NoError(t, err)

			require.Equal(t, exitOK, run(args, &out, &errOut), errOut.String())
			after, err := os.Lstat(output)
			require.NoError(t, err)
			assert.Equal(t, tt.kept, os.SameFile(before, after), "kept the file")
			assert.True(t, after.Mode().IsRegular(), "mode %v", after.Mode())
			assert.Equal(t, os.FileMode(0o644), after.Mode().Perm())
			assert.True(t, after.ModTime().After(oldTime), "mtime %v not made new", after.ModTime())
			got, err := os.ReadFile(output)
			require.NoError(t, err)
			assert.Equal(t, want, got)
			assert.Equal(t, []string{"prog.pyasm", "prog.pyc"}, withoutTarget(listing(t, dir)), "no temporary file left")
		})
	}
}

// withoutTarget drops a symlink test's target from a listing.
func withoutTarget(names []string) []string {
	var out []string
	for _, n := range names {
		if !strings.HasSuffix(n, ".target") {
			out = append(out, n)
		}
	}
	return out
}
