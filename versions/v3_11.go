package versions

import "github.com/pyasm/pyasm/marshal"

// V3_11 is CPython 3.11. inline caches, the exception table, localsplus, qualname and the location table; SipHash-1-3 source hashes; LOAD_GLOBAL packs a push-NULL bit.
var V3_11 = register(&Version{
	Major: 3, Minor: 11,
	Magic:               3495,
	PreRelease:          [2]uint16{3450, 3494},
	Header:              HeaderFlags,
	SourceHash:          SipHash13,
	Marshal:             &marshal.Dialect{Version: 4, Python2: false, Code: marshal.Code311},
	Wordcode:            true,
	JumpUnit:            2,
	Lines:               Locations311,
	LinesPerInstruction: true,
	ExceptionTable:      true,
	LocalsPlus:          true,
	CodeFlags:           codeFlags311,
	LocalKinds:          kinds311,
	Opcodes:             &opcodes3_11,
	ArgNames:            map[string]ArgNames{"RESUME": resumeKinds311},
	Slots:               &slots3_11,
	Portable:            &portable3_11,
	ArgForms: map[string]ArgForm{
		"LOAD_GLOBAL": {Shift: 1, Flags: map[string]uint32{"null": 1}},
	},
})
