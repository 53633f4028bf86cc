package versions

// What CPython 3.6's instructions take and give, as changes to 3.7's table
// (slots_3_7.go). The interpreters run the block stack, the unwinding and
// the handlers' six values alike; what differs is 3.6's compile.c, which
// counts one stack effect per opcode for both paths (TestSlotTables
// compares the larger of a picture's paths with it): SETUP_EXCEPT and
// SETUP_FINALLY count 6 on the fall-through path too, SETUP_WITH 7 and
// SETUP_ASYNC_WITH 6 (one more than their handlers get), and the dynamic
// controls below are counted by another of their cases than in 3.7.
var slots3_6 = SlotTable{
	Base: &slots3_7,
	Stack: map[string]string{
		// LOAD_METHOD and CALL_METHOD are 3.7's.
		"LOAD_METHOD": "",
		"CALL_METHOD": "",
		// Stores ann under the name in __annotations__ of f_locals
		// (SystemError without a locals dict, NameError without
		// __annotations__).
		"STORE_ANNOTATION": "ann --",
		// 3.6's compiler awaits what GET_AITER leaves (GET_AITER,
		// LOAD_CONST None, YIELD_FROM): an __aiter__ result that has
		// __anext__ is wrapped in an awaitable whose iteration ends at
		// once with it as the value; any other result goes through
		// _PyCoro_GetAwaitableIter (deprecated awaitable __aiter__).
		// Either way an awaitable for YIELD_FROM (see 3.7's GET_AWAITABLE).
		"GET_AITER": "obj -- aiter:awaitable",
		// POP_EXCEPT does what 3.7's does; 3.6's compiler counts it 0, so
		// the picture pops nothing and the verifier's pop-except rule
		// drops the three saved values above the handler block's level.
		"POP_EXCEPT": "--",
		// END_FINALLY, WITH_CLEANUP_START and WITH_CLEANUP_FINISH run as in
		// 3.7 (each case is in slots_3_7.go); each picture here is the case
		// 3.6's compiler counts.
		// END_FINALLY: None, or a why without a value below it (-1).
		"END_FINALLY": "status --",
		// WITH_CLEANUP_START: None or a why on top (+1): __exit__ is removed
		// from under it (and under a return value or continue target),
		// None and __exit__(None, None, None)'s result are pushed.
		"WITH_CLEANUP_START": "exit status -- status exc:none res",
		// WITH_CLEANUP_FINISH: an exception __exit__ silenced (-1): the
		// exception class and the true result give way to the int
		// WHY_SILENCED. Otherwise both are popped (-2).
		"WITH_CLEANUP_FINISH": "exc res -- why_silenced",
	},
}
