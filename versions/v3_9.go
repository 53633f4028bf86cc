package versions

import "github.com/pyasm/pyasm/marshal"

// V3_9 is CPython 3.9. the 3.8 layout; new exception opcodes (RERAISE, JUMP_IF_NOT_EXC_MATCH).
var V3_9 = register(&Version{
	Major: 3, Minor: 9,
	Magic:          3425,
	PreRelease:     [2]uint16{3420, 3424},
	Header:         HeaderFlags,
	SourceHash:     SipHash24,
	Marshal:        &marshal.Dialect{Version: 4, Python2: false, Code: marshal.Code38},
	Wordcode:       true,
	JumpUnit:       1,
	Lines:          LnotabSigned,
	ExceptionTable: false,
	LocalsPlus:     false,
	CodeFlags:      codeFlags38,
	Opcodes:        &opcodes3_9,
	Slots:          &slots3_9,
	Portable:       &portable3_9,
})
