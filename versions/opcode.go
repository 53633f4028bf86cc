package versions

// JumpKind says whether an opcode's argument is a jump and how it is measured.
type JumpKind uint8

const (
	NotJump      JumpKind = iota
	JumpForward           // target = end of instruction (caches included) + arg units
	JumpBackward          // target = end of instruction (caches included) - arg units
	JumpAbsolute          // target = arg units from the start of the code
)

// Operand says what an opcode's argument indexes or encodes.
type Operand uint8

const (
	OperandNone    Operand = iota // no argument
	OperandRaw                    // a plain number (counts, flags)
	OperandConst                  // index into co_consts
	OperandName                   // index into co_names
	OperandLocal                  // index into co_varnames (≤3.10) or localsplus (3.11+)
	OperandFree                   // index into cellvars+freevars (≤3.10) or localsplus (3.11+)
	OperandCompare                // comparison operator
	OperandJump                   // jump target, see Opcode.Jump
)

var operandNames = [...]string{"none", "raw", "const", "name", "local", "free", "compare", "jump"}

func (o Operand) String() string {
	if int(o) < len(operandNames) {
		return operandNames[o]
	}
	return "operand?"
}

// Opcode is one instruction of one version's instruction set.
type Opcode struct {
	Name    string
	Code    uint8
	HasArg  bool
	Operand Operand
	Jump    JumpKind
	Caches  int // inline CACHE code units that follow the instruction (3.11+)
	// Effect is how the instruction changes the stack depth when execution
	// goes on to the next instruction: dis.stack_effect(op, arg, jump=False)
	// on 3.8+, dis.stack_effect(op, arg) on 3.6 and 3.7 (where 3.7 reports
	// the larger of its two cases, so the few ops that differ are split by
	// hand in stack37.go), and compile.c's opcode_stack_effect on 2.7
	// (stack27.go).
	Effect StackEffect
	// JumpEffect is the change on the way to the jump target or handler
	// (jump=True), when it differs from Effect: FOR_ITER, SETUP_* and the
	// *_OR_POP jumps up to 3.11. Nil means the same as Effect. It is what
	// the release's compiler used when it computed co_stacksize, which is
	// not always what the interpreter does (3.8's SETUP_FINALLY counts six
	// values for the handler).
	JumpEffect *StackEffect
}

// EffectAt is the opcode's stack effect with argument arg, on the jump
// (jump true) or fall-through path.
func (op *Opcode) EffectAt(arg uint32, jump bool) int {
	if jump && op.JumpEffect != nil {
		return op.JumpEffect.Of(arg)
	}
	return op.Effect.Of(arg)
}

// OpcodeTable is the generated instruction set of one release.
type OpcodeTable struct {
	Opcodes      []Opcode // real opcodes, sorted by Code
	ExtendedArg  uint8
	HaveArgument uint8
	CompareOps   []string   // cmp_op, indexed by the comparison number
	BinaryOps    []BinaryOp // nb_ops (3.11+), indexed by BINARY_OP's argument
	// ArgNames names the argument values of the opcodes the interpreter
	// has a table of names for (intrinsics, MAKE_FUNCTION's flags, …).
	ArgNames      map[string]ArgNames
	Specialized   []string // specialized or instrumented names that never appear in a .pyc
	PseudoOpcodes []string // compiler-internal names (never in a .pyc)

	byName map[string]*Opcode
	byCode [256]*Opcode
}

// BinaryOp is one entry of BINARY_OP's operator table (3.11+).
type BinaryOp struct {
	Name   string // NB_ADD
	Symbol string // +
}

// index builds the lookup maps; register calls it once per release.
func (t *OpcodeTable) index() {
	t.byName = make(map[string]*Opcode, len(t.Opcodes))
	for i := range t.Opcodes {
		op := &t.Opcodes[i]
		t.byName[op.Name] = op
		t.byCode[op.Code] = op
	}
}
