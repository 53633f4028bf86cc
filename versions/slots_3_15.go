package versions

// What CPython 3.15's instructions take and give (found by running hand-made
// code on 3.15.2; the counts checked against dis.stack_effect by
// TestSlotTables), as changes to 3.14's table. 3.15 keeps an iterator in two
// slots: GET_ITER leaves an iterator and NULL, or, for a list, tuple, str or
// bytes, the sequence itself and a tagged index that is no object at all;
// FOR_ITER, POP_ITER, SEND, END_SEND and CLEANUP_THROW take the pair, and
// await and async for pair their awaitable with PUSH_NULL. GET_ITER's
// argument, when not 0, does yield from's checks (GET_YIELD_FROM_ITER is
// gone).
var slots3_15 = SlotTable{
	Base: &slots3_14,
	Stack: map[string]string{
		// The receiver of a yield from sits under SEND's second slot.
		"YIELD_VALUE": "receiver[oparg&1] index_or_null:any[oparg&1] retval -- receiver[oparg&1] index_or_null[oparg&1] value",
		// A generator expression gets the iterable and calls GET_ITER itself.
		"<.0>":                "",
		"GET_YIELD_FROM_ITER": "",

		// GET_ITER leaves a seq, an iterator or the sequence itself, and
		// beside it index, NULL or a tagged index into that sequence:
		// neither is an object, so only the pair's readers take index and
		// only they read it. They read the two together (kind pair): a
		// tagged index beside anything but the seq of its own GET_ITER,
		// or NULL beside a seq that may be a sequence (with no
		// tp_iternext), crashes FOR_ITER. A generator's iterator goes with
		// a PUSH_NULL's NULL: the compiler inlines any(genexpr) so.
		// With a nonzero argument GET_ITER does yield from's checks, and
		// in code flagged CO_COROUTINE or CO_ITERABLE_COROUTINE lets a
		// coroutine through as it is, which FOR_ITER crashes on (it has
		// no tp_iternext) and only SEND steps: what it leaves may be an
		// awaitable. The compiler writes 0 for a for loop, 3 for yield
		// from.
		"GET_ITER 0": "iterable -- iter:seq index_or_null:index",
		"GET_ITER":   "iterable -- iter:seq+awaitable index_or_null:index",
		// NOTE: as in 3.14, at its end FOR_ITER leaves both slots and goes
		// on past the instruction at its target (END_FOR, then POP_ITER);
		// the picture follows the compiler, which has the target reached
		// with iter, index_or_null and next.
		"FOR_ITER": "iter:iter+seq index_or_null:pair -- iter index_or_null next",
		"POP_ITER": "iter:any index_or_null:any --",
		// SEND treats a non-NULL second slot as GET_ITER's index; with
		// NULL it checks the receiver as before.
		"SEND":          "receiver index_or_null:pair v -- receiver index_or_null retval",
		"END_SEND":      "receiver:any index_or_null:any value -- value",
		"CLEANUP_THROW": "sub_iter index_or_null:any last_sent_val exc_value:exc -- none null:null value",

		// DICT_MERGE no longer reads the callable: its error names none.
		"DICT_MERGE": "dict:dict mid:any[oparg-1] update -- dict mid[oparg-1]",
	},
	Args: map[string]string{
		"LOAD_COMMON_CONSTANT": "0..11: an index into the release's twelve common constants",
	},
}
