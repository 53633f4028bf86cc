package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// TestDebugLines: a program built with -g that raises shows, in the real
// interpreter's traceback, the .pyasm file and the line of the instruction
// that raised. Each release's hello program has its greeting replaced by
// a name that is not defined, so LOAD_NAME raises NameError.
func TestDebugLines(t *testing.T) {
	greeting := regexp.MustCompile(`(?m)^([ \t]*)LOAD_CONST "Hello, world!"`)
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			python := pythons.Require(t, v.String())
			src, err := os.ReadFile(fmt.Sprintf("../../examples/versions/hello-%s.pyasm", v))
			require.NoError(t, err)
			loc := greeting.FindSubmatchIndex(src)
			require.NotNil(t, loc, "hello-%s.pyasm has no greeting to replace", v)
			raising := fmt.Sprintf("%sLOAD_NAME no_such_name", src[loc[2]:loc[3]])
			src = append(append(append([]byte(nil), src[:loc[0]]...), raising...), src[loc[1]:]...)
			line := 1 + bytes.Count(src[:loc[0]], []byte("\n"))

			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "hello.pyasm"), src, 0o644))
			var out, errOut bytes.Buffer
			wd, err := os.Getwd()
			require.NoError(t, err)
			require.NoError(t, os.Chdir(dir))
			code := run([]string{"build", "-g", "hello.pyasm"}, &out, &errOut)
			require.NoError(t, os.Chdir(wd))
			require.Equal(t, exitOK, code, errOut.String())

			cmd := exec.Command(python, "hello.pyc")
			cmd.Dir = dir
			stderr, _ := cmd.CombinedOutput()
			assert.Contains(t, string(stderr), fmt.Sprintf("File \"hello.pyasm\", line %d", line))
			assert.Regexp(t, `\n    LOAD_NAME no_such_name *(#.*)?\n`, string(stderr), "the traceback shows the instruction's line")
			assert.Contains(t, string(stderr), "NameError")
		})
	}
}

// TestDebugLinesKeepsCode: -g changes only co_filename, the line table and
// co_firstlineno; without it the file's own lines stay.
func TestDebugLinesKeepsCode(t *testing.T) {
	dir := t.TempDir()
	src := ".python 3.12\n.filename \"x.py\"\n    RESUME 0\n.line 40\n    LOAD_CONST 1   # a comment\n    RETURN_VALUE\n"
	path := filepath.Join(dir, "x.pyasm")
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"build", "-g", path, "-o", filepath.Join(dir, "g.pyc")}, &out, &errOut), errOut.String())
	require.Equal(t, exitOK, run([]string{"dis", filepath.Join(dir, "g.pyc")}, &out, &errOut), errOut.String())
	text := out.String()
	assert.Contains(t, text, fmt.Sprintf(".filename '%s'", path))
	// line 5, columns 4 to 16: "LOAD_CONST 1" without its comment
	assert.Regexp(t, `\n    LOAD_CONST +1 +@5:4-16\n`, text)
	assert.NotContains(t, text, "@40")
}
