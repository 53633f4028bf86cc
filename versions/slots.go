package versions

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// What each instruction takes from the stack and leaves there, slot by slot,
// is written per release as a stack picture in the style of CPython's own
// bytecodes.c (slots_X_Y.go):
//
//	sig     = effect [ "|" "jump:" effect ]
//	effect  = { slot } "--" { slot }
//	slot    = name [ ":" kind [ "(" items ")" ] [ "/" kind ] ] [ "[" count "]" ]
//	kind    = word { "+" word }
//	count   = a Go integer expression over oparg (oparg&1, 2*oparg, oparg>>8 …)
//	items   = how many items a tuple input must have: a number (3), a
//	          multiple of one (2n: an even number, none included), or at
//	          least one (1+)
//
// The kind after "/" is the kind every item of a tuple input must have
// ("strings:tuple(1+)/str": a tuple of at least one str).
//
// The slots before "--" are what the instruction pops, bottom first; those
// after it what it pushes. An output with the same name as an input is that
// input passed through, with its kind (SWAP, COPY, FOR_ITER's iterator); any
// other output is new, of its kind. An input's kind says what it accepts. The
// part after "| jump:" is the effect on the way to the jump target where it
// differs (FOR_ITER at the end of its iterator).
//
// A picture is keyed by the opcode's name, or by the name and one value of
// its argument ("CALL_INTRINSIC_1 INTRINSIC_TYPEALIAS", or a number) where
// what the instruction takes depends on the argument: that picture
// replaces the opcode's own for that value.
//
// The verifier (asm/slots) walks every path with a stack of SlotKinds made
// from these pictures; the help and the listing read the same pictures.

// SlotKind is what a stack slot may hold, as a set of possibilities: at a
// label the kinds of the paths are joined by union, and a slot is accepted
// when all of its possibilities are among those the reader accepts.
type SlotKind uint32

const (
	KindObject        SlotKind = 1 << iota // an object with no more specific kind
	KindNull                               // NULL (PUSH_NULL, LOAD_GLOBAL's bit, …)
	KindIter                               // an iterator made by GET_ITER or its like
	KindExc                                // an exception instance a handler or the interpreter pushed
	KindExcType                            // ≤3.10 handlers: the exception's type (top of the triple)
	KindExcState                           // a saved exception state: PUSH_EXC_INFO's previous one, ≤3.10's three
	KindLasti                              // the offset integer a lasti handler pushes
	KindUnwind                             // ≤3.8 finally blocks: what the unwinding pushed (see asm/slots)
	KindAddr                               // 3.8: the return address CALL_FINALLY pushes
	KindCode                               // a code object (LOAD_CONST of a code block)
	KindCell                               // a cell object (LOAD_CLOSURE; 3.13+ LOAD_FAST of a cell)
	KindList                               // a list BUILD_LIST made (LIST_APPEND and LIST_EXTEND write into it unchecked)
	KindDict                               // a dict BUILD_MAP and its like made (MAP_ADD, DICT_UPDATE)
	KindSet                                // a set BUILD_SET made (SET_ADD, SET_UPDATE)
	KindNone                               // None (LOAD_CONST None): ≤3.8's END_FINALLY tells the normal path by it
	KindTuple                              // a tuple (BUILD_TUPLE, a tuple constant): defaults, closures
	KindAwaitable                          // ≤3.10: what GET_AWAITABLE and its like leave, maybe a coroutine (no tp_iternext)
	KindStr                                // a str: a text constant, what BUILD_STRING and the FORMAT_* instructions make
	KindConst                              // a constant of no kind above (an int, a float, bytes…): known not to be one of them
	KindFunction                           // a function MAKE_FUNCTION made (3.13+ SET_FUNCTION_ATTRIBUTE writes into it unchecked)
	KindInterpolation                      // 3.14+: what BUILD_INTERPOLATION made (a template reads it unchecked)
	KindIndex                              // 3.15+: what GET_ITER leaves beside its iterator, NULL or a tagged index (no object)
	KindSeq                                // 3.15+: what GET_ITER leaves as the iterator: one, or the list or tuple it indexes (no tp_iternext)
)

// KindAny is every object kind (not NULL); what a plain input accepts.
const KindAny = KindObject | KindIter | KindExc | KindExcType | KindExcState | KindLasti | KindAddr |
	KindCode | KindCell | KindList | KindDict | KindSet | KindNone | KindTuple | KindAwaitable | KindStr | KindConst | KindFunction |
	KindInterpolation | KindSeq

