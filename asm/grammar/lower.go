package grammar

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/portable"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// lowerer turns parsed lines into the program model.
type lowerer struct {
	src  *source
	v    *versions.Version
	py2  bool
	errs *asm.ErrorList
	prog *asm.Program

	stack  []*frame
	blocks map[string]asm.Pos // code block labels
	refs   []*asm.CodeRef
	// started is set by the first instruction or block: from then on a
	// top-level .filename is the module's own, not the default.
	started     bool
	progFileSet asm.Pos
	pythonSeen  bool
	// listed is list's result, reused: a directive reads its items
	// before the next is lowered.
	listed []*operandAST

	// The program's statements and operands come from chunks: a program
	// is kept whole, and a few large allocations cost less than many
	// small ones.
	instrs   chunk[asm.Instr]
	operands chunk[asm.Operand]
	idents   chunk[asm.Ident]
	literals chunk[asm.Literal]
	lines    chunk[asm.Line]
	labels   chunk[asm.Label]
	stmts    chunk[asm.Stmt] // the bodies of closed blocks
	symbols  chunk[asm.Symbol]
	words    chunk[string] // instructions' flag words
	ints     chunk[wordInt]
	strs     chunk[marshal.Str]
	tuples   chunk[marshal.Tuple]
	codeRefs chunk[asm.CodeRef]
}

// chunk hands out values from allocations that grow from 8 values to
// 256, so that a small program costs little and a large one few
// allocations.
type chunk[T any] struct {
	free []T
	size int
}

func (c *chunk[T]) grow(n int) {
	c.size = min(max(2*c.size, 8), 256)
	c.free = make([]T, max(n, c.size))
}

// one is a new zero value.
func (c *chunk[T]) one() *T {
	if len(c.free) == 0 {
		c.grow(1)
	}
	p := &c.free[0]
	c.free = c.free[1:]
	return p
}

// slice is an empty slice with room for n values, and no more.
func (c *chunk[T]) slice(n int) []T {
	if n > len(c.free) {
		c.grow(n)
	}
	out := c.free[:0:n]
	c.free = c.free[n:]
	return out
}

// codeState is what one code block collects while its lines are read.
type codeState struct {
	code   *asm.Code
	labels map[string]asm.Pos
	seen   map[string]asm.Pos // directives that may appear once
	// prefixes counts the EXTENDED_ARG lines waiting for the next
	// instruction; prefixPos is the first of them.
	prefixes  int
	prefixPos asm.Pos
}

// frame is one open block: the module, a code block, a try region, or a
// block whose head line was bad (kept so that its } still matches).
type frame struct {
	kind string // "module", "code", "try" or "bad"
	open asm.Pos
	cs   *codeState
	body *[]asm.Stmt
	// stmts are the block's statements so far; closing the block puts
	// them in body, in one allocation of their number. The buffer is the
	// frame's, and the frame is reused by the next block at its depth.
	stmts []asm.Stmt
}

func newCodeState(c *asm.Code) *codeState {
	return &codeState{code: c, labels: map[string]asm.Pos{}, seen: map[string]asm.Pos{}}
}

func newLowerer(s *source, v *versions.Version, errs *asm.ErrorList) *lowerer {
	module := &asm.Code{Pos: asm.Pos{File: s.file, Line: 1, Col: 1}, Label: "<module>"}
	l := &lowerer{
		src:    s,
		v:      v,
		py2:    v.Major == 2,
		errs:   errs,
		prog:   &asm.Program{Version: v, Filename: DefaultFilename(s.file), Module: module},
		blocks: map[string]asm.Pos{},
	}
	l.stack = []*frame{{kind: "module", open: module.Pos, cs: newCodeState(module), body: &module.Body}}
	return l
}

func (l *lowerer) errorf(pos asm.Pos, format string, args ...any) *asm.Error {
	return l.errs.Add(pos, format, args...)
}

func (l *lowerer) pos(p lexer.Position) asm.Pos { return l.src.pos(p) }

func (l *lowerer) top() *frame { return l.stack[len(l.stack)-1] }

// add puts s at the end of the innermost block.
func (l *lowerer) add(s asm.Stmt) {
	f := l.top()
	f.stmts = append(f.stmts, s)
}

// codeFrame is the frame of the innermost code block (or the module, or
// a bad block): a try region's frame shares its code block's state but
// has a body of its own.
func (l *lowerer) codeFrame() *frame {
	i := len(l.stack) - 1
	for l.stack[i].kind == "try" {
		i--
	}
	return l.stack[i]
}

