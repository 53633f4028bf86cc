package resolve_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/disasm"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// scopeSnippets nest functions and classes in every way that changes the
// flags CPython derives: functions in a function (NESTED), in a class body
// (3.14+ METHOD), in a class in a function (both), class bodies (none, or
// 2.7's NEWLOCALS), generators, and a function whose only free variable is
// __class__ (a method, but not NESTED). No function has a docstring, which
// 3.14 flags too.
var scopeSnippets = []stackSnippet{
	{"nesting", "2.7", `
class C:
    x = 1
    def m(self):
        return 1
    lam = lambda: 1
    class Inner:
        def im(self):
            pass
def f():
    a = 1
    def g():
        return a
    def h():
        return 2
    class D:
        def dm(self):
            return 3
        y = a
    lam = lambda: 4
    gen = (i for i in ())
    return g
def outer():
    x = 1
    def middle():
        def inner():
            return x
        return inner
    return middle
`},
	{"methods", "3.6", `
class C:
    def s(self):
        return __class__
    g = (i for i in ())
def counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    return inc
`},
}

// TestDefaultsAsCPython compiles the snippets with each release's
// interpreter, disassembles the .pyc, forgets every block's flags and
// reassembles: each code object must get CPython's co_flags back.
func TestDefaultsAsCPython(t *testing.T) {
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			py := pythons.Require(t, v.String())
			var snippets []stackSnippet
			for _, s := range scopeSnippets {
				if from, err := versions.Lookup(s.from); err == nil && !newer(from, v) {
					snippets = append(snippets, s)
				}
			}
			pycs := compileSnippets(t, py, snippets)
			for _, s := range snippets {
				t.Run(s.name, func(t *testing.T) {
					data, err := os.ReadFile(pycs[s.name])
					require.NoError(t, err)
					orig, err := pyc.Read(data)
					require.NoError(t, err)
					top, err := orig.Code()
					require.NoError(t, err)
					prog, err := disasm.File(orig)
					require.NoError(t, err)
					forEachBlock(prog.Module, func(c *asm.Code) { c.Flags = nil })
					out, err := emit.Assemble(prog)
					require.NoError(t, err)
					again, err := pyc.Read(out)
					require.NoError(t, err)
					got, err := again.Code()
					require.NoError(t, err)
					compareScopes(t, v, top, got, "")
				})
			}
		})
	}
}

// forEachBlock calls f for a block and every block nested in it.
func forEachBlock(c *asm.Code, f func(*asm.Code)) {
	f(c)
	walkCode(c, func(s asm.Stmt) {
		if child, ok := s.(*asm.Code); ok {
			f(child)
		}
	})
}

// compareScopes walks two code objects and the code objects among their
// constants side by side, and checks that each pair has the same flags.
func compareScopes(t *testing.T, v *versions.Version, want, got *marshal.Code, path string) {
	t.Helper()
	path += "/" + codeName(want)
	assert.Equal(t, flagText(v, want.Flags), flagText(v, got.Flags), "co_flags of %s", path)
	wc, gc := childCodes(want), childCodes(got)
	require.Equal(t, len(wc), len(gc), "code objects in %s", path)
	for i := range wc {
		compareScopes(t, v, wc[i], gc[i], path)
	}
}

func flagText(v *versions.Version, f int32) string {
	return fmt.Sprintf("%#x %s", f, versions.FormatBits(uint32(f), v.CodeFlags))
}
