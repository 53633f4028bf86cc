package grammar

import "github.com/alecthomas/participle/v2/lexer"

// line builds the syntax tree of a line the way participle would
// (lineAST), by recursive descent over the line's tokens: every form of
// the grammar, but a keyword only where the grammar spells it (code and
// try heads, the word operators not in, is not, exception match, in and
// is, frozenset(...) and slice(...)) or as an operand's word where it
// starts none of those (LOAD_ATTR match). Any other line gives nil and is
// left to participle, which builds its tree or says what is wrong with
// it; participle builds the same trees (TestPlainLines and FuzzPlainLine
// check) at many times the cost.
func (p *plainParser) line(toks []lexer.Token) *lineAST {
	first := &toks[0]
	ln := &p.lines.take(1)[0]
	ln.Pos = first.Pos
	switch {
	case first.Type == tokPunct && first.Value == "}":
		if len(toks) > 1 {
			return nil
		}
		ln.Close = &p.closes.take(1)[0]
		*ln.Close = closeAST{Pos: first.Pos, Brace: first.Value}
	case first.Type == tokDirective:
		d := &p.dirs.take(1)[0]
		*d = directiveAST{Pos: first.Pos, Name: first.Value}
		if len(toks) > 1 {
			c := cursor{toks: toks, i: 1}
			n := len(toks) - 1
			args := p.args.take(n)
			ptrs := p.argPtrs.take(n)
			k := 0
			for c.i < len(toks) {
				t := &toks[c.i]
				a := &args[k]
				a.Pos = t.Pos
				if t.Type == tokPunct && t.Value == "," {
					a.Comma = true
					c.i++
				} else if a.Operand = p.operand(&c); a.Operand == nil {
					return nil
				}
				ptrs[k] = a
				k++
			}
			d.Args = ptrs[:k:k]
		}
		ln.Dir = d
	case first.Type == tokIdent && first.Value == "code":
		if ln.Code = p.codeOpen(toks); ln.Code == nil {
			return nil
		}
	case first.Type == tokIdent && first.Value == "try":
		if ln.Try = p.tryOpen(toks); ln.Try == nil {
			return nil
		}
	case len(toks) > 1 && toks[1].Type == tokPunct && toks[1].Value == ":" && (first.Type == tokIdent || first.Type == tokString):
		if first.Type == tokIdent && isKeyword(first.Value) {
			return nil
		}
		lb := &p.labels.take(1)[0]
		lb.Pos, lb.name.Pos, lb.Name = first.Pos, first.Pos, &lb.name
		if first.Type == tokIdent {
			lb.name.Ident = &first.Value
		} else {
			lb.name.Str = &first.Value
		}
		ln.Label = &lb.labelAST
		if len(toks) > 2 {
			if ln.LabelInstr = p.instr(toks[2:]); ln.LabelInstr == nil {
				return nil
			}
		}
	default:
		if ln.Instr = p.instr(toks); ln.Instr == nil {
			return nil
		}
	}
	return ln
}

// cursor walks a line's tokens.
type cursor struct {
	toks []lexer.Token
	i    int
}

// at is the token k places ahead, or nil past the end.
func (c *cursor) at(k int) *lexer.Token {
	if c.i+k < len(c.toks) {
		return &c.toks[c.i+k]
	}
	return nil
}

// is reports whether the token k places ahead is the punctuation p.
func (c *cursor) is(k int, p string) bool {
	t := c.at(k)
	return t != nil && t.Type == tokPunct && t.Value == p
}

// word reports whether the token k places ahead is the identifier w.
func (c *cursor) word(k int, w string) bool {
	t := c.at(k)
	return t != nil && t.Type == tokIdent && t.Value == w
}

// codeOpen is `code LABEL {`, or nil.
func (p *plainParser) codeOpen(toks []lexer.Token) *codeOpenAST {
	if len(toks) != 3 || !(toks[2].Type == tokPunct && toks[2].Value == "{") {
		return nil
	}
	name := p.name(&toks[1])
	if name == nil {
		return nil
	}
	co := &p.codeOpens.take(1)[0]
	*co = codeOpenAST{Pos: toks[0].Pos, Label: name}
	return co
}

// tryOpen is `try HANDLER [lasti] [depth N]… {`, or nil.
func (p *plainParser) tryOpen(toks []lexer.Token) *tryOpenAST {
	n := len(toks)
	if n < 3 || !(toks[n-1].Type == tokPunct && toks[n-1].Value == "{") {
		return nil
	}
	name := p.name(&toks[1])
	if name == nil {
		return nil
	}
	to := &p.tryOpens.take(1)[0]
	*to = tryOpenAST{Pos: toks[0].Pos, Handler: name}
	c := cursor{toks: toks[:n-1], i: 2}
	for c.i < len(c.toks) {
		t := c.at(0)
		opt := &p.tryOpts.take(1)[0]
		opt.Pos = t.Pos
		switch {
		case c.word(0, "lasti"):
			opt.Lasti = true
			c.i++
		case c.word(0, "depth") && c.at(1) != nil && c.at(1).Type == tokNumber:
			opt.Depth = &c.at(1).Value
			c.i += 2
		default:
			return nil
		}
		to.Options = append(to.Options, opt)
	}
	return to
}

