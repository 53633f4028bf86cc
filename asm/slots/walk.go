package slots

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/pyasm/pyasm/bytecode"
	"github.com/pyasm/pyasm/exctable"
	"github.com/pyasm/pyasm/versions"
)

// blockType is the kind of a ≤3.10 block-stack entry.
type blockType uint8

const (
	blockLoop    blockType = iota // SETUP_LOOP: break goes to its handler
	blockExcept                   // SETUP_EXCEPT: exceptions go to its handler
	blockFinally                  // SETUP_FINALLY, SETUP_WITH: exceptions, and ≤3.7 return/break/continue
	blockHandler                  // EXCEPT_HANDLER: pushed when an exception enters a handler (3.x)
)

var blockNames = [...]string{"loop", "except", "finally", "except-handler"}

type block struct {
	typ     blockType
	handler int // instruction index
	level   int
}

// why is what an unwind marker or 3.8 return address will do.
type why uint8

const (
	whyReturn   why = iota // a return goes on to the next finally block, or returns
	whyBreak               // goes on to the loop block
	whyContinue            // goes on to the loop block, then to target
	whySilenced            // 3.x ≤3.7: __exit__ swallowed the exception; END_FINALLY drops the handler block
	whyAddr                // 3.8: END_FINALLY returns to target
)

type unwinding struct {
	why    why
	target int // instruction index (continue, addr)
}

// state is one shape of the abstract machine before an instruction.
type state struct {
	stack  []Slot
	blocks []block
	locals []versions.SlotKind // KindNull: may be unassigned; KindCell: a cell
	from   int                 // the instruction (or -1 the entry, -2-i a handler edge from i) that first brought it
	// made: every path here has run 3.11+'s RETURN_GENERATOR, so the
	// frame is a generator's; mayHaveMade: some path has.
	made, mayHaveMade bool
}

// clone is a scratch copy of s, for one step: its buffers are reused by
// the next step, so nothing may keep it (arrive keeps a copy of its own).
func (w *walker) clone(s *state) *state {
	if w.scratchUsed == len(w.scratch) {
		w.scratch = append(w.scratch, &state{})
	}
	c := w.scratch[w.scratchUsed]
	w.scratchUsed++
	c.stack = append(c.stack[:0], s.stack...)
	c.blocks = append(c.blocks[:0], s.blocks...)
	c.locals = append(c.locals[:0], s.locals...)
	c.from, c.made, c.mayHaveMade = s.from, s.made, s.mayHaveMade
	return c
}

// keep is a copy of s that the walk stores for an instruction, cut from
// the walker's chunks.
func (w *walker) keep(s *state) *state {
	k := &w.keptStates.take(1)[0]
	*k = state{from: s.from, made: s.made, mayHaveMade: s.mayHaveMade}
	k.stack = w.keptSlots.take(len(s.stack))
	copy(k.stack, s.stack)
	k.blocks = w.keptBlocks.take(len(s.blocks))
	copy(k.blocks, s.blocks)
	k.locals = w.keptKinds.take(len(s.locals))
	copy(k.locals, s.locals)
	return k
}

// chunks hands out slices of big chunks, which a pooled walker reuses
// from one walk to the next: the walk keeps a state per instruction, and
// allocating each was most of the verifier's cost.
type chunks[T any] struct {
	list [][]T
	c, n int // the chunk in use, and how much of it is taken
}

// take is k elements, with stale contents for the caller to overwrite.
func (p *chunks[T]) take(k int) []T {
	for ; p.c < len(p.list); p.c, p.n = p.c+1, 0 {
		if ch := p.list[p.c]; p.n+k <= len(ch) {
			p.n += k
			return ch[p.n-k : p.n : p.n]
		}
	}
	size := 256
	if n := len(p.list); n > 0 {
		size = 2 * len(p.list[n-1])
	}
	p.list = append(p.list, make([]T, max(size, k)))
	p.n = k
	return p.list[p.c][:k:k]
}

// reset hands the chunks out again from the start.
func (p *chunks[T]) reset() { p.c, p.n = 0, 0 }

