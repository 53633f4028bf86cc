package versions

// 3.13 puts the NULL above the callable, names keyword arguments with
// CALL_KW, jumps and negates only on bools (TO_BOOL first), makes a
// function from its code alone and sets its defaults and closure with
// SET_FUNCTION_ATTRIBUTE (a closure of the cells themselves, LOAD_FAST),
// and pops the iterator after END_FOR.
var portable3_13 = PortableTable{
	Base: &portable3_12,
	Forms: withForms(nil, map[string]string{
		"jump_if_false forward":  "TO_BOOL; POP_JUMP_IF_FALSE $1",
		"jump_if_false backward": "TO_BOOL; POP_JUMP_IF_TRUE $stay; JUMP_BACKWARD $1; $stay:",
		"jump_if_true forward":   "TO_BOOL; POP_JUMP_IF_TRUE $1",
		"jump_if_true backward":  "TO_BOOL; POP_JUMP_IF_FALSE $stay; JUMP_BACKWARD $1; $stay:",
		"callable":               "PUSH_NULL",
		"call_kw":                "LOAD_CONST $2; CALL_KW $1",
		"make_function": `
			?defaults BUILD_TUPLE $defaults
			?closure LOAD_FAST $closure...
			?closure BUILD_TUPLE $nclosure
			LOAD_CONST $1
			MAKE_FUNCTION
			?closure SET_FUNCTION_ATTRIBUTE 8
			?defaults SET_FUNCTION_ATTRIBUTE 1`,
		"not":     "TO_BOOL; UNARY_NOT",
		"end_for": "END_FOR; POP_TOP",
	}),
}
