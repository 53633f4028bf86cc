package disasm

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// TestExactModel lifts stdlib files with their marshal records and checks
// that emitting them gives the original bytes (no text in between).
func TestExactModel(t *testing.T) {
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			files := pythons.Sample(pythons.RequireStdlibPycs(t, v.String()), 20)
			same := 0
			for _, path := range files {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				f, err := pyc.Read(data)
				require.NoError(t, err)
				prog, _, err := Exact(f, data)
				require.NoError(t, err, path)
				out, err := emit.Assemble(prog)
				if !assert.NoError(t, err, path) {
					continue
				}
				if assert.True(t, bytes.Equal(data, out), "%s: %d vs %d bytes", path, len(data), len(out)) {
					same++
				}
			}
			t.Logf("Python %s: %d files, %d byte-identical", v, len(files), same)
		})
	}
}
