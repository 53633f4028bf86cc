package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCLI(t *testing.T) {
	dir := t.TempDir()
	notPyc := filepath.Join(dir, "notes.txt")
	assert.NoError(t, os.WriteFile(notPyc, []byte("hello\n"), 0o644))
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string // expected substring
		stderr     string // expected substring
		noStdout   bool
		noStderror bool
	}{
		{"no args", nil, exitUsage, "", "Usage:", true, false},
		{"help flag", []string{"--help"}, exitOK, "pyasm explain FILE.pyc", "", false, true},
		{"help command", []string{"help", "explain"}, exitOK, "Usage: pyasm explain FILE.pyc", "", false, true},
		{"version", []string{"--version"}, exitOK, "pyasm " + version, "", false, true},
		{"unknown command", []string{"frobnicate"}, exitUsage, "", `unknown command "frobnicate"`, true, false},
		{"explain", []string{"explain", "../../explain/testdata/tour-3.12.pyc"}, exitOK, "magic number 3531: CPython 3.12", "", false, true},
		{"explain legend", []string{"explain", "../../explain/testdata/tour-3.12.pyc"}, exitOK, "how to read this (--no-legend leaves it out)", "", false, true},
		{"explain outline", []string{"explain", "--outline", "--no-legend", "../../explain/testdata/tour-3.12.pyc"}, exitOK, "00012c-000315        [4] code object 'scale', first line 7", "", false, true},
		{"explain 2.7", []string{"explain", "../../explain/testdata/tour-2.7.pyc"}, exitOK, "magic number 62211: CPython 2.7", "", false, true},
		{"explain missing file", []string{"explain", filepath.Join(dir, "nope.pyc")}, exitError, "", "no such file", true, false},
		{"explain not a pyc", []string{"explain", notPyc}, exitError, "", "notes.txt: error: offset 2 (0x2): not a .pyc file", false, false},
		{"explain two missing files", []string{"explain", "a", "b"}, exitError, "", "a: error: no such file or directory\nb: error: no such file or directory\npyasm explain: 2 files, 2 failed, ", true, false},
		{"explain no file", []string{"explain"}, exitUsage, "", "Usage: pyasm explain", true, false},
		{"explain bad flag", []string{"explain", "--nope", "x"}, exitUsage, "", "unknown flag: --nope", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(tt.args, &out, &errOut)
			assert.Equal(t, tt.code, code)
			assert.Contains(t, out.String(), tt.stdout)
			assert.Contains(t, errOut.String(), tt.stderr)
			if tt.noStdout {
				assert.Empty(t, out.String())
			}
			if tt.noStderror {
				assert.Empty(t, errOut.String())
			}
		})
	}
}

// TestDisUnverified: dis shows code the verifier refuses as it is, with the
// findings in a comment at the top; the text reassembles with --no-verify
// (and only with it) to the same file.
func TestDisUnverified(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "bad.pyasm")
	pyc := filepath.Join(dir, "bad.pyc")
	text := filepath.Join(dir, "back.pyasm")
	back := filepath.Join(dir, "back.pyc")
	require.NoError(t, os.WriteFile(src, []byte(".python 3.12\n    POP_TOP\n    LOAD_CONST !7\n    RETURN_VALUE\n"), 0o644))
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"build", "--no-verify", src, "-o", pyc}, &out, &errOut), errOut.String())

	errOut.Reset()
	require.Equal(t, exitOK, run([]string{"dis", pyc, "-o", text}, &out, &errOut), errOut.String())
	got, err := os.ReadFile(text)
	require.NoError(t, err)
	assert.Contains(t, string(got), "# The verifier refuses this code (CPython may crash on it); assemble it with --no-verify:\n")
	assert.Contains(t, string(got), "#   in <module>: stack underflow")
	assert.Contains(t, string(got), "#   in <module>: LOAD_CONST 7: index 7 is past the end of co_consts")

	errOut.Reset()
	assert.Equal(t, exitError, run([]string{"build", text, "-o", back}, &out, &errOut))
	assert.NoFileExists(t, back)
	errOut.Reset()
	require.Equal(t, exitOK, run([]string{"build", "--no-verify", text, "-o", back}, &out, &errOut), errOut.String())
	want, err := os.ReadFile(pyc)
	require.NoError(t, err)
	have, err := os.ReadFile(back)
	require.NoError(t, err)
	assert.Equal(t, want[16:], have[16:], "the code after the header")
}

// TestDisRefusesUnloadable: a code object CPython refuses to load (here a
// count below zero) is an error naming its offset, not a program.
func TestDisRefusesUnloadable(t *testing.T) {
	data, err := os.ReadFile("../../explain/testdata/tour-3.12.pyc")
	require.NoError(t, err)
	data = append([]byte(nil), data...)
	// The module's code object starts right after the 16-byte header; its
	// first field, co_argcount, follows the type byte.
	copy(data[17:21], []byte{0xff, 0xff, 0xff, 0xff})
	path := filepath.Join(t.TempDir(), "neg.pyc")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	var out, errOut bytes.Buffer
	assert.Equal(t, exitError, run([]string{"dis", path}, &out, &errOut))
	assert.Contains(t, errOut.String(), "neg.pyc: error: offset 16 (0x10): code object '<module>': co_argcount is -1, below zero; CPython refuses to load it")
	assert.Empty(t, out.String())
}
