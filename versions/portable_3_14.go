package versions

// 3.14 subscripts with BINARY_OP, drops RETURN_CONST again, and pops an
// exhausted loop's iterator, and one a loop leaves early, with POP_ITER.
var portable3_14 = PortableTable{
	Base: &portable3_13,
	Forms: withForms(nil, map[string]string{
		"binary []":    "BINARY_OP $1",
		"return_const": "LOAD_CONST $1; RETURN_VALUE",
		"end_for":      "END_FOR; POP_ITER",
		"pop_iter":     "POP_ITER",
	}),
}
