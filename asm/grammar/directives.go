package grammar

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// directiveInfo says where a directive may be used: releases from..to
// (3.12 is 312; 0 = unbounded), and whether it may appear only once per
// code block.
type directiveInfo struct {
	from, to int
	once     bool
	// instead is the directive to use where this one does not exist.
	instead string
}

var directives = map[string]directiveInfo{
	"python":          {},
	"name":            {once: true},
	"qualname":        {from: 311, once: true},
	"filename":        {once: true},
	"firstlineno":     {once: true},
	"argcount":        {once: true},
	"posonlyargcount": {from: 308, once: true},
	"kwonlyargcount":  {once: true},
	"flags":           {once: true},
	"consts":          {},
	"names":           {},
	"varnames":        {},
	"cellvars":        {},
	"freevars":        {},
	"kind":            {from: 311},
	"stacksize":       {once: true},
	"nlocals":         {to: 310, once: true},
	"caches":          {from: 311},
	"lnotab":          {to: 309, once: true, instead: ".linetable"},
	"linetable":       {from: 310, once: true, instead: ".lnotab"},
	"exceptiontable":  {from: 311, once: true},
	"line":            {},
	"header":          {once: true},
	"trailing":        {once: true},
	"marshal":         {once: true},
}

func releaseName(r int) string { return fmt.Sprintf("%d.%d", r/100, r%100) }

// release is a version as a comparable number: 3.12 is 312.
func release(v *versions.Version) int { return v.Major*100 + v.Minor }

// supportedReleases is "2.7, 3.6, …, 3.15".
func supportedReleases() string {
	var names []string
	for _, v := range versions.All() {
		names = append(names, v.String())
	}
	return strings.Join(names, ", ")
}

// directive applies one directive to the open code block (or the line
// table, for .line). first is true for the file's first line.
func (l *lowerer) directive(d *directiveAST, first bool) {
	pos := l.pos(d.Pos)
	name := d.Name[1:]
	info, known := directives[name]
	if !known {
		e := l.errorf(pos, "unknown directive %s", d.Name)
		var names []string
		for n := range directives {
			names = append(names, n)
		}
		if near := asm.Suggest(name, names); near != "" {
			e.Hint = "did you mean ." + near + "?"
		}
		return
	}
	r := release(l.v)
	if (info.from != 0 && r < info.from) || (info.to != 0 && r > info.to) {
		var e *asm.Error
		if info.from != 0 && r < info.from {
			e = l.errorf(pos, "%s needs Python %s or newer; the target is %s", d.Name, releaseName(info.from), l.v)
		} else {
			e = l.errorf(pos, "%s is for Python %s and older; the target is %s", d.Name, releaseName(info.to), l.v)
		}
		if info.instead != "" {
			e.Hint = "write " + info.instead
		}
		return
	}
	f := l.top()
	cs := f.cs
	if name == "python" {
		l.python(d, pos, first)
		return
	}
	if name == "filename" && f.kind == "module" && !l.started {
		// The file-level .filename: the default for every block.
		if l.progFileSet.IsValid() {
			l.errorf(pos, "duplicate .filename (the first is at line %d)", l.progFileSet.Line)
			return
		}
		if s, ok := l.nameDirective(d, pos); ok {
			l.prog.Filename = s
			l.progFileSet = pos
		}
		return
	}
	if info.once {
		if prev, dup := cs.seen[name]; dup {
			l.errorf(pos, "duplicate %s in this code block (the first is at line %d)", d.Name, prev.Line)
			return
		}
		cs.seen[name] = pos
	}
	c := cs.code
	switch name {
	case "name", "qualname", "filename":
		s, ok := l.nameDirective(d, pos)
		if !ok {
			return
		}
		switch name {
		case "name":
			c.Name = &s
		case "qualname":
			c.QualName = &s
		default:
			c.Filename = &s
		}
	case "firstlineno", "argcount", "posonlyargcount", "kwonlyargcount", "stacksize", "nlocals":
		o, ok := l.oneArg(d, pos, "a number")
		if !ok {
			return
		}
		count := l.countOperand
		if name == "firstlineno" {
			count = l.lineNumber
		}
		n, ok := count(o, d.Name, "a number")
		if !ok {
			return
		}
		// Each pointer field gets a variable of its own, so that n (and an
		// allocation) is not needed for the others.
		switch name {
		case "firstlineno":
			line := n
			c.FirstLineNo = &line
		case "argcount":
			c.ArgCount = n
		case "posonlyargcount":
			c.PosOnlyArgCount = n
		case "kwonlyargcount":
			c.KwOnlyArgCount = n
		case "nlocals":
			nlocals := n
			c.NLocals = &nlocals
		default:
			size := n
			c.StackSize = &size
		}
	case "flags":
		if bits, ok := l.bits(d, d.Args, pos, l.v.CodeFlags, math.MaxUint32, "flag"); ok {
			b := uint32(bits)
			c.Flags = &b
		}
	case "consts":
		items := l.list(d, pos)
		c.Consts = slices.Grow(c.Consts, len(items))
		for _, o := range items {
			if o.Value == nil {
				l.errorf(l.pos(o.Pos), "%s is not a constant", l.operandText(o))
				continue
			}
			if v := l.value(o.Value); v != nil {
				c.Consts = append(c.Consts, v)
			}
		}
	case "names", "varnames", "cellvars", "freevars":
		table := &c.Names
		switch name {
		case "varnames":
			table = &c.VarNames
		case "cellvars":
			table = &c.CellVars
		case "freevars":
			table = &c.FreeVars
		}
		items := l.list(d, pos)
		*table = slices.Grow(*table, len(items))
		for _, o := range items {
			if s, ok := l.nameOperand(o); ok {
				*table = append(*table, s)
			}
		}
	case "kind":
		l.kind(d, pos, c)
	case "lnotab", "linetable", "exceptiontable":
		b, ok := l.bytesArg(d, pos)
		if !ok {
			return
		}
		if name == "exceptiontable" {
			c.ExceptionTable, c.HasExcTable = b, true
		} else {
			c.LineTable, c.HasLineTable = b, true
		}
	case "line":
		l.line(d, pos)
	case "caches":
		l.caches(d, pos)
	case "header", "trailing":
		// Exact reproduction: the .pyc's header after the magic number, and
		// bytes after the marshalled code. File-level, like .python.
		if f.kind != "module" {
			l.errorf(pos, "%s belongs at the top of the file, not in a code block", d.Name)
			return
		}
		b, ok := l.bytesArg(d, pos)
		if !ok {
			return
		}
		if name == "header" {
			if want := l.v.HeaderSize() - 4; len(b) != want {
				l.errorf(pos, ".header holds %d bytes; a %s header has %d after the magic number", len(b), l.v, want)
				return
			}
			l.prog.Header = b
		} else {
			l.prog.Trailing = b
		}
	case "marshal":
		// Exact reproduction: how each object of the block was marshalled
		// (see asm/emit's exact.go).
		if s, ok := l.nameDirective(d, pos); ok {
			c.Marshal = s
		}
	}
}

