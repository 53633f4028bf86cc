// Package disasm lifts a .pyc back into the assembler's program model
// (package asm): instructions with symbolic operands, labels at jump
// targets and handlers, line directives and try regions, with the tables,
// stack size and line and exception tables left for the resolver to
// recompute.
//
// It is the flow run backwards: pyc → marshal → bytecode → asm.Program. A
// printer writes the program as .pyasm text. Where the resolver would not
// reproduce the original for some code object — a table in an order first
// use does not give, a stack size CPython over-estimated — the program
// carries an explicit table or override for that object, and Stats counts
// them.
package disasm

import (
	"fmt"
	"math/big"
	"sort"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/asm/stackdepth"
	"github.com/pyasm/pyasm/bytecode"
	"github.com/pyasm/pyasm/exctable"
	"github.com/pyasm/pyasm/linetable"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/versions"
)

// Stats counts what a disassembly had to spell out because the resolver
// would not have recomputed it.
type Stats struct {
	CodeObjects    int
	StackSize      int // .stacksize overrides
	LineTable      int // .lnotab / .linetable overrides
	ExceptionTable int // .exceptiontable overrides
	RawOperands    int // operands written as !N
	Prefixes       int // EXTENDED_ARG lines forcing a prefix the argument does not need
	// Unverified are the verifier's findings on the code as lifted (each
	// positioned at its block's label): such a program assembles only
	// with NoVerify (--no-verify), as the file it came from was made.
	Unverified asm.ErrorList
}

// resolveAsIs resolves a lifted program with the verifier's findings as
// warnings: the lifter shows the code the file has, valid or not. The
// lifter resolves a program several times as it settles it; the memo
// spares the slot walk of the code that did not change.
func resolveAsIs(p *asm.Program, memo *resolve.Memo, walk bool) (*resolve.Program, asm.ErrorList, error) {
	return resolve.ResolveWith(p, resolve.Options{NoVerify: true, Memo: memo, NoSlotWalk: !walk})
}

// resolveDerived is resolveAsIs with the slot walk, reporting what the
// resolver derives for every block (resolve.Derived).
func resolveDerived(p *asm.Program, memo *resolve.Memo) (*resolve.Program, asm.ErrorList, error) {
	return resolve.ResolveWith(p, resolve.Options{NoVerify: true, Memo: memo, Derived: true})
}

// Overrides is the number of overrides written.
func (s Stats) Overrides() int { return s.StackSize + s.LineTable + s.ExceptionTable }

// File lifts a whole .pyc.
func File(f *pyc.File) (*asm.Program, error) {
	return file(f, &resolve.Memo{})
}

func file(f *pyc.File, memo *resolve.Memo) (*asm.Program, error) {
	p, d, err := lift(f)
	if err != nil {
		return nil, err
	}
	if err := d.settle(p, memo); err != nil {
		return nil, err
	}
	return p, nil
}

// lift lifts a whole .pyc as it is, unsettled.
func lift(f *pyc.File) (*asm.Program, *lifter, error) {
	top, err := f.Code()
	if err != nil {
		return nil, nil, err
	}
	d := &lifter{flagNames: map[string][]string{}, v: f.Version, labels: map[*marshal.Code]string{}, used: map[string]bool{}}
	// One original per instruction: sizing the list once spares its
	// copies as it doubles.
	n := 0
	for _, c := range codeObjects(top) {
		n += bytecode.Count(f.Version, bytesOf(c.Bytecode))
	}
	d.orig = make([]original, 0, n)
	p := &asm.Program{Version: f.Version, Filename: text(top.Filename)}
	d.filename = p.Filename
	d.name(top, true)
	p.Module, err = d.code(top, true)
	if err != nil {
		return nil, nil, err
	}
	return p, d, nil
}

// settle resolves the program and compares with the original: an operand
// the resolver gives another argument than the original had (a constant
// CPython stored twice and used by its second copy) is written as !N, and
// an instruction the resolver gives fewer EXTENDED_ARG prefixes than
// CPython did (prefixes an optimizer left behind, or that keep each other
// needed) gets them as EXTENDED_ARG lines. Forcing prefixes moves later
// code, so this repeats until nothing changes.
func (d *lifter) settle(p *asm.Program, memo *resolve.Memo) error {
	for round := 0; ; round++ {
		rp, _, err := resolveAsIs(p, memo, true)
		if err != nil {
			return err
		}
		if !d.adjust(rp) || round == 8 {
			return nil
		}
	}
}

