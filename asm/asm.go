// Package asm is the assembler's program model: code blocks made of
// instructions with symbolic operands, labels, line directives and
// exception-handler regions. It is the one interface between front ends and
// back end.
//
// The flow: a front end builds a Program — asm/grammar parses .pyasm text
// into one, and a Go program that compiles some other language can build one
// directly — then asm/portable lowers its portable (lower-case)
// instructions to the release's own, asm/resolve turns symbols into
// indices, lays out jumps, EXTENDED_ARG and caches, and computes stack
// depth and tables, and asm/emit writes the code objects as a .pyc.
//
// Operands stay symbolic here: a constant is a value, a name is a name, a
// jump names a label. What each operand means is decided by the opcode it
// belongs to, using the target release's tables.
//
// # From an empty Program to a .pyc
//
// A Program is a target release and the module's code block:
//
//	module := &asm.Code{Label: "<module>"}
//	prog := &asm.Program{Version: versions.V3_12, Filename: "hello.py", Module: module}
//
// Instructions are spelled as in the text (spec/SYNTAX.md), with the
// constructors of this package for their operands:
//
//	module.Add(
//		asm.Op("prologue"),
//		asm.Op("LOAD_NAME", asm.Name("print")),
//		asm.Op("callable"),
//		asm.Op("LOAD_CONST", asm.Str("Hello, world!")),
//		asm.Op("call", asm.Int(1)),
//		asm.Op("POP_TOP"),
//		asm.Op("return_const", asm.NoneConst()),
//	)
//
// The lower-case instructions are portable: asm/portable lowers them to
// each release's own, so this module builds for every release; set
// prog.Version to versions.V2_7 and the same module is a 2.7 .pyc. A
// compiler that builds only portable instructions and the upper-case ones
// every release shares needs no knowledge of releases at all
// (examples/compiler is one). Upper-case instructions are the release's
// own opcodes, spelled as its dis module spells them.
//
// A function is a nested Code with a Label, made into a function by the
// block that defines it: asm.Op("make_function", asm.CodeConst("f")) (with
// asm.Int(n) after it for n default values). Labels mark jump targets:
// asm.Mark("top"), then asm.Op("jump", asm.Name("top")). AtLine(n) gives
// the instructions after it line n, for tracebacks. Try is an exception
// handler region (3.11+).
//
// Then asm/emit:
//
//	data, err := emit.Assemble(prog) // the .pyc's bytes
//
// Errors, from every stage, are an ErrorList (which unwraps to its *Error
// values): each has a message, often a hint ("did you mean LOAD_ATTR?",
// "3.11 replaced it with CALL"), the same words a .pyasm text gets, and a
// Pos. A compiler sets Instr.Pos to the place in its own source an
// instruction comes from, and the errors about the instruction are there:
// its users read file:line:col in their own language. An error about a
// statement without a Pos names the code block and the statement's index
// in Body instead (Pos.Where). PrintErrors shows them with the source line
// and a caret. Nothing a Go program builds makes the assembler panic: a
// nil statement or operand, a constant without a value, a block without a
// label are errors (Check).
package asm