// kindNames spells the kinds as the pictures write them. An input written
// without a kind accepts any object; an output written without one is a new
// object.
var kindNames = map[string]struct{ in, out SlotKind }{
	"":         {KindAny, KindObject},
	"null":     {KindNull, KindNull},
	"nullable": {KindAny | KindNull, KindAny | KindNull},
	"iter":     {KindIter, KindIter},
	// ≤3.9 YIELD_FROM sends to a generator or coroutine itself and steps
	// anything else with tp_iternext unchecked: it takes an iterator or
	// an awaitable, which FOR_ITER (iter) does not.
	"awaitable": {KindAwaitable, KindAwaitable},
	"sendable":  {KindIter | KindAwaitable, KindIter | KindAwaitable},
	"exc":       {KindExc, KindExc},
	"exctype":   {KindExcType, KindExcType},
	// The saved exception state may hold NULL before 3.11 (no exception
	// was being handled): what takes it accepts NULL, and the handler's
	// layout says which of its values may be NULL (excsaved).
	"excstate": {KindExcState | KindNull, KindExcState},
	"excsaved": {KindExcState | KindNull, KindExcState | KindNull},
	// From 3.11 the saved state is one value, the exception being handled
	// before or None, never NULL: POP_EXCEPT stores it unchecked, and a
	// NULL there crashes 3.14.
	"excvalue":      {KindExcState, KindExcState},
	"lasti":         {KindLasti, KindLasti},
	"addr":          {KindAddr, KindAddr},
	"unwind":        {KindUnwind, KindUnwind},
	"code":          {KindCode, KindCode},
	"cell":          {KindCell, KindCell},
	"list":          {KindList, KindList},
	"dict":          {KindDict, KindDict},
	"set":           {KindSet, KindSet},
	"none":          {KindNone, KindNone},
	"tuple":         {KindTuple, KindTuple},
	"str":           {KindStr, KindStr},
	"function":      {KindFunction, KindFunction},
	"interpolation": {KindInterpolation, KindInterpolation},
	// 3.15's GET_ITER leaves, beside the iterator, NULL or a tagged index
	// into the list or tuple it left as the iterator: FOR_ITER takes that
	// slot only, for a PUSH_NULL beside a list makes it call the list's
	// missing tp_iternext.
	"index": {KindIndex, KindIndex},
	"seq":   {KindSeq, KindSeq},
	// pair is the second slot of 3.15's iterator pair, read with the input
	// before it (Slot.Pair): GET_ITER's index beside the seq the same
	// GET_ITER made, or NULL beside an iterator that is no seq (a
	// generator's, a PUSH_NULL's partner). A tagged index beside anything
	// else, or NULL beside a list, crashes FOR_ITER and SEND.
	"pair": {KindIndex | KindNull, KindIndex | KindNull},
	// A slot the instruction moves, copies or drops without reading it:
	// anything there is, NULL and GET_ITER's index included.
	"any": {KindAny | KindNull | KindIndex, KindAny | KindNull | KindIndex},
	// A kind with ? also takes a value whose kind the walk does not know
	// (KindObject: a local, an attribute, a call's result), and refuses
	// only values known to be something else: where the interpreter keeps
	// the value unchecked but CPython's own code passes it through a local
	// (3.12+ generic functions load their defaults from .defaults).
	"tuple?": {KindTuple | KindObject, KindTuple},
	"dict?":  {KindDict | KindObject, KindDict},
	"set?":   {KindSet | KindObject, KindSet},
	"str?":   {KindStr | KindObject, KindStr},
	"bool":   {KindAny, KindObject}, // documentation: a bool (CPython asserts, does not check)
	"int":    {KindAny, KindObject}, // documentation: an int (checked by the interpreter)
}

// kindNamed reads a kind as the pictures write it: a name of kindNames, or
// several joined by + ("dict+null"), which take and give any of them.
func kindNamed(word string) (k struct{ in, out SlotKind }, ok bool) {
	for _, w := range strings.Split(word, "+") {
		one, found := kindNames[w]
		if !found {
			return k, false
		}
		k.in |= one.in
		k.out |= one.out
	}
	return k, true
}

var kindWords = []struct {
	k    SlotKind
	word string
}{
	{KindNull, "NULL"}, {KindIter, "iter"}, {KindExc, "exc"}, {KindExcType, "exctype"},
	{KindExcState, "excstate"}, {KindLasti, "lasti"}, {KindUnwind, "unwind"}, {KindAddr, "addr"},
	{KindCode, "code"}, {KindCell, "cell"}, {KindList, "list"}, {KindDict, "dict"}, {KindSet, "set"}, {KindNone, "None"}, {KindTuple, "tuple"}, {KindAwaitable, "awaitable"}, {KindStr, "str"}, {KindConst, "constant"}, {KindFunction, "function"}, {KindInterpolation, "interpolation"},
	{KindIndex, "index"}, {KindSeq, "seq"}, {KindObject, "object"},
}

// String names the kinds of a slot: "object", "NULL", "NULL|object".
func (k SlotKind) String() string {
	if k == 0 {
		return "nothing"
	}
	var parts []string
	for _, w := range kindWords {
		if k&w.k != 0 {
			parts = append(parts, w.word)
		}
	}
	return strings.Join(parts, "|")
}

