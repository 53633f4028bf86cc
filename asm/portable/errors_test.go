package portable_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/portable"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/versions"
)

// Mistakes in portable instructions are reported at the instruction, all
// of them, with a hint where one helps.
func TestErrors(t *testing.T) {
	tests := []struct {
		name, release, src string
		want               []string // each error as file:line:col: error: message
		hint               string   // of the first error, if any
	}{
		{"no count", "3.12", "    call\n", []string{"t.pyasm:1:5: error: call takes the number of arguments"}, ""},
		{"count is a name", "3.12", "    call x\n",
			[]string{"t.pyasm:1:10: error: call takes the number of arguments: a whole number from 0 to 65536, not the name x"}, ""},
		{"raw count", "3.12", "    call !1\n",
			[]string{"t.pyasm:1:10: error: call takes the number of arguments: not a raw !N"}, "a portable instruction's operands are symbolic"},
		{"no such label", "3.12", "loop:\n    jump lop\n", []string{"t.pyasm:2:10: error: no label lop in this code block"}, "did you mean loop?"},
		{"not an operator", "3.12", "    binary <\n",
			[]string{"t.pyasm:1:12: error: binary takes an operator: one of + - * / // % ** << >> & | ^ @ += -= *= /= //= %= **= <<= >>= &= |= ^= @= []"}, ""},
		{"no @ in 2.7", "2.7", "    binary @\n", []string{"t.pyasm:1:5: error: binary @ has no form on 2.7: the release has no such operation"}, ""},
		{"defaults without the word", "3.12", "    make_function @f 2\ncode f {\n    return_const None\n}\n",
			[]string{"t.pyasm:1:22: error: unexpected '2': make_function takes @LABEL, then defaults N"}, "make_function @f defaults 2"},
		{"no such block", "3.12", "    make_function @g\n", []string{"t.pyasm:1:19: error: no code block is labelled g"}, ""},
		{"too many keywords", "3.12", "    call_kw 1 (\"a\", \"b\")\n",
			[]string{`t.pyasm:1:15: error: call_kw takes the number of arguments and the tuple of keyword names, ("a", "b"): 2 keyword names for 1 arguments`}, ""},
		{"keyword not a string", "3.12", "    call_kw 1 (1,)\n",
			[]string{`t.pyasm:1:15: error: call_kw takes the number of arguments and the tuple of keyword names, ("a", "b"): a keyword name is a string, not a number`}, ""},
		{"operand of none", "3.12", "    return x\n", []string{"t.pyasm:1:12: error: return takes no operand"}, ""},
		{"several", "3.8", "    call\n    jump nowhere\n    dup 1\n", []string{
			"t.pyasm:1:5: error: call takes the number of arguments",
			"t.pyasm:2:10: error: no label nowhere in this code block",
			"t.pyasm:3:9: error: dup takes no operand",
		}, ""},
		{"misspelled", "3.12", "    jumpp x\nx:\n    return_const None\n", []string{"t.pyasm:1:5: error: unknown opcode jumpp for 3.12"}, "did you mean jump? (a portable instruction)"},
		{"call without callable", "3.12", "    prologue\n    LOAD_NAME print\n    call 0\n    return\n",
			[]string{"t.pyasm:3:5: error: stack underflow: CALL 0 takes 2 values (method:nullable callable -- res) but the stack holds 1"},
			"in a portable program, write callable after the code that pushes the callee"},
		{"finding names the lowering", "3.13", "    prologue\n    LOAD_CONST 1\n    binary +\n    return\n",
			[]string{"t.pyasm:3:5: error: stack underflow: BINARY_OP + takes 2 values (lhs rhs -- res) but the stack holds 1"},
			"binary + is BINARY_OP + on 3.13"},
		{"closure made outside", "3.12", "    make_function @g\n    return\ncode f {\n    .varnames x\n    LOAD_CONST 1\n    STORE_FAST x\n    return_const None\n    code g {\n        LOAD_DEREF x\n        return\n    }\n}\n",
			[]string{"t.pyasm:1:19: error: make_function @g: g has free variables (x), so it must be written inside the block that makes it"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := versions.Lookup(tt.release)
			require.NoError(t, err)
			prog, err := grammar.Parse("t.pyasm", []byte(tt.src), v)
			if err == nil {
				_, err = emit.Assemble(prog)
			}
			var list asm.ErrorList
			require.True(t, errors.As(err, &list), "want errors, got %v", err)
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			assert.Equal(t, tt.want, got)
			if tt.hint != "" {
				assert.Contains(t, list[0].Hint, tt.hint)
			}
		})
	}
}

