package resolve_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/resolve"
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
// interpreter, disassembles the .pyc, forgets every block's flags, cell
// and free variables (and 3.11+ localsplus kinds) and reassembles: each
// code object must get CPython's co_flags, cells and free variables back.
// The snippets give no block two cells or two free variables, as CPython
// sorts them by name and the resolver keeps them in order of use.
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
					forEachBlock(prog.Module, func(c *asm.Code) {
						c.Flags, c.CellVars, c.FreeVars, c.Kinds = nil, nil, nil, nil
					})
					// What the verifier thinks of CPython's code is
					// TestStackSizeAsCPython's concern, not this test's.
					out, _, err := emit.AssembleWith(prog, resolve.Options{NoVerify: true})
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
	for _, f := range []struct {
		name      string
		want, got marshal.Object
	}{
		{"co_cellvars", want.CellVars, got.CellVars},
		{"co_freevars", want.FreeVars, got.FreeVars},
		{"localsplus names", want.LocalsPlusNames, got.LocalsPlusNames},
		{"localsplus kinds", want.LocalsPlusKinds, got.LocalsPlusKinds},
	} {
		assert.Empty(t, marshal.Diff(f.want, f.got), "%s of %s", f.name, path)
	}
	wc, gc := childCodes(want), childCodes(got)
	require.Equal(t, len(wc), len(gc), "code objects in %s", path)
	for i := range wc {
		compareScopes(t, v, wc[i], gc[i], path)
	}
}

func flagText(v *versions.Version, f int32) string {
	return fmt.Sprintf("%#x %s", f, versions.FormatBits(uint32(f), v.CodeFlags))
}

// TestClosuresWithoutFreevars assembles each release's closures feature
// program, and the closure example, without their .freevars lines: the
// resolver must find the same free variables by itself, so the .pyc is
// the same byte for byte (TestFeatures and TestExamples run it).
func TestClosuresWithoutFreevars(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(featureDir, "*", "closures.pyasm"))
	require.NoError(t, err)
	files = append(files, "../../examples/10-closure.pyasm")
	require.Greater(t, len(files), len(versions.All()))
	declaration := regexp.MustCompile(`(?m)^\s*\.freevars .*\n`)
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			src, err := os.ReadFile(file)
			require.NoError(t, err)
			bare := declaration.ReplaceAll(src, nil)
			require.NotEqual(t, src, bare, "%s declares no free variables", file)
			want := assembleText(t, file, src)
			assert.Equal(t, want, assembleText(t, file, bare))
		})
	}
}

// assembleText assembles a program without the verifier: whether the code
// is valid is TestFeatures' concern, and this only compares the bytes.
func assembleText(t *testing.T, file string, src []byte) []byte {
	t.Helper()
	prog, err := grammar.Parse(file, src, nil)
	require.NoError(t, err)
	data, _, err := emit.AssembleWith(prog, resolve.Options{NoVerify: true})
	require.NoError(t, err)
	return data
}

