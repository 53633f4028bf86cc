package versions

import "github.com/pyasm/pyasm/marshal"

// V3_7 is CPython 3.7. PEP 552 adds the flags word and hash-based pycs (SipHash-2-4).
var V3_7 = register(&Version{
	Major: 3, Minor: 7,
	Magic:          3394,
	PreRelease:     [2]uint16{3390, 3393},
	Header:         HeaderFlags,
	SourceHash:     SipHash24,
	Marshal:        &marshal.Dialect{Version: 4, Python2: false, Code: marshal.Code36},
	Wordcode:       true,
	JumpUnit:       1,
	Lines:          LnotabSigned,
	ExceptionTable: false,
	LocalsPlus:     false,
	CodeFlags:      codeFlags36,
	Opcodes:        &opcodes3_7,
	ArgNames:       map[string]ArgNames{"MAKE_FUNCTION": makeFunctionFlags36, "FORMAT_VALUE": formatValue36},
	Slots:          &slots3_7,
	Portable:       &portable3_7,
})