// sameShape compares the shapes: depth and block stack. Shapes that are the
// same are joined.
// With markers (before 3.9) it also holds where the values that say how a
// finally block was entered sit (an exception type, an unwind marker, 3.8's
// address): a finally block entered with None inside one entered by an
// exception has the depth of the reverse nesting ([None tb val type] and
// [tb val type None] on 2.7), and joining the two would leave END_FINALLY
// neither None nor an exception type on top.
func (s *state) sameShape(o *state, markers bool) bool {
	if len(s.stack) != len(o.stack) || len(s.blocks) != len(o.blocks) {
		return false
	}
	for i := range s.blocks {
		a, b := s.blocks[i], o.blocks[i]
		if a.typ != b.typ || a.handler != b.handler || a.level != b.level {
			return false
		}
	}
	if markers {
		const m = versions.KindExcType | versions.KindUnwind | versions.KindAddr
		for i := range s.stack {
			if s.stack[i].Kind&m != o.stack[i].Kind&m {
				return false
			}
		}
	}
	return true
}

// join merges o into s (same key); it reports whether s changed.
func (s *state) join(o *state) bool {
	changed := false
	for i := range s.stack {
		if joinSlot(&s.stack[i], o.stack[i]) {
			changed = true
		}
	}
	for i := range s.locals {
		if k := s.locals[i] | o.locals[i]; k != s.locals[i] {
			s.locals[i], changed = k, true
		}
	}
	if s.made && !o.made {
		s.made, changed = false, true
	}
	if o.mayHaveMade && !s.mayHaveMade {
		s.mayHaveMade, changed = true, true
	}
	return changed
}

func joinSlot(a *Slot, b Slot) bool {
	changed := false
	if k := a.Kind | b.Kind; k != a.Kind {
		a.Kind, changed = k, true
	}
	if a.Label != b.Label && a.Label != "" {
		a.Label, changed = "", true
	}
	if a.Origin != b.Origin && a.Origin != -1 {
		a.Origin, changed = -1, true
	}
	if a.Cells != b.Cells && a.Cells != -1 {
		a.Cells, changed = -1, true
	}
	if a.Code != b.Code && a.Code != -1 {
		a.Code, changed = -1, true
	}
	if a.HasItems && (!b.HasItems || a.Items != b.Items) {
		a.HasItems, changed = false, true
	}
	if a.ItemKinds|b.ItemKinds != a.ItemKinds {
		a.ItemKinds, changed = a.ItemKinds|b.ItemKinds, true
	}
	if b.NeedsClosure > a.NeedsClosure {
		a.NeedsClosure, changed = b.NeedsClosure, true
	}
	for _, u := range b.Unwinding {
		if !hasUnwinding(a.Unwinding, u) {
			a.Unwinding, changed = append(append([]unwinding(nil), a.Unwinding...), u), true
		}
	}
	return changed
}

func hasUnwinding(list []unwinding, u unwinding) bool {
	for _, x := range list {
		if x == u {
			return true
		}
	}
	return false
}

type walker struct {
	v      *versions.Version
	c      *Code
	opts   Options
	labels bool // label the values (Slot.Label)
	ins    []bytecode.Instruction
	// byOff is, by byte offset, the index of the instruction there plus
	// one (0: none): an array, not a map, since a pooled walker's map kept
	// the size of the largest code it walked and clearing it cost that
	// much on every walk.
	byOff   []int32
	handler []int // 3.11+: per instruction, the exception table entry that catches it, or -1
	states  [][]*state
	queue   []int
	queued  []bool
	// keepAll keeps a state at every instruction (Options.Before reads
	// them). Otherwise only joins keep one: the start, jump targets,
	// handlers, and any instruction a later edge reaches other than by
	// falling through (promoted when it does). The others are only ever
	// reached from the instruction before them, so a state there is what
	// that instruction left: the walk carries it straight on (pending),
	// without copying the stack, blocks and locals for every instruction.
	keepAll bool
	join    []bool // the instruction keeps its states
	passed  []bool // a state was carried through it unkept
	// lostJoin: an edge other than a fall-through reached an instruction
	// states had already been carried through, whose join with them the
	// walk cannot make now; Analyze walks again keeping every state.
	lostJoin bool
	pending  []pendingState
	errs     Errors
	flagged  map[string]bool // one error per (instruction, message kind)
	// consistent: one shape per instruction (3.9+).
	consistent bool
	// exceptHandlerBlock: an exception entering a handler pushes an
	// EXCEPT_HANDLER block (3.x before 3.11).
	exceptHandlerBlock bool
	// finally38: 3.8's finally model (BEGIN_FINALLY's NULL, CALL_FINALLY's
	// address); before it None and unwind markers.
	finally38 bool
	// noMapping: the code, called as a function, runs without a locals
	// mapping (its flags say so and it is not the module's).
	noMapping bool

	factTable *[256]opFacts

	// scratch are the states one step works on (clone); scratchUsed how
	// many the step has taken.
	scratch     []*state
	scratchUsed int
	// The states kept per instruction are cut from these (keep).
	keptStates chunks[state]
	keptSlots  chunks[Slot]
	keptBlocks chunks[block]
	keptKinds  chunks[versions.SlotKind]
	// Buffers of apply, reused: the popped inputs (takeInputs), the
	// outputs, the values below a block's level.
	inputSlots, outputs, below []Slot
	inputs                     [][]Slot
}

