package slots

import (
	"fmt"
	"strings"

	"github.com/pyasm/pyasm/versions"
)

// controlRule runs an instruction whose control word says it does more to
// the flow than fall through and jump: one rule per word of
// versions.SlotTable.Control.
type controlRule func(w *walker, i int, st *state, sig *versions.StackSig)

var controlRules map[string]controlRule

func init() {
	controlRules = map[string]controlRule{
		"return":                 ruleEnd,
		"raise":                  ruleEnd,
		"return-unwind":          ruleReturnUnwind,
		"jump":                   ruleJump,
		"make-function":          ruleMakeFunction,
		"setup-loop":             ruleSetup(blockLoop, false),
		"setup-except":           ruleSetup(blockExcept, false),
		"setup-finally":          ruleSetup(blockFinally, false),
		"setup-with":             ruleSetup(blockFinally, true),
		"pop-block":              rulePopBlock(false),
		"pop-block-unwind":       rulePopBlock(true),
		"pop-except":             rulePopExcept,
		"break":                  ruleBreak,
		"continue":               ruleContinue,
		"end-finally":            ruleEndFinally,
		"call-finally":           ruleCallFinally,
		"pop-finally":            rulePopFinally,
		"with-cleanup":           ruleWithCleanup,
		"with-cleanup-finish":    ruleWithCleanupFinish,
		"tuple":                  ruleFall, // newSlot counts the cells of a closure tuple
		"end-async-for":          ruleEndAsyncFor,
		"set-function-attribute": ruleSetFunctionAttribute,
		"no-jump":                ruleFall,
		"return-generator":       ruleReturnGenerator,
		"const-key-map":          ruleConstKeyMap,
		"call-kw":                ruleCallKw,
		"make-generator":         ruleMakeGenerator,
		"yield":                  ruleYield,
		"yield-resume":           ruleYieldResume,
	}
}

// ruleMakeGenerator: 3.13+ RETURN_GENERATOR, whose picture counts the
// value the generator is resumed with.
func ruleMakeGenerator(w *walker, i int, st *state, sig *versions.StackSig) {
	if w.makeGenerator(i, st) {
		ruleFall(w, i, st, sig)
	}
}

// makeGenerator checks that RETURN_GENERATOR makes the generator of a
// generator's code, once on every path: run again, it would run inside the
// generator it made.
func (w *walker) makeGenerator(i int, st *state) bool {
	switch {
	case !w.c.Generator:
		w.errorf(i, st, "genstart", "only a generator's or coroutine's code makes a generator: give the block .flags GENERATOR (or COROUTINE)",
			"%s in code that is not a generator's", w.describe(i))
		return false
	case st.mayHaveMade:
		w.errorf(i, st, "genstart", "a generator's code makes its generator once, at its start",
			"%s may run a second time, inside the generator it made", w.describe(i))
		return false
	}
	st.made, st.mayHaveMade = true, true
	return true
}

// ruleYield: 3.11+ YIELD_VALUE suspends a generator's frame; a path that
// has not run RETURN_GENERATOR has none (CPython aborts).
func ruleYield(w *walker, i int, st *state, sig *versions.StackSig) {
	if !st.made {
		w.errorf(i, st, "genstart", "a generator's code makes its generator first: RETURN_GENERATOR, POP_TOP at its start",
			"%s runs where the frame is not yet a generator's (a path reaches it without RETURN_GENERATOR)", w.describe(i))
		return
	}
	ruleFall(w, i, st, sig)
}

// ruleYieldResume: 3.11, 3.12 YIELD_VALUE, which the RESUME after it marks
// as a yield from or an await (argument 2 or 3): the receiver must then be
// under the value yielded.
func ruleYieldResume(w *walker, i int, st *state, sig *versions.StackSig) {
	if next := i + 1; next < len(w.ins) && w.ins[next].Name() == "RESUME" && w.ins[next].Arg >= 2 {
		if n := len(st.stack); n < 2 || st.stack[n-2].Kind&versions.KindNull != 0 {
			w.errorf(i, st, "receiver", "a yield from or await yields with its receiver (what SEND sends to) under the value",
				"%s before %s suspends a yield from, but no receiver is under the value it yields", w.describe(i), w.describe(next))
			return
		}
	}
	ruleYield(w, i, st, sig)
}

// ruleConstKeyMap: BUILD_CONST_KEY_MAP's keys are a tuple of as many
// items as its argument counts values (SystemError otherwise).
func ruleConstKeyMap(w *walker, i int, st *state, sig *versions.StackSig) {
	if n := len(st.stack); n > 0 {
		keys := st.stack[n-1]
		if arg := w.ins[i].Arg; keys.HasItems && uint32(keys.Items) != arg {
			w.errorf(i, st, "keys", fmt.Sprintf("the keys tuple needs one key per value: %d", arg),
				"%s builds a dict of %d values but its keys, %s, hold %d", w.describe(i), arg, keys, keys.Items)
			return
		}
	}
	ruleFall(w, i, st, sig)
}