// Slot is one slot (or a run of Count slots) of a stack picture.
type Slot struct {
	Name string
	Kind SlotKind // accepted (an input) or produced (an output, unless From ≥ 0)
	// KindName is the kind as written ("" for a plain object).
	KindName string
	// Pair is, for an input of kind pair, that it is read with the input
	// before it, as 3.15's iterator pair.
	Pair bool
	// Count is how many slots the entry stands for; nil means one.
	Count     func(oparg uint32) int
	CountText string
	// From is, for an output, the index of the input it passes through;
	// -1 for a new value.
	From int
	// Items is, for an input, how many items the tuple it takes must have
	// (0: any number): the interpreter indexes it unchecked. ItemsPer, when
	// not 0, says the number must be a multiple of it instead (pairs), and
	// ItemsMin that it must be at least that.
	Items, ItemsPer, ItemsMin int
	// ItemKind is, for a tuple input, what every item must be (0: any).
	ItemKind SlotKind
	// ItemKindName is ItemKind as written.
	ItemKindName string
}

// HasItemRule tells whether the slot says anything of a tuple's items.
func (s *Slot) HasItemRule() bool {
	return s.Items > 0 || s.ItemsPer > 0 || s.ItemsMin > 0 || s.ItemKind != 0
}

// ItemsFit tells whether a tuple of n items is what the slot takes.
func (s *Slot) ItemsFit(n int) bool {
	switch {
	case s.ItemsPer > 0:
		return n%s.ItemsPer == 0
	case s.Items > 0:
		return n == s.Items
	}
	return n >= s.ItemsMin
}

// ItemsText says how many items the slot takes, in words: "3", "an even
// number of".
func (s *Slot) ItemsText() string {
	switch {
	case s.ItemsPer == 2:
		return "an even number of"
	case s.ItemsPer > 0:
		return "a multiple of " + strconv.Itoa(s.ItemsPer)
	case s.ItemsMin > 0:
		return "at least " + strconv.Itoa(s.ItemsMin)
	case s.Items > 0:
		return "exactly " + strconv.Itoa(s.Items)
	}
	return "any number of"
}

// N is how many slots the entry stands for with argument oparg.
func (s *Slot) N(oparg uint32) int {
	if s.Count == nil {
		return 1
	}
	return s.Count(oparg)
}

// StackEffectSig is one effect: the inputs (bottom first) and outputs.
type StackEffectSig struct {
	In, Out []Slot
}

// Pops and Pushes count the slots with argument oparg.
func (e *StackEffectSig) Pops(oparg uint32) int   { return count(e.In, oparg) }
func (e *StackEffectSig) Pushes(oparg uint32) int { return count(e.Out, oparg) }

func count(slots []Slot, oparg uint32) int {
	n := 0
	for i := range slots {
		n += slots[i].N(oparg)
	}
	return n
}

// String gives the picture back: "callable self_or_null:nullable args[oparg] -- res".
func (e *StackEffectSig) String() string {
	var b strings.Builder
	write := func(slots []Slot) {
		for i := range slots {
			s := &slots[i]
			b.WriteString(s.Name)
			if s.KindName != "" && (s.From < 0 || len(e.In) == 0) {
				b.WriteString(":" + s.KindName + itemsText(s))
			}
			if s.CountText != "" {
				b.WriteString("[" + s.CountText + "]")
			}
			b.WriteByte(' ')
		}
	}
	write(e.In)
	b.WriteString("--")
	if len(e.Out) > 0 {
		b.WriteByte(' ')
	}
	out := b.String()
	b.Reset()
	write(e.Out)
	return out + strings.TrimSuffix(b.String(), " ")
}

// itemsText writes a slot's item count as the pictures do: "(3)", "(2n)".
func itemsText(s *Slot) string {
	text := ""
	switch {
	case s.ItemsPer > 0:
		text = "(" + strconv.Itoa(s.ItemsPer) + "n)"
	case s.ItemsMin > 0:
		text = "(" + strconv.Itoa(s.ItemsMin) + "+)"
	case s.Items > 0:
		text = "(" + strconv.Itoa(s.Items) + ")"
	}
	if s.ItemKindName != "" {
		text += "/" + s.ItemKindName
	}
	return text
}

// PictureAt is the effect's picture with argument oparg: counts become
// numbers ("method:nullable callable args[1] -- res").
func (e *StackEffectSig) PictureAt(oparg uint32) string {
	var b strings.Builder
	write := func(slots []Slot, out bool) {
		for i := range slots {
			s := &slots[i]
			if s.Count != nil && s.N(oparg) == 0 {
				continue
			}
			b.WriteString(s.Name)
			if s.KindName != "" && (!out || s.From < 0) {
				b.WriteString(":" + s.KindName + itemsText(s))
			}
			if s.Count != nil && s.N(oparg) != 1 {
				fmt.Fprintf(&b, "[%d]", s.N(oparg))
			}
			b.WriteByte(' ')
		}
	}
	write(e.In, false)
	b.WriteString("--")
	if e.Pushes(oparg) > 0 {
		b.WriteByte(' ')
	}
	write(e.Out, true)
	return strings.TrimSuffix(b.String(), " ")
}

// StackSig is an opcode's stack picture in one release.
type StackSig struct {
	Text string // as written in the table
	StackEffectSig
	// Jump is the effect on the way to the jump target, when it differs.
	Jump *StackEffectSig
}

