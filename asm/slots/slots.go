// Package slots walks every path through a code object with a stack of
// slot kinds, the way a JVM or wasm verifier does, and finds what would
// crash CPython: an instruction that takes more values than the stack
// holds, a value of the wrong kind (a NULL where an object is needed, a
// FOR_ITER on something no GET_ITER made, a handler that does not start
// from what the exception pushed), a label reached with two stack shapes, a
// local read before any store, a cell used before MAKE_CELL.
//
// It sits in the resolver (asm/resolve), after layout: it needs the final
// offsets, arguments and exception table. What each instruction takes and
// gives comes from the release's stack pictures (versions.SlotTable); what
// an instruction does to the flow beyond that (≤3.10's block stack, the
// unwinding of return and break through finally blocks, MAKE_FUNCTION's
// closure) is one rule per control word in rules.go. The stack before every
// instruction is kept, and on request copied out for listings and stack
// pictures (Result.Before).
//
// The state at an instruction is a set of shapes — a stack and a block
// stack each. From 3.9 every instruction has one shape, and a second one
// is an error. Before 3.9 a finally block is entered with one, two or six
// values depending on how it was entered, and END_FINALLY tells them apart
// at run time; the walk follows each shape on its own, as the interpreter
// would, instead of merging them.
package slots

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pyasm/pyasm/bytecode"
	"github.com/pyasm/pyasm/exctable"
	"github.com/pyasm/pyasm/versions"
)

// Const is what the walk knows of a constant: its kind (None, a code object
// or any object), how to show it, and for a code object how many free
// variables its closure must hold.
type Const struct {
	Kind versions.SlotKind
	// Label shows the constant; when empty, Options.ConstLabel is asked,
	// only if a message or a stack picture needs it.
	Label string
	Frees int
	// Generator: a code object whose call returns a generator (3.14+
	// iterate a generator expression's result without GET_ITER).
	Generator bool
	// Params are, for a code object, the kinds its positional parameters
	// must be given (0: any), by their names' entries in the table: a
	// comprehension steps .0 with FOR_ITER unchecked (<.0>), a 3.12+
	// generic function's parameters keeps .defaults as the defaults
	// tuple (<.defaults>). ParamNames names them.
	Params     []versions.SlotKind
	ParamNames []string
	// Items is the length of a tuple constant (-1 for other constants),
	// ItemKinds the kinds of its items.
	Items     int
	ItemKinds versions.SlotKind
}

// Code is what Analyze needs of one code object.
type Code struct {
	Instructions []bytecode.Instruction
	Handlers     []exctable.Entry // 3.11+, in code units
	Flags        uint32
	Consts       []Const
	Names        []string
	// Locals names the locals (≤3.10: co_varnames) or localsplus slots
	// (3.11+); Derefs the cells and free variables of ≤3.10.
	Locals, Derefs []string
	// Assigned marks the locals that hold a value when the code starts:
	// the parameters. ParamKinds gives a parameter a kind other than
	// object (CPython's comprehensions receive an iterator as ".0").
	Assigned []bool
	// Cells marks the 3.11+ localsplus slots that are cells (MAKE_CELL
	// makes them) and Frees how many free variables end localsplus
	// (COPY_FREE_VARS copies them).
	Cells []bool
	Frees int
	// Generator: the code is a generator, coroutine or async generator.
	Generator bool
	// Module: the code is the module's, which runs with its globals as
	// its locals mapping whatever its flags say.
	Module bool
	// StackSize is co_stacksize, the room the frame has for values:
	// CPython does not check a push against it, so no path may hold more.
	// 0 with no instructions to check against (a negative value skips
	// the check).
	StackSize int
}

// Slot is one value on the abstract stack.
type Slot struct {
	Kind  versions.SlotKind
	Label string // what made it: print, "hi", iter(range), NULL
	// Origin is the index of the instruction that pushed it, or -1.
	Origin int
	// Unwinding (KindUnwind) is what the unwinder will go on doing after
	// END_FINALLY; Addr (KindAddr) where 3.8's END_FINALLY returns to.
	Unwinding []unwinding
	Addr      int
	// Cells is, for a tuple BUILD_TUPLE made of cells only, how many; -1
	// otherwise. Code is, for a code object or a function made of one, its
	// constant index.
	Cells, Code int
	// Items is, with HasItems, how many items a tuple of known length has
	// (a tuple constant, BUILD_TUPLE), and ItemKinds what they are.
	Items     int
	HasItems  bool
	ItemKinds versions.SlotKind
	// NeedsClosure is, for a 3.13+ function whose code has free variables,
	// how many cells SET_FUNCTION_ATTRIBUTE must still give it.
	NeedsClosure int
}