// settle puts the statements read for f's block in its body.
func (l *lowerer) settle(f *frame) {
	if len(f.stmts) > 0 {
		*f.body = append(l.stmts.slice(len(f.stmts)), f.stmts...)
	}
}

// lowerLine lowers one parsed line; ln is nil for a line that did not parse,
// src its tokens. first is true for the file's first line.
func (l *lowerer) lowerLine(ln *lineAST, src srcLine, first bool) {
	if ln == nil {
		l.recover(src)
		return
	}
	switch {
	case ln.Code != nil:
		l.openCode(ln.Code)
	case ln.Try != nil:
		l.openTry(ln.Try)
	case ln.Close != nil:
		l.close(l.pos(ln.Close.Pos))
	case ln.Dir != nil:
		l.directive(ln.Dir, first)
	case ln.Label != nil:
		l.label(ln.Label)
		if ln.LabelInstr != nil {
			l.at(src, true)
			l.instr(ln.LabelInstr)
		}
	case ln.Instr != nil:
		l.at(src, true)
		l.instr(ln.Instr)
	}
	if ln.Instr == nil && ln.LabelInstr == nil {
		l.at(src, false)
	}
}

// finish closes what the last line left open and checks the code
// references.
func (l *lowerer) finish() {
	for len(l.stack) > 1 {
		f := l.top()
		switch f.kind {
		case "try":
			l.errorf(f.open, "try block is not closed: a } is missing")
		default:
			l.errorf(f.open, "code block is not closed: a } is missing")
		}
		l.pop()
	}
	l.danglingPrefixes(l.stack[0].cs)
	if module := l.stack[0]; len(module.stmts) > 0 {
		// The module's frame is not reused: its buffer can be its body.
		*module.body = slices.Clip(module.stmts)
	}
	for _, ref := range l.refs {
		if _, ok := l.blocks[ref.Label]; !ok {
			e := l.errorf(ref.Pos, "no code block is labelled %s", ref.Label)
			var labels []string
			for b := range l.blocks {
				labels = append(labels, b)
			}
			if near := asm.Suggest(ref.Label, labels); near != "" {
				e.Hint = "did you mean @" + near + "?"
			}
		}
	}
}

// at puts the position written at the end of an instruction's line
// before the instruction, as a .line directive would stand; on a line
// with no instruction it is an error.
func (l *lowerer) at(ln srcLine, instr bool) {
	if ln.at.Value == "" {
		return
	}
	if !instr {
		l.errorf(l.pos(ln.at.Pos), "a position such as %s ends an instruction's line", ln.at.Value).Hint =
			"write .line on a line of its own to set the position of the instructions after it"
		return
	}
	if line := l.positionLine(ln.at); line != nil {
		l.add(line)
	}
}

// recover keeps the block structure after a line that did not parse:
// its braces outside parentheses open and close blocks, so that the lines
// of a block with a bad head are still read as a block.
func (l *lowerer) recover(ln srcLine) {
	depth := 0
	for _, t := range ln.toks {
		switch {
		case t.Type == tokString:
		case t.Value == "(":
			depth++
		case t.Value == ")":
			depth--
		case depth != 0:
		case t.Value == "{":
			l.push("bad", l.pos(ln.toks[0].Pos), newCodeState(&asm.Code{}), nil)
		case t.Value == "}" && len(l.stack) > 1:
			l.pop()
		}
	}
}

func (l *lowerer) push(kind string, open asm.Pos, cs *codeState, body *[]asm.Stmt) {
	if body == nil {
		body = &cs.code.Body
	}
	// The frame last popped at this depth, if any, is free: reuse it and
	// its statement buffer.
	var f *frame
	if n := len(l.stack); n < cap(l.stack) && l.stack[:n+1][n] != nil {
		f = l.stack[:n+1][n]
	} else {
		f = &frame{}
	}
	*f = frame{kind: kind, open: open, cs: cs, body: body, stmts: f.stmts[:0]}
	l.stack = append(l.stack, f)
}

func (l *lowerer) close(pos asm.Pos) {
	if len(l.stack) == 1 {
		l.errorf(pos, "} without a code or try block to close")
		return
	}
	l.pop()
}

