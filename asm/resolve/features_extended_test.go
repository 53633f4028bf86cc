package resolve_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/versions"
)

// testExtendedArg runs the generated EXTENDED_ARG program of release v:
// every jump in it (but those to short_* labels) and its last constants
// need prefixes, and it prints what extendedArgProgram says.
func testExtendedArg(t *testing.T, v *versions.Version) {
	src, want := extendedArgProgram(v)
	file := filepath.Join(t.TempDir(), "extended_arg.pyasm")
	require.NoError(t, os.WriteFile(file, []byte(src), 0o644))
	prog := parseFeature(t, file, []byte(src), v)

	rp, err := resolve.Resolve(prog)
	require.NoError(t, err)
	jumps, consts := 0, 0
	walkCode(prog.Module, func(s asm.Stmt) {
		in, ok := s.(*asm.Instr)
		if !ok {
			return
		}
		op := v.Opcode(in.Op)
		at, _ := rp.Placement(in)
		switch {
		case op.Jump != versions.NotJump:
			if label := in.Args[0].(*asm.Ident).Name; strings.HasPrefix(label, "short") {
				return
			}
			jumps++
			assert.GreaterOrEqual(t, at.Prefixes, 1, "%s at line %d needs EXTENDED_ARG", in.Op, in.Pos.Line)
		case in.Op == "LOAD_CONST" && at.Prefixes > 0:
			consts++
			assert.GreaterOrEqual(t, at.Arg, uint32(1)<<argBits(v))
		}
	})
	assert.GreaterOrEqual(t, jumps, 5, "long jumps")
	assert.Greater(t, consts, 10, "constants whose index needs EXTENDED_ARG")

	assert.Equal(t, want, runProgram(t, v, prog))
}

// argBits is the number of bits an instruction's argument carries without
// a prefix: 8 in wordcode, 16 on 2.7.
func argBits(v *versions.Version) int {
	if v.Wordcode {
		return 8
	}
	return 16
}

// extendedArgProgram writes a module for v whose jumps span more code than
// an argument without EXTENDED_ARG reaches (256 units in wordcode, 65536
// bytes on 2.7) and that loads constants at indices such an argument does
// not reach. It returns the source and what the module prints.
//
// The code jumped over adds 1000 to n, so a jump that lands short of its
// label changes what is printed; the loop bodies add 1 to n, so a loop
// that runs too often or too rarely does too. On 2.7, where an argument
// has 16 bits, only the code after the first jump and the for loop's body
// are long: every absolute jump after them needs a prefix anyway (and the
// grammar reads long files slowly).
func extendedArgProgram(v *versions.Version) (string, string) {
	// A group of the filler is 4 instructions: at least 4 code units in
	// wordcode, 10 bytes on 2.7.
	long, short, nconsts, nsummed := 100, 100, 300, 300
	if !v.Wordcode {
		long, short, nconsts, nsummed = 65536/10+1, 20, 66000, 600
	}
	d := dialectOf(v)
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	filler := func(k, groups int) {
		for i := 0; i < groups; i++ {
			w("    LOAD_NAME n\n    LOAD_CONST %d\n    %s\n    STORE_NAME n", k, d.iadd)
		}
	}

	w(".python %s", v)
	consts := make([]string, nconsts)
	for i := range consts {
		consts[i] = fmt.Sprint(-1 - i)
	}
	w(".consts %s", strings.Join(consts, ", "))
	w("%s", d.start)
	w("    LOAD_CONST 0\n    STORE_NAME n")

	w("# an unconditional jump over code that must not run")
	w("    JUMP_FORWARD over1")
	filler(1000, long)
	w("over1:")

	w("# a conditional one: n == 0")
	w("    LOAD_NAME n\n    LOAD_CONST 0\n    COMPARE_OP ==%s", d.boolFlag)
	w("    %s over2", d.popJumpIfTrue)
	filler(1000, short)
	w("over2:")

	if v.Opcode("JUMP_IF_TRUE_OR_POP") != nil {
		w("# 1 or ... and 0 and ...: both jump, keeping the value")
		w("    LOAD_CONST 1\n    JUMP_IF_TRUE_OR_POP over3")
		filler(1000, short)
		w("    LOAD_CONST 2")
		w("over3:\n    POP_TOP")
		w("    LOAD_CONST 0\n    JUMP_IF_FALSE_OR_POP over4")
		filler(1000, short)
		w("    LOAD_CONST 0")
		w("over4:\n    POP_TOP")
	}

	w("# for i in range(3) with a long body: FOR_ITER and the jump back both need prefixes")
	w("%s", d.call("range", "    LOAD_CONST 3"))
	w("    GET_ITER%s", d.getIterArg)
	w("top:\n    FOR_ITER done\n    STORE_NAME i")
	filler(1, long)
	w("    %s top", d.jumpBack)
	w("done:%s", d.forEnd)

	w("# do ... while n < 3*long + 2*short: runs twice")
	w("top2:")
	filler(1, short)
	w("    LOAD_NAME n\n    LOAD_CONST %d\n    COMPARE_OP <%s", 3*long+2*short, d.boolFlag)
	if d.popJumpBackIfTrue != "" {
		w("    %s top2", d.popJumpBackIfTrue)
	} else {
		w("    POP_JUMP_IF_FALSE short_out2\n    JUMP_BACKWARD top2\nshort_out2:")
	}
	w("%s", d.print("    LOAD_NAME n"))

	w("# the sum of the last %d of the %d constants", nsummed, nconsts)
	w("    LOAD_CONST 0")
	for k := nconsts - nsummed + 1; k <= nconsts; k++ {
		w("    LOAD_CONST %d\n    %s", -k, d.add)
	}
	w("%s", d.print(""))
	w("    LOAD_CONST None\n    RETURN_VALUE")

	sum := 0
	for k := nconsts - nsummed + 1; k <= nconsts; k++ {
		sum -= k
	}
	return b.String(), fmt.Sprintf("%d\n%d\n", 3*long+2*short, sum)
}