// name is an identifier that is no keyword, or a string, standing for a
// name; or nil.
func (p *plainParser) name(t *lexer.Token) *nameAST {
	n := &p.names.take(1)[0]
	n.Pos = t.Pos
	switch {
	case t.Type == tokIdent && !isKeyword(t.Value):
		n.Ident = &t.Value
	case t.Type == tokString:
		n.Str = &t.Value
	default:
		return nil
	}
	return n
}

// instr is `OPCODE operand…`, or nil.
func (p *plainParser) instr(toks []lexer.Token) *instrAST {
	if toks[0].Type != tokIdent || isKeyword(toks[0].Value) {
		return nil
	}
	in := &p.instrs.take(1)[0]
	*in = instrAST{Pos: toks[0].Pos, Op: toks[0].Value}
	if len(toks) > 1 {
		out := p.ptrs.take(len(toks) - 1)
		c := cursor{toks: toks, i: 1}
		k := 0
		for c.i < len(toks) {
			if out[k] = p.operand(&c); out[k] == nil {
				return nil
			}
			k++
		}
		in.Operands = out[:k:k]
	}
	return in
}

// plainOperand is an operand and its value, allocated together.
type plainOperand struct {
	operandAST
	value valueAST
}

// plainLabel is a label and its name, allocated together.
type plainLabel struct {
	labelAST
	name nameAST
}

// plainParser builds lines' trees. Their nodes come from slabs, which
// reset (plainParser.reset) once a line is lowered: a file's lines reuse
// the same few allocations.
type plainParser struct {
	lines     slab[lineAST]
	instrs    slab[instrAST]
	dirs      slab[directiveAST]
	closes    slab[closeAST]
	labels    slab[plainLabel]
	parts     slab[plainOperand]
	ptrs      slab[*operandAST]
	args      slab[dirArgAST]
	argPtrs   slab[*dirArgAST]
	values    slab[valueAST]
	valuePtrs slab[*valueAST]
	names     slab[nameAST]
	codeOpens slab[codeOpenAST]
	tryOpens  slab[tryOpenAST]
	tryOpts   slab[tryOptAST]
	raws      slab[rawAST]
	numbers   slab[numberAST]
	tuples    slab[tupleAST]
	complexes slab[complexAST]
	frozens   slab[frozenSetAST]
	slices    slab[sliceAST]
	refs      slab[refAST]
}

// reset makes every node handed out free again: the trees built so far
// must no longer be used.
func (p *plainParser) reset() {
	p.lines.reset()
	p.instrs.reset()
	p.dirs.reset()
	p.closes.reset()
	p.labels.reset()
	p.parts.reset()
	p.ptrs.reset()
	p.args.reset()
	p.argPtrs.reset()
	p.values.reset()
	p.valuePtrs.reset()
	p.names.reset()
	p.codeOpens.reset()
	p.tryOpens.reset()
	p.tryOpts.reset()
	p.raws.reset()
	p.numbers.reset()
	p.tuples.reset()
	p.complexes.reset()
	p.frozens.reset()
	p.slices.reset()
	p.refs.reset()
}

// slab hands out zeroed values from a larger allocation, which doubles
// when a line needs more.
type slab[T any] struct {
	buf []T
	n   int // values of buf handed out
}

func (s *slab[T]) take(k int) []T {
	if s.n+k > len(s.buf) {
		s.buf = make([]T, max(2*len(s.buf), k, 16))
		s.n = 0
	}
	out := s.buf[s.n : s.n+k : s.n+k]
	s.n += k
	// Zeroed as handed out, not as taken back: most lines take one node
	// of a few of the slabs, and a store of one zero value costs less
	// than a call that clears.
	if k == 1 {
		var zero T
		out[0] = zero
	} else {
		clear(out)
	}
	return out
}

// reset takes the values handed out back.
func (s *slab[T]) reset() { s.n = 0 }

