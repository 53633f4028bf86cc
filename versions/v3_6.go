package versions

import "github.com/pyasm/pyasm/marshal"

// V3_6 is CPython 3.6. the first wordcode release; 12-byte header; marshal v4.
var V3_6 = register(&Version{
	Major: 3, Minor: 6,
	Magic:          3379,
	PreRelease:     [2]uint16{3360, 3378},
	Header:         HeaderMtimeSize,
	SourceHash:     NoSourceHash,
	Marshal:        &marshal.Dialect{Version: 4, Python2: false, Code: marshal.Code36},
	Wordcode:       true,
	JumpUnit:       1,
	Lines:          LnotabSigned,
	ExceptionTable: false,
	LocalsPlus:     false,
	DepthAboveNeed: true,
	CodeFlags:      codeFlags36,
	Opcodes:        &opcodes3_6,
	ArgNames:       map[string]ArgNames{"MAKE_FUNCTION": makeFunctionFlags36, "FORMAT_VALUE": formatValue36},
	Slots:          &slots3_6,
	Portable:       &portable3_6,
})
