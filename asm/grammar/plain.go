package grammar

import "github.com/alecthomas/participle/v2/lexer"

// line builds the syntax tree of a plain line, one whose parts are
// each a single token standing alone: `OPCODE operand…`, `.directive
// arg…` (commas between the arguments or not), `LABEL:` with or without
// such an instruction, or `}`, where an operand is a number, a string,
// ..., an operator other than @, or a word that is not a keyword. Most
// lines of a real program are plain; participle builds the same tree
// (TestPlainLines and FuzzPlainLine check) at many times the cost. Any
// other line gives nil and is left to participle.
func (p *plainParser) line(toks []lexer.Token) *lineAST {
	for i := range toks {
		if toks[i].Type == tokIdent && isKeyword(toks[i].Value) {
			return nil
		}
	}
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
			ops := p.operands(toks[1:])
			args := p.args.take(len(ops))
			d.Args = p.argPtrs.take(len(ops))
			for i, o := range ops {
				t := &toks[i+1]
				args[i].Pos = t.Pos
				switch {
				case t.Type == tokPunct && t.Value == ",":
					args[i].Comma = true
				case o == nil:
					return nil
				default:
					args[i].Operand = o
				}
				d.Args[i] = &args[i]
			}
		}
		ln.Dir = d
	case len(toks) > 1 && toks[1].Type == tokPunct && toks[1].Value == ":" && (first.Type == tokIdent || first.Type == tokString):
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

// instr is `OPCODE operand…` with plain operands, or nil.
func (p *plainParser) instr(toks []lexer.Token) *instrAST {
	if toks[0].Type != tokIdent {
		return nil
	}
	in := &p.instrs.take(1)[0]
	*in = instrAST{Pos: toks[0].Pos, Op: toks[0].Value}
	if len(toks) > 1 {
		in.Operands = p.operands(toks[1:])
		for _, o := range in.Operands {
			if o == nil {
				return nil
			}
		}
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

// plainParser builds plain lines' trees. Their nodes come from slabs: a
// file's trees are all kept until it is lowered, and a few large
// allocations cost less than many small ones.
type plainParser struct {
	lines   slab[lineAST]
	instrs  slab[instrAST]
	dirs    slab[directiveAST]
	closes  slab[closeAST]
	labels  slab[plainLabel]
	parts   slab[plainOperand]
	ptrs    slab[*operandAST]
	args    slab[dirArgAST]
	argPtrs slab[*dirArgAST]
}

// slab hands out zeroed values from larger allocations, which grow from
// 16 values to 1024.
type slab[T any] struct {
	free []T
	size int
}

func (s *slab[T]) take(n int) []T {
	if n > len(s.free) {
		s.size = min(max(2*s.size, 16), 1024)
		s.free = make([]T, max(n, s.size))
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	return out
}

// operands reads each token as an operand; those that are not one
// alone are nil.
func (p *plainParser) operands(toks []lexer.Token) []*operandAST {
	parts := p.parts.take(len(toks))
	out := p.ptrs.take(len(toks))
	for i := range toks {
		t, o := &toks[i], &parts[i].operandAST
		o.Pos = t.Pos
		o.Tokens = toks[i : i+1]
		v := &parts[i].value
		v.Pos = t.Pos
		switch t.Type {
		case tokNumber:
			v.Number = &t.Value
		case tokString:
			v.String = &t.Value
		case tokEllipsis:
			v.Ellipsis = true
		case tokIdent:
			v.Word = &t.Value
		case tokOp:
			if t.Value == "@" { // @name is a code reference
				continue
			}
			o.Symbol = &t.Value
			out[i] = o
			continue
		default:
			continue
		}
		o.Value = v
		out[i] = o
	}
	return out
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