// ruleCallKw: 3.13+ CALL_KW takes the names of its last arguments from
// the tuple on top, and reads below its arguments when there are more
// names than arguments.
func ruleCallKw(w *walker, i int, st *state, sig *versions.StackSig) {
	if n := len(st.stack); n > 0 {
		names := st.stack[n-1]
		if arg := w.ins[i].Arg; names.HasItems && uint32(names.Items) > arg {
			w.errorf(i, st, "kw-names", fmt.Sprintf("count the keyword arguments too: %s %d or more", w.ins[i].Name(), names.Items),
				"%s has %d keyword name(s), %s, for %d argument(s)", w.describe(i), names.Items, names, arg)
			return
		}
	}
	ruleFall(w, i, st, sig)
}

// ruleEnd: the picture's inputs are checked, then the path ends.
func ruleEnd(w *walker, i int, st *state, sig *versions.StackSig) {
	w.apply(i, st, sig.At(false))
}

// ruleFall: the picture, then on to the next instruction.
func ruleFall(w *walker, i int, st *state, sig *versions.StackSig) {
	if w.apply(i, st, sig.At(false)) {
		w.fallThrough(i, st)
	}
}

// ruleJump: the path goes on at the target only.
func ruleJump(w *walker, i int, st *state, sig *versions.StackSig) {
	if !w.apply(i, st, sig.At(true)) {
		return
	}
	if t := w.target(i); t >= 0 {
		w.goTo(t, i, st)
	}
}

// ruleReturnUnwind: ≤3.7 return runs the finally blocks it is inside.
func ruleReturnUnwind(w *walker, i int, st *state, sig *versions.StackSig) {
	if w.apply(i, st, sig.At(false)) {
		w.unwind(i, st, unwinding{why: whyReturn})
	}
}

// ruleMakeFunction checks the code object and, when the function gets a
// closure, that it is a tuple of as many cells as the code has free
// variables: CPython copies them without looking.
func ruleMakeFunction(w *walker, i int, st *state, sig *versions.StackSig) {
	e := sig.At(false)
	arg := w.ins[i].Arg
	pops := e.Pops(arg)
	codeIndex, needs := -1, 0
	if pops <= len(st.stack) {
		at := len(st.stack) - pops
		var code, closure *Slot
		hasClosure, closureInput := false, false
		for k := range e.In {
			if e.In[k].Name == "closure" {
				closureInput = true
			}
			n := e.In[k].N(arg)
			if e.In[k].Kind == versions.KindCode && n == 1 {
				code = &st.stack[at]
			}
			if e.In[k].Name == "closure" && n == 1 {
				closure, hasClosure = &st.stack[at], true
			}
			at += n
		}
		if code != nil && code.Kind == versions.KindCode && code.Code >= 0 && code.Code < len(w.c.Consts) {
			frees := w.c.Consts[code.Code].Frees
			codeIndex = code.Code
			if !closureInput {
				needs = frees // 3.13+: SET_FUNCTION_ATTRIBUTE gives the closure later
			}
			switch {
			case !closureInput:
			case frees > 0 && !hasClosure:
				w.errorf(i, st, "closure", "build the closure with LOAD_CLOSURE for each free variable and BUILD_TUPLE, and give MAKE_FUNCTION its closure flag",
					"%s makes a function of %s, which has %d free variable(s), without a closure", w.describe(i), code.Label, frees)
				return
			case hasClosure && closure.Cells != frees:
				found := "a value that is not a tuple of cells"
				if closure.Cells >= 0 {
					found = fmt.Sprintf("a tuple of %d cell(s)", closure.Cells)
				}
				w.errorf(i, st, "closure", fmt.Sprintf("the closure is BUILD_TUPLE %d of LOAD_CLOSURE values, one per free variable of %s", frees, code.Label),
					"%s gives %s, which has %d free variable(s), %s as its closure", w.describe(i), code.Label, frees, found)
				return
			}
		}
	}
	fall := w.clone(st)
	if w.apply(i, fall, e) {
		if codeIndex >= 0 {
			// The function remembers its code: a call of it is checked
			// against the code (a comprehension's .0, a generator's result).
			top := &fall.stack[len(fall.stack)-1]
			top.Code, top.NeedsClosure = codeIndex, needs
		}
		w.fallThrough(i, fall)
	}
}

// exceptionEdges sends, from the state before instruction i, what an
// exception raised there brings to its handler.
func (w *walker) exceptionEdges(i int, st *state) {
	if w.facts(i).cannotRaise {
		return
	}
	if w.v.ExceptionTable {
		w.tableEdge(i, st)
		return
	}
	w.blockEdge(i, st)
}

