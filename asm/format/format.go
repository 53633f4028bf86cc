// Package format writes an asm.Program as .pyasm text, in the language
// spec/SYNTAX.md describes and asm/grammar reads: the reverse of the
// grammar. The disassembler uses it to print what it lifted; anything that
// builds programs in Go can use it to show them.
//
// Layout: directives first, then the body, instructions indented four
// spaces, labels at the block's margin, try regions and nested code blocks
// as braced blocks indented one step more.
package format

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// Options changes how a program is written.
type Options struct {
	// NoPositions leaves source positions out: .line directives, the
	// positions after instructions and the line-table overrides. The text
	// then assembles to code that differs only in its line table.
	NoPositions bool
	// Source, when set, gives the text of line n of a source file (ok
	// false when there is none): where an instruction's position moves to
	// another line, the line's text is written before it as a comment,
	// "# 12: text".
	Source func(file string, n int) (text string, ok bool)
}

// Program writes p as .pyasm text.
func Program(w io.Writer, p *asm.Program) error { return ProgramWith(w, p, Options{}) }

// ProgramWith writes p as .pyasm text, as opts say.
func ProgramWith(w io.Writer, p *asm.Program, opts Options) error {
	bw := bufio.NewWriter(w)
	f := &printer{w: bw, v: p.Version, opts: opts, file: p.Filename, commentColumn: commentColumn}
	if !opts.NoPositions && hasLine(p.Module) {
		// Comments go right of the column of positions.
		f.commentColumn = positionCommentColumn
	}
	f.printf(".python %s\n", p.Version)
	if p.Filename != "" {
		f.printf(".filename %s\n", f.quote(p.Filename))
	}
	if p.Header != nil {
		f.printf(".header b%s\n", marshal.BytesRepr(p.Header))
	}
	if p.Trailing != nil {
		f.printf(".trailing b%s\n", marshal.BytesRepr(p.Trailing))
	}
	f.block(p.Module, 0, true)
	if f.err != nil {
		return f.err
	}
	return bw.Flush()
}

type printer struct {
	w    *bufio.Writer
	v    *versions.Version
	opts Options
	err  error
	// file is the co_filename of the block being written, for Source.
	file string
	// at is a position waiting to be written after the next instruction;
	// shown is the last source line written as a comment.
	at    *asm.Line
	shown int
	// line is the buffer an instruction's line is made in.
	line []byte
	// first is the block's co_firstlineno while no position has been
	// written: the line of its first instructions.
	first         int
	commentColumn int
}

// hasLine reports whether a block, or one inside it, has a Line.
func hasLine(c *asm.Code) bool {
	var in func([]asm.Stmt) bool
	in = func(body []asm.Stmt) bool {
		for _, s := range body {
			switch s := s.(type) {
			case *asm.Line:
				return true
			case *asm.Try:
				if in(s.Body) {
					return true
				}
			case *asm.Code:
				if hasLine(s) {
					return true
				}
			}
		}
		return false
	}
	return in(c.Body)
}

func (f *printer) printf(format string, args ...any) {
	if f.err == nil {
		_, f.err = fmt.Fprintf(f.w, format, args...)
	}
}

// put writes strings as they are: the body's lines, without fmt.
func (f *printer) put(parts ...string) {
	for _, p := range parts {
		if f.err == nil {
			_, f.err = io.WriteString(f.w, p)
		}
	}
}

// block writes a code block's directives and body at the given margin.
func (f *printer) block(c *asm.Code, margin int, module bool) {
	pad := strings.Repeat("    ", margin)
	f.directives(c, pad)
	file, shown, first := f.file, f.shown, f.first
	if c.Filename != nil {
		f.file = *c.Filename
	}
	f.shown, f.first = 0, 0
	if c.FirstLineNo != nil {
		f.first = *c.FirstLineNo
	}
	f.body(c.Body, margin)
	f.file, f.shown, f.first = file, shown, first
}

