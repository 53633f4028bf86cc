package versions

// What CPython 3.8's instructions take and give, as changes to 3.9's table
// (Python/ceval.c and compile.c of 3.8). 3.8 has 3.9's block stack and
// handler values, but finally blocks end in END_FINALLY, which tells by the
// value on top how the block was entered:
//
//	NULL        BEGIN_FINALLY: the try body ended normally (also what
//	            WITH_CLEANUP_FINISH leaves after __exit__ swallowed an
//	            exception)
//	an int      CALL_FINALLY's return address: a return, break or continue
//	            runs the finally body as a subroutine
//	a type      an exception: the six values of <handler>
//
// None is not a marker in 3.8 (it was before): END_FINALLY would take it
// for an exception type.
//
// The pictures of END_FINALLY, POP_FINALLY, WITH_CLEANUP_START and
// WITH_CLEANUP_FINISH add up to dis.stack_effect, which counts the exception
// case (and, for WITH_CLEANUP_FINISH, a bookkeeping value); what the
// interpreter does in each case is in the comment above each, and the
// verifier follows those cases (end-finally, pop-finally, with-cleanup,
// with-cleanup-finish), not the picture.
var slots3_8 = SlotTable{
	Base: &slots3_9,
	Stack: map[string]string{
		// BEGIN_FINALLY pushes one NULL.
		// NOTE: compile.c's stack_effect counts it as +6 "for balancing
		// with END_FINALLY and POP_FINALLY", and dis.stack_effect says so;
		// the picture says what the interpreter does (TestSlotTables holds
		// it to the real +1: realEffect in slots_test.go).
		"BEGIN_FINALLY": "-- null:null",
		// CALL_FINALLY pushes the offset of the next instruction as an int
		// (the address END_FINALLY returns to) and jumps to the finally
		// body; it never falls through.
		"CALL_FINALLY": "-- | jump: -- addr:addr",
		// END_FINALLY pops the top value and goes by it:
		//   NULL: nothing more; falls through.
		//   an exact int: jumps to that byte offset (JUMPTO, unchecked: only
		//     CALL_FINALLY's address is safe); pops 1.
		//   anything else, taken for an exception type (only asserted):
		//     pops the value and traceback below it as well (3 values, the
		//     type on top) and re-raises them; the unwinder then pops the
		//     EXCEPT_HANDLER block, cutting the stack to its level + 3 and
		//     restoring the saved state (3 more), and goes to the next
		//     handler. The picture is this case.
		"END_FINALLY": "tb0:excstate val0:excstate type0:excstate tb val:exc type:exctype --",
		// POP_FINALLY ends a finally body early (return, break, continue
		// inside it) without jumping. With oparg != 0 it first pops the top
		// value (a return value being kept) and pushes it back at the end.
		// Then it pops the value below and goes by it:
		//   NULL or an exact int (BEGIN_FINALLY's NULL, CALL_FINALLY's
		//     address): dropped; nothing more (no jump).
		//   anything else, taken for an exception type: pops value and
		//     traceback too, then pops the top block, which must be an
		//     EXCEPT_HANDLER (SystemError "popped block is not an except
		//     handler" otherwise, after the three pops), and the three
		//     saved values into exc_info, like POP_EXCEPT (6 values and the
		//     block; CPython asserts the depth is the block's level + 3).
		// It always falls through. The picture is the exception case.
		"POP_FINALLY": "tb0:excstate val0:excstate type0:excstate tb val:exc type:exctype keep:nullable[oparg!=0] -- keep[oparg!=0]",
		// WITH_CLEANUP_START runs where a with block's finally body starts,
		// with __exit__ below what the body was entered with:
		//   NULL on top (BEGIN_FINALLY: normal exit, or a return, break or
		//     continue, which 3.8 compiles as POP_BLOCK BEGIN_FINALLY):
		//     pops the NULL, puts NULL where __exit__ was, calls
		//     __exit__(None, None, None), pushes None and the result:
		//     exit NULL -- NULL None res (+1).
		//   anything else, taken for an exception type (only asserted): the
		//     six handler values are above __exit__; it calls
		//     __exit__(type, val, tb), moves the saved three down one slot
		//     over __exit__, puts NULL in the slot freed below the
		//     exception, lowers the EXCEPT_HANDLER block's level by one (its
		//     level + 3 is still the saved three), and pushes the type again
		//     and the result. The picture is this case (+2).
		// CALL_FINALLY's int is not handled (it would be taken for an
		// exception type and __exit__ read seven slots down); compiled code
		// never brings one here. Falls through; the call may raise.
		"WITH_CLEANUP_START": "exit tb0:excstate val0:excstate type0:excstate tb val:exc type:exctype -- tb0 val0 type0 gap:null tb val type type res",
		// WITH_CLEANUP_FINISH pops __exit__'s result and the value
		// WITH_CLEANUP_START pushed below it (None, or the exception type):
		//   None: nothing more; START's NULL is left on top for the
		//     END_FINALLY or POP_FINALLY 0 that follows.
		//   a type, result false (PyObject_IsTrue; an error raises): nothing
		//     more; the exception (saved three, NULL, tb val type) stays
		//     and END_FINALLY re-raises it.
		//   a type, result true (__exit__ swallowed it): pops the top block
		//     (assumed, not checked, to be the EXCEPT_HANDLER), cuts the
		//     stack to its level + 3 (dropping NULL tb val type), pops the
		//     saved three back into exc_info and pushes NULL, so what
		//     follows sees the normal exit.
		// Falls through in every case.
		// NOTE: dis.stack_effect counts -3, one more than the two values
		// every case pops (it balances WITH_CLEANUP_START's +2 so that the
		// normal path nets -1); balance stands for that count, not for a
		// value the interpreter pops.
		"WITH_CLEANUP_FINISH": "balance:nullable exc res --",

		// 3.8's unpacking builders, replaced in 3.9 by LIST_EXTEND and its
		// like. The _WITH_CALL forms name the function in their error
		// messages: BUILD_TUPLE_UNPACK_WITH_CALL the one just below its
		// iterables (check_args_iterable), BUILD_MAP_UNPACK_WITH_CALL the
		// one two slots below its mappings (format_kwargs_error); they read
		// it only when there is something to unpack, and it must not be
		// NULL.
		"BUILD_LIST_UNPACK":            "iterables[oparg] -- list:list",
		"BUILD_TUPLE_UNPACK":           "iterables[oparg] -- tup",
		"BUILD_TUPLE_UNPACK_WITH_CALL": "callable[oparg>0] iterables[oparg] -- callable[oparg>0] tup",
		"BUILD_SET_UNPACK":             "iterables[oparg] -- set:set",
		"BUILD_MAP_UNPACK":             "maps[oparg] -- map:dict",
		"BUILD_MAP_UNPACK_WITH_CALL":   "callable[oparg>0] mid:nullable[oparg>0] maps[oparg] -- callable[oparg>0] mid[oparg>0] map:dict",

		// Not yet in 3.8.
		"RERAISE":               "",
		"WITH_EXCEPT_START":     "",
		"LOAD_ASSERTION_ERROR":  "",
		"LIST_TO_TUPLE":         "",
		"LIST_EXTEND":           "",
		"SET_UPDATE":            "",
		"DICT_MERGE":            "",
		"DICT_UPDATE":           "",
		"IS_OP":                 "",
		"CONTAINS_OP":           "",
		"JUMP_IF_NOT_EXC_MATCH": "",
	},
	Control: map[string]string{
		"END_FINALLY":         "end-finally",
		"CALL_FINALLY":        "call-finally",
		"POP_FINALLY":         "pop-finally",
		"WITH_CLEANUP_START":  "with-cleanup",
		"WITH_CLEANUP_FINISH": "with-cleanup-finish",
		"RERAISE":             "",
	},
}