// python checks the placement of .python; Parse has already read it.
func (l *lowerer) python(d *directiveAST, pos asm.Pos, first bool) {
	defer func() { l.pythonSeen = true }()
	switch {
	case l.pythonSeen:
		l.errorf(pos, "duplicate .python")
		return
	case !first:
		l.errorf(pos, ".python must come first, before anything else")
	}
	if len(d.Args) != 1 {
		l.errorf(pos, ".python takes one release, such as .python 3.12")
	}
}

// oneArg is the single operand of a directive that takes one value.
func (l *lowerer) oneArg(d *directiveAST, pos asm.Pos, what string) (*operandAST, bool) {
	if len(d.Args) != 1 || d.Args[0].Comma {
		l.errorf(pos, "%s takes one value, %s", d.Name, what)
		return nil, false
	}
	return d.Args[0].Operand, true
}

func (l *lowerer) nameDirective(d *directiveAST, pos asm.Pos) (string, bool) {
	o, ok := l.oneArg(d, pos, "a name")
	if !ok {
		return "", false
	}
	return l.nameOperand(o)
}

// nameOperand reads a name: an identifier or a string.
func (l *lowerer) nameOperand(o *operandAST) (string, bool) {
	switch {
	case o.Value != nil && o.Value.Word != nil:
		return l.word(*o.Value.Word, o.Value.Pos)
	case o.Value != nil && o.Value.String != nil:
		return l.quotedName(*o.Value.String, o.Value.Pos)
	}
	l.errorf(l.pos(o.Pos), "expected a name (an identifier or a string), not %s", l.operandText(o))
	return "", false
}

