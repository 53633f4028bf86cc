package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeTree writes files (path relative to dir → content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
}

// readTree is every file under dir, by path relative to it.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		if !d.IsDir() {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			rel, _ := filepath.Rel(dir, path)
			files[rel] = string(data)
		}
		return nil
	}))
	return files
}

// elapsed is the time in a summary line, which differs from run to run.
var elapsed = regexp.MustCompile(`, [0-9.]+s\n`)

// TestTree: build and dis a tree with 1, 2 and 8 workers: the bad file is
// reported and the rest are built, -o mirrors the tree, and standard
// output, standard error (but the time) and every file are the same
// whatever the number of workers.
func TestTree(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	writeTree(t, src, map[string]string{
		"a.pyasm":           goodSource,
		"pkg/b.pyasm":       ".python 3.12\n    RESUME 0\n    LOAD_CONST 1\n    RETURN_VALUE\n",
		"pkg/bad.pyasm":     parseError,
		"pkg/deep/c.pyasm":  ".python 2.7\n    LOAD_CONST None\n    RETURN_VALUE\n",
		"pkg/notes.txt":     "not an input\n",
		"pkg/zz_last.pyasm": verifierError,
	})
	var firstBuild, firstDis map[string]string
	var firstStdout, firstStderr, firstBuildErr string
	for _, jobs := range []string{"1", "2", "8"} {
		built := filepath.Join(dir, "built-"+jobs)
		var out, errOut bytes.Buffer
		assert.Equal(t, exitError, run([]string{"build", "-j", jobs, src, "-o", built}, &out, &errOut))
		assert.Empty(t, out.String())
		stderr := elapsed.ReplaceAllString(errOut.String(), ", TIME\n")
		assert.Contains(t, stderr, filepath.Join(src, "pkg/bad.pyasm")+":3:")
		assert.Contains(t, stderr, filepath.Join(src, "pkg/zz_last.pyasm")+":3:")
		assert.True(t, strings.HasSuffix(stderr, "pyasm build: 5 files, 2 failed, TIME\n"), stderr)
		assert.Less(t, strings.Index(stderr, "bad.pyasm"), strings.Index(stderr, "zz_last.pyasm"), "messages in input order")
		files := readTree(t, built)
		assert.ElementsMatch(t, []string{"a.pyc", "pkg/b.pyc", "pkg/deep/c.pyc"}, keys(files))

		var disOut, disErr bytes.Buffer
		// Disassemble the same tree each time, so that the output can be equal.
		built = filepath.Join(dir, "built-1")
		assert.Equal(t, exitOK, run([]string{"dis", "-j", jobs, built}, &disOut, &disErr), disErr.String())
		assert.Equal(t, 3, strings.Count(disOut.String(), "# Disassembled from "))
		mirrored := filepath.Join(dir, "dis-"+jobs)
		assert.Equal(t, exitOK, run([]string{"dis", "-j", jobs, built, "-o", mirrored}, &out, &disErr))
		disFiles := readTree(t, mirrored)
		assert.ElementsMatch(t, []string{"a.pyasm", "pkg/b.pyasm", "pkg/deep/c.pyasm"}, keys(disFiles))
		if firstBuild == nil {
			firstBuild, firstDis = files, disFiles
			firstStdout, firstStderr, firstBuildErr = disOut.String(), disErr.String(), stderr
			continue
		}
		assert.Equal(t, firstBuild, files, "-j %s", jobs)
		assert.Equal(t, firstBuildErr, stderr, "-j %s", jobs)
		assert.Equal(t, firstStdout, disOut.String(), "-j %s", jobs)
		assert.Equal(t, elapsed.ReplaceAllString(firstStderr, ""), elapsed.ReplaceAllString(disErr.String(), ""), "-j %s", jobs)
		assert.Equal(t, firstDis, disFiles, "-j %s", jobs)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, filepath.ToSlash(k))
	}
	return out
}

