package versions

import "github.com/pyasm/pyasm/marshal"

// V3_12 is CPython 3.12. LOAD_ATTR and LOAD_SUPER_ATTR pack method bits; COMPARE_OP packs a mask below the operator.
var V3_12 = register(&Version{
	Major: 3, Minor: 12,
	Magic:          3531,
	PreRelease:     [2]uint16{3500, 3530},
	Header:         HeaderFlags,
	SourceHash:     SipHash13,
	Marshal:        &marshal.Dialect{Version: 4, Python2: false, Code: marshal.Code311},
	Wordcode:       true,
	JumpUnit:       2,
	Lines:          Locations311,
	ExceptionTable: true,
	LocalsPlus:     true,
	CodeFlags:      codeFlags311,
	LocalKinds:     kinds312,
	Opcodes:        &opcodes3_12,
	ArgNames:       map[string]ArgNames{"RESUME": resumeKinds311},
	Slots:          &slots3_12,
	Portable:       &portable3_12,
	ArgForms: map[string]ArgForm{
		"LOAD_GLOBAL":     {Shift: 1, Flags: map[string]uint32{"null": 1}},
		"LOAD_ATTR":       {Shift: 1, Flags: map[string]uint32{"method": 1}},
		"LOAD_SUPER_ATTR": {Shift: 2, Flags: map[string]uint32{"method": 1, "twoarg": 2}},
		"COMPARE_OP":      {Shift: 4, Masks: CompareMasks},
	},
})
