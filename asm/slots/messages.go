package slots

import (
	"fmt"
	"math/bits"
	"strings"

	"github.com/pyasm/pyasm/versions"
)

// underflow reports an instruction that takes more values than the stack
// holds, with a hint when the shape says which value is missing.
func (w *walker) underflow(i int, st *state, e *versions.StackEffectSig, pops int) {
	hint := ""
	if k, below := nullSlot(e); k >= 0 && pops-1 == len(st.stack) {
		// Everything is there but the NULL of a call.
		callable := len(st.stack) - pops + 1 + k
		if !below {
			callable = len(st.stack) - pops + k
		}
		if callable >= 0 && callable < len(st.stack) {
			hint = w.nullHint(st.stack[callable], below)
		}
	}
	w.errorf(i, st, "underflow", hint, "stack underflow: %s takes %s (%s) but the stack holds %d",
		w.describe(i), values(pops), e.PictureAt(w.ins[i].Arg), len(st.stack))
}

func values(n int) string {
	if n == 1 {
		return "1 value"
	}
	return fmt.Sprintf("%d values", n)
}

// nullSlot finds the NULL-or-object input of a call picture and says
// whether it sits below the callable (3.11, 3.12) or above it (3.13+).
func nullSlot(e *versions.StackEffectSig) (int, bool) {
	for k := range e.In {
		s := &e.In[k]
		if s.Kind&versions.KindNull == 0 || s.Count != nil {
			continue
		}
		if k+1 < len(e.In) && plain(&e.In[k+1]) {
			return k, true
		}
		if k > 0 && plain(&e.In[k-1]) {
			return k, false
		}
	}
	return -1, false
}

func plain(s *versions.Slot) bool { return s.Count == nil && s.Kind&versions.KindNull == 0 }

func (w *walker) nullHint(callable Slot, below bool) string {
	where, side := "after", "above"
	if below {
		where, side = "before", "below"
	}
	made := "the code that pushes the callable"
	if callable.Origin >= 0 {
		made = w.describe(callable.Origin)
	}
	return fmt.Sprintf("%s calls need a NULL %s the callable: write PUSH_NULL %s %s", w.v, side, where, made)
}

// wrongKind reports an input of the wrong kind.
func (w *walker) wrongKind(i int, st *state, e *versions.StackEffectSig, k int, found Slot) {
	want := &e.In[k]
	hint := ""
	switch {
	case found.Kind&versions.KindNull != 0 && want.Kind&versions.KindNull == 0:
		if n, below := nullSlot(e); n >= 0 && (k == n+1 || k == n-1) {
			// A call whose NULL is on the wrong side of the callable:
			// the object in the NULL's place is the callable.
			idx := len(st.stack) - e.Pops(w.ins[i].Arg)
			for j := 0; j < n; j++ {
				idx += e.In[j].N(w.ins[i].Arg)
			}
			if idx >= 0 && idx < len(st.stack) && st.stack[idx].Kind&versions.KindNull == 0 {
				hint = w.nullHint(st.stack[idx], below)
				break
			}
		}
		hint = "a NULL may only be where a call or STORE_FAST expects one"
		if found.Origin >= 0 {
			hint += fmt.Sprintf("; it comes from %s", w.describe(found.Origin))
		}
	case want.Pair:
		hint = "the slot beside the iterator is GET_ITER's second value (PUSH_NULL's, beside a generator's iterator): keep it in its place"
	case want.Kind&versions.KindIter != 0 && found.Kind&versions.KindAwaitable != 0:
		hint = "what GET_AWAITABLE, GET_ANEXT, GET_YIELD_FROM_ITER or 3.15's GET_ITER with a nonzero argument (yield from's) leaves may be a coroutine, which only YIELD_FROM or SEND steps: FOR_ITER needs a for loop's GET_ITER (3.15: GET_ITER 0)"
	case want.Kind&versions.KindIter != 0:
		hint = "an iterator comes from GET_ITER: write it after the code that pushes the iterable"
	case want.Kind == versions.KindCode:
		hint = "MAKE_FUNCTION takes the code object on top: LOAD_CONST @block just before it"
	case want.Kind&versions.KindDict != 0 && k == len(e.In)-1:
		// a dict taken from the top (CALL_FUNCTION_EX's keyword
		// arguments), not one being built further down
		hint = fmt.Sprintf("%s takes a dict for %s: BUILD_MAP 0 and DICT_MERGE 1 make one from a mapping", w.ins[i].Name(), want.Name)
		if want.Kind&versions.KindNull != 0 {
			hint += "; PUSH_NULL when there is none"
		}
	case want.Kind&(versions.KindList|versions.KindDict|versions.KindSet) != 0 && want.Count == nil && countsDown(e):
		hint = fmt.Sprintf("the argument counts down the stack to the %s being built: check it", want.Kind)
	case want.Kind == versions.KindList:
		hint = fmt.Sprintf("%s takes a list that BUILD_LIST made: keep it in its place", w.ins[i].Name())
	case want.Kind == versions.KindFunction:
		hint = fmt.Sprintf("%s takes the function MAKE_FUNCTION made: keep it in its place (CPython writes SWAP 2 to put it under the type parameters)", w.ins[i].Name())
	case want.Kind&versions.KindStr != 0 && want.Kind&^(versions.KindStr|versions.KindObject) == 0:
		hint = fmt.Sprintf("%s takes a str for %s: a text constant (LOAD_CONST 'T') or what makes one", w.ins[i].Name(), want.Name)
	case want.Kind&(versions.KindExc|versions.KindExcType|versions.KindExcState|versions.KindLasti) != 0:
		hint = "a handler starts from what the exception pushed; keep its values in their places"
	}
	what := found.String()
	if found.Kind&^(versions.KindObject|versions.KindConst|versions.KindStr) != 0 && what != found.Kind.String() {
		what += " (" + found.Kind.String() + ")"
	}
	w.errorf(i, st, "kind", hint, "%s needs %s for %s, but finds %s there", w.describe(i), kindWords(want.Kind), want.Name, what)
}