// settleFrom is settle from a resolve of p already made, with what
// resolveDerived reports: it returns the resolve of the settled program,
// or nil when p has not settled after as many rounds as settle makes.
func (d *lifter) settleFrom(p *asm.Program, memo *resolve.Memo, rp *resolve.Program, warnings asm.ErrorList) (*resolve.Program, asm.ErrorList, error) {
	for round := 0; ; round++ {
		if !d.adjust(rp) {
			return rp, warnings, nil
		}
		if round == 8 {
			return nil, nil, nil
		}
		var err error
		if rp, warnings, err = resolveDerived(p, memo); err != nil {
			return nil, nil, err
		}
	}
}

// adjust is a round of settle: it writes as !N each operand the resolver
// gave another argument than the original had, and as EXTENDED_ARG lines
// the prefixes it left out; true if it changed anything.
func (d *lifter) adjust(rp *resolve.Program) bool {
	changed := false
	for _, orig := range d.orig {
		in := orig.instr
		got, ok := rp.Placement(in)
		if !ok {
			continue
		}
		if !orig.jump && got.Arg != orig.arg {
			in.Args, in.Flags = []asm.Operand{&asm.Raw{Value: orig.arg}}, nil
			changed = true
		}
		if got.Prefixes < int(orig.prefixes) {
			in.ExtendedArgs += int(orig.prefixes) - got.Prefixes
			changed = true
		}
	}
	return changed
}

type lifter struct {
	mem       chunks
	flagNames map[string][]string // an opcode's flag words, sorted
	v         *versions.Version
	labels    map[*marshal.Code]string // block label of every code object
	used      map[string]bool
	orig      []original // every instruction's original argument and prefixes, in lifting order
	stats     Stats
	// Arrays a block's lift uses and the next reuses: the decoded code of
	// each block being lifted, by nesting depth (a block's children are
	// lifted while it waits), and the positions of the block at hand.
	decoded [][]bytecode.Instruction
	depth   int
	pos     []linetable.Position
	// filename is the program's default co_filename; a block whose own
	// differs says so.
	filename string
}

type original struct {
	instr    *asm.Instr
	arg      uint32
	prefixes int32
	jump     bool
}

// text is the Go text of a str (or 2.7 byte-string) object.
func text(o marshal.Object) string {
	switch o := o.(type) {
	case *marshal.Str:
		return o.Value()
	case *marshal.Bytes:
		return string(o.Data)
	}
	return ""
}

func texts(o marshal.Object) []string {
	t, _ := o.(*marshal.Tuple)
	if t == nil {
		return nil
	}
	out := make([]string, len(t.Items))
	for i, it := range t.Items {
		out[i] = text(it)
	}
	return out
}

func bytesOf(o marshal.Object) []byte {
	if b, ok := o.(*marshal.Bytes); ok {
		return b.Data
	}
	return nil
}

func tuple(o marshal.Object) []marshal.Object {
	if t, ok := o.(*marshal.Tuple); ok {
		return t.Items
	}
	return nil
}

// name gives a code object a block label unique in the file: its qualname
// (or name), made unique with a number when taken.
func (d *lifter) name(c *marshal.Code, module bool) string {
	if l, ok := d.labels[c]; ok {
		return l
	}
	base := text(c.QualName)
	if base == "" {
		base = text(c.Name)
	}
	if module {
		base = "<module>"
	}
	label := base
	for n := 2; d.used[label]; n++ {
		label = fmt.Sprintf("%s_%d", base, n)
	}
	d.used[label] = true
	d.labels[c] = label
	return label
}