// pendingState is a state carried on to an instruction that keeps none.
type pendingState struct {
	i  int
	st *state
}

// walkers keeps walkers, with their buffers, for the next walk.
var walkers = sync.Pool{New: func() any { return &walker{flagged: map[string]bool{}} }}

func newWalker(v *versions.Version, c *Code, opts Options, labels, keepAll bool) *walker {
	w := walkers.Get().(*walker)
	w.v, w.c, w.opts, w.ins, w.labels, w.keepAll = v, c, opts, c.Instructions, labels, keepAll
	w.factTable = factTable(v)
	n := len(w.ins)
	if n := len(c.Instructions); n > 0 {
		w.byOff = resize(w.byOff, c.Instructions[n-1].Offset+1)
	} else {
		w.byOff = w.byOff[:0]
	}
	clear(w.flagged)
	w.errs = nil
	w.queue = w.queue[:0]
	w.queued = resize(w.queued, n)
	w.handler = resize(w.handler, n)
	if cap(w.states) < n {
		// Nearly every instruction keeps one state: each has room for
		// one in a shared array, and a second goes elsewhere.
		w.states = make([][]*state, n)
		room := make([]*state, n)
		for i := range w.states {
			w.states[i] = room[i : i : i+1]
		}
	}
	w.states = w.states[:n]
	for i := range w.states {
		w.states[i] = w.states[i][:0]
	}
	w.scratchUsed = 0
	w.keptStates.reset()
	w.keptSlots.reset()
	w.keptBlocks.reset()
	w.keptKinds.reset()
	for i := range w.ins {
		w.byOff[w.ins[i].Offset] = int32(i + 1)
		w.handler[i] = -1
	}
	// 3.11+: the exception table entry covering each instruction, found
	// once; the first that covers it catches.
	if v.ExceptionTable {
		coverRanges(w.ins, c.Handlers, w.handler)
	}
	w.lostJoin, w.pending = false, w.pending[:0]
	w.findJoins()
	// The flow model of the release, read from its controls and entries.
	w.consistent = v.Control("END_FINALLY") == ""
	w.exceptHandlerBlock = !v.ExceptionTable && v.Major >= 3
	w.finally38 = v.Opcode("BEGIN_FINALLY") != nil
	flags := v.NoMappingFlags()
	w.noMapping = flags != 0 && c.Flags&flags == flags && !c.Module
	return w
}

// findJoins marks the instructions known to keep states before the walk:
// the start, every jump target and every handler of the exception table.
// (Targets only the walk finds, such as 3.8's return addresses, are
// promoted as it reaches them.)
func (w *walker) findJoins() {
	n := len(w.ins)
	w.join, w.passed = resize(w.join, n), resize(w.passed, n)
	if n == 0 {
		return
	}
	if w.keepAll {
		for i := range w.join {
			w.join[i] = true
		}
		return
	}
	w.join[0] = true
	for i := range w.ins {
		if op := w.ins[i].Op; op != nil && op.Jump != versions.NotJump {
			if t := w.target(i); t >= 0 && t < n {
				w.join[t] = true
			}
		}
	}
	for _, h := range w.c.Handlers {
		if t, ok := w.indexAt(h.Target * 2); ok {
			w.join[t] = true
		}
	}
}

