package format

import (
	"bytes"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// TestLiteralsReadBack prints constants and parses them back: the values
// must be the same, type and bits included.
func TestLiteralsReadBack(t *testing.T) {
	negNaN := uint64(0xfff8000000000000) // CPython's float("-nan")
	nan := uint64(0x7ff8000000000000)
	values := []marshal.Object{
		&marshal.Float{Bits: negNaN}, &marshal.Float{Bits: nan}, &marshal.Float{Bits: math.Float64bits(math.Copysign(0, -1))},
		&marshal.Float{Bits: math.Float64bits(math.Inf(-1))}, &marshal.Float{Bits: math.Float64bits(1e-310)},
		&marshal.Complex{Real: negNaN, Imag: math.Float64bits(1)}, &marshal.Complex{Real: math.Float64bits(1), Imag: negNaN},
		&marshal.Complex{Real: 0, Imag: nan}, &marshal.Complex{Real: math.Float64bits(math.Copysign(0, -1)), Imag: math.Float64bits(2)},
		marshal.NewStr("é\x00'\"\\"), &marshal.Str{Data: "\xed\xa0\x80"}, &marshal.Bytes{Data: []byte{0, 255, '\''}},
		marshal.NewInt(-1 << 40), &marshal.Tuple{Items: []marshal.Object{marshal.NewInt(1)}},
		&marshal.FrozenSet{}, &marshal.Slice{Start: &marshal.None{}, Stop: marshal.NewInt(2), Step: &marshal.None{}},
		&marshal.Ellipsis{}, &marshal.Bool{Value: true},
	}
	for _, val := range values {
		prog := &asm.Program{Version: versions.V3_14, Module: &asm.Code{Label: "<module>"}}
		prog.Module.Add(asm.Op("LOAD_CONST", asm.Const(val)), asm.Op("RETURN_VALUE"))
		var text bytes.Buffer
		require.NoError(t, Program(&text, prog))
		back, err := grammar.Parse("x.pyasm", text.Bytes(), versions.V3_14)
		require.NoError(t, err, text.String())
		got := back.Module.Body[0].(*asm.Instr).Args[0].(*asm.Literal).Value
		assert.Empty(t, marshal.Diff(val, got), "%s", text.String())
		if f, ok := val.(*marshal.Float); ok {
			assert.Equal(t, f.Bits, got.(*marshal.Float).Bits, "%s", text.String())
		}
	}
}
