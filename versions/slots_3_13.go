package versions

// What CPython 3.13's instructions take and give (after Python/bytecodes.c
// of 3.13; the counts checked against dis.stack_effect by TestSlotTables,
// the doubtful kinds by running hand-made code on 3.13.0), as changes to
// 3.12's table. 3.13 moves the NULL of a call above the callable (callable
// self_or_null args), tests jumps on bools made by TO_BOOL, makes a function
// from its code alone and sets its parts with SET_FUNCTION_ATTRIBUTE, and
// has generators push their first value through RETURN_GENERATOR.
var slots3_13 = SlotTable{
	Base: &slots3_12,
	Stack: map[string]string{
		// YIELD_VALUE 1 suspends the frame inside a yield from or await:
		// close() and throw() then go to the value under the one yielded,
		// the receiver, which must be there (NULL crashes them).
		"YIELD_VALUE": "receiver[oparg&1] retval -- receiver[oparg&1] value",
		// RETURN_GENERATOR now counts the value the generator is resumed
		// with as its own push (-- res); the code starts empty.
		"<generator>":      "",
		"RETURN_GENERATOR": "-- res",

		// Gone in 3.13.
		"FORMAT_VALUE": "",
		"KW_NAMES":     "",
		// LOAD_CLOSURE is a pseudo-instruction, assembled as LOAD_FAST of
		// the cell, which pushes the cell the local holds.
		"LOAD_CLOSURE": "",

		// The NULL (or self) is above the callable from 3.13 on.
		"LOAD_GLOBAL":     "-- res null:null[oparg&1]",
		"LOAD_ATTR":       "owner -- attr self_or_null:nullable[oparg&1]",
		"LOAD_SUPER_ATTR": "global_super class self -- attr self_or_null:nullable[oparg&1]",
		"CALL":            "callable self_or_null:nullable args[oparg] -- res",
		// NOTE: kwnames must be a tuple of str no longer than the
		// arguments, read unchecked (a constant in CPython's code; a
		// longer one crashes); no kind says tuple.
		"CALL_KW":          "callable self_or_null:nullable args[oparg] kwnames:tuple -- res",
		"CALL_FUNCTION_EX": "func unused:nullable callargs kwargs:dict[oparg&1] -- result",
		// The callable (named in the error message) is now three below
		// the dict: callable NULL callargs dict … update.
		"DICT_MERGE": "callable mid:any[2] dict:dict mid2:any[oparg-1] update -- callable mid[2] dict mid2[oparg-1]",

		// The conditional jumps and UNARY_NOT take a bool (TO_BOOL,
		// COMPARE_OP with its bool bit, IS_OP, CONTAINS_OP make one) and
		// only compare it with True or False: anything else is not a crash
		// but a wrong branch and a leaked reference.
		"TO_BOOL":           "value -- res:bool",
		"UNARY_NOT":         "value:bool -- res:bool",
		"POP_JUMP_IF_FALSE": "cond:bool --",
		"POP_JUMP_IF_TRUE":  "cond:bool --",
		"IS_OP":             "left right -- b:bool",
		"CONTAINS_OP":       "left right -- b:bool",
		"CHECK_EXC_MATCH":   "left right -- left b:bool",

		// MAKE_FUNCTION takes only the code; the defaults, closure and the
		// rest are set one by one on the new function.
		"MAKE_FUNCTION": "codeobj:code -- func:function",
		// func must be a function (the attribute is written at a fixed
		// offset, unchecked), and the function keeps the value unchecked
		// and reads it as what its flag says: the pictures by argument.
		// The argument is one flag (the set-function-attribute rule).
		"SET_FUNCTION_ATTRIBUTE": "attr func:function -- func",
		// A call reads the defaults as a tuple (a generic function's
		// .defaults parameter holds one).
		"SET_FUNCTION_ATTRIBUTE defaults": "defaults:tuple func:function -- func",
		// A call reads the keyword-only defaults as a dict.
		"SET_FUNCTION_ATTRIBUTE kwdefaults": "kwdefaults:dict func:function -- func",
		// __annotations__ reads a tuple as (name, value) pairs, unchecked.
		"SET_FUNCTION_ATTRIBUTE annotations": "annotations:tuple+dict(2n) func:function -- func",
		// The closure is the tuple of cells, one per free variable (the
		// rule counts them).
		"SET_FUNCTION_ATTRIBUTE closure": "closure:tuple func:function -- func",

		"CONVERT_VALUE":    "value -- result:str",
		"FORMAT_SIMPLE":    "value -- res:str",
		"FORMAT_WITH_SPEC": "value fmt_spec:str -- res:str",
		"EXIT_INIT_CHECK":  "should_be_none --",

		// A for loop now ends END_FOR POP_TOP: END_FOR drops next, POP_TOP
		// the iterator.
		"END_FOR": "value --",
		// NOTE: at the end of its iterator FOR_ITER pops the iterator and
		// goes on past the two instructions at its target (CPython puts
		// END_FOR and POP_TOP there); the picture follows the compiler,
		// which has the target reached with iter and next. A target that
		// is not END_FOR POP_TOP is not modelled.
		"FOR_ITER": "iter:iter -- iter next",

		// Superinstructions over two locals: oparg>>4 first, oparg&15
		// second. The stores take NULL as STORE_FAST does (a value
		// LOAD_FAST_AND_CLEAR saved).
		"LOAD_FAST_LOAD_FAST":   "-- value1 value2",
		"STORE_FAST_LOAD_FAST":  "value1:nullable -- value2",
		"STORE_FAST_STORE_FAST": "value2:nullable value1:nullable --",
	},
	Locals: map[string]string{
		"LOAD_CLOSURE":          "",
		"LOAD_FAST_LOAD_FAST":   LocalPairLoad,
		"STORE_FAST_LOAD_FAST":  LocalPairStoreLoad,
		"STORE_FAST_STORE_FAST": LocalPairStore,
	},
	Control: map[string]string{
		// The names on top: no more than the arguments.
		"CALL_KW":          "call-kw",
		"KW_NAMES":         "",      // gone
		"YIELD_VALUE":      "yield", // its argument says yield from: the picture takes the receiver
		"FOR_ITER":         "skip END_FOR POP_TOP",
		"RETURN_GENERATOR": "make-generator",

		"SET_FUNCTION_ATTRIBUTE": "set-function-attribute",
	},
	Consts: map[string]string{
		"KW_NAMES": "", // CALL_KW takes the names from the stack
	},
	Args: map[string]string{
		"FORMAT_VALUE":     "",
		"CONVERT_VALUE":    "1..3: 1 (str), 2 (repr) or 3 (ascii)",
		"CALL_INTRINSIC_2": "1..5: one of the release's binary intrinsics (0 is the invalid one, which raises SystemError)",
	},
}