// code lifts one code object and its nested ones.
func (d *lifter) code(c *marshal.Code, module bool) (*asm.Code, error) {
	if err := checkCode(d.v, c); err != nil {
		return nil, err
	}
	raw := bytesOf(c.Bytecode)
	if d.depth == len(d.decoded) {
		d.decoded = append(d.decoded, nil)
	}
	ins, err := bytecode.AppendDecode(d.decoded[d.depth][:0], d.v, raw)
	d.decoded[d.depth] = ins
	if err != nil {
		return nil, fmt.Errorf("%s: %v", text(c.Name), err)
	}
	out := &asm.Code{Label: d.name(c, module)}
	// Lifted statements carry the block's label as their file, so that a
	// resolver error says which block it is about.
	out.Pos = asm.Pos{File: out.Label, Line: 1, Col: 1}
	// Nested code objects are named first, so their labels exist for @refs.
	for _, k := range tuple(c.Consts) {
		if kc, ok := k.(*marshal.Code); ok {
			d.name(kc, false)
		}
	}
	d.header(c, out, module)
	var children []*asm.Code
	d.depth++
	for _, k := range tuple(c.Consts) {
		if kc, ok := k.(*marshal.Code); ok {
			child, err := d.code(kc, false)
			if err != nil {
				return nil, err
			}
			children = append(children, child)
		}
	}
	d.depth--

	l := &body{d: d, c: c, ins: ins, labels: map[int]string{}}
	if err := l.positions(); err != nil {
		return nil, fmt.Errorf("%s: %v", text(c.Name), err)
	}
	if err := l.handlers(); err != nil {
		return nil, fmt.Errorf("%s: %v", text(c.Name), err)
	}
	l.findLabels()
	out.Body = l.statements()
	l.implicitDepths()
	setPos(out.Body, out.Pos)
	for _, ch := range children {
		out.Body = append(out.Body, ch)
	}
	return out, nil
}

// header sets the block's directives from the code object. Tables are
// given explicitly; the caller drops the ones the resolver would derive.
func (d *lifter) header(c *marshal.Code, out *asm.Code, module bool) {
	name, qual := text(c.Name), text(c.QualName)
	if !(module && name == "<module>") && name != out.Label {
		out.Name = &name
	}
	if d.v.LocalsPlus {
		out.QualName = &qual
	}
	if fn := text(c.Filename); fn != d.filename {
		out.Filename = &fn
	}
	first := int(c.FirstLineNo)
	out.FirstLineNo = &first
	out.ArgCount = int(c.ArgCount)
	out.PosOnlyArgCount = int(c.PosOnlyArgCount)
	out.KwOnlyArgCount = int(c.KwOnlyArgCount)
	flags := uint32(c.Flags)
	out.Flags = &flags
	out.Consts = append([]marshal.Object(nil), tuple(c.Consts)...)
	for i, k := range out.Consts {
		if kc, ok := k.(*marshal.Code); ok {
			out.Consts[i] = &asm.CodeRef{Label: d.labels[kc]}
		}
	}
	out.Names = texts(c.Names)
	if d.v.LocalsPlus {
		names := texts(c.LocalsPlusNames)
		kinds := bytesOf(c.LocalsPlusKinds)
		out.Kinds = map[string]uint8{}
		local := versions.BitNamed(d.v.LocalKinds, "LOCAL")
		cell := versions.BitNamed(d.v.LocalKinds, "CELL")
		free := versions.BitNamed(d.v.LocalKinds, "FREE")
		seen := map[string]int{}
		for _, n := range names {
			seen[n]++
		}
		// The resolver orders localsplus as locals, cells, frees, so each
		// name goes to the group its kind says, but never to one before
		// the previous name's: a file whose kinds are out of that order
		// (or have none of the three bits) keeps its order, and .kind
		// gives the exact bytes.
		group := 0
		for i, n := range names {
			if i >= len(kinds) {
				break
			}
			k := uint32(kinds[i])
			switch {
			case k&free != 0:
				group = 2
			case k&local != 0:
			case k&cell != 0:
				group = max(group, 1)
			}
			switch group {
			case 2:
				out.FreeVars = append(out.FreeVars, n)
			case 1:
				out.CellVars = append(out.CellVars, n)
			default:
				out.VarNames = append(out.VarNames, n)
				if k&cell != 0 {
					out.CellVars = append(out.CellVars, n)
				}
			}
			// .kind names a name, so a name standing twice (a class
			// body's __class__, cell and free) keeps the kinds its
			// positions give.
			if seen[n] == 1 {
				out.Kinds[n] = uint8(k)
			}
		}
	} else {
		out.VarNames = texts(c.VarNames)
		out.CellVars = texts(c.CellVars)
		out.FreeVars = texts(c.FreeVars)
		if n := int(c.NLocals); n != len(out.VarNames) {
			// Only a hand-made file says otherwise; CPython never does.
			out.NLocals = &n
		}
	}
	stack := int(c.StackSize)
	out.StackSize = &stack
	out.LineTable, out.HasLineTable = bytesOf(c.LineTable), true
	if d.v.ExceptionTable {
		out.ExceptionTable, out.HasExcTable = bytesOf(c.ExceptionTable), true
	}
}

