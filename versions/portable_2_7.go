package versions

// How 2.7 spells the portable instructions: the starting point. Calls pass
// keyword arguments as name and value pairs and count both kinds in
// CALL_FUNCTION's argument (positional | keyword << 8); MAKE_FUNCTION takes
// its defaults from the stack and MAKE_CLOSURE a tuple of cells too;
// division is made Python 3's true division (BINARY_TRUE_DIVIDE), so that a
// portable program means the same everywhere.
var portable2_7 = PortableTable{
	Forms: withForms(binaryForms(map[string]string{
		"+": "ADD", "-": "SUBTRACT", "*": "MULTIPLY", "/": "TRUE_DIVIDE", "//": "FLOOR_DIVIDE",
		"%": "MODULO", "**": "POWER", "<<": "LSHIFT", ">>": "RSHIFT", "&": "AND", "|": "OR", "^": "XOR",
	}), map[string]string{
		"binary []":     "BINARY_SUBSCR",
		"prologue":      "",
		"jump forward":  "JUMP_FORWARD $1",
		"jump backward": "JUMP_ABSOLUTE $1",
		"jump_if_false": "POP_JUMP_IF_FALSE $1",
		"jump_if_true":  "POP_JUMP_IF_TRUE $1",
		"callable":      "",
		"call":          "CALL_FUNCTION $1",
		"kwarg":         "LOAD_CONST $name",
		"call_kw":       "CALL_FUNCTION $packed",
		"load_method":   "LOAD_ATTR $1",
		"call_method":   "CALL_FUNCTION $1",
		"make_function": `
			?closure LOAD_CLOSURE $closure...
			?closure BUILD_TUPLE $nclosure
			LOAD_CONST $1
			?!closure MAKE_FUNCTION $defaults
			?closure MAKE_CLOSURE $defaults`,
		"compare":      "COMPARE_OP $1",
		"not":          "UNARY_NOT",
		"dup":          "DUP_TOP",
		"swap":         "ROT_TWO",
		"get_iter":     "GET_ITER",
		"for_iter":     "FOR_ITER $1",
		"end_for":      "",
		"pop_iter":     "POP_TOP",
		"return":       "RETURN_VALUE",
		"return_const": "LOAD_CONST $1; RETURN_VALUE",
		"yield":        "YIELD_VALUE",
	}),
}
