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
		"YIELD_VALUE": "receiver[oparg&1] index_or_null:nullable[oparg&1] retval -- receiver[oparg&1] index_or_null[oparg&1] value",
		// A generator expression gets the iterable and calls GET_ITER itself.
		"<.0>":                "",
		"GET_YIELD_FROM_ITER": "",

		// NOTE: the pair cannot be written with the kinds there are. The
		// second slot is written null, its nearest kind: what reads it
		// takes NULL or GET_ITER's index, and what needs an object refuses
		// both. But iter may hold a list (whose tp_iternext is NULL) when
		// the index is beside it, so FOR_ITER on that list paired with a
		// PUSH_NULL crashes and is not refused; and with a nonzero
		// argument in code flagged CO_COROUTINE or CO_ITERABLE_COROUTINE
		// a coroutine passes through as iter, which FOR_ITER also crashes
		// on. A verifier must keep the two slots together.
		"GET_ITER": "iterable -- iter:iter index_or_null:null",
		// NOTE: as in 3.14, at its end FOR_ITER leaves both slots and goes
		// on past the instruction at its target (END_FOR, then POP_ITER);
		// the picture follows the compiler, which has the target reached
		// with iter, index_or_null and next.
		"FOR_ITER": "iter:iter index_or_null:null -- iter index_or_null next",
		"POP_ITER": "iter:nullable index_or_null:nullable --",
		// SEND treats a non-NULL second slot as GET_ITER's index; with
		// NULL it checks the receiver as before.
		"SEND":          "receiver index_or_null:null v -- receiver index_or_null retval",
		"END_SEND":      "receiver:nullable index_or_null:nullable value -- value",
		"CLEANUP_THROW": "sub_iter index_or_null:nullable last_sent_val exc_value:exc -- none null:null value",

		// DICT_MERGE no longer reads the callable: its error names none.
		"DICT_MERGE": "dict:dict mid:nullable[oparg-1] update -- dict mid[oparg-1]",
	},
	Args: map[string]string{
		"LOAD_COMMON_CONSTANT": "0..11: an index into the release's twelve common constants",
	},
}