// pop closes the innermost block.
func (l *lowerer) pop() {
	f := l.top()
	if f.kind != "try" {
		l.danglingPrefixes(f.cs)
	}
	l.settle(f)
	l.stack = l.stack[:len(l.stack)-1]
}

// danglingPrefixes reports EXTENDED_ARG lines with no instruction after
// them in their code block.
func (l *lowerer) danglingPrefixes(cs *codeState) {
	if cs.prefixes > 0 {
		l.errorf(cs.prefixPos, "EXTENDED_ARG must come before an instruction of its code block")
		cs.prefixes = 0
	}
}

func (l *lowerer) openCode(c *codeOpenAST) {
	pos := l.pos(c.Pos)
	l.started = true
	label, ok := l.name(c.Label)
	code := &asm.Code{Pos: pos, Label: label}
	parent := l.codeFrame()
	if ok {
		switch prev, dup := l.blocks[label]; {
		case label == "<module>":
			l.errorf(l.pos(c.Label.Pos), "<module> is the module's label; give the block another one")
		case dup:
			l.errorf(l.pos(c.Label.Pos), "code block %s is already defined at line %d", label, prev.Line)
		default:
			l.blocks[label] = pos
			parent.stmts = append(parent.stmts, code)
		}
	}
	l.push("code", pos, newCodeState(code), nil)
}

func (l *lowerer) openTry(t *tryOpenAST) {
	pos := l.pos(t.Pos)
	l.started = true
	handler, _ := l.name(t.Handler)
	try := &asm.Try{Pos: pos, Handler: handler}
	var lastiSeen, depthSeen bool
	for _, o := range t.Options {
		opos := l.pos(o.Pos)
		if o.Lasti {
			if lastiSeen {
				l.errorf(opos, "lasti is given twice")
			}
			lastiSeen, try.Lasti = true, true
			continue
		}
		if depthSeen {
			l.errorf(opos, "depth is given twice")
		}
		depthSeen = true
		if n, ok := l.count(*o.Depth, o.Pos, "the depth"); ok {
			try.Depth = &n
		}
	}
	f := l.top()
	if !l.v.ExceptionTable {
		l.errorf(pos, "try blocks need Python 3.11 or newer; the target is %s", l.v).Hint =
			"up to 3.10, set up a handler with SETUP_FINALLY (or SETUP_EXCEPT) and its label"
	} else {
		l.add(try)
	}
	l.push("try", pos, f.cs, &try.Body)
}

func (l *lowerer) label(lb *labelAST) {
	pos := l.pos(lb.Pos)
	name, ok := l.name(lb.Name)
	if !ok {
		return
	}
	cs := l.top().cs
	if prev, dup := cs.labels[name]; dup {
		l.errorf(pos, "label %s is already defined at line %d", name, prev.Line)
		return
	}
	cs.labels[name] = pos
	out := l.labels.one()
	*out = asm.Label{Pos: pos, Name: name}
	l.add(out)
}

// name reads a name written as an identifier or a string.
func (l *lowerer) name(n *nameAST) (string, bool) {
	if n.Ident != nil {
		return l.word(*n.Ident, n.Pos)
	}
	return l.quotedName(*n.Str, n.Pos)
}

// word checks an identifier used as a name: only opcode names may carry
// 2.7's "+N".
func (l *lowerer) word(w string, p lexer.Position) (string, bool) {
	if i := strings.IndexByte(w, '+'); i >= 0 {
		l.errorf(l.src.posAt(p.Offset+i), "unexpected '+' in the name %s", w)
		return "", false
	}
	return w, true
}

// quotedName reads a name written as a string literal: text, whatever the
// release; a b"…" literal is not a name (but 2.7's plain strings are).
func (l *lowerer) quotedName(lit string, p lexer.Position) (string, bool) {
	s, err := decodeString(lit, l.py2)
	if err != nil {
		l.errorf(l.src.posAt(p.Offset+err.off), "%s", err.msg)
		return "", false
	}
	if s.prefixB && !l.py2 {
		l.errorf(l.pos(p), "a name is an identifier or a text string, not bytes")
		return "", false
	}
	return s.data, true
}

