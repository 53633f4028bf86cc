package versions

import (
	_ "embed"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/pythons"
)

//go:embed gen/dump.py
var dumpScript []byte

func TestByMagic(t *testing.T) {
	tests := []struct {
		magic uint16
		want  string
	}{
		{62211, "2.7"},
		{3379, "3.6"},
		{3394, "3.7"},
		{3413, "3.8"},
		{3425, "3.9"},
		{3439, "3.10"},
		{3495, "3.11"},
		{3531, "3.12"},
		{3571, "3.13"},
		{3627, "3.14"},
		{3666, "3.15"},
	}
	require.Len(t, All(), len(tests), "every release needs a case here")
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			v, err := ByMagic(tt.magic)
			require.NoError(t, err)
			assert.Equal(t, tt.want, v.String())
			assert.Equal(t, tt.magic, v.Magic)
		})
	}
}

func TestByMagicPreRelease(t *testing.T) {
	tests := []struct {
		magic   uint16
		release string
		final   string
	}{
		{62171, "2.7", "62211"},
		{62210, "2.7", "62211"},
		{3360, "3.6", "3379"},
		{3390, "3.7", "3394"},
		{3412, "3.8", "3413"},
		{3420, "3.9", "3425"},
		{3430, "3.10", "3439"},
		{3450, "3.11", "3495"},
		{3500, "3.12", "3531"},
		{3570, "3.13", "3571"},
		{3620, "3.14", "3627"},
		{3600, "3.14", "3627"},
		{3650, "3.15", "3666"},
		{3665, "3.15", "3666"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.magic), func(t *testing.T) {
			v, err := ByMagic(tt.magic)
			require.Error(t, err)
			assert.Nil(t, v)
			assert.Contains(t, err.Error(), "unsupported pre-release magic")
			assert.Contains(t, err.Error(), fmt.Sprint(tt.magic))
			assert.Contains(t, err.Error(), tt.release+" development build")
			assert.Contains(t, err.Error(), tt.final)
		})
	}
}

func TestByMagicUnknown(t *testing.T) {
	for _, magic := range []uint16{0, 20121, 3340, 4000, 3445, 3599, 3667, 3700, 65535} {
		t.Run(fmt.Sprint(magic), func(t *testing.T) {
			v, err := ByMagic(magic)
			require.Error(t, err)
			assert.Nil(t, v)
			assert.Contains(t, err.Error(), "unknown magic number")
			assert.NotContains(t, err.Error(), "pre-release")
		})
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name string
		want *Version
	}{
		{"2.7", V2_7},
		{"3.6", V3_6},
		{"3.10", V3_10},
		{"3.12", V3_12},
		{"3.15", V3_15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Lookup(tt.name)
			require.NoError(t, err)
			assert.Same(t, tt.want, v)
		})
	}
	for _, bad := range []string{"", "3", "3.5", "3.16", "python3.12", "3.12.1", "4.0"} {
		t.Run("bad "+bad, func(t *testing.T) {
			v, err := Lookup(bad)
			require.Error(t, err)
			assert.Nil(t, v)
			assert.Contains(t, err.Error(), "unsupported Python version")
			assert.Contains(t, err.Error(), "3.12")
		})
	}
}

