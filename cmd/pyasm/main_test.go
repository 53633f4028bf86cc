package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
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
		{"explain 2.7", []string{"explain", "../../explain/testdata/tour-2.7.pyc"}, exitOK, "magic number 62211: CPython 2.7", "", false, true},
		{"explain missing file", []string{"explain", filepath.Join(dir, "nope.pyc")}, exitError, "", "no such file", true, false},
		{"explain not a pyc", []string{"explain", notPyc}, exitError, "", "notes.txt: error: offset 2 (0x2): not a .pyc file", false, false},
		{"explain two files", []string{"explain", "a", "b"}, exitUsage, "", "Usage: pyasm explain", true, false},
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
