package resolve

import (
	"fmt"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/bytecode"
	"github.com/pyasm/pyasm/versions"
)

// The verifier refuses code CPython would crash on or misread. Symbolic
// operands cannot go wrong — the resolver interns every name and constant —
// so the rules are about what a raw !N argument or an argument value can
// do: an index past the end of its table (CPython does not check: LOAD_CONST
// past the end reads memory it does not own), an operator or enum value
// the release does not have, a jump into the middle of an instruction or
// into its caches. Stack underflow, a target reached with two depths and a
// handler deeper than the stack are the stack walk's findings, reported
// through the same channel. With Options.NoVerify every one is a warning.

// verifyArgs checks every instruction's argument against its table.
func (b *builder) verifyArgs() {
	var locals, derefs int
	if b.v.LocalsPlus {
		locals = len(b.localsPlusNames())
		derefs = locals
	} else {
		locals = len(b.varnames.list)
		if n := b.src.NLocals; n != nil && *n < locals {
			locals = *n // the frame has room for co_nlocals locals only
		}
		derefs = len(b.cellvars.list) + len(b.freevars.list)
	}
	for _, in := range b.insts {
		before := len(b.r.errs) + len(b.r.warnings)
		b.verifyInstArgs(in, locals, derefs)
		if len(b.r.errs)+len(b.r.warnings) > before {
			b.flagged[in] = true
		}
	}
}

// verifyInstArgs checks one instruction's argument and caches.
func (b *builder) verifyInstArgs(in *inst, locals, derefs int) {
	{
		op := in.op
		if op.Name == "CACHE" {
			// Written only to reproduce a file that has one where an
			// instruction belongs; CPython aborts if it runs one.
			b.verifyf(in.src.Pos, "CACHE is a cache unit, not an instruction: CPython aborts if it runs one (the assembler inserts the caches each opcode needs by itself)")
		}
		for _, w := range in.src.Caches {
			if w != 0 {
				// CPython trusts what its caches hold: 3.12 crashes on a
				// CALL whose cache units are not zero.
				b.verifyf(in.src.Pos, "%s: .caches gives inline cache units that are not zero; CPython trusts its caches and can crash on such a unit", op.Name)
				break
			}
		}
		if !op.HasArg || in.jumpTo >= 0 || in.failed {
			return
		}
		form := b.v.Form(op)
		index := int(in.arg >> form.Shift)
		check := func(n, size int, table string) {
			if n >= size {
				b.verifyf(in.src.Pos, "%s %d: index %d is past the end of %s (%s)", op.Name, in.arg, n, table, entries(size))
			}
		}
		switch op.Operand {
		case versions.OperandConst:
			check(index, len(b.consts.list), "co_consts")
		case versions.OperandName:
			check(index, len(b.names.list), "co_names")
		case versions.OperandLocal:
			if form.Pair {
				check(int(in.arg>>4&15), locals, "the locals")
				check(int(in.arg&15), locals, "the locals")
				if in.arg > 255 {
					b.verifyf(in.src.Pos, "%s %d: the argument packs two 4-bit locals; it cannot exceed 255", op.Name, in.arg)
				}
			} else {
				check(index, locals, "the locals")
			}
		case versions.OperandFree:
			check(index, derefs, "the cell and free variables")
		case versions.OperandCompare:
			check(index, len(withoutBad(b.v.Opcodes.CompareOps)), "the comparison operators")
		}
		if op.Name == "BINARY_OP" {
			check(int(in.arg), len(b.v.Opcodes.BinaryOps), "BINARY_OP's operators")
		}
		if lim, ok := b.v.OpArgRange(op); ok && (in.arg < lim.Min || in.arg > lim.Max) {
			b.verifyf(in.src.Pos, "%s %d: the argument must be %d to %d (%s)", op.Name, in.arg, lim.Min, lim.Max, lim.What)
		}
	}
}

// verifyJumps checks that every jump lands on the start of an instruction:
// raw jump arguments can point anywhere.
func (b *builder) verifyJumps() {
	ins, err := b.decode()
	if err != nil {
		return
	}
	starts := make([]bool, len(b.code)+1)
	starts[len(b.code)] = true
	prefix := false
	for i := range ins {
		if !prefix {
			starts[ins[i].Offset] = true
		}
		prefix = ins[i].Code == b.v.Opcodes.ExtendedArg
	}
	for _, in := range b.insts {
		if !isJumpOp(in) || in.failed {
			continue
		}
		d := bytecode.Instruction{Offset: b.opOffset(in), Op: in.op, Arg: in.arg, Size: b.v.InstructionSize(in.op), Caches: in.op.Caches}
		if t, ok := bytecode.JumpTarget(b.v, &d); ok && (t > len(b.code) || t < 0 || !starts[t]) {
			b.verifyf(in.src.Pos, "%s %d goes to byte %d, which is not the start of an instruction (the middle of one, or its caches)", in.op.Name, in.arg, t)
		}
	}
}

func entries(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return fmt.Sprintf("%d entries", n)
}

func isJumpOp(in *inst) bool { return in.op.Jump != versions.NotJump }

// verifyf reports a verifier finding: an error, or with NoVerify a warning.
func (b *builder) verifyf(pos asm.Pos, format string, args ...any) {
	b.verifyHint(pos, "", format, args...)
}

// verifyHint is verifyf with a hint that leads to the fix.
func (b *builder) verifyHint(pos asm.Pos, hint, format string, args ...any) {
	b.verifyStack(pos, hint, "", fmt.Sprintf(format, args...))
}

// verifyStack reports a finding with the stack picture it was found on.
func (b *builder) verifyStack(pos asm.Pos, hint, stack, msg string) {
	e := &asm.Error{Pos: pos, Msg: msg, Hint: hint, Stack: stack, Warning: b.r.opts.NoVerify, Verifier: true}
	if e.Warning {
		b.r.warnings = append(b.r.warnings, e)
		return
	}
	b.r.verified++
	b.r.errs = append(b.r.errs, e)
}
