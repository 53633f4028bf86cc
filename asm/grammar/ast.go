package grammar

import (
	"sync"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The syntax tree of one logical line. The file is read a line at a time
// (see source): a line is a directive, a label with or without an
// instruction, an instruction, the head of a code or try block, or the
// closing brace of one. The nesting of blocks is followed by the lowering,
// so that a bad line costs one error and the lines after it are still read.
//
// These types are the participle grammar; they stay inside the package.

type lineAST struct {
	Pos   lexer.Position
	Code  *codeOpenAST  `parser:"(  @@"`
	Try   *tryOpenAST   `parser:"| @@"`
	Close *closeAST     `parser:"| @@"`
	Dir   *directiveAST `parser:"| @@"`
	Label *labelAST     `parser:"| @@"`
	// LabelInstr is an instruction after a label on the same line.
	LabelInstr *instrAST `parser:"@@?"`
	Instr      *instrAST `parser:"| @@ )"`
}

// codeOpenAST is `code LABEL {`.
type codeOpenAST struct {
	Pos   lexer.Position
	Label *nameAST `parser:"'code' @@ '{'"`
}

// tryOpenAST is `try HANDLER [lasti] [depth N] {`.
type tryOpenAST struct {
	Pos     lexer.Position
	Handler *nameAST     `parser:"'try' @@"`
	Options []*tryOptAST `parser:"@@* '{'"`
}

type tryOptAST struct {
	Pos   lexer.Position
	Lasti bool    `parser:"(  @'lasti'"`
	Depth *string `parser:"| 'depth' @Number )"`
}

type closeAST struct {
	Pos   lexer.Position
	Brace string `parser:"@'}'"`
}

// directiveAST is `.name args…`; what the arguments mean is up to the
// directive, so they are read loosely: operands and commas.
type directiveAST struct {
	Pos  lexer.Position
	Name string       `parser:"@Directive"`
	Args []*dirArgAST `parser:"@@*"`
}

type dirArgAST struct {
	Pos     lexer.Position
	Comma   bool        `parser:"(  @','"`
	Operand *operandAST `parser:"| @@ )"`
}

type labelAST struct {
	Pos  lexer.Position
	Name *nameAST `parser:"@@ ':'"`
}

// instrAST is `OPCODE operands… flags…`: which words are operands and
// which are flags depends on the opcode, and is decided when lowering.
type instrAST struct {
	Pos      lexer.Position
	Op       string        `parser:"@Ident"`
	Operands []*operandAST `parser:"@@*"`
}

// operandAST is one operand: `!N`, an operator, or a value or word.
// Word operators come before values, so that `not in` is one operator;
// `@` alone is the matrix-multiply operator, `@name` a code reference.
type operandAST struct {
	Pos    lexer.Position
	Tokens []lexer.Token
	Raw    *rawAST   `parser:"(  @@"`
	Words  []string  `parser:"| ( @'not' @'in' | @'is' @'not' | @'exception' @'match' | @'in' | @'is' )"`
	Value  *valueAST `parser:"| @@"`
	Symbol *string   `parser:"| @Op )"`
}

type rawAST struct {
	Pos    lexer.Position
	Bang   string     `parser:"@'!'"`
	Number *numberAST `parser:"@@"`
}

type numberAST struct {
	Pos  lexer.Position
	Text string `parser:"@Number"`
}

// nameAST is an identifier or a string literal standing for a name.
type nameAST struct {
	Pos   lexer.Position
	Ident *string `parser:"(  @Ident"`
	Str   *string `parser:"| @String )"`
}

// valueAST is a constant, or a bare word whose meaning depends on where it
// stands (None is a constant for LOAD_CONST but a name for LOAD_GLOBAL in
// 2.7).
type valueAST struct {
	Pos      lexer.Position
	Complex  *complexAST   `parser:"(  @@"`
	Tuple    *tupleAST     `parser:"| @@"`
	Frozen   *frozenSetAST `parser:"| @@"`
	Slice    *sliceAST     `parser:"| @@"`
	Ref      *refAST       `parser:"| @@"`
	Number   *string       `parser:"| @Number"`
	String   *string       `parser:"| @String"`
	Ellipsis bool          `parser:"| @Ellipsis"`
	Word     *string       `parser:"| @Ident )"`
}

// complexAST is `(REAL±IMAGj)`, as Python prints a complex number.
type complexAST struct {
	Pos  lexer.Position
	Real *string `parser:"'(' @(Number | Ident)"`
	Imag *string `parser:"@Number ')'"`
}

type tupleAST struct {
	Pos      lexer.Position
	Items    []*valueAST `parser:"'(' ( @@ ( ',' @@ )* )?"`
	Trailing bool        `parser:"@','? ')'"`
}

type frozenSetAST struct {
	Pos   lexer.Position
	Items []*valueAST `parser:"'frozenset' '(' ( '{' @@ ( ',' @@ )* ','? '}' )? ')'"`
}

type sliceAST struct {
	Pos   lexer.Position
	Items []*valueAST `parser:"'slice' '(' @@ ( ',' @@ )* ')'"`
}

type refAST struct {
	Pos  lexer.Position
	At   string   `parser:"@'@'"`
	Name *nameAST `parser:"@@"`
}

// The participle parsers are built at their first use: the hand parser
// (plain.go) takes nearly every line, and building them costs a few
// milliseconds of every run.
var (
	parserOptions = []participle.Option{participle.Lexer(lexDef), participle.UseLookahead(4)}
	lineParser    = sync.OnceValue(func() *participle.Parser[lineAST] { return participle.MustBuild[lineAST](parserOptions...) })
	// The heads of blocks alone, for precise errors in a bad head line.
	codeHeadParser = sync.OnceValue(func() *participle.Parser[codeOpenAST] { return participle.MustBuild[codeOpenAST](parserOptions...) })
	tryHeadParser  = sync.OnceValue(func() *participle.Parser[tryOpenAST] { return participle.MustBuild[tryOpenAST](parserOptions...) })
	instrParser    = sync.OnceValue(func() *participle.Parser[instrAST] { return participle.MustBuild[instrAST](parserOptions...) })
)
