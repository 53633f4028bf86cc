package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pyasm lower prints the release's own .pyasm of a portable file, which
// builds to the same .pyc as the file does.
func TestLower(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "hi.pyasm")
	require.NoError(t, os.WriteFile(src, []byte("    prologue\n    LOAD_NAME print\n    callable\n    LOAD_CONST 'hi'\n    call 1\n    POP_TOP\n    return_const None\n"), 0o644))
	for _, tt := range []struct{ release, want string }{
		{"2.7", "CALL_FUNCTION        1"},
		{"3.11", "PUSH_NULL"},
		{"3.13", "RETURN_CONST         None"},
	} {
		t.Run(tt.release, func(t *testing.T) {
			var out, errOut bytes.Buffer
			require.Equal(t, exitOK, run([]string{"lower", "--python", tt.release, src}, &out, &errOut), errOut.String())
			assert.Contains(t, out.String(), ".python "+tt.release+"\n")
			assert.Contains(t, out.String(), tt.want)
			assert.Empty(t, errOut.String())

			lowered := filepath.Join(dir, "low-"+tt.release+".pyasm")
			require.Equal(t, exitOK, run([]string{"lower", "--python", tt.release, src, "-o", lowered}, &out, &errOut), errOut.String())
			a, b := filepath.Join(dir, "a.pyc"), filepath.Join(dir, "b.pyc")
			require.Equal(t, exitOK, run([]string{"build", "--python", tt.release, src, "-o", a}, &out, &errOut), errOut.String())
			require.Equal(t, exitOK, run([]string{"build", lowered, "-o", b}, &out, &errOut), errOut.String())
			want, err := os.ReadFile(a)
			require.NoError(t, err)
			have, err := os.ReadFile(b)
			require.NoError(t, err)
			assert.Equal(t, want, have)
		})
	}

	bad := filepath.Join(dir, "bad.pyasm")
	require.NoError(t, os.WriteFile(bad, []byte("    prologue\n    call x\n    jump nowhere\n"), 0o644))
	var out, errOut bytes.Buffer
	assert.Equal(t, exitError, run([]string{"lower", "--python", "3.12", bad}, &out, &errOut))
	assert.Empty(t, out.String())
	assert.Contains(t, errOut.String(), "bad.pyasm:2:10: error: call takes the number of arguments: a whole number from 0 to 65536, not the name x\n        call x\n             ^")
	assert.Contains(t, errOut.String(), "bad.pyasm:3:10: error: no label nowhere in this code block")

	errOut.Reset()
	assert.Equal(t, exitUsage, run([]string{"lower"}, &out, &errOut))
	assert.Contains(t, errOut.String(), "Usage: pyasm lower FILE.pyasm")
}
