package versions

// What CPython 3.12's instructions take and give (Python/bytecodes.c of
// 3.12, checked against dis.stack_effect by TestSlotTables). Written in
// full: the tables of 3.11 and 3.13 are stated as changes to this one.
var slots3_12 = SlotTable{
	// A code object flagged OPTIMIZED is called without a locals mapping:
	// the instructions that use it raise SystemError there (checked on
	// 3.12–3.14).
	Mapping: &LocalsMapping{Flags: "OPTIMIZED", Users: "LOAD_NAME STORE_NAME DELETE_NAME SETUP_ANNOTATIONS LOAD_LOCALS"},
	Stack: map[string]string{
		// CPython's comprehensions and generator expressions get the
		// iterator GET_ITER made as their parameter .0.
		"<.0>": "-- it:iter",
		// A generic function's (PEP 695) parameters get the defaults tuple
		// as .defaults, which MAKE_FUNCTION keeps unchecked.
		"<.defaults>":   "-- defaults:tuple",
		"<.kwdefaults>": "-- kwdefaults:dict",
		// A generic class keeps its type parameters in the cell
		// .type_params, which INTRINSIC_SUBSCRIPT_GENERIC reads as a tuple.
		"<.type_params>": "-- type_params:tuple",
		"<handler>":      "-- exc:exc",
		"<lasti>":        "-- lasti:lasti exc:exc",

		"CACHE":            "--",
		"NOP":              "--",
		"RESERVED":         "--",
		"EXTENDED_ARG":     "--",
		"RESUME":           "--",
		"POP_TOP":          "value --",
		"PUSH_NULL":        "-- null:null",
		"INTERPRETER_EXIT": "retval --",
		// END_FOR only drops its two values; FOR_ITER's exhaustion skips it.
		"END_FOR":         "iter value --",
		"END_SEND":        "receiver value -- value",
		"UNARY_NEGATIVE":  "value -- res",
		"UNARY_NOT":       "value -- res",
		"UNARY_INVERT":    "value -- res",
		"BINARY_SUBSCR":   "container sub -- res",
		"BINARY_SLICE":    "container start stop -- res",
		"STORE_SLICE":     "v container start stop --",
		"GET_LEN":         "obj -- obj len",
		"MATCH_MAPPING":   "subject -- subject res",
		"MATCH_SEQUENCE":  "subject -- subject res",
		"MATCH_KEYS":      "subject keys:tuple -- subject keys values",
		"PUSH_EXC_INFO":   "new_exc:exc -- prev_exc:excvalue new_exc",
		"CHECK_EXC_MATCH": "left right -- left b",
		// NOTE: rest is the unmatched part, an exception or None, written
		// exc because the next except* clause's CHECK_EG_MATCH takes it.
		"CHECK_EG_MATCH":    "exc_value:exc match_type -- rest:exc match",
		"WITH_EXCEPT_START": "exit_func lasti:lasti prev_exc val:exc -- exit_func lasti prev_exc val res",
		"GET_AITER":         "obj -- aiter",
		// What GET_ANEXT, GET_AWAITABLE and GET_YIELD_FROM_ITER leave
		// can be a coroutine (an __anext__ or __await__ written with async
		// def; a coroutine passing through yield from in code flagged
		// CO_COROUTINE or CO_ITERABLE_COROUTINE), which has no tp_iternext:
		// FOR_ITER on it crashes. They are plain objects; SEND, which takes
		// them, checks with PyIter_Check.
		"GET_ANEXT":            "aiter -- aiter awaitable",
		"BEFORE_ASYNC_WITH":    "mgr -- exit res",
		"BEFORE_WITH":          "mgr -- exit res",
		"END_ASYNC_FOR":        "awaitable exc:exc --",
		"CLEANUP_THROW":        "sub_iter last_sent_val exc_value:exc -- none value",
		"STORE_SUBSCR":         "v container sub --",
		"DELETE_SUBSCR":        "container sub --",
		"GET_ITER":             "iterable -- iter:iter",
		"GET_YIELD_FROM_ITER":  "iterable -- iter",
		"LOAD_BUILD_CLASS":     "-- bc",
		"LOAD_ASSERTION_ERROR": "-- value",
		"RETURN_GENERATOR":     "--",
		"RETURN_VALUE":         "retval --",
		"SETUP_ANNOTATIONS":    "--",
		"LOAD_LOCALS":          "-- locals",
		"POP_EXCEPT":           "exc_value:excvalue --",
		"STORE_NAME":           "v --",
		"DELETE_NAME":          "--",
		"UNPACK_SEQUENCE":      "seq -- values[oparg]",
		// NOTE: at the end of its iterator FOR_ITER pops the iterator and
		// goes on past the instruction at its target (CPython puts END_FOR
		// there); the picture follows the compiler, which has the target
		// reached with iter and next and END_FOR popping both. A target
		// that is not END_FOR is not modelled.
		"FOR_ITER":                   "iter:iter -- iter next",
		"UNPACK_EX":                  "seq -- values[(oparg&0xff)+1+(oparg>>8)]",
		"STORE_ATTR":                 "v owner --",
		"DELETE_ATTR":                "owner --",
		"STORE_GLOBAL":               "v --",
		"DELETE_GLOBAL":              "--",
		"SWAP":                       "bottom:any mid:any[oparg-2] top:any -- top mid[oparg-2] bottom",
		"COPY":                       "bottom mid:any[oparg-1] -- bottom mid[oparg-1] bottom",
		"LOAD_CONST":                 "-- value",
		"LOAD_NAME":                  "-- value",
		"BUILD_TUPLE":                "values[oparg] -- tup:tuple",
		"BUILD_LIST":                 "values[oparg] -- list:list",
		"BUILD_SET":                  "values[oparg] -- set:set",
		"BUILD_MAP":                  "values[oparg*2] -- map:dict",
		"BUILD_CONST_KEY_MAP":        "values[oparg] keys:tuple -- map:dict",
		"BUILD_STRING":               "pieces[oparg] -- str:str",
		"BUILD_SLICE":                "start stop step[oparg==3] -- slice",
		"LOAD_ATTR":                  "owner -- meth:nullable[oparg&1] self_or_attr",
		"LOAD_SUPER_ATTR":            "global_super class self -- meth:nullable[oparg&1] self_or_attr",
		"LOAD_GLOBAL":                "-- null:null[oparg&1] value",
		"COMPARE_OP":                 "left right -- res",
		"IS_OP":                      "left right -- b",
		"CONTAINS_OP":                "left right -- b",
		"BINARY_OP":                  "lhs rhs -- res",
		"IMPORT_NAME":                "level fromlist -- res",
		"IMPORT_FROM":                "from -- from res",
		"JUMP_FORWARD":               "--",
		"JUMP_BACKWARD":              "--",
		"JUMP_BACKWARD_NO_INTERRUPT": "--",
		"POP_JUMP_IF_FALSE":          "cond --",
		"POP_JUMP_IF_TRUE":           "cond --",
		"POP_JUMP_IF_NONE":           "value --",
		"POP_JUMP_IF_NOT_NONE":       "value --",
		"RERAISE":                    "lasti:lasti[oparg>0] values[oparg-(oparg>0)] exc:exc -- lasti[oparg>0] values[oparg-(oparg>0)]",
		"RETURN_CONST":               "--",
		"SEND":                       "receiver v -- receiver retval",
		"YIELD_VALUE":                "retval -- value",
		"LOAD_FAST":                  "-- value",
		"LOAD_FAST_CHECK":            "-- value",
		"LOAD_FAST_AND_CLEAR":        "-- value",
		"STORE_FAST":                 "value:nullable --",
		"DELETE_FAST":                "--",
		"MAKE_CELL":                  "--",
		"LOAD_CLOSURE":               "-- cell:cell",
		"LOAD_DEREF":                 "-- value",
		"LOAD_FROM_DICT_OR_DEREF":    "mapping -- value",
		"LOAD_FROM_DICT_OR_GLOBALS":  "mapping -- value",
		"STORE_DEREF":                "v --",
		"DELETE_DEREF":               "--",
		"COPY_FREE_VARS":             "--",
		"RAISE_VARARGS":              "args[oparg] --",
		"GET_AWAITABLE":              "iterable -- iter",
		// Defaults must be a tuple: a call that needs them reads it
		// unchecked. 3.12's generic functions (PEP 695) load them from the
		// parameter .defaults, which holds a tuple (<.defaults>).
		// Keyword defaults that are not a dict do not crash.
		"MAKE_FUNCTION": "defaults:tuple[oparg&1] kwdefaults:dict[(oparg>>1)&1] annotations:tuple+dict(2n)[(oparg>>2)&1] closure[(oparg>>3)&1] codeobj:code -- func:function",
		// kwargs is used as a dict unchecked (DICT_MERGE or BUILD_MAP made it).
		"CALL_FUNCTION_EX": "null:nullable func callargs kwargs:dict[oparg&1] -- result",
		"CALL":             "method:nullable callable args[oparg] -- res",
		// NOTE: the names, a constant, must be a tuple of str no longer
		// than the next call's arguments: CALL reads it unchecked and a
		// longer one crashes. Constants and arguments are beyond a picture.
		"KW_NAMES": "--",
		// What an intrinsic takes and gives depends on its argument: the
		// entries keyed by one argument below say it where the interpreter
		// reads its operands unchecked or the result has a kind.
		"CALL_INTRINSIC_1": "value -- res",
		// A generator's last handler turns a StopIteration into a
		// RuntimeError and re-raises what it gives.
		"CALL_INTRINSIC_1 INTRINSIC_STOPITERATION_ERROR": "exc:exc -- res:exc",
		"CALL_INTRINSIC_1 INTRINSIC_LIST_TO_TUPLE":       "list:list -- tuple:tuple",
		// A type parameter's name is formatted as a str unchecked (repr).
		"CALL_INTRINSIC_1 INTRINSIC_TYPEVAR":      "name:str? -- typevar",
		"CALL_INTRINSIC_1 INTRINSIC_PARAMSPEC":    "name:str? -- paramspec",
		"CALL_INTRINSIC_1 INTRINSIC_TYPEVARTUPLE": "name:str? -- typevartuple",
		// Generic[*params] of a generic class: the tuple is unpacked unchecked.
		"CALL_INTRINSIC_1 INTRINSIC_SUBSCRIPT_GENERIC": "params:tuple -- generic",
		// A type alias is made of (name, type_params, compute_value), read
		// out of the tuple by index.
		"CALL_INTRINSIC_1 INTRINSIC_TYPEALIAS": "args:tuple(3) -- alias",
		"CALL_INTRINSIC_2":                     "value2 value1 -- res",
		// except*: the exceptions raised in the clauses, a list read
		// unchecked; the result is an exception or None, written exc
		// because the compiler tests it against None before RERAISE.
		"CALL_INTRINSIC_2 INTRINSIC_PREP_RERAISE_STAR":        "orig excs:list -- res:exc",
		"CALL_INTRINSIC_2 INTRINSIC_TYPEVAR_WITH_BOUND":       "name:str? bound -- typevar",
		"CALL_INTRINSIC_2 INTRINSIC_TYPEVAR_WITH_CONSTRAINTS": "name:str? constraints -- typevar",
		// A generic function gets its type parameters: the function (which
		// MAKE_FUNCTION made) is written into unchecked.
		"CALL_INTRINSIC_2 INTRINSIC_SET_FUNCTION_TYPE_PARAMS": "func:function type_params:tuple? -- func",
		"LIST_APPEND": "list:list mid:any[oparg-1] v -- list mid[oparg-1]",
		"SET_ADD":     "set:set mid:any[oparg-1] v -- set mid[oparg-1]",
		"MAP_ADD":     "dict:dict mid:any[oparg-1] key value -- dict mid[oparg-1]",
		"LIST_EXTEND": "list:list mid:any[oparg-1] iterable -- list mid[oparg-1]",
		"SET_UPDATE":  "set:set mid:any[oparg-1] iterable -- set mid[oparg-1]",
		"DICT_UPDATE": "dict:dict mid:any[oparg-1] update -- dict mid[oparg-1]",
		// The dict is oparg below update, and the callable two below the
		// dict (NULL callable callargs dict … update): the error path
		// names it, and crashes on a NULL or a stack too short for it.
		"DICT_MERGE":   "callable mid:any dict:dict mid2:any[oparg-1] update -- callable mid dict mid2[oparg-1]",
		"FORMAT_VALUE": "value fmt_spec:str[(oparg&4)>>2] -- result:str",
		"MATCH_CLASS":  "subject type names:tuple -- attrs",
	},
	Locals: map[string]string{
		"LOAD_FAST":               LocalLoadUnchecked,
		"LOAD_FAST_CHECK":         LocalLoad,
		"LOAD_FAST_AND_CLEAR":     LocalLoadClear,
		"STORE_FAST":              LocalStore,
		"DELETE_FAST":             LocalDelete,
		"MAKE_CELL":               LocalMakeCell,
		"LOAD_CLOSURE":            LocalClosure,
		"LOAD_DEREF":              LocalDeref,
		"LOAD_FROM_DICT_OR_DEREF": LocalDeref,
		"STORE_DEREF":             LocalDeref,
		"DELETE_DEREF":            LocalDeref,
		"COPY_FREE_VARS":          LocalCopyFree,
	},
	Control: map[string]string{
		// KW_NAMES names the keyword arguments of the CALL after it: no
		// more names than arguments.
		"KW_NAMES":            "kw-names CALL",
		"YIELD_VALUE":         "yield",
		"BUILD_CONST_KEY_MAP": "const-key-map",
		// At the end of the iterator FOR_ITER pops it and goes past the
		// END_FOR at its target, which must be there.
		"FOR_ITER": "skip END_FOR",
		// The generator is resumed with the value sent in on its stack.
		"RETURN_GENERATOR": "return-generator",

		"RETURN_VALUE":               "return",
		"RETURN_CONST":               "return",
		"INTERPRETER_EXIT":           "return",
		"RAISE_VARARGS":              "raise",
		"RERAISE":                    "raise",
		"JUMP_FORWARD":               "jump",
		"JUMP_BACKWARD":              "jump",
		"JUMP_BACKWARD_NO_INTERRUPT": "jump",
		"MAKE_FUNCTION":              "make-function",
		"BUILD_TUPLE":                "tuple",
	},
	Consts: map[string]string{
		// The names of a call's keyword arguments; CALL reads them as a
		// tuple without looking (SystemError on anything else).
		"KW_NAMES": "tuple",
	},
	Args: map[string]string{
		"RAISE_VARARGS":    "0..2: 0 (re-raise), 1 (raise exc) or 2 (raise exc from cause)",
		"BUILD_SLICE":      "2..3: 2 or 3 items",
		"FORMAT_VALUE":     "0..7: a conversion (0 none, 1 str, 2 repr, 3 ascii), plus 4 when a format spec is on the stack",
		"COPY":             "1..1073741824: a depth of at least 1",
		"SWAP":             "2..1073741824: a depth of at least 2",
		"CALL_INTRINSIC_1": "1..11: one of the release's unary intrinsics (0 is the invalid one, which raises SystemError)",
		"CALL_INTRINSIC_2": "1..4: one of the release's binary intrinsics (0 is the invalid one, which raises SystemError)",
	},
}