// instr lowers one instruction, checking the opcode and its operand count.
func (l *lowerer) instr(in *instrAST) {
	pos := l.pos(in.Pos)
	l.started = true
	cs := l.top().cs
	if in.Op == "EXTENDED_ARG" {
		// A prefix more than the next instruction's argument needs.
		if len(in.Operands) > 0 {
			l.errorf(l.pos(in.Operands[0].Pos), "EXTENDED_ARG takes no operand: it forces one more prefix on the next instruction, whose argument gives its value").Hint =
				"the assembler adds the prefixes an argument needs by itself"
			return
		}
		if cs.prefixes == 0 {
			cs.prefixPos = pos
		}
		cs.prefixes++
		return
	}
	if portable.Is(in.Op) {
		l.portable(in, pos, cs)
		return
	}
	op := l.v.Opcode(in.Op)
	if op == nil { // OpcodeProblem finds a problem exactly then
		msg, hint := portable.OpcodeProblem(l.v, in.Op)
		l.errorf(pos, "%s", msg).Hint = hint
		return
	}
	want := 0
	if op.HasArg {
		want = 1
		if l.v.Form(op).Pair {
			want = 2
		}
	}
	ops := in.Operands
	ins := l.instrs.one()
	*ins = asm.Instr{Pos: pos, Op: op.Name, ExtendedArgs: cs.prefixes}
	if want > 0 && len(ops) > 0 {
		ins.Args = l.operands.slice(min(want, len(ops)))
	}
	cs.prefixes = 0
	switch {
	case want == 0 && len(ops) == 1 && ops[0].Raw != nil && l.v.Wordcode:
		// The argument byte of an opcode that ignores it, as CPython
		// sometimes leaves it (a NOP that was an instruction).
		if a := l.operand(op, ops[0]); a != nil {
			ins.Args = append(ins.Args, a)
		}
		l.add(ins)
		return
	case want == 0 && len(ops) > 0:
		l.errorf(l.pos(ops[0].Pos), "%s takes no operand", op.Name)
		return
	case want > 0 && len(ops) == 0:
		if want == 2 {
			l.errorf(pos, "%s needs two operands (two local names), or one !N", op.Name)
		} else {
			l.errorf(pos, "%s needs an operand", op.Name)
		}
		return
	}
	n := want
	if n == 2 && ops[0].Raw != nil {
		n = 1 // !N is the whole argument
	}
	if len(ops) < n {
		l.errorf(pos, "%s needs two operands (two local names), or one !N", op.Name)
		return
	}
	rest := ops[n:]
	if a, after, joined := l.joinNames(ops); joined && l.v.OpNamedArgs(op) != nil {
		if a == nil {
			return
		}
		ins.Args, rest = append(ins.Args, a), after
	} else {
		for _, o := range ops[:n] {
			if a := l.operand(op, o); a != nil {
				ins.Args = append(ins.Args, a)
			}
		}
	}
	for _, o := range rest {
		if o.Value == nil || o.Value.Word == nil {
			what := "one operand"
			if n == 2 {
				what = "two operands"
			}
			l.errorf(l.pos(o.Pos), "unexpected %s: %s takes %s, then flag words", l.operandText(o), op.Name, what)
			continue
		}
		if w, ok := l.word(*o.Value.Word, o.Value.Pos); ok {
			if ins.Flags == nil {
				ins.Flags = l.words.slice(len(rest))
			}
			ins.Flags = append(ins.Flags, w)
		}
	}
	l.add(ins)
}

// portable reads a portable instruction (spec/SYNTAX.md, "Portable
// instructions"): its operands as written, which asm/portable checks and
// lowers. make_function's count of defaults is written "defaults N".
func (l *lowerer) portable(in *instrAST, pos asm.Pos, cs *codeState) {
	ins := &asm.Instr{Pos: pos, Op: in.Op, ExtendedArgs: cs.prefixes}
	cs.prefixes = 0
	ops := in.Operands
	if in.Op == "make_function" && len(ops) > 1 {
		if w := ops[1].Value; w == nil || w.Word == nil || *w.Word != "defaults" || len(ops) < 3 {
			l.errorf(l.pos(ops[1].Pos), "unexpected %s: make_function takes @LABEL, then defaults N", l.operandText(ops[1])).Hint =
				"write make_function @f defaults 2 for a function with two default values"
			return
		}
		ops = append([]*operandAST{ops[0]}, ops[2:]...)
	}
	for i, o := range ops {
		op := &versions.Opcode{Name: in.Op}
		if portable.TakesConstant(in.Op, i) {
			op.Operand = versions.OperandConst
		}
		a := l.operand(op, o)
		if a == nil {
			return
		}
		ins.Args = append(ins.Args, a)
	}
	l.add(ins)
}

