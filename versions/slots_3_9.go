package versions

// What CPython 3.9's instructions take and give, as changes to 3.10's
// table (Python/ceval.c and compile.c of 3.9). The block stack, the six
// values at a handler, RERAISE (no argument yet), WITH_EXCEPT_START and the
// container instructions are 3.10's.
var slots3_9 = SlotTable{
	Base: &slots3_10,
	Stack: map[string]string{
		// gen_send_ex pushes the sent value only when it resumes a frame
		// that has run: a generator starts with an empty stack.
		"<generator>": "",

		// YIELD_FROM sends to generators and coroutines directly, and
		// otherwise, when the value sent is None, calls the receiver's
		// tp_iternext without looking (a non-iterator crashes; checked on a
		// real 3.9): only an iterator or what GET_AWAITABLE left will do.
		"YIELD_FROM": "receiver:sendable v -- res",

		// 3.10's pattern matching, ROT_N and GEN_START are not there.
		"GET_LEN":                "",
		"MATCH_MAPPING":          "",
		"MATCH_SEQUENCE":         "",
		"MATCH_KEYS":             "",
		"MATCH_CLASS":            "",
		"COPY_DICT_WITHOUT_KEYS": "",
		"ROT_N":                  "",
		"GEN_START":              "",
	},
}