// cannotRaise lists the instructions no exception can come from. It
// matters where one changes a slot below a handler's depth: the handler
// of a cleanup region sees the saved exception PUSH_EXC_INFO leaves, never
// the exception it replaced.
var cannotRaise = map[string]bool{"PUSH_EXC_INFO": true, "POP_EXCEPT": true, "NOP": true, "EXTENDED_ARG": true,
	"CACHE": true, "RETURN_VALUE": true, "RETURN_CONST": true, "LOAD_CONST": true, "LOAD_SMALL_INT": true,
	"LOAD_COMMON_CONSTANT": true, "PUSH_NULL": true, "COPY": true, "SWAP": true, "POP_TOP": true,
	"POP_ITER": true, "END_FOR": true, "NOT_TAKEN": true, "ROT_TWO": true, "ROT_THREE": true, "ROT_FOUR": true,
	"ROT_N": true, "DUP_TOP": true, "DUP_TOP_TWO": true}

// regionDepth is the depth of the 3.11+ try region instruction i is in,
// or -1.
func (w *walker) regionDepth(i int) int {
	if k := w.handler[i]; k >= 0 {
		return w.c.Handlers[k].Depth
	}
	return -1
}

// resumedAfter lists the instructions an exception comes to only after
// they have run: one thrown into a generator arrives once YIELD_VALUE has
// left the value sent in where its operand was.
var resumedAfter = map[string]bool{"YIELD_VALUE": true}

// tableEdge: 3.11+ look the instruction up in the exception table.
func (w *walker) tableEdge(i int, st *state) {
	k := w.handler[i]
	if k < 0 {
		return
	}
	h := w.c.Handlers[k]
	t, ok := w.indexAt(h.Target * 2)
	if !ok {
		return // verifyJumps-like checks report a bad target
	}
	// CPython pops down to the depth and never below: the handler starts
	// from the stack as it is if it is shallower.
	depth := min(h.Depth, len(st.stack))
	entry := "<handler>"
	if h.Lasti {
		entry = "<lasti>"
	}
	hs := w.clone(st)
	hs.stack = hs.stack[:depth]
	if sig := w.v.Sig(entry); sig != nil {
		hs.stack = w.newOutputs(hs.stack, -1, &sig.StackEffectSig, 0, nil)
	}
	w.goTo(t, -2-i, hs)
}

// blockEdge: before 3.11 the innermost except or finally block catches.
func (w *walker) blockEdge(i int, st *state) {
	for j := len(st.blocks) - 1; j >= 0; j-- {
		b := st.blocks[j]
		if b.typ == blockHandler && !w.savedStateIntact(i, st, b) {
			return
		}
		if b.typ != blockExcept && b.typ != blockFinally {
			continue // loops and handler blocks are popped on the way
		}
		if b.level > len(st.stack) {
			return // underflow, reported where it happened
		}
		hs := w.clone(st)
		hs.stack = hs.stack[:b.level]
		hs.blocks = hs.blocks[:j]
		if w.exceptHandlerBlock {
			hs.blocks = append(hs.blocks, block{typ: blockHandler, handler: -1, level: b.level})
		}
		if sig := w.v.Sig("<handler>"); sig != nil {
			hs.stack = w.newOutputs(hs.stack, -1, &sig.StackEffectSig, 0, nil)
		}
		w.goTo(b.handler, -2-i, hs)
		return
	}
}

// savedStateIntact checks, where an unwinding (a return, break or an
// exception) pops an except handler's block, that the three values of the
// exception handled before are still right above its level: CPython pops
// down to them and restores the thread's exception from them, below the
// block's level when they are gone.
func (w *walker) savedStateIntact(i int, st *state, b block) bool {
	if len(st.stack) >= b.level+3 && st.stack[b.level+2].Kind&^(versions.KindExcState|versions.KindNull) == 0 {
		return true
	}
	w.errorf(i, st, "saved", "leave the three values the exception pushed first (the exception handled before) where they are: only POP_EXCEPT takes them",
		"%s unwinds an except handler's block, but the saved exception state is no longer right above its level (%d): CPython would pop values below it", w.describe(i), b.level)
	return false
}

// ruleSetup pushes a block; with below, its level is under the value the
// instruction leaves on top (SETUP_WITH's __enter__ result).
func ruleSetup(typ blockType, below bool) controlRule {
	return func(w *walker, i int, st *state, sig *versions.StackSig) {
		if !w.apply(i, st, sig.At(false)) {
			return
		}
		t := w.target(i)
		if t < 0 {
			return
		}
		if len(st.blocks) >= 20 {
			w.errorf(i, st, "blocks", "CPython allows 20 nested blocks", "%s nests more than 20 blocks: CPython aborts (block stack overflow)", w.describe(i))
			return
		}
		level := len(st.stack)
		if below && level > 0 {
			level--
		}
		st.blocks = append(st.blocks, block{typ: typ, handler: t, level: level})
		w.fallThrough(i, st)
	}
}

