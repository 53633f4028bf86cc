package slots

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pyasm/pyasm/versions"
)

// step runs instruction i on one shape and sends the results on.
func (w *walker) step(i int, st *state) {
	in := &w.ins[i]
	op := in.Op
	if op == nil {
		w.errorf(i, st, "opcode", "", "opcode %d does not exist in %s", in.Code, w.v)
		return
	}
	f := w.facts(i)
	w.exceptionEdges(i, st)
	sig := f.sigAt(in.Arg)
	if sig == nil {
		w.errorf(i, st, "nosig", "", "%s has no stack picture in %s's table", op.Name, w.v)
		return
	}
	if want, ok := f.constKind, f.hasConstKind; ok && int(in.Arg) < len(w.c.Consts) {
		if c := w.c.Consts[in.Arg]; c.Kind&^want != 0 {
			w.errorf(i, st, "const", fmt.Sprintf("%s takes a constant of kind %s: write one there", op.Name, kindList(want)),
				"%s needs a constant of kind %s, but %s is not one", w.describe(i), kindList(want), w.constLabel(int(in.Arg)))
			return
		}
	}
	if f.usesMapping && w.noMapping {
		// Reported, and the walk goes on: the stack is as the picture says.
		w.errorf(i, st, "mapping", "a function keeps its variables in fast locals: LOAD_FAST and STORE_FAST for its own, LOAD_GLOBAL for a global; a block that uses only names (a class body) gets a mapping and no OPTIMIZED flag",
			"%s needs the frame's locals mapping, which a function's frame (%s) does not have (CPython raises SystemError or crashes)",
			w.describe(i), versions.FormatBits(w.v.NoMappingFlags(), w.v.CodeFlags))
	}
	if !w.checkPlacement(i, st, f.words) {
		return
	}
	if f.rule != nil {
		f.rule(w, i, st, sig)
		return
	}
	// st is a scratch copy of what the walk keeps (run clones it): the fall
	// path takes it, the jump path a copy made before the fall changes it.
	if op.Jump != versions.NotJump {
		if t := w.target(i); t >= 0 {
			jump := w.clone(st)
			if w.apply(i, jump, sig.At(true)) {
				w.goTo(t, i, jump)
			}
		}
	}
	if !w.apply(i, st, sig.At(false)) {
		return
	}
	w.fallThrough(i, st)
}

// fallThrough goes on to the next instruction, or reports running off the end.
func (w *walker) fallThrough(i int, st *state) {
	if i+1 >= len(w.ins) {
		w.errorf(i, st, "end", "end the code with a return, a raise or a jump",
			"execution runs off the end of the code after %s", w.describe(i))
		return
	}
	w.goTo(i+1, i, st)
}