func (f *printer) directives(c *asm.Code, pad string) {
	d := func(format string, args ...any) { f.printf(pad+format+"\n", args...) }
	if c.Name != nil {
		d(".name %s", f.name(*c.Name))
	}
	if c.QualName != nil {
		d(".qualname %s", f.name(*c.QualName))
	}
	if c.Filename != nil {
		d(".filename %s", f.quote(*c.Filename))
	}
	if c.FirstLineNo != nil {
		d(".firstlineno %d", *c.FirstLineNo)
	} else if n := asm.FirstLine(c.Body); f.opts.NoPositions && n != 1 {
		// Without its .line directives the block would start at line 1.
		d(".firstlineno %d", n)
	}
	if c.ArgCount != 0 {
		d(".argcount %d", c.ArgCount)
	}
	if c.PosOnlyArgCount != 0 {
		d(".posonlyargcount %d", c.PosOnlyArgCount)
	}
	if c.KwOnlyArgCount != 0 {
		d(".kwonlyargcount %d", c.KwOnlyArgCount)
	}
	if c.Flags != nil {
		d(".flags %s", versions.FormatBits(*c.Flags, f.v.CodeFlags))
	}
	// The tables, often long, are appended in the line buffer.
	if c.Consts != nil {
		line := append(append(f.line[:0], pad...), ".consts "...)
		for i, k := range c.Consts {
			if i > 0 {
				line = append(line, ", "...)
			}
			line = f.appendLiteral(line, k)
		}
		f.putLine(line)
	}
	for _, t := range []struct {
		dir   string
		names []string
	}{{"names", c.Names}, {"varnames", c.VarNames}, {"cellvars", c.CellVars}, {"freevars", c.FreeVars}} {
		if t.names != nil {
			line := append(append(append(append(f.line[:0], pad...), '.'), t.dir...), ' ')
			for i, n := range t.names {
				if i > 0 {
					line = append(line, ", "...)
				}
				line = f.appendName(line, n)
			}
			f.putLine(line)
		}
	}
	kinds := make([]string, 0, len(c.Kinds))
	for n := range c.Kinds {
		kinds = append(kinds, n)
	}
	sort.Strings(kinds)
	for _, n := range kinds {
		d(".kind %s %s", f.name(n), versions.FormatBits(uint32(c.Kinds[n]), f.v.LocalKinds))
	}
	if c.NLocals != nil {
		d(".nlocals %d", *c.NLocals)
	}
	if c.StackSize != nil {
		d(".stacksize %d", *c.StackSize)
	}
	if c.HasLineTable && !f.opts.NoPositions {
		dir := ".linetable"
		if f.v.Lines == versions.LnotabSigned || f.v.Lines == versions.LnotabUnsigned {
			dir = ".lnotab"
		}
		d("%s b%s", dir, marshal.BytesRepr(c.LineTable))
	}
	if c.HasExcTable {
		d(".exceptiontable b%s", marshal.BytesRepr(c.ExceptionTable))
	}
	if c.Marshal != "" {
		d(".marshal %s", f.quote(c.Marshal))
	}
}

// putLine ends the line in the printer's buffer and writes it.
func (f *printer) putLine(line []byte) {
	line = append(line, '\n')
	f.line = line
	if f.err == nil {
		_, f.err = f.w.Write(line)
	}
}

// caches writes an instruction's inline cache units, when it has any
// that are not zero: a `.caches` line after it.
func caches(in *asm.Instr) string {
	words := in.Caches
	for len(words) > 0 && words[len(words)-1] == 0 {
		words = words[:len(words)-1]
	}
	if len(words) == 0 {
		return ""
	}
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = fmt.Sprintf("0x%04x", w)
	}
	return ".caches " + strings.Join(parts, " ")
}

// positionColumn is where an instruction's position starts, and
// commentColumn where its comment does (positionCommentColumn in a
// program with positions), when what comes before is shorter.
const (
	positionColumn        = 44
	commentColumn         = 48
	positionCommentColumn = 64
)

