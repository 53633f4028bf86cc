package resolve_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/versions"
)

var errorMark = regexp.MustCompile(`# ERROR "([^"]*)"`)

// TestVerifier checks the verifier's rules in the cmd/asm style: each line
// of testdata/verify/bad-*.pyasm marked # ERROR "text" must get an error
// containing text, and no other line may get one. Under NoVerify the same
// findings are warnings and the program resolves.
func TestVerifier(t *testing.T) {
	files, err := filepath.Glob("testdata/verify/bad-*.pyasm")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			prog, err := grammar.Parse(path, src, versions.Newest())
			require.NoError(t, err)
			_, err = resolve.Resolve(prog)
			require.Error(t, err)
			var list asm.ErrorList
			require.ErrorAs(t, err, &list)
			got := map[int][]string{}
			for _, e := range list {
				got[e.Pos.Line] = append(got[e.Pos.Line], e.Msg)
			}
			for i, line := range strings.Split(string(src), "\n") {
				n := i + 1
				m := errorMark.FindStringSubmatch(line)
				if m == nil {
					assert.Empty(t, got[n], "line %d has no ERROR mark but got errors", n)
					continue
				}
				found := false
				for _, msg := range got[n] {
					found = found || strings.Contains(msg, m[1])
				}
				assert.True(t, found, "line %d: want an error containing %q, got %q", n, m[1], got[n])
			}

			prog, err = grammar.Parse(path, src, versions.Newest())
			require.NoError(t, err)
			_, warnings, err := resolve.ResolveWith(prog, resolve.Options{NoVerify: true})
			require.NoError(t, err, "with NoVerify the program resolves")
			assert.Len(t, warnings, len(list), "every finding becomes a warning")
			for _, w := range warnings {
				assert.True(t, w.Warning)
			}
		})
	}
}
