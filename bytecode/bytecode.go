// Package bytecode splits co_code into instructions for one CPython
// release, folding EXTENDED_ARG prefixes into the argument they extend and
// stepping over inline CACHE units, and computes jump targets.
//
// It is shared by the readers of code objects (the disassembler and the
// explainer); the resolver does the reverse when it lays out code.
package bytecode

import (
	"encoding/binary"
	"fmt"

	"github.com/pyasm/pyasm/versions"
)

// Instruction is one decoded instruction. An EXTENDED_ARG prefix is an
// Instruction of its own, as in CPython's dis; the instruction it extends
// carries the whole argument and counts its prefixes.
type Instruction struct {
	Offset int              // byte offset of the opcode
	Op     *versions.Opcode // nil when the release has no opcode by that number
	Arg    uint32           // the argument, prefixes folded in
	// ArgBytes is the argument as stored in this instruction alone (the
	// second byte of a wordcode instruction, the 16-bit field in 2.7).
	ArgBytes uint32
	Prefixes int   // EXTENDED_ARG prefixes before this instruction
	Size     int   // bytes of the instruction itself, without caches
	Caches   int   // inline CACHE code units after it
	Code     uint8 // the opcode number (last: the struct packs to 56 bytes, not 64)
}

// End is the offset just past the instruction and its caches: where the
// next instruction starts, and what relative jumps count from.
func (in *Instruction) End() int { return in.Offset + in.Size + 2*in.Caches }

// Name is the opcode's name, or a placeholder for an unknown number.
func (in *Instruction) Name() string {
	if in.Op == nil {
		return fmt.Sprintf("<%d>", in.Code)
	}
	return in.Op.Name
}

// Error is a problem at a byte offset of co_code.
type Error struct {
	Offset int
	Msg    string
}

func (e *Error) Error() string { return fmt.Sprintf("code offset %d: %s", e.Offset, e.Msg) }

// Decode splits code into instructions. On a malformed tail (an odd byte,
// an argument or caches cut off) it returns what it decoded before it with
// an error.
func Decode(v *versions.Version, code []byte) ([]Instruction, error) {
	return AppendDecode(nil, v, code)
}

// Count is how many instructions Decode finds in code (EXTENDED_ARG
// prefixes included), without decoding them.
func Count(v *versions.Version, code []byte) int { return count(v, code) }

// AppendDecode is Decode appending to dst, for a caller that decodes one
// code object after another into the same array; with a nil dst it
// makes one sized for code.
func AppendDecode(dst []Instruction, v *versions.Version, code []byte) ([]Instruction, error) {
	if n := count(v, code); dst == nil || cap(dst)-len(dst) < n {
		dst = append(make([]Instruction, 0, len(dst)+n), dst...)
	}
	err := Each(v, code, func(in *Instruction) { dst = append(dst, *in) })
	return dst, err
}

// Each is Decode one instruction at a time, for a reader that keeps none
// of them: it calls each with the instructions in order (the one whose
// caches are cut off included) and returns Decode's error. The
// instruction passed is reused after the call.
func Each(v *versions.Version, code []byte, each func(*Instruction)) error {
	var ext uint32
	prefixes := 0
	extendedArg := v.Opcodes.ExtendedArg
	var in Instruction
	for pos := 0; pos < len(code); {
		in = Instruction{Offset: pos, Code: code[pos]}
		in.Op = v.OpcodeByCode(in.Code)
		switch {
		case v.Wordcode:
			if pos+2 > len(code) {
				return &Error{pos, "odd byte at the end of wordcode"}
			}
			in.Size = 2
			in.ArgBytes = uint32(code[pos+1])
			in.Arg = in.ArgBytes | ext<<v.ExtendedArgBits()
		case in.Code >= v.Opcodes.HaveArgument:
			if pos+3 > len(code) {
				return &Error{pos, fmt.Sprintf("%s needs a 2-byte argument but the code ends", in.Name())}
			}
			in.Size = 3
			in.ArgBytes = uint32(binary.LittleEndian.Uint16(code[pos+1:]))
			in.Arg = in.ArgBytes | ext<<v.ExtendedArgBits()
		default:
			in.Size = 1
		}
		if in.Op != nil {
			in.Caches = in.Op.Caches
		}
		in.Prefixes = prefixes
		if end := in.End(); end > len(code) {
			each(&in)
			return &Error{pos, fmt.Sprintf("%s has %d cache units but the code ends %d bytes after it", in.Name(), in.Caches, len(code)-pos-in.Size)}
		}
		if in.Code == extendedArg {
			ext, prefixes = in.Arg, prefixes+1
		} else {
			ext, prefixes = 0, 0
		}
		each(&in)
		pos = in.End()
	}
	return nil
}

// count is the number of instructions Decode finds in code, so that its
// result is allocated once.
func count(v *versions.Version, code []byte) int {
	n := 0
	for pos := 0; pos < len(code); n++ {
		c := code[pos]
		switch {
		case v.Wordcode:
			pos += 2
		case c >= v.Opcodes.HaveArgument:
			pos += 3
		default:
			pos++
		}
		if op := v.OpcodeByCode(c); op != nil {
			pos += 2 * op.Caches
		}
	}
	return n
}

// JumpTarget gives the byte offset a jump instruction goes to.
func JumpTarget(v *versions.Version, in *Instruction) (int, bool) {
	if in.Op == nil {
		return 0, false
	}
	delta := int(in.Arg) * v.JumpUnit
	switch in.Op.Jump {
	case versions.JumpAbsolute:
		return delta, true
	case versions.JumpForward:
		return in.End() + delta, true
	case versions.JumpBackward:
		return in.End() - delta, true
	}
	return 0, false
}
