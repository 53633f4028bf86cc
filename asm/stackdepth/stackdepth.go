// Package stackdepth computes co_stacksize as each CPython release's
// compiler does, and finds the stack errors of hand-written code: an
// instruction that pops more than the stack holds, and a jump target or
// handler that two paths reach with different depths.
//
// It sits after layout: the resolver (asm/resolve) calls it once the
// instructions have their final offsets and arguments and the exception
// table its entries, because the depth follows jumps and handlers. The
// disassembler and a verifier can call it on code read from a .pyc, to
// check co_stacksize or to show the depth at each instruction.
//
// Each release's algorithm (compile.c up to 3.11, flowgraph.c from 3.12) is
// applied to the bytecode as if its instructions were the compiler's basic
// blocks. The stack effects come from the opcode tables
// (versions.Opcode.Effect, JumpEffect); the ways the walks differ come from a
// small per-release table (rules.go):
//
//   - 2.7, 3.6: a recursive depth-first walk; FOR_ITER's target at depth-2,
//     SETUP_EXCEPT/SETUP_FINALLY handlers at depth+3, JUMP_IF_*_OR_POP pop
//     on the way on; only unconditional jumps end a path, so the walk goes
//     on past RETURN_VALUE and RAISE_VARARGS into what follows.
//   - 3.7–3.10: a worklist taking every block at the greatest depth that
//     reaches it, with the jump-specific effects (SETUP_* handlers get six
//     values); paths end at jumps, returns and raises. 3.7 does not follow
//     CONTINUE_LOOP; 3.10 starts generators at 1 (GEN_START).
//   - 3.11+: handler edges from the exception table (entry depth + 1 +
//     lasti); 3.11 and 3.12 start generators at 1; 3.13+ never write less
//     than 1; 3.14+ do not follow END_ASYNC_FOR's jump. 3.15's two-slot
//     iterators are in its stack effects (GET_ITER +1, POP_ITER -2).
//
// Unreachable code: what no path reaches is not walked and does not count,
// as in CPython, with two exceptions that are CPython's too. 2.7 and 3.6
// walk on past a return into the code after it. 3.11+ count the handler of
// a try whose body compiled to nothing (its SETUP_* made it reachable in the
// compiler's graph; the bytecode keeps the handler but no table entry leads
// to it), and so does this walk, from the depth the surrounding code implies
// (Result.Orphans). Errors are not reported in such code.
//
// For code the assembler lays out itself the result is what CPython would
// write for the same code. For code CPython compiled, 2.7 and 3.6–3.9 may
// differ: their peephole optimizer rewrites the bytecode after the depth is
// computed (folding constants, deleting code after returns). The ground
// truth test (groundtruth_test.go) measures this on each release's standard
// library and accounts for every difference.
package stackdepth

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/pyasm/pyasm/bytecode"
	"github.com/pyasm/pyasm/exctable"
	"github.com/pyasm/pyasm/versions"
)

// Code is what Compute needs of one code object.
type Code struct {
	Instructions []bytecode.Instruction
	// Handlers is the decoded exception table (3.11+), in code units.
	Handlers []exctable.Entry
	// Flags is co_flags: 3.11 and 3.12 start generators at depth 1.
	Flags uint32
}

// Result is the outcome of a walk.
type Result struct {
	// MaxDepth is co_stacksize as the release's compiler computes it.
	MaxDepth int
	// Depth is, for each instruction (same index as Code.Instructions),
	// the depth before it on the greatest path the walk took; Unreached
	// where no path reaches it (and for EXTENDED_ARG prefixes).
	Depth []int
	// Inferred marks the instructions of those blocks (same index as
	// Depth): their depth comes from the code around them, not from a path.
	Inferred []bool
	// Orphans counts the blocks no path reaches that were walked anyway,
	// because the release's compiler counted them (3.11+: the handler of a
	// try whose body compiled to nothing; see rules.orphanHandlers).
	Orphans int
}

// Unreached marks an instruction no path reaches in Result.Depth.
const Unreached = math.MinInt32

