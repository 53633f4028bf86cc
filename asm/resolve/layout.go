package resolve

import (
	"github.com/pyasm/pyasm/bytecode"
	"strings"

	"github.com/pyasm/pyasm/versions"
)

// layout places every instruction and computes the jump arguments. A jump's
// argument depends on offsets, and offsets depend on how many EXTENDED_ARG
// prefixes each argument needs, so the layout is repeated until it is
// stable. Prefix counts only ever grow, which guarantees that it ends.
func (b *builder) layout() {
	for _, in := range b.insts {
		if in.jumpTo < 0 {
			in.prefixes = b.prefixesFor(in, in.arg)
		} else {
			in.prefixes = in.forced
		}
	}
	for changed := true; changed; {
		b.place()
		changed = false
		for _, in := range b.insts {
			if in.jumpTo < 0 {
				continue
			}
			in.arg = b.jumpArg(in)
			if need := b.prefixesFor(in, in.arg); need > in.prefixes {
				in.prefixes, changed = need, true
			}
		}
	}
	b.checkJumps()
	b.code = b.encode()
	b.isDecoded = false
}

func (b *builder) prefixesFor(in *inst, arg uint32) int32 {
	n := int32(0)
	for bits := b.v.ExtendedArgBits(); n < 3 && arg>>bits != 0; n++ {
		arg >>= bits
	}
	return max(n, in.forced)
}

// size is the bytes an instruction takes: prefixes, itself, caches.
func (b *builder) size(in *inst) int {
	return int(in.prefixes)*b.v.ExtendedArgSize() + b.v.InstructionSize(in.op) + 2*in.op.Caches
}

// opOffset is where the opcode itself sits, after its prefixes.
func (b *builder) opOffset(in *inst) int { return in.offset + int(in.prefixes)*b.v.ExtendedArgSize() }

// end is where relative jumps count from: after the opcode and its caches.
func (b *builder) end(in *inst) int {
	return b.opOffset(in) + b.v.InstructionSize(in.op) + 2*in.op.Caches
}

func (b *builder) place() {
	off := 0
	for _, in := range b.insts {
		in.offset = off
		off += b.size(in)
	}
}

// offsetOf is the byte offset of instruction i (the end of the code for len(insts)).
func (b *builder) offsetOf(i int) int {
	if i < len(b.insts) {
		return b.insts[i].offset
	}
	if len(b.insts) == 0 {
		return 0
	}
	last := b.insts[len(b.insts)-1]
	return last.offset + b.size(last)
}

// jumpArg gives a jump's argument for the current layout. A jump in the
// wrong direction gives 0 here and an error from checkJumps.
func (b *builder) jumpArg(in *inst) uint32 {
	target := b.offsetOf(in.jumpTo)
	var units int
	switch in.op.Jump {
	case versions.JumpAbsolute:
		units = target
	case versions.JumpForward:
		units = target - b.end(in)
	case versions.JumpBackward:
		units = b.end(in) - target
	}
	if units < 0 {
		return 0
	}
	return uint32(units / b.v.JumpUnit)
}

func (b *builder) checkJumps() {
	for _, in := range b.insts {
		if in.jumpTo < 0 {
			continue
		}
		target := b.offsetOf(in.jumpTo)
		switch {
		case in.op.Jump == versions.JumpForward && target < b.end(in):
			e := b.r.errorf(in.src.Pos, "%s jumps forward only, but its label comes before it", in.op.Name)
			e.Hint = b.directionHint(in.op.Name, "FORWARD", "BACKWARD")
			b.badJumps = true
		case in.op.Jump == versions.JumpBackward && target > b.end(in):
			e := b.r.errorf(in.src.Pos, "%s jumps backward only, but its label comes after it", in.op.Name)
			e.Hint = b.directionHint(in.op.Name, "BACKWARD", "FORWARD")
			b.badJumps = true
		}
	}
}

// directionHint suggests the jump that goes the other way: the opcode of
// the same name with the direction swapped if the release has one (3.11's
// POP_JUMP_BACKWARD_IF_FALSE); for a conditional jump that only goes
// forward, the opposite test over an unconditional jump back; else the
// release's unconditional jump in that direction.
func (b *builder) directionHint(name, from, to string) string {
	if strings.HasPrefix(name, "SETUP_") {
		return "a handler set up by " + name + " comes after it"
	}
	if swapped := strings.Replace(name, from, to, 1); swapped != name && b.v.Opcode(swapped) != nil {
		return "use " + swapped
	}
	if strings.Contains(name, "_IF_") {
		back := "JUMP_BACKWARD"
		if b.v.Opcode(back) == nil {
			back = "JUMP_ABSOLUTE"
		}
		return "conditional jumps only go " + strings.ToLower(from) + " here: jump " + strings.ToLower(from) +
			" on the opposite test over a " + back + " to the label"
	}
	for _, op := range []string{"JUMP_" + to, "JUMP_ABSOLUTE"} {
		if b.v.Opcode(op) != nil {
			return "use " + op
		}
	}
	return ""
}

// encode writes the instructions: prefixes, opcode and argument, caches
// (zeros unless the source gives them).
func (b *builder) encode() []byte {
	out := make([]byte, 0, b.offsetOf(len(b.insts)))
	ext := b.v.Opcodes.ExtendedArg
	bits := b.v.ExtendedArgBits()
	for _, in := range b.insts {
		for p := in.prefixes; p > 0; p-- {
			out = b.appendInstr(out, ext, true, in.arg>>(bits*uint(p)))
		}
		out = b.appendInstr(out, in.op.Code, in.op.HasArg, in.arg)
		for u := range in.op.Caches {
			var word uint16
			if u < len(in.src.Caches) {
				word = in.src.Caches[u]
			}
			out = append(out, byte(word), byte(word>>8))
		}
	}
	return out
}

// appendInstr writes one instruction with the low bits of arg: wordcode
// op+byte, 2.7's op or op+u16.
func (b *builder) appendInstr(out []byte, op uint8, hasArg bool, arg uint32) []byte {
	switch {
	case b.v.Wordcode:
		// An argument-less opcode's byte is 0 unless given with !N.
		return append(out, op, byte(arg))
	case hasArg:
		return append(out, op, byte(arg), byte(arg>>8))
	}
	return append(out, op)
}

// decode is bytecode.Decode of the block's code, decoded once.
func (b *builder) decode() ([]bytecode.Instruction, error) {
	if !b.isDecoded {
		if b.decoded == nil {
			b.decoded = b.arrays.decoded
		}
		b.decoded, b.decodeErr = bytecode.AppendDecode(b.decoded[:0], b.v, b.code)
		b.isDecoded = true
	}
	return b.decoded, b.decodeErr
}