// rulePopBlock pops the top block; ≤3.7 also cut the stack to its level.
func rulePopBlock(cut bool) controlRule {
	return func(w *walker, i int, st *state, sig *versions.StackSig) {
		if !w.apply(i, st, sig.At(false)) {
			return
		}
		if len(st.blocks) == 0 {
			w.errorf(i, st, "blocks", "every POP_BLOCK pops the block of a SETUP_* before it", "%s with no block to pop: CPython aborts (block stack underflow)", w.describe(i))
			return
		}
		b := st.blocks[len(st.blocks)-1]
		if b.typ == blockHandler {
			w.errorf(i, st, "blocks", "an except handler's block is popped by POP_EXCEPT", "%s pops an except handler's block", w.describe(i))
			return
		}
		st.blocks = st.blocks[:len(st.blocks)-1]
		if cut && len(st.stack) > b.level {
			st.stack = st.stack[:b.level]
		}
		w.fallThrough(i, st)
	}
}

// popHandlerBlock pops an except-handler block and the three saved
// exception values above its level (POP_EXCEPT, and END_FINALLY after
// __exit__ swallowed an exception). It reports false on a bad shape.
func (w *walker) popHandlerBlock(i int, st *state, popped int) bool {
	if len(st.blocks) == 0 || st.blocks[len(st.blocks)-1].typ != blockHandler {
		w.errorf(i, st, "blocks", "POP_EXCEPT ends an except handler, which an exception entering a handler starts",
			"%s: the top block is not an except handler (CPython raises SystemError)", w.describe(i))
		return false
	}
	b := st.blocks[len(st.blocks)-1]
	if len(st.stack) < b.level {
		w.errorf(i, st, "blocks", "", "%s: the stack is below the except handler's saved exception", w.describe(i))
		return false
	}
	if popped == 0 && len(st.stack) > b.level {
		// 3.6 counts POP_EXCEPT as popping nothing: it cuts the stack to
		// the level and three, and pops the three saved values.
		if len(st.stack) < b.level+3 {
			w.errorf(i, st, "blocks", "pop the exception's values before POP_EXCEPT: it expects the three saved ones on top",
				"%s expects the handler's three saved exception values on top, but the stack holds %d above them", w.describe(i), len(st.stack)-b.level-3)
			return false
		}
		st.stack = st.stack[:b.level]
	}
	st.blocks = st.blocks[:len(st.blocks)-1]
	return true
}

func rulePopExcept(w *walker, i int, st *state, sig *versions.StackSig) {
	if !w.apply(i, st, sig.At(false)) {
		return
	}
	if w.popHandlerBlock(i, st, sig.At(false).Pops(w.ins[i].Arg)) {
		w.fallThrough(i, st)
	}
}

func ruleBreak(w *walker, i int, st *state, sig *versions.StackSig) {
	if w.apply(i, st, sig.At(false)) {
		w.unwind(i, st, unwinding{why: whyBreak})
	}
}

func ruleContinue(w *walker, i int, st *state, sig *versions.StackSig) {
	if w.apply(i, st, sig.At(false)) {
		w.unwind(i, st, unwinding{why: whyContinue, target: w.target(i)})
	}
}

// unwind does what ≤3.7's interpreter does for return, break and continue:
// pop blocks (cutting the stack to their level) until a loop takes the
// break or continue, or a finally block is entered with an unwind marker.
func (w *walker) unwind(i int, st *state, u unwinding) {
	for len(st.blocks) > 0 {
		b := st.blocks[len(st.blocks)-1]
		if b.typ == blockLoop && u.why == whyContinue {
			if u.target >= 0 {
				w.goTo(u.target, i, st)
			}
			return
		}
		if b.typ == blockHandler && !w.savedStateIntact(i, st, b) {
			return
		}
		st.blocks = st.blocks[:len(st.blocks)-1]
		if len(st.stack) > b.level {
			st.stack = st.stack[:b.level]
		}
		switch b.typ {
		case blockLoop:
			if u.why == whyBreak {
				w.goTo(b.handler, i, st)
				return
			}
		case blockFinally:
			st.stack = append(st.stack, Slot{Kind: versions.KindUnwind, Label: unwindLabel(u), Origin: i, Unwinding: []unwinding{u}, Cells: -1, Code: -1})
			w.goTo(b.handler, i, st)
			return
		}
	}
	if u.why != whyReturn {
		w.errorf(i, st, "blocks", "BREAK_LOOP and CONTINUE_LOOP belong inside a SETUP_LOOP block",
			"%s is not inside a loop block (CPython returns without a value and raises SystemError)", w.describe(i))
	}
}

