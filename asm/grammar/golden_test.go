package grammar

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden parses testdata/good-*.pyasm and compares the program, dumped
// as a tree with positions, with good-*.golden (-update rewrites them).
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/good-*.pyasm")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			require.NoError(t, err)
			p, err := Parse(filepath.Base(file), src, nil)
			if err != nil {
				var b strings.Builder
				asm.PrintErrors(&b, err, 0, func(string) []byte { return src })
				t.Fatal(b.String())
			}
			got := dumpProgram(p)
			golden := strings.TrimSuffix(file, ".pyasm") + ".golden"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./asm/grammar -update to create it")
			assert.Equal(t, string(want), got)
		})
	}
}
