package versions

// 3.11 copies the free variables into the frame and makes the cells before
// RESUME, has a generator return itself first, calls with a NULL below the
// callable, PRECALL then CALL (KW_NAMES names keyword arguments), names
// relative jumps by direction, has one BINARY_OP for every operator but
// subscript, COPY and SWAP, code objects that know their qualified name,
// and RESUME after each yield.
var portable3_11 = PortableTable{
	Base: &portable3_10,
	Forms: withForms(nil, map[string]string{
		"prologue": `
			?frees COPY_FREE_VARS $frees
			?cells MAKE_CELL $cells...
			?generator RETURN_GENERATOR
			?generator POP_TOP
			RESUME 0`,
		"jump backward":          "JUMP_BACKWARD $1",
		"jump_if_false forward":  "POP_JUMP_FORWARD_IF_FALSE $1",
		"jump_if_false backward": "POP_JUMP_BACKWARD_IF_FALSE $1",
		"jump_if_true forward":   "POP_JUMP_FORWARD_IF_TRUE $1",
		"jump_if_true backward":  "POP_JUMP_BACKWARD_IF_TRUE $1",
		"callable":               "PUSH_NULL; SWAP 2",
		"call":                   "PRECALL $1; CALL $1",
		"call_kw":                "KW_NAMES $2; PRECALL $1; CALL $1",
		"call_method":            "PRECALL $1; CALL $1",
		"make_function": `
			?defaults BUILD_TUPLE $defaults
			?closure LOAD_CLOSURE $closure...
			?closure BUILD_TUPLE $nclosure
			LOAD_CONST $1
			MAKE_FUNCTION $flags`,
		"binary":    "BINARY_OP $1",
		"binary []": "BINARY_SUBSCR",
		"dup":       "COPY 1",
		"swap":      "SWAP 2",
		"yield":     "YIELD_VALUE; RESUME 1",
	}),
}