// apply pops the effect's inputs, checking their kinds, runs the
// instruction's local action and pushes its outputs. It reports false when
// the instruction cannot run on this shape.
func (w *walker) apply(i int, st *state, e *versions.StackEffectSig) bool {
	in := &w.ins[i]
	arg := in.Arg
	for k := range e.In {
		if e.In[k].N(arg) < 0 {
			w.errorf(i, st, "arg", "", "%s: the argument is too small for %s (%s)", w.describe(i), in.Op.Name, e.String())
			return false
		}
	}
	pops := e.Pops(arg)
	if pops > len(st.stack) {
		w.underflow(i, st, e, pops)
		return false
	}
	base := len(st.stack) - pops
	// Before 3.11 the values below the top block's level belong to the
	// code around the block: an exception unwinds to them. (An instruction
	// that cannot raise may move them: CPython's return from an except
	// clause rotates the value under the saved exception.)
	// 3.11+ the same holds for a try region's depth: an exception pops the
	// stack down to the depth and never below, so the handler would miss a
	// value taken from under it.
	var below []Slot
	level, region := 0, ""
	f := w.facts(i)
	raises := !f.cannotRaise && !f.resumedAfter
	if n := len(st.blocks); n > 0 && base < st.blocks[n-1].level && !f.ownsLevels && raises {
		level, region = st.blocks[n-1].level, blockNames[st.blocks[n-1].typ]+" block"
	}
	if d := w.regionDepth(i); d > base && d <= len(st.stack) && raises {
		level, region = d, "try region"
	}
	if region != "" {
		if level > len(st.stack) {
			// Values the block keeps are gone already (a path that left
			// the block on without popping it): an exception here would
			// unwind onto a stack shorter than the handler expects.
			w.errorf(i, st, "level", levelHint(w.v),
				"%s runs with %d value(s) on the stack, below the %s's level (%d): an exception would unwind to values that are gone",
				w.describe(i), len(st.stack), region, level)
			return false
		}
		below = append(w.below[:0], st.stack[base:level]...)
		w.below = below
	}
	at := base
	for k := range e.In {
		n := e.In[k].N(arg)
		for _, s := range st.stack[at : at+n] {
			if s.Kind&^e.In[k].Kind != 0 {
				w.wrongKind(i, st, e, k, s)
				return false
			}
			if e.In[k].Pair && at > base && !w.pairFits(i, st, st.stack[at-1], s) {
				return false
			}
			if want := &e.In[k]; want.HasItemRule() && s.Kind&versions.KindTuple != 0 &&
				(!s.HasItems || !want.ItemsFit(s.Items) || want.ItemKind != 0 && s.ItemKinds&^want.ItemKind != 0) {
				w.wrongItems(i, st, e, k, s)
				return false
			}
			if s.NeedsClosure > 0 && f.control != "set-function-attribute" {
				w.errorf(i, st, "closure", fmt.Sprintf("give it its closure first: the tuple of its %d cell(s), then SET_FUNCTION_ATTRIBUTE closure (8)", s.NeedsClosure),
					"%s takes a function whose code has %d free variable(s) but which has no closure yet", w.describe(i), s.NeedsClosure)
				return false
			}
		}
		at += n
	}
	inputs := w.takeInputs(st.stack[base:], e, arg)
	st.stack = st.stack[:base]
	ok, pushed := w.localAction(i, st, inputs)
	if !ok {
		return false
	}
	if !pushed {
		out := w.newOutputs(w.outputs[:0], i, e, arg, inputs)
		w.outputs = out
		if fn, args, ok := callShape(e, inputs); ok && fn.Code >= 0 && fn.Code < len(w.c.Consts) {
			callee := w.c.Consts[fn.Code]
			// Calling a generator function gives an iterator.
			if callee.Generator && len(out) == 1 && out[0].Origin == i {
				out[0].Kind = versions.KindIter
			}
			if !w.checkParams(i, st, inputs, callee, args) {
				return false
			}
		}
		st.stack = append(st.stack, out...)
	}
	for j, old := range below {
		if k := base + j; k >= len(st.stack) || st.stack[k].Origin != old.Origin || st.stack[k].Kind != old.Kind {
			w.errorf(i, st, "level", levelHint(w.v),
				"%s takes values from below the %s's level (%d): an exception would unwind to values that are gone",
				w.describe(i), region, level)
			return false
		}
	}
	return true
}

// levelHint is the hint for an instruction that takes or finds gone the
// values a block or try region keeps.
func levelHint(v *versions.Version) string {
	if v.ExceptionTable {
		return "a try region's values below its depth stay while the region lasts: end the region before the instruction that takes them"
	}
	return "a block's values stay until the block is popped: pop it (POP_BLOCK, POP_EXCEPT) first"
}

// ownsLevels are the control words whose rules take the values of a
// block themselves.
var ownsLevels = map[string]bool{"end-async-for": true, "pop-except": true, "pop-block": true, "pop-block-unwind": true}

// newOutputs appends to out the slots an effect pushes: inputs passed
// through, or new values labelled by what made them.
func (w *walker) newOutputs(out []Slot, i int, e *versions.StackEffectSig, arg uint32, inputs [][]Slot) []Slot {
	for k := range e.Out {
		o := &e.Out[k]
		if o.From >= 0 && inputs != nil {
			out = append(out, inputs[o.From]...)
			continue
		}
		for n := o.N(arg); n > 0; n-- {
			out = append(out, w.newSlot(i, o, e, inputs))
		}
	}
	return out
}