func (f *printer) body(stmts []asm.Stmt, margin int) {
	pad := strings.Repeat("    ", margin)
	inner := pad + "    " // an instruction's margin
	for i, s := range stmts {
		switch s := s.(type) {
		case *asm.Label:
			f.put(pad, s.Name, ":\n")
		case *asm.Line:
			if f.opts.NoPositions {
				continue
			}
			f.first = 0
			f.source(s, inner)
			if shortLineOK(f.v, s) && instrNext(stmts[i+1:]) {
				f.at = s
				continue
			}
			f.put(pad, ".line ", lineText(s, f.v.Lines == versions.Locations311), "\n")
		case *asm.Instr:
			if f.first > 0 {
				f.source(&asm.Line{Line: f.first}, inner)
				f.first = 0
			}
			for i := 0; i < s.ExtendedArgs; i++ {
				f.put(pad, "    EXTENDED_ARG\n")
			}
			// The line is made in the printer's buffer: it is most of
			// the text, and strings for its parts were most of the
			// allocations.
			line := append(f.line[:0], pad...)
			line = append(line, "    "...)
			line = f.appendInstr(line, s)
			if f.at != nil {
				line = append(padBytes(line, positionColumn-1), " @"...)
				line = appendShortLine(line, f.v, f.at)
				f.at = nil
			}
			if s.Comment != "" {
				// As fmt's "%-*s # %s" would, newlines made spaces.
				line = append(padBytes(line, f.commentColumn-1), " # "...)
				for _, r := range []byte(s.Comment) {
					if r == '\n' {
						r = ' '
					}
					line = append(line, r)
				}
			}
			f.putLine(line)
			if c := caches(s); c != "" {
				f.printf("%s    %s\n", pad, c)
			}
		case *asm.Try:
			head := "try " + s.Handler
			if s.Lasti {
				head += " lasti"
			}
			if s.Depth != nil {
				head += fmt.Sprintf(" depth %d", *s.Depth)
			}
			f.printf("%s%s {\n", pad, head)
			f.body(s.Body, margin+1)
			f.printf("%s}\n", pad)
		case *asm.Code:
			f.printf("\n%scode %s {\n", pad, f.name(s.Label))
			f.block(s, margin+1, false)
			f.printf("%s}\n", pad)
		}
	}
}

// instrNext reports whether the statements start with an instruction,
// after labels and inside a try region: the instruction a position
// directive before them applies to first.
func instrNext(stmts []asm.Stmt) bool {
	for _, s := range stmts {
		switch s := s.(type) {
		case *asm.Label:
			continue
		case *asm.Instr:
			return true
		case *asm.Try:
			return instrNext(s.Body)
		}
		return false
	}
	return false
}

// shortLineOK reports whether a position has the form written after an
// instruction (appendShortLine): not a line below zero, nor one column
// without the other, which only .line can say.
func shortLineOK(v *versions.Version, l *asm.Line) bool {
	const none = asm.NoPosition
	switch {
	case l.Line == none && l.EndLine == none && l.Col == none && l.EndCol == none:
		return true
	case l.Line < 0:
		return false
	case v.Lines != versions.Locations311:
		return true
	case l.EndLine < 0:
		return false
	}
	return l.Col == none && l.EndCol == none || l.Col >= 0 && l.EndCol >= 0
}

// appendShortLine spells a position as written after an instruction (3,
// 3:0-5, 3-4:0-9, - for none); shortLineOK says it can.
func appendShortLine(b []byte, v *versions.Version, l *asm.Line) []byte {
	const none = asm.NoPosition
	switch {
	case l.Line == none && l.EndLine == none && l.Col == none && l.EndCol == none:
		return append(b, '-')
	case v.Lines != versions.Locations311:
		// Before 3.11 a position is only its line.
		return strconv.AppendInt(b, int64(l.Line), 10)
	}
	b = strconv.AppendInt(b, int64(l.Line), 10)
	if l.EndLine != l.Line {
		b = strconv.AppendInt(append(b, '-'), int64(l.EndLine), 10)
	}
	if l.Col == none && l.EndCol == none {
		return b
	}
	b = strconv.AppendInt(append(b, ':'), int64(l.Col), 10)
	return strconv.AppendInt(append(b, '-'), int64(l.EndCol), 10)
}

// padBytes is fmt's %-*s on a line being made: spaces after it up to
// width characters.
func padBytes(b []byte, width int) []byte {
	for n := utf8.RuneCount(b); n < width; n++ {
		b = append(b, ' ')
	}
	return b
}

// source writes, with Options.Source, the text of the line a position
// moves to, where it moves.
func (f *printer) source(l *asm.Line, pad string) {
	if f.opts.Source == nil || l.Line <= 0 || l.Line == f.shown {
		return
	}
	f.shown = l.Line
	text, ok := f.opts.Source(f.file, l.Line)
	if !ok {
		return
	}
	text = strings.TrimRight(strings.ToValidUTF8(text, "\uFFFD"), " \t\r\f\v")
	if text == "" {
		f.printf("%s# %d:\n", pad, l.Line)
		return
	}
	f.printf("%s# %d: %s\n", pad, l.Line, text)
}

