package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/versions"
)

// TestListingAndDisStack: for every release, `build --listing` of the
// loop and call programs of examples/versions, and `dis --stack` of what
// it wrote, match their goldens (testdata/listing/, rewritten with
// -update); the dis --stack text reassembles to the same .pyc.
func TestListingAndDisStack(t *testing.T) {
	for _, v := range versions.All() {
		for _, prog := range []string{"loop", "call"} {
			name := fmt.Sprintf("%s-%s", prog, v)
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				src := filepath.Join("..", "..", "examples", "versions", name+".pyasm")
				pyc := filepath.Join(dir, name+".pyc")
				var out, errOut bytes.Buffer
				require.Equal(t, exitOK, run([]string{"build", "--listing", src, "-o", pyc}, &out, &errOut), errOut.String())
				golden(t, filepath.Join("testdata", "listing", name+".txt"), out.String())

				out.Reset()
				require.Equal(t, exitOK, run([]string{"dis", "--stack", pyc}, &out, &errOut), errOut.String())
				text := strings.Replace(out.String(), pyc, name+".pyc", 1) // the header names the file
				golden(t, filepath.Join("testdata", "listing", name+".dis"), text)

				again := filepath.Join(dir, "again.pyasm")
				require.NoError(t, os.WriteFile(again, out.Bytes(), 0o644))
				require.Equal(t, exitOK, run([]string{"build", again, "-o", filepath.Join(dir, "again.pyc")}, &out, &errOut), errOut.String())
				want, err := os.ReadFile(pyc)
				require.NoError(t, err)
				got, err := os.ReadFile(filepath.Join(dir, "again.pyc"))
				require.NoError(t, err)
				assert.Equal(t, want, got, "dis --stack output reassembles to the same .pyc")
			})
		}
	}
}

// golden compares got with the file at path, or writes it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd/pyasm -run %s -update to write it", t.Name())
	assert.Equal(t, string(want), got)
}