// operand reads one operand at the cursor and moves past it; nil if
// there is none the descent knows.
func (p *plainParser) operand(c *cursor) *operandAST {
	start := c.i
	t := c.at(0)
	po := &p.parts.take(1)[0]
	o := &po.operandAST
	o.Pos = t.Pos
	switch {
	case t.Type == tokPunct && t.Value == "!":
		num := c.at(1)
		if num == nil || num.Type != tokNumber {
			return nil
		}
		r := &p.raws.take(1)[0]
		n := &p.numbers.take(1)[0]
		*n = numberAST{Pos: num.Pos, Text: num.Value}
		*r = rawAST{Pos: t.Pos, Bang: t.Value, Number: n}
		o.Raw = r
		c.i += 2
	case t.Type == tokIdent && (t.Value == "not" && c.word(1, "in") || t.Value == "is" && c.word(1, "not") || t.Value == "exception" && c.word(1, "match")):
		o.Words = []string{t.Value, c.at(1).Value}
		c.i += 2
	case t.Type == tokIdent && (t.Value == "in" || t.Value == "is"):
		o.Words = []string{t.Value}
		c.i++
	case t.Type == tokIdent && (t.Value == "frozenset" || t.Value == "slice") && c.is(1, "("):
		if o.Value = p.value(c); o.Value == nil {
			return nil
		}
	case t.Type == tokOp && t.Value != "@":
		o.Symbol = &t.Value
		c.i++
	case t.Type == tokNumber || t.Type == tokString || t.Type == tokEllipsis || t.Type == tokIdent:
		// A single token: the value is allocated with the operand. A
		// keyword that starts none of the forms above is a word, as
		// participle reads it (LOAD_ATTR match, LOAD_FAST exception).
		v := &po.value
		v.Pos = t.Pos
		switch t.Type {
		case tokNumber:
			v.Number = &t.Value
		case tokString:
			v.String = &t.Value
		case tokEllipsis:
			v.Ellipsis = true
		default:
			v.Word = &t.Value
		}
		o.Value = v
		c.i++
	default:
		if o.Value = p.value(c); o.Value == nil {
			return nil
		}
	}
	o.Tokens = c.toks[start:c.i:c.i]
	return o
}

// value reads a value at the cursor and moves past it, or gives nil.
func (p *plainParser) value(c *cursor) *valueAST {
	t := c.at(0)
	if t == nil {
		return nil
	}
	v := &p.values.take(1)[0]
	v.Pos = t.Pos
	switch {
	case t.Type == tokPunct && t.Value == "(":
		if re, im, end := c.at(1), c.at(2), c.is(3, ")"); end && re != nil && im != nil &&
			(re.Type == tokNumber || re.Type == tokIdent && !isKeyword(re.Value)) && im.Type == tokNumber {
			cx := &p.complexes.take(1)[0]
			*cx = complexAST{Pos: t.Pos, Real: &re.Value, Imag: &im.Value}
			v.Complex = cx
			c.i += 4
			return v
		}
		tu := &p.tuples.take(1)[0]
		tu.Pos = t.Pos
		c.i++
		if !c.is(0, ")") && !c.is(0, ",") {
			items, ok := p.items(c)
			if !ok {
				return nil
			}
			tu.Items = items
		}
		if c.is(0, ",") {
			tu.Trailing = true
			c.i++
		}
		if !c.is(0, ")") {
			return nil
		}
		c.i++
		v.Tuple = tu
	case t.Type == tokIdent && t.Value == "frozenset":
		if !c.is(1, "(") {
			return nil
		}
		fs := &p.frozens.take(1)[0]
		fs.Pos = t.Pos
		c.i += 2
		if c.is(0, "{") {
			c.i++
			items, ok := p.items(c)
			if !ok {
				return nil
			}
			fs.Items = items
			if c.is(0, ",") {
				c.i++
			}
			if !c.is(0, "}") {
				return nil
			}
			c.i++
		}
		if !c.is(0, ")") {
			return nil
		}
		c.i++
		v.Frozen = fs
	case t.Type == tokIdent && t.Value == "slice":
		if !c.is(1, "(") {
			return nil
		}
		sl := &p.slices.take(1)[0]
		sl.Pos = t.Pos
		c.i += 2
		items, ok := p.items(c)
		if !ok || !c.is(0, ")") {
			return nil
		}
		c.i++
		sl.Items = items
		v.Slice = sl
	case t.Type == tokOp && t.Value == "@":
		nt := c.at(1)
		if nt == nil {
			return nil
		}
		name := p.name(nt)
		if name == nil {
			return nil
		}
		r := &p.refs.take(1)[0]
		*r = refAST{Pos: t.Pos, At: t.Value, Name: name}
		v.Ref = r
		c.i += 2
	case t.Type == tokNumber:
		v.Number = &t.Value
		c.i++
	case t.Type == tokString:
		v.String = &t.Value
		c.i++
	case t.Type == tokEllipsis:
		v.Ellipsis = true
		c.i++
	case t.Type == tokIdent && !isKeyword(t.Value):
		v.Word = &t.Value
		c.i++
	default:
		return nil
	}
	return v
}

// items reads `value (, value)*`, leaving a trailing comma (one before
// a closing bracket) unread.
func (p *plainParser) items(c *cursor) ([]*valueAST, bool) {
	var out []*valueAST
	for {
		v := p.value(c)
		if v == nil {
			return nil, false
		}
		out = append(out, v)
		if !c.is(0, ",") || c.is(1, ")") || c.is(1, "}") || c.at(1) == nil {
			return out, true
		}
		c.i++
	}
}

// isKeyword reports whether a word is one the grammar spells out
// (TestKeywords checks the list).
func isKeyword(w string) bool {
	switch w {
	case "code", "try", "lasti", "depth", "not", "in", "is", "exception", "match", "frozenset", "slice":
		return true
	}
	return false
}