// At is the effect on the jump path (jump true) or the fall-through path.
func (s *StackSig) At(jump bool) *StackEffectSig {
	if jump && s.Jump != nil {
		return s.Jump
	}
	return &s.StackEffectSig
}

// SlotTable is what a release's instructions do to the stack, the locals
// and the flow, as written in slots_X_Y.go. A release's table is the release
// before it (Base) with the changes its file lists; an entry of "" drops an
// opcode the release removed.
type SlotTable struct {
	Base *SlotTable
	// Stack holds the stack pictures by opcode name, and a few entries for
	// what the interpreter pushes by itself, named in angle brackets:
	//	<generator>   the stack a generator's code starts with (3.10: the value sent in)
	//	<handler>     what an exception pushes at a handler (3.11+: exc; before: the triple or six values)
	//	<lasti>       the same for a handler whose entry pushes lasti (3.11+)
	//	<.0>          what a comprehension's parameter .0 holds (an iterator, up to 3.14)
	//	<.NAME>       likewise for the compiler's other parameters and cells
	// and pictures keyed by an opcode and one value of its argument
	// ("CALL_INTRINSIC_1 INTRINSIC_TYPEALIAS"), which replace the opcode's
	// own for that value.
	Stack map[string]string
	// Locals says what an instruction does to the local or cell its
	// argument names (see LocalAction).
	Locals map[string]string
	// Control names what an instruction does to the flow or to ≤3.10's
	// block stack beyond its picture; the verifier (asm/slots) has one rule
	// per word:
	//	return             the path ends
	//	return-unwind      ≤3.7 RETURN_VALUE: a return inside finally or with
	//	                   blocks first runs them (an unwind marker), then ends
	//	raise              the path ends by an exception
	//	jump               the path goes on at the target only
	//	make-function      the code object and closure MAKE_FUNCTION takes are checked
	//	skip OP…           3.12+ FOR_ITER: at the end of the iterator it goes past
	//	                   these instructions at its target, which must be them
	//	after OP           3.11 CALL: the instruction before must be OP with the same argument
	//	before OP          3.11 PRECALL: the instruction after must be OP with the same argument
	//	return-generator   3.11, 3.12: the generator is resumed with the value sent in
	//	                   (and, as make-generator, made once on every path)
	//	make-generator     3.13+ RETURN_GENERATOR: only in a generator's code, once on every path
	//	yield              3.11+ YIELD_VALUE: only where every path has run RETURN_GENERATOR
	//	yield-resume       3.11, 3.12 YIELD_VALUE: the same, and before a RESUME 2 or 3
	//	                   (a yield from, an await) a receiver under the value yielded
	//	no-jump            a jump opcode whose argument is not followed (3.14+ END_ASYNC_FOR)
	//	const-key-map      BUILD_CONST_KEY_MAP: the keys tuple has one key per value
	//	tuple              BUILD_TUPLE: the walk counts the cells in the tuple it
	//	                   makes, for make-function's check of a closure
	//	setup-loop         ≤3.7 SETUP_LOOP: push a loop block (target: where break goes)
	//	setup-except       ≤3.7 SETUP_EXCEPT: push an except block; an exception
	//	                   goes to the target with the stack cut to the block's
	//	                   level and <handler> pushed
	//	setup-finally      SETUP_FINALLY: the same for a finally block (≤3.7 also
	//	                   entered by return, break and continue, with an unwind marker)
	//	setup-with         SETUP_WITH, SETUP_ASYNC_WITH: a finally block whose level
	//	                   is below the value the instruction leaves on top
	//	pop-block          3.8–3.10 POP_BLOCK: pop the top block
	//	pop-block-unwind   ≤3.7 POP_BLOCK: pop it and cut the stack to its level
	//	pop-except         3.x ≤3.10 POP_EXCEPT: pop an except-handler block and
	//	                   the three saved exception values above its level
	//	break              ≤3.7 BREAK_LOOP: unwind to the loop block, go to its target
	//	continue           ≤3.7 CONTINUE_LOOP: unwind to the loop block, go to the argument
	//	end-finally        ≤3.8 END_FINALLY: by the kind on top: None (or 3.8's NULL)
	//	                   goes on, an unwind marker goes on unwinding, 3.8's address
	//	                   returns there, an exception type re-raises
	//	call-finally       3.8 CALL_FINALLY: push the return address, go to the target
	//	pop-finally        3.8 POP_FINALLY: drop what the finally block was entered with
	//	with-cleanup       2.7 WITH_CLEANUP, 3.x ≤3.8 WITH_CLEANUP_START: call __exit__
	//	                   under what the finally block was entered with
	//	with-cleanup-finish 3.x ≤3.8 WITH_CLEANUP_FINISH
	//	end-async-for      3.8–3.10 END_ASYNC_FOR: at an async for's handler, the
	//	                   loop ends: the handler block goes and the iterator below it
	//	skip OP…           3.12+ FOR_ITER: at the end of the iterator it goes past
	//	                   these instructions at its target, which must be them
	//	after OP           3.11 CALL: the instruction before must be OP with the same argument
	//	return-generator   3.11, 3.12: the generator is resumed with the value sent in
	//	no-jump            a jump opcode whose argument is not followed (3.14+ END_ASYNC_FOR)
	//	tuple              BUILD_TUPLE: a tuple of cells is a closure MAKE_FUNCTION takes
	//	set-function-attribute  3.13+ SET_FUNCTION_ATTRIBUTE: one flag, its value of
	//	                   the kind the function keeps unchecked, the closure complete
	Control map[string]string
	// Args bounds an opcode's argument where the interpreter gives each
	// value a meaning and aborts or raises SystemError on any other:
	// "MIN..MAX: what the values mean", as the verifier's message says it.
	Args map[string]string
	// NotObjects names kinds (words of the pictures, space-separated) that
	// are not objects in this release, so an input written without a kind
	// does not take them: 3.14's lasti is a tagged integer, which only
	// RERAISE, WITH_EXCEPT_START and the instructions that move values
	// (nullable inputs) may touch.
	NotObjects string
	// Consts gives the kind (a word of the pictures) of the constant an
	// opcode's argument names, where the interpreter uses it unchecked:
	// 3.11–3.12's KW_NAMES takes a tuple.
	Consts map[string]string
	// Mapping says which code runs without a locals mapping and what
	// needs one; nil takes the base's.
	Mapping *LocalsMapping
}