// operandText is an operand as written, for messages.
func (l *lowerer) operandText(o *operandAST) string {
	if len(o.Tokens) == 0 {
		return "operand"
	}
	last := o.Tokens[len(o.Tokens)-1]
	return "'" + abbreviate(l.src.text[o.Tokens[0].Pos.Offset:last.Pos.Offset+len(last.Value)]) + "'"
}

// constWords are the bare words that are constants.
var constWords = map[string]bool{"None": true, "True": true, "False": true, "inf": true, "nan": true, "infj": true, "nanj": true}

// operand lowers one operand of op. A bare word or a string is a name,
// except where the opcode takes a constant; numbers and the other values
// are literals.
func (l *lowerer) operand(op *versions.Opcode, o *operandAST) asm.Operand {
	pos := l.pos(o.Pos)
	isConst := op.Operand == versions.OperandConst
	switch {
	case o.Raw != nil:
		num := o.Raw.Number
		if num.Pos.Offset != o.Raw.Pos.Offset+1 {
			l.errorf(pos, "write !N with no space after the !")
		}
		v, ok := l.uint(num.Text, num.Pos, math.MaxUint32, "a raw argument")
		if !ok {
			return nil
		}
		return &asm.Raw{Pos: pos, Value: uint32(v)}
	case o.Words != nil:
		sym := l.symbols.one()
		*sym = asm.Symbol{Pos: pos, Text: strings.Join(o.Words, " ")}
		return sym
	case o.Symbol != nil:
		sym := l.symbols.one()
		*sym = asm.Symbol{Pos: pos, Text: *o.Symbol}
		return sym
	}
	val := o.Value
	switch {
	case val.Word != nil && !(isConst && constWords[*val.Word]):
		w, ok := l.word(*val.Word, val.Pos)
		if !ok {
			return nil
		}
		id := l.idents.one()
		*id = asm.Ident{Pos: pos, Name: w}
		return id
	case val.String != nil && !isConst:
		s, ok := l.quotedName(*val.String, val.Pos)
		if !ok {
			return nil
		}
		id := l.idents.one()
		*id = asm.Ident{Pos: pos, Name: s, Quoted: true}
		return id
	}
	obj := l.value(val)
	if obj == nil {
		return nil
	}
	lit := l.literals.one()
	*lit = asm.Literal{Pos: pos, Value: obj}
	return lit
}

// value lowers a constant; nil after reporting an error.
func (l *lowerer) value(val *valueAST) asm.Value {
	pos := l.pos(val.Pos)
	switch {
	case val.Complex != nil:
		c, err, inImag := decodeComplex(*val.Complex.Real, *val.Complex.Imag)
		if err != nil {
			at := val.Complex.Pos.Offset + 1
			if inImag {
				at += len(*val.Complex.Real)
				at = strings.Index(l.src.text[at:], *val.Complex.Imag) + at
			}
			l.errorf(l.src.posAt(at), "%s", err.msg)
			return nil
		}
		return c
	case val.Tuple != nil:
		t := val.Tuple
		switch {
		case len(t.Items) == 1 && !t.Trailing:
			l.errorf(pos, "parentheses around one value are not a tuple: write (x,) for a one-item tuple")
			return nil
		case len(t.Items) == 0 && t.Trailing:
			l.errorf(pos, "the empty tuple is ()")
			return nil
		}
		items, ok := l.values(t.Items)
		if !ok {
			return nil
		}
		tuple := l.tuples.one()
		tuple.Items = items
		return tuple
	case val.Frozen != nil:
		items, ok := l.values(val.Frozen.Items)
		if !ok {
			return nil
		}
		return &marshal.FrozenSet{Items: items}
	case val.Slice != nil:
		if release(l.v) < 314 {
			l.errorf(pos, "slice constants need Python 3.14 or newer; the target is %s", l.v)
			return nil
		}
		items, ok := l.values(val.Slice.Items)
		if !ok {
			return nil
		}
		switch len(items) {
		case 1: // slice(stop)
			return &marshal.Slice{Start: &marshal.None{}, Stop: items[0], Step: &marshal.None{}}
		case 2:
			return &marshal.Slice{Start: items[0], Stop: items[1], Step: &marshal.None{}}
		case 3:
			return &marshal.Slice{Start: items[0], Stop: items[1], Step: items[2]}
		}
		l.errorf(pos, "slice() takes one to three values")
		return nil
	case val.Ref != nil:
		r := val.Ref
		if r.Name.Pos.Offset != r.Pos.Offset+1 {
			l.errorf(pos, "write @label with no space after the @")
		}
		name, ok := l.name(r.Name)
		if !ok {
			return nil
		}
		ref := l.codeRefs.one()
		*ref = asm.CodeRef{Pos: pos, Label: name}
		l.refs = append(l.refs, ref)
		return ref
	case val.Number != nil:
		obj, err := decodeNumber(*val.Number, l.py2, &l.ints)
		if err != nil {
			l.errorf(pos, "%s", err.msg)
			return nil
		}
		return obj
	case val.String != nil:
		s, err := decodeString(*val.String, l.py2)
		if err != nil {
			l.errorf(l.src.posAt(val.Pos.Offset+err.off), "%s", err.msg)
			return nil
		}
		if s.bytes {
			return &marshal.Bytes{Data: []byte(s.data)}
		}
		str := l.strs.one()
		*str = marshal.Str{Data: s.data} // as marshal.NewStr builds it
		return str
	case val.Ellipsis:
		return &marshal.Ellipsis{}
	}
	w := *val.Word
	switch w {
	case "None":
		return &marshal.None{}
	case "True", "False":
		return &marshal.Bool{Value: w == "True"}
	case "inf", "nan":
		return &marshal.Float{Bits: floatWord(w, false)}
	case "infj", "nanj":
		return &marshal.Complex{Imag: floatWord(w[:3], false)}
	}
	l.errorf(pos, "%s is not a constant", w).Hint = fmt.Sprintf("a string is written in quotes: %q", w)
	return nil
}