// newSlot is a value instruction i makes for output o. Its label is
// made only when the walk labels (see Analyze); its kind and what it
// holds, always.
func (w *walker) newSlot(i int, o *versions.Slot, e *versions.StackEffectSig, inputs [][]Slot) Slot {
	s := Slot{Kind: o.Kind, Origin: i, Cells: -1, Code: -1}
	if w.labels {
		s.Label = o.Name
		if s.Kind == versions.KindNull {
			s.Label = "NULL"
		}
	}
	if i < 0 {
		return s
	}
	in := &w.ins[i]
	op := in.Op
	iterLike := s.Kind == versions.KindIter || s.Kind == versions.KindSeq || s.Kind == versions.KindSeq|versions.KindAwaitable
	oneInput := len(inputs) == 1 && len(inputs[0]) == 1
	var callee Slot
	called := false
	if !iterLike || !oneInput {
		callee, called = callResult(e, inputs)
	}
	switch {
	case iterLike && oneInput:
		if w.labels {
			s.Label = shortLabel("iter(" + inputs[0][0].String() + ")")
		}
	case called:
		if w.labels {
			s.Label = shortLabel(callee.String() + "()")
		}
	case s.Kind == versions.KindNull:
	case op.Operand == versions.OperandConst:
		if int(in.Arg) < len(w.c.Consts) {
			c := &w.c.Consts[in.Arg]
			s.Kind = c.Kind
			if w.labels {
				s.Label = w.constLabel(int(in.Arg))
			}
			s.Items, s.HasItems, s.ItemKinds = c.Items, c.Kind == versions.KindTuple && c.Items >= 0, c.ItemKinds
			if c.Kind == versions.KindCode {
				s.Code = int(in.Arg)
			}
		}
	case !w.labels:
	case op.Operand == versions.OperandName:
		if n := int(in.Arg >> w.facts(i).nameShift); n < len(w.c.Names) {
			s.Label = nameLabel(w.c.Names[n], o, e, in.Arg, inputs)
		}
	case op.Operand == versions.OperandLocal, op.Operand == versions.OperandFree:
		s.Label = w.localName(op, in.Arg)
	}
	if w.facts(i).control == "tuple" && len(inputs) == 1 {
		s.Items, s.HasItems = len(inputs[0]), true
		s.Cells = len(inputs[0])
		for _, x := range inputs[0] {
			if x.Kind != versions.KindCell {
				s.Cells = -1
			}
			s.ItemKinds |= x.Kind
		}
	}
	return s
}

// callArgs are the arguments a call gets, in order: a self first when
// there is one, then the picture's inputs from the first argument on. They
// are read in place: most calls never ask.
type callArgs struct {
	self    Slot
	hasSelf bool
	rest    [][]Slot
}

// at is argument k, if the call has it.
func (a callArgs) at(k int) (Slot, bool) {
	if a.hasSelf {
		if k == 0 {
			return a.self, true
		}
		k--
	}
	for _, in := range a.rest {
		if k < len(in) {
			return in[k], true
		}
		k -= len(in)
	}
	return Slot{}, false
}

// callShape finds, in a call's inputs, the function called and the
// arguments it gets, by the names the pictures give the call's slots: a
// method below its self (≤3.12's meth and method; NULL means none, and the
// slot above holds the callable), the callable below self_or_null (3.13+),
// or the callable alone before the arguments.
func callShape(e *versions.StackEffectSig, inputs [][]Slot) (fn Slot, args callArgs, ok bool) {
	if len(inputs) != len(e.In) {
		return Slot{}, callArgs{}, false
	}
	one := func(k int) (Slot, bool) {
		if k < len(inputs) && len(inputs[k]) == 1 {
			return inputs[k][0], true
		}
		return Slot{}, false
	}
	isNull := func(s Slot) bool { return s.Kind == versions.KindNull }
	for k := range e.In {
		switch e.In[k].Name {
		case "meth", "method":
			m, ok1 := one(k)
			c, ok2 := one(k + 1)
			if !ok1 || !ok2 {
				return Slot{}, callArgs{}, false
			}
			if isNull(m) {
				return c, callArgs{rest: inputs[k+2:]}, true
			}
			return m, callArgs{self: c, hasSelf: true, rest: inputs[k+2:]}, true
		case "callable":
			c, ok := one(k)
			if !ok {
				return Slot{}, callArgs{}, false
			}
			if k+1 < len(e.In) && e.In[k+1].Name == "self_or_null" {
				if s, ok := one(k + 1); ok && !isNull(s) {
					return c, callArgs{self: s, hasSelf: true, rest: inputs[k+2:]}, true
				}
				return c, callArgs{rest: inputs[k+2:]}, true
			}
			return c, callArgs{rest: inputs[k+1:]}, true
		}
	}
	return Slot{}, callArgs{}, false
}

