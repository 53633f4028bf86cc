package resolve

import (
	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/portable"
	"github.com/pyasm/pyasm/bytecode"
	"github.com/pyasm/pyasm/linetable"
	"github.com/pyasm/pyasm/versions"
)

// builder holds the state of one code block while it is resolved.
type builder struct {
	r      *resolver
	v      *versions.Version
	src    *asm.Code
	module bool
	parent *Code // the enclosing block, finished; nil for the module
	// inFunction: a function encloses the block, directly or through
	// other blocks (CPython's "nested" scope).
	inFunction bool

	insts []*inst
	// instStore hands out the insts, one allocation for a block; arrays
	// hold it whole, and decoded's, for the next block (recycle).
	instStore []inst
	arrays    blockArrays
	labels    map[string]int // label → index of the instruction it marks
	regions   []*region
	children  []*asm.Code

	firstLine int
	// stackUnsure: the depth walk failed, so co_stacksize is no bound the
	// slot walk can hold the code to.
	stackUnsure bool
	consts      constTable
	names       nameTable
	varnames    nameTable
	cellvars    nameTable
	freevars    nameTable

	code []byte
	// decoded is code decoded (decode, when isDecoded), for the checks
	// that read it.
	decoded   []bytecode.Instruction
	decodeErr error
	isDecoded bool
	stackSize int
	// needed is the stack size the depth walk found, when measured.
	needed   int
	measured bool
	// derived is, with Options.Derived, what finish derived.
	derived  *Derived
	badJumps bool // a jump goes the wrong way: the stack walk would only add noise
	// badHandlers: a try region names no label; likewise.
	badHandlers bool
	// hadErrors: the block had errors before the slot walk, which would
	// only echo them.
	hadErrors bool
	// flagged holds the instructions the argument checks refused: the
	// slot walk does not report them again.
	flagged map[*inst]bool
	// badOpcodes: an instruction names no opcode of the release and is
	// left out, so the offsets and depths after it would be wrong.
	badOpcodes bool
	lpIndex    map[string]int
	// pendingLines are .line directives not yet followed by an instruction;
	// pendingPrefixes counts EXTENDED_ARG lines likewise.
	pendingLines    []lineStart
	lineStore       []lineStart // see flattenAt
	pendingPrefixes int
	trailingLines   []lineStart
	// lineStarts are, for an instruction with .line directives right
	// before it, their lines: each is a line start in co_lnotab, even when
	// it repeats the line (2.7–3.9 trace a "line" event at every start).
	lineStarts map[*inst][]lineStart
}

// inst is one instruction on its way to bytes.
type inst struct {
	src    *asm.Instr
	op     *versions.Opcode
	region *region
	pos    linetable.Position
	jumpTo int // index of the target instruction (len(insts): the end); -1 if not a jump
	offset int // byte offset of the first prefix
	arg    uint32
	// prefixes is the number of EXTENDED_ARG prefixes; forced, of them,
	// those written out as EXTENDED_ARG lines: at least that many are
	// emitted, needed or not, to reproduce code whose prefixes CPython's
	// optimizer left behind. (32 bits each: a block may hold a hundred
	// thousand insts, and the builder keeps them all.)
	prefixes, forced int32
	failed           bool // the operand did not resolve: verify nothing about it
}

// lineStart is a .line directive: its line and where it was written.
type lineStart struct {
	line int
	pos  asm.Pos
}

// region is one try block, with the instructions it covers.
type region struct {
	try     *asm.Try
	start   int // index of its first instruction
	handler int // index of the handler's instruction; -1 while unknown
	depth   int
	known   bool // depth given, or computed
}