func TestAllOrder(t *testing.T) {
	var names []string
	for _, v := range All() {
		names = append(names, v.String())
	}
	assert.Equal(t, []string{"2.7", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"}, names)
	assert.Same(t, V3_15, Newest())
}

func TestOpcodeSpotChecks(t *testing.T) {
	tests := []struct {
		version *Version
		name    string
		check   func(t *testing.T, v *Version, op *Opcode)
	}{
		{V3_12, "LOAD_ATTR", func(t *testing.T, v *Version, op *Opcode) {
			assert.Equal(t, 9, op.Caches)
			assert.Equal(t, OperandName, op.Operand)
			assert.Equal(t, uint8(106), op.Code)
		}},
		{V3_11, "LOAD_ATTR", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, 4, op.Caches) }},
		{V3_11, "LOAD_METHOD", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, 10, op.Caches) }},
		{V3_14, "BINARY_OP", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, 5, op.Caches) }},
		{V3_15, "RESUME", func(t *testing.T, v *Version, op *Opcode) {
			assert.Equal(t, 1, op.Caches)
			assert.Equal(t, uint8(128), op.Code)
		}},
		{V3_14, "RESUME", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, 0, op.Caches) }},
		{V3_15, "GET_ITER", func(t *testing.T, v *Version, op *Opcode) {
			assert.True(t, op.HasArg)
			assert.Equal(t, uint8(70), op.Code)
			assert.Equal(t, 1, op.Caches)
		}},
		{V2_7, "LOAD_CONST", func(t *testing.T, v *Version, op *Opcode) {
			assert.Equal(t, 3, v.InstructionSize(op))
			assert.Equal(t, OperandConst, op.Operand)
		}},
		{V2_7, "POP_TOP", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, 1, v.InstructionSize(op)) }},
		{V2_7, "SLICE+3", func(t *testing.T, v *Version, op *Opcode) {
			assert.Equal(t, uint8(33), op.Code)
			assert.False(t, op.HasArg)
		}},
		{V3_6, "LOAD_CONST", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, 2, v.InstructionSize(op)) }},
		{V3_6, "POP_TOP", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, 2, v.InstructionSize(op)) }},
		{V3_13, "JUMP_BACKWARD", func(t *testing.T, v *Version, op *Opcode) {
			assert.Equal(t, JumpBackward, op.Jump)
			assert.Equal(t, OperandJump, op.Operand)
			assert.Equal(t, 1, op.Caches)
		}},
		{V3_11, "POP_JUMP_BACKWARD_IF_TRUE", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, JumpBackward, op.Jump) }},
		{V3_11, "POP_JUMP_FORWARD_IF_TRUE", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, JumpForward, op.Jump) }},
		{V3_9, "JUMP_ABSOLUTE", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, JumpAbsolute, op.Jump) }},
		{V3_9, "JUMP_FORWARD", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, JumpForward, op.Jump) }},
		{V3_14, "END_ASYNC_FOR", func(t *testing.T, v *Version, op *Opcode) {
			assert.Equal(t, JumpBackward, op.Jump)
			assert.True(t, op.HasArg)
		}},
		{V3_13, "END_ASYNC_FOR", func(t *testing.T, v *Version, op *Opcode) {
			assert.Equal(t, NotJump, op.Jump)
			assert.False(t, op.HasArg)
		}},
		{V3_13, "WITH_EXCEPT_START", func(t *testing.T, v *Version, op *Opcode) {
			assert.Equal(t, v.Opcodes.HaveArgument, op.Code)
			assert.False(t, op.HasArg, "3.13+ decide by hasarg, not HAVE_ARGUMENT")
		}},
		{V3_14, "LOAD_DEREF", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, OperandFree, op.Operand) }},
		{V3_12, "LOAD_CLOSURE", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, OperandFree, op.Operand) }},
		{V3_11, "MAKE_CELL", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, OperandFree, op.Operand) }},
		{V3_6, "LOAD_CLASSDEREF", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, OperandFree, op.Operand) }},
		{V3_15, "LOAD_FROM_DICT_OR_DEREF", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, OperandFree, op.Operand) }},
		{V3_14, "LOAD_FAST_BORROW", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, OperandLocal, op.Operand) }},
		{V3_10, "COMPARE_OP", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, OperandCompare, op.Operand) }},
		{V3_12, "BUILD_TUPLE", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, OperandRaw, op.Operand) }},
		{V3_12, "CACHE", func(t *testing.T, v *Version, op *Opcode) {
			assert.Equal(t, uint8(0), op.Code)
			assert.Equal(t, OperandNone, op.Operand)
		}},
		{V3_13, "RESERVED", func(t *testing.T, v *Version, op *Opcode) { assert.Equal(t, uint8(17), op.Code) }},
	}
	for _, tt := range tests {
		t.Run(tt.version.String()+" "+tt.name, func(t *testing.T) {
			op := tt.version.Opcode(tt.name)
			require.NotNil(t, op, "%s has no %s", tt.version, tt.name)
			assert.Same(t, op, tt.version.OpcodeByCode(op.Code))
			tt.check(t, tt.version, op)
		})
	}
}

