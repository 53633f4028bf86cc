package resolve_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/internal/errorcheck"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// TestResolveErrorFiles checks testdata/errors/bad-*.pyasm in the style of
// Go's test/errorcheck. Each file parses, and the resolver rejects it: a
// line that must get an error carries # ERROR "part of the message" (one
// mark per error), and optionally # HINT "part of the hint"; every marked
// line gets exactly its errors, and no unmarked line gets any. A mark is a
// Go string literal, so that a message with quotes in it can be written:
// # ERROR "3.12 has no comparison \"in\"".
func TestResolveErrorFiles(t *testing.T) {
	bad := errorcheck.Files{Pattern: "testdata/errors/bad-*.pyasm", AtLeast: 15, Quoted: true}
	bad.Check(t, func(t *testing.T, file string, src []byte) error {
		prog, err := grammar.Parse(file, src, nil)
		require.NoError(t, err, "the grammar must accept %s: its errors are the resolver's", file)
		rp, err := resolve.Resolve(prog)
		assert.Nil(t, rp)
		return err
	})
}

// TestResolveErrorsFromGo covers the checks that a parsed file cannot
// reach, because the grammar reports the problem first, on programs built
// with the Go API as another front end would build them.
func TestResolveErrorsFromGo(t *testing.T) {
	at := func(line int) asm.Pos { return asm.Pos{File: "go.pyasm", Line: line, Col: 5} }
	op := func(line int, name string, args ...asm.Operand) *asm.Instr {
		return &asm.Instr{Pos: at(line), Op: name, Args: args}
	}
	ref := func(line int, label string) *asm.Literal {
		return &asm.Literal{Pos: at(line), Value: &asm.CodeRef{Pos: at(line), Label: label}}
	}
	name := func(line int, n string) *asm.Ident { return &asm.Ident{Pos: at(line), Name: n} }
	block := func(label string, line int, body ...asm.Stmt) *asm.Code {
		return &asm.Code{Pos: at(line), Label: label, Body: body}
	}
	ret312 := []asm.Stmt{op(90, "RETURN_CONST", &asm.Literal{Pos: at(90), Value: &marshal.None{}})}

	tests := []struct {
		name, release string
		body          []asm.Stmt
		want          string // part of the message
		hint          string // part of the hint
		line          int    // where; 0: no position
	}{
		{"code reference to a missing block", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), op(2, "LOAD_CONST", ref(2, "dobule")), op(3, "POP_TOP"), ret312[0],
				block("double", 10, ret312...)},
			"no code block is labelled dobule", "did you mean @double?", 2},
		{"code reference inside a tuple", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)),
				op(2, "LOAD_CONST", &asm.Literal{Pos: at(2), Value: &marshal.Tuple{Items: []marshal.Object{marshal.NewInt(1), &asm.CodeRef{Pos: at(2), Label: "nowhere"}}}}),
				op(3, "POP_TOP"), ret312[0]},
			"no code block is labelled nowhere", "", 2},
		{"try region on 3.10", "3.10",
			[]asm.Stmt{&asm.Try{Pos: at(1), Handler: "h", Body: []asm.Stmt{op(2, "NOP")}}, &asm.Label{Pos: at(3), Name: "h"},
				op(4, "LOAD_CONST", &asm.Literal{Pos: at(4), Value: &marshal.None{}}), op(5, "RETURN_VALUE")},
			"try regions need Python 3.11 or later; 3.10 sets up handlers with SETUP_* instructions", "", 1},
		{"operand missing", "3.12",
			[]asm.Stmt{op(1, "RESUME"), ret312[0]},
			"RESUME needs an operand", "", 1},
		{"operand too many", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), op(2, "LOAD_FAST", name(2, "a"), name(2, "b")), op(3, "POP_TOP"), ret312[0]},
			"LOAD_FAST takes one operand, not 2", "", 2},
		// Unknown opcodes get the grammar's words and hints (one table,
		// asm.OpcodeProblem), and leave the block's stack alone: without
		// LOAD_METHOD's two values CALL would underflow.
		{"opcode the release lacks", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), op(2, "BINARY_ADD"), ret312[0]},
			"unknown opcode BINARY_ADD for 3.12", "3.11 replaced it with BINARY_OP +", 2},
		{"opcode 3.12 merged away, no stack underflow after it", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), op(2, "LOAD_NAME", name(2, "s")), op(3, "LOAD_METHOD", name(3, "upper")),
				op(4, "CALL", asm.Int(0)), op(5, "POP_TOP"), ret312[0]},
			"LOAD_METHOD is a pseudo-instruction of the 3.12 compiler, not an opcode", "3.12 merged it into LOAD_ATTR: write LOAD_ATTR NAME method", 3},
		{"opcode 3.11 renamed", "3.11",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), op(2, "PUSH_NULL"), op(3, "LOAD_NAME", name(3, "f")), op(4, "CALL_FUNCTION", asm.Int(0)),
				op(5, "POP_TOP"), op(6, "LOAD_CONST", asm.NoneConst()), op(7, "RETURN_VALUE")},
			"unknown opcode CALL_FUNCTION for 3.11", "3.11 replaced it with CALL", 4},
		{"opcode misspelt", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), op(2, "LOAD_CONTS", asm.Int(1)), op(3, "POP_TOP"), ret312[0]},
			"unknown opcode LOAD_CONTS for 3.12", "did you mean LOAD_CONST?", 2},
		{"opcode in lower case", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), op(2, "load_const", asm.Int(1)), op(3, "POP_TOP"), ret312[0]},
			"unknown opcode load_const for 3.12", "opcode names are upper case: LOAD_CONST", 2},
		{"specialized opcode", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), op(2, "LOAD_ATTR_SLOT", name(2, "x")), ret312[0]},
			"LOAD_ATTR_SLOT is a specialized or instrumented opcode", "write LOAD_ATTR", 2},
		{"EXTENDED_ARG with an operand", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), op(2, "EXTENDED_ARG", asm.Int(1)), ret312[0]},
			"EXTENDED_ARG takes no operand", "", 2},
		{"label defined twice", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), &asm.Label{Pos: at(2), Name: "x"}, op(3, "NOP"), &asm.Label{Pos: at(4), Name: "x"}, ret312[0]},
			"label x is defined twice in this code block", "", 4},
		{"block defined twice", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), ret312[0], block("f", 10, ret312...), block("f", 20, ret312...)},
			`code block "f" is defined twice (first at line 10)`, "", 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := versions.Lookup(tt.release)
			require.NoError(t, err)
			_, err = resolve.Resolve(&asm.Program{Version: v, Module: &asm.Code{Pos: at(1), Label: "<module>", Body: tt.body}})
			var list asm.ErrorList
			require.ErrorAs(t, err, &list)
			require.Len(t, list, 1, "%q", errorcheck.Messages(list))
			assert.Contains(t, list[0].Msg, tt.want)
			assert.Contains(t, list[0].Hint, tt.hint)
			assert.Equal(t, tt.line, list[0].Pos.Line)
		})
	}

	t.Run("no release", func(t *testing.T) {
		_, err := resolve.Resolve(&asm.Program{Module: &asm.Code{}})
		require.EqualError(t, err, "error: no target Python version: Program.Version is nil")
	})
	t.Run("no module", func(t *testing.T) {
		_, err := resolve.Resolve(&asm.Program{Version: versions.Newest()})
		require.EqualError(t, err, "error: no module code: Program.Module is nil")
	})
}
