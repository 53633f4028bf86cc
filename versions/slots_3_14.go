package versions

// What CPython 3.14's instructions take and give (after Python/bytecodes.c
// of the 3.14 line; the counts checked against dis.stack_effect by
// TestSlotTables, the doubtful kinds by running hand-made code on 3.14.10),
// as changes to 3.13's table. 3.14 looks up __enter__ and __exit__ with
// LOAD_SPECIAL (attr self_or_null, called with CALL), leaves the iterator of
// a finished for loop to POP_ITER, always passes CALL_FUNCTION_EX a kwargs
// slot (NULL when there is none), and its stack references make a NULL safe
// to drop or copy.
var slots3_14 = SlotTable{
	Base: &slots3_13,
	// The lasti a handler gets is a tagged integer, not an object.
	NotObjects: "lasti",
	Stack: map[string]string{
		// The annotate function (PEP 649) is called when __annotations__
		// is read; anything callable, and a non-callable raises.
		"SET_FUNCTION_ATTRIBUTE annotate": "annotate func:function -- func",
		// 3.14 adds to a class's __conditional_annotations__, a set it
		// loads by name, with SET_ADD; PySet_Add checks what it is given
		// (SystemError, no crash), so a value of unknown kind will do.
		"SET_ADD": "set:set? mid:any[oparg-1] v -- set mid[oparg-1]",
		// Gone in 3.14: BINARY_OP's NB_SUBSCR subscripts, LOAD_SPECIAL and
		// CALL replace BEFORE_WITH, LOAD_COMMON_CONSTANT loads
		// AssertionError, LOAD_CONST and RETURN_VALUE return a constant.
		"BEFORE_ASYNC_WITH":    "",
		"BEFORE_WITH":          "",
		"BINARY_SUBSCR":        "",
		"BUILD_CONST_KEY_MAP":  "",
		"LOAD_ASSERTION_ERROR": "",
		"RETURN_CONST":         "",

		"LOAD_SMALL_INT":       "-- value",
		"LOAD_COMMON_CONSTANT": "-- value",
		"NOT_TAKEN":            "--",
		// The value is returned, and pushed on the caller's stack.
		"RETURN_VALUE": "retval -- res",

		// LOAD_SPECIAL gives the method and its self, or the attribute and
		// NULL; WITH_EXCEPT_START calls exit_func with exit_self when it is
		// not NULL, and the compiler drops both with POP_TOP.
		"LOAD_SPECIAL":      "owner -- attr self_or_null:nullable",
		"WITH_EXCEPT_START": "exit_func exit_self:nullable lasti:lasti prev_exc val:exc -- exit_func exit_self lasti prev_exc val res",
		// Dropping or copying a NULL is safe from 3.14 on (a NULL stack
		// reference is not reference-counted); POP_TOP drops the NULL
		// self_or_null of a with block.
		"POP_TOP":  "value:any --",
		"COPY":     "bottom:any mid:any[oparg-1] -- bottom mid[oparg-1] bottom",
		"END_SEND": "receiver:any value -- value",

		// kwargs is a dict (BUILD_MAP and DICT_MERGE made it) or NULL, used
		// as a dict unchecked when not NULL: None there crashed 3.14.
		"CALL_FUNCTION_EX": "func unused:nullable callargs kwargs:dict+null -- result",

		// A for loop now ends END_FOR POP_ITER: END_FOR drops next,
		// POP_ITER the iterator.
		"END_FOR":  "value:nullable --",
		"POP_ITER": "iter:any --",
		// NOTE: at the end of its iterator FOR_ITER leaves the iterator
		// and goes on past the instruction at its target (CPython puts
		// END_FOR there, then POP_ITER); the picture follows the
		// compiler, which has the target reached with iter and next. A
		// target that is not END_FOR is not modelled.
		"FOR_ITER": "iter:iter -- iter next",

		"BUILD_SLICE": "args[oparg] -- slice",
		// A template keeps both tuples unchecked and reads them so: the
		// strings (at least one) as str, the interpolations as what
		// BUILD_INTERPOLATION made.
		"BUILD_TEMPLATE":      "strings:tuple(1+)/str interpolations:tuple/interpolation -- template",
		"BUILD_INTERPOLATION": "value str format[oparg&1] -- interpolation:interpolation",

		// NOTE: END_ASYNC_FOR's argument points back at the END_SEND of
		// its loop for the monitoring events only; the instruction never
		// jumps. Its picture is the same on both paths, but a walk that
		// follows the argument as a jump reaches END_SEND with the wrong
		// stack.
		"END_ASYNC_FOR": "awaitable exc:exc --",

		"LOAD_FAST_BORROW":                  "-- value",
		"LOAD_FAST_BORROW_LOAD_FAST_BORROW": "-- value1 value2",
	},
	Locals: map[string]string{
		// A borrowed read, unchecked like LOAD_FAST.
		"LOAD_FAST_BORROW":                  LocalLoadUnchecked,
		"LOAD_FAST_BORROW_LOAD_FAST_BORROW": LocalPairLoad,
	},
	Control: map[string]string{
		"BUILD_CONST_KEY_MAP": "",
		// The iterator stays for POP_ITER: FOR_ITER goes past END_FOR only.
		"FOR_ITER": "skip END_FOR",

		// Its argument only tells monitoring where the loop is; it never jumps.
		"END_ASYNC_FOR": "no-jump",
		"RETURN_CONST":  "",
	},
	Args: map[string]string{
		"LOAD_SPECIAL":         "0..3: 0 __enter__, 1 __exit__, 2 __aenter__, 3 __aexit__",
		"LOAD_COMMON_CONSTANT": "0..4: an index into the release's five common constants",
		"LOAD_SMALL_INT":       "0..255: the small integer itself",
		// A conversion past ascii raises SystemError (checked).
		"BUILD_INTERPOLATION": "0..15: 1 when a format spec is on the stack, plus 4 times the conversion (0 none, 1 str, 2 repr, 3 ascii)",
	},
}
