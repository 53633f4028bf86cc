package compiler

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/pyasm/pyasm/asm"
)

// The syntax tree. Every node keeps the place it was written, which the
// code generator gives the instructions it makes.

type stmt interface{ at() asm.Pos }

type (
	assignStmt struct {
		pos   asm.Pos
		name  string
		value expr
	}
	exprStmt struct {
		pos  asm.Pos
		expr expr
	}
	ifStmt struct {
		pos       asm.Pos
		cond      expr
		then, els []stmt
		hasElse   bool
	}
	whileStmt struct {
		pos  asm.Pos
		cond expr
		body []stmt
	}
	returnStmt struct {
		pos   asm.Pos
		value expr // nil: return nothing
	}
	defStmt struct {
		pos    asm.Pos
		name   string
		params []param
		body   []stmt
	}
)

type param struct {
	pos  asm.Pos
	name string
	def  expr // nil: no default
}

func (s *assignStmt) at() asm.Pos { return s.pos }
func (s *exprStmt) at() asm.Pos   { return s.pos }
func (s *ifStmt) at() asm.Pos     { return s.pos }
func (s *whileStmt) at() asm.Pos  { return s.pos }
func (s *returnStmt) at() asm.Pos { return s.pos }
func (s *defStmt) at() asm.Pos    { return s.pos }

type expr interface{ at() asm.Pos }

type (
	intExpr struct {
		pos   asm.Pos
		value *big.Int
	}
	strExpr struct {
		pos   asm.Pos
		value string
	}
	boolExpr struct {
		pos   asm.Pos
		value bool
	}
	nameExpr struct {
		pos  asm.Pos
		name string
	}
	// binaryExpr is arithmetic, a comparison, or `and`/`or`.
	binaryExpr struct {
		pos         asm.Pos
		op          string
		left, right expr
	}
	unaryExpr struct {
		pos     asm.Pos
		op      string // "-" or "not"
		operand expr
	}
	callExpr struct {
		pos    asm.Pos
		callee expr
		args   []arg
	}
)

// arg is one argument of a call; keyword is "" for a positional one.
type arg struct {
	pos     asm.Pos
	keyword string
	value   expr
}

func (e *intExpr) at() asm.Pos    { return e.pos }
func (e *strExpr) at() asm.Pos    { return e.pos }
func (e *boolExpr) at() asm.Pos   { return e.pos }
func (e *nameExpr) at() asm.Pos   { return e.pos }
func (e *binaryExpr) at() asm.Pos { return e.pos }
func (e *unaryExpr) at() asm.Pos  { return e.pos }
func (e *callExpr) at() asm.Pos   { return e.pos }

// tokKind is the kind of a token.
type tokKind int

const (
	tokEOF tokKind = iota
	tokName
	tokInt
	tokStr
	tokPunct // operators and brackets; text says which
)

type token struct {
	kind tokKind
	text string // the name, the punctuation, the digits, or the string's value
	pos  asm.Pos
}

// keywords cannot be variable names.
var keywords = map[string]bool{"def": true, "if": true, "else": true, "while": true, "return": true,
	"and": true, "or": true, "not": true, "true": true, "false": true}