func TestExtendedArg(t *testing.T) {
	want := map[string]uint8{
		"2.7": 145, "3.6": 144, "3.7": 144, "3.8": 144, "3.9": 144, "3.10": 144,
		"3.11": 144, "3.12": 144, "3.13": 71, "3.14": 69, "3.15": 67,
	}
	for _, v := range All() {
		t.Run(v.String(), func(t *testing.T) {
			code, ok := want[v.String()]
			require.True(t, ok)
			assert.Equal(t, code, v.Opcodes.ExtendedArg)
			op := v.Opcode("EXTENDED_ARG")
			require.NotNil(t, op)
			assert.Equal(t, code, op.Code)
			assert.True(t, op.HasArg)
			assert.Equal(t, 0, op.Caches)
		})
	}
}

// TestNotRealOpcodes checks that specialized, instrumented and pseudo names
// are listed but never looked up as instructions.
func TestNotRealOpcodes(t *testing.T) {
	tests := []struct {
		version     *Version
		name        string
		specialized bool
	}{
		{V3_11, "LOAD_ATTR_INSTANCE_VALUE", true},
		{V3_12, "INSTRUMENTED_LINE", true},
		{V3_13, "ENTER_EXECUTOR", true},
		{V3_14, "BINARY_OP_ADD_INT", true},
		{V3_15, "TRACE_RECORD", true},
		{V3_15, "ENTER_EXECUTOR", true},
		{V3_12, "LOAD_METHOD", false},
		{V3_13, "LOAD_CLOSURE", false},
		{V3_14, "ANNOTATIONS_PLACEHOLDER", false},
		{V3_15, "JUMP", false},
	}
	for _, tt := range tests {
		t.Run(tt.version.String()+" "+tt.name, func(t *testing.T) {
			assert.Nil(t, tt.version.Opcode(tt.name))
			if tt.specialized {
				assert.Contains(t, tt.version.Opcodes.Specialized, tt.name)
			} else {
				assert.Contains(t, tt.version.Opcodes.PseudoOpcodes, tt.name)
			}
		})
	}
}

// TestTableInvariants checks what every table must satisfy whatever the
// interpreter said.
func TestTableInvariants(t *testing.T) {
	for _, v := range All() {
		t.Run(v.String(), func(t *testing.T) {
			tab := v.Opcodes
			require.NotEmpty(t, tab.Opcodes)
			assert.True(t, sort.SliceIsSorted(tab.Opcodes, func(i, j int) bool { return tab.Opcodes[i].Code < tab.Opcodes[j].Code }))
			seen := map[uint8]bool{}
			for i := range tab.Opcodes {
				op := &tab.Opcodes[i]
				assert.False(t, seen[op.Code], "duplicate number %d", op.Code)
				seen[op.Code] = true
				assert.Same(t, op, v.Opcode(op.Name))
				assert.Same(t, op, v.OpcodeByCode(op.Code))
				assert.Equal(t, op.HasArg, op.Operand != OperandNone, op.Name)
				assert.Equal(t, op.Operand == OperandJump, op.Jump != NotJump, op.Name)
				if v.Major == 2 || v.Minor <= 12 {
					assert.Equal(t, op.Code >= tab.HaveArgument, op.HasArg, op.Name)
				}
				if !v.ExceptionTable {
					assert.Zero(t, op.Caches, op.Name)
				}
				if v.JumpUnit == 2 && v.ExceptionTable {
					assert.NotEqual(t, JumpAbsolute, op.Jump, "%s: no absolute jumps from 3.11", op.Name)
				}
			}
			for _, name := range append(append([]string(nil), tab.Specialized...), tab.PseudoOpcodes...) {
				assert.Nil(t, v.Opcode(name), "%s is not a real opcode", name)
			}
			assert.NotEmpty(t, tab.CompareOps)
			if v.ExceptionTable { // 3.11+
				require.GreaterOrEqual(t, len(tab.BinaryOps), 26)
				assert.Equal(t, BinaryOp{Name: "NB_ADD", Symbol: "+"}, tab.BinaryOps[0])
				assert.NotEmpty(t, tab.Specialized)
			} else {
				assert.Nil(t, tab.BinaryOps)
			}
		})
	}
}

