package versions

import "github.com/pyasm/pyasm/marshal"

// V3_13 is CPython 3.13. opcodes renumbered; COMPARE_OP gains a to-bool bit; superinstructions pack two locals as (a<<4)|b.
var V3_13 = register(&Version{
	Major: 3, Minor: 13,
	Magic:          3571,
	PreRelease:     [2]uint16{3550, 3570},
	Header:         HeaderFlags,
	SourceHash:     SipHash13,
	Marshal:        &marshal.Dialect{Version: 4, Python2: false, Code: marshal.Code311},
	Wordcode:       true,
	JumpUnit:       2,
	Lines:          Locations311,
	ExceptionTable: true,
	LocalsPlus:     true,
	CodeFlags:      codeFlags313,
	LocalKinds:     kinds312,
	Opcodes:        &opcodes3_13,
	ArgNames:       map[string]ArgNames{"RESUME": resumeKinds313, "CONVERT_VALUE": conversions313},
	Slots:          &slots3_13,
	Portable:       &portable3_13,
	ArgForms: map[string]ArgForm{
		"LOAD_GLOBAL":           {Shift: 1, Flags: map[string]uint32{"null": 1}},
		"LOAD_ATTR":             {Shift: 1, Flags: map[string]uint32{"method": 1}},
		"LOAD_SUPER_ATTR":       {Shift: 2, Flags: map[string]uint32{"method": 1, "twoarg": 2}},
		"COMPARE_OP":            {Shift: 5, Masks: CompareMasks, Flags: map[string]uint32{"bool": 16}},
		"LOAD_FAST_LOAD_FAST":   {Pair: true},
		"STORE_FAST_STORE_FAST": {Pair: true},
		"STORE_FAST_LOAD_FAST":  {Pair: true},
	},
})