// lex splits src into tokens. Newlines are blanks: every statement ends
// where the next cannot continue it.
func lex(file string, src []byte, errs *asm.ErrorList) []token {
	var toks []token
	line, col := 1, 1
	i := 0
	advance := func(n int) {
		for ; n > 0 && i < len(src); n-- {
			if src[i] == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			i++
		}
	}
	for i < len(src) {
		c := src[i]
		pos := asm.Pos{File: file, Line: line, Col: col}
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';':
			advance(1)
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				advance(1)
			}
		case isLetter(c):
			start := i
			for i < len(src) && (isLetter(src[i]) || isDigit(src[i])) {
				advance(1)
			}
			toks = append(toks, token{tokName, string(src[start:i]), pos})
		case isDigit(c):
			start := i
			for i < len(src) && isDigit(src[i]) {
				advance(1)
			}
			toks = append(toks, token{tokInt, string(src[start:i]), pos})
		case c == '"':
			advance(1)
			var b strings.Builder
			closed := false
			for i < len(src) && src[i] != '\n' {
				ch := src[i]
				if ch == '"' {
					advance(1)
					closed = true
					break
				}
				if ch == '\\' && i+1 < len(src) {
					esc := map[byte]byte{'n': '\n', 't': '\t', '"': '"', '\\': '\\'}[src[i+1]]
					if esc == 0 {
						errs.Add(asm.Pos{File: file, Line: line, Col: col}, "unknown escape \\%c", src[i+1]).Hint = `escapes: \n \t \" \\`
					}
					b.WriteByte(esc)
					advance(2)
					continue
				}
				// Any other byte is kept as it is: the text is the
				// program's, and pyasm checks it.
				b.WriteByte(ch)
				advance(1)
			}
			if !closed {
				errs.Add(pos, "string not closed before the end of the line")
			}
			toks = append(toks, token{tokStr, b.String(), pos})
		default:
			two := ""
			if i+1 < len(src) {
				two = string(src[i : i+2])
			}
			switch two {
			case "<=", ">=", "==", "!=", "//":
				toks = append(toks, token{tokPunct, two, pos})
				advance(2)
				continue
			}
			if strings.IndexByte("+-*/%<>=(){},", c) >= 0 {
				toks = append(toks, token{tokPunct, string(c), pos})
			} else {
				errs.Add(pos, "unexpected character %q", c)
			}
			advance(1)
		}
	}
	return append(toks, token{tokEOF, "", asm.Pos{File: file, Line: line, Col: col}})
}

