package versions

import (
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/pythons"
)

// effectArgs are the arguments at which a picture's count is compared with
// the opcode's stack effect: every argument that changes a count's shape
// (the low values, each flag bit, packed fields) and a few large ones.
func effectArgs(op *Opcode) []uint32 {
	if !op.HasArg {
		return []uint32{0}
	}
	var args []uint32
	for a := uint32(0); a < 300; a++ {
		args = append(args, a)
	}
	for b := 9; b < 31; b++ {
		args = append(args, 1<<b, 1<<b|1, 1<<b|3)
	}
	return args
}

// checkedEffect is what the picture must add up to: RETURN_GENERATOR and
// the pictures whose counts do not apply below their least argument are
// left to the entries that say so.
func sigEffect(s *StackEffectSig, arg uint32) int { return s.Pushes(arg) - s.Pops(arg) }

// leastArg is the least argument an opcode can be given without the
// verifier refusing it (the Args ranges of the slot tables hold the same
// bounds), below which a picture's counts may go negative.
var leastArg = map[string]uint32{"SWAP": 2, "COPY": 1, "LIST_APPEND": 1, "SET_ADD": 1, "MAP_ADD": 1,
	"LIST_EXTEND": 1, "SET_UPDATE": 1, "DICT_UPDATE": 1, "DICT_MERGE": 1, "BUILD_SLICE": 2, "ROT_N": 1, "DUP_TOPX": 1}

// oneCount lists the releases whose compiler has one stack effect per
// opcode for both paths (2.7's opcode_stack_effect; 3.6's stack_effect,
// which its dis.stack_effect reports): where a picture's two paths differ
// (FOR_ITER, JUMP_IF_*_OR_POP, 3.6's SETUP_*), that count is the larger of
// them, as dis.stack_effect(jump=None) is from 3.8.
var oneCount = map[string]bool{"2.7": true, "3.6": true}

// compilerCount marks an opcode whose count in a release's compiler (the
// opcode table's effect, dis.stack_effect where there is one) is not what
// the interpreter does on either path; the picture says what the
// interpreter does, which the verifier runs, and the tests compare it with
// the count through this entry.
type compilerCount struct {
	over    int    // the count minus the larger of the picture's two paths
	argMask uint32 // the bits of the argument the interpreter reads; 0 for all
}

var compilerCounts = map[string]map[string]compilerCount{
	"2.7": {
		// opcode_stack_effect counts 0 on both paths; stackdepth_walk
		// adds the three values the handler gets at the target.
		"SETUP_EXCEPT":  {over: -3},
		"SETUP_FINALLY": {over: -3},
		// Counted 4 on both paths: the handler gets 3 (__exit__ in mgr's
		// place, then the exception's three), the body 1.
		"SETUP_WITH": {over: 1},
		// ceval's call_function and the CALL_FUNCTION_VAR/KW case read
		// oparg&0xff positional and (oparg>>8)&0xff keyword arguments;
		// compile.c's NARGS does not mask the keyword count (the compiler
		// never writes more than 255 of either).
		"CALL_FUNCTION":        {argMask: 0xffff},
		"CALL_FUNCTION_VAR":    {argMask: 0xffff},
		"CALL_FUNCTION_KW":     {argMask: 0xffff},
		"CALL_FUNCTION_VAR_KW": {argMask: 0xffff},
	},
	"3.6": {
		// 7 and 6 on both paths, one more than the handler gets: 6, and
		// 5 for the async form, whose __aenter__ result is dropped.
		"SETUP_WITH":       {over: 1},
		"SETUP_ASYNC_WITH": {over: 1},
	},
	"3.7": {
		// -3, which no case pops: 2 usually, 1 when __exit__ silenced an
		// exception.
		"WITH_CLEANUP_FINISH": {over: -1},
	},
	"3.8": {
		// compile.c counts +6 "for balancing with END_FINALLY and
		// POP_FINALLY"; BEGIN_FINALLY pushes one NULL.
		"BEGIN_FINALLY": {over: 5},
	},
}

// countedEffect gives what the opcode table says for op with argument arg
// on one path (want), and what the picture adds up to in the same terms
// (got).
func countedEffect(v *Version, op *Opcode, sig *StackSig, arg uint32, jump bool) (want, got int) {
	c, listed := compilerCounts[v.String()][op.Name]
	if !listed && (!oneCount[v.String()] || op.JumpEffect != nil || sig.Jump == nil) {
		return op.EffectAt(arg, jump), sigEffect(sig.At(jump), arg)
	}
	counted := arg
	if c.argMask != 0 {
		counted &= c.argMask
	}
	return op.EffectAt(counted, jump), max(sigEffect(sig.At(false), arg), sigEffect(sig.At(true), arg)) + c.over
}