// lineText writes a .line's operands. Without columns (before 3.11) a
// line is only its number: the grammar reads ".line N" there with the end
// line and columns None.
func lineText(l *asm.Line, columns bool) string {
	part := func(n int) string {
		if n == asm.NoPosition {
			return "none"
		}
		return strconv.Itoa(n)
	}
	if !columns {
		return part(l.Line)
	}
	if l.Line == asm.NoPosition && l.EndLine == asm.NoPosition && l.Col == asm.NoPosition && l.EndCol == asm.NoPosition {
		return "none"
	}
	if l.EndLine == l.Line && l.Col == asm.NoPosition && l.EndCol == asm.NoPosition {
		return part(l.Line)
	}
	return strings.Join([]string{part(l.Line), part(l.EndLine), part(l.Col), part(l.EndCol)}, " ")
}

// appendInstr writes an instruction with its operands and flag words, the
// opcode padded so operands line up.
func (f *printer) appendInstr(b []byte, in *asm.Instr) []byte {
	b = append(b, in.Op...)
	if len(in.Args) == 0 && len(in.Flags) == 0 {
		return b
	}
	// The opcode padded to 20 characters, as %-20s does.
	for n := utf8.RuneCountInString(in.Op); n < 20; n++ {
		b = append(b, ' ')
	}
	named := false // looked up once, not per operand
	for _, a := range in.Args {
		if _, ok := a.(*asm.Ident); ok {
			named = f.v.NamedArgs(in.Op) != nil
			break
		}
	}
	for _, a := range in.Args {
		b = f.appendOperand(append(b, ' '), named, a)
	}
	for _, w := range in.Flags {
		b = append(append(b, ' '), w...)
	}
	return b
}

// appendOperand appends an operand as the language spells it (named: the
// opcode's argument values have names, which an Ident is). The
// operands of an instruction line are appended in the line's buffer: they
// are most of the text, and a string for each was most of the printing's
// allocations.
func (f *printer) appendOperand(b []byte, named bool, o asm.Operand) []byte {
	switch o := o.(type) {
	case *asm.Literal:
		return f.appendLiteral(b, o.Value)
	case *asm.Ident:
		if named {
			// Names of argument values (defaults|closure, None) are
			// written as they are: the grammar reads them back as such.
			return append(b, o.Name...)
		}
		return f.appendName(b, o.Name)
	case *asm.Raw:
		return strconv.AppendUint(append(b, '!'), uint64(o.Value), 10)
	case *asm.Symbol:
		return append(b, o.Text...)
	}
	return append(b, '?')
}

// appendLiteral appends literal(v), without a string of its own for the
// common constants (names, strings, small ints, tuples of them).
func (f *printer) appendLiteral(b []byte, v asm.Value) []byte {
	switch v := v.(type) {
	case *asm.CodeRef:
		return f.appendName(append(b, '@'), v.Label)
	case *marshal.Int:
		if v.Value.IsInt64() && !(f.v.Marshal.Python2 && v.Type&^marshal.FlagRef == 'l') {
			return strconv.AppendInt(b, v.Value.Int64(), 10)
		}
	case *marshal.Str:
		if f.v.Marshal.Python2 {
			b = append(b, 'u')
		}
		return marshal.AppendStrRepr(b, v.Value(), f.v.Marshal.Python2)
	case *marshal.Tuple:
		b = append(b, '(')
		for i, item := range v.Items {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = f.appendLiteral(b, item)
		}
		if len(v.Items) == 1 {
			b = append(b, ',')
		}
		return append(b, ')')
	}
	return append(b, f.otherLiteral(v)...)
}

// appendName appends name(s).
func (f *printer) appendName(b []byte, s string) []byte {
	if isIdent(s) {
		return append(b, s...)
	}
	return f.appendQuote(b, s)
}

func (f *printer) literals(vals []asm.Value) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = f.literal(v)
	}
	return strings.Join(parts, ", ")
}

// literal writes a constant so that the grammar reads back the same value
// of the same type.
func (f *printer) literal(v asm.Value) string { return string(f.appendLiteral(nil, v)) }

