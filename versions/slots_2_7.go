package versions

// What CPython 2.7's instructions take and give, read from its
// Python/ceval.c (the opcode cases, call_function, ext_do_call and the
// unwinding at fast_block_end) and checked by TestSlotTables against the
// stack effects of its compile.c (stack27.go). 2.7 has no dis.stack_effect;
// its compiler counts one effect per opcode for both paths, the larger
// (FOR_ITER 1, JUMP_IF_*_OR_POP 0), and a few counts are not what the
// interpreter does on either path: the tests list those (compilerCounts in
// slots_test.go). Written in full.
//
// The block stack. SETUP_LOOP, SETUP_EXCEPT and SETUP_FINALLY push a block
// whose level is the stack depth at the instruction; SETUP_WITH pushes a
// block of its own type (unwound like a finally block, but the exception is
// normalized) whose level is below the __enter__ result it leaves on top.
// POP_BLOCK pops the top block and drops every value above its level.
// There is no EXCEPT_HANDLER block and no POP_EXCEPT: the exception being
// handled stays in sys.exc_info until the frame ends.
//
// Unwinding (fast_block_end) runs for an exception (also a re-raise by
// END_FINALLY), RETURN_VALUE, BREAK_LOOP and CONTINUE_LOOP, with a reason
// (why) of WHY_EXCEPTION, WHY_RETURN (the return value kept aside),
// WHY_BREAK or WHY_CONTINUE (the target kept aside as an int). It looks at
// the top block:
//   - a loop block and WHY_CONTINUE: the block stays, control goes to the
//     target; nothing is pushed.
//   - otherwise the block is popped and the values above its level dropped;
//     then:
//   - a loop block and WHY_BREAK: control goes to the block's handler (the
//     end of the loop).
//   - a finally or with block, or an except block with WHY_EXCEPTION: for
//     an exception, traceback (None if there is none), value (None if there
//     is none) and type are pushed, type on top; except and with blocks
//     first normalize the exception (value an instance of type) and make it
//     sys.exc_info(), finally blocks leave it as raised. For WHY_RETURN and
//     WHY_CONTINUE the return value or the continue target (an int) is
//     pushed, then the why as an int; for WHY_BREAK only the why. Control
//     goes to the block's handler.
//   - an except block for anything but an exception is only popped.
//
// With no block left a return returns; an exception leaves the frame.
// The verifier keeps what return, break and continue push at a finally
// block as one unwind marker (KindUnwind).
var slots2_7 = SlotTable{
	// A function's frame (OPTIMIZED and NEWLOCALS) has no locals mapping:
	// the instructions that use it raise SystemError there (checked).
	Mapping: &LocalsMapping{Flags: "OPTIMIZED NEWLOCALS", Users: "LOAD_NAME STORE_NAME DELETE_NAME LOAD_LOCALS"},
	Stack: map[string]string{
		// CPython's comprehensions and generator expressions get the
		// iterator GET_ITER made as their parameter .0.
		"<.0>": "-- it:iter",
		// What an exception pushes at a handler (see above): traceback,
		// value, type on top.
		// NOTE: one entry serves the three blocks, and they differ: except
		// and with blocks get a normalized exception (val an instance of
		// type), a finally block the value as raised (a C function's
		// error arrives as its message string). val is written as a plain
		// object; no 2.7 instruction requires an exc.
		"<handler>": "-- tb val type:exctype",

		// NOTE: STOP_CODE is not a case of 2.7's ceval: it raises
		// SystemError (unknown opcode), which the pictures cannot refuse.
		"STOP_CODE":    "--",
		"NOP":          "--",
		"EXTENDED_ARG": "--",
		"POP_TOP":      "value --",
		// The rotations move pointers only; the duplications take new
		// references.
		"ROT_TWO":   "second:nullable top:nullable -- top second",
		"ROT_THREE": "third:nullable second:nullable top:nullable -- top third second",
		"ROT_FOUR":  "fourth:nullable third:nullable second:nullable top:nullable -- top fourth third second",
		"DUP_TOP":   "value -- value value",
		// NOTE: DUP_TOPX handles 2 and 3 only; any other argument is a
		// fatal error (invalid argument to DUP_TOPX, checked), which the
		// picture cannot refuse: an argument limit must.
		"DUP_TOPX": "values[oparg] -- values[oparg] values[oparg]",

		"UNARY_POSITIVE": "value -- res",
		"UNARY_NEGATIVE": "value -- res",
		"UNARY_NOT":      "value -- res",
		"UNARY_CONVERT":  "value -- res",
		"UNARY_INVERT":   "value -- res",

		"BINARY_POWER":         "lhs rhs -- res",
		"BINARY_MULTIPLY":      "lhs rhs -- res",
		"BINARY_DIVIDE":        "lhs rhs -- res",
		"BINARY_MODULO":        "lhs rhs -- res",
		"BINARY_ADD":           "lhs rhs -- res",
		"BINARY_SUBTRACT":      "lhs rhs -- res",
		"BINARY_SUBSCR":        "container sub -- res",
		"BINARY_FLOOR_DIVIDE":  "lhs rhs -- res",
		"BINARY_TRUE_DIVIDE":   "lhs rhs -- res",
		"INPLACE_FLOOR_DIVIDE": "lhs rhs -- res",
		"INPLACE_TRUE_DIVIDE":  "lhs rhs -- res",
		"INPLACE_ADD":          "lhs rhs -- res",
		"INPLACE_SUBTRACT":     "lhs rhs -- res",
		"INPLACE_MULTIPLY":     "lhs rhs -- res",
		"INPLACE_DIVIDE":       "lhs rhs -- res",
		"INPLACE_MODULO":       "lhs rhs -- res",
		"BINARY_LSHIFT":        "lhs rhs -- res",
		"BINARY_RSHIFT":        "lhs rhs -- res",
		"BINARY_AND":           "lhs rhs -- res",
		"BINARY_XOR":           "lhs rhs -- res",
		"BINARY_OR":            "lhs rhs -- res",
		"INPLACE_POWER":        "lhs rhs -- res",
		"INPLACE_LSHIFT":       "lhs rhs -- res",
		"INPLACE_RSHIFT":       "lhs rhs -- res",
		"INPLACE_AND":          "lhs rhs -- res",
		"INPLACE_XOR":          "lhs rhs -- res",
		"INPLACE_OR":           "lhs rhs -- res",

		// SLICE+n is obj[start:stop] with start present for 1 and 3, stop
		// for 2 and 3; STORE_SLICE+n stores the value below obj, and
		// DELETE_SLICE+n deletes.
		"SLICE+0":        "obj -- res",
		"SLICE+1":        "obj start -- res",
		"SLICE+2":        "obj stop -- res",
		"SLICE+3":        "obj start stop -- res",
		"STORE_SLICE+0":  "value obj --",
		"STORE_SLICE+1":  "value obj start --",
		"STORE_SLICE+2":  "value obj stop --",
		"STORE_SLICE+3":  "value obj start stop --",
		"DELETE_SLICE+0": "obj --",
		"DELETE_SLICE+1": "obj start --",
		"DELETE_SLICE+2": "obj stop --",
		"DELETE_SLICE+3": "obj start stop --",
		"STORE_SUBSCR":   "value container sub --",
		"DELETE_SUBSCR":  "container sub --",
		// dict[key] = value for the dict BUILD_MAP made, key on top; a
		// non-dict gets SystemError (PyDict_SetItem, checked).
		"STORE_MAP": "dict:dict value key -- dict",

		"GET_ITER": "iterable -- iter:iter",
		// FOR_ITER calls tp_iternext unchecked; at the end of the iterator
		// it pops it and jumps.
		"FOR_ITER": "iter:iter -- iter next | jump: iter:iter --",

		"PRINT_EXPR":    "value --",
		"PRINT_ITEM":    "item --",
		"PRINT_NEWLINE": "--",
		// The stream is on top, the item below it (None prints to
		// sys.stdout).
		"PRINT_ITEM_TO":    "item stream --",
		"PRINT_NEWLINE_TO": "stream --",

		// f_locals (SystemError without a locals dict).
		"LOAD_LOCALS":  "-- locals",
		"RETURN_VALUE": "retval --",
		"IMPORT_STAR":  "module --",
		// exec code in globals, locals: locals on top.
		"EXEC_STMT": "code globals locals --",
		// The value sent in is pushed when the generator resumes.
		"YIELD_VALUE": "value -- sent",
		// The class name, the tuple of bases and the dict the class body
		// returned, dict on top; the metaclass checks their kinds.
		"BUILD_CLASS": "name bases methods -- cls",

		// The block controls (see the comment at the top).
		"SETUP_LOOP": "--",
		// The jump part is what reaches the handler: the three values of
		// <handler> at the block's level. The verifier enters the handler
		// from the instructions that can raise inside the block, with
		// <handler>, not along this path. 2.7's compiler counts 0 and adds
		// the three at the target.
		"SETUP_EXCEPT":  "-- | jump: -- tb val type:exctype",
		"SETUP_FINALLY": "-- | jump: -- tb val type:exctype",
		// mgr is replaced by its __exit__, __enter__ is called, the block
		// is pushed at the level above __exit__, then __enter__'s result
		// is pushed: the level is below the value left on top. The
		// handler gets __exit__ and the three values. 2.7's compiler
		// counts 4 on both paths.
		"SETUP_WITH": "mgr -- exit res | jump: mgr -- exit tb val type:exctype",
		"POP_BLOCK":  "--",
		// BREAK_LOOP unwinds with WHY_BREAK; CONTINUE_LOOP with
		// WHY_CONTINUE and its argument as the target.
		"BREAK_LOOP":    "--",
		"CONTINUE_LOOP": "--",
		// END_FINALLY pops the top value and looks at it:
		//   - None: the finally block was entered normally; control goes on.
		//   - an int: a why pushed by unwinding. For WHY_RETURN and
		//     WHY_CONTINUE the value below it (the return value, the
		//     continue target) is popped too; unwinding resumes with that
		//     why (return goes on to the next finally block or returns,
		//     break to the loop block, continue to its target). Any int is
		//     taken as a why unchecked.
		//   - an exception class (or a str): the value and traceback below
		//     it are popped and the exception raised again. This is the
		//     case pictured, the compiler's count (-3); WHY_RETURN and
		//     WHY_CONTINUE pop 2, None and the other whys 1.
		//   - anything else: SystemError ('finally' pops bad exception).
		"END_FINALLY": "tb val type:exctype --",
		// WITH_CLEANUP runs where a with block's finally handler starts,
		// __exit__ below what entered it, and removes __exit__ from the
		// stack leaving the rest in order. By the top value:
		//   - None: exit None -- None, after __exit__(None, None, None).
		//   - an int, a why: __exit__ is below the why, or below the return
		//     value or continue target for WHY_RETURN and WHY_CONTINUE;
		//     __exit__(None, None, None) is called; -1.
		//   - anything else, an exception's type with its value and
		//     traceback below: exit tb val type -- tb val type, after
		//     __exit__(type, val, tb); if that returns true, the three are
		//     replaced by None (-3), so END_FINALLY goes on instead of
		//     raising.
		// Pictured is the case of a value without one below it (-1, the
		// compiler's count).
		"WITH_CLEANUP": "exit status -- status",

		"STORE_NAME":      "v --",
		"DELETE_NAME":     "--",
		"UNPACK_SEQUENCE": "seq -- values[oparg]",
		"STORE_ATTR":      "v owner --",
		"DELETE_ATTR":     "owner --",
		"STORE_GLOBAL":    "v --",
		"DELETE_GLOBAL":   "--",
		"LOAD_CONST":      "-- value",
		"LOAD_NAME":       "-- value",
		"BUILD_TUPLE":     "values[oparg] -- tup:tuple",
		"BUILD_LIST":      "values[oparg] -- list:list",
		"BUILD_SET":       "values[oparg] -- set:set",
		// The argument is a size hint; STORE_MAP fills the dict.
		"BUILD_MAP":            "-- map:dict",
		"LOAD_ATTR":            "owner -- res",
		"COMPARE_OP":           "left right -- res",
		"IMPORT_NAME":          "level fromlist -- module",
		"IMPORT_FROM":          "module -- module res",
		"JUMP_FORWARD":         "--",
		"JUMP_ABSOLUTE":        "--",
		"JUMP_IF_FALSE_OR_POP": "cond -- | jump: cond -- cond",
		"JUMP_IF_TRUE_OR_POP":  "cond -- | jump: cond -- cond",
		"POP_JUMP_IF_FALSE":    "cond --",
		"POP_JUMP_IF_TRUE":     "cond --",
		"LOAD_GLOBAL":          "-- value",
		"LOAD_FAST":            "-- value",
		// SETLOCAL drops the old value with Py_XDECREF.
		"STORE_FAST":   "value:nullable --",
		"DELETE_FAST":  "--",
		"LOAD_CLOSURE": "-- cell:cell",
		"LOAD_DEREF":   "-- value",
		"STORE_DEREF":  "v --",
		// 0 re-raises sys.exc_info(), 1 raises type, 2 type and value, 3
		// adds a traceback (TypeError unless a traceback or None); any
		// other argument pops nothing and raises SystemError.
		"RAISE_VARARGS": "args[oparg] --",
		// The callable, the positional arguments (the low byte), then
		// key, value pairs (the next byte); the _VAR forms add the
		// sequence of *args, the _KW forms the mapping of **kwargs above
		// it. The interpreter reads only these two bytes of the argument.
		"CALL_FUNCTION":        "callable args[oparg&0xff] kwargs[2*((oparg>>8)&0xff)] -- res",
		"CALL_FUNCTION_VAR":    "callable args[oparg&0xff] kwargs[2*((oparg>>8)&0xff)] varargs -- res",
		"CALL_FUNCTION_KW":     "callable args[oparg&0xff] kwargs[2*((oparg>>8)&0xff)] kwdict -- res",
		"CALL_FUNCTION_VAR_KW": "callable args[oparg&0xff] kwargs[2*((oparg>>8)&0xff)] varargs kwdict -- res",
		// The code object on top (PyFunction_New casts it unchecked),
		// oparg default values below it, collected into a tuple.
		"MAKE_FUNCTION": "defaults[oparg] code:code -- func",
		// The code object on top, the closure below it (a tuple of cells:
		// anything but a tuple or None is a SystemError), the defaults
		// below that.
		"MAKE_CLOSURE": "defaults[oparg] closure code:code -- func",
		"BUILD_SLICE":  "start stop step[oparg==3] -- slice",
		// The target is popped first, then found oparg down; list.append,
		// set.add and dict's setitem answer another kind with SystemError
		// (checked). MAP_ADD takes the key on top, the value below it.
		"LIST_APPEND": "list:list mid:nullable[oparg-1] v -- list mid[oparg-1]",
		"SET_ADD":     "set:set mid:nullable[oparg-1] v -- set mid[oparg-1]",
		"MAP_ADD":     "dict:dict mid:nullable[oparg-1] value key -- dict mid[oparg-1]",
	},
	Locals: map[string]string{
		"LOAD_FAST":    LocalLoad,
		"STORE_FAST":   LocalStore,
		"DELETE_FAST":  LocalDelete,
		"LOAD_CLOSURE": LocalClosure,
		"LOAD_DEREF":   LocalDeref,
		"STORE_DEREF":  LocalDeref,
	},
	Control: map[string]string{
		// A return inside a finally or with block first runs it (see the
		// comment at the top).
		"RETURN_VALUE":  "return-unwind",
		"RAISE_VARARGS": "raise",
		"JUMP_FORWARD":  "jump",
		"JUMP_ABSOLUTE": "jump",
		// MAKE_FUNCTION takes the code object on top and makes no closure;
		// MAKE_CLOSURE takes the code object on top and the closure tuple
		// right below it.
		"MAKE_FUNCTION": "make-function",
		"MAKE_CLOSURE":  "make-function",
		"BUILD_TUPLE":   "tuple",
		"SETUP_LOOP":    "setup-loop",
		"SETUP_EXCEPT":  "setup-except",
		"SETUP_FINALLY": "setup-finally",
		"SETUP_WITH":    "setup-with",
		"POP_BLOCK":     "pop-block-unwind",
		"BREAK_LOOP":    "break",
		"CONTINUE_LOOP": "continue",
		"END_FINALLY":   "end-finally",
		"WITH_CLEANUP":  "with-cleanup",
	},
	Args: map[string]string{
		"RAISE_VARARGS": "0..3: 0 (re-raise), 1 (raise exc), 2 (raise exc, value) or 3 (raise exc, value, traceback)",
		"BUILD_SLICE":   "2..3: 2 or 3 items",
		"DUP_TOPX":      "2..3: 2 or 3 values (the interpreter aborts on any other count)",
	},
}