import (
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// Pos is a position in a source text: 1-based line and column (in bytes).
// The zero Pos means "no source", as for programs built in Go.
//
// A compiler that builds a Program sets Pos on what it builds to the place
// in its own source the instruction comes from: errors and warnings about
// it then name that file:line:col, so the compiler's users read them in
// their language's terms. Where the Pos is zero, the resolver names the
// statement by its place in the program instead (Where).
type Pos struct {
	File      string
	Line, Col int
	// Where, in a Pos the resolver made for a statement or operand built
	// without one, names its place in the program: the code block, the
	// index of the statement in the block's Body (try regions nested as
	// Body[2].Body[0]) and the instruction's opcode. A front end leaves it
	// empty.
	Where string
}

// IsValid reports whether the position names a place in a source.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Known reports whether the position names a place in a source or in the
// program (Where).
func (p Pos) Known() bool { return p.IsValid() || p.Where != "" }

// Program is a whole .pyc to be: the target release and the module's code.
type Program struct {
	Version *versions.Version
	// Filename is the default co_filename of every code block.
	Filename string
	Module   *Code
	// Header holds the .pyc header bytes after the magic number, and
	// Trailing bytes after the marshalled code, both for exact
	// reproduction; nil Header means zeros.
	Header   []byte
	Trailing []byte
}

// Code is one code object. Zero fields mean "let the resolver decide":
// names default to the block's Label, tables are interned in order of first
// use, flags and localsplus kinds are derived, the stack size is computed.
type Code struct {
	Pos Pos
	// Label names the block in the file; unique, so that two lambdas do not
	// collide. Constants refer to the block by it (CodeRef).
	Label string

	Name     *string // co_name; default: Label ("<module>" for the module)
	QualName *string // co_qualname (3.11+); default: the name
	Filename *string // co_filename; default: Program.Filename
	// FirstLineNo is co_firstlineno; nil means the first positive .line,
	// else 1.
	FirstLineNo *int

	ArgCount, PosOnlyArgCount, KwOnlyArgCount int
	// Flags is co_flags; nil means derived as CPython's compiler would:
	// module 0, class body (a block using names only) 0 (2.7 NEWLOCALS),
	// function OPTIMIZED|NEWLOCALS, NESTED inside a function, METHOD
	// (3.14+) in a class body, GENERATOR when it yields, NOFREE up to 3.10
	// when nothing is free or a cell.
	Flags *uint32

	// Explicit tables, for when their order matters; nil means interned in
	// order of first use. Entries used but missing are appended: a name a
	// cell or free opcode uses is free when an enclosing block holds it as
	// a cell or free variable, and otherwise a cell (see spec/SYNTAX.md).
	Consts   []Value
	Names    []string
	VarNames []string // ≤3.10 co_varnames; 3.11+ the LOCAL names
	CellVars []string
	FreeVars []string
	// Kinds overrides the localsplus kind byte of single names (3.11+).
	Kinds map[string]uint8

	Body []Stmt

	// Overrides for exact reproduction, used only when set.
	StackSize *int
	// NLocals is co_nlocals (2.7–3.10), otherwise len(VarNames): CPython
	// always writes that, so only a hand-made file needs another.
	NLocals        *int
	LineTable      []byte // co_lnotab (≤3.9) or co_linetable (3.10+)
	ExceptionTable []byte // co_exceptiontable (3.11+)
	HasLineTable   bool
	HasExcTable    bool
	// Marshal, for exact reproduction, lists how the code object and every
	// object in it (nested code objects excepted: they have their own) were
	// written, in file order: each type code, then "+" for FLAG_REF, or
	// "rN" (2.7: "RN") for a reference to the N-th flagged (interned)
	// object. See asm/emit.
	Marshal string
}

// Stmt is one item of a code block's body: *Instr, *Label, *Line, *Try or a
// nested *Code.
type Stmt interface{ StmtPos() Pos }

// Instr is one instruction. Args are its operands in the source; Flags are
// flag words after them (null, method, bool, lazy, eager, twoarg).
type Instr struct {
	Pos   Pos
	Op    string
	Args  []Operand
	Flags []string
	// ExtendedArgs is the least number of EXTENDED_ARG prefixes to write
	// (each written in the text as an EXTENDED_ARG line before the
	// instruction). The resolver adds the prefixes the argument needs; this
	// only reproduces code that carries more than it needs.
	ExtendedArgs int
	// Caches are the contents of the instruction's inline cache units
	// (3.11+), each as CPython reads it: the unit's two bytes as a
	// little-endian 16-bit word. nil, or units left out at the end, are
	// zeros, which is what CPython writes.
	Caches []uint16
	// Comment is text the printer writes after the instruction as a
	// `# comment` (dis --stack puts the stack picture there); the
	// assembler ignores it.
	Comment string
}

// Label marks the position of the next instruction.
type Label struct {
	Pos  Pos
	Name string
}

// Line sets the source position of the instructions after it, as .line
// does: Line and EndLine are lines, Col and EndCol 0-based byte columns
// (3.11+ keeps all four; earlier releases only Line). A field of
// NoPosition is None; a Line of NoPosition is no line at all (3.10+).
// AtLine(n) makes `.line n`, which every release takes; so does a Line
// with only Line set (EndLine, Col and EndCol left at zero).
type Line struct {
	Pos                        Pos
	Line, EndLine, Col, EndCol int
}

// NoPosition is the value of Line fields that are None.
const NoPosition = -1

// Try is an exception-handler region (3.11+): exceptions raised by its
// instructions go to Handler. Depth is the stack depth the handler unwinds
// to; nil means the depth at the start of the region. Lasti pushes the
// offset of the raising instruction before the exception.
type Try struct {
	Pos     Pos
	Handler string
	Lasti   bool
	Depth   *int
	Body    []Stmt
}

func (s *Instr) StmtPos() Pos { return s.Pos }
func (s *Label) StmtPos() Pos { return s.Pos }
func (s *Line) StmtPos() Pos  { return s.Pos }
func (s *Try) StmtPos() Pos   { return s.Pos }
func (s *Code) StmtPos() Pos  { return s.Pos }

// Operand is one operand of an instruction: *Literal, *Ident, *Raw or *Symbol.
type Operand interface{ OperandPos() Pos }

// Literal is a constant written as a value: 42, "hi", (1, "a"), @f. For an
// opcode whose argument is a count, an integer literal is that count.
type Literal struct {
	Pos   Pos
	Value Value
}

// Ident is a bare identifier or a quoted name: a name, a local, a label, or
// a symbolic value of the opcode (an intrinsic's name, for example).
type Ident struct {
	Pos  Pos
	Name string
	// Quoted is true when the name was written as a string literal.
	Quoted bool
}

// Raw is the escape "!N": N is the instruction's argument, exactly.
type Raw struct {
	Pos   Pos
	Value uint32
}

// Symbol is an operator: < == != in for COMPARE_OP, + += [] for BINARY_OP.
type Symbol struct {
	Pos  Pos
	Text string
}

func (o *Literal) OperandPos() Pos { return o.Pos }
func (o *Ident) OperandPos() Pos   { return o.Pos }
func (o *Raw) OperandPos() Pos     { return o.Pos }
func (o *Symbol) OperandPos() Pos  { return o.Pos }

// Value is a constant: a marshal object whose leaves may include CodeRefs
// (inside tuples and frozensets too), resolved to code objects on emit.
type Value = marshal.Object

// CodeRef is a constant that is the code block with the given Label.
type CodeRef struct {
	Pos   Pos
	Label string
}

// TypeByte makes CodeRef a marshal.Object; the resolver replaces it before
// anything is encoded.
func (*CodeRef) TypeByte() byte { return 'c' }

// EachCodeRef calls f for every code reference in a constant, those inside
// its tuples and frozensets too, in order.
func EachCodeRef(o marshal.Object, f func(*CodeRef)) {
	switch o := o.(type) {
	case *CodeRef:
		f(o)
	case *marshal.Tuple:
		for _, it := range o.Items {
			EachCodeRef(it, f)
		}
	case *marshal.FrozenSet:
		for _, it := range o.Items {
			EachCodeRef(it, f)
		}
	}
}

// FirstLine is the co_firstlineno a block gets without .firstlineno: its
// first positive .line (looking into try regions), else 1. The resolver
// gives it and the printer leaves it out where it is this.
func FirstLine(body []Stmt) int {
	for _, s := range body {
		switch s := s.(type) {
		case *Line:
			if s != nil && s.Line > 0 {
				return s.Line
			}
		case *Try:
			if s == nil {
				continue
			}
			if n := FirstLine(s.Body); n != 1 {
				return n
			}
		}
	}
	return 1
}