// TestSlotTables checks every release's pictures: each parses, each real
// opcode has one and nothing else does, the local actions and controls are
// known words, and pops − pushes is the opcode's stack effect on both paths
// at every argument that matters (the effects are the interpreters' own,
// TestTablesMatchInterpreters and TestSlotEffectsMatchInterpreters hold
// them to it).
func TestSlotTables(t *testing.T) {
	knownLocal := map[string]bool{LocalLoad: true, LocalLoadUnchecked: true, LocalLoadClear: true, LocalStore: true,
		LocalDelete: true, LocalPairLoad: true, LocalPairStoreLoad: true, LocalPairStore: true, LocalMakeCell: true,
		LocalDeref: true, LocalClosure: true, LocalCopyFree: true}
	for _, v := range All() {
		t.Run(v.String(), func(t *testing.T) {
			if v.Slots == nil {
				t.Skipf("no slot table for %s yet", v)
			}
			for _, err := range v.SlotErrors() {
				t.Error(err)
			}
			for name := range v.Slots.Pictures() {
				if strings.HasPrefix(name, "<") {
					continue
				}
				opName, _, _ := strings.Cut(name, " ")
				assert.NotNil(t, v.Opcode(opName), "%s: a picture for an opcode %s does not have", name, v)
			}
			// A picture keyed by one argument moves the stack as the
			// opcode does with that argument.
			for i := range v.Opcodes.Opcodes {
				op := &v.Opcodes.Opcodes[i]
				for arg, sig := range v.ArgSigs(op.Name) {
					assert.Same(t, sig, v.SigAt(op.Name, arg))
					for _, jump := range []bool{false, true} {
						assert.Equal(t, op.EffectAt(arg, jump), sigEffect(sig.At(jump), arg), "%s %d (jump %v): %q", op.Name, arg, jump, sig.Text)
					}
				}
			}
			for name, act := range v.Slots.LocalActions() {
				assert.NotNil(t, v.Opcode(name), "%s: a local action for an opcode %s does not have", name, v)
				assert.True(t, knownLocal[act], "%s: unknown local action %q", name, act)
			}
			for name := range v.Slots.Controls() {
				assert.NotNil(t, v.Opcode(name), "%s: a control for an opcode %s does not have", name, v)
			}
			for name := range v.Slots.ConstKinds() {
				assert.NotNil(t, v.Opcode(name), "%s: a constant kind for an opcode %s does not have", name, v)
			}
			for name := range v.Slots.ArgRanges() {
				assert.NotNil(t, v.Opcode(name), "%s: an argument range for an opcode %s does not have", name, v)
			}
			for i := range v.Opcodes.Opcodes {
				op := &v.Opcodes.Opcodes[i]
				sig := v.Sig(op.Name)
				if !assert.NotNil(t, sig, "%s has no stack picture", op.Name) {
					continue
				}
				if (op.Operand == OperandLocal || op.Operand == OperandFree) && op.Name != "LOAD_CLASSDEREF" {
					assert.NotEmpty(t, v.LocalAction(op.Name), "%s names a local or cell but has no local action", op.Name)
				}
				if op.Effect.Invalid {
					continue
				}
				for _, arg := range effectArgs(op) {
					if arg < leastArg[op.Name] {
						continue
					}
					for _, jump := range []bool{false, true} {
						e := sig.At(jump)
						want, got := countedEffect(v, op, sig, arg, jump)
						if !assert.Equal(t, want, got, "%s %d (jump %v): %q gives %d − %d",
							op.Name, arg, jump, e.String(), e.Pushes(arg), e.Pops(arg)) {
							break
						}
						for _, s := range append(append([]Slot(nil), e.In...), e.Out...) {
							if s.N(arg) < 0 {
								t.Errorf("%s %d: %s[%s] is %d", op.Name, arg, s.Name, s.CountText, s.N(arg))
							}
						}
					}
				}
			}
		})
	}
}

// TestSlotEffectsMatchInterpreters holds the pictures to each real
// interpreter's dis.stack_effect directly, jump and non-jump, at every
// argument the generator samples.
func TestSlotEffectsMatchInterpreters(t *testing.T) {
	for _, v := range All() {
		t.Run(v.String(), func(t *testing.T) {
			if v.Slots == nil || v.Major == 2 {
				t.Skipf("%s: no slot table or no dis.stack_effect", v)
			}
			t.Parallel()
			f := interpreterFacts(t, v)
			checked := 0
			for i := range v.Opcodes.Opcodes {
				op := &v.Opcodes.Opcodes[i]
				sig, s := v.Sig(op.Name), f.Effects[op.Name]
				if sig == nil || op.Effect.Invalid {
					continue
				}
				over := compilerCounts[v.String()][op.Name].over
				for k, m := range s.Max {
					if !m.OK || m.Arg < leastArg[op.Name] || m.Arg >= 1<<24 {
						continue
					}
					fall, jump := sigEffect(sig.At(false), m.Arg), sigEffect(sig.At(true), m.Arg)
					if s.Fall != nil {
						assert.Equal(t, s.Fall[k].Effect, fall+over, "%s %d: dis.stack_effect(jump=False)", op.Name, m.Arg)
						assert.Equal(t, s.Jump[k].Effect, jump+over, "%s %d: dis.stack_effect(jump=True)", op.Name, m.Arg)
					} else {
						assert.Equal(t, m.Effect, max(fall, jump)+over, "%s %d: dis.stack_effect", op.Name, m.Arg)
					}
					checked++
				}
			}
			t.Logf("CPython %s: %d (opcode, argument) pictures checked", f.FullVersion, checked)
		})
	}
}