func isLetter(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// parser reads tokens into statements, reporting every error it can and
// resynchronising at the next statement.
type parser struct {
	toks []token
	i    int
	errs *asm.ErrorList
}

// bail stops parsing the current statement after an error.
type bail struct{}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func (p *parser) is(text string) bool {
	t := p.peek()
	return (t.kind == tokPunct || t.kind == tokName) && t.text == text
}

func (p *parser) fail(pos asm.Pos, format string, args ...any) {
	p.errs.Add(pos, format, args...)
	panic(bail{})
}

func (p *parser) expect(text string) token {
	if !p.is(text) {
		t := p.peek()
		p.fail(t.pos, "expected %s, found %s", text, describe(t))
	}
	return p.next()
}

func describe(t token) string {
	switch t.kind {
	case tokEOF:
		return "the end of the file"
	case tokStr:
		return "a string"
	case tokInt:
		return "the number " + t.text
	}
	return fmt.Sprintf("%q", t.text)
}

func (p *parser) name() token {
	t := p.peek()
	if t.kind != tokName || keywords[t.text] {
		p.fail(t.pos, "expected a name, found %s", describe(t))
	}
	return p.next()
}

// parse reads a whole program.
func parse(file string, src []byte) ([]stmt, asm.ErrorList) {
	var errs asm.ErrorList
	p := &parser{toks: lex(file, src, &errs), errs: &errs}
	var out []stmt
	for p.peek().kind != tokEOF {
		if s, ok := p.statement(); ok {
			out = append(out, s)
		}
	}
	return out, errs
}

// statement reads one statement; after an error it skips to a likely
// start of the next one.
func (p *parser) statement() (s stmt, ok bool) {
	start := p.i
	defer func() {
		if r := recover(); r != nil {
			if _, isBail := r.(bail); !isBail {
				panic(r)
			}
			if p.i == start {
				p.next()
			}
			for t := p.peek(); t.kind != tokEOF && !(t.kind == tokName && (t.text == "def" || t.text == "if" || t.text == "while" || t.text == "return")) && !p.is("}"); t = p.peek() {
				p.next()
			}
			if p.is("}") {
				p.next()
			}
			s, ok = nil, false
		}
	}()
	return p.stmt(), true
}

func (p *parser) stmt() stmt {
	t := p.peek()
	switch {
	case p.is("def"):
		p.next()
		name := p.name()
		d := &defStmt{pos: t.pos, name: name.text}
		p.expect("(")
		for !p.is(")") {
			if len(d.params) > 0 {
				p.expect(",")
			}
			pn := p.name()
			prm := param{pos: pn.pos, name: pn.text}
			if p.is("=") {
				p.next()
				prm.def = p.expr()
			}
			d.params = append(d.params, prm)
		}
		p.expect(")")
		d.body = p.block()
		return d
	case p.is("if"):
		return p.ifStmt()
	case p.is("while"):
		p.next()
		w := &whileStmt{pos: t.pos, cond: p.expr()}
		w.body = p.block()
		return w
	case p.is("return"):
		p.next()
		r := &returnStmt{pos: t.pos}
		if !p.is("}") && p.peek().kind != tokEOF && !p.startsStatement() {
			r.value = p.expr()
		}
		return r
	case t.kind == tokName && !keywords[t.text] && p.toks[p.i+1].kind == tokPunct && p.toks[p.i+1].text == "=":
		p.next()
		p.next()
		return &assignStmt{pos: t.pos, name: t.text, value: p.expr()}
	}
	return &exprStmt{pos: t.pos, expr: p.expr()}
}

// startsStatement reports a keyword that can only begin a statement, so
// that `return` alone before it returns nothing.
func (p *parser) startsStatement() bool {
	return p.is("def") || p.is("if") || p.is("while") || p.is("return")
}

func (p *parser) ifStmt() stmt {
	t := p.expect("if")
	s := &ifStmt{pos: t.pos, cond: p.expr()}
	s.then = p.block()
	if p.is("else") {
		p.next()
		s.hasElse = true
		if p.is("if") {
			s.els = []stmt{p.ifStmt()}
		} else {
			s.els = p.block()
		}
	}
	return s
}

func (p *parser) block() []stmt {
	p.expect("{")
	var body []stmt
	for !p.is("}") {
		if p.peek().kind == tokEOF {
			p.fail(p.peek().pos, "expected }, found the end of the file")
		}
		if s, ok := p.statement(); ok {
			body = append(body, s)
		}
	}
	p.next()
	return body
}

// Operator precedence, loosest first.
var levels = [][]string{{"or"}, {"and"}, {"<", "<=", "==", "!=", ">", ">="}, {"+", "-"}, {"*", "/", "//", "%"}}

func (p *parser) expr() expr { return p.binary(0) }

func (p *parser) binary(level int) expr {
	if level == len(levels) {
		return p.unary()
	}
	left := p.binary(level + 1)
	for {
		t := p.peek()
		if !contains(levels[level], t.text) || t.kind == tokStr || t.kind == tokInt {
			return left
		}
		p.next()
		left = &binaryExpr{pos: t.pos, op: t.text, left: left, right: p.binary(level + 1)}
		if levels[level][0] == "<" && contains(levels[level], p.peek().text) {
			p.fail(p.peek().pos, "comparisons do not chain: write (a < b) and (b < c)")
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (p *parser) unary() expr {
	t := p.peek()
	if p.is("-") || p.is("not") {
		p.next()
		return &unaryExpr{pos: t.pos, op: t.text, operand: p.unary()}
	}
	return p.call()
}

func (p *parser) call() expr {
	e := p.primary()
	for p.is("(") {
		c := &callExpr{pos: p.next().pos, callee: e}
		for !p.is(")") {
			if len(c.args) > 0 {
				p.expect(",")
			}
			t := p.peek()
			a := arg{pos: t.pos}
			if t.kind == tokName && !keywords[t.text] && p.toks[p.i+1].text == "=" && p.toks[p.i+1].kind == tokPunct {
				p.next()
				p.next()
				a.keyword = t.text
			} else if len(c.args) > 0 && c.args[len(c.args)-1].keyword != "" {
				p.fail(t.pos, "a positional argument cannot follow a keyword argument")
			}
			a.value = p.expr()
			c.args = append(c.args, a)
		}
		p.next()
		e = c
	}
	return e
}

func (p *parser) primary() expr {
	t := p.next()
	switch {
	case t.kind == tokInt:
		n, _ := new(big.Int).SetString(t.text, 10)
		return &intExpr{pos: t.pos, value: n}
	case t.kind == tokStr:
		return &strExpr{pos: t.pos, value: t.text}
	case t.kind == tokName && (t.text == "true" || t.text == "false"):
		return &boolExpr{pos: t.pos, value: t.text == "true"}
	case t.kind == tokName && !keywords[t.text]:
		return &nameExpr{pos: t.pos, name: t.text}
	case t.kind == tokPunct && t.text == "(":
		e := p.expr()
		p.expect(")")
		return e
	}
	p.fail(t.pos, "expected a value, found %s", describe(t))
	return nil
}
