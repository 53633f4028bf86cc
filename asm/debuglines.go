package asm

import "bytes"

// UseSourceLines points a program's line information at its own .pyasm
// text, for `pyasm build -g`: every code block's co_filename becomes
// filename, and each instruction gets the line (and, where src is given
// and the release keeps columns, the columns) it was written on, so a
// traceback shows the .pyasm line of the instruction that raised. The
// program's own .line directives, .filename and .firstlineno are dropped:
// they describe a source that -g replaces. Instructions without a position
// (built in Go) keep no line.
func (p *Program) UseSourceLines(filename string, src []byte) {
	if p == nil || p.Module == nil {
		return
	}
	p.Filename = filename
	lines := bytes.Split(src, []byte("\n"))
	var walk func(c *Code)
	walk = func(c *Code) {
		if c == nil {
			return
		}
		c.Filename = nil
		c.FirstLineNo = nil
		c.LineTable, c.HasLineTable = nil, false
		c.Body = sourceLines(c.Body, lines, walk)
	}
	walk(p.Module)
}

// sourceLines rewrites one body: .line directives go, and each
// instruction is preceded by a Line holding its own position.
func sourceLines(body []Stmt, lines [][]byte, nested func(*Code)) []Stmt {
	out := make([]Stmt, 0, 2*len(body))
	for _, s := range body {
		switch s := s.(type) {
		case *Line:
			continue
		case *Instr:
			if s != nil && s.Pos.IsValid() {
				out = append(out, instrLine(s.Pos, lines))
			}
		case *Try:
			if s != nil {
				s.Body = sourceLines(s.Body, lines, nested)
			}
		case *Code:
			nested(s)
		}
		out = append(out, s)
	}
	return out
}

// instrLine is the Line of an instruction at pos: its line, and the byte
// columns (0-based, end exclusive, as the location table counts them) of
// the instruction's text when the source line is known.
func instrLine(pos Pos, lines [][]byte) *Line {
	l := &Line{Pos: pos, Line: pos.Line, EndLine: pos.Line, Col: NoPosition, EndCol: NoPosition}
	if pos.Line-1 < len(lines) && pos.Col >= 1 && pos.Col-1 <= len(lines[pos.Line-1]) {
		text := lines[pos.Line-1]
		l.Col = pos.Col - 1
		l.EndCol = l.Col + instrTextLen(text[l.Col:])
	}
	return l
}

// instrTextLen is the length of an instruction's text at the start of
// text: up to a comment outside quotes, without trailing blanks.
func instrTextLen(text []byte) int {
	end, quote := 0, byte(0)
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case quote != 0 && c == '\\':
			i++
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			return end
		}
		if c != ' ' && c != '\t' && c != '\r' {
			end = min(i+1, len(text))
		}
	}
	return end
}
