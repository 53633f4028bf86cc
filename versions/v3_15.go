package versions

import "github.com/pyasm/pyasm/marshal"

// V3_15 is CPython 3.15. marshal v6 (frozendict); RESUME, GET_ITER and CALL_FUNCTION_EX gain caches; IMPORT_NAME packs a mode below the name.
var V3_15 = register(&Version{
	Major: 3, Minor: 15,
	Magic:          3666,
	PreRelease:     [2]uint16{3650, 3665},
	Header:         HeaderFlags,
	SourceHash:     SipHash13,
	Marshal:        &marshal.Dialect{Version: 6, Python2: false, Code: marshal.Code311},
	Wordcode:       true,
	JumpUnit:       2,
	Lines:          Locations311,
	ExceptionTable: true,
	LocalsPlus:     true,
	CodeFlags:      codeFlags314,
	LocalKinds:     kinds314,
	Opcodes:        &opcodes3_15,
	ArgNames:       map[string]ArgNames{"RESUME": resumeKinds315, "CONVERT_VALUE": conversions313},
	Slots:          &slots3_15,
	Portable:       &portable3_15,
	ArgForms: map[string]ArgForm{
		"LOAD_GLOBAL":                       {Shift: 1, Flags: map[string]uint32{"null": 1}},
		"LOAD_ATTR":                         {Shift: 1, Flags: map[string]uint32{"method": 1}},
		"LOAD_SUPER_ATTR":                   {Shift: 2, Flags: map[string]uint32{"method": 1, "twoarg": 2}},
		"COMPARE_OP":                        {Shift: 5, Masks: CompareMasks, Flags: map[string]uint32{"bool": 16}},
		"LOAD_FAST_LOAD_FAST":               {Pair: true},
		"STORE_FAST_STORE_FAST":             {Pair: true},
		"STORE_FAST_LOAD_FAST":              {Pair: true},
		"LOAD_FAST_BORROW_LOAD_FAST_BORROW": {Pair: true},
		"IMPORT_NAME":                       {Shift: 2, Flags: map[string]uint32{"lazy": 1, "eager": 2}},
	},
})