var (
	dumpMu    sync.Mutex
	dumpCache = map[string]*InterpreterFacts{}
)

// interpreterFacts runs the generator's dump script in the release's
// interpreter (once per test binary), or skips if there is none.
func interpreterFacts(t *testing.T, v *Version) *InterpreterFacts {
	t.Helper()
	python := pythons.Require(t, v.String())
	dumpMu.Lock()
	defer dumpMu.Unlock()
	if f, ok := dumpCache[v.String()]; ok {
		return f
	}
	f, err := DumpInterpreter(python, dumpScript)
	require.NoError(t, err)
	require.Equal(t, v.String(), f.Release(), "%s is not Python %s", python, v)
	dumpCache[v.String()] = f
	return f
}

// exported drops the lookup maps so that tables compare by content.
func exported(t OpcodeTable) OpcodeTable {
	t.byName = nil
	t.byCode = [256]*Opcode{}
	return t
}

// TestTablesMatchInterpreters is the ground truth: the committed tables
// must be what the interpreters say today (run go generate if not), stack
// effects included. Beyond comparing with a fresh conversion, every
// committed effect is evaluated at every argument the interpreter was asked
// about and compared with its answer, so a fault in the fitting cannot hide.
func TestTablesMatchInterpreters(t *testing.T) {
	for _, v := range All() {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			f := interpreterFacts(t, v)
			assert.Equal(t, exported(f.Table), exported(*v.Opcodes),
				"opcodes_%d_%d.go differs from CPython %s; run go generate in versions", v.Major, v.Minor, f.FullVersion)
			if v.Major == 2 {
				return // no dis.stack_effect; TestStackEffects27 checks the hand-written table
			}
			checked := 0
			for i := range v.Opcodes.Opcodes {
				op := &v.Opcodes.Opcodes[i]
				s, ok := f.Effects[op.Name]
				if !assert.True(t, ok, "%s: no samples", op.Name) {
					continue
				}
				for k, m := range s.Max {
					if !m.OK {
						if m.Arg < 1<<24 {
							assert.True(t, op.Effect.Invalid, "%s %d rejected by CPython %s", op.Name, m.Arg, f.FullVersion)
						}
						continue
					}
					fall, jump := op.EffectAt(m.Arg, false), op.EffectAt(m.Arg, true)
					assert.Equal(t, m.Effect, max(fall, jump), "%s %d: dis.stack_effect", op.Name, m.Arg)
					if s.Fall != nil {
						assert.Equal(t, s.Fall[k].Effect, fall, "%s %d: dis.stack_effect(jump=False)", op.Name, m.Arg)
						assert.Equal(t, s.Jump[k].Effect, jump, "%s %d: dis.stack_effect(jump=True)", op.Name, m.Arg)
					} else if v.Minor != 7 {
						assert.Equal(t, fall, jump, "%s: only 3.7 splits effects by hand", op.Name)
					}
					checked++
				}
			}
			t.Logf("CPython %s: %d opcodes, %d (opcode, argument) stack effects checked", f.FullVersion, len(v.Opcodes.Opcodes), checked)
		})
	}
}