func TestParseStackSig(t *testing.T) {
	tests := []struct {
		text          string
		arg           uint32
		pops, pushes  int
		jumpPops      int
		err           string
		passesThrough []int // Out[i].From
	}{
		{text: "value --", pops: 1},
		{text: "-- null:null[oparg&1] value", arg: 3, pushes: 2},
		{text: "-- null:null[oparg&1] value", arg: 2, pushes: 1},
		{text: "bottom mid:nullable[oparg-1] -- bottom mid[oparg-1] bottom", arg: 3, pops: 3, pushes: 4, passesThrough: []int{0, 1, 0}},
		{text: "iter:iter -- iter next | jump: iter:iter --", pops: 1, pushes: 2, jumpPops: 1},
		{text: "seq -- values[(oparg&0xff)+1+(oparg>>8)]", arg: 0x203, pops: 1, pushes: 6},
		{text: "start stop step[oparg==3] -- slice", arg: 3, pops: 3, pushes: 1},
		{text: "value", err: "no --"},
		{text: "x:thing --", err: "unknown kind"},
		{text: "x -- x:iter", err: "keeps the input's kind"},
		{text: "x[oparg+] --", err: "count"},
		{text: "x[foo] --", err: "only oparg"},
		{text: "x -- | y --", err: "jump:"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			s, err := ParseStackSig(tt.text)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.pops, s.Pops(tt.arg))
			assert.Equal(t, tt.pushes, s.Pushes(tt.arg))
			if s.Jump != nil {
				assert.Equal(t, tt.jumpPops, s.Jump.Pops(tt.arg))
			}
			if tt.passesThrough != nil {
				var from []int
				for _, o := range s.Out {
					from = append(from, o.From)
				}
				assert.Equal(t, tt.passesThrough, from)
			}
		})
	}
}

func TestSlotKindString(t *testing.T) {
	assert.Equal(t, "object", KindObject.String())
	assert.Equal(t, "NULL|object", (KindNull | KindObject).String())
	assert.Equal(t, "nothing", SlotKind(0).String())
	assert.Equal(t, fmt.Sprint(KindIter), "iter")
}

// argRangeFacts asks an interpreter how many entries the tables behind
// some arguments have (-1 where the release has no such table).
const argRangeFacts = `
import dis
def n(name):
    return len(getattr(dis, name)) if hasattr(dis, name) else -1
print(n("_intrinsic_1_descs"), n("_intrinsic_2_descs"), n("_common_constants"), n("_special_method_names"))
`

// TestArgRangesMatchInterpreters holds the ranges of arguments that index
// an interpreter's own tables to the length of those tables.
func TestArgRangesMatchInterpreters(t *testing.T) {
	// opcode → which number argRangeFacts prints, and the first valid index
	// (index 0 of the intrinsic tables is the invalid entry).
	indexes := []struct {
		op    string
		field int
		first uint32
	}{
		{"CALL_INTRINSIC_1", 0, 1},
		{"CALL_INTRINSIC_2", 1, 1},
		{"LOAD_COMMON_CONSTANT", 2, 0},
		{"LOAD_SPECIAL", 3, 0},
	}
	for _, v := range All() {
		if v.Major == 2 {
			continue
		}
		t.Run(v.String(), func(t *testing.T) {
			python := pythons.Require(t, v.String())
			out, err := exec.Command(python, "-c", argRangeFacts).Output()
			require.NoError(t, err)
			fields := strings.Fields(string(out))
			require.Len(t, fields, 4)
			for _, ix := range indexes {
				n, err := strconv.Atoi(fields[ix.field])
				require.NoError(t, err)
				r, ok := v.ArgRange(ix.op)
				if v.Opcode(ix.op) == nil || n < 0 {
					assert.False(t, ok && v.Opcode(ix.op) == nil, "%s: a range for an opcode the release lacks", ix.op)
					continue
				}
				if assert.True(t, ok, "%s indexes a table of %d entries but has no argument range", ix.op, n) {
					assert.Equal(t, ArgRange{Min: ix.first, Max: uint32(n - 1), What: r.What}, r, ix.op)
				}
			}
		})
	}
}
