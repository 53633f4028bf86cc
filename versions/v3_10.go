package versions

import "github.com/pyasm/pyasm/marshal"

// V3_10 is CPython 3.10. jump arguments count code units; PEP 626 co_linetable replaces co_lnotab.
var V3_10 = register(&Version{
	Major: 3, Minor: 10,
	Magic:          3439,
	PreRelease:     [2]uint16{3430, 3438},
	Header:         HeaderFlags,
	SourceHash:     SipHash24,
	Marshal:        &marshal.Dialect{Version: 4, Python2: false, Code: marshal.Code310},
	Wordcode:       true,
	JumpUnit:       2,
	Lines:          LineTable310,
	ExceptionTable: false,
	LocalsPlus:     false,
	CodeFlags:      codeFlags38,
	Opcodes:        &opcodes3_10,
	Slots:          &slots3_10,
	Portable:       &portable3_10,
})