// otherLiteral is literal for the constants appendLiteral does not append
// itself.
func (f *printer) otherLiteral(v asm.Value) string {
	py2 := f.v.Marshal.Python2
	switch v := v.(type) {
	case *marshal.None:
		return "None"
	case *marshal.Bool:
		if v.Value {
			return "True"
		}
		return "False"
	case *marshal.Ellipsis:
		return "..."
	case *marshal.Int:
		s := v.Value.String()
		if py2 && v.Type&^marshal.FlagRef == 'l' {
			s += "L"
		}
		return s
	case *marshal.Float:
		return floatLiteral(v.Bits)
	case *marshal.Complex:
		re, im := math.Float64frombits(v.Real), math.Float64frombits(v.Imag)
		if math.IsNaN(re) || math.IsNaN(im) {
			// (re±imj), the imaginary part's sign written out.
			sign, mag := "+", floatLiteral(v.Imag&^(1<<63))
			if math.Signbit(im) {
				sign = "-"
			}
			return "(" + floatLiteral(v.Real) + sign + mag + "j)"
		}
		return marshal.ComplexRepr(re, im)
	case *marshal.Bytes:
		if py2 {
			return marshal.BytesRepr(v.Data)
		}
		return "b" + marshal.BytesRepr(v.Data)
	case *marshal.FrozenSet:
		if len(v.Items) == 0 {
			return "frozenset()"
		}
		return "frozenset({" + f.literals(v.Items) + "})"
	case *marshal.Slice:
		return "slice(" + f.literals([]asm.Value{v.Start, v.Stop, v.Step}) + ")"
	}
	return fmt.Sprintf("<unwritable %T>", v)
}

// floatLiteral writes a float as Python's repr does, except that a NaN
// keeps its sign: -nan reads back with the sign bit set. (Other NaN
// payloads are not written; CPython's compiler never makes them.)
func floatLiteral(bits uint64) string {
	f := math.Float64frombits(bits)
	if math.IsNaN(f) && math.Signbit(f) {
		return "-nan"
	}
	return marshal.FloatRepr(f)
}

// name writes a name bare when it is an identifier, else quoted.
func (f *printer) name(s string) string {
	if isIdent(s) {
		return s
	}
	return f.quote(s)
}

// quote writes a name or file name as a string literal. A 2.7 name is a
// byte string, which the grammar reads back byte for byte (CPython writes
// names that are not UTF-8 for a source whose path is not).
func (f *printer) quote(s string) string { return string(f.appendQuote(nil, s)) }

// appendQuote appends quote(s).
func (f *printer) appendQuote(b []byte, s string) []byte {
	if f.v.Marshal.Python2 {
		return append(b, marshal.TextBytesRepr(s)...)
	}
	return marshal.AppendStrRepr(b, s, false)
}

// isIdent reports whether s can be written bare: a Python identifier that
// is not one of the words with a meaning of their own in the language.
func isIdent(s string) bool {
	if s == "" || len(s) <= maxReserved && reserved[s] {
		return false
	}
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) {
			return false
		}
	}
	return true
}

// reserved are identifiers that read as something else where an operand
// stands: constants, float words, and flag words.
// maxReserved is the length of the longest reserved word.
var maxReserved = func() (n int) {
	for w := range reserved {
		n = max(n, len(w))
	}
	return n
}()

var reserved = map[string]bool{
	"None": true, "True": true, "False": true, "inf": true, "nan": true,
	"null": true, "method": true, "twoarg": true, "bool": true, "lazy": true, "eager": true,
	"code": true, "try": true, "lasti": true, "depth": true, "frozenset": true, "slice": true,
	"in": true, "not": true, "is": true,
}

// Instr writes one instruction as the language spells it, operands and
// flag words after the opcode: for messages that quote what was written.
func Instr(v *versions.Version, in *asm.Instr) string {
	f := &printer{v: v}
	parts := []string{in.Op}
	for _, a := range in.Args {
		parts = append(parts, string(f.appendOperand(nil, f.v.NamedArgs(in.Op) != nil, a)))
	}
	return strings.Join(append(parts, in.Flags...), " ")
}

// Literal writes a constant as the language spells it.
func Literal(v *versions.Version, val asm.Value) string {
	return (&printer{v: v}).literal(val)
}
