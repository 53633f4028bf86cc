package versions

// 3.7 calls methods without making a bound method.
var portable3_7 = PortableTable{
	Base: &portable3_6,
	Forms: withForms(nil, map[string]string{
		"load_method": "LOAD_METHOD $1",
		"call_method": "CALL_METHOD $1",
	}),
}
