package resolve_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/resolve"
)

// derivedCounter is examples/10-closure.pyasm; given, in the %s of
// make_counter, is what it gives beyond the example.
const derivedCounter = `.python 3.13
    RESUME 0
    LOAD_CONST @make_counter
    MAKE_FUNCTION
    STORE_NAME make_counter
    LOAD_NAME make_counter
    PUSH_NULL
    LOAD_CONST 10
    CALL 1
    STORE_NAME tick
    LOAD_NAME print
    PUSH_NULL
    LOAD_NAME tick
    PUSH_NULL
    CALL 0
    CALL 1
    POP_TOP
    RETURN_CONST None

code make_counter {
    .argcount 1
    .varnames start, step
    .cellvars count
%s
    MAKE_CELL count
    RESUME 0
    LOAD_FAST start
    STORE_DEREF count
    LOAD_FAST count
    BUILD_TUPLE 1
    LOAD_CONST @step
    MAKE_FUNCTION
    SET_FUNCTION_ATTRIBUTE 8
    STORE_FAST step
    LOAD_FAST step
    RETURN_VALUE

    code step {
        .freevars count
        COPY_FREE_VARS 1
        RESUME 0
        LOAD_DEREF count
        LOAD_CONST 1
        BINARY_OP +=
        STORE_DEREF count
        LOAD_DEREF count
        RETURN_VALUE
    }
}
`

func resolveDerived(t *testing.T, src string) *resolve.Program {
	t.Helper()
	p, err := grammar.Parse("derived.pyasm", []byte(src), nil)
	require.NoError(t, err)
	rp, _, err := resolve.ResolveWith(p, resolve.Options{NoVerify: true, Derived: true})
	require.NoError(t, err)
	return rp
}

// TestDerived checks that Program.Derived reports, for fields a block
// gives, what the resolver gives the same block without them.
func TestDerived(t *testing.T) {
	given := strings.Join([]string{
		".consts None, @step",
		".names unused",
		".flags OPTIMIZED|NEWLOCALS|NESTED",
		".stacksize 9",
		".firstlineno 7",
		".qualname 'elsewhere'",
		".linetable b''",
		".exceptiontable b''",
	}, "\n")
	with := resolveDerived(t, fmt.Sprintf(derivedCounter, given))
	without := resolveDerived(t, fmt.Sprintf(derivedCounter, ""))
	c, d, got := with.Blocks["make_counter"], with.Derived["make_counter"], without.Blocks["make_counter"]
	assert.Equal(t, []string{"unused"}, c.Names, "given")
	assert.Equal(t, 9, c.StackSize, "given")
	require.Len(t, d.Consts, 1)
	assert.Equal(t, "step", d.Consts[0].(*asm.CodeRef).Label)
	assert.Len(t, got.Consts, 1)
	assert.Empty(t, got.Names)
	assert.Empty(t, d.Names)
	assert.Equal(t, got.Flags, d.Flags)
	assert.Equal(t, got.StackSize, d.StackSize)
	assert.Equal(t, got.FirstLineNo, d.FirstLineNo)
	assert.Equal(t, got.QualName, d.QualName)
	assert.Equal(t, got.LineTable, d.LineTable)
	assert.Equal(t, got.ExceptionTable, d.ExceptionTable)
	assert.Equal(t, got.LocalsPlusKinds, d.Kinds)
	assert.Equal(t, 1, d.Params)
	assert.Equal(t, []string{"start", "step"}, d.Locals)
	assert.Equal(t, got.LocalsPlusNames, d.LocalsPlusNames)
	assert.Equal(t, got.LocalsPlusKinds, d.LocalsPlusKinds)
	assert.Equal(t, []string{"start", "step"}, d.VarNames)
	assert.Equal(t, []string{"count"}, d.Cells)
	assert.Equal(t, []string{"count"}, d.CellVars)
	assert.Empty(t, d.Frees)
	assert.False(t, d.ScopeNeedsVarNames)
	// What a block derives follows from the other blocks as resolved:
	// step's qualname from make_counter's given one.
	assert.Equal(t, []string{"count"}, with.Derived["step"].Frees)
	assert.Equal(t, "elsewhere.<locals>.step", with.Derived["step"].QualName)
	assert.Equal(t, "make_counter.<locals>.step", without.Derived["step"].QualName)
	// The module's derived names are its names in order of first use.
	assert.Equal(t, []string{"make_counter", "tick", "print"}, with.Derived["<module>"].Names)
}

// TestDerivedScopeNeedsVarNames: from 3.11 a name a block only loads as
// a local, that a block inside has free and a block around holds, passes
// through as free unless .varnames lists it; Derived says so.
func TestDerivedScopeNeedsVarNames(t *testing.T) {
	src := `.python 3.13
    RESUME 0
    LOAD_CONST @outer
    RETURN_VALUE

code outer {
    .cellvars x
    MAKE_CELL x
    RESUME 0
    LOAD_CONST @middle
    RETURN_VALUE

    code middle {
%s
        RESUME 0
        LOAD_FAST x
        BUILD_TUPLE 1
        LOAD_CONST @inner
        MAKE_FUNCTION
        SET_FUNCTION_ATTRIBUTE 8
        RETURN_VALUE

        code inner {
            COPY_FREE_VARS 1
            RESUME 0
            LOAD_DEREF x
            RETURN_VALUE
        }
    }
}
`
	listed := resolveDerived(t, fmt.Sprintf(src, ".varnames x")).Derived["middle"]
	assert.True(t, listed.ScopeNeedsVarNames)
	assert.Empty(t, listed.Frees)
	unlisted := resolveDerived(t, fmt.Sprintf(src, "")).Derived["middle"]
	assert.False(t, unlisted.ScopeNeedsVarNames)
	assert.Equal(t, []string{"x"}, unlisted.Frees)
}

// TestDerivedLocalsPlus: from 3.11 a cell that .varnames also lists (an
// inlined comprehension's variable, 3.12+) is a local only through its
// kind. Left out of .varnames it stands in localsplus where it stood, so
// localsplus is the same with the kind given.
func TestDerivedLocalsPlus(t *testing.T) {
	src := `.python 3.13
.varnames n, s
.cellvars s
.kind s HIDDEN|LOCAL|CELL
    MAKE_CELL s
    RESUME 0
    LOAD_CONST 1
    STORE_FAST n
    LOAD_FAST n
    STORE_DEREF s
    RETURN_CONST None
`
	rp := resolveDerived(t, src)
	c, d := rp.Module, rp.Derived["<module>"]
	assert.Equal(t, []string{"n", "s"}, d.VarNames)
	assert.Equal(t, 0, d.Params)
	assert.Equal(t, []string{"n"}, d.Locals)
	assert.Equal(t, c.LocalsPlusNames, d.LocalsPlusNames)
	assert.NotEqual(t, c.LocalsPlusKinds, d.LocalsPlusKinds, "s is a cell only")
	assert.Equal(t, c.LocalsPlusKinds, d.LocalsPlusGiven)
}