func unwindLabel(u unwinding) string {
	return [...]string{"unwind(return)", "unwind(break)", "unwind(continue)", "unwind(silenced)", "addr"}[u.why]
}

// ruleEndFinally: by what is on top. None (3.8: NULL) goes on; an unwind
// marker goes on unwinding; 3.8's address returns there; an exception type
// re-raises with its value and traceback below it.
func ruleEndFinally(w *walker, i int, st *state, sig *versions.StackSig) {
	if len(st.stack) == 0 {
		w.underflow(i, st, sig.At(false), 1)
		return
	}
	top := st.stack[len(st.stack)-1]
	rest := top.Kind &^ (versions.KindNone | versions.KindNull | versions.KindUnwind | versions.KindAddr | versions.KindExcType)
	if rest != 0 || (!w.finally38 && top.Kind&versions.KindNull != 0) || (w.finally38 && top.Kind&versions.KindNone != 0) {
		normal := "None"
		if w.finally38 {
			normal = "NULL (BEGIN_FINALLY)"
		}
		w.errorf(i, st, "kind", "END_FINALLY ends a finally block or an except clause: keep what entered it on top",
			"%s needs %s, what unwinding pushed, or an exception type on top, but finds %s", w.describe(i), normal, top)
		return
	}
	if top.Kind&(versions.KindNone|versions.KindNull) != 0 {
		s := w.clone(st)
		s.stack = s.stack[:len(s.stack)-1]
		w.fallThrough(i, s)
	}
	if top.Kind&(versions.KindUnwind|versions.KindAddr) != 0 {
		for _, u := range top.Unwinding {
			s := w.clone(st)
			s.stack = s.stack[:len(s.stack)-1]
			switch u.why {
			case whyAddr:
				w.goTo(u.target, i, s)
			case whySilenced:
				// The handler block goes as in an unwinding: whatever is
				// above its level + 3 (after WITH_CLEANUP_START, the
				// exception's three and the NULL below them) is dropped
				// with the saved state.
				if w.popHandlerBlock38(i, s) {
					w.fallThrough(i, s)
				}
			default:
				w.unwind(i, s, u)
			}
		}
	}
	if top.Kind&versions.KindExcType != 0 && len(st.stack) < 3 {
		w.underflow(i, st, sig.At(false), 3)
	}
}

// ruleCallFinally: 3.8 pushes where to come back and jumps to the finally block.
func ruleCallFinally(w *walker, i int, st *state, sig *versions.StackSig) {
	t := w.target(i)
	if t < 0 || i+1 >= len(w.ins) {
		w.errorf(i, st, "end", "", "%s has nowhere to return to", w.describe(i))
		return
	}
	st.stack = append(st.stack, Slot{Kind: versions.KindAddr, Label: "addr", Origin: i,
		Unwinding: []unwinding{{why: whyAddr, target: i + 1}}, Cells: -1, Code: -1})
	w.goTo(t, i, st)
}

// rulePopFinally: 3.8 drops what a finally block was entered with (below
// the top value when the argument is not zero): NULL or an address is one
// value, an exception its three and the handler block with its saved state.
func rulePopFinally(w *walker, i int, st *state, sig *versions.StackSig) {
	keep := w.ins[i].Arg != 0
	var saved []Slot
	if keep {
		if len(st.stack) == 0 {
			w.underflow(i, st, sig.At(false), 2)
			return
		}
		saved = st.stack[len(st.stack)-1:]
		st.stack = st.stack[:len(st.stack)-1]
	}
	if len(st.stack) == 0 {
		w.underflow(i, st, sig.At(false), 1)
		return
	}
	top := st.stack[len(st.stack)-1]
	if top.Kind&^(versions.KindNull|versions.KindAddr|versions.KindExcType) != 0 {
		w.errorf(i, st, "kind", "POP_FINALLY ends a finally block: keep what entered it on top",
			"%s needs NULL, an address or an exception type there, but finds %s", w.describe(i), top)
		return
	}
	if top.Kind&(versions.KindNull|versions.KindAddr) != 0 {
		s := w.clone(st)
		s.stack = append(s.stack[:len(s.stack)-1], saved...)
		w.fallThrough(i, s)
	}
	if top.Kind&versions.KindExcType != 0 {
		s := w.clone(st)
		if len(s.stack) < 3 {
			w.underflow(i, s, sig.At(false), 3)
			return
		}
		s.stack = s.stack[:len(s.stack)-3]
		if w.popHandlerBlock(i, s, 0) {
			s.stack = append(s.stack, saved...)
			w.fallThrough(i, s)
		}
	}
}