// body lifts one code object's instructions.
type body struct {
	d      *lifter
	c      *marshal.Code
	ins    []bytecode.Instruction
	labels map[int]string       // byte offset → label name
	pos    []linetable.Position // by instruction index (3.10+)
	starts map[int][]int        // lnotab releases: line starts by byte offset
	excs   []exctable.Entry
	tries  []lifted
	// The code object's tables as texts, made at their first use.
	names, localNames, derefNames []string
	tablesMade                    [3]bool
}

// setPos gives every statement of a body the block's position.
func setPos(body []asm.Stmt, pos asm.Pos) {
	for _, s := range body {
		switch s := s.(type) {
		case *asm.Instr:
			s.Pos = pos
		case *asm.Label:
			s.Pos = pos
		case *asm.Line:
			s.Pos = pos
		case *asm.Try:
			s.Pos = pos
			setPos(s.Body, pos)
		}
	}
}

// lifted is a try region and the index of the instruction it starts at.
type lifted struct {
	try   *asm.Try
	start int
}

// implicitDepths leaves out each try region's depth where the resolver's
// default gives it: the depth at the start of the first region with the
// same handler. The depths are those of the release's own walk of the
// original code, the walk the resolver makes.
func (l *body) implicitDepths() {
	if len(l.tries) == 0 {
		return
	}
	res, _ := stackdepth.Compute(l.d.v, stackdepth.Code{Instructions: l.ins, Handlers: l.excs, Flags: uint32(l.c.Flags)})
	if res == nil {
		return
	}
	byHandler := map[string]int{}
	for _, t := range l.tries {
		want := *t.try.Depth
		def, seen := byHandler[t.try.Handler]
		if !seen {
			def = res.Depth[t.start]
			if res.Inferred[t.start] {
				// Code no path reaches (an emptied try's handler): the
				// resolver cannot find a depth here, so keep the given one.
				def = -1
			}
			byHandler[t.try.Handler] = want
		}
		if def == want {
			t.try.Depth = nil
		}
	}
}

// positions decodes the line table into a position per instruction.
func (l *body) positions() error {
	v, tab, first := l.d.v, bytesOf(l.c.LineTable), int(l.c.FirstLineNo)
	noCols := func(line int) linetable.Position {
		return linetable.Position{Line: line, EndLine: line, Col: linetable.None, EndCol: linetable.None}
	}
	switch v.Lines {
	case versions.LnotabUnsigned, versions.LnotabSigned:
		// Every line start becomes a .line, repeated lines included: they
		// are where 2.7–3.9 trace line events.
		entries, err := linetable.DecodeLnotab(tab, first, v.Lines == versions.LnotabSigned)
		if err != nil {
			return err
		}
		l.starts = map[int][]int{}
		for _, s := range linetable.LnotabStarts(entries, v.Lines == versions.LnotabSigned) {
			l.starts[s.Offset] = append(l.starts[s.Offset], s.Line)
		}
	case versions.LineTable310:
		ranges, err := linetable.DecodeLineTable310(tab, first)
		if err != nil {
			return err
		}
		l.pos = l.d.positions(len(l.ins))
		k := 0
		for i, in := range l.ins {
			for k < len(ranges) && ranges[k].End <= in.Offset {
				k++
			}
			line := linetable.None
			if k < len(ranges) && ranges[k].Start <= in.Offset {
				line = ranges[k].Line
			}
			l.pos[i] = noCols(line)
		}
	default:
		// The entry covering each instruction's first code unit (as
		// linetable.Positions would give it): the entries follow each
		// other from unit 0, and the instructions are in offset order, so
		// one pass over both gives each its entry, keeping no list.
		none := linetable.Position{Line: linetable.None, EndLine: linetable.None, Col: linetable.None, EndCol: linetable.None}
		l.pos = l.d.positions(len(l.ins))
		i := 0
		err := linetable.EachLocation(tab, first, func(loc linetable.Location) {
			for ; i < len(l.ins) && l.ins[i].Offset/2 < loc.StartUnit+loc.Units; i++ {
				l.pos[i] = none
				if l.ins[i].Offset/2 >= loc.StartUnit {
					l.pos[i] = loc.Position
				}
			}
		})
		if err != nil {
			return err
		}
		for ; i < len(l.ins); i++ {
			l.pos[i] = none
		}
	}
	return nil
}

