// Package linetable decodes and encodes the line-number tables of CPython
// code objects, in every format pyasm targets:
//
//   - co_lnotab of 2.7 and 3.6–3.9 (lnotab.go): (address delta, line delta)
//     byte pairs, line deltas unsigned on 2.7 and signed from 3.6 on;
//   - co_linetable of 3.10 (linetable310.go): (byte length, line delta)
//     pairs, PEP 626;
//   - the location table of 3.11–3.15 (locations.go): variable-length
//     entries giving line, end line, column and end column per code unit.
//
// It sits beside marshal under the rest of the flow: the explainer and the
// disassembler decode tables with it, and the resolver encodes them. Each
// decoded entry records where it sits in the table (TableOffset, TableLen)
// so an explainer can show an entry's raw bytes beside its meaning.
//
// Decoders never panic: malformed input (odd length, truncated varint, a
// byte that breaks the format's invariants) is an *Error naming the byte
// offset in the table. Encoders reproduce CPython's own choices (how large
// deltas are split, which location form is used, how entries are grouped),
// so decoding a table CPython wrote and encoding the result gives the same
// bytes; they return an error for input no table can represent.
package linetable

import (
	"fmt"
	"math"
)

// MaxEncoded bounds the tables EncodeLnotab and EncodeLineTable310 write.
// Their deltas are bytes, so a line jump of n costs about n/127 pairs: a
// jump across the 32-bit range would be 67 MB, and a program built in Go
// could ask for more. 16 MB is far above any real table (one per line of a
// million-line module takes 2 MB).
const MaxEncoded = 16 << 20

// None marks a missing line or column: the -1 CPython uses internally and
// shows as None.
const None = -1

// Position is where an instruction comes from in the source. Any field may
// be None.
type Position struct {
	Line, EndLine, Col, EndCol int
}

// Error is a malformed table.
type Error struct {
	Table  string // which format: "lnotab", "linetable", "location table"
	Offset int    // byte offset in the table where the problem was found
	Msg    string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: byte %d: %s", e.Table, e.Offset, e.Msg)
}

func errorf(table string, off int, format string, args ...any) error {
	return &Error{Table: table, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// fits32 reports whether a line number fits CPython's int.
func fits32(n int) bool { return n >= math.MinInt32 && n <= math.MaxInt32 }