// countsDown tells an effect whose argument counts the values between the
// collection being built and the top (LIST_APPEND's mid[oparg-1]).
func countsDown(e *versions.StackEffectSig) bool {
	for k := range e.In {
		if e.In[k].Count != nil {
			return true
		}
	}
	return false
}

// wrongItems reports a tuple input with another number of items than the
// instruction indexes, or one whose length the walk does not know.
func (w *walker) wrongItems(i int, st *state, e *versions.StackEffectSig, k int, found Slot) {
	want := &e.In[k]
	has := "a tuple whose length is not known here"
	if found.HasItems {
		has = fmt.Sprintf("a tuple of %d", found.Items)
	}
	hint := fmt.Sprintf("build it right before: BUILD_TUPLE %d after the code that pushes its %d items", want.Items, want.Items)
	if want.ItemsPer > 0 {
		hint = fmt.Sprintf("it holds entries of %d items each (for annotations: name, value): BUILD_TUPLE a multiple of %d", want.ItemsPer, want.ItemsPer)
	}
	what := want.ItemsText() + " items"
	if want.ItemKind != 0 {
		what = "items of kind " + kindList(want.ItemKind)
		if want.Items > 0 || want.ItemsPer > 0 || want.ItemsMin > 0 {
			what = want.ItemsText() + " " + what
		}
		if found.HasItems && found.ItemKinds&^want.ItemKind != 0 {
			has += " holding " + kindList(found.ItemKinds&^want.ItemKind)
		}
		hint = fmt.Sprintf("build it right before, of %s only: %s", kindList(want.ItemKind), itemHints[want.ItemKind])
	}
	w.errorf(i, st, "items", hint,
		"%s needs a tuple of %s for %s (CPython reads them unchecked), but finds %s", w.describe(i), what, want.Name, has)
}

// itemHints say how to make a tuple's items of a kind.
var itemHints = map[versions.SlotKind]string{
	versions.KindStr:           "a tuple constant of strings",
	versions.KindInterpolation: "BUILD_TUPLE of what the BUILD_INTERPOLATIONs made",
}

// kindWords names what an input accepts.
func kindWords(k versions.SlotKind) string {
	switch {
	case k == versions.KindAny:
		return "an object"
	case k == versions.KindAny|versions.KindNull:
		return "an object or NULL"
	case k&versions.KindObject != 0 && k&^versions.KindNull == k && bits.OnesCount32(uint32(versions.KindAny&^k)) <= 2:
		// a plain input of a release in which some kinds are not objects
		return "an object (" + kindList(versions.KindAny&^k) + " is not one here)"
	}
	return "a value of kind " + kindList(k)
}

// kindList spells a set of kinds, "tuple or dict"; a kind that also takes
// values of unknown kind (the tables' "tuple?") is named by its kind alone.
func kindList(k versions.SlotKind) string {
	if k != versions.KindObject && k&versions.KindObject != 0 {
		k &^= versions.KindObject
	}
	return strings.ReplaceAll(k.String(), "|", " or ")
}