func TestMagicAndMarshalMatchInterpreters(t *testing.T) {
	for _, v := range All() {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			f := interpreterFacts(t, v)
			assert.Equal(t, v.Magic, f.Magic, "magic of CPython %s", f.FullVersion)
			assert.Equal(t, v.Marshal.Version, f.MarshalVersion, "marshal.version of CPython %s", f.FullVersion)
			assert.False(t, v.Magic >= v.PreRelease[0] && v.Magic <= v.PreRelease[1], "release magic inside its pre-release range")
		})
	}
}

func TestParseInterpreterFactsErrors(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"not json", `{`, "decoding opcode dump"},
		{"no version", `{"version": [3], "magic": 1}`, "bad version"},
		{"bad magic", `{"version": [3, 12], "magic": 70000}`, "bad magic"},
		{"extended arg mismatch", `{"version": [3, 12], "magic": 3531, "extended_arg": 144, "have_argument": 90,
			"opmap": {"NOP": 9, "EXTENDED_ARG": 143}}`, "EXTENDED_ARG is 144"},
		{"shared number", `{"version": [3, 12], "magic": 3531, "extended_arg": 144, "have_argument": 90,
			"opmap": {"NOP": 9, "NOP2": 9, "EXTENDED_ARG": 144}}`, "share number 9"},
		{"argument-less in hasconst", `{"version": [3, 12], "magic": 3531, "extended_arg": 144, "have_argument": 90,
			"opmap": {"NOP": 9, "EXTENDED_ARG": 144}, "hasconst": ["NOP"]}`, "takes no argument"},
		{"no effect samples", `{"version": [3, 12], "magic": 3531, "extended_arg": 144, "have_argument": 90,
			"opmap": {"NOP": 9, "EXTENDED_ARG": 144}, "effect_args": [0, 1]}`, "no stack_effects"},
		{"no effect args", `{"version": [3, 12], "magic": 3531, "extended_arg": 144, "have_argument": 90,
			"opmap": {"NOP": 9, "EXTENDED_ARG": 144}}`, "no effect_args"},
		{"effect does not fit", `{"version": [3, 12], "magic": 3531, "extended_arg": 144, "have_argument": 90,
			"opmap": {"NOP": 9, "EXTENDED_ARG": 144}, "effect_args": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
			"stack_effects": {"NOP": {"arg": false, "max": [0], "jump": [0], "nojump": [0]},
				"EXTENDED_ARG": {"arg": true, "max": [0, 1, 4, 9, 16, 25, 36, 49, 64, 81],
					"jump": [0, 1, 4, 9, 16, 25, 36, 49, 64, 81], "nojump": [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]}}}`, "EXTENDED_ARG"},
		{"jump=None is not the larger", `{"version": [3, 12], "magic": 3531, "extended_arg": 144, "have_argument": 90,
			"opmap": {"NOP": 9, "EXTENDED_ARG": 144}, "effect_args": [0, 1],
			"stack_effects": {"NOP": {"arg": false, "max": [0], "jump": [1], "nojump": [0]},
				"EXTENDED_ARG": {"arg": true, "max": [0, 0], "jump": [0, 0], "nojump": [0, 0]}}}`, "NOP: argument 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseInterpreterFacts([]byte(tt.json))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestParseInterpreterFactsClassifies(t *testing.T) {
	f, err := ParseInterpreterFacts([]byte(`{
		"version": [3, 14], "full_version": "3.14.0", "magic": 3627, "marshal_version": 5,
		"have_argument": 43, "extended_arg": 69, "cmp_op": ["<"],
		"opmap": {"NOP": 27, "EXTENDED_ARG": 69, "LOAD_DEREF": 83, "END_ASYNC_FOR": 68, "POP_JUMP_IF_TRUE": 103,
			"INSTRUMENTED_LINE": 254, "JUMP": 257, "LOAD_CLOSURE": 261},
		"hasarg": ["EXTENDED_ARG", "LOAD_DEREF", "END_ASYNC_FOR", "POP_JUMP_IF_TRUE"],
		"haslocal": ["LOAD_DEREF", "LOAD_CLOSURE"], "hasjrel": ["END_ASYNC_FOR", "POP_JUMP_IF_TRUE", "JUMP"],
		"caches": {"POP_JUMP_IF_TRUE": 1}, "specialized": ["LOAD_ATTR_SLOT"],
		"nb_ops": [["NB_ADD", "+"]],
		"effect_args": [0, 1, 2, 3, 4],
		"stack_effects": {
			"NOP": {"arg": false, "max": [0], "jump": [0], "nojump": [0]},
			"EXTENDED_ARG": {"arg": true, "max": [0, 0, 0, 0, 0], "jump": [0, 0, 0, 0, 0], "nojump": [0, 0, 0, 0, 0]},
			"LOAD_DEREF": {"arg": true, "max": [1, 1, 1, 1, 1], "jump": [1, 1, 1, 1, 1], "nojump": [1, 1, 1, 1, 1]},
			"END_ASYNC_FOR": {"arg": true, "max": [-2, -2, -2, -2, -2], "jump": [-2, -2, -2, -2, -2], "nojump": [-2, -2, -2, -2, -2]},
			"POP_JUMP_IF_TRUE": {"arg": true, "max": [0, 0, 0, 0, 0], "jump": [0, 0, 0, 0, 0], "nojump": [-1, -1, -1, -1, -1]}}}`))
	require.NoError(t, err)
	assert.Equal(t, "3.14", f.Release())
	assert.Equal(t, uint16(3627), f.Magic)
	assert.Equal(t, 5, f.MarshalVersion)
	assert.Equal(t, OpcodeTable{
		Opcodes: []Opcode{
			{Name: "NOP", Code: 27},
			{Name: "END_ASYNC_FOR", Code: 68, HasArg: true, Operand: OperandJump, Jump: JumpBackward, Effect: StackEffect{Base: -2}},
			{Name: "EXTENDED_ARG", Code: 69, HasArg: true, Operand: OperandRaw},
			{Name: "LOAD_DEREF", Code: 83, HasArg: true, Operand: OperandFree, Effect: StackEffect{Base: 1}},
			{Name: "POP_JUMP_IF_TRUE", Code: 103, HasArg: true, Operand: OperandJump, Jump: JumpForward, Caches: 1,
				Effect: StackEffect{Base: -1}, JumpEffect: &StackEffect{}},
		},
		ExtendedArg:   69,
		HaveArgument:  43,
		CompareOps:    []string{"<"},
		BinaryOps:     []BinaryOp{{Name: "NB_ADD", Symbol: "+"}},
		Specialized:   []string{"INSTRUMENTED_LINE", "LOAD_ATTR_SLOT"},
		PseudoOpcodes: []string{"JUMP", "LOAD_CLOSURE"},
	}, f.Table)
}

