package asm

import (
	"math/big"

	"github.com/pyasm/pyasm/marshal"
)

// Constructors for building programs in Go, so that a front end reads like
// the instructions it emits:
//
//	code.Add(asm.Op("LOAD_NAME", asm.Name("print")), asm.Op("LOAD_CONST", asm.Str("hi")))

// Op makes an instruction.
func Op(name string, args ...Operand) *Instr { return &Instr{Op: name, Args: args} }

// Flag adds flag words to an instruction (LOAD_GLOBAL's null, …).
func (i *Instr) Flag(words ...string) *Instr {
	i.Flags = append(i.Flags, words...)
	return i
}

// Const makes a constant operand.
func Const(v Value) *Literal { return &Literal{Value: v} }

// Str is a str constant; Int an int constant or count; NoneConst the None constant.
func Str(s string) *Literal           { return Const(marshal.NewStr(s)) }
func Int(n int64) *Literal            { return Const(&marshal.Int{Value: big.NewInt(n)}) }
func NoneConst() *Literal             { return Const(&marshal.None{}) }
func CodeConst(label string) *Literal { return Const(&CodeRef{Label: label}) }

// Name is a name, local, cell or label operand.
func Name(n string) *Ident { return &Ident{Name: n} }

// Cmp and BinOp are operator operands.
func Cmp(op string) *Symbol   { return &Symbol{Text: op} }
func BinOp(op string) *Symbol { return &Symbol{Text: op} }

// Add appends statements to a code block's body.
func (c *Code) Add(stmts ...Stmt) *Code {
	c.Body = append(c.Body, stmts...)
	return c
}

// Mark is a label statement.
func Mark(name string) *Label { return &Label{Name: name} }

// AtLine is a .line N directive: the instructions after it are on line n,
// with no columns, on every release (on 3.11+ the end line is n too).
func AtLine(n int) *Line {
	return &Line{Line: n, EndLine: n, Col: NoPosition, EndCol: NoPosition}
}