func newBuilder(r *resolver, c *asm.Code, module bool) *builder {
	b := &builder{r: r, v: r.v, src: c, module: module, labels: map[string]int{}, flagged: map[*inst]bool{}}
	b.firstLine = asm.FirstLine(c.Body)
	if c.FirstLineNo != nil {
		b.firstLine = *c.FirstLineNo
	}
	b.consts.init(c.Consts)
	b.checkConsts(c.Consts)
	b.names.init(c.Names)
	b.varnames.init(c.VarNames)
	b.consts.track, b.names.track, b.varnames.track = r.opts.Derived, r.opts.Derived, r.opts.Derived
	b.cellvars.init(c.CellVars)
	b.freevars.init(c.FreeVars)
	for _, n := range r.scopes[c].cells {
		b.cellvars.add(n)
	}
	for _, n := range r.scopes[c].frees {
		b.freevars.add(n)
	}
	return b
}

// blockArrays are a block's working arrays: its insts and decoded code.
// A finished block gives them to the next (resolver.spare): the blocks of
// a file are resolved one after another, and allocating them afresh for
// each was much of what resolving allocated.
type blockArrays struct {
	insts   []*inst
	store   []inst
	decoded []bytecode.Instruction
}

// takeArrays are arrays with room for n insts: spare ones if some are big
// enough, else new ones.
func (r *resolver) takeArrays(n int) blockArrays {
	for k := len(r.spare) - 1; k >= 0; k-- {
		if a := r.spare[k]; cap(a.store) >= n {
			r.spare = append(r.spare[:k], r.spare[k+1:]...)
			return a
		}
	}
	return blockArrays{insts: make([]*inst, 0, n), store: make([]inst, n)}
}

// recycle gives the block's arrays to the next block; the builder does
// not use them after.
func (b *builder) recycle() {
	a := b.arrays
	if a.store == nil {
		return
	}
	clear(a.insts[:cap(a.insts)])
	clear(a.store[:cap(a.store)])
	if b.decoded != nil {
		a.decoded = b.decoded[:0] // the array it decoded into, grown or not
	}
	b.arrays, b.insts, b.instStore, b.decoded, b.isDecoded = blockArrays{}, nil, nil, nil, false
	b.r.spare = append(b.r.spare, a)
}

// flatten turns the body's statements into one list of instructions,
// recording labels, positions, the innermost try region of each
// instruction, and the nested code blocks.
func (b *builder) flatten(body []asm.Stmt, in *region) {
	pos := linetable.Position{Line: b.firstLine, EndLine: b.firstLine, Col: linetable.None, EndCol: linetable.None}
	b.flattenAt(body, in, &pos)
	// .line directives after the last instruction are line starts at the
	// end of the code (CPython leaves such entries after dead code).
	b.trailingLines, b.pendingLines = b.pendingLines, nil
}