// ruleWithCleanup: __exit__ sits below what the finally block was entered
// with. 2.7 WITH_CLEANUP removes it and leaves the rest (an exception that
// __exit__ swallows becomes None); 3.x WITH_CLEANUP_START also pushes the
// exception (None if none) and __exit__'s result, and on an exception
// shifts the saved state down over __exit__ with a NULL in the gap.
func ruleWithCleanup(w *walker, i int, st *state, sig *versions.StackSig) {
	if len(st.stack) < 2 {
		w.underflow(i, st, sig.At(false), 2)
		return
	}
	top := st.stack[len(st.stack)-1]
	normal := versions.KindNone
	if w.finally38 {
		normal = versions.KindNull
	}
	if top.Kind&^(normal|versions.KindUnwind|versions.KindExcType) != 0 || (w.finally38 && top.Kind&versions.KindUnwind != 0) {
		w.errorf(i, st, "kind", "the with statement's cleanup runs where its finally block starts, with __exit__ below what entered it",
			"%s needs what entered the with block's finally on top, but finds %s", w.describe(i), top)
		return
	}
	none := Slot{Kind: versions.KindNone, Label: "None", Origin: i, Cells: -1, Code: -1}
	res := Slot{Kind: versions.KindObject, Label: "res", Origin: i, Cells: -1, Code: -1}
	two7 := w.v.Major == 2
	if top.Kind&(normal|versions.KindUnwind) != 0 {
		// Entered normally, the cleanup calls what is below the marker as
		// __exit__ (a second BEGIN_FINALLY's NULL there crashed 3.8).
		if below := st.stack[len(st.stack)-2]; below.Kind&^versions.KindAny != 0 {
			w.errorf(i, st, "kind", "the with statement's cleanup runs where its finally block starts, with __exit__ below what entered it",
				"%s calls what is below %s as __exit__, but finds %s there", w.describe(i), top, below)
			return
		}
		s := w.clone(st)
		n := len(s.stack)
		marker := s.stack[n-1]
		marker.Kind &= normal | versions.KindUnwind
		s.stack = append(s.stack[:n-2], marker)
		if !two7 {
			s.stack = append(s.stack, none, res)
		}
		w.fallThrough(i, s)
	}
	if top.Kind&versions.KindExcType != 0 {
		n := len(st.stack)
		if two7 {
			if n < 4 {
				w.underflow(i, st, sig.At(false), 4)
				return
			}
			// exit tb val type -- tb val type, or None when swallowed.
			s := w.clone(st)
			s.stack = append(s.stack[:n-4], s.stack[n-3:]...)
			w.fallThrough(i, s)
			s2 := w.clone(st)
			s2.stack = append(s2.stack[:n-4], none)
			w.fallThrough(i, s2)
			return
		}
		if n < 7 || len(st.blocks) == 0 || st.blocks[len(st.blocks)-1].typ != blockHandler {
			w.errorf(i, st, "kind", "the with statement's cleanup runs where its finally block starts",
				"%s finds an exception type on top without the handler's six values and __exit__ below", w.describe(i))
			return
		}
		s := w.clone(st)
		// exit s1 s2 s3 tb val type -- s1 s2 s3 NULL tb val type type res
		six := append([]Slot(nil), s.stack[n-6:]...)
		s.stack = append(s.stack[:n-7], six[0], six[1], six[2], Slot{Kind: versions.KindNull, Label: "NULL", Origin: i, Cells: -1, Code: -1})
		s.stack = append(s.stack, six[3], six[4], six[5], six[5], res)
		s.blocks[len(s.blocks)-1].level--
		w.fallThrough(i, s)
	}
}