// positions is room for n positions, the array of the block lifted
// before (its lift is over when the next block's begins).
func (d *lifter) positions(n int) []linetable.Position {
	if cap(d.pos) < n {
		d.pos = make([]linetable.Position, n)
	}
	return d.pos[:n]
}

func (l *body) handlers() error {
	if !l.d.v.ExceptionTable {
		return nil
	}
	entries, err := exctable.Decode(bytesOf(l.c.ExceptionTable))
	l.excs = entries
	return err
}

// findLabels names every jump target and handler by its offset.
func (l *body) findLabels() {
	for i := range l.ins {
		if t, ok := bytecode.JumpTarget(l.d.v, &l.ins[i]); ok {
			l.labels[t] = fmt.Sprintf("L%d", t)
		}
	}
	for _, e := range l.excs {
		l.labels[2*e.Target] = fmt.Sprintf("L%d", 2*e.Target)
	}
}

// statements builds the body: labels, .line directives where the position
// changes, try regions for the exception table's entries, instructions.
func (l *body) statements() []asm.Stmt {
	// Room for every instruction and a .line for each: most blocks need
	// less, and growing by doubling would copy it all twice.
	out := make([]asm.Stmt, 0, 2*len(l.ins))
	var try *asm.Try
	entry := -1
	first := int(l.c.FirstLineNo)
	last := linetable.Position{Line: first, EndLine: first, Col: linetable.None, EndCol: linetable.None}
	emit := func(s asm.Stmt) {
		if try != nil {
			try.Body = append(try.Body, s)
		} else {
			out = append(out, s)
		}
	}
	for i := range l.ins {
		in := &l.ins[i]
		if in.Op != nil && in.Op.Code == l.d.v.Opcodes.ExtendedArg {
			continue
		}
		start := in.Offset - in.Prefixes*l.d.v.ExtendedArgSize()
		// Close or open a try region at this instruction.
		if e := l.entryAt(start); e != entry {
			try, entry = nil, e
			if e >= 0 {
				x := l.excs[e]
				depth := x.Depth
				try = &asm.Try{Handler: fmt.Sprintf("L%d", 2*x.Target), Lasti: x.Lasti, Depth: &depth}
				out = append(out, try)
				l.tries = append(l.tries, lifted{try, i})
			}
		}
		if name, ok := l.labels[start]; ok {
			emit(l.d.mem.label(name))
		}
		if l.starts != nil {
			for _, line := range l.starts[start] {
				emit(&asm.Line{Line: line, EndLine: line, Col: linetable.None, EndCol: linetable.None})
			}
		} else if p := l.posOf(i); p != last {
			ln := l.d.mem.line()
			*ln = asm.Line{Line: p.Line, EndLine: p.EndLine, Col: p.Col, EndCol: p.EndCol}
			emit(ln)
			last = p
		}
		emit(l.instr(in))
	}
	end := len(bytesOf(l.c.Bytecode))
	if name, ok := l.labels[end]; ok {
		out = append(out, &asm.Label{Name: name})
	}
	for _, line := range l.starts[end] {
		out = append(out, &asm.Line{Line: line, EndLine: line, Col: linetable.None, EndCol: linetable.None})
	}
	return out
}

// posOf is the position of instruction i; zero where the line table
// gave none.
func (l *body) posOf(i int) linetable.Position {
	if i < len(l.pos) {
		return l.pos[i]
	}
	return linetable.Position{}
}

// entryAt is the exception-table entry covering byte offset off, or -1.
func (l *body) entryAt(off int) int {
	i := sort.Search(len(l.excs), func(i int) bool { return 2*l.excs[i].End > off })
	if i < len(l.excs) && 2*l.excs[i].Start <= off {
		return i
	}
	return -1
}

