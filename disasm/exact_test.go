package disasm

import (
	"bytes"
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/versions"
)

// TestExactText is issue 4's byte-exact acceptance test through text:
// dis --exact, print, parse, assemble gives the original file, byte for
// byte. A sample per release; every file with PYASM_FULL=1.
func TestExactText(t *testing.T) {
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			files := stdlibSample(t, v, 30, 15)
			same := 0
			var failed []string
			for _, path := range files {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				out, err := exactText(data)
				switch {
				case err != nil:
					failed = append(failed, path+": "+err.Error())
				case !bytes.Equal(out, data):
					failed = append(failed, fmt.Sprintf("%s: %d vs %d bytes", path, len(out), len(data)))
				default:
					same++
				}
			}
			t.Logf("Python %s: %d files, %d byte-identical", v, len(files), same)
			if len(failed) > 5 {
				failed = append(failed[:5], fmt.Sprintf("... and %d more", len(failed)-5))
			}
			assert.Empty(t, failed)
		})
	}
}

func exactText(data []byte) ([]byte, error) {
	f, err := pyc.Read(data)
	if err != nil {
		return nil, err
	}
	prog, _, err := Exact(f, data)
	if err != nil {
		return nil, err
	}
	_, out, err := throughText(prog, "exact", resolve.Options{})
	return out, err
}
