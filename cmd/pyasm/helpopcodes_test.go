package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestHelpOpcodes compares pyasm help's opcode reference with the files in
// testdata/help: what the command prints on stdout, then on stderr.
func TestHelpOpcodes(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
		code   int
	}{
		{"opcodes-2.7", []string{"opcodes", "2.7"}, exitOK},
		{"opcodes-3.12", []string{"opcodes", "3.12"}, exitOK},
		{"opcodes-newest", []string{"opcodes"}, exitOK},
		{"LOAD_CONST", []string{"LOAD_CONST"}, exitOK},
		{"CALL_FUNCTION", []string{"CALL_FUNCTION"}, exitOK},
		{"CALL_FUNCTION-3.12", []string{"CALL_FUNCTION", "3.12"}, exitOK},
		{"CALL", []string{"CALL"}, exitOK},
		{"CALL-3.11", []string{"CALL", "3.11"}, exitOK},
		{"JUMP_IF_FALSE_OR_POP", []string{"JUMP_IF_FALSE_OR_POP"}, exitOK},
		{"LOAD_METHOD-3.12", []string{"LOAD_METHOD", "3.12"}, exitOK},
		{"JUMP", []string{"JUMP"}, exitOK},
		{"LOAD_ATTR_INSTANCE_VALUE", []string{"LOAD_ATTR_INSTANCE_VALUE"}, exitOK},
		{"INSTRUMENTED_CALL-3.13", []string{"INSTRUMENTED_CALL", "3.13"}, exitOK},
		{"BINARY_ADD", []string{"BINARY_ADD"}, exitOK},
		{"RAISE_VARARGS", []string{"RAISE_VARARGS"}, exitOK},
		{"LOAD_SPECIAL-3.14", []string{"LOAD_SPECIAL", "3.14"}, exitOK},
		{"lower-case", []string{"load_fast", "3.13"}, exitOK},
		{"unknown", []string{"LOAD_CONS"}, exitUsage},
		{"unknown-release", []string{"LOAD_CONST", "3.5"}, exitUsage},
		{"too-many", []string{"CALL", "3.12", "3.13"}, exitUsage},
		{"command-with-release", []string{"build", "3.12"}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(append([]string{"help"}, tt.args...), &out, &errOut)
			assert.Equal(t, tt.code, code)
			got := out.String() + errOut.String()
			path := filepath.Join("testdata", "help", tt.golden+".txt")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./cmd/pyasm -run TestHelpOpcodes -update to write it")
			assert.Equal(t, string(want), got)
		})
	}
}

// TestHelpListsTopics: pyasm help names its opcode topics.
func TestHelpListsTopics(t *testing.T) {
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"help"}, &out, &errOut))
	for _, topic := range []string{"pyasm help opcodes [X.Y]", "pyasm help OPCODE [X.Y]", "pyasm help COMMAND"} {
		assert.Contains(t, out.String(), topic)
	}
	assert.True(t, strings.Contains(out.String(), "pyasm help [COMMAND | opcodes | OPCODE]"))
}

// TestReadmeHelpExcerpt: the README's example of pyasm help is what the
// command prints.
func TestReadmeHelpExcerpt(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	want, err := os.ReadFile(filepath.Join("testdata", "help", "CALL_FUNCTION.txt"))
	require.NoError(t, err)
	assert.Contains(t, string(readme), "$ pyasm help CALL_FUNCTION\n"+string(want)+"```")
}
