package versions

// What CPython 3.10's instructions take and give (Python/ceval.c and
// stack_effect in Python/compile.c of 3.10, checked against
// dis.stack_effect by TestSlotTables). Written in full: 3.10 still has the
// block stack of SETUP_FINALLY/POP_BLOCK/POP_EXCEPT and little in common
// with 3.12's table; 3.9 and 3.8 are stated as changes to this one.
//
// The six values an exception pushes at a handler are, bottom first, the
// exception state that was being handled (tb0 val0 type0: the thread's
// exc_info as it was, with type0 None when there was none; val0 and tb0 are
// pushed as they are and may be NULL) and then the new exception (tb, the
// normalized value, the type on top). The unwinder also pushes an
// EXCEPT_HANDLER block whose level is the depth below the six; POP_EXCEPT
// ends it.
var slots3_10 = SlotTable{
	// A function's frame (OPTIMIZED and NEWLOCALS) has no locals mapping:
	// the *_NAME instructions and SETUP_ANNOTATIONS raise SystemError
	// there, LOAD_CLASSDEREF crashes.
	Mapping: &LocalsMapping{Flags: "OPTIMIZED NEWLOCALS", Users: "LOAD_NAME STORE_NAME DELETE_NAME SETUP_ANNOTATIONS LOAD_CLASSDEREF"},
	Stack: map[string]string{
		// CPython's comprehensions and generator expressions get the
		// iterator GET_ITER made as their parameter .0.
		"<.0>": "-- it:iter",
		// gen_send_ex2 pushes the value sent (None on the first send) before
		// every run of the frame, the first included; GEN_START pops it.
		"<generator>": "-- sent",
		"<handler>":   "-- tb0:excsaved val0:excsaved type0:excstate tb val:exc type:exctype",

		"NOP":          "--",
		"EXTENDED_ARG": "--",
		"POP_TOP":      "value --",
		// The ROT_* only move pointers (no reference counting), so NULL may
		// pass; DUP_TOP and DUP_TOP_TWO Py_INCREF what they copy.
		"ROT_TWO":     "second:nullable top:nullable -- top second",
		"ROT_THREE":   "third:nullable second:nullable top:nullable -- top third second",
		"ROT_FOUR":    "fourth:nullable third:nullable second:nullable top:nullable -- top fourth third second",
		"ROT_N":       "mid:nullable[oparg-1] top:nullable -- top mid[oparg-1]",
		"DUP_TOP":     "top -- top top",
		"DUP_TOP_TWO": "second top -- second top second top",

		"UNARY_POSITIVE":          "value -- res",
		"UNARY_NEGATIVE":          "value -- res",
		"UNARY_NOT":               "value -- res",
		"UNARY_INVERT":            "value -- res",
		"BINARY_MATRIX_MULTIPLY":  "lhs rhs -- res",
		"INPLACE_MATRIX_MULTIPLY": "lhs rhs -- res",
		"BINARY_POWER":            "lhs rhs -- res",
		"BINARY_MULTIPLY":         "lhs rhs -- res",
		"BINARY_MODULO":           "lhs rhs -- res",
		"BINARY_ADD":              "lhs rhs -- res",
		"BINARY_SUBTRACT":         "lhs rhs -- res",
		"BINARY_FLOOR_DIVIDE":     "lhs rhs -- res",
		"BINARY_TRUE_DIVIDE":      "lhs rhs -- res",
		"BINARY_LSHIFT":           "lhs rhs -- res",
		"BINARY_RSHIFT":           "lhs rhs -- res",
		"BINARY_AND":              "lhs rhs -- res",
		"BINARY_XOR":              "lhs rhs -- res",
		"BINARY_OR":               "lhs rhs -- res",
		"INPLACE_FLOOR_DIVIDE":    "lhs rhs -- res",
		"INPLACE_TRUE_DIVIDE":     "lhs rhs -- res",
		"INPLACE_ADD":             "lhs rhs -- res",
		"INPLACE_SUBTRACT":        "lhs rhs -- res",
		"INPLACE_MULTIPLY":        "lhs rhs -- res",
		"INPLACE_MODULO":          "lhs rhs -- res",
		"INPLACE_POWER":           "lhs rhs -- res",
		"INPLACE_LSHIFT":          "lhs rhs -- res",
		"INPLACE_RSHIFT":          "lhs rhs -- res",
		"INPLACE_AND":             "lhs rhs -- res",
		"INPLACE_XOR":             "lhs rhs -- res",
		"INPLACE_OR":              "lhs rhs -- res",
		"BINARY_SUBSCR":           "container sub -- res",
		"STORE_SUBSCR":            "v container sub --",
		"DELETE_SUBSCR":           "container sub --",
		"COMPARE_OP":              "left right -- res",
		"IS_OP":                   "left right -- b",
		"CONTAINS_OP":             "left right -- b",
		// PyErr_GivenExceptionMatches copes with any left; the right is
		// checked (TypeError unless an exception class or a tuple of them).
		"JUMP_IF_NOT_EXC_MATCH": "left right --",

		// Pattern matching. NOTE: MATCH_KEYS and COPY_DICT_WITHOUT_KEYS
		// read keys, and MATCH_CLASS names, as a tuple without checking
		// (CPython only asserts PyTuple_CheckExact); the format has no tuple
		// kind, so the pictures accept any object there.
		"GET_LEN":                "obj -- obj len",
		"MATCH_MAPPING":          "subject -- subject res",
		"MATCH_SEQUENCE":         "subject -- subject res",
		"MATCH_KEYS":             "subject keys:tuple -- subject keys values res",
		"COPY_DICT_WITHOUT_KEYS": "subject keys:tuple -- subject rest:dict",
		// The type is checked (TypeError); attrs is the tuple of attributes
		// on a match, the subject left in place on a miss.
		"MATCH_CLASS": "subject type names:tuple -- attrs res",

		"GET_ITER":            "iterable -- iter:iter",
		"GET_YIELD_FROM_ITER": "iterable -- receiver:awaitable",
		// FOR_ITER calls tp_iternext without looking: only an iterator will do.
		"FOR_ITER":      "iter:iter -- iter next | jump: iter:iter --",
		"GET_AWAITABLE": "iterable -- awaitable:awaitable",
		// 3.10's YIELD_FROM goes through PyIter_Send, which checks
		// (PyIter_Check, else it calls send): any receiver is safe. 3.8 and
		// 3.9 call tp_iternext unchecked (slots_3_9.go).
		"YIELD_FROM":  "receiver v -- res",
		"YIELD_VALUE": "retval -- value",
		// GEN_START pops what the generator was started with (always None:
		// the first send refuses anything else; a non-None value would raise
		// TypeError, and SystemError only with that and oparg > 2).
		"GEN_START": "sent --",
		// GET_AITER checks that the result has __anext__; GET_ANEXT's
		// awaitable comes from _PyCoro_GetAwaitableIter or an async
		// generator's asend object.
		"GET_AITER": "obj -- aiter",
		"GET_ANEXT": "aiter -- aiter awaitable:awaitable",
		// BEFORE_ASYNC_WITH leaves __aexit__ and the awaitable __aenter__
		// returned; SETUP_ASYNC_WITH then takes the awaited result off, sets
		// up the block at the depth below it and puts it back. On the jump
		// path (the handler) the stack is cut to that depth and the
		// exception's six values pushed.
		"BEFORE_ASYNC_WITH": "mgr -- exit res",
		"SETUP_ASYNC_WITH":  "res -- res | jump: res -- tb0:excsaved val0:excsaved type0:excstate tb val:exc type:exctype",
		// SETUP_WITH replaces the manager by its __exit__, calls __enter__,
		// sets up a finally block at the depth with __exit__ on top (below
		// the result it then pushes).
		"SETUP_WITH": "mgr -- exit res | jump: mgr -- exit tb0:excsaved val0:excsaved type0:excstate tb val:exc type:exctype",
		// SETUP_FINALLY pushes a finally block at the current depth and
		// goes on. When an exception comes to it, the unwinder cuts the
		// stack to that depth, pushes an EXCEPT_HANDLER block there (3.10
		// stores in it the f_lasti of the instruction that raised) and the
		// six values, and goes to the target.
		"SETUP_FINALLY": "-- | jump: -- tb0:excsaved val0:excsaved type0:excstate tb val:exc type:exctype",
		// POP_BLOCK pops the top block, whatever it is, without touching
		// the stack (Py_FatalError when there is none).
		"POP_BLOCK": "--",
		// POP_EXCEPT pops the top block, which must be an EXCEPT_HANDLER
		// (SystemError "popped block is not an except handler" otherwise),
		// then the three saved values into the thread's exc_info: the top
		// one as exc_type, then exc_value, then exc_traceback. CPython only
		// asserts that they sit at the block's level + 3. The state is read
		// back unchecked (PyErr_SetObject takes exc_value for an exception's
		// __context__), hence excstate.
		"POP_EXCEPT": "tb:excstate val:excstate type:excstate --",
		// WITH_EXCEPT_START, at a SETUP_WITH handler, calls __exit__ seven
		// slots down with the top three (exit(type, val, tb)) and pushes the
		// result. It reads nothing else: the saved state below the three is
		// passed over (it may hold NULL); the kinds the handler gave stay on
		// the values for the RERAISE or POP_EXCEPT that follows.
		"WITH_EXCEPT_START": "exit_func tb0:nullable val0:nullable type0:nullable tb val type -- exit_func tb0 val0 type0 tb val type res",
		// RERAISE pops type (top), value and traceback, makes them the
		// current exception again and unwinds (the EXCEPT_HANDLER block of
		// the handler it is in is popped on the way, restoring the saved
		// state). With oparg != 0 it first sets f_lasti to the top block's
		// handler field: in compiled code the EXCEPT_HANDLER block, which
		// 3.10 gives the offset of the instruction that raised, so the
		// exception reports that line again. CPython only asserts that there
		// is a block; with none it reads f_blockstack[-1].
		// NOTE: tb must be a traceback or None (the unwinder passes it to
		// PyException_SetTraceback, and a later frame's traceback entry
		// refuses anything else with SystemError); the format has no
		// traceback kind, so any object passes.
		"RERAISE": "tb val:exc type:exctype --",
		// END_ASYNC_FOR sits at the handler of an async for's SETUP_FINALLY,
		// with the async iterator below the block's level. If the type on
		// top is StopAsyncIteration it pops the top block (assumed, not
		// checked, to be the EXCEPT_HANDLER), cuts the stack to the block's
		// level + 3, pops the saved state back into exc_info, pops the
		// iterator and goes on; otherwise it pops type, value and traceback
		// and re-raises them like RERAISE.
		// NOTE: the control words cannot say "pop the EXCEPT_HANDLER block
		// and the value just below its level": pop-except wants the stack at
		// the block's level, and END_ASYNC_FOR leaves it one below. The
		// picture has the right count; a verifier rule (end-async-for) is
		// needed to drop the handler block on the fall-through path.
		"END_ASYNC_FOR": "aiter tb0:excstate val0:excstate type0:excstate tb val:exc type:exctype --",

		"PRINT_EXPR":           "value --",
		"LOAD_BUILD_CLASS":     "-- bc",
		"LOAD_ASSERTION_ERROR": "-- value",
		"RETURN_VALUE":         "retval --",
		"IMPORT_STAR":          "from --",
		"SETUP_ANNOTATIONS":    "--",
		"STORE_NAME":           "v --",
		"DELETE_NAME":          "--",
		"UNPACK_SEQUENCE":      "seq -- values[oparg]",
		"UNPACK_EX":            "seq -- values[(oparg&0xff)+1+(oparg>>8)]",
		"STORE_ATTR":           "v owner --",
		"DELETE_ATTR":          "owner --",
		"STORE_GLOBAL":         "v --",
		"DELETE_GLOBAL":        "--",
		"LOAD_CONST":           "-- value",
		"LOAD_NAME":            "-- value",
		"LOAD_GLOBAL":          "-- value",
		"LOAD_ATTR":            "owner -- res",
		"IMPORT_NAME":          "level fromlist -- res",
		"IMPORT_FROM":          "from -- from res",

		"JUMP_FORWARD":         "--",
		"JUMP_ABSOLUTE":        "--",
		"JUMP_IF_FALSE_OR_POP": "cond -- | jump: cond -- cond",
		"JUMP_IF_TRUE_OR_POP":  "cond -- | jump: cond -- cond",
		"POP_JUMP_IF_FALSE":    "cond --",
		"POP_JUMP_IF_TRUE":     "cond --",

		"BUILD_TUPLE":  "values[oparg] -- tup:tuple",
		"BUILD_LIST":   "values[oparg] -- list:list",
		"BUILD_SET":    "values[oparg] -- set:set",
		"BUILD_MAP":    "values[oparg*2] -- map:dict",
		"BUILD_STRING": "pieces[oparg] -- str:str",
		"BUILD_SLICE":  "start stop step[oparg==3] -- slice",
		// NOTE: keys must be a tuple of oparg items (SystemError "bad
		// BUILD_CONST_KEY_MAP keys argument" otherwise); the format has no
		// tuple kind.
		"BUILD_CONST_KEY_MAP": "values[oparg] keys:tuple -- map:dict",
		// PyList_AsTuple refuses anything but a list with SystemError.
		"LIST_TO_TUPLE": "list:list -- tuple",
		// The container oparg slots down (after popping) is written with
		// PyList_Append, list_extend, PySet_Add, _PySet_Update,
		// PyDict_SetItem and PyDict_Update: list_extend writes unchecked,
		// the others answer the wrong type with SystemError.
		"LIST_APPEND": "list:list mid:nullable[oparg-1] v -- list mid[oparg-1]",
		"LIST_EXTEND": "list:list mid:nullable[oparg-1] iterable -- list mid[oparg-1]",
		"SET_ADD":     "set:set mid:nullable[oparg-1] v -- set mid[oparg-1]",
		"SET_UPDATE":  "set:set mid:nullable[oparg-1] iterable -- set mid[oparg-1]",
		"MAP_ADD":     "dict:dict mid:nullable[oparg-1] key value -- dict mid[oparg-1]",
		"DICT_UPDATE": "dict:dict mid:nullable[oparg-1] update -- dict mid[oparg-1]",
		// DICT_MERGE merges into the dict oparg slots down (SystemError if
		// it is not one) and, when the merge fails, names the callable two
		// slots below that dict in its message (_PyObject_FunctionStr on it:
		// it must not be NULL).
		"DICT_MERGE": "callable mid:nullable dict:dict mid2:nullable[oparg-1] update -- callable mid dict mid2[oparg-1]",

		"FORMAT_VALUE": "value fmt_spec:str[(oparg&4)>>2] -- result:str",

		// LOAD_METHOD leaves (method, self) when it finds a plain method and
		// (NULL, attribute) otherwise; CALL_METHOD tells them apart by the
		// NULL oparg+2 slots down.
		"LOAD_METHOD":   "obj -- meth:nullable self_or_callable",
		"CALL_METHOD":   "meth:nullable self_or_callable args[oparg] -- res",
		"CALL_FUNCTION": "callable args[oparg] -- res",
		// NOTE: kwnames is used as a tuple (of str, no longer than oparg)
		// without checking; the format has no tuple kind.
		"CALL_FUNCTION_KW": "callable args[oparg] kwnames:tuple -- res",
		// callargs and kwargs are checked and converted; func is named in
		// the error messages.
		"CALL_FUNCTION_EX": "func callargs kwargs[oparg&1] -- result",
		// The qualified name is on top, the code object below it, and below
		// them whichever of defaults, kwdefaults, annotations (3.10: a tuple
		// of name, value pairs) and closure the flags announce, the closure
		// nearest the code object. The code is used unchecked. kwdefaults is
		// read with PyDict_GetItemWithError when a call leaves a keyword-only
		// argument out, which answers a non-dict with SystemError.
		// NOTE: defaults and the closure are read as tuples unchecked, and
		// the qualname as a str (repr of the function formats it with %U);
		// the format has no tuple or str kind (make-function checks the
		// closure).
		"MAKE_FUNCTION": "defaults:tuple[oparg&1] kwdefaults:dict[(oparg>>1)&1] annotations:tuple+dict(2n)[(oparg>>2)&1] closure[(oparg>>3)&1] codeobj:code qualname:str -- func",

		"RAISE_VARARGS": "args[oparg] --",

		// LOAD_FAST raises UnboundLocalError on an unassigned local;
		// STORE_FAST and STORE_DEREF store whatever they pop (NULL only
		// makes the variable unassigned again, which the loads check).
		"LOAD_FAST":       "-- value",
		"STORE_FAST":      "value:nullable --",
		"DELETE_FAST":     "--",
		"LOAD_CLOSURE":    "-- cell:cell",
		"LOAD_DEREF":      "-- value",
		"LOAD_CLASSDEREF": "-- value",
		"STORE_DEREF":     "v:nullable --",
		"DELETE_DEREF":    "--",
	},
	Locals: map[string]string{
		"LOAD_FAST":       LocalLoad,
		"STORE_FAST":      LocalStore,
		"DELETE_FAST":     LocalDelete,
		"LOAD_CLOSURE":    LocalClosure,
		"LOAD_DEREF":      LocalDeref,
		"LOAD_CLASSDEREF": LocalDeref,
		"STORE_DEREF":     LocalDeref,
		"DELETE_DEREF":    LocalDeref,
	},
	Control: map[string]string{
		"BUILD_CONST_KEY_MAP": "const-key-map",
		"RETURN_VALUE":        "return",
		"RAISE_VARARGS":       "raise",
		"RERAISE":             "raise",
		"JUMP_FORWARD":        "jump",
		"JUMP_ABSOLUTE":       "jump",
		"MAKE_FUNCTION":       "make-function",
		"BUILD_TUPLE":         "tuple",
		"SETUP_FINALLY":       "setup-finally",
		"SETUP_WITH":          "setup-with",
		"SETUP_ASYNC_WITH":    "setup-with",
		"END_ASYNC_FOR":       "end-async-for",
		"POP_BLOCK":           "pop-block",
		"POP_EXCEPT":          "pop-except",
	},
	Args: map[string]string{
		"RAISE_VARARGS": "0..2: 0 (re-raise), 1 (raise exc) or 2 (raise exc from cause)",
		"BUILD_SLICE":   "2..3: 2 or 3 items",
		"FORMAT_VALUE":  "0..7: a conversion (0 none, 1 str, 2 repr, 3 ascii), plus 4 when a format spec is on the stack",
	},
}