// TestTreeErrors: files that cannot be read or would collide are reported
// and the rest go on.
func TestTreeErrors(t *testing.T) {
	dir := t.TempDir()
	pyc := tourPyc(t)
	writeTree(t, dir, map[string]string{"x/a.pyc": string(pyc), "y/a.pyc": string(pyc)})
	var out, errOut bytes.Buffer
	code := run([]string{"dis", filepath.Join(dir, "missing.pyc"), filepath.Join(dir, "x/a.pyc"), filepath.Join(dir, "y/a.pyc"), "-o", filepath.Join(dir, "out")}, &out, &errOut)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut.String(), filepath.Join(dir, "missing.pyc")+": error: no such file or directory\n")
	assert.Contains(t, errOut.String(), filepath.Join(dir, "y/a.pyc")+": error: its output "+filepath.Join(dir, "out/a.pyasm")+" is also "+filepath.Join(dir, "x/a.pyc")+"'s\n")
	assert.Contains(t, errOut.String(), "pyasm dis: 3 files, 2 failed, ")
	assert.Equal(t, []string{"a.pyasm"}, keys(readTree(t, filepath.Join(dir, "out"))))
}

// TestTreeSeveralDirectories: with several directories, each keeps its
// name under -o DIR, so that files of the same name stay apart.
func TestTreeSeveralDirectories(t *testing.T) {
	dir := t.TempDir()
	pyc := string(tourPyc(t))
	writeTree(t, dir, map[string]string{"a/x.pyc": pyc, "b/x.pyc": pyc, "c.pyc": pyc})
	out := filepath.Join(dir, "out")
	pyasm(t, "dis", filepath.Join(dir, "a"), filepath.Join(dir, "b")+"/", filepath.Join(dir, "c.pyc"), "-o", out)
	assert.ElementsMatch(t, []string{"a/x.pyasm", "b/x.pyasm", "c.pyasm"}, keys(readTree(t, out)))

	maps := filepath.Join(dir, "maps")
	pyasm(t, "explain", "-j", "2", dir, "-o", maps)
	got := readTree(t, maps)
	assert.ElementsMatch(t, []string{"a/x.txt", "b/x.txt", "c.txt"}, keys(got))
	assert.Contains(t, got["a/x.txt"], "magic number 3531: CPython 3.12")
}

// TestUsage: command lines the tree and header flags do not allow.
func TestUsage(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.pyasm": goodSource, "b.pyasm": goodSource, "a.py": "pass\n"})
	a, b := filepath.Join(dir, "a.pyasm"), filepath.Join(dir, "b.pyasm")
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"two to stdout", []string{"build", a, b, "-o", "-"}, "-o - writes one .pyc to standard output; it takes one input, not 2"},
		{"bad hash", []string{"build", a, "--source", filepath.Join(dir, "a.py"), "--hash", "maybe"}, `--hash is checked or unchecked, not "maybe"`},
		{"hash without source", []string{"build", a, "--hash", "checked"}, "--hash needs --source"},
		{"source of a tree", []string{"build", dir, "--source", filepath.Join(dir, "a.py")}, "--source names the source of one file; it takes one input, not 2"},
		{"no header and source", []string{"build", a, "--no-header", "--source", filepath.Join(dir, "a.py")}, "--no-header writes no header"},
		{"no workers", []string{"dis", "-j", "-1", a}, "Usage: pyasm dis"},
		{"unknown release", []string{"dis", "--python", "3.5", a}, "--python: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			assert.Equal(t, exitUsage, run(tt.args, &out, &errOut))
			assert.Contains(t, errOut.String(), tt.stderr)
			assert.Empty(t, out.String())
		})
	}
	t.Run("missing source", func(t *testing.T) {
		var out, errOut bytes.Buffer
		assert.Equal(t, exitError, run([]string{"build", a, "--source", filepath.Join(dir, "nope.py")}, &out, &errOut))
		assert.Contains(t, errOut.String(), "nope.py: error: no such file or directory")
	})
	t.Run("hash before 3.7", func(t *testing.T) {
		old := filepath.Join(dir, "old.pyasm")
		require.NoError(t, os.WriteFile(old, []byte(".python 3.6\n    LOAD_CONST None\n    RETURN_VALUE\n"), 0o644))
		var out, errOut bytes.Buffer
		assert.Equal(t, exitError, run([]string{"build", old, "--source", filepath.Join(dir, "a.py"), "--hash", "checked"}, &out, &errOut))
		assert.Contains(t, errOut.String(), "old.pyasm: error: --hash: CPython 3.6 has no hash-based .pyc headers")
		assert.NoFileExists(t, filepath.Join(dir, "old.pyc"))
	})
}

