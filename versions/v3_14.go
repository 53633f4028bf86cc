package versions

import "github.com/pyasm/pyasm/marshal"

// V3_14 is CPython 3.14. marshal v5 (slices); opcodes renumbered again.
var V3_14 = register(&Version{
	Major: 3, Minor: 14,
	Magic:          3627,
	PreRelease:     [2]uint16{3600, 3626},
	Header:         HeaderFlags,
	SourceHash:     SipHash13,
	Marshal:        &marshal.Dialect{Version: 5, Python2: false, Code: marshal.Code311},
	Wordcode:       true,
	JumpUnit:       2,
	Lines:          Locations311,
	ExceptionTable: true,
	LocalsPlus:     true,
	CodeFlags:      codeFlags314,
	LocalKinds:     kinds314,
	Opcodes:        &opcodes3_14,
	ArgNames:       map[string]ArgNames{"RESUME": resumeKinds313, "CONVERT_VALUE": conversions313},
	Slots:          &slots3_14,
	Portable:       &portable3_14,
	ArgForms: map[string]ArgForm{
		"LOAD_GLOBAL":                       {Shift: 1, Flags: map[string]uint32{"null": 1}},
		"LOAD_ATTR":                         {Shift: 1, Flags: map[string]uint32{"method": 1}},
		"LOAD_SUPER_ATTR":                   {Shift: 2, Flags: map[string]uint32{"method": 1, "twoarg": 2}},
		"COMPARE_OP":                        {Shift: 5, Masks: CompareMasks, Flags: map[string]uint32{"bool": 16}},
		"LOAD_FAST_LOAD_FAST":               {Pair: true},
		"STORE_FAST_STORE_FAST":             {Pair: true},
		"STORE_FAST_LOAD_FAST":              {Pair: true},
		"LOAD_FAST_BORROW_LOAD_FAST_BORROW": {Pair: true},
	},
})
