package versions

// 3.12 drops PRECALL, loads methods with LOAD_ATTR's method bit, has
// conditional jumps forward only (a backward one jumps around a
// JUMP_BACKWARD), ends a loop with END_FOR, has RETURN_CONST, and gives YIELD_VALUE an
// argument (the depth of the handlers around it: none here).
var portable3_12 = PortableTable{
	Base: &portable3_11,
	Forms: withForms(nil, map[string]string{
		"jump_if_false forward":  "POP_JUMP_IF_FALSE $1",
		"jump_if_false backward": "POP_JUMP_IF_TRUE $stay; JUMP_BACKWARD $1; $stay:",
		"jump_if_true forward":   "POP_JUMP_IF_TRUE $1",
		"jump_if_true backward":  "POP_JUMP_IF_FALSE $stay; JUMP_BACKWARD $1; $stay:",
		"call":                   "CALL $1",
		"call_kw":                "KW_NAMES $2; CALL $1",
		"call_method":            "CALL $1",
		"load_method":            "LOAD_ATTR $1 method",
		"end_for":                "END_FOR",
		"return_const":           "RETURN_CONST $1",
		// LOAD_FAST no longer checks its local: one that some path reaches
		// unassigned is read with LOAD_FAST_CHECK (asm/portable).
		"unassigned LOAD_FAST": "LOAD_FAST_CHECK $1",
		"yield":                "YIELD_VALUE 0; RESUME 1",
	}),
}
