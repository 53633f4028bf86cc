package versions

import "github.com/pyasm/pyasm/marshal"

// V3_8 is CPython 3.8. posonlyargcount joins the code object.
var V3_8 = register(&Version{
	Major: 3, Minor: 8,
	Magic:          3413,
	PreRelease:     [2]uint16{3400, 3412},
	Header:         HeaderFlags,
	SourceHash:     SipHash24,
	Marshal:        &marshal.Dialect{Version: 4, Python2: false, Code: marshal.Code38},
	Wordcode:       true,
	JumpUnit:       1,
	Lines:          LnotabSigned,
	ExceptionTable: false,
	LocalsPlus:     false,
	CodeFlags:      codeFlags38,
	Opcodes:        &opcodes3_8,
	Slots:          &slots3_8,
	Portable:       &portable3_8,
})