// countOperand reads a count; dir and takes say what is wrong with
// another operand ("DIR takes TAKES, not …").
func (l *lowerer) countOperand(o *operandAST, dir, takes string) (int, bool) {
	if o.Value == nil || o.Value.Number == nil {
		l.errorf(l.pos(o.Pos), "%s takes %s, not %s", dir, takes, l.operandText(o))
		return 0, false
	}
	return l.count(*o.Value.Number, o.Value.Pos, "the value")
}

// bytesArg is the one bytes literal a directive takes.
func (l *lowerer) bytesArg(d *directiveAST, pos asm.Pos) ([]byte, bool) {
	o, ok := l.oneArg(d, pos, "a bytes literal")
	if !ok {
		return nil, false
	}
	return l.bytesOperand(o, d.Name)
}

func (l *lowerer) bytesOperand(o *operandAST, dir string) ([]byte, bool) {
	if o.Value == nil || o.Value.String == nil {
		l.errorf(l.pos(o.Pos), "%s takes a bytes literal b\"…\", not %s", dir, l.operandText(o))
		return nil, false
	}
	obj := l.value(o.Value)
	if obj == nil {
		return nil, false
	}
	b, ok := obj.(*marshal.Bytes)
	if !ok {
		l.errorf(l.pos(o.Pos), "%s takes a bytes literal b\"…\", not a text string", dir)
		return nil, false
	}
	return b.Data, true
}

// list is a directive's comma-separated operands, one per item; a
// trailing comma is allowed. The slice is the lowerer's, reused by the
// next directive's list.
func (l *lowerer) list(d *directiveAST, pos asm.Pos) []*operandAST {
	commas := 0
	for _, a := range d.Args {
		if a.Comma {
			commas++
		}
	}
	out := slices.Grow(l.listed[:0], commas+1)
	// Item i is the arguments from start up to the next comma.
	i, start := 0, 0
	for k := 0; k <= len(d.Args); k++ {
		if k < len(d.Args) && !d.Args[k].Comma {
			continue
		}
		item := d.Args[start:k]
		switch {
		case len(item) == 1:
			out = append(out, item[0].Operand)
		case len(item) == 0 && i == commas && i > 0:
			// a trailing comma
		case len(item) == 0 && commas > 0:
			l.errorf(pos, "%s has an empty item between commas", d.Name)
		case len(item) > 1:
			l.errorf(l.pos(item[1].Operand.Pos), "separate the items of %s with commas", d.Name)
			out = append(out, item[0].Operand)
		}
		i, start = i+1, k+1
	}
	l.listed = out
	return out
}

// bits reads NAME|NAME|0x10 against a table of named bits.
func (l *lowerer) bits(d *directiveAST, args []*dirArgAST, pos asm.Pos, names []versions.NamedBit, max uint64, what string) (uint64, bool) {
	if len(args) == 0 {
		l.errorf(pos, "%s needs a value: %s names joined by |, or a number", d.Name, what)
		return 0, false
	}
	var v uint64
	ok := true
	for i, a := range args {
		if i%2 == 1 {
			if a.Comma || a.Operand.Symbol == nil || *a.Operand.Symbol != "|" {
				l.errorf(l.pos(a.Pos), "join the %ss of %s with |", what, d.Name)
				return 0, false
			}
			continue
		}
		o := a.Operand
		switch {
		case a.Comma:
			l.errorf(l.pos(a.Pos), "join the %ss of %s with |", what, d.Name)
			return 0, false
		case o.Value != nil && o.Value.Number != nil:
			n, good := l.uint(*o.Value.Number, o.Value.Pos, max, "a "+what+" value")
			v |= n
			ok = ok && good
		case o.Value != nil && o.Value.Word != nil:
			w := *o.Value.Word
			found := false
			for _, nb := range names {
				if nb.Name == w {
					v |= uint64(nb.Bit)
					found = true
				}
			}
			if !found {
				var list []string
				for _, nb := range names {
					list = append(list, nb.Name)
				}
				e := l.errorf(l.pos(o.Pos), "unknown %s %s for %s", what, w, l.v)
				if near := asm.Suggest(strings.ToUpper(w), append([]string(nil), list...)); near != "" {
					e.Hint = "did you mean " + near + "?"
				} else {
					sort.Strings(list)
					e.Hint = what + "s: " + strings.Join(list, ", ")
				}
				ok = false
			}
		default:
			l.errorf(l.pos(o.Pos), "expected a %s name or a number, not %s", what, l.operandText(o))
			return 0, false
		}
	}
	if len(args)%2 == 0 {
		l.errorf(l.pos(args[len(args)-1].Pos), "%s ends with |", d.Name)
		return 0, false
	}
	return v, ok
}