// LocalsMapping says when a frame has no locals mapping (f_locals): a code
// object called as a function runs without one when its flags hold every
// flag of Flags. Users are the instructions that read or write the mapping
// all the same (space-separated): they raise SystemError ("no locals when
// loading") or crash (LOAD_CLASSDEREF) there.
type LocalsMapping struct {
	Flags, Users string
}

func (t *SlotTable) mapping() *LocalsMapping {
	for ; t != nil; t = t.Base {
		if t.Mapping != nil {
			return t.Mapping
		}
	}
	return nil
}

// ArgRange is a parsed SlotTable.Args entry.
type ArgRange struct {
	Min, Max uint32
	What     string
}

// Local actions, the values of SlotTable.Locals.
const (
	LocalLoad          = "load"           // read it; the interpreter raises if it is unassigned
	LocalLoadUnchecked = "load-unchecked" // read it unchecked: unassigned pushes NULL (3.12+ LOAD_FAST)
	LocalLoadClear     = "load-clear"     // push it (NULL if unassigned) and leave it unassigned
	LocalStore         = "store"          // the top of the stack goes into it
	LocalDelete        = "delete"         // unassigned again (the interpreter raises if it was)
	LocalPairLoad      = "load-load"      // 3.13+: two unchecked reads, arg>>4 then arg&15
	LocalPairStoreLoad = "store-load"     // 3.13+: store arg>>4, read arg&15 unchecked
	LocalPairStore     = "store-store"    // 3.13+: store arg>>4, then arg&15
	LocalMakeCell      = "make-cell"      // 3.11+ MAKE_CELL: the slot becomes a cell
	LocalDeref         = "deref"          // through the cell: on 3.11+ the slot must be a cell
	LocalClosure       = "closure"        // push the cell itself (on 3.11+ the slot must be one)
	LocalCopyFree      = "copy-free-vars" // 3.11+ COPY_FREE_VARS N: the last N slots become cells
)

// merged is a base map with a release's changes applied.
func merged(base map[string]string, changed map[string]string) map[string]string {
	out := make(map[string]string, len(base)+len(changed))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range changed {
		if v != "" {
			out[k] = v
			continue
		}
		// Dropping an opcode drops its pictures keyed by argument too.
		delete(out, k)
		for other := range out {
			if strings.HasPrefix(other, k+" ") {
				delete(out, other)
			}
		}
	}
	return out
}

// Pictures, LocalActions and Controls give the table with its base applied.
func (t *SlotTable) Pictures() map[string]string {
	if t == nil {
		return nil
	}
	return merged(t.Base.Pictures(), t.Stack)
}

func (t *SlotTable) LocalActions() map[string]string {
	if t == nil {
		return nil
	}
	return merged(t.Base.LocalActions(), t.Locals)
}

func (t *SlotTable) Controls() map[string]string {
	if t == nil {
		return nil
	}
	return merged(t.Base.Controls(), t.Control)
}

// notObjects is NotObjects with its base's, the nearest that sets it.
func (t *SlotTable) notObjects() string {
	for ; t != nil; t = t.Base {
		if t.NotObjects != "" {
			return t.NotObjects
		}
	}
	return ""
}

func (t *SlotTable) ConstKinds() map[string]string {
	if t == nil {
		return nil
	}
	return merged(t.Base.ConstKinds(), t.Consts)
}

func (t *SlotTable) ArgRanges() map[string]string {
	if t == nil {
		return nil
	}
	return merged(t.Base.ArgRanges(), t.Args)
}

