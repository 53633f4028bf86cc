// Package compiler compiles Tiny, a small language made up for this
// example, to .pyc files for every CPython release pyasm knows, through
// pyasm's Go API: it builds an asm.Program of portable instructions
// (asm/portable) and of the real instructions all releases share, and
// asm/emit turns it into a .pyc. It holds no knowledge of any release: the
// target comes in as data and goes, untouched, into asm.Program, and
// compiler_test.go checks that the source names none.
//
// Tiny has integers, strings, true and false; variables; + - * / // % and
// unary -; comparisons < <= == != > >=; and, or, not; if/else, while;
// functions with parameters, default values, keyword arguments, return
// and recursion; and the host's builtins, such as print:
//
//	def fact(n) {
//	    if n <= 1 { return 1 }
//	    return n * fact(n - 1)
//	}
//	print("10! =", fact(10))
//
// Newlines are blanks: a statement ends where the next one cannot continue
// it. Functions are defined at the top level; a function's variables are
// its parameters and the names it assigns, and it reads the others as
// globals. / divides to a float on every release.
//
// Every instruction the compiler makes carries the position in the Tiny
// source it comes from (asm.Instr.Pos), so that an error pyasm finds in
// the program is reported at the Tiny file's line and column.
package compiler

import (
	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// Compile compiles the Tiny program src, read from file, to the bytes of
// a .pyc for release. warnings are pyasm's findings that do not stop the
// build; the error is an asm.ErrorList whose errors are positioned in
// src.
func Compile(file string, src []byte, release *versions.Version) (pyc []byte, warnings asm.ErrorList, err error) {
	prog, err := Build(file, src, release)
	if err != nil {
		return nil, nil, err
	}
	return emit.AssembleWith(prog, resolve.Options{})
}

// Build compiles src to the asm.Program that Compile assembles.
func Build(file string, src []byte, release *versions.Version) (*asm.Program, error) {
	stmts, errs := parse(file, src)
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	g := &gen{file: file, errs: &errs, funcs: map[string]bool{}}
	module := &asm.Code{Pos: asm.Pos{File: file, Line: 1, Col: 1}, Label: "<module>"}
	g.module = module
	start := asm.Pos{File: file, Line: 1, Col: 1}
	f := &fn{code: module, pos: start}
	f.emit(start, "prologue")
	for _, s := range stmts {
		g.stmt(f, s)
	}
	f.emit(start, "return_const", asm.NoneConst())
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	return &asm.Program{Version: release, Filename: file, Module: module}, nil
}

// gen holds the state of one compilation.
type gen struct {
	file   string
	errs   *asm.ErrorList
	module *asm.Code
	funcs  map[string]bool // the functions defined, by name
}

// fn is the code block being generated: the module or a function.
type fn struct {
	code *asm.Code
	pos  asm.Pos
	// locals are a function's variables (nil for the module, whose
	// variables are globals).
	locals map[string]bool
	labels int
}

func (f *fn) emit(pos asm.Pos, op string, args ...asm.Operand) {
	in := asm.Op(op, args...)
	in.Pos = pos
	f.code.Add(in)
}

// label makes a label name unique in the block.
func (f *fn) label(what string) string {
	f.labels++
	return what + "_" + itoa(f.labels)
}

func (f *fn) mark(pos asm.Pos, name string) {
	l := asm.Mark(name)
	l.Pos = pos
	f.code.Add(l)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func (g *gen) stmt(f *fn, s stmt) {
	pos := s.at()
	// .line: tracebacks show the Tiny line of the statement that raised.
	line := asm.AtLine(pos.Line)
	line.Pos = pos
	f.code.Add(line)
	switch s := s.(type) {
	case *assignStmt:
		g.expr(f, s.value)
		g.store(f, s.pos, s.name)
	case *exprStmt:
		g.expr(f, s.expr)
		f.emit(pos, "POP_TOP")
	case *ifStmt:
		elseLabel, end := f.label("else"), f.label("endif")
		g.expr(f, s.cond)
		f.emit(pos, "jump_if_false", asm.Name(elseLabel))
		for _, t := range s.then {
			g.stmt(f, t)
		}
		if s.hasElse {
			f.emit(pos, "jump", asm.Name(end))
		}
		f.mark(pos, elseLabel)
		for _, e := range s.els {
			g.stmt(f, e)
		}
		f.mark(pos, end)
	case *whileStmt:
		top, end := f.label("while"), f.label("endwhile")
		f.mark(pos, top)
		g.expr(f, s.cond)
		f.emit(pos, "jump_if_false", asm.Name(end))
		for _, b := range s.body {
			g.stmt(f, b)
		}
		f.emit(pos, "jump", asm.Name(top))
		f.mark(pos, end)
	case *returnStmt:
		if f.locals == nil {
			g.errs.Add(pos, "return outside a function")
			return
		}
		if s.value == nil {
			f.emit(pos, "return_const", asm.NoneConst())
			return
		}
		g.expr(f, s.value)
		f.emit(pos, "return")
	case *defStmt:
		g.def(f, s)
	}
}

// def compiles a function: its code block, then, where it is defined,
// its default values, the function made of them, and its name bound.
func (g *gen) def(f *fn, d *defStmt) {
	if f.locals != nil {
		g.errs.Add(d.pos, "functions are defined at the top level only")
		return
	}
	if g.funcs[d.name] {
		g.errs.Add(d.pos, "function %s is defined twice", d.name)
		return
	}
	g.funcs[d.name] = true
	body := &fn{code: &asm.Code{Pos: d.pos, Label: d.name}, pos: d.pos, locals: map[string]bool{}}
	first := d.pos.Line
	body.code.FirstLineNo = &first
	ndefaults := 0
	for _, p := range d.params {
		if body.locals[p.name] {
			g.errs.Add(p.pos, "parameter %s is given twice", p.name)
		}
		body.locals[p.name] = true
		body.code.VarNames = append(body.code.VarNames, p.name)
		switch {
		case p.def != nil:
			g.expr(f, p.def)
			ndefaults++
		case ndefaults > 0:
			g.errs.Add(p.pos, "parameter %s has no default value, but one before it has", p.name).Hint = "parameters with default values come last"
		}
	}
	body.code.ArgCount = len(d.params)
	for _, n := range assigned(d.body) {
		if !body.locals[n] {
			body.locals[n] = true
			body.code.VarNames = append(body.code.VarNames, n)
		}
	}
	body.emit(d.pos, "prologue")
	for _, s := range d.body {
		g.stmt(body, s)
	}
	body.emit(d.pos, "return_const", asm.NoneConst())

	f.code.Add(body.code)
	if ndefaults > 0 {
		f.emit(d.pos, "make_function", asm.CodeConst(d.name), asm.Int(int64(ndefaults)))
	} else {
		f.emit(d.pos, "make_function", asm.CodeConst(d.name))
	}
	g.store(f, d.pos, d.name)
}

// assigned lists the names a function body assigns, in order.
func assigned(body []stmt) []string {
	var out []string
	var walk func([]stmt)
	walk = func(body []stmt) {
		for _, s := range body {
			switch s := s.(type) {
			case *assignStmt:
				out = append(out, s.name)
			case *ifStmt:
				walk(s.then)
				walk(s.els)
			case *whileStmt:
				walk(s.body)
			}
		}
	}
	walk(body)
	return out
}

func (g *gen) store(f *fn, pos asm.Pos, name string) {
	if f.locals != nil {
		f.emit(pos, "STORE_FAST", asm.Name(name))
		return
	}
	f.emit(pos, "STORE_NAME", asm.Name(name))
}

func (g *gen) load(f *fn, pos asm.Pos, name string) {
	switch {
	case f.locals == nil:
		f.emit(pos, "LOAD_NAME", asm.Name(name))
	case f.locals[name]:
		f.emit(pos, "LOAD_FAST", asm.Name(name))
	default:
		f.emit(pos, "LOAD_GLOBAL", asm.Name(name))
	}
}

// compares are the comparison operators; the other binary operators are
// arithmetic.
var compares = map[string]bool{"<": true, "<=": true, "==": true, "!=": true, ">": true, ">=": true}

func (g *gen) expr(f *fn, e expr) {
	pos := e.at()
	switch e := e.(type) {
	case *intExpr:
		f.emit(pos, "LOAD_CONST", asm.Const(&marshal.Int{Value: e.value}))
	case *strExpr:
		f.emit(pos, "LOAD_CONST", asm.Str(e.value))
	case *boolExpr:
		f.emit(pos, "LOAD_CONST", asm.Const(&marshal.Bool{Value: e.value}))
	case *nameExpr:
		g.load(f, pos, e.name)
	case *unaryExpr:
		g.expr(f, e.operand)
		if e.op == "not" {
			f.emit(pos, "not")
		} else {
			f.emit(pos, "UNARY_NEGATIVE")
		}
	case *binaryExpr:
		if e.op == "and" || e.op == "or" {
			// The left value if it decides, else the right one.
			end := f.label(e.op)
			g.expr(f, e.left)
			f.emit(pos, "dup")
			if e.op == "and" {
				f.emit(pos, "jump_if_false", asm.Name(end))
			} else {
				f.emit(pos, "jump_if_true", asm.Name(end))
			}
			f.emit(pos, "POP_TOP")
			g.expr(f, e.right)
			f.mark(pos, end)
			return
		}
		g.expr(f, e.left)
		g.expr(f, e.right)
		if compares[e.op] {
			f.emit(pos, "compare", asm.Cmp(e.op))
		} else {
			f.emit(pos, "binary", asm.BinOp(e.op))
		}
	case *callExpr:
		g.expr(f, e.callee)
		f.emit(pos, "callable")
		var keywords []marshal.Object
		for _, a := range e.args {
			if a.keyword != "" {
				f.emit(a.pos, "kwarg", asm.Name(a.keyword))
				keywords = append(keywords, marshal.NewStr(a.keyword))
			}
			g.expr(f, a.value)
		}
		n := asm.Int(int64(len(e.args)))
		if len(keywords) > 0 {
			f.emit(pos, "call_kw", n, asm.Const(&marshal.Tuple{Items: keywords}))
		} else {
			f.emit(pos, "call", n)
		}
	}
}