// dialect is how one release spells the few things the generated programs
// need.
type dialect struct {
	v                 *versions.Version
	start             string // the module's first instructions
	add, iadd         string // binary and in-place addition
	boolFlag          string // COMPARE_OP's flag word for a bool result
	popJumpIfTrue     string // the forward conditional jump
	popJumpBackIfTrue string // the backward conditional jump, if any
	jumpBack          string // the unconditional backward jump
	getIterArg        string // GET_ITER's operand, if it has one
	forEnd            string // what follows a for loop's exit label
}

func dialectOf(v *versions.Version) dialect {
	d := dialect{v: v, add: "BINARY_ADD", iadd: "INPLACE_ADD", popJumpIfTrue: "POP_JUMP_IF_TRUE",
		popJumpBackIfTrue: "POP_JUMP_IF_TRUE", jumpBack: "JUMP_ABSOLUTE"}
	if v.Opcode("RESUME") != nil {
		d.start = "    RESUME 0"
	}
	if v.Opcode("BINARY_OP") != nil {
		d.add, d.iadd = "BINARY_OP +", "BINARY_OP +="
	}
	if v.Opcode("JUMP_BACKWARD") != nil {
		d.jumpBack, d.popJumpBackIfTrue = "JUMP_BACKWARD", ""
	}
	if v.Opcode("POP_JUMP_FORWARD_IF_TRUE") != nil { // 3.11
		d.popJumpIfTrue, d.popJumpBackIfTrue = "POP_JUMP_FORWARD_IF_TRUE", "POP_JUMP_BACKWARD_IF_TRUE"
	}
	if v.Major == 3 && v.Minor >= 13 {
		d.boolFlag = " bool"
	}
	if v.Opcode("GET_ITER").HasArg {
		d.getIterArg = " 0"
	}
	switch {
	case v.Opcode("POP_ITER") != nil:
		d.forEnd = "\n    END_FOR\n    POP_ITER"
	case v.Major == 3 && v.Minor == 13:
		d.forEnd = "\n    END_FOR\n    POP_TOP"
	case v.Opcode("END_FOR") != nil:
		d.forEnd = "\n    END_FOR"
	}
	return d
}

// call calls the global fn with the one argument args pushes, leaving the
// result on the stack.
func (d dialect) call(fn, args string) string {
	v := d.v
	switch {
	case v.Opcode("PRECALL") != nil:
		return "    PUSH_NULL\n    LOAD_NAME " + fn + "\n" + args + "\n    PRECALL 1\n    CALL 1"
	case v.Opcode("CALL") != nil && v.Minor == 12:
		return "    PUSH_NULL\n    LOAD_NAME " + fn + "\n" + args + "\n    CALL 1"
	case v.Opcode("CALL") != nil:
		return "    LOAD_NAME " + fn + "\n    PUSH_NULL\n" + args + "\n    CALL 1"
	}
	return "    LOAD_NAME " + fn + "\n" + args + "\n    CALL_FUNCTION 1"
}

// print prints the value that value pushes; an empty value prints the top
// of the stack (on 3.x the value is then rotated under print and NULL).
func (d dialect) print(value string) string {
	if !d.v.Wordcode {
		return strings.TrimPrefix(value+"\n", "\n") + "    PRINT_ITEM\n    PRINT_NEWLINE"
	}
	if value == "" {
		value = "    STORE_NAME tmp"
		return value + "\n" + d.call("print", "    LOAD_NAME tmp") + "\n    POP_TOP"
	}
	return d.call("print", value) + "\n    POP_TOP"
}