func (s Slot) String() string {
	if s.Label != "" {
		return s.Label
	}
	switch {
	case s.Kind == versions.KindNull:
		return "NULL"
	case s.Kind&^versions.KindObject == 0:
		return "value"
	}
	return s.Kind.String()
}

// Picture shows a stack as the errors and listings do: bottom first.
func Picture(stack []Slot) string {
	if len(stack) == 0 {
		return "(empty)"
	}
	parts := make([]string, len(stack))
	for i, s := range stack {
		parts[i] = s.String()
	}
	return strings.Join(parts, " ")
}

// Error is one finding, at an instruction.
type Error struct {
	Offset int    // the instruction at fault
	Index  int    // its index in Code.Instructions
	Msg    string // what is wrong
	Stack  string // the stack found there, as a picture
	Hint   string // what to write instead, when the walk can tell
	// Refs are instructions the message or hint names ("write PUSH_NULL
	// before LOAD_NAME print"), as indices; the caller may show them in the
	// file's own words through Options.Describe.
	Warning bool
}

func (e *Error) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg) }

// Errors is every finding of one walk, in offset order.
type Errors []*Error

func (l Errors) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Result is what the walk found at each instruction, when Options.Before
// asks for it.
type Result struct {
	// Before is, per instruction index, the stack before it (the first
	// shape when there are several); nil where no path reaches it.
	Before [][]Slot
	// Shapes counts, per instruction, the shapes that reach it.
	Shapes []int
}

// Options adjust the walk's words.
type Options struct {
	// Describe shows the instruction at an index as the user wrote it
	// ("LOAD_NAME print"); the default spells the opcode and argument.
	Describe func(index int) string
	// Line gives the source line of the instruction at an index (0 if
	// unknown), for messages that name where a path came from.
	Line func(index int) int
	// Before fills the Result (listings and stack pictures use it); the
	// walk's own states are reused by the next walk.
	Before bool
	// ConstLabel shows constant k where its Const has no Label.
	ConstLabel func(k int) string
}

// maxShapes bounds how many shapes may reach one instruction before 3.9
// (nested finally blocks multiply them): more means the stack grows on
// every round of a loop.
const maxShapes = 24

// Analyze walks c for release v. The error is an Errors value or nil.
func Analyze(v *versions.Version, c *Code, opts Options) (res *Result, err error) {
	defer func() {
		// A fault in a rule must not take the assembler down with it.
		if p := recover(); p != nil {
			res, err = &Result{}, Errors{{Msg: fmt.Sprintf("internal error in the stack verifier: %v", p)}}
		}
	}()
	// Labels (what made each value: print, iter(range), "hi") are words for
	// messages and pictures only; no rule reads them. Most code has no
	// finding, so the walk goes without them, and walks again with them
	// when it finds something to say.
	w := newWalker(v, c, opts, opts.Before, opts.Before)
	w.run()
	if w.lostJoin {
		w.release()
		w = newWalker(v, c, opts, opts.Before, true)
		w.run()
	}
	if len(w.errs) > 0 && !w.labels {
		keepAll := w.keepAll
		w.release()
		w = newWalker(v, c, opts, true, keepAll)
		w.run()
	}
	sort.SliceStable(w.errs, func(i, j int) bool { return w.errs[i].Offset < w.errs[j].Offset })
	res = &Result{}
	if opts.Before {
		res.Before, res.Shapes = w.before()
	}
	errs := w.errs
	w.release()
	if len(errs) > 0 {
		return res, errs
	}
	return res, nil
}

// before copies out the stack before each instruction and counts its
// shapes.
func (w *walker) before() ([][]Slot, []int) {
	before, shapes := make([][]Slot, len(w.states)), make([]int, len(w.states))
	n := 0
	for _, ss := range w.states {
		if len(ss) > 0 {
			n += len(ss[0].stack)
		}
	}
	all := make([]Slot, 0, n)
	for i, ss := range w.states {
		if len(ss) > 0 {
			// An empty stack is non-nil: reached, with nothing on it.
			all = append(all, ss[0].stack...)
			before[i] = all[len(all)-len(ss[0].stack) : len(all) : len(all)]
			shapes[i] = len(ss)
		}
	}
	return before, shapes
}