// instr lifts one instruction, remembering its original argument and
// prefixes for settle.
func (l *body) instr(in *bytecode.Instruction) *asm.Instr {
	out := l.lift(in)
	out.Caches = l.cacheWords(in)
	// A jump's operand is its target's label, whatever argument it had.
	jump := in.Op != nil && in.Op.HasArg && in.Op.Operand == versions.OperandJump
	l.d.orig = append(l.d.orig, original{instr: out, arg: in.Arg, prefixes: int32(in.Prefixes), jump: jump})
	return out
}

// cacheWords are an instruction's inline cache units as 16-bit words, nil
// when all are zero (as CPython writes them).
func (l *body) cacheWords(in *bytecode.Instruction) []uint16 {
	code := bytesOf(l.c.Bytecode)
	start := in.Offset + in.Size
	var words []uint16
	for u := 0; u < in.Caches && start+2*u+1 < len(code); u++ {
		w := uint16(code[start+2*u]) | uint16(code[start+2*u+1])<<8
		if w != 0 {
			for len(words) < u {
				words = append(words, 0)
			}
			words = append(words, w)
		}
	}
	return words
}

// lift makes an instruction's operand symbolic where the symbol gives back
// the same argument, and raw (!N) where it would not.
func (l *body) lift(in *bytecode.Instruction) *asm.Instr {
	op := in.Op
	out := l.d.mem.instr()
	out.Op = in.Name()
	if op != nil && !op.HasArg && in.ArgBytes != 0 {
		out.Args = []asm.Operand{&asm.Raw{Value: in.ArgBytes}}
		return out
	}
	if op == nil || !op.HasArg {
		return out
	}
	raw := func() *asm.Instr {
		out.Args, out.Flags = []asm.Operand{&asm.Raw{Value: in.Arg}}, nil
		return out
	}
	v := l.d.v
	form := v.Form(op)
	index := int(in.Arg >> form.Shift)
	low := in.Arg & (1<<form.Shift - 1)
	switch op.Operand {
	case versions.OperandConst:
		consts := tuple(l.c.Consts)
		if index >= len(consts) {
			return raw()
		}
		k := consts[index]
		if kc, ok := k.(*marshal.Code); ok {
			k = &asm.CodeRef{Label: l.d.labels[kc]}
		}
		out.Args = l.d.mem.args(l.d.mem.literal(k))
	case versions.OperandName:
		names := l.nameTexts()
		if index >= len(names) || !l.flagWords(out, low, form) {
			return raw()
		}
		out.Args = l.d.mem.args(l.d.mem.ident(names[index]))
	case versions.OperandLocal:
		locals := l.locals()
		if form.Pair {
			a, b := int(in.Arg>>4), int(in.Arg&15)
			if a >= len(locals) || b >= len(locals) || in.Arg > 255 {
				return raw()
			}
			out.Args = []asm.Operand{&asm.Ident{Name: locals[a]}, &asm.Ident{Name: locals[b]}}
			return out
		}
		if index >= len(locals) {
			return raw()
		}
		out.Args = l.d.mem.args(l.d.mem.ident(locals[index]))
	case versions.OperandFree:
		derefs := l.derefs()
		if index >= len(derefs) {
			return raw()
		}
		out.Args = l.d.mem.args(l.d.mem.ident(derefs[index]))
	case versions.OperandCompare:
		if index >= len(v.Opcodes.CompareOps) || v.Opcodes.CompareOps[index] == "BAD" {
			return raw()
		}
		sym := v.Opcodes.CompareOps[index]
		if form.Shift > 0 && !l.flagWords(out, low^form.Masks[sym], form) {
			return raw()
		}
		out.Args = l.d.mem.args(l.d.mem.symbol(sym))
	case versions.OperandJump:
		t, _ := bytecode.JumpTarget(v, in)
		out.Args = l.d.mem.args(l.d.mem.ident(l.labels[t]))
		return out
	default:
		names := v.OpNamedArgs(op)
		text, named := "", false
		if names != nil {
			text, named = names.Format(in.Arg)
		}
		switch {
		case op.Name == "BINARY_OP" && int(in.Arg) < len(v.Opcodes.BinaryOps):
			out.Args = l.d.mem.args(l.d.mem.symbol(v.Opcodes.BinaryOps[in.Arg].Symbol))
		case named:
			out.Args = l.d.mem.args(l.d.mem.ident(text))
		default:
			out.Args = l.d.mem.args(l.d.mem.literal(l.d.mem.integer(in.Arg)))
		}
	}
	return out
}