func (b *builder) flattenAt(body []asm.Stmt, in0 *region, pos *linetable.Position) {
	if b.insts == nil {
		n := countInstrs(body, false)
		b.arrays = b.r.takeArrays(n)
		b.insts, b.instStore = b.arrays.insts[:0], b.arrays.store[:n]
	}
	for _, s := range body {
		switch s := s.(type) {
		case *asm.Instr:
			op := b.v.Opcode(s.Op)
			if op == nil {
				msg, hint := portable.OpcodeProblem(b.v, s.Op)
				b.r.errorf(s.Pos, "%s", msg).Hint = hint
				b.badOpcodes = true
				continue
			}
			if op.Code == b.v.Opcodes.ExtendedArg {
				if len(s.Args) > 0 {
					b.r.errorf(s.Pos, "EXTENDED_ARG takes no operand: it forces a prefix on the next instruction, whose value comes from that instruction's argument")
				}
				b.pendingPrefixes++
				continue
			}
			in := &b.instStore[0]
			b.instStore = b.instStore[1:]
			*in = inst{src: s, op: op, jumpTo: -1, pos: *pos, region: in0,
				forced: int32(b.forcedPrefixes(s, b.pendingPrefixes))}
			if len(b.pendingLines) > 0 {
				if b.lineStarts == nil {
					b.lineStarts = map[*inst][]lineStart{}
				}
				b.lineStarts[in] = b.pendingLines
			}
			b.insts = append(b.insts, in)
			b.pendingLines, b.pendingPrefixes = nil, 0
		case *asm.Label:
			if _, dup := b.labels[s.Name]; dup {
				b.r.errorf(s.Pos, "label %s is defined twice in this code block", s.Name)
				continue
			}
			b.labels[s.Name] = len(b.insts)
		case *asm.Line:
			*pos = b.position(s)
			if b.v.Lines != versions.LnotabUnsigned && b.v.Lines != versions.LnotabSigned {
				continue // only co_lnotab keeps line starts (lineTable)
			}
			// The pending lines are a run of lineStore, which each
			// instruction keeps as its own (lineStarts).
			if len(b.pendingLines) == 0 {
				b.lineStore = b.lineStore[len(b.lineStore):]
			}
			if len(b.lineStore) == cap(b.lineStore) {
				grown := make([]lineStart, len(b.lineStore), max(64, 2*cap(b.lineStore)))
				copy(grown, b.lineStore)
				b.lineStore = grown
			}
			b.lineStore = append(b.lineStore, lineStart{pos.Line, s.Pos})
			b.pendingLines = b.lineStore[:len(b.lineStore):len(b.lineStore)]
		case *asm.Try:
			if !b.v.ExceptionTable {
				b.r.errorf(s.Pos, "try regions need Python 3.11 or later; %s sets up handlers with SETUP_* instructions", b.v)
				continue
			}
			reg := &region{try: s, start: len(b.insts), handler: -1}
			if s.Depth != nil {
				reg.depth, reg.known = *s.Depth, true
			}
			b.regions = append(b.regions, reg) // pre-order: sorted by start
			b.flattenAt(s.Body, reg, pos)
		case *asm.Code:
			b.children = append(b.children, s)
		}
	}
}

// countInstrs counts the instructions of a body and its try regions, and
// with nested those of the code blocks inside it too: the insts of a block
// are one allocation, and the placements list is made as big as it will grow.
func countInstrs(body []asm.Stmt, nested bool) int {
	n := 0
	for _, s := range body {
		switch s := s.(type) {
		case *asm.Instr:
			n++
		case *asm.Try:
			n += countInstrs(s.Body, nested)
		case *asm.Code:
			if nested {
				n += countInstrs(s.Body, nested)
			}
		}
	}
	return n
}

// position converts a .line directive; releases without columns keep only
// the line.
func (b *builder) position(l *asm.Line) linetable.Position {
	p := linetable.Position{Line: l.Line, EndLine: l.EndLine, Col: l.Col, EndCol: l.EndCol}
	if l.Line > 0 && l.EndLine == 0 && l.Col == 0 && l.EndCol == 0 {
		// asm.Line{Line: n} from Go: the fields left at zero mean .line n,
		// as on the releases that keep only a line.
		p.EndLine, p.Col, p.EndCol = l.Line, linetable.None, linetable.None
	}
	if b.v.Lines == versions.Locations311 && p.Line != linetable.None && p.EndLine != linetable.None && p.EndLine < p.Line {
		b.r.errorf(l.Pos, ".line %d %d %d %d ends before it starts", p.Line, p.EndLine, p.Col, p.EndCol).Hint =
			"the end line comes second and is at least the line; .line N alone (asm.AtLine(n) in Go) is the whole line"
		p.EndLine = p.Line
	}
	if b.v.Lines != versions.Locations311 {
		p.EndLine, p.Col, p.EndCol = p.Line, linetable.None, linetable.None
		if p.Line == linetable.None && b.v.Lines != versions.LineTable310 {
			b.r.errorf(l.Pos, ".line none needs Python 3.10 or later: %s's co_lnotab gives every instruction a line", b.v)
			p.Line, p.EndLine = b.firstLine, b.firstLine
		}
	}
	return p
}
