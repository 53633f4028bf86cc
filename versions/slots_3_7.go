package versions

// What CPython 3.7's instructions take and give, read from its
// Python/ceval.c (the opcode cases and fast_block_end) and checked against
// its compile.c stack_effect by TestSlotTables and against dis.stack_effect
// by TestSlotEffectsMatchInterpreters. Written in full; 3.6's table is
// stated as changes to this one.
//
// The block stack. SETUP_LOOP, SETUP_EXCEPT and SETUP_FINALLY push a block
// whose level is the stack depth at the instruction; SETUP_WITH and
// SETUP_ASYNC_WITH push a SETUP_FINALLY block whose level is below the
// value they leave on top (__exit__ stays below the level's line, the
// __enter__ result above it). POP_BLOCK pops the top block and drops
// every value above its level.
//
// Unwinding (fast_block_end) runs for an exception, RETURN_VALUE,
// BREAK_LOOP and CONTINUE_LOOP, with a reason (why) of WHY_EXCEPTION,
// WHY_RETURN (the return value kept aside), WHY_BREAK or WHY_CONTINUE (the
// target kept aside as an int). It looks at the top block:
//   - a loop block and WHY_CONTINUE: the block stays, control goes to the
//     target; nothing is pushed.
//   - otherwise the block is popped. An EXCEPT_HANDLER block restores the
//     saved exception state (UNWIND_EXCEPT_HANDLER: drop the values above
//     level+3, pop the three saved ones into the thread's exception state)
//     and unwinding goes on. Any other block drops the values above its
//     level; then:
//   - a loop block and WHY_BREAK: control goes to the block's handler (the
//     end of the loop).
//   - an except or finally block (SETUP_WITH's included) and WHY_EXCEPTION:
//     an EXCEPT_HANDLER block is pushed at the level, then the six values of
//     <handler>, and control goes to the block's handler.
//   - a finally block and WHY_RETURN or WHY_CONTINUE: the return value (or
//     the continue target, an int) is pushed, then the why as an int; for
//     WHY_BREAK only the why. Control goes to the handler.
//   - an except block for anything but an exception is only popped.
//
// With no block left a return returns; an exception leaves the frame.
// The verifier keeps what return, break and continue push at a finally
// block as one unwind marker (KindUnwind).
var slots3_7 = SlotTable{
	// A function's frame (OPTIMIZED and NEWLOCALS) has no locals mapping:
	// the *_NAME instructions and SETUP_ANNOTATIONS raise SystemError
	// there, LOAD_CLASSDEREF crashes (checked on 3.6–3.8).
	Mapping: &LocalsMapping{Flags: "OPTIMIZED NEWLOCALS", Users: "LOAD_NAME STORE_NAME DELETE_NAME SETUP_ANNOTATIONS LOAD_CLASSDEREF"},
	Stack: map[string]string{
		// CPython's comprehensions and generator expressions get the
		// iterator GET_ITER made as their parameter .0.
		"<.0>": "-- it:iter",
		// Pushed at an except or finally handler, above an EXCEPT_HANDLER
		// block at the handler's level: the exception state being replaced
		// (traceback, value, type), then the new exception normalized
		// (traceback, value, type on top). With no exception being handled
		// the saved traceback and value are NULL (popping them crashes 3.7)
		// and the saved type is None.
		// NOTE: the format has no kind for "a saved exception value or
		// NULL"; the two that may be NULL are written nullable, the type
		// excstate.
		"<handler>": "-- prev_tb:nullable prev_val:nullable prev_type:excstate tb val:exc type:exctype",

		"NOP":          "--",
		"EXTENDED_ARG": "--",
		"POP_TOP":      "value --",
		// The rotations move pointers only; the duplications take new
		// references, which a NULL cannot give.
		"ROT_TWO":     "second:nullable top:nullable -- top second",
		"ROT_THREE":   "third:nullable second:nullable top:nullable -- top third second",
		"DUP_TOP":     "value -- value value",
		"DUP_TOP_TWO": "second top -- second top second top",

		"UNARY_POSITIVE": "value -- res",
		"UNARY_NEGATIVE": "value -- res",
		"UNARY_NOT":      "value -- res",
		"UNARY_INVERT":   "value -- res",

		"BINARY_MATRIX_MULTIPLY":  "lhs rhs -- res",
		"INPLACE_MATRIX_MULTIPLY": "lhs rhs -- res",
		"BINARY_POWER":            "lhs rhs -- res",
		"BINARY_MULTIPLY":         "lhs rhs -- res",
		"BINARY_MODULO":           "lhs rhs -- res",
		"BINARY_ADD":              "lhs rhs -- res",
		"BINARY_SUBTRACT":         "lhs rhs -- res",
		"BINARY_SUBSCR":           "container sub -- res",
		"BINARY_FLOOR_DIVIDE":     "lhs rhs -- res",
		"BINARY_TRUE_DIVIDE":      "lhs rhs -- res",
		"INPLACE_FLOOR_DIVIDE":    "lhs rhs -- res",
		"INPLACE_TRUE_DIVIDE":     "lhs rhs -- res",
		"INPLACE_ADD":             "lhs rhs -- res",
		"INPLACE_SUBTRACT":        "lhs rhs -- res",
		"INPLACE_MULTIPLY":        "lhs rhs -- res",
		"INPLACE_MODULO":          "lhs rhs -- res",
		"BINARY_LSHIFT":           "lhs rhs -- res",
		"BINARY_RSHIFT":           "lhs rhs -- res",
		"BINARY_AND":              "lhs rhs -- res",
		"BINARY_XOR":              "lhs rhs -- res",
		"BINARY_OR":               "lhs rhs -- res",
		"INPLACE_POWER":           "lhs rhs -- res",
		"INPLACE_LSHIFT":          "lhs rhs -- res",
		"INPLACE_RSHIFT":          "lhs rhs -- res",
		"INPLACE_AND":             "lhs rhs -- res",
		"INPLACE_XOR":             "lhs rhs -- res",
		"INPLACE_OR":              "lhs rhs -- res",
		"STORE_SUBSCR":            "v container sub --",
		"DELETE_SUBSCR":           "container sub --",

		// GET_AITER checks that __aiter__'s result has __anext__; it is
		// not an iterator FOR_ITER could step.
		"GET_AITER": "obj -- aiter",
		// An async generator's asend object, or what __anext__ returned
		// made awaitable (_PyCoro_GetAwaitableIter checks it).
		"GET_ANEXT":         "aiter -- aiter awaitable:awaitable",
		"BEFORE_ASYNC_WITH": "mgr -- exit res",
		"GET_ITER":          "iterable -- iter:iter",
		// A generator or coroutine is left as it is, anything else goes
		// through iter(). GET_AWAITABLE leaves a coroutine, or the iterator
		// __await__ returned (checked to be one).
		// A coroutine has no tp_iternext: YIELD_FROM sends to it itself,
		// but FOR_ITER on it crashes (checked on 3.6 and 3.7), so these
		// leave an awaitable, which YIELD_FROM takes and FOR_ITER does not.
		// GET_YIELD_FROM_ITER leaves a coroutine as it is in code flagged
		// COROUTINE or ITERABLE_COROUTINE.
		"GET_YIELD_FROM_ITER": "iterable -- receiver:awaitable",
		"GET_AWAITABLE":       "iterable -- awaitable:awaitable",
		// A generator or coroutine receiver gets _PyGen_Send; any other
		// gets tp_iternext unchecked when the value sent is None (its send
		// method otherwise). On resumption the value sent is pushed and
		// YIELD_FROM runs again.
		"YIELD_FROM":  "receiver:sendable v -- res",
		"YIELD_VALUE": "retval -- sent",

		"PRINT_EXPR":        "value --",
		"LOAD_BUILD_CLASS":  "-- bc",
		"RETURN_VALUE":      "retval --",
		"IMPORT_STAR":       "from --",
		"SETUP_ANNOTATIONS": "--",

		// The block controls (see the comment at the top).
		"SETUP_LOOP": "--",
		// The jump part is what reaches the handler: the six values of
		// <handler> at the block's level. The verifier enters the handler
		// from the instructions that can raise inside the block, with
		// <handler>, not along this path.
		"SETUP_EXCEPT":  "-- | jump: -- prev_tb:nullable prev_val:nullable prev_type:excstate tb val:exc type:exctype",
		"SETUP_FINALLY": "-- | jump: -- prev_tb:nullable prev_val:nullable prev_type:excstate tb val:exc type:exctype",
		// mgr is replaced by its __exit__, __enter__ is called, the
		// SETUP_FINALLY block is pushed at the level above __exit__, then
		// the __enter__ result is pushed: the level is below the value left
		// on top. The handler gets __exit__ and the six values.
		"SETUP_WITH": "mgr -- exit res | jump: mgr -- exit prev_tb:nullable prev_val:nullable prev_type:excstate tb val:exc type:exctype",
		// After BEFORE_ASYNC_WITH and the await of __aenter__'s result:
		// the result is popped, the SETUP_FINALLY block pushed at the level
		// below it, and the result pushed back. The handler gets __aexit__
		// (below the level) and the six values.
		"SETUP_ASYNC_WITH": "res -- res | jump: res -- prev_tb:nullable prev_val:nullable prev_type:excstate tb val:exc type:exctype",
		"POP_BLOCK":        "--",
		// Pops the top block; if it is not an EXCEPT_HANDLER block,
		// SystemError (an empty block stack is a fatal error). It then
		// drops the values above level+3 and pops the three saved exception
		// values (traceback, value, type on top) back into the thread's
		// exception state. Control goes on. The compiler counts the three
		// pops here.
		"POP_EXCEPT":    "prev_tb:nullable prev_val:nullable prev_type:excstate --",
		"BREAK_LOOP":    "--",
		"CONTINUE_LOOP": "--",
		// END_FINALLY pops the top value and looks at it:
		//   - None: the finally block was entered normally; control goes on.
		//   - an int: a why pushed by unwinding. For WHY_RETURN and
		//     WHY_CONTINUE the value below it (the return value, the
		//     continue target) is popped too; then unwinding resumes with
		//     that why (return goes on to the next finally block or
		//     returns, break to the loop block, continue to its target).
		//     WHY_SILENCED (pushed by WITH_CLEANUP_FINISH) instead pops the
		//     top block, which must be the EXCEPT_HANDLER block (only
		//     asserted), drops every value above its level + 3 (there: the
		//     exception's traceback, value and type and the NULL
		//     WITH_CLEANUP_START left under them), pops the three saved
		//     values back into the exception state, and control goes on to
		//     the next instruction. Any int is taken as a why: the
		//     interpreter does not check it.
		//   - an exception class: the value and traceback below it are
		//     popped and the exception is raised again; unwinding then
		//     pops the handler's EXCEPT_HANDLER block with the three saved
		//     values. This is the case pictured: 3 + 3 values, the
		//     compiler's count.
		//   - anything else: SystemError ('finally' pops bad exception).
		"END_FINALLY": "prev_tb:nullable prev_val:nullable prev_type:excstate tb val:exc type:exctype --",
		// WITH_CLEANUP_START runs where a with block's finally handler
		// starts, __exit__ below what entered it. By the top value:
		//   - None (normal exit): __exit__ is removed from under it; the
		//     stack is None, then None and __exit__(None, None, None)'s
		//     result are pushed: exit None -- None None res (+1).
		//   - an int, a why: __exit__ is removed from under it and the
		//     return value or continue target below it (WHY_RETURN,
		//     WHY_CONTINUE), the rest stays in order; None and the result
		//     of __exit__(None, None, None) are pushed (+1).
		//   - an exception class (the six <handler> values above
		//     __exit__): the three saved values move down one slot over
		//     __exit__, NULL fills the gap below the exception's
		//     traceback, the EXCEPT_HANDLER block's level goes down by
		//     one; the exception class again and the result of
		//     __exit__(type, value, traceback) are pushed. This is the
		//     case pictured (+2, the compiler's count).
		// Whatever the top is, __exit__ is called; nothing else is checked.
		"WITH_CLEANUP_START": "exit prev_tb:nullable prev_val:nullable prev_type:excstate tb val:exc type:exctype -- prev_tb prev_val prev_type gap:null tb val type type res",
		// Pops __exit__'s result and the exception WITH_CLEANUP_START
		// pushed. If that was an exception class and the result is true,
		// the int WHY_SILENCED is pushed (END_FINALLY then drops the
		// handler block instead of raising again); otherwise nothing.
		// NOTE: pictured is the usual case (-2); 3.7's compiler counts -3,
		// which no case does (TestSlotTables knows the difference).
		"WITH_CLEANUP_FINISH": "exc res --",

		"STORE_NAME":      "v --",
		"DELETE_NAME":     "--",
		"UNPACK_SEQUENCE": "seq -- values[oparg]",
		"UNPACK_EX":       "seq -- values[(oparg&0xff)+1+(oparg>>8)]",
		// FOR_ITER calls tp_iternext unchecked; at the end of the iterator
		// it pops it and jumps.
		"FOR_ITER":      "iter:iter -- iter next | jump: iter:iter --",
		"STORE_ATTR":    "v owner --",
		"DELETE_ATTR":   "owner --",
		"STORE_GLOBAL":  "v --",
		"DELETE_GLOBAL": "--",
		"LOAD_CONST":    "-- value",
		"LOAD_NAME":     "-- value",
		"BUILD_TUPLE":   "values[oparg] -- tup:tuple",
		"BUILD_LIST":    "values[oparg] -- list:list",
		"BUILD_SET":     "values[oparg] -- set:set",
		"BUILD_MAP":     "values[oparg*2] -- map:dict",
		// NOTE: keys must be a tuple of exactly oparg items, else
		// SystemError (bad BUILD_CONST_KEY_MAP keys argument); the format
		// has no tuple kind.
		"BUILD_CONST_KEY_MAP": "values[oparg] keys:tuple -- map:dict",
		// The pieces are checked to be str (TypeError).
		"BUILD_STRING": "pieces[oparg] -- str:str",
		"BUILD_SLICE":  "start stop step[oparg==3] -- slice",
		// Each input goes through list.extend, set.update or dict.update:
		// any iterable or mapping, a TypeError otherwise.
		"BUILD_TUPLE_UNPACK": "iterables[oparg] -- tup",
		"BUILD_LIST_UNPACK":  "iterables[oparg] -- list:list",
		"BUILD_SET_UNPACK":   "iterables[oparg] -- set:set",
		"BUILD_MAP_UNPACK":   "maps[oparg] -- map:dict",
		// The _WITH_CALL forms name the function in their TypeError: they
		// read the callable below their inputs (PEEK(oparg+1) for the
		// tuple form, PEEK(oparg+2) for the dict form, above which sits
		// the positional tuple), so it is part of the picture; a NULL
		// there crashes the message.
		"BUILD_TUPLE_UNPACK_WITH_CALL": "callable iterables[oparg] -- callable tup",
		"BUILD_MAP_UNPACK_WITH_CALL":   "callable args maps[oparg] -- callable args map:dict",
		"LOAD_ATTR":                    "owner -- res",
		"COMPARE_OP":                   "left right -- res",
		"IMPORT_NAME":                  "level fromlist -- res",
		"IMPORT_FROM":                  "from -- from res",
		"JUMP_FORWARD":                 "--",
		"JUMP_ABSOLUTE":                "--",
		"JUMP_IF_FALSE_OR_POP":         "cond -- | jump: cond -- cond",
		"JUMP_IF_TRUE_OR_POP":          "cond -- | jump: cond -- cond",
		"POP_JUMP_IF_FALSE":            "cond --",
		"POP_JUMP_IF_TRUE":             "cond --",
		"LOAD_GLOBAL":                  "-- value",
		"LOAD_FAST":                    "-- value",
		// SETLOCAL drops the old value with Py_XDECREF: a NULL stored makes
		// the local unbound, which LOAD_FAST reports.
		"STORE_FAST":   "value:nullable --",
		"DELETE_FAST":  "--",
		"LOAD_CLOSURE": "-- cell:cell",
		"LOAD_DEREF":   "-- value",
		"STORE_DEREF":  "v --",
		"DELETE_DEREF": "--",
		// NOTE: LOAD_CLASSDEREF reads f_locals without checking it (an
		// assert): in a frame without a locals dict (CO_OPTIMIZED and
		// CO_NEWLOCALS) it crashes (checked on 3.6 and 3.7). The pictures
		// cannot say which code has a locals dict.
		"LOAD_CLASSDEREF": "-- value",
		// 0 re-raises, 1 raises exc, 2 raises exc from cause; any other
		// argument pops nothing and raises SystemError.
		"RAISE_VARARGS": "args[oparg] --",
		"CALL_FUNCTION": "callable args[oparg] -- res",
		// NOTE: names must be a tuple of at most oparg str (an assert
		// only: 3.6 crashes on a non-tuple); the format has no tuple kind.
		"CALL_FUNCTION_KW": "callable args[oparg] names:tuple -- res",
		// kwargs that is not a dict is copied into one (TypeError if it is
		// not a mapping), callargs that is not a tuple goes through
		// tuple() (TypeError if not iterable); both messages name func.
		"CALL_FUNCTION_EX": "func callargs kwargs[oparg&1] -- result",
		// The code object is below the qualified name on top; below them,
		// by the flags, the closure (0x08: a tuple of cells, taken without
		// a check), annotations (0x04), keyword defaults (0x02) and
		// defaults (0x01), the last lowest. Only asserts check the kinds of
		// the four.
		// NOTE: defaults must be a tuple (calls index it as one) and
		// qualname a str (repr formats it as one); the format has no tuple
		// or str kind. A non-dict for annotations or keyword defaults does
		// not crash (calls look keys up with PyDict_GetItem, which refuses
		// a non-dict).
		// The compiler always loads the qualified name as a str constant and
		// builds the defaults; the function keeps them unchecked.
		"MAKE_FUNCTION": "defaults:tuple[oparg&1] kwdefaults:dict[(oparg>>1)&1] annotations[(oparg>>2)&1] closure[(oparg>>3)&1] code:code qualname:str -- func",
		// The target is popped first, then found oparg down; list.append,
		// set.add and dict's setitem answer another kind with SystemError.
		// MAP_ADD takes the key on top, the value below it.
		"LIST_APPEND": "list:list mid:nullable[oparg-1] v -- list mid[oparg-1]",
		"SET_ADD":     "set:set mid:nullable[oparg-1] v -- set mid[oparg-1]",
		"MAP_ADD":     "dict:dict mid:nullable[oparg-1] value key -- dict mid[oparg-1]",
		// 4 asks for a format spec on top; the conversion (oparg&3) is
		// applied first.
		"FORMAT_VALUE": "value fmt_spec:str[(oparg&4)>>2] -- result:str",
		// LOAD_METHOD pushes the function found on the type and obj as
		// self, or NULL and the attribute: meth is NULL when it is not a
		// method call. CALL_METHOD looks at meth, oparg+2 down: NULL calls
		// the callable with oparg arguments and pops the NULL; anything
		// else calls meth with self and the oparg arguments.
		"LOAD_METHOD": "obj -- meth:nullable self_or_callable",
		"CALL_METHOD": "meth:nullable callable args[oparg] -- res",
	},
	Locals: map[string]string{
		"LOAD_FAST":       LocalLoad,
		"STORE_FAST":      LocalStore,
		"DELETE_FAST":     LocalDelete,
		"LOAD_CLOSURE":    LocalClosure,
		"LOAD_DEREF":      LocalDeref,
		"STORE_DEREF":     LocalDeref,
		"DELETE_DEREF":    LocalDeref,
		"LOAD_CLASSDEREF": LocalDeref,
	},
	Control: map[string]string{
		"BUILD_CONST_KEY_MAP": "const-key-map",
		// A return inside a finally or with block first runs it (see the
		// comment at the top).
		"RETURN_VALUE":  "return-unwind",
		"RAISE_VARARGS": "raise",
		"JUMP_FORWARD":  "jump",
		"JUMP_ABSOLUTE": "jump",
		// MAKE_FUNCTION: the code object is the second value from the top,
		// under the qualified name; the closure tuple, with flag 0x08, is
		// right below the code object, above the other flagged inputs.
		"MAKE_FUNCTION":       "make-function",
		"BUILD_TUPLE":         "tuple",
		"SETUP_LOOP":          "setup-loop",
		"SETUP_EXCEPT":        "setup-except",
		"SETUP_FINALLY":       "setup-finally",
		"SETUP_WITH":          "setup-with",
		"SETUP_ASYNC_WITH":    "setup-with",
		"POP_BLOCK":           "pop-block-unwind",
		"POP_EXCEPT":          "pop-except",
		"BREAK_LOOP":          "break",
		"CONTINUE_LOOP":       "continue",
		"END_FINALLY":         "end-finally",
		"WITH_CLEANUP_START":  "with-cleanup",
		"WITH_CLEANUP_FINISH": "with-cleanup-finish",
	},
	Args: map[string]string{
		"RAISE_VARARGS": "0..2: 0 (re-raise), 1 (raise exc) or 2 (raise exc from cause)",
		"BUILD_SLICE":   "2..3: 2 or 3 items",
		"FORMAT_VALUE":  "0..7: a conversion (0 none, 1 str, 2 repr, 3 ascii), plus 4 when a format spec is on the stack",
	},
}