// flagWords turns the low bits of a packed argument into flag words, in
// sorted order; false if some bit has no word.
func (l *body) flagWords(out *asm.Instr, low uint32, form versions.ArgForm) bool {
	names, ok := l.d.flagNames[out.Op]
	if !ok {
		for w := range form.Flags {
			names = append(names, w)
		}
		sort.Strings(names)
		l.d.flagNames[out.Op] = names
	}
	for _, w := range names {
		if b := form.Flags[w]; low&b != 0 {
			out.Flags = l.d.mem.flag(out.Flags, w)
			low &^= b
		}
	}
	return low == 0
}

func (l *body) nameTexts() []string {
	if !l.tablesMade[0] {
		l.names, l.tablesMade[0] = texts(l.c.Names), true
	}
	return l.names
}

func (l *body) locals() []string {
	if !l.tablesMade[1] {
		if l.d.v.LocalsPlus {
			l.localNames = texts(l.c.LocalsPlusNames)
		} else {
			l.localNames = texts(l.c.VarNames)
		}
		l.tablesMade[1] = true
	}
	return l.localNames
}

func (l *body) derefs() []string {
	if !l.tablesMade[2] {
		if l.d.v.LocalsPlus {
			l.derefNames = texts(l.c.LocalsPlusNames)
		} else {
			l.derefNames = append(texts(l.c.CellVars), texts(l.c.FreeVars)...)
		}
		l.tablesMade[2] = true
	}
	return l.derefNames
}

// chunks hands out the lifted program's instructions, operands and lines
// from allocations of 256: a program is kept whole, and a few large
// allocations cost less than many small ones.
type chunks struct {
	instrs   []asm.Instr
	idents   []asm.Ident
	symbols  []asm.Symbol
	labels   []asm.Label
	literals []asm.Literal
	lines    []asm.Line
	operands []asm.Operand
	// A numeric argument's literal: its int object, big integer and word.
	ints  []marshal.Int
	bigs  []big.Int
	words []big.Word
	flags []string
}

func take[T any](free *[]T) *T {
	if len(*free) == 0 {
		*free = make([]T, 256)
	}
	p := &(*free)[0]
	*free = (*free)[1:]
	return p
}

func (c *chunks) instr() *asm.Instr { return take(&c.instrs) }
func (c *chunks) line() *asm.Line   { return take(&c.lines) }

func (c *chunks) ident(name string) *asm.Ident {
	id := take(&c.idents)
	id.Name = name
	return id
}

func (c *chunks) label(name string) *asm.Label {
	lb := take(&c.labels)
	lb.Name = name
	return lb
}

func (c *chunks) symbol(text string) *asm.Symbol {
	sym := take(&c.symbols)
	sym.Text = text
	return sym
}

// integer is the int object of an instruction's numeric argument. Its
// word is a list of its own (one): arithmetic on the big integer that
// needs more room moves it, and never writes over a neighbour's.
func (c *chunks) integer(n uint32) *marshal.Int {
	i, z := take(&c.ints), take(&c.bigs)
	if n != 0 {
		z.SetBits(one(&c.words, big.Word(n)))
	}
	i.Value = z
	return i
}

func (c *chunks) literal(v asm.Value) *asm.Literal {
	lit := take(&c.literals)
	lit.Value = v
	return lit
}

// flag appends a flag word to an instruction's flags; a first word's list
// comes from a chunk (one).
func (c *chunks) flag(flags []string, w string) []string {
	if flags != nil {
		return append(flags, w)
	}
	return one(&c.flags, w)
}

// args is a one-operand list.
func (c *chunks) args(o asm.Operand) []asm.Operand { return one(&c.operands, o) }

// one is a list of v alone, from a chunk of 256, with no room to grow
// into its neighbour's (capacity 1): an append moves it.
func one[T any](chunk *[]T, v T) []T {
	if len(*chunk) == 0 {
		*chunk = make([]T, 256)
	}
	out := (*chunk)[:1:1]
	*chunk = (*chunk)[1:]
	out[0] = v
	return out
}