// Kind names a class of Error.
type Kind uint8

const (
	Underflow     Kind = iota // an instruction pops more values than the stack holds
	Conflict                  // two paths reach an instruction with different depths
	BadJump                   // a jump or handler target that is not the start of an instruction
	UnknownOpcode             // a number the release has no opcode for
	NoEffect                  // an opcode the release's compiler has no stack effect for
	FallsOffEnd               // execution can run past the last instruction
	Unbounded                 // the stack grows on every pass around a loop
)

var kindNames = [...]string{"stack underflow", "inconsistent stack depth", "bad jump target", "unknown opcode",
	"no stack effect", "falls off the end", "unbounded stack growth"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "stack error"
}

// Error is one problem, at a byte offset of the code.
type Error struct {
	Kind   Kind
	Offset int    // the instruction concerned (for a Conflict, the target)
	Op     string // its opcode name
	// Underflow: Depth is the depth before the instruction and Effect its
	// effect. Conflict: Depth arrives from From, Other from OtherFrom;
	// FromHandler/OtherHandler say that side is an exception-table entry
	// (then From is the offset of the first instruction it covers that the
	// walk reached).
	Depth, Effect             int
	From, Other, OtherFrom    int
	FromHandler, OtherHandler bool
	Msg                       string // the whole message, also for other kinds
}

func (e *Error) Error() string { return e.Msg }

// Errors is every problem one walk found, ordered by offset.
type Errors []*Error

func (l Errors) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Msg
	}
	return strings.Join(msgs, "; ")
}

// Compute walks the code of release v the way v's compiler does and returns
// the greatest depth. The result is returned even when there are errors
// (an Errors value): it is then the depth of the paths that could be walked.
func Compute(v *versions.Version, c Code) (*Result, error) {
	return compute(v, c, nil, nil)
}

func compute(v *versions.Version, c Code, peak func(int) int, stopAfter func(int) bool) (*Result, error) {
	r := rulesFor(v)
	w := newWalker(v, r, c)
	w.peak, w.stopAfter = peak, stopAfter
	w.split()
	if len(w.errs) == 0 && len(w.blocks) > 0 {
		start := 0
		if r.generatorStart != 0 && c.Flags&generatorFlags != 0 {
			start = r.generatorStart
		}
		if r.recursive {
			w.result.MaxDepth = w.recursive(start)
			// The compiler's own walk goes on past returns into code that
			// never runs; the errors come from a walk that stops where
			// execution does.
			chk := newWalker(v, r.check, c)
			chk.split()
			chk.recursive(start)
			chk.verify()
			w.errs = append(w.errs, chk.errs...)
			chk.release()
		} else {
			w.worklist(start)
			w.verify()
			if r.consistent {
				w.conflicts()
			}
		}
		if w.result.MaxDepth < r.minDepth {
			w.result.MaxDepth = r.minDepth
		}
	}
	sort.SliceStable(w.errs, func(i, j int) bool { return w.errs[i].Offset < w.errs[j].Offset })
	res, errs := w.result, w.errs
	w.release()
	if len(errs) > 0 {
		return &res, errs
	}
	return &res, nil
}

// block is a run of instructions entered only at its first one.
type block struct {
	first, end int // instruction indices [first, end)
	start      int // depth at entry; Unreached until reached
	seen       bool
	// in records, by source, the depth each edge into the block brings:
	// the key is the offset of the jumping (or falling-through) instruction,
	// or -1-entryIndex for an exception-table handler edge, or entryKey for
	// the code's entry. Most blocks have one source: its edge is kept in
	// only, and in is made when a second source comes.
	in   map[int]int
	only edgeIn
	// setupIn: some edge in comes from a SETUP_* jump (before 3.11).
	setupIn map[int]bool
	// dead: no path from the start reaches the block; it is walked
	// because the compiler did (rules.orphanHandlers), and is not checked
	// for errors.
	dead bool
}

// edgeIn is the depth an edge from a source brings into a block.
type edgeIn struct {
	from, depth int
	set         bool
}