// TestStdin: - reads standard input; build then writes standard output
// unless -o says otherwise, and -o - writes it for any input.
func TestStdin(t *testing.T) {
	withStdin := func(data []byte) {
		saved := stdin
		stdin = bytes.NewReader(data)
		t.Cleanup(func() { stdin = saved })
	}
	pyc := tourPyc(t)
	t.Run("build", func(t *testing.T) {
		withStdin([]byte(goodSource))
		out := pyasm(t, "build", "-")
		assert.Equal(t, "\xcb\x0d\x0d\x0a", out[:4], "a 3.12 .pyc")
	})
	t.Run("build to file", func(t *testing.T) {
		withStdin([]byte(goodSource))
		dest := filepath.Join(t.TempDir(), "out.pyc")
		assert.Empty(t, pyasm(t, "build", "-", "-o", dest))
		assert.FileExists(t, dest)
	})
	t.Run("build file to stdout", func(t *testing.T) {
		src := filepath.Join(t.TempDir(), "a.pyasm")
		require.NoError(t, os.WriteFile(src, []byte(goodSource), 0o644))
		out := pyasm(t, "build", src, "-o", "-")
		assert.Equal(t, "\xcb\x0d\x0d\x0a", out[:4])
		assert.NoFileExists(t, strings.TrimSuffix(src, ".pyasm")+".pyc")
	})
	t.Run("build error names stdin", func(t *testing.T) {
		withStdin([]byte(parseError))
		var out, errOut bytes.Buffer
		assert.Equal(t, exitError, run([]string{"build", "-"}, &out, &errOut))
		assert.Contains(t, errOut.String(), "<stdin>:3:")
		assert.Empty(t, out.String())
	})
	t.Run("dis", func(t *testing.T) {
		withStdin(pyc)
		assert.Contains(t, pyasm(t, "dis", "-"), "# Disassembled from <stdin> by pyasm")
	})
	t.Run("dis bare", func(t *testing.T) {
		withStdin(pyc[16:])
		assert.Contains(t, pyasm(t, "dis", "--python", "3.12", "-", "-o", "-"), "# The input had no header; read as CPython 3.12.")
	})
	t.Run("explain", func(t *testing.T) {
		withStdin(pyc)
		assert.Contains(t, pyasm(t, "explain", "-"), "<stdin>: ")
	})
}

// TestProgress: the bar shows done, total, failures and the rate, and is
// erased before a message; it is drawn only on a terminal.
func TestProgress(t *testing.T) {
	var w bytes.Buffer
	p := newProgress("dis", 4, true, &w, time.Now().Add(-time.Second))
	p.update(2, 1)
	assert.Contains(t, w.String(), "\r\x1b[Kpyasm dis [###############...............] 2/4, 1 failed, 2 files/s")
	p.clear()
	assert.True(t, strings.HasSuffix(w.String(), "\r\x1b[K"))
	w.Reset()
	p.clear()
	assert.Empty(t, w.String(), "nothing to erase")

	r, pw, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer pw.Close()
	assert.False(t, isTerminal(pw), "a pipe")
	assert.False(t, isTerminal(&w), "a buffer")
}