func TestFormatBits(t *testing.T) {
	tests := []struct {
		version string
		flags   uint32
		want    string
	}{
		{"3.12", 0x3, "OPTIMIZED|NEWLOCALS"},
		{"3.10", 0x40, "NOFREE"},
		{"3.12", 0x40, "0x40"},
		{"3.12", 0, "0x0"},
		{"3.7", 0x100000, "FUTURE_ANNOTATIONS"},
		{"3.8", 0x1000000, "FUTURE_ANNOTATIONS"},
		{"3.14", 0xc000003, "OPTIMIZED|NEWLOCALS|HAS_DOCSTRING|METHOD"},
	}
	for _, tt := range tests {
		v, err := Lookup(tt.version)
		require.NoError(t, err)
		assert.Equal(t, tt.want, FormatBits(tt.flags, v.CodeFlags), "%s %#x", tt.version, tt.flags)
	}
	v, _ := Lookup("3.14")
	assert.Equal(t, "ARG_POS|ARG_KW|LOCAL", FormatBits(0x26, v.LocalKinds))
}

func TestFitStackEffect(t *testing.T) {
	// args is what dump.py samples, cut down: 0–255, single bits, mixes.
	var args []uint32
	for a := uint32(0); a < 256; a++ {
		args = append(args, a)
	}
	for b := 8; b <= 30; b++ {
		args = append(args, 1<<b)
	}
	args = append(args, 257, 515, 65535, 65537, 0x12345, 1<<24-1)
	sample := func(f func(a uint32) (int, bool)) []EffectSample {
		var out []EffectSample
		for _, a := range args {
			e, ok := f(a)
			out = append(out, EffectSample{Arg: a, Effect: e, OK: ok})
		}
		return out
	}
	tests := []struct {
		name string
		f    func(a uint32) (int, bool)
		want StackEffect
		err  string
	}{
		{"constant", func(uint32) (int, bool) { return -1, true }, StackEffect{Base: -1}, ""},
		{"BUILD_TUPLE", func(a uint32) (int, bool) { return 1 - int(a), true },
			StackEffect{Base: 1, Terms: []EffectTerm{{Shift: 0, Width: 32, Weight: -1}}}, ""},
		{"BUILD_MAP 3.12 overflows at 2^30", func(a uint32) (int, bool) { return 1 - 2*int(a), a < 1<<30 },
			StackEffect{Base: 1, Terms: []EffectTerm{{Shift: 0, Width: 32, Weight: -2}}}, ""},
		{"UNPACK_EX", func(a uint32) (int, bool) { return int(a&0xff) + int(a>>8), true },
			StackEffect{Terms: []EffectTerm{{Shift: 0, Width: 8, Weight: 1}, {Shift: 8, Width: 24, Weight: 1}}}, ""},
		{"2.7 CALL_FUNCTION", func(a uint32) (int, bool) { return -nargs27(int(a)), true },
			StackEffect{Terms: []EffectTerm{{Shift: 0, Width: 8, Weight: -1}, {Shift: 8, Width: 24, Weight: -2}}}, ""},
		{"LOAD_GLOBAL 3.11", func(a uint32) (int, bool) { return 1 + int(a&1), true },
			StackEffect{Base: 1, Terms: []EffectTerm{{Shift: 0, Width: 1, Weight: 1}}}, ""},
		{"FORMAT_VALUE", func(a uint32) (int, bool) {
			if a&4 != 0 {
				return -1, true
			}
			return 0, true
		}, StackEffect{Terms: []EffectTerm{{Shift: 2, Width: 1, Weight: -1}}}, ""},
		{"BUILD_SLICE", func(a uint32) (int, bool) {
			if a == 3 {
				return -2, true
			}
			return -1, true
		}, StackEffect{Base: -1, Except: []ArgEffect{{Arg: 3, Effect: -2}}}, ""},
		{"rejected everywhere", func(uint32) (int, bool) { return 0, false }, StackEffect{Invalid: true}, ""},
		{"square", func(a uint32) (int, bool) { return int(a * a % 1000), true }, StackEffect{}, "unexplained"},
		{"rejected below 2^24", func(a uint32) (int, bool) { return 0, a != 77 }, StackEffect{}, "argument 77 rejected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FitStackEffect(sample(tt.f))
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			for _, a := range args {
				if e, ok := tt.f(a); ok {
					assert.Equal(t, e, got.Of(a), "arg %d", a)
				}
			}
		})
	}
	// Beyond the samples the runs extend: BUILD_TUPLE with a 32-bit arg.
	e := StackEffect{Base: 1, Terms: []EffectTerm{{Shift: 0, Width: 32, Weight: -1}}}
	assert.Equal(t, 1-(1<<32-1), e.Of(1<<32-1))
	assert.Equal(t, "1 - arg", e.String())
	assert.Equal(t, "-1 [3: -2]", StackEffect{Base: -1, Except: []ArgEffect{{Arg: 3, Effect: -2}}}.String())
	assert.Equal(t, "0 + (arg & 0xff) + (arg >> 8)", StackEffect{Terms: []EffectTerm{{0, 8, 1}, {8, 24, 1}}}.String())
}

