// Package portable lowers the portable instructions — lower-case
// instructions such as jump, call, binary + and make_function, which mean
// the same in every release (spec/SYNTAX.md, "Portable instructions") — to
// the real instructions of the program's release, spelled as that
// release's table says (versions/portable_X_Y.go).
//
// It sits between a front end and asm/resolve: asm/grammar reads portable
// instructions into the model as instructions with lower-case names (a Go
// program may build them the same way), and asm/resolve lowers them before
// it resolves anything. Lower gives a program of real instructions only,
// which asm/format prints as text that assembles to the same .pyc (pyasm
// lower).
package portable

import (
	"sort"
	"strings"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/versions"
)

// operand is the kind of one operand of a portable instruction.
type operand uint8

const (
	label    operand = iota + 1 // jump L
	count                       // call 2
	name                        // load_method upper
	constant                    // return_const None
	kwnames                     // call_kw's tuple of keyword names
	code                        // make_function @f
	operator                    // binary +, compare not in
)

// shape is what a portable instruction takes: its operands, of which the
// last optional ones may be left out.
type shape struct {
	operands []operand
	optional int
	// what names the operands in messages.
	what string
}

// instructions are the portable instructions by name.
var instructions = map[string]shape{
	"prologue":      {},
	"jump":          {operands: []operand{label}, what: "a label"},
	"jump_if_false": {operands: []operand{label}, what: "a label"},
	"jump_if_true":  {operands: []operand{label}, what: "a label"},
	"callable":      {},
	"call":          {operands: []operand{count}, what: "the number of arguments"},
	"kwarg":         {operands: []operand{name}, what: "the keyword's name"},
	"call_kw":       {operands: []operand{count, kwnames}, what: `the number of arguments and the tuple of keyword names, ("a", "b")`},
	"load_method":   {operands: []operand{name}, what: "the method's name"},
	"call_method":   {operands: []operand{count}, what: "the number of arguments"},
	"make_function": {operands: []operand{code, count}, optional: 1, what: "@LABEL of the code block, then defaults N"},
	"binary":        {operands: []operand{operator}, what: "an operator"},
	"compare":       {operands: []operand{operator}, what: "a comparison"},
	"not":           {},
	"dup":           {},
	"swap":          {},
	"get_iter":      {},
	"for_iter":      {operands: []operand{label}, what: "the label of its end_for"},
	"end_for":       {},
	"pop_iter":      {},
	"return":        {},
	"return_const":  {operands: []operand{constant}, what: "a constant"},
	"yield":         {},
}

// operators are the operators of binary and compare.
var operators = map[string][]string{
	"binary": {"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@",
		"+=", "-=", "*=", "/=", "//=", "%=", "**=", "<<=", ">>=", "&=", "|=", "^=", "@=", "[]"},
	"compare": {"<", "<=", "==", "!=", ">", ">=", "in", "not in", "is", "is not"},
}

// Is reports whether name is a portable instruction.
func Is(name string) bool {
	if name == "" || !startsPortable[name[0]] {
		return false // a release's opcode: Has asks for every instruction
	}
	_, ok := instructions[name]
	return ok
}

// startsPortable marks the first bytes of the portable instructions'
// names (lower case, where CPython's opcodes are upper case).
var startsPortable = func() (first [256]bool) {
	for name := range instructions {
		first[name[0]] = true
	}
	return first
}()

// Names lists the portable instructions, sorted.
func Names() []string {
	out := make([]string, 0, len(instructions))
	for n := range instructions {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// TakesConstant reports whether operand i of the portable instruction is a
// constant, so that a front end reads None or "x" there as a value rather
// than a name.
func TakesConstant(name string, i int) bool {
	sh := instructions[name]
	return i < len(sh.operands) && sh.operands[i] == constant
}

// Has reports whether a program holds any portable instruction.
func Has(p *asm.Program) bool { return p != nil && p.Module != nil && hasIn(p.Module.Body) }

func hasIn(body []asm.Stmt) bool {
	for _, s := range body {
		switch s := s.(type) {
		case *asm.Instr:
			if s != nil && Is(s.Op) {
				return true
			}
		case *asm.Try:
			if s != nil && hasIn(s.Body) {
				return true
			}
		case *asm.Code:
			if s != nil && hasIn(s.Body) {
				return true
			}
		}
	}
	return false
}

// OpcodeProblem is asm.OpcodeProblem for a program that may hold portable
// instructions: a lower-case name that is neither a portable instruction
// nor an opcode in the wrong case is likely a portable instruction
// misspelled, and the hint says which. The grammar and the resolver both
// use it, so text and Go get the same words.
func OpcodeProblem(v *versions.Version, name string) (msg, hint string) {
	msg, hint = asm.OpcodeProblem(v, name)
	if msg == "" || Is(name) {
		return msg, hint
	}
	if strings.ToLower(name) == name && v.Opcode(strings.ToUpper(name)) == nil {
		if near := asm.Suggest(name, Names()); near != "" {
			hint = "did you mean " + near + "? (a portable instruction)"
		}
	}
	return msg, hint
}
