package versions

import "github.com/pyasm/pyasm/marshal"

// V2_7 is CPython 2.7. variable-length instructions (1 or 3 bytes), byte jumps, 16-bit EXTENDED_ARG, marshal v2 with 2.x strings.
var V2_7 = register(&Version{
	Major: 2, Minor: 7,
	Magic:          62211,
	PreRelease:     [2]uint16{62171, 62210},
	Header:         HeaderMtime,
	SourceHash:     NoSourceHash,
	Marshal:        &marshal.Dialect{Version: 2, Python2: true, Code: marshal.Code27},
	Wordcode:       false,
	JumpUnit:       1,
	Lines:          LnotabUnsigned,
	ExceptionTable: false,
	LocalsPlus:     false,
	CodeFlags:      codeFlags27,
	ClassBodyFlags: []string{"NEWLOCALS"},
	Opcodes:        &opcodes2_7,
	Slots:          &slots2_7,
	Portable:       &portable2_7,
})