// parseArgRange reads "MIN..MAX: what".
func parseArgRange(text string) (ArgRange, error) {
	bounds, what, ok := strings.Cut(text, ":")
	lo, hi, ok2 := strings.Cut(bounds, "..")
	if !ok || !ok2 {
		return ArgRange{}, fmt.Errorf("%q: write MIN..MAX: what the values mean", text)
	}
	min, err1 := strconv.ParseUint(strings.TrimSpace(lo), 10, 32)
	max, err2 := strconv.ParseUint(strings.TrimSpace(hi), 10, 32)
	if err1 != nil || err2 != nil || min > max {
		return ArgRange{}, fmt.Errorf("%q: MIN and MAX must be numbers, MIN ≤ MAX", text)
	}
	return ArgRange{Min: uint32(min), Max: uint32(max), What: strings.TrimSpace(what)}, nil
}

// ParseStackSig reads one picture.
func ParseStackSig(text string) (*StackSig, error) {
	sig := &StackSig{Text: text}
	main, jump, hasJump := strings.Cut(text, "|")
	if err := parseEffect(main, &sig.StackEffectSig); err != nil {
		return nil, err
	}
	if hasJump {
		jump = strings.TrimSpace(jump)
		rest, ok := strings.CutPrefix(jump, "jump:")
		if !ok {
			return nil, fmt.Errorf("%q: after | write jump: and the effect on the way to the target", text)
		}
		sig.Jump = &StackEffectSig{}
		if err := parseEffect(rest, sig.Jump); err != nil {
			return nil, err
		}
	}
	return sig, nil
}

func parseEffect(text string, e *StackEffectSig) error {
	in, out, ok := strings.Cut(text, "--")
	if !ok {
		return fmt.Errorf("%q: no -- between the inputs and the outputs", text)
	}
	var err error
	if e.In, err = parseSlots(in, nil, false); err != nil {
		return fmt.Errorf("%q: %v", text, err)
	}
	if e.Out, err = parseSlots(out, e.In, true); err != nil {
		return fmt.Errorf("%q: %v", text, err)
	}
	return nil
}

