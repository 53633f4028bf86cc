package resolve_test

import (
	"math"
	"os"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/internal/mutate"
	"github.com/pyasm/pyasm/versions"
)

// TestWalksAsideFindTheSame: slot walks sent to another goroutine find
// what walks in place find, told in the same order, on the feature
// programs of every release and a spread of their mutants (broken ones
// among them, whose findings are the point), every program walked aside
// whatever its size.
func TestWalksAsideFindTheSame(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2)) // aside needs two
	findings := func(src []byte, name string, aside bool) (out []string, refused bool) {
		restore := resolve.SetAsideMin(math.MaxInt)
		if aside {
			resolve.SetAsideMin(0)
		}
		defer restore()
		prog, err := grammar.Parse(name, src, nil)
		if err != nil {
			return nil, false
		}
		_, warnings, err := resolve.ResolveWith(prog, resolve.Options{})
		for _, w := range warnings {
			out = append(out, w.Error())
		}
		if err != nil {
			out = append(out, err.Error())
		}
		return out, err != nil
	}
	texts, refusals := 0, 0
	for _, v := range versions.All() {
		for _, file := range featureFiles(t, v) {
			src, err := os.ReadFile(file)
			require.NoError(t, err)
			ms := mutate.Mutants(string(src))
			srcs := [][]byte{src}
			for n := 0; n < len(ms); n += max(1, len(ms)/8) {
				srcs = append(srcs, []byte(ms[n].Src()))
			}
			for n, text := range srcs {
				inPlace, refused := findings(text, file, false)
				aside, _ := findings(text, file, true)
				assert.Equal(t, inPlace, aside, "%s, text %d", file, n)
				texts++
				if refused {
					refusals++
				}
			}
		}
	}
	t.Logf("%d texts, %d refused", texts, refusals)
	assert.Positive(t, refusals)
}
