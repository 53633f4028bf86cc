package resolve_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/versions"
)

// TestNoVerify: the verifier's findings (testdata/errors/bad-verify-*.pyasm,
// whose errors TestResolveErrorFiles checks line by line) become warnings
// with NoVerify, and the program resolves.
func TestNoVerify(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/bad-verify-*.pyasm")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			prog, err := grammar.Parse(path, src, versions.Newest())
			require.NoError(t, err)
			_, err = resolve.Resolve(prog)
			var list asm.ErrorList
			require.ErrorAs(t, err, &list)

			prog, err = grammar.Parse(path, src, versions.Newest())
			require.NoError(t, err)
			_, warnings, err := resolve.ResolveWith(prog, resolve.Options{NoVerify: true})
			require.NoError(t, err, "with NoVerify the program resolves")
			var findings asm.ErrorList
			for _, w := range warnings {
				assert.True(t, w.Warning)
				assert.Contains(t, w.Error(), ": warning: ")
				if !w.Advice { // a block without RESUME, say, is advised either way
					findings = append(findings, w)
				}
			}
			assert.Len(t, findings, len(list), "every finding becomes a warning")
		})
	}
}