// coverRanges sets handler[i] to the first entry of the exception table
// that covers instruction i, where it is still -1: each entry's
// instructions are found by a binary search, not by trying every entry
// at every instruction.
func coverRanges(ins []bytecode.Instruction, entries []exctable.Entry, handler []int) {
	for k, h := range entries {
		i := sort.Search(len(ins), func(i int) bool { return ins[i].Offset/2 >= h.Start })
		for ; i < len(ins) && ins[i].Offset/2 < h.End; i++ {
			if handler[i] < 0 {
				handler[i] = k
			}
		}
	}
}

// release gives the walker back to the pool, without the code and
// callbacks of its walk.
func (w *walker) release() {
	w.v, w.c, w.opts, w.ins, w.errs, w.factTable = nil, nil, Options{}, nil, nil, nil
	walkers.Put(w)
}

// resize is s with n zero elements, reusing its array when it can.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func (w *walker) describe(i int) string {
	if i < 0 || i >= len(w.ins) {
		return "the start of the code"
	}
	if w.opts.Describe != nil {
		if d := w.opts.Describe(i); d != "" {
			return d
		}
	}
	in := &w.ins[i]
	if in.Op != nil && in.Op.HasArg {
		return fmt.Sprintf("%s %d", in.Name(), in.Arg)
	}
	return in.Name()
}

// errorf records a finding at instruction i, once per instruction and kind.
func (w *walker) errorf(i int, st *state, kind, hint, format string, args ...any) {
	key := fmt.Sprintf("%d/%s", i, kind)
	if w.flagged[key] {
		return
	}
	w.flagged[key] = true
	e := &Error{Index: i, Msg: fmt.Sprintf(format, args...), Hint: hint}
	if i >= 0 && i < len(w.ins) {
		e.Offset = w.ins[i].Offset
	}
	if st != nil {
		e.Stack = Picture(st.stack)
	}
	w.errs = append(w.errs, e)
}

func (w *walker) run() {
	if len(w.ins) == 0 {
		return
	}
	st := &state{from: -1}
	if w.c.Generator {
		if g := w.v.Sig("<generator>"); g != nil {
			st.stack = w.newOutputs(nil, -1, &g.StackEffectSig, 0, nil)
		}
	}
	st.locals = make([]versions.SlotKind, len(w.c.Locals))
	for i := range st.locals {
		st.locals[i] = versions.KindNull
		if i < len(w.c.Assigned) && w.c.Assigned[i] {
			st.locals[i] = versions.KindObject
			if k := w.v.ParamKind(w.c.Locals[i]); k != 0 {
				st.locals[i] = k
			}
		}
	}
	w.arrive(0, st)
	for head := 0; head < len(w.queue) && !w.lostJoin; head++ {
		i := w.queue[head]
		w.queued[i] = false
		for _, s := range w.states[i] {
			w.scratchUsed = 0
			w.step(i, w.clone(s))
			w.carryOn()
		}
	}
}

// carryOn steps the states carried to instructions that keep none, until
// each reaches one that does (or ends its path).
func (w *walker) carryOn() {
	for n := len(w.pending); n > 0 && !w.lostJoin; n = len(w.pending) {
		p := w.pending[n-1]
		w.pending = w.pending[:n-1]
		if n == 1 {
			w.reclaimScratch(p.st)
		}
		w.step(p.i, p.st)
	}
	w.pending = w.pending[:0]
}

// reclaimScratch frees the scratch states of the steps before, all but
// st, which the walk carries on: what they held has been kept or dropped.
func (w *walker) reclaimScratch(st *state) {
	for j := range w.scratchUsed {
		if w.scratch[j] == st {
			w.scratch[0], w.scratch[j] = w.scratch[j], w.scratch[0]
			w.scratchUsed = 1
			return
		}
	}
	w.scratchUsed = 0 // st is not a scratch state
}

