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
}

// OpcodeTable is the generated instruction set of one release.
type OpcodeTable struct {
	Opcodes       []Opcode // real opcodes, sorted by Code
	ExtendedArg   uint8
	HaveArgument  uint8
	CompareOps    []string   // cmp_op, indexed by the comparison number
	BinaryOps     []BinaryOp // nb_ops (3.11+), indexed by BINARY_OP's argument
	Specialized   []string   // specialized or instrumented names that never appear in a .pyc
	PseudoOpcodes []string   // compiler-internal names (never in a .pyc)

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
