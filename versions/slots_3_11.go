package versions

// What CPython 3.11's instructions take and give (after Python/ceval.c of
// 3.11; the counts checked against dis.stack_effect by TestSlotTables, the
// doubtful kinds by running hand-made code on 3.11.7), as changes to 3.12's
// table. 3.11 keeps the NULL of a call below the callable, as 3.12 does, but
// splits the call into PRECALL and CALL and names methods with LOAD_METHOD;
// its LOAD_FAST checks for an unassigned local.
var slots3_11 = SlotTable{
	Base: &slots3_12,
	// 3.11 calls a code object flagged OPTIMIZED without a locals mapping,
	// whatever NEWLOCALS says.
	Mapping: &LocalsMapping{Flags: "OPTIMIZED", Users: "LOAD_NAME STORE_NAME DELETE_NAME SETUP_ANNOTATIONS LOAD_CLASSDEREF"},
	Stack: map[string]string{
		// No generic functions yet: the defaults are always built here.
		"MAKE_FUNCTION": "defaults:tuple[oparg&1] kwdefaults:dict[(oparg>>1)&1] annotations:tuple+dict(2n)[(oparg>>2)&1] closure[(oparg>>3)&1] codeobj:code -- func",
		// Gone in 3.12 or not yet there in 3.11.
		"BINARY_SLICE":              "",
		"CALL_INTRINSIC_1":          "",
		"CALL_INTRINSIC_2":          "",
		"CLEANUP_THROW":             "",
		"END_FOR":                   "",
		"END_SEND":                  "",
		"INTERPRETER_EXIT":          "",
		"LOAD_FAST_AND_CLEAR":       "",
		"LOAD_FAST_CHECK":           "",
		"LOAD_FROM_DICT_OR_DEREF":   "",
		"LOAD_FROM_DICT_OR_GLOBALS": "",
		"LOAD_LOCALS":               "",
		"LOAD_SUPER_ATTR":           "",
		"POP_JUMP_IF_FALSE":         "",
		"POP_JUMP_IF_TRUE":          "",
		"POP_JUMP_IF_NONE":          "",
		"POP_JUMP_IF_NOT_NONE":      "",
		"RESERVED":                  "",
		"RETURN_CONST":              "",
		"STORE_SLICE":               "",

		"UNARY_POSITIVE": "value -- res",
		"PRINT_EXPR":     "value --",
		"IMPORT_STAR":    "from --",
		// PyList_AsTuple raises SystemError when not given a list.
		"LIST_TO_TUPLE":  "list:list -- tup",
		"ASYNC_GEN_WRAP": "v -- w",
		// NOTE: excs is a list (the except* blocks' results) read
		// unchecked; val is an exception or None (nothing to re-raise),
		// written exc because the compiler tests it against None before
		// RERAISE, which a picture cannot follow.
		"PREP_RERAISE_STAR": "orig excs:list -- val:exc",

		// A plain attribute; methods come from LOAD_METHOD.
		"LOAD_ATTR": "owner -- res",
		// meth self, or NULL meth when the attribute is not a method.
		"LOAD_METHOD": "owner -- meth:nullable self_or_attr",
		// PRECALL reads the slot below the callable (NULL or not) and the
		// callable, and may unpack a bound method in place; CALL makes the
		// call. NOTE: the arguments stay on the stack until CALL, but the
		// compiler (and dis.stack_effect) counts them popped by PRECALL;
		// the pictures follow it, so PRECALL checks all the call's slots
		// and leaves the two CALL pops. Anything put between PRECALL and
		// its CALL is not modelled (the compiler never does it), nor a
		// CALL whose argument differs from its PRECALL's.
		"PRECALL": "method:nullable callable args[oparg] -- method callable",
		"CALL":    "method:nullable callable -- res",
		// kwargs that is not a dict is copied into one first.
		"CALL_FUNCTION_EX": "null:nullable func callargs kwargs[oparg&1] -- result",

		// At its end FOR_ITER pops the iterator and jumps to its target
		// itself (no END_FOR to skip, as from 3.12).
		"FOR_ITER": "iter:iter -- iter next | jump: iter:iter --",
		// PyIter_Send checks the receiver; at its end SEND replaces it
		// with the result and jumps.
		"SEND": "receiver v -- receiver retval | jump: receiver v -- retval",

		"JUMP_IF_FALSE_OR_POP":          "cond -- | jump: cond -- cond",
		"JUMP_IF_TRUE_OR_POP":           "cond -- | jump: cond -- cond",
		"POP_JUMP_FORWARD_IF_FALSE":     "cond --",
		"POP_JUMP_FORWARD_IF_TRUE":      "cond --",
		"POP_JUMP_BACKWARD_IF_FALSE":    "cond --",
		"POP_JUMP_BACKWARD_IF_TRUE":     "cond --",
		"POP_JUMP_FORWARD_IF_NONE":      "value --",
		"POP_JUMP_FORWARD_IF_NOT_NONE":  "value --",
		"POP_JUMP_BACKWARD_IF_NONE":     "value --",
		"POP_JUMP_BACKWARD_IF_NOT_NONE": "value --",

		// The class body's mapping first, then the cell, read unchecked.
		"LOAD_CLASSDEREF": "-- value",
	},
	Locals: map[string]string{
		// 3.11's LOAD_FAST raises UnboundLocalError on an unassigned local.
		"LOAD_FAST":               LocalLoad,
		"LOAD_FAST_CHECK":         "",
		"LOAD_FAST_AND_CLEAR":     "",
		"LOAD_FROM_DICT_OR_DEREF": "",
		"LOAD_CLASSDEREF":         LocalDeref,
	},
	Control: map[string]string{
		// KW_NAMES names the keyword arguments of the PRECALL after it.
		"KW_NAMES": "kw-names PRECALL",
		"FOR_ITER": "",
		// CALL finishes the call PRECALL prepared, with the same count.
		"CALL":    "after PRECALL",
		"PRECALL": "before CALL",

		"RETURN_CONST":     "",
		"INTERPRETER_EXIT": "",
	},
	Args: map[string]string{
		"CALL_INTRINSIC_1": "",
		"CALL_INTRINSIC_2": "",
	},
}