// nameLabel labels a value an instruction with a name operand pushes:
// the name itself ("print"), an attribute of the one object it takes
// ("word.upper"), and, where it pushes two values (a method and its self),
// the object again for the slot the picture calls self….
func nameLabel(name string, o *versions.Slot, e *versions.StackEffectSig, arg uint32, inputs [][]Slot) string {
	if len(e.In) != 1 || len(inputs) != 1 || len(inputs[0]) != 1 {
		return name
	}
	owner := inputs[0][0].String()
	pushed := 0
	for k := range e.Out {
		if e.Out[k].From < 0 {
			pushed += e.Out[k].N(arg)
		}
	}
	if pushed > 1 && strings.HasPrefix(o.Name, "self") {
		return owner
	}
	return shortLabel(owner + "." + name)
}

// callResult is the slot a call's result is labelled after ("range()"):
// the method below its self where the picture has one and it is not NULL
// (≤3.12's meth, method), else the input the picture calls callable.
func callResult(e *versions.StackEffectSig, inputs [][]Slot) (Slot, bool) {
	if len(e.Out) != 1 || e.Out[0].From >= 0 || len(inputs) != len(e.In) {
		return Slot{}, false
	}
	for _, names := range calleeNames {
		for k := range e.In {
			if slices.Contains(names, e.In[k].Name) && len(inputs[k]) == 1 && inputs[k][0].Kind&versions.KindNull == 0 {
				return inputs[k][0], true
			}
		}
	}
	return Slot{}, false
}

// calleeNames are the names pictures give a called function's slot, in
// the order callResult looks for them.
var calleeNames = [][]string{{"meth", "method"}, {"callable", "self_or_callable"}}

// constLabel shows constant k: its Label, or what Options.ConstLabel says.
func (w *walker) constLabel(k int) string {
	if c := &w.c.Consts[k]; c.Label != "" || w.opts.ConstLabel == nil {
		return c.Label
	}
	return w.opts.ConstLabel(k)
}

// maxLabel bounds a slot's label: labels nest (iter(f())), and a stack
// picture must stay readable.
const maxLabel = 32

func shortLabel(s string) string {
	if len(s) <= maxLabel {
		return s
	}
	return s[:maxLabel-3] + "..."
}

func (w *walker) localName(op *versions.Opcode, arg uint32) string {
	names := w.c.Locals
	if op.Operand == versions.OperandFree && !w.v.LocalsPlus {
		names = w.c.Derefs
	}
	if int(arg) < len(names) {
		return names[arg]
	}
	return fmt.Sprintf("local %d", arg)
}

// takeInputs copies the popped slots into the walker's input buffer,
// detached from the stack they were cut from, one slice per input of e.
// They last until the next apply.
func (w *walker) takeInputs(popped []Slot, e *versions.StackEffectSig, arg uint32) [][]Slot {
	w.inputSlots = append(w.inputSlots[:0], popped...)
	inputs := w.inputs[:0]
	at := 0
	for k := range e.In {
		n := e.In[k].N(arg)
		inputs = append(inputs, w.inputSlots[at:at+n:at+n])
		at += n
	}
	w.inputs = inputs
	return inputs
}