// ruleWithCleanupFinish: 3.x pops __exit__'s result and the exception;
// after an exception __exit__ swallowed it pushes a marker (≤3.7) or drops
// the handler block and pushes NULL (3.8).
//
// What it leaves is for the END_FINALLY (3.8: or POP_FINALLY 0) right
// after it, where the compilers always put one: their depth walk, and so
// co_stacksize, counts WITH_CLEANUP_FINISH as popping three, while after
// an exception it pops two and leaves the exception with the handler's
// saved state (and ≤3.7, when swallowed, the marker on top): one or two
// values more than counted. Anything pushed before END_FINALLY takes them
// goes past the frame's value stack, which CPython does not check.
func ruleWithCleanupFinish(w *walker, i int, st *state, sig *versions.StackSig) {
	if !w.endsFinally(i + 1) {
		next := "END_FINALLY"
		if w.finally38 {
			next = "END_FINALLY or POP_FINALLY 0"
		}
		w.errorf(i, st, "after", "write "+next+" right after WITH_CLEANUP_FINISH, as CPython's compiler does",
			"%s is not followed by %s: after an exception it leaves one or two values more than co_stacksize counts, for %s to take, and what is pushed before that goes past the frame's value stack",
			w.describe(i), next, next)
		return
	}
	if len(st.stack) < 2 {
		w.underflow(i, st, sig.At(false), 2)
		return
	}
	exc := st.stack[len(st.stack)-2]
	s := w.clone(st)
	s.stack = s.stack[:len(s.stack)-2]
	if exc.Kind&^(versions.KindNone|versions.KindExcType) != 0 {
		w.errorf(i, st, "kind", "WITH_CLEANUP_FINISH follows WITH_CLEANUP_START",
			"%s needs WITH_CLEANUP_START's exception and result on top, but finds %s", w.describe(i), exc)
		return
	}
	if exc.Kind&versions.KindNone != 0 {
		w.fallThrough(i, w.clone(s))
	}
	if exc.Kind&versions.KindExcType != 0 {
		w.fallThrough(i, w.clone(s))
		sw := w.clone(s)
		if w.finally38 {
			if w.popHandlerBlock38(i, sw) {
				sw.stack = append(sw.stack, Slot{Kind: versions.KindNull, Label: "NULL", Origin: i, Cells: -1, Code: -1})
				w.fallThrough(i, sw)
			}
			return
		}
		sw.stack = append(sw.stack, Slot{Kind: versions.KindUnwind, Label: "unwind(silenced)", Origin: i,
			Unwinding: []unwinding{{why: whySilenced}}, Cells: -1, Code: -1})
		w.fallThrough(i, sw)
	}
}

// endsFinally: instruction j ends a finally block as the compilers end a
// with statement's cleanup (END_FINALLY; 3.8 also POP_FINALLY 0).
func (w *walker) endsFinally(j int) bool {
	if j >= len(w.ins) || w.ins[j].Op == nil {
		return false
	}
	switch w.facts(j).control {
	case "end-finally":
		return true
	case "pop-finally":
		return w.ins[j].Arg == 0
	}
	return false
}

// popHandlerBlock38 is UNWIND_EXCEPT_HANDLER: cut to the level plus the
// saved state, restore it, pop the block (3.8's POP_FINALLY path, and ≤3.7
// END_FINALLY after __exit__ silenced an exception).
func (w *walker) popHandlerBlock38(i int, st *state) bool {
	if len(st.blocks) == 0 || st.blocks[len(st.blocks)-1].typ != blockHandler {
		w.errorf(i, st, "blocks", "", "%s: the top block is not an except handler", w.describe(i))
		return false
	}
	b := st.blocks[len(st.blocks)-1]
	if len(st.stack) < b.level+3 {
		w.errorf(i, st, "blocks", "", "%s: the stack is below the except handler's saved exception", w.describe(i))
		return false
	}
	st.stack = st.stack[:b.level]
	st.blocks = st.blocks[:len(st.blocks)-1]
	return true
}

// ruleEndAsyncFor: 3.8–3.10 END_ASYNC_FOR sits where an async for's
// handler starts. On StopAsyncIteration it drops the handler block and its
// six values and the iterator below them and goes on; anything else it
// re-raises (the exception edges already went on).
func ruleEndAsyncFor(w *walker, i int, st *state, sig *versions.StackSig) {
	if !w.apply(i, st, sig.At(false)) {
		return
	}
	n := len(st.blocks)
	if n == 0 || st.blocks[n-1].typ != blockHandler || st.blocks[n-1].level != len(st.stack)+1 {
		w.errorf(i, st, "blocks", "END_ASYNC_FOR is the handler of the async for's SETUP_FINALLY, with the iterator just below the exception",
			"%s is not where an async for's handler starts", w.describe(i))
		return
	}
	st.blocks = st.blocks[:n-1]
	w.fallThrough(i, st)
}

