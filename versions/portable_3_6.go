package versions

// 3.6 names keyword arguments in a tuple given to CALL_FUNCTION_KW, packs
// defaults into a tuple and gives MAKE_FUNCTION the qualified name and a
// flags argument (1 defaults, 8 closure), and has the @ operator.
var portable3_6 = PortableTable{
	Base: &portable2_7,
	Forms: withForms(nil, map[string]string{
		"kwarg":   "",
		"call_kw": "LOAD_CONST $2; CALL_FUNCTION_KW $1",
		"make_function": `
			?defaults BUILD_TUPLE $defaults
			?closure LOAD_CLOSURE $closure...
			?closure BUILD_TUPLE $nclosure
			LOAD_CONST $1
			LOAD_CONST $qualname
			MAKE_FUNCTION $flags`,
		"binary @":  "BINARY_MATRIX_MULTIPLY",
		"binary @=": "INPLACE_MATRIX_MULTIPLY",
	}),
}