const (
	entryKey  = math.MaxInt - 1 // past any offset, on 32-bit platforms too
	orphanKey = math.MaxInt
)

type walker struct {
	v      *versions.Version
	r      *rules
	byCode *byCode // r by opcode number
	code   Code
	ins    []bytecode.Instruction
	blocks []*block
	// blockAt maps an instruction index that starts a block to the block
	// (nil: none; len(ins) has a place, for the end of the code).
	blockAt []*block
	// byOffset maps a byte offset to the instruction index there plus
	// one (0: none), in 32 bits: it has a place for every byte of code.
	byOffset []int32
	// handler is, per instruction index, the exception-table entry that
	// covers it (-1: none).
	handler []int
	errs    Errors
	result  Result
	// limit bounds the depth: beyond it the stack must be growing around a
	// loop.
	limit int
	grew  bool
	// peak and stopAfter are for tests that model what a peephole
	// optimizer removed after the compiler counted it: peak gives a
	// transient depth above the depth before instruction i that the walk
	// counts, stopAfter says the walk does not go on after instruction i.
	peak      func(i int) int
	stopAfter func(i int) bool
	reported  map[errKey]*Error
	// dead is set once the walk goes on from code no path reaches
	// (rules.orphanHandlers); walking is the block being walked.
	dead    bool
	walking *block
	// arrays are the walk's working arrays, kept for the next walk.
	arrays *arrays
}

// arrays are the working arrays of a walk (split's), which a pooled set
// lends to the next walk: the resolver walks every block of a file, and
// allocating them afresh each time was most of what a walk allocated.
type arrays struct {
	leader   []bool
	byOffset []int32
	handler  []int
	blockAt  []*block
	blocks   []*block
	store    []block
}

var pooledArrays = sync.Pool{New: func() any { return new(arrays) }}

// release gives the walker's arrays back for the next walk; the walker
// is not used after it.
func (w *walker) release() {
	a := w.arrays
	clear(a.blockAt)
	clear(a.blocks)
	clear(a.store) // drops the blocks' edge maps
	w.arrays, w.blockAt, w.blocks = nil, nil, nil
	pooledArrays.Put(a)
}