// localAction reads or writes the local the argument names: loads push the
// local's kind themselves (pushed true: the picture's outputs are not
// pushed again), stores give the local the popped value's kind.
func (w *walker) localAction(i int, st *state, inputs [][]Slot) (ok, pushed bool) {
	in := &w.ins[i]
	op := in.Op
	act := w.facts(i).local
	if act == "" {
		return true, false
	}
	derefOnly := op.Operand == versions.OperandFree && !w.v.LocalsPlus
	if derefOnly {
		return true, false // ≤3.10 cells are made by the frame; nothing to track
	}
	idx := int(in.Arg)
	valid := func(n int) bool { return n >= 0 && n < len(st.locals) }
	load := func(n int, checked bool) bool {
		if !valid(n) {
			return true // the index check reports it
		}
		k := st.locals[n]
		if !checked && k&versions.KindNull != 0 {
			hint := fmt.Sprintf("write LOAD_FAST_CHECK %s, which raises UnboundLocalError instead, or store %s on every path first", w.c.Locals[n], w.c.Locals[n])
			if op.Name != "LOAD_FAST" {
				hint = fmt.Sprintf("%s is unassigned on some path: load it with LOAD_FAST_CHECK %s, or store it on every path first", w.c.Locals[n], w.c.Locals[n])
			}
			w.errorf(i, st, "unassigned", hint, "%s reads %s, which some path reaches unassigned (%s does not check: CPython would push NULL and crash)",
				w.describe(i), w.c.Locals[n], op.Name)
			return false
		}
		if checked {
			// It raised if the local was unassigned: from here on it is not.
			k &^= versions.KindNull
			if k == 0 {
				k = versions.KindObject
			}
			st.locals[n] = k
		}
		st.stack = append(st.stack, Slot{Kind: k, Label: w.c.Locals[n], Origin: i, Cells: -1, Code: -1})
		return true
	}
	store := func(n int, s Slot) {
		if valid(n) {
			st.locals[n] = s.Kind
		}
	}
	switch act {
	case versions.LocalLoad, versions.LocalLoadUnchecked:
		return load(idx, act == versions.LocalLoad), valid(idx)
	case versions.LocalLoadClear:
		if valid(idx) {
			st.stack = append(st.stack, Slot{Kind: st.locals[idx], Label: w.c.Locals[idx], Origin: i, Cells: -1, Code: -1})
			st.locals[idx] = versions.KindNull
			return true, true
		}
	case versions.LocalStore:
		if len(inputs) > 0 && len(inputs[0]) > 0 {
			store(idx, inputs[len(inputs)-1][0])
		}
	case versions.LocalDelete:
		if valid(idx) {
			st.locals[idx] = versions.KindNull
		}
	case versions.LocalPairLoad:
		if !valid(idx>>4) || !valid(idx&15) {
			return true, false
		}
		return load(idx>>4, false) && load(idx&15, false), true
	case versions.LocalPairStoreLoad:
		if !valid(idx>>4) || !valid(idx&15) {
			return true, false
		}
		if len(inputs) > 0 && len(inputs[0]) > 0 {
			store(idx>>4, inputs[0][0])
		}
		return load(idx&15, false), true
	case versions.LocalPairStore:
		if len(inputs) >= 2 {
			store(idx>>4, inputs[1][0])
			store(idx&15, inputs[0][0])
		}
	case versions.LocalMakeCell:
		if valid(idx) {
			st.locals[idx] = versions.KindCell
		}
	case versions.LocalDeref, versions.LocalClosure:
		if valid(idx) && st.locals[idx] != versions.KindCell {
			name := w.c.Locals[idx]
			hint := fmt.Sprintf("write MAKE_CELL %s at the start of the code", name)
			if idx >= len(st.locals)-w.c.Frees {
				hint = fmt.Sprintf("%s is a free variable: write COPY_FREE_VARS %d at the start of the code", name, w.c.Frees)
			}
			w.errorf(i, st, "cell", hint, "%s uses %s as a cell, but some path reaches it before %s is made a cell", w.describe(i), name, name)
			return false, false
		}
		if act == versions.LocalDeref && valid(idx) {
			return w.typedCell(i, st, inputs, w.c.Locals[idx])
		}
	case versions.LocalCopyFree:
		if idx != w.c.Frees {
			w.errorf(i, st, "freevars", fmt.Sprintf("write COPY_FREE_VARS %d", w.c.Frees),
				"COPY_FREE_VARS %d: the code has %d free variable(s); CPython copies exactly that many from the closure", idx, w.c.Frees)
			return false, false
		}
		for n := len(st.locals) - w.c.Frees; n < len(st.locals); n++ {
			if n >= 0 {
				st.locals[n] = versions.KindCell
			}
		}
	}
	return true, false
}

