package versions

// 3.9 tests membership and identity with opcodes of their own.
var portable3_9 = PortableTable{
	Base: &portable3_8,
	Forms: withForms(nil, map[string]string{
		"compare in":     "CONTAINS_OP 0",
		"compare not in": "CONTAINS_OP 1",
		"compare is":     "IS_OP 0",
		"compare is not": "IS_OP 1",
	}),
}
