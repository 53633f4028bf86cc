package versions

// 3.10 starts a generator's code with GEN_START, whose argument says which
// kind (0 generator, 1 coroutine, 2 async generator).
var portable3_10 = PortableTable{
	Base: &portable3_9,
	Forms: withForms(nil, map[string]string{
		"prologue": "?generator GEN_START $genkind",
	}),
}