// TestScopeInference checks how the resolver tells cells from free
// variables when no table declares them.
func TestScopeInference(t *testing.T) {
	tests := []struct {
		name, src string
		block     string
		cells     []string
		frees     []string
	}{
		{"a function's own cell", `
.python 3.10
    LOAD_CONST None
    RETURN_VALUE
code f {
    LOAD_CONST 1
    STORE_DEREF x
    LOAD_DEREF x
    RETURN_VALUE
}`, "f", []string{"x"}, nil},
		{"a cell of the parent is free in the child", `
.python 3.10
    LOAD_CONST None
    RETURN_VALUE
code f {
    LOAD_CLOSURE x
    LOAD_CONST None
    RETURN_VALUE
    code g {
        LOAD_DEREF x
        RETURN_VALUE
    }
}`, "g", nil, []string{"x"}},
		{"a free variable of the parent is free in the child", `
.python 2.7
    LOAD_CONST None
    RETURN_VALUE
code f {
    LOAD_CLOSURE x
    LOAD_CONST None
    RETURN_VALUE
    code g {
        LOAD_CLOSURE x
        LOAD_CONST None
        RETURN_VALUE
        code h {
            LOAD_DEREF x
            RETURN_VALUE
        }
    }
}`, "g", nil, []string{"x"}},
		{"declared cell wins", `
.python 3.10
    LOAD_CONST None
    RETURN_VALUE
code f {
    LOAD_CLOSURE x
    LOAD_CONST None
    RETURN_VALUE
    code g {
        .cellvars x
        LOAD_DEREF x
        RETURN_VALUE
    }
}`, "g", []string{"x"}, nil},
		{"declared free wins", `
.python 3.10
    LOAD_CONST None
    RETURN_VALUE
code f {
    .freevars x
    LOAD_DEREF x
    RETURN_VALUE
}`, "f", nil, []string{"x"}},
		{"MAKE_CELL is the block's own cell", `
.python 3.12
    RESUME 0
    RETURN_CONST None
code f {
    MAKE_CELL x
    RESUME 0
    RETURN_CONST None
    code g {
        MAKE_CELL x
        RESUME 0
        LOAD_DEREF x
        RETURN_VALUE
    }
}`, "g", []string{"x"}, nil},
		{"a closure built with LOAD_FAST passes a free variable through", `
.python 3.13
    RESUME 0
    RETURN_CONST None
code f {
    MAKE_CELL x
    RESUME 0
    RETURN_CONST None
    code g {
        COPY_FREE_VARS 1
        RESUME 0
        LOAD_FAST x
        BUILD_TUPLE 1
        LOAD_CONST @h
        MAKE_FUNCTION
        SET_FUNCTION_ATTRIBUTE 8
        RETURN_VALUE
        code h {
            COPY_FREE_VARS 1
            RESUME 0
            LOAD_DEREF x
            RETURN_VALUE
        }
    }
}`, "g", nil, []string{"x"}},
		{"a declared local does not pass through", `
.python 3.13
    RESUME 0
    RETURN_CONST None
code f {
    MAKE_CELL x
    RESUME 0
    RETURN_CONST None
    code g {
        .varnames x
        RESUME 0
        LOAD_FAST_CHECK x
        RETURN_VALUE
        code h {
            COPY_FREE_VARS 1
            RESUME 0
            LOAD_DEREF x
            RETURN_VALUE
        }
    }
}`, "g", nil, nil},
		{"a local no inner block needs does not pass through", `
.python 3.13
    RESUME 0
    RETURN_CONST None
code f {
    MAKE_CELL x
    RESUME 0
    RETURN_CONST None
    code g {
        RESUME 0
        LOAD_FAST_CHECK x
        RETURN_VALUE
    }
}`, "g", nil, nil},
		{"a class body's __class__ cell is free in its methods", `
.python 3.12
    RESUME 0
    RETURN_CONST None
code C {
    MAKE_CELL __class__
    RESUME 0
    LOAD_NAME __name__
    STORE_NAME __module__
    LOAD_CLOSURE __class__
    STORE_NAME __classcell__
    RETURN_CONST None
    code m {
        .argcount 1
        .varnames self
        COPY_FREE_VARS 1
        RESUME 0
        LOAD_DEREF __class__
        RETURN_VALUE
    }
}`, "m", nil, []string{"__class__"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog, err := grammar.Parse("scopes.pyasm", []byte(strings.TrimPrefix(tt.src, "\n")), nil)
			require.NoError(t, err)
			rp, err := resolve.Resolve(prog)
			require.NoError(t, err)
			c := rp.Blocks[tt.block]
			require.NotNil(t, c, "block %s", tt.block)
			cells, frees := c.CellVars, c.Frees
			if rp.Version.LocalsPlus {
				cells, frees = nil, nil
				cell, free := versions.BitNamed(rp.Version.LocalKinds, "CELL"), versions.BitNamed(rp.Version.LocalKinds, "FREE")
				for i, n := range c.LocalsPlusNames {
					switch k := uint32(c.LocalsPlusKinds[i]); {
					case k&free != 0:
						frees = append(frees, n)
					case k&cell != 0:
						cells = append(cells, n)
					}
				}
			}
			assert.Equal(t, tt.cells, cells, "cells")
			assert.Equal(t, tt.frees, frees, "free variables")
		})
	}
}
