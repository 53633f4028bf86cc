package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadInput: a file read as text or as bytes holds the same, an empty
// one included, and a missing one is an error either way.
func TestReadInput(t *testing.T) {
	dir := t.TempDir()
	for _, content := range []string{"", ".python 3.12\n    NOP\n", string(make([]byte, 100_000))} {
		path := filepath.Join(dir, "in.pyasm")
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
		text, err := readInput[string](path)
		require.NoError(t, err)
		assert.Equal(t, content, text)
		data, err := readInput[[]byte](path)
		require.NoError(t, err)
		assert.Equal(t, content, string(data))
	}
	_, err := readInput[string](filepath.Join(dir, "missing.pyasm"))
	assert.Error(t, err)
	_, err = readInput[[]byte](filepath.Join(dir, "missing.pyasm"))
	assert.Error(t, err)
}