// arrive brings a shape to instruction i.
func (w *walker) arrive(i int, st *state) {
	if i < 0 || i >= len(w.ins) {
		return
	}
	if n := len(st.stack); w.c.StackSize >= 0 && n > w.c.StackSize {
		// The stack depth the compiler counted (co_stacksize) is below what
		// the interpreter holds here: the pushes went past the frame.
		w.errorf(i, st, "stacksize", "an instruction leaves more on the stack than CPython's count of it says; keep to the sequences its compiler writes",
			"%s is reached with %d values on the stack, more than the code's stack size (%d): the interpreter would write past the frame", w.describe(i), n, w.c.StackSize)
		return
	}
	if !w.join[i] {
		if st.from == i-1 {
			// A fall-through: i is reached from i-1 alone.
			w.passed[i] = true
			w.pending = append(w.pending, pendingState{i, st})
			return
		}
		if w.passed[i] {
			w.lostJoin = true
			return
		}
		w.join[i] = true
	}
	for _, s := range w.states[i] {
		if s.sameShape(st, !w.consistent) {
			if s.join(st) {
				w.enqueue(i)
			}
			return
		}
	}
	if len(w.states[i]) > 0 && w.consistent {
		old := w.states[i][0]
		what := "stack shapes"
		if len(old.stack) != len(st.stack) {
			what = "stack depths"
		}
		hint := ""
		if len(st.stack) > len(old.stack) && st.from > i {
			hint = "the stack grows on each round of this loop: the loop body must leave the stack as it found it"
		}
		w.errorf(i, st, "conflict", hint, "%s is reached with two different %s: %s %s and %s %s",
			w.describe(i), what, shape(old), w.fromWords(old.from), shape(st), w.fromWords(st.from))
		return
	}
	if len(w.states[i]) >= maxShapes {
		w.errorf(i, st, "unbounded", "the stack grows on each round of a loop: the loop body must leave the stack as it found it",
			"%s is reached with more than %d stack shapes", w.describe(i), maxShapes)
		return
	}
	w.states[i] = append(w.states[i], w.keep(st))
	w.enqueue(i)
}

func shape(s *state) string {
	out := fmt.Sprintf("[%s]", Picture(s.stack))
	if len(s.blocks) > 0 {
		var names []string
		for _, b := range s.blocks {
			names = append(names, blockNames[b.typ])
		}
		out += " in blocks " + strings.Join(names, ", ")
	}
	return out
}

func (w *walker) fromWords(from int) string {
	switch {
	case from == -1:
		return "from the start of the code"
	case from <= -2:
		return "through the exception handler, from " + w.where(-2-from)
	}
	return "from " + w.where(from)
}

// where names an instruction by its line when it is known.
func (w *walker) where(i int) string {
	if w.opts.Line != nil {
		if l := w.opts.Line(i); l > 0 {
			return fmt.Sprintf("line %d (%s)", l, w.describe(i))
		}
	}
	return w.describe(i)
}

func (w *walker) enqueue(i int) {
	if !w.queued[i] {
		w.queued[i] = true
		w.queue = append(w.queue, i)
	}
}

// goTo sends a state on to instruction i, from instruction from.
func (w *walker) goTo(i, from int, st *state) {
	if i >= len(w.ins) {
		// A label after the last instruction: the interpreter runs on into
		// whatever memory follows the code.
		w.errorf(from, st, "end", "put an instruction that ends the path (a return, a raise or a jump) after the label",
			"%s goes to the end of the code, where execution runs off it", w.describe(from))
		return
	}
	st.from = from
	w.arrive(i, st)
}

// indexAt is the index of the instruction at byte offset off.
func (w *walker) indexAt(off int) (int, bool) {
	if off < 0 || off >= len(w.byOff) || w.byOff[off] == 0 {
		return 0, false
	}
	return int(w.byOff[off]) - 1, true
}

// target is the index of the instruction a jump goes to, or -1.
func (w *walker) target(i int) int {
	t, ok := bytecode.JumpTarget(w.v, &w.ins[i])
	if !ok {
		return -1
	}
	if j, ok := w.indexAt(t); ok {
		return j
	}
	if n := len(w.ins); n > 0 && t == w.ins[n-1].End() {
		return n // the end of the code: goTo reports it
	}
	return -1
}
