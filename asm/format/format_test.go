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

// TestNamesReadBack prints names and file names and parses them back
// unchanged. 2.7 names are byte strings: bytes that are not UTF-8 (CPython
// writes them for a source path that is not UTF-8), or UTF-8 of a
// character with no printed form, must come back as the same bytes.
func TestNamesReadBack(t *testing.T) {
	tests := []struct {
		v    *versions.Version
		name string
	}{
		{versions.V2_7, "/tmp/lib\xd3\xd3st/x.py"},
		{versions.V2_7, "caf\xc3\xa9"},
		{versions.V2_7, "\xc2\x80 ctrl"},
		{versions.V2_7, "q'\"\\\t\n\r\x00\x7f\xff"},
		{versions.V2_7, "it's"},
		{versions.V3_12, "café"},
		{versions.V3_12, "q'\"\\\t\x00\u0080"},
		{versions.V3_12, "\xed\xa0\x80"}, // a lone surrogate, as CPython marshals one
	}
	for _, tt := range tests {
		t.Run(tt.v.String()+"/"+tt.name, func(t *testing.T) {
			name := tt.name
			prog := &asm.Program{Version: tt.v, Filename: name, Module: &asm.Code{Label: "<module>", Name: &name}}
			prog.Module.Names = []string{name}
			prog.Module.Add(asm.Op("LOAD_NAME", asm.Name(name)), asm.Op("RETURN_VALUE"))
			var text bytes.Buffer
			require.NoError(t, Program(&text, prog))
			back, err := grammar.Parse("x.pyasm", text.Bytes(), tt.v)
			require.NoError(t, err, text.String())
			assert.Equal(t, name, back.Filename, "%s", text.String())
			assert.Equal(t, name, *back.Module.Name, "%s", text.String())
			assert.Equal(t, []string{name}, back.Module.Names, "%s", text.String())
			assert.Equal(t, name, back.Module.Body[0].(*asm.Instr).Args[0].(*asm.Ident).Name, "%s", text.String())
		})
	}
}

// TestLinesReadBack prints the .lines the grammar reads and parses them
// back the same, on releases with and without columns.
func TestLinesReadBack(t *testing.T) {
	for _, v := range versions.All() {
		src := ".python " + v.String() + "\n.line 3\n    LOAD_CONST None\n.line none\n    RETURN_VALUE\n"
		prog, err := grammar.Parse("x.pyasm", []byte(src), nil)
		require.NoError(t, err)
		var text bytes.Buffer
		require.NoError(t, Program(&text, prog))
		// Each stands before an instruction: written after it, short.
		assert.Regexp(t, `LOAD_CONST +None +@3\n`, text.String(), v)
		assert.Regexp(t, `RETURN_VALUE +@-\n`, text.String(), v)
		back, err := grammar.Parse("x.pyasm", text.Bytes(), nil)
		require.NoError(t, err, text.String())
		want, got := *prog.Module.Body[0].(*asm.Line), *back.Module.Body[0].(*asm.Line)
		want.Pos, got.Pos = asm.Pos{}, asm.Pos{}
		assert.Equal(t, want, got, v)
	}
}