// kind reads `.kind NAME K|K…`.
func (l *lowerer) kind(d *directiveAST, pos asm.Pos, c *asm.Code) {
	if len(d.Args) < 2 || d.Args[0].Comma {
		l.errorf(pos, ".kind takes a name and its kind: .kind x LOCAL|HIDDEN")
		return
	}
	name, ok := l.nameOperand(d.Args[0].Operand)
	if !ok {
		return
	}
	k, ok := l.bits(d, d.Args[1:], pos, l.v.LocalKinds, math.MaxUint8, "kind")
	if !ok {
		return
	}
	if c.Kinds == nil {
		c.Kinds = map[string]uint8{}
	}
	if _, dup := c.Kinds[name]; dup {
		l.errorf(pos, "duplicate .kind for %s", name)
		return
	}
	c.Kinds[name] = uint8(k)
}

// caches reads `.caches W W…`: the inline cache units of the instruction
// right before it, as 16-bit words.
func (l *lowerer) caches(d *directiveAST, pos asm.Pos) {
	body := l.top().stmts
	var in *asm.Instr
	if len(body) > 0 {
		in, _ = body[len(body)-1].(*asm.Instr)
	}
	if in == nil {
		l.errorf(pos, ".caches belongs right after the instruction whose inline caches it gives")
		return
	}
	if in.Caches != nil {
		l.errorf(pos, "duplicate .caches for this instruction")
		return
	}
	have := l.v.Opcode(in.Op).Caches
	if len(d.Args) > have {
		l.errorf(pos, "%s has %d inline cache units; .caches gives %d", in.Op, have, len(d.Args))
		return
	}
	words := []uint16{}
	for _, a := range d.Args {
		if a.Comma {
			l.errorf(l.pos(a.Pos), ".caches takes its values without commas")
			return
		}
		o := a.Operand
		if o.Value == nil || o.Value.Number == nil {
			l.errorf(l.pos(o.Pos), ".caches takes 16-bit numbers, not %s", l.operandText(o))
			return
		}
		w, ok := l.uint(*o.Value.Number, o.Value.Pos, math.MaxUint16, "a cache unit")
		if !ok {
			return
		}
		words = append(words, uint16(w))
	}
	in.Caches = words
}

// line reads `.line N`, `.line none` or `.line LINE END_LINE COL END_COL`
// (3.11+). `.line N` is the whole line N: on 3.11+ its end line is N too
// and its columns are None.
func (l *lowerer) line(d *directiveAST, pos asm.Pos) {
	ln := l.lines.one()
	*ln = asm.Line{Pos: pos, Line: asm.NoPosition, EndLine: asm.NoPosition, Col: asm.NoPosition, EndCol: asm.NoPosition}
	field := func(o *operandAST) (int, bool) {
		if o.Value != nil && o.Value.Word != nil && (*o.Value.Word == "none" || *o.Value.Word == "None") {
			return asm.NoPosition, true
		}
		return l.countOperand(o, ".line", "numbers or none")
	}
	lineField := func(o *operandAST) (int, bool) {
		if o.Value != nil && o.Value.Word != nil && (*o.Value.Word == "none" || *o.Value.Word == "None") {
			return asm.NoPosition, true
		}
		return l.lineNumber(o, ".line", "numbers or none")
	}
	for _, a := range d.Args {
		if a.Comma {
			l.errorf(l.pos(a.Pos), ".line takes its values without commas")
			return
		}
	}
	switch len(d.Args) {
	case 1:
		n, ok := lineField(d.Args[0].Operand)
		if !ok {
			return
		}
		ln.Line = n
		if l.v.Lines == versions.Locations311 {
			ln.EndLine = n
		}
	case 4:
		if l.v.Lines != versions.Locations311 {
			l.errorf(pos, ".line with columns needs Python 3.11 or newer; the target is %s", l.v).Hint = "write .line N"
			return
		}
		vals := [4]int{}
		for i, a := range d.Args {
			get := field
			if i < 2 {
				get = lineField // lines may be below zero; columns not
			}
			n, ok := get(a.Operand)
			if !ok {
				return
			}
			vals[i] = n
		}
		ln.Line, ln.EndLine, ln.Col, ln.EndCol = vals[0], vals[1], vals[2], vals[3]
	default:
		l.errorf(pos, ".line takes a line number, none, or LINE END_LINE COL END_COL")
		return
	}
	l.add(ln)
}