// TestStackEffects27 spot-checks the hand-written 2.7 table (restated from
// 2.7's compile.c) as it landed in the generated table.
func TestStackEffects27(t *testing.T) {
	tests := []struct {
		name string
		arg  uint32
		want int
	}{
		{"POP_TOP", 0, -1},
		{"SETUP_WITH", 0, 4},
		{"END_FINALLY", 0, -3},
		{"JUMP_IF_FALSE_OR_POP", 10, 0},
		{"FOR_ITER", 10, 1},
		{"CALL_FUNCTION", 0x0203, -7},
		{"CALL_FUNCTION_VAR_KW", 0x0001, -3},
		{"CALL_FUNCTION_KW", 0x10000, -(2*256 + 1)},
		{"BUILD_TUPLE", 70000, 1 - 70000},
		{"DUP_TOPX", 3, 3},
		{"MAKE_CLOSURE", 2, -3},
		{"BUILD_SLICE", 2, -1},
		{"BUILD_SLICE", 3, -2},
		{"UNPACK_SEQUENCE", 4, 3},
		{"RAISE_VARARGS", 3, -3},
		{"STORE_SLICE+3", 0, -4},
		{"BUILD_MAP", 5, 1},
	}
	for _, tt := range tests {
		op := V2_7.Opcode(tt.name)
		require.NotNil(t, op, tt.name)
		assert.Equal(t, tt.want, op.EffectAt(tt.arg, false), "%s %d", tt.name, tt.arg)
		assert.Nil(t, op.JumpEffect, "%s: 2.7's compiler has one effect per opcode", tt.name)
	}
	for _, name := range []string{"STOP_CODE", "NOP", "EXTENDED_ARG"} {
		assert.True(t, V2_7.Opcode(name).Effect.Invalid, name)
	}
	for i := range V2_7.Opcodes.Opcodes {
		op := &V2_7.Opcodes.Opcodes[i]
		_, listed := stackEffects27[op.Name]
		assert.Equal(t, !listed, op.Effect.Invalid, op.Name)
	}
}

