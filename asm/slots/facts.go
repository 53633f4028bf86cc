package slots

import (
	"strings"
	"sync"

	"github.com/pyasm/pyasm/versions"
)

// opFacts is what a step reads of an opcode's table entries, looked up
// once per release instead of by name at every step.
type opFacts struct {
	op  *versions.Opcode
	sig *versions.StackSig
	// argSigs replaces sig for the arguments the table keys a picture by
	// (CALL_INTRINSIC_1 INTRINSIC_TYPEALIAS).
	argSigs map[uint32]*versions.StackSig
	control string
	words   []string // the control's words (checkPlacement)
	rule    controlRule
	// constKind, with hasConstKind, is the kind the constant operand must have.
	constKind    versions.SlotKind
	hasConstKind bool
	local        string // the local action
	nameShift    uint   // where the name index sits in the argument
	// cannotRaise, resumedAfter, ownsLevels: the tables of those names.
	cannotRaise, resumedAfter, ownsLevels bool
	// usesMapping: the opcode needs the frame's locals mapping.
	usesMapping bool
}

func factsOf(v *versions.Version, op *versions.Opcode) opFacts {
	f := opFacts{op: op, sig: v.Sig(op.Name), argSigs: v.ArgSigs(op.Name), control: v.Control(op.Name), local: v.LocalAction(op.Name)}
	f.words = strings.Fields(f.control)
	f.rule = controlRules[f.control]
	f.constKind, f.hasConstKind = v.ConstKind(op.Name)
	f.nameShift = v.ArgForms[op.Name].Shift
	f.cannotRaise, f.resumedAfter, f.ownsLevels = cannotRaise[op.Name], resumedAfter[op.Name], ownsLevels[f.control]
	f.usesMapping = v.UsesMapping(op.Name)
	return f
}

// factTables holds a release's opFacts by opcode number (*[256]opFacts by
// *versions.Version).
var factTables sync.Map

func factTable(v *versions.Version) *[256]opFacts {
	if t, ok := factTables.Load(v); ok {
		return t.(*[256]opFacts)
	}
	t := new([256]opFacts)
	for code := range t {
		if op := v.OpcodeByCode(uint8(code)); op != nil {
			t[code] = factsOf(v, op)
		}
	}
	got, _ := factTables.LoadOrStore(v, t)
	return got.(*[256]opFacts)
}

// sigAt is the picture of the opcode with argument arg.
func (f *opFacts) sigAt(arg uint32) *versions.StackSig {
	if s := f.argSigs[arg]; s != nil {
		return s
	}
	return f.sig
}

// facts is what the walk knows of instruction i's opcode (nil op: none).
func (w *walker) facts(i int) *opFacts {
	in := &w.ins[i]
	if f := &w.factTable[in.Code]; f.op == in.Op {
		return f
	}
	// An opcode the release does not number so (a decoder's own).
	f := factsOf(w.v, in.Op)
	return &f
}
