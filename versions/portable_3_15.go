package versions

// 3.15's GET_ITER takes an argument and leaves two slots, which FOR_ITER
// reads and POP_ITER pops together.
var portable3_15 = PortableTable{
	Base: &portable3_14,
	Forms: withForms(nil, map[string]string{
		"get_iter": "GET_ITER 0",
	}),
}