// parseSlots reads one side of a picture; outputs may pass inputs
// through by name.
func parseSlots(text string, inputs []Slot, outputs bool) ([]Slot, error) {
	var out []Slot
	for _, word := range strings.Fields(text) {
		s := Slot{From: -1}
		name := word
		if i := strings.IndexByte(name, '['); i >= 0 {
			if !strings.HasSuffix(name, "]") {
				return nil, fmt.Errorf("%s: no closing ]", word)
			}
			s.CountText = name[i+1 : len(name)-1]
			f, err := compileCount(s.CountText)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", word, err)
			}
			s.Count = f
			name = name[:i]
		}
		name, kind, _ := strings.Cut(name, ":")
		if container, item, ok := strings.Cut(kind, "/"); ok {
			k, known := kindNamed(item)
			if !known || outputs {
				return nil, fmt.Errorf("%s: write what an input tuple's items are as kind/KIND, a known kind", word)
			}
			s.ItemKind, s.ItemKindName, kind = k.in, item, container
		}
		if i := strings.IndexByte(kind, '('); i >= 0 {
			count := strings.TrimSuffix(kind[i+1:], ")")
			form := count[len(count)-1:]
			if form != "n" && form != "+" {
				form = ""
			}
			n, err := strconv.Atoi(strings.TrimSuffix(count, form))
			if !strings.HasSuffix(kind, ")") || err != nil || n <= 0 || outputs {
				return nil, fmt.Errorf("%s: write an input's item count as kind(N), kind(Nn) or kind(N+), N a positive number", word)
			}
			switch form {
			case "n":
				s.ItemsPer = n
			case "+":
				s.ItemsMin = n
			default:
				s.Items = n
			}
			kind = kind[:i]
		}
		k, ok := kindNamed(kind)
		if !ok {
			return nil, fmt.Errorf("%s: unknown kind %q", word, kind)
		}
		s.Name, s.KindName, s.Pair = name, kind, kind == "pair" && !outputs
		if s.Pair && len(out) == 0 {
			return nil, fmt.Errorf("%s: a pair slot needs the input it pairs with before it", word)
		}
		if name == "" {
			return nil, fmt.Errorf("%s: a slot needs a name", word)
		}
		s.Kind = k.out
		if !outputs {
			s.Kind = k.in
		}
		for i := range inputs {
			if inputs[i].Name == name {
				if kind != "" {
					return nil, fmt.Errorf("%s passes input %s through: it keeps the input's kind", word, name)
				}
				if inputs[i].CountText != s.CountText {
					return nil, fmt.Errorf("%s passes input %s through with another count", word, name)
				}
				s.From, s.Kind, s.Count = i, inputs[i].Kind, inputs[i].Count
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// compileCount turns a count expression into a function of oparg. It is Go
// syntax, evaluated on ints: oparg, integer literals, + - * / % & | ^ << >>,
// comparisons (1 when true), parentheses.
func compileCount(text string) (func(uint32) int, error) {
	e, err := parser.ParseExpr(text)
	if err != nil {
		return nil, fmt.Errorf("count %q: %v", text, err)
	}
	f, err := compileExpr(e)
	if err != nil {
		return nil, fmt.Errorf("count %q: %v", text, err)
	}
	return f, nil
}

func compileExpr(e ast.Expr) (func(uint32) int, error) {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return compileExpr(e.X)
	case *ast.Ident:
		if e.Name != "oparg" {
			return nil, fmt.Errorf("unknown name %s (only oparg)", e.Name)
		}
		return func(a uint32) int { return int(a) }, nil
	case *ast.BasicLit:
		n, err := strconv.ParseInt(e.Value, 0, 64)
		if e.Kind != token.INT || err != nil {
			return nil, fmt.Errorf("not an integer: %s", e.Value)
		}
		return func(uint32) int { return int(n) }, nil
	case *ast.BinaryExpr:
		x, err := compileExpr(e.X)
		if err != nil {
			return nil, err
		}
		y, err := compileExpr(e.Y)
		if err != nil {
			return nil, err
		}
		op, ok := binaryOps[e.Op]
		if !ok {
			return nil, fmt.Errorf("operator %s not allowed", e.Op)
		}
		return func(a uint32) int { return op(x(a), y(a)) }, nil
	}
	return nil, fmt.Errorf("unsupported expression %T", e)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

var binaryOps = map[token.Token]func(x, y int) int{
	token.ADD: func(x, y int) int { return x + y },
	token.SUB: func(x, y int) int { return x - y },
	token.MUL: func(x, y int) int { return x * y },
	token.QUO: func(x, y int) int {
		if y == 0 {
			return 0
		}
		return x / y
	},
	token.REM: func(x, y int) int {
		if y == 0 {
			return 0
		}
		return x % y
	},
	token.AND: func(x, y int) int { return x & y },
	token.OR:  func(x, y int) int { return x | y },
	token.XOR: func(x, y int) int { return x ^ y },
	token.SHL: func(x, y int) int { return x << uint(y&63) },
	token.SHR: func(x, y int) int { return x >> uint(y&63) },
	token.EQL: func(x, y int) int { return b2i(x == y) },
	token.NEQ: func(x, y int) int { return b2i(x != y) },
	token.LSS: func(x, y int) int { return b2i(x < y) },
	token.LEQ: func(x, y int) int { return b2i(x <= y) },
	token.GTR: func(x, y int) int { return b2i(x > y) },
	token.GEQ: func(x, y int) int { return b2i(x >= y) },
}

// slotFacts is a release's SlotTable, parsed once by register.
type slotFacts struct {
	sigs map[string]*StackSig
	// argSigs holds the pictures keyed by an opcode and one value of its
	// argument, by opcode name and then argument.
	argSigs  map[string]map[uint32]*StackSig
	locals   map[string]string
	controls map[string]string
	args     map[string]ArgRange
	consts   map[string]SlotKind
	// noMapping is the flags with which a function has no locals
	// mapping; mappingUsers the opcodes that need one.
	noMapping    uint32
	mappingUsers map[string]bool
	errs         []error
}

// slots is the release's parsed slot table; nil without one.
func (v *Version) slots() *slotFacts {
	v.slotsOnce.Do(func() {
		if v.Slots != nil {
			v.slotFacts = buildSlotFacts(v)
		}
	})
	return v.slotFacts
}

func buildSlotFacts(v *Version) *slotFacts {
	t := v.Slots
	f := &slotFacts{locals: t.LocalActions(), controls: t.Controls(), sigs: map[string]*StackSig{}, argSigs: map[string]map[uint32]*StackSig{}}
	pics := t.Pictures()
	names := make([]string, 0, len(pics))
	for n := range pics {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s, err := ParseStackSig(pics[n])
		if err != nil {
			// A picture that does not parse is a fault in the table, which
			// TestSlotTables reports; the verifier treats the opcode as
			// having no picture.
			f.errs = append(f.errs, fmt.Errorf("%s: %v", n, err))
			continue
		}
		op, word, perArg := strings.Cut(n, " ")
		if !perArg {
			f.sigs[n] = s
			continue
		}
		arg, err := v.argNamed(op, word)
		if err != nil {
			f.errs = append(f.errs, fmt.Errorf("%s: %v", n, err))
			continue
		}
		if f.argSigs[op] == nil {
			f.argSigs[op] = map[uint32]*StackSig{}
		}
		f.argSigs[op][arg] = s
	}
	var not SlotKind
	for _, word := range strings.Fields(t.notObjects()) {
		if k, ok := kindNamed(word); ok {
			not |= k.out
		} else {
			f.errs = append(f.errs, fmt.Errorf("NotObjects: unknown kind %q", word))
		}
	}
	if not != 0 {
		all := slices.Collect(maps.Values(f.sigs))
		for _, bySig := range f.argSigs {
			all = slices.AppendSeq(all, maps.Values(bySig))
		}
		for _, s := range all {
			for _, e := range []*StackEffectSig{&s.StackEffectSig, s.Jump} {
				if e == nil {
					continue
				}
				for k := range e.In {
					if e.In[k].KindName == "" {
						e.In[k].Kind &^= not
					}
				}
			}
		}
	}
	f.args = map[string]ArgRange{}
	for n, text := range t.ArgRanges() {
		r, err := parseArgRange(text)
		if err != nil {
			f.errs = append(f.errs, fmt.Errorf("%s: %v", n, err))
			continue
		}
		f.args[n] = r
	}
	f.consts = map[string]SlotKind{}
	for n, word := range t.ConstKinds() {
		k, ok := kindNamed(word)
		if !ok {
			f.errs = append(f.errs, fmt.Errorf("%s: unknown constant kind %q", n, word))
			continue
		}
		f.consts[n] = k.in
	}
	if m := t.mapping(); m != nil {
		for _, name := range strings.Fields(m.Flags) {
			bit := BitNamed(v.CodeFlags, name)
			if bit == 0 {
				f.errs = append(f.errs, fmt.Errorf("Mapping: no flag %s", name))
			}
			f.noMapping |= bit
		}
		f.mappingUsers = map[string]bool{}
		for _, name := range strings.Fields(m.Users) {
			if v.Opcode(name) == nil {
				f.errs = append(f.errs, fmt.Errorf("Mapping: no opcode %s", name))
			}
			f.mappingUsers[name] = true
		}
	}
	sort.Slice(f.errs, func(i, j int) bool { return f.errs[i].Error() < f.errs[j].Error() })
	return f
}

// NoMappingFlags are the code flags (all of them) with which a code object
// called as a function runs without a locals mapping; 0 if the table does
// not say.
func (v *Version) NoMappingFlags() uint32 {
	if v.slots() == nil {
		return 0
	}
	return v.slots().noMapping
}

// UsesMapping tells whether an opcode reads or writes the frame's locals
// mapping (LOAD_NAME), which a function's frame does not have.
func (v *Version) UsesMapping(name string) bool {
	return v.slots() != nil && v.slots().mappingUsers[name]
}

// ConstKind is the kind of constant an opcode's argument must name; ok is
// false where any constant will do.
func (v *Version) ConstKind(name string) (k SlotKind, ok bool) {
	if v.slots() == nil {
		return 0, false
	}
	k, ok = v.slots().consts[name]
	return k, ok
}

// ArgRange is the range of arguments the interpreter accepts for an
// opcode; ok is false where any argument is accepted.
func (v *Version) ArgRange(name string) (r ArgRange, ok bool) {
	if v.slots() == nil {
		return ArgRange{}, false
	}
	r, ok = v.slots().args[name]
	return r, ok
}

// Sig is the stack picture of an opcode (or of an <entry>) in release v;
// nil if the table has none.
func (v *Version) Sig(name string) *StackSig {
	if v.slots() == nil {
		return nil
	}
	return v.slots().sigs[name]
}

// argNamed reads the argument word of a per-argument picture's key: a
// name of the opcode's argument (INTRINSIC_TYPEALIAS) or a number.
func (v *Version) argNamed(op, word string) (uint32, error) {
	if v.Opcode(op) == nil {
		return 0, fmt.Errorf("no opcode %s in %s", op, v)
	}
	if names := v.NamedArgs(op); names != nil {
		if arg, err := names.Parse(word); err == nil {
			return arg, nil
		}
	}
	n, err := strconv.ParseUint(word, 0, 32)
	if err != nil {
		return 0, fmt.Errorf("%s is neither a number nor a name of %s's argument", word, op)
	}
	return uint32(n), nil
}

// SigAt is the stack picture of an opcode with argument arg: the one the
// table keys by that argument, or else the opcode's own.
func (v *Version) SigAt(name string, arg uint32) *StackSig {
	if v.slots() == nil {
		return nil
	}
	if s := v.slots().argSigs[name][arg]; s != nil {
		return s
	}
	return v.slots().sigs[name]
}

// ArgSigs is the pictures the table keys by one argument value of the
// opcode, by argument (nil if none).
func (v *Version) ArgSigs(name string) map[uint32]*StackSig {
	if v.slots() == nil {
		return nil
	}
	return v.slots().argSigs[name]
}

// ParamKind is the kind a parameter of a compiler's own function holds
// and its callers must give, by the entry "<NAME>" of the table ("<.0>":
// a comprehension's iterator); 0 for any. Only the names the compiler
// makes, which start with a dot, have one.
func (v *Version) ParamKind(name string) SlotKind {
	if !strings.HasPrefix(name, ".") {
		return 0
	}
	if sig := v.Sig("<" + name + ">"); sig != nil && len(sig.In) == 0 && len(sig.Out) == 1 {
		return sig.Out[0].Kind
	}
	return 0
}

// LocalAction is what an opcode does to the local its argument names ("" for nothing).
func (v *Version) LocalAction(name string) string {
	if v.slots() == nil {
		return ""
	}
	return v.slots().locals[name]
}

// Control is what an opcode does to the flow beyond its jump ("" for nothing).
func (v *Version) Control(name string) string {
	if v.slots() == nil {
		return ""
	}
	return v.slots().controls[name]
}

// SlotErrors lists the table entries that did not parse.
func (v *Version) SlotErrors() []error {
	if v.slots() == nil {
		return nil
	}
	return v.slots().errs
}