// typedCell gives a cell the compiler names with a dot the kind its table
// entry says (<.type_params>: a tuple), as for a parameter: a store into
// it must give a value of that kind, and a load pushes one. (3.12+
// LOAD_FROM_DICT_OR_DEREF looks in the class namespace first, where no
// Python code can name .type_params: a class body that is generic inside
// a class reads its type parameters so.)
func (w *walker) typedCell(i int, st *state, inputs [][]Slot, name string) (ok, pushed bool) {
	want := w.v.ParamKind(name)
	if want == 0 {
		return true, false
	}
	sig := w.facts(i).sigAt(w.ins[i].Arg)
	pops, pushes := sig.Pops(w.ins[i].Arg), sig.Pushes(w.ins[i].Arg)
	switch {
	case pushes == 1 && pops <= 1:
		st.stack = append(st.stack, Slot{Kind: want, Label: name, Origin: i, Cells: -1, Code: -1})
		return true, true
	case pops == 1 && pushes == 0 && len(inputs) == 1 && len(inputs[0]) == 1:
		if v := inputs[0][0]; v.Kind&^want != 0 {
			words := paramWords[want]
			st.stack = append(st.stack, v) // show the stack the store found
			w.errorf(i, st, "kind", words.hint, "%s stores %s in %s, which the compiler's code reads as %s unchecked",
				w.describe(i), v, name, words.what)
			return false, false
		}
	}
	return true, false
}

// paramWords say what a parameter of a compiler's own function must be
// given, and how to make it, by the kind its table entry names.
var paramWords = map[versions.SlotKind]struct{ what, hint string }{
	versions.KindIter:  {"an iterator", "pass the iterator: GET_ITER after the code that pushes the iterable"},
	versions.KindTuple: {"a tuple", "pass a tuple: a tuple constant or BUILD_TUPLE"},
	versions.KindDict:  {"a dict", "pass a dict: BUILD_MAP or BUILD_CONST_KEY_MAP"},
}

// checkParams holds a call of a known function to the kinds its
// parameters must have (Const.Params): the callee uses them unchecked.
func (w *walker) checkParams(i int, st *state, inputs [][]Slot, callee Const, args callArgs) bool {
	for k, want := range callee.Params {
		if want == 0 {
			continue
		}
		passed := "no argument"
		if arg, ok := args.at(k); ok {
			if arg.Kind&^want == 0 {
				continue
			}
			passed = arg.String()
		}
		words, ok := paramWords[want]
		if !ok {
			words.what = kindWords(want)
		}
		// The error shows the stack as the call found it.
		found := &state{stack: append([]Slot(nil), st.stack...)}
		for _, in := range inputs {
			found.stack = append(found.stack, in...)
		}
		w.errorf(i, found, "param", words.hint,
			"%s calls %s, whose parameter %s must be %s, with %s", w.describe(i), callee.Label, callee.ParamNames[k], words.what, passed)
		return false
	}
	return true
}

// pairFits checks the second slot of 3.15's iterator pair against the
// first: GET_ITER's index beside the seq that GET_ITER made, NULL beside
// an iterator that cannot be a sequence.
func (w *walker) pairFits(i int, st *state, first, second Slot) bool {
	switch {
	case second.Kind&versions.KindIndex != 0 && (first.Kind&versions.KindSeq == 0 || first.Kind&^(versions.KindSeq|versions.KindAwaitable) != 0 ||
		first.Origin < 0 || first.Origin != second.Origin):
		w.errorf(i, st, "pair", "keep the two values GET_ITER leaves together, in its order: the iterator, then its index",
			"%s takes an iterator and GET_ITER's index beside it, but the index is not from the GET_ITER that made %s", w.describe(i), first)
		return false
	case second.Kind&versions.KindNull != 0 && first.Kind&versions.KindSeq != 0:
		hint := "GET_ITER leaves its iterator with the slot beside it: keep both, and write no PUSH_NULL for it"
		if second.Origin >= 0 && second.Origin != first.Origin {
			hint += fmt.Sprintf(" (the NULL comes from %s)", w.describe(second.Origin))
		}
		w.errorf(i, st, "pair", hint,
			"%s finds NULL beside %s, which GET_ITER may have left as the sequence itself, to be indexed: it needs GET_ITER's own index there", w.describe(i), first)
		return false
	}
	return true
}