// zeroed is s with n zero elements, reusing its array when it can.
func zeroed[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func newWalker(v *versions.Version, r *rules, c Code) *walker {
	w := &walker{v: v, r: r, byCode: rulesByCode(v, r), code: c, ins: c.Instructions, walking: &block{}, arrays: pooledArrays.Get().(*arrays)}
	w.result.Depth = make([]int, len(w.ins))
	w.result.Inferred = make([]bool, len(w.ins))
	for i := range w.result.Depth {
		w.result.Depth[i] = Unreached
	}
	return w
}

// errorf records an error at in; an instruction gets at most one error of
// each kind (the recursive walk passes some many times).
func (w *walker) errorf(kind Kind, in *bytecode.Instruction, format string, args ...any) *Error {
	key := errKey{kind, in.Offset}
	if e, dup := w.reported[key]; dup {
		return e
	}
	e := &Error{Kind: kind, Offset: in.Offset, Op: in.Name(), Msg: fmt.Sprintf("offset %d: %s: ", in.Offset, in.Name()) + fmt.Sprintf(format, args...)}
	w.errs = append(w.errs, e)
	if w.reported == nil {
		w.reported = map[errKey]*Error{} // made at the first error: most code has none
	}
	w.reported[key] = e
	return e
}

type errKey struct {
	kind   Kind
	offset int
}

func (w *walker) isPrefix(in *bytecode.Instruction) bool {
	return in.Code == w.v.Opcodes.ExtendedArg
}

// target gives the instruction index at byte offset off, or -1. A jump to
// an instruction with EXTENDED_ARG prefixes lands on the first prefix.
func (w *walker) target(off int) int {
	if off < 0 || off >= len(w.byOffset) {
		return -1
	}
	return int(w.byOffset[off]) - 1
}

// split cuts the instructions into blocks: a block starts at the first
// instruction, at every jump or handler target and after every jump or
// stop.
func (w *walker) split() {
	a := w.arrays
	a.leader = zeroed(a.leader, len(w.ins)+1)
	leader := a.leader
	if n := len(w.ins); n > 0 {
		a.byOffset = zeroed(a.byOffset, w.ins[n-1].Offset+1)
		w.byOffset = a.byOffset
	}
	for i := range w.ins {
		w.byOffset[w.ins[i].Offset] = int32(i + 1)
	}
	if len(w.ins) == 0 {
		return
	}
	leader[0] = true
	total := 1
	for i := range w.ins {
		in := &w.ins[i]
		if in.Op == nil {
			w.errorf(UnknownOpcode, in, "%s has no opcode %d", w.v, in.Code)
			continue
		}
		if w.isPrefix(in) {
			continue
		}
		e := in.Op.EffectAt(in.Arg, false)
		if j := in.Op.EffectAt(in.Arg, true); j > e {
			e = j
		}
		if e > 0 {
			total += e
		}
		if in.Op.Jump != versions.NotJump {
			off, _ := bytecode.JumpTarget(w.v, in)
			t := w.target(off)
			if t < 0 {
				w.errorf(BadJump, in, "jump target %d is not the start of an instruction", off)
				continue
			}
			leader[t] = true
			leader[i+1] = true
		}
		if w.byCode.stop[in.Code] || w.stopAfter != nil && w.stopAfter(i) {
			leader[i+1] = true
		}
	}
	a.handler = zeroed(a.handler, len(w.ins))
	w.handler = a.handler
	for i := range w.handler {
		w.handler[i] = -1
	}
	if w.r.exceptionTable {
		for k, h := range w.code.Handlers {
			t := w.target(2 * h.Target)
			if t < 0 {
				e := &Error{Kind: BadJump, Offset: 2 * h.Target, Msg: fmt.Sprintf("exception table entry %d: handler %d is not the start of an instruction", k, 2*h.Target)}
				w.errs = append(w.errs, e)
				continue
			}
			leader[t] = true
			if h.Depth+2 > total {
				total = h.Depth + 2
			}
			// The entry's instructions, found by a binary search.
			i := sort.Search(len(w.ins), func(i int) bool { return w.ins[i].Offset >= 2*h.Start })
			for ; i < len(w.ins) && w.ins[i].Offset < 2*h.End; i++ {
				if w.handler[i] < 0 {
					w.handler[i] = k
				}
			}
		}
	}
	// No path can need more than every push at once plus the start.
	w.limit = total + w.r.generatorStart + 3
	n := 0
	for i := range w.ins {
		if leader[i] {
			n++
		}
	}
	a.store = zeroed(a.store, n)
	store := a.store
	a.blocks = zeroed(a.blocks, n)
	a.blockAt = zeroed(a.blockAt, len(w.ins)+1)
	w.blocks, w.blockAt = a.blocks[:0], a.blockAt
	for i := 0; i < len(w.ins); {
		b := &store[len(w.blocks)]
		*b = block{first: i, start: Unreached}
		i++
		for i < len(w.ins) && !leader[i] {
			i++
		}
		b.end = i
		w.blocks = append(w.blocks, b)
		w.blockAt[b.first] = b
	}
}

// step is the outcome of one instruction: the depth after it, and the depth
// at its target if it jumps (jumps false otherwise).
type step struct {
	after, target int
	jumps, stops  bool
	targetIndex   int
	ok            bool
}

// exec applies instruction i at depth d. It reports nothing: a walk may
// pass an instruction at a smaller depth before it settles, so errors come
// from verify, once every block has its final depth. A negative depth goes
// on as it is, as in the compilers up to 3.11 (their check is an assert,
// compiled out).
func (w *walker) exec(i, d int) step {
	in := &w.ins[i]
	op := in.Op
	var s step
	if op.Effect.Invalid && op.Name != "NOP" {
		return s // verify reports it; the walk cannot go on
	}
	s.after = d + op.EffectAt(in.Arg, false) + w.byCode.fallAdjust[in.Code]
	if op.Jump != versions.NotJump && !w.byCode.noTargetEdge[in.Code] {
		off, _ := bytecode.JumpTarget(w.v, in)
		s.jumps = true
		s.targetIndex = w.target(off)
		s.target = d + op.EffectAt(in.Arg, true) + w.byCode.jumpAdjust[in.Code]
	}
	s.stops = w.byCode.stop[in.Code] || w.stopAfter != nil && w.stopAfter(i)
	s.ok = true
	return s
}

// verify goes once through every reached block from its final depth and
// reports the instructions without a stack effect, the underflows and a
// path that runs off the end of the code.
func (w *walker) verify() {
	for _, b := range w.blocks {
		if b.start == Unreached || b.dead {
			continue
		}
		d := b.start
		next := true
		for i := b.first; i < b.end && next; i++ {
			in := &w.ins[i]
			if w.isPrefix(in) {
				continue
			}
			op := in.Op
			if op.Effect.Invalid && op.Name != "NOP" {
				w.errorf(NoEffect, in, "CPython %s's compiler has no stack effect for %s", w.v, op.Name)
				next = false
				break
			}
			effect := op.EffectAt(in.Arg, false)
			s := w.exec(i, d)
			switch {
			case d >= 0 && d+effect < 0:
				e := w.errorf(Underflow, in, "at depth %d, an effect of %d leaves %d values on the stack", d, effect, d+effect)
				e.Depth, e.Effect = d, effect
			case d >= 0 && s.jumps && s.target < 0:
				e := w.errorf(Underflow, in, "at depth %d, jumping leaves %d values on the stack", d, s.target)
				e.Depth, e.Effect = d, s.target-d
			}
			d = s.after
			next = !s.stops
		}
		if next && b.end == len(w.ins) && w.r.consistent {
			w.errorf(FallsOffEnd, &w.ins[b.end-1], "execution goes on past the last instruction")
		}
	}
}

// handlerEdge gives the depth at which instruction i, at depth d, reaches
// its exception handler (3.11+), and the handler's instruction index; ok is
// false when i is not covered.
func (w *walker) handlerEdge(i int) (depth, target int, ok bool) {
	if !w.r.exceptionTable || w.handler[i] < 0 {
		return 0, 0, false
	}
	// The entry's depth may be above d: CPython's tables also cover
	// instructions that cannot raise after the protected values are gone
	// (3.15 generator expressions end inside the handler of their loop).
	h := w.code.Handlers[w.handler[i]]
	depth = h.Depth + 1
	if h.Lasti {
		depth++
	}
	return depth, w.target(2 * h.Target), true
}

func (w *walker) note(depth int) {
	if depth > w.result.MaxDepth {
		w.result.MaxDepth = depth
	}
}

// record keeps the depth an edge brings into block b; the walk at the
// greatest depth writes last.
func (w *walker) record(b *block, from, depth int, setup bool) {
	switch {
	case b.in != nil:
		b.in[from] = depth
	case !b.only.set || b.only.from == from:
		b.only = edgeIn{from: from, depth: depth, set: true}
	default:
		b.in = map[int]int{b.only.from: b.only.depth, from: depth}
	}
	if setup {
		if b.setupIn == nil {
			b.setupIn = map[int]bool{}
		}
		b.setupIn[from] = true
	}
}

// worklist is the walk of 3.7+ (stackdepth in compile.c, flowgraph.c from
// 3.12): a block is (re)walked whenever an edge brings it a greater depth
// than it had, so every block ends at the greatest depth that reaches it.
func (w *walker) worklist(start int) {
	var stack []*block
	push := func(b *block, from, depth int, setup bool) {
		if b.start == Unreached && w.dead {
			b.dead = true
			w.result.Orphans++
		}
		if !w.walking.dead {
			w.record(b, from, depth, setup)
		}
		w.note(depth)
		if depth > w.limit {
			if !w.grew {
				w.grew = true
				in := &w.ins[b.first]
				w.errorf(Unbounded, in, "the stack grows without bound on a loop through here (depth %d)", depth)
			}
			return
		}
		if b.start < depth {
			b.start = depth
			stack = append(stack, b)
		}
	}
	push(w.blocks[0], entryKey, start, false)
	for {
		if len(stack) == 0 && w.r.orphanHandlers {
			// Every live block has its depth: look for code the compiler
			// walked from a SETUP_* the assembler dropped.
			w.dead = true
			for _, b := range w.blocks {
				if b.start == Unreached {
					if d, ok := w.inferStart(b); ok {
						push(b, orphanKey, d, false)
						break
					}
				}
			}
		}
		if len(stack) == 0 {
			break
		}
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		w.walking = b
		d := b.start
		next := true
		for i := b.first; i < b.end; i++ {
			in := &w.ins[i]
			if w.isPrefix(in) {
				continue
			}
			w.result.Depth[i] = d
			w.result.Inferred[i] = b.dead
			if hd, ht, ok := w.handlerEdge(i); ok && ht >= 0 {
				push(w.blockAt[ht], -1-w.handler[i], hd, false)
			}
			s := w.exec(i, d)
			if !s.ok {
				next = false
				break
			}
			w.note(s.after)
			if w.peak != nil {
				w.note(d + w.peak(i))
			}
			if s.jumps && s.targetIndex >= 0 {
				push(w.blockAt[s.targetIndex], in.Offset, s.target, w.r.setupHandlers && strings.HasPrefix(in.Op.Name, "SETUP_"))
			}
			d = s.after
			if s.stops {
				next = false
				break
			}
		}
		if next && b.end < len(w.ins) {
			push(w.blockAt[b.end], w.ins[b.end-1].Offset, d, false)
		}
	}
}

// inferStart finds the depth at which the compiler walked block b, which
// no path reaches in the bytecode: the handler of a try whose body
// compiled to nothing, or code only such a handler leads to. 3.11+
// compilers keep these (their SETUP_* pseudo instruction made them
// reachable) and count them, with a consistent depth. Two pieces of
// evidence are used: a block that starts with PUSH_EXC_INFO under an
// exception-table entry starts at that entry's depth (the handler's own
// SETUP_CLEANUP comes right before PUSH_EXC_INFO), and a block whose path
// goes into a block of known depth starts at that depth less the effect of
// the path.
func (w *walker) inferStart(b *block) (int, bool) {
	first := b.first
	for first < b.end && w.isPrefix(&w.ins[first]) {
		first++
	}
	if first < b.end && w.ins[first].Name() == "PUSH_EXC_INFO" && w.handler[first] >= 0 {
		return w.code.Handlers[w.handler[first]].Depth, true
	}
	r := 0
	for i := b.first; i < b.end; i++ {
		in := &w.ins[i]
		if w.isPrefix(in) {
			continue
		}
		s := w.exec(i, r)
		if !s.ok {
			return 0, false
		}
		if s.jumps && s.targetIndex >= 0 {
			if t := w.blockAt[s.targetIndex]; t.start != Unreached {
				return t.start - s.target, true
			}
		}
		r = s.after
		if s.stops {
			return 0, false
		}
	}
	if b.end < len(w.ins) {
		if t := w.blockAt[b.end]; t.start != Unreached {
			return t.start - r, true
		}
	}
	return 0, false
}

// recursive is the walk of 2.7 and 3.6 (stackdepth_walk in compile.c): depth
// first, a block is entered again only at a greater depth than before and
// never while it is on the current path. It returns the greatest depth.
func (w *walker) recursive(start int) int {
	var walk func(b *block, depth, maxdepth int) int
	walk = func(b *block, depth, maxdepth int) int {
		if b.seen || b.start >= depth {
			return maxdepth
		}
		b.seen = true
		b.start = depth
		defer func() { b.seen = false }()
		for i := b.first; i < b.end; i++ {
			in := &w.ins[i]
			if w.isPrefix(in) {
				continue
			}
			if depth > w.result.Depth[i] {
				w.result.Depth[i] = depth
			}
			s := w.exec(i, depth)
			if !s.ok {
				return maxdepth
			}
			if w.peak != nil && depth+w.peak(i) > maxdepth {
				maxdepth = depth + w.peak(i)
			}
			depth += in.Op.EffectAt(in.Arg, false)
			if depth > maxdepth {
				maxdepth = depth
			}
			if s.jumps && s.targetIndex >= 0 {
				if s.target > maxdepth {
					maxdepth = s.target
				}
				maxdepth = walk(w.blockAt[s.targetIndex], s.target, maxdepth)
			}
			depth = s.after
			if s.stops {
				return maxdepth
			}
		}
		if b.end < len(w.ins) {
			maxdepth = walk(w.blockAt[b.end], depth, maxdepth)
		}
		return maxdepth
	}
	return walk(w.blocks[0], start, 0)
}

// conflicts reports every block that edges reach with different depths.
// Before 3.11 the edges from SETUP_* jumps may bring a greater depth than
// the others (the room the compiler counts for the exception state), as
// long as they agree among themselves.
func (w *walker) conflicts() {
	for _, b := range w.blocks {
		if len(b.in) < 2 {
			continue // one source or none: nothing to disagree
		}
		var normal, setup []int
		for f := range b.in {
			if b.setupIn[f] {
				setup = append(setup, f)
			} else {
				normal = append(normal, f)
			}
		}
		w.sortSources(normal)
		w.sortSources(setup)
		if w.disagree(b, normal) || w.disagree(b, setup) || len(normal) == 0 || len(setup) == 0 {
			continue
		}
		// The highest normal edge against the lowest SETUP edge.
		hi, lo := normal[0], setup[0]
		for _, f := range normal {
			if b.in[f] > b.in[hi] {
				hi = f
			}
		}
		for _, f := range setup {
			if b.in[f] < b.in[lo] {
				lo = f
			}
		}
		if b.in[hi] > b.in[lo] {
			w.conflict(b, lo, hi)
		}
	}
}

// sortSources orders edge sources by where they are in the code: the start
// first, a handler entry at the start of its range.
func (w *walker) sortSources(froms []int) {
	pos := func(from int) int {
		switch {
		case from == entryKey, from == orphanKey:
			return -1
		case from < 0:
			return 2 * w.code.Handlers[-1-from].Start
		}
		return from
	}
	slices.SortFunc(froms, func(a, b int) int {
		if pa, pb := pos(a), pos(b); pa != pb {
			return cmp.Compare(pa, pb)
		}
		return cmp.Compare(b, a)
	})
}

// disagree reports a conflict among froms (sorted), if any: the depth most
// of them agree on is the reference, and the first edge that differs from
// it is named.
func (w *walker) disagree(b *block, froms []int) bool {
	if len(froms) < 2 {
		return false
	}
	count := map[int]int{}
	for _, f := range froms {
		count[b.in[f]]++
	}
	ref := froms[0]
	for _, f := range froms {
		if count[b.in[f]] > count[b.in[ref]] {
			ref = f
		}
	}
	for _, f := range froms {
		if b.in[f] != b.in[ref] {
			w.conflict(b, ref, f)
			return true
		}
	}
	return false
}

func (w *walker) conflict(b *block, a, o int) {
	in := &w.ins[b.first]
	describe := func(from int) (string, int, bool) {
		switch {
		case from == entryKey:
			return "the start of the code", -1, false
		case from == orphanKey:
			return "the handler's own exception-table entry", -1, false
		case from < 0:
			k := -1 - from
			h := w.code.Handlers[k]
			return fmt.Sprintf("exception table entry %d (offsets %d to %d)", k, 2*h.Start, 2*h.End), 2 * h.Start, true
		}
		return fmt.Sprintf("offset %d", from), from, false
	}
	ad, aoff, ah := describe(a)
	od, ooff, oh := describe(o)
	e := w.errorf(Conflict, in, "reached with depth %d from %s and with depth %d from %s", b.in[a], ad, b.in[o], od)
	e.Depth, e.From, e.FromHandler = b.in[a], aoff, ah
	e.Other, e.OtherFrom, e.OtherHandler = b.in[o], ooff, oh
}