// TestJumpEffects spot-checks the path-dependent effects: 3.7's are split
// by hand, 3.8+ come from dis.stack_effect(jump=...), 3.12+ have none.
func TestJumpEffects(t *testing.T) {
	tests := []struct {
		version    *Version
		name       string
		fall, jump int
	}{
		{V3_7, "FOR_ITER", 1, -1},
		{V3_7, "SETUP_FINALLY", 0, 6},
		{V3_7, "SETUP_WITH", 1, 6},
		{V3_7, "SETUP_ASYNC_WITH", 0, 5},
		{V3_7, "JUMP_IF_TRUE_OR_POP", -1, 0},
		{V3_7, "POP_JUMP_IF_TRUE", -1, -1},
		{V3_8, "CALL_FINALLY", 0, 1},
		{V3_10, "SETUP_FINALLY", 0, 6},
		{V3_11, "SEND", 0, -1},
		{V3_11, "FOR_ITER", 1, -1},
		{V3_12, "FOR_ITER", 1, 1},
		{V3_15, "GET_ITER", 1, 1},
		{V3_15, "POP_ITER", -2, -2},
		{V3_14, "POP_ITER", -1, -1},
	}
	for _, tt := range tests {
		op := tt.version.Opcode(tt.name)
		require.NotNil(t, op, "%s %s", tt.version, tt.name)
		assert.Equal(t, tt.fall, op.EffectAt(0, false), "%s %s falling through", tt.version, tt.name)
		assert.Equal(t, tt.jump, op.EffectAt(0, true), "%s %s jumping", tt.version, tt.name)
	}
	for _, v := range []*Version{V3_12, V3_13, V3_14, V3_15} {
		for i := range v.Opcodes.Opcodes {
			assert.Nil(t, v.Opcodes.Opcodes[i].JumpEffect, "%s %s", v, v.Opcodes.Opcodes[i].Name)
		}
	}
}