// ruleSetFunctionAttribute: the argument is one flag, which has a picture
// of its own in the table (what the function keeps unchecked and reads as
// the flag says: defaults as a tuple, annotations as pairs …); the value
// is of its kind, and a closure has as many cells as the code has free
// variables.
func ruleSetFunctionAttribute(w *walker, i int, st *state, sig *versions.StackSig) {
	arg := w.ins[i].Arg
	attr := w.facts(i).argSigs[arg]
	if attr == nil || len(attr.In) != 2 {
		w.errorf(i, st, "attr", "write one SET_FUNCTION_ATTRIBUTE per attribute: 1 defaults, 2 keyword defaults, 4 annotations, 8 closure",
			"SET_FUNCTION_ATTRIBUTE %d: the argument must be exactly one attribute flag", arg)
		return
	}
	if len(st.stack) >= 2 {
		val, fn, want := st.stack[len(st.stack)-2], st.stack[len(st.stack)-1], &attr.In[0]
		if val.Kind&^want.Kind != 0 {
			w.errorf(i, st, "kind", "the attribute's value goes below the function: push it before MAKE_FUNCTION, in reverse order of the SET_FUNCTION_ATTRIBUTEs",
				"SET_FUNCTION_ATTRIBUTE %d sets %s (a %s), but finds %s below the function", arg, want.Name, kindList(want.Kind), val)
			return
		}
		if arg == closureFlag && fn.Code >= 0 && fn.Code < len(w.c.Consts) && val.Cells != w.c.Consts[fn.Code].Frees {
			frees := w.c.Consts[fn.Code].Frees
			w.errorf(i, st, "closure", fmt.Sprintf("the closure is BUILD_TUPLE %d of the cells, one per free variable of %s", frees, w.c.Consts[fn.Code].Label),
				"SET_FUNCTION_ATTRIBUTE 8 gives %s, which has %d free variable(s), %s as its closure", w.c.Consts[fn.Code].Label, frees, val)
			return
		}
	}
	if !w.apply(i, st, attr.At(false)) {
		return
	}
	if arg == closureFlag {
		st.stack[len(st.stack)-1].NeedsClosure = 0
	}
	w.fallThrough(i, st)
}

// closureFlag is SET_FUNCTION_ATTRIBUTE's flag for the closure, which the
// function must have before anything takes it.
const closureFlag = 8

// ruleReturnGenerator: 3.11 and 3.12 count RETURN_GENERATOR as pushing
// nothing, but the generator is resumed after it with the value sent in on
// its stack.
func ruleReturnGenerator(w *walker, i int, st *state, sig *versions.StackSig) {
	if !w.makeGenerator(i, st) {
		return
	}
	if w.apply(i, st, sig.At(false)) {
		st.stack = append(st.stack, Slot{Kind: versions.KindObject, Label: "sent", Origin: i, Cells: -1, Code: -1})
		w.fallThrough(i, st)
	}
}

// placementWords are the control words with arguments, which
// checkPlacement runs before the opcode's picture.
var placementWords = map[string]bool{"skip": true, "after": true, "before": true, "kw-names": true}

// checkPlacement runs the control words with arguments: "skip OP…" (the
// instructions at the jump target), "after OP" (the one before) and
// "before OP" (the one after). It reports false when the code does not
// have them.
func (w *walker) checkPlacement(i int, st *state, words []string) bool {
	switch {
	case len(words) > 1 && words[0] == "skip":
		t := w.target(i)
		for k, name := range words[1:] {
			if t < 0 || t+k >= len(w.ins) || w.ins[t+k].Name() != name {
				w.errorf(i, st, "skip", fmt.Sprintf("the target of %s must be %s: CPython goes past it without running it", w.ins[i].Name(), strings.Join(words[1:], ", ")),
					"%s at the end of its iterator skips %s at its target, which is not there", w.describe(i), strings.Join(words[1:], " and "))
				return false
			}
		}
	case len(words) == 2 && words[0] == "after":
		if i == 0 || w.ins[i-1].Name() != words[1] || w.ins[i-1].Arg != w.ins[i].Arg {
			w.errorf(i, st, "after", fmt.Sprintf("write %s %d just before it", words[1], w.ins[i].Arg),
				"%s must come right after %s %d", w.describe(i), words[1], w.ins[i].Arg)
			return false
		}
	case len(words) == 2 && words[0] == "kw-names":
		// 3.11–3.12 KW_NAMES: the call after it takes the names for its
		// last arguments, and reads below them when there are more names
		// than arguments.
		names := -1
		if a := int(w.ins[i].Arg); a < len(w.c.Consts) {
			names = w.c.Consts[a].Items
		}
		if i+1 >= len(w.ins) || w.ins[i+1].Name() != words[1] {
			w.errorf(i, st, "kw-names", fmt.Sprintf("write %s just after it", words[1]),
				"%s must come right before the %s whose keyword arguments it names", w.describe(i), words[1])
			return false
		}
		if names > int(w.ins[i+1].Arg) {
			w.errorf(i+1, st, "kw-names", fmt.Sprintf("count the keyword arguments too: %s %d or more", words[1], names),
				"%s has %d keyword name(s) for %d argument(s)", w.describe(i+1), names, w.ins[i+1].Arg)
			return false
		}
	case len(words) == 2 && words[0] == "before":
		if i+1 >= len(w.ins) || w.ins[i+1].Name() != words[1] || w.ins[i+1].Arg != w.ins[i].Arg {
			w.errorf(i, st, "before", fmt.Sprintf("write %s %d just after it", words[1], w.ins[i].Arg),
				"%s must come right before %s %d: its specialized forms make the call themselves and skip the instruction after them", w.describe(i), words[1], w.ins[i].Arg)
			return false
		}
	}
	return true
}