// A program built in Go may hold portable instructions; bad ones are
// errors, never a panic.
func TestGoAPI(t *testing.T) {
	module := (&asm.Code{}).Add(
		asm.Op("prologue"),
		asm.Op("LOAD_NAME", asm.Name("print")),
		asm.Op("callable"),
		asm.Op("LOAD_CONST", asm.Int(6)),
		asm.Op("LOAD_CONST", asm.Int(7)),
		asm.Op("binary", asm.BinOp("*")),
		asm.Op("call", asm.Int(1)),
		asm.Op("POP_TOP"),
		asm.Op("return_const", asm.NoneConst()),
	)
	for _, v := range versions.All() {
		_, err := emit.Assemble(&asm.Program{Version: v, Module: module})
		assert.NoError(t, err, "%s", v)
	}
	bad := [][]asm.Operand{nil, {nil}, {asm.Const(nil)}, {asm.Name("x")}, {asm.Str("x")}, {asm.Int(-1)}, {asm.Int(1), asm.Int(2)}, {&asm.Raw{Value: 1}}}
	for _, ops := range bad {
		for _, op := range []string{"call", "jump", "binary", "compare", "kwarg", "call_kw", "make_function", "return_const", "for_iter"} {
			p := &asm.Program{Version: versions.Newest(), Module: (&asm.Code{}).Add(asm.Op(op, ops...))}
			assert.NotPanics(t, func() { _, _ = emit.Assemble(p) }, "%s %v", op, ops)
		}
	}
	// nil statements are not portable instructions.
	p := &asm.Program{Version: versions.Newest(), Module: (&asm.Code{}).Add((*asm.Instr)(nil), (*asm.Try)(nil), (*asm.Code)(nil), (*asm.Line)(nil), asm.Op("call"))}
	assert.NotPanics(t, func() { _, _, _ = portable.Lower(p) })
}

// 2.7's line table cannot go back: a portable program whose .lines do
// builds for 2.7 with a warning and keeps the lines it can; other releases
// keep every line.
func TestLinesGoingBack(t *testing.T) {
	src := ".line 1\n    prologue\n.line 3\n    LOAD_CONST 1\n.line 2\n    POP_TOP\n.line 4\n    LOAD_CONST 2\n.line 1\n    POP_TOP\n    return_const None\n"
	for _, v := range versions.All() {
		prog, err := grammar.Parse("t.pyasm", []byte(src), v)
		require.NoError(t, err)
		_, warnings, err := emit.AssembleWith(prog, resolve.Options{})
		require.NoError(t, err, "%s", v)
		if v.Lines != versions.LnotabUnsigned {
			assert.Empty(t, warnings, "%s", v)
			continue
		}
		require.Len(t, warnings, 1)
		w := warnings[0]
		assert.True(t, w.Warning)
		assert.Equal(t, "t.pyasm:5:1: warning: .line 2 goes back from line 3, which 2.7's line table cannot say: the instructions keep line 3 (and 1 more such .lines in this block)", w.Error())
		assert.True(t, strings.HasPrefix(w.Hint, "the program runs the same"))
	}
}

// The resolved program names what it resolved: the lowered copy, whose
// instructions Placement knows, and the program itself when nothing is
// portable.
func TestResolvedSource(t *testing.T) {
	prog, err := grammar.Parse("t.pyasm", []byte("    prologue\n    return_const None\n"), versions.V3_11)
	require.NoError(t, err)
	rp, err := resolve.Resolve(prog)
	require.NoError(t, err)
	require.NotSame(t, prog, rp.Source)
	assert.False(t, portable.Has(rp.Source))
	for _, s := range rp.Source.Module.Body {
		if in, ok := s.(*asm.Instr); ok {
			_, placed := rp.Placement(in)
			assert.True(t, placed, in.Op)
		}
	}
	plain, err := grammar.Parse("t.pyasm", []byte("    RESUME 0\n    LOAD_CONST None\n    RETURN_VALUE\n"), versions.V3_11)
	require.NoError(t, err)
	rp, err = resolve.Resolve(plain)
	require.NoError(t, err)
	assert.Same(t, plain, rp.Source)
}

// Lower leaves the program it is given as it was.
func TestLowerKeepsSource(t *testing.T) {
	src, err := os.ReadFile("testdata/locals.pyasm")
	require.NoError(t, err)
	for _, v := range versions.All() {
		prog, err := grammar.Parse("locals.pyasm", src, v)
		require.NoError(t, err)
		var before, after bytes.Buffer
		require.NoError(t, format.Program(&before, prog))
		_, _, err = portable.Lower(prog)
		require.NoError(t, err)
		require.NoError(t, format.Program(&after, prog))
		assert.Equal(t, before.String(), after.String(), "%s", v)
	}
}