func (l *lowerer) values(list []*valueAST) ([]asm.Value, bool) {
	out := make([]asm.Value, 0, len(list))
	ok := true
	for _, v := range list {
		obj := l.value(v)
		if obj == nil {
			ok = false
			continue
		}
		out = append(out, obj)
	}
	return out, ok
}

// uint reads a non-negative integer of at most max; what names it in errors.
func (l *lowerer) uint(text string, p lexer.Position, max uint64, what string) (uint64, bool) {
	// Plain decimal digits without leading zeros (most counts and line
	// numbers) decode to what ParseUint gives, without a big.Int.
	if n, err := strconv.ParseUint(text, 10, 64); err == nil && n <= max && (text[0] != '0' || text == "0") {
		return n, true
	}
	obj, err := decodeNumber(text, l.py2, &l.ints)
	n, isInt := obj.(*marshal.Int)
	if err != nil || !isInt || n.Type == 'l' || n.Value.Sign() < 0 || !n.Value.IsUint64() || n.Value.Uint64() > max {
		l.errorf(l.pos(p), "%s is a whole number from 0 to %d, not %s", what, max, text)
		return 0, false
	}
	return n.Value.Uint64(), true
}

// lineNumber reads an int32 line number. Lines below zero are unusual
// but CPython loads and runs them (a .pyc's first line is not checked),
// so the language can say them; -1 is None, as in CPython's own tables.
// dir and takes are as countOperand's.
func (l *lowerer) lineNumber(o *operandAST, dir, takes string) (int, bool) {
	if o.Value == nil || o.Value.Number == nil {
		l.errorf(l.pos(o.Pos), "%s takes %s, not %s", dir, takes, l.operandText(o))
		return 0, false
	}
	text := *o.Value.Number
	// Plain decimal digits without leading zeros, as nearly every .line
	// is, need no big.Int.
	if digits := strings.TrimPrefix(text, "-"); digits != "" && (digits[0] != '0' || digits == "0") {
		if n, err := strconv.ParseInt(text, 10, 32); err == nil {
			return int(n), true
		}
	}
	obj, err := decodeNumber(text, l.py2, &l.ints)
	n, isInt := obj.(*marshal.Int)
	if err != nil || !isInt || n.Type == 'l' || !n.Value.IsInt64() || n.Value.Int64() < math.MinInt32 || n.Value.Int64() > math.MaxInt32 {
		l.errorf(l.pos(o.Value.Pos), "a line number is a whole number from %d to %d, not %s", math.MinInt32, math.MaxInt32, text)
		return 0, false
	}
	return int(n.Value.Int64()), true
}

// count reads a non-negative int32 (argument counts, depths, line numbers).
func (l *lowerer) count(text string, p lexer.Position, what string) (int, bool) {
	n, ok := l.uint(text, p, math.MaxInt32, what)
	return int(n), ok
}
