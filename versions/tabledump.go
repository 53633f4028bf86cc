package versions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
)

// This file turns what gen/dump.py prints inside a real interpreter into an
// OpcodeTable. The generator (./gen) uses it to write opcodes_*.go and the
// tests use it to check the committed tables against the interpreters, so
// both classify opcodes the same way.

// InterpreterFacts is what the dump script reports about one interpreter.
type InterpreterFacts struct {
	Major, Minor   int
	FullVersion    string // "3.12.1"
	Magic          uint16 // importlib.util.MAGIC_NUMBER (2.7: imp.get_magic()) as a little-endian uint16
	MarshalVersion int    // marshal.version
	Table          OpcodeTable
	// Effects holds, by opcode name, what dis.stack_effect reported at
	// every sampled argument (3.6+; 2.7 has no dis.stack_effect).
	Effects map[string]SampledEffects
}

// SampledEffects is one opcode's dis.stack_effect samples: Max is
// jump=None (the only form before 3.8); Fall and Jump are jump=False and
// jump=True (3.8+, nil before).
type SampledEffects struct {
	Max, Fall, Jump []EffectSample
}

// Release gives the release as "3.12".
func (f *InterpreterFacts) Release() string { return fmt.Sprintf("%d.%d", f.Major, f.Minor) }

// DumpInterpreter runs the dump script (the text of gen/dump.py) in the
// interpreter at python and converts its report.
func DumpInterpreter(python string, script []byte) (*InterpreterFacts, error) {
	// -E -s: ignore PYTHON* variables and the user site directory; the
	// script comes on stdin and runs in the temporary directory so that
	// nothing in the caller's directory can shadow opcode or dis.
	cmd := exec.Command(python, "-E", "-s", "-")
	cmd.Stdin = bytes.NewReader(script)
	cmd.Dir = os.TempDir()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("running the opcode dump script in %s: %v: %s", python, err, strings.TrimSpace(stderr.String()))
	}
	facts, err := ParseInterpreterFacts(out)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", python, err)
	}
	return facts, nil
}

// dumpJSON mirrors the JSON object gen/dump.py prints. Every has* list and
// the cache map hold opcode names.
type dumpJSON struct {
	Version        []int          `json:"version"`
	FullVersion    string         `json:"full_version"`
	Magic          int            `json:"magic"`
	MarshalVersion int            `json:"marshal_version"`
	Opmap          map[string]int `json:"opmap"`
	HaveArgument   int            `json:"have_argument"`
	ExtendedArg    int            `json:"extended_arg"`
	CmpOp          []string       `json:"cmp_op"`
	HasArg         []string       `json:"hasarg"`
	HasConst       []string       `json:"hasconst"`
	HasName        []string       `json:"hasname"`
	HasLocal       []string       `json:"haslocal"`
	HasFree        []string       `json:"hasfree"`
	HasCompare     []string       `json:"hascompare"`
	HasJrel        []string       `json:"hasjrel"`
	HasJabs        []string       `json:"hasjabs"`
	HasJump        []string       `json:"hasjump"`
	Caches         map[string]int `json:"caches"`
	Specialized    []string       `json:"specialized"`
	NbOps          [][]string     `json:"nb_ops"`
	// ArgTables holds the interpreter's tables of argument names, by the
	// attribute of dis or opcode that holds each.
	ArgTables map[string][]string `json:"arg_tables"`
	// EffectArgs are the arguments at which StackEffects sampled
	// dis.stack_effect; 2.7 has no dis.stack_effect and no StackEffects,
	// and its hand-written table is sampled at the same arguments.
	EffectArgs   []int64                      `json:"effect_args"`
	StackEffects map[string]effectSamplesJSON `json:"stack_effects"`
}

// effectSamplesJSON is one opcode's sampled stack effects: one value per
// EffectArgs entry (a single value at no argument when Arg is false), null
// where the interpreter rejected the argument. Max is jump=None; Jump and
// NoJump exist from 3.8.
type effectSamplesJSON struct {
	Arg    bool   `json:"arg"`
	Max    []*int `json:"max"`
	Jump   []*int `json:"jump"`
	NoJump []*int `json:"nojump"`
}

// ParseInterpreterFacts converts the JSON the dump script prints.
func ParseInterpreterFacts(data []byte) (*InterpreterFacts, error) {
	var d dumpJSON
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("decoding opcode dump: %v", err)
	}
	if len(d.Version) != 2 {
		return nil, fmt.Errorf("opcode dump: bad version %v", d.Version)
	}
	if d.Magic < 0 || d.Magic > 0xffff {
		return nil, fmt.Errorf("opcode dump: bad magic %d", d.Magic)
	}
	t, err := d.table()
	if err != nil {
		return nil, fmt.Errorf("Python %d.%d opcode dump: %v", d.Version[0], d.Version[1], err)
	}
	effects, err := d.samples()
	if err != nil {
		return nil, fmt.Errorf("Python %d.%d opcode dump: %v", d.Version[0], d.Version[1], err)
	}
	return &InterpreterFacts{
		Major:          d.Version[0],
		Minor:          d.Version[1],
		FullVersion:    d.FullVersion,
		Magic:          uint16(d.Magic),
		MarshalVersion: d.MarshalVersion,
		Table:          t,
		Effects:        effects,
	}, nil
}

// isDerefLike reports whether name indexes cells and free variables: every
// *_DEREF, LOAD_CLASSDEREF, LOAD_CLOSURE and MAKE_CELL. The interpreters
// do not agree on this (3.14+ put LOAD_DEREF and LOAD_CLOSURE in haslocal,
// 3.13+ leave LOAD_CLOSURE out of hasfree), so the name decides.
func isDerefLike(name string) bool {
	switch name {
	case "LOAD_CLOSURE", "MAKE_CELL", "LOAD_CLASSDEREF":
		return true
	}
	return strings.HasSuffix(name, "_DEREF")
}

// isSpecializedName reports the real-numbered opcodes that never appear in
// a .pyc: instrumented forms, ENTER_EXECUTOR and 3.15's TRACE_RECORD.
func isSpecializedName(name string) bool {
	return strings.HasPrefix(name, "INSTRUMENTED_") || name == "ENTER_EXECUTOR" || name == "TRACE_RECORD"
}

func (d *dumpJSON) table() (OpcodeTable, error) {
	major, minor := d.Version[0], d.Version[1]
	from := func(m int) bool { return major > 3 || major == 3 && minor >= m }
	set := func(names []string) map[string]bool {
		s := make(map[string]bool, len(names))
		for _, n := range names {
			s[n] = true
		}
		return s
	}
	var (
		hasArg     = set(d.HasArg)
		hasConst   = set(d.HasConst)
		hasName    = set(d.HasName)
		hasLocal   = set(d.HasLocal)
		hasFree    = set(d.HasFree)
		hasCompare = set(d.HasCompare)
		hasJrel    = set(d.HasJrel)
		hasJabs    = set(d.HasJabs)
		hasJump    = set(d.HasJump)
		spec       = set(d.Specialized)
	)
	if d.ExtendedArg < 0 || d.ExtendedArg > 255 || d.HaveArgument < 0 || d.HaveArgument > 255 {
		return OpcodeTable{}, fmt.Errorf("EXTENDED_ARG %d or HAVE_ARGUMENT %d out of range", d.ExtendedArg, d.HaveArgument)
	}

	var t OpcodeTable
	type pseudo struct {
		name string
		code int
	}
	var pseudos []pseudo
	specialized := set(d.Specialized)
	seen := map[int]string{}
	for name, code := range d.Opmap {
		switch {
		case code >= 256:
			pseudos = append(pseudos, pseudo{name, code})
			continue
		case code < 0:
			return OpcodeTable{}, fmt.Errorf("opcode %s has number %d", name, code)
		case spec[name] || isSpecializedName(name):
			specialized[name] = true
			continue
		}
		if other, dup := seen[code]; dup {
			return OpcodeTable{}, fmt.Errorf("opcodes %s and %s share number %d", other, name, code)
		}
		seen[code] = name

		op := Opcode{Name: name, Code: uint8(code)}
		if from(13) {
			op.HasArg = hasArg[name]
		} else {
			op.HasArg = code >= d.HaveArgument
		}
		jump := hasJrel[name] || hasJabs[name] || hasJump[name]
		switch {
		case !op.HasArg:
			op.Operand = OperandNone
			if hasConst[name] || hasName[name] || hasLocal[name] || hasFree[name] || hasCompare[name] || jump {
				return OpcodeTable{}, fmt.Errorf("%s is in a has* list but takes no argument", name)
			}
		case isDerefLike(name) || hasFree[name]:
			op.Operand = OperandFree
		case hasConst[name]:
			op.Operand = OperandConst
		case hasName[name]:
			op.Operand = OperandName
		case hasLocal[name]:
			op.Operand = OperandLocal
		case hasCompare[name]:
			op.Operand = OperandCompare
		case jump:
			op.Operand = OperandJump
		default:
			op.Operand = OperandRaw
		}
		if op.Operand == OperandJump {
			switch {
			case hasJabs[name]:
				op.Jump = JumpAbsolute
			case strings.Contains(name, "JUMP_BACKWARD"), name == "END_ASYNC_FOR" && from(14):
				op.Jump = JumpBackward
			default:
				op.Jump = JumpForward
			}
		}
		op.Caches = d.Caches[name]
		t.Opcodes = append(t.Opcodes, op)
	}
	sort.Slice(t.Opcodes, func(i, j int) bool { return t.Opcodes[i].Code < t.Opcodes[j].Code })

	if name, ok := seen[d.ExtendedArg]; !ok || name != "EXTENDED_ARG" {
		return OpcodeTable{}, fmt.Errorf("EXTENDED_ARG is %d but that number is %q", d.ExtendedArg, name)
	}
	t.ExtendedArg = uint8(d.ExtendedArg)
	t.HaveArgument = uint8(d.HaveArgument)
	t.CompareOps = append([]string(nil), d.CmpOp...)
	for _, pair := range d.NbOps {
		if len(pair) != 2 {
			return OpcodeTable{}, fmt.Errorf("nb_ops entry %v is not a (name, symbol) pair", pair)
		}
		t.BinaryOps = append(t.BinaryOps, BinaryOp{Name: pair[0], Symbol: pair[1]})
	}
	if err := d.argNames(&t); err != nil {
		return OpcodeTable{}, err
	}
	if err := d.fitEffects(&t); err != nil {
		return OpcodeTable{}, err
	}
	for n := range specialized {
		t.Specialized = append(t.Specialized, n)
	}
	sort.Strings(t.Specialized)
	sort.Slice(pseudos, func(i, j int) bool {
		if pseudos[i].code != pseudos[j].code {
			return pseudos[i].code < pseudos[j].code
		}
		return pseudos[i].name < pseudos[j].name
	})
	for _, p := range pseudos {
		t.PseudoOpcodes = append(t.PseudoOpcodes, p.name)
	}
	return t, nil
}

// fitEffects fills in Effect and JumpEffect of every opcode: from the
// sampled dis.stack_effect on 3.6+, from stackEffects27 on 2.7, with 3.7's
// jump-dependent effects split by stackEffectSplit37. Every fit is checked
// against every sample; anything that does not fit is an error.
func (d *dumpJSON) fitEffects(t *OpcodeTable) error {
	args, err := d.effectArgs()
	if err != nil {
		return err
	}
	if d.Version[0] == 2 {
		return fitEffects27(t, args)
	}
	effects, err := d.samples()
	if err != nil {
		return err
	}
	if effects == nil {
		return fmt.Errorf("the dump has no stack_effects")
	}
	split37 := d.Version[0] == 3 && d.Version[1] == 7
	for i := range t.Opcodes {
		op := &t.Opcodes[i]
		s, ok := effects[op.Name]
		if !ok {
			return fmt.Errorf("%s: no stack effect samples", op.Name)
		}
		if arg := d.StackEffects[op.Name].Arg; arg != op.HasArg {
			return fmt.Errorf("%s: stack effects sampled with arg=%v but HasArg is %v", op.Name, arg, op.HasArg)
		}
		fall, jump := s.Fall, s.Jump
		switch {
		case fall != nil: // 3.8+
		case split37 && stackEffectSplit37[op.Name] != nil:
			split := stackEffectSplit37[op.Name]
			fall = sampleFunc(args, op.HasArg, func(a int) int { n, _ := split(a); return n })
			jump = sampleFunc(args, op.HasArg, func(a int) int { _, j := split(a); return j })
		default:
			fall, jump = s.Max, s.Max
		}
		// jump=None is the larger of the two paths.
		for k, m := range s.Max {
			if m.OK != fall[k].OK || m.OK != jump[k].OK {
				return fmt.Errorf("%s: argument %d accepted on one path only", op.Name, m.Arg)
			}
			if m.OK && m.Effect != max(fall[k].Effect, jump[k].Effect) {
				return fmt.Errorf("%s: argument %d: stack effect %d, but %d falling through and %d jumping", op.Name, m.Arg, m.Effect, fall[k].Effect, jump[k].Effect)
			}
		}
		if op.Effect, err = FitStackEffect(fall); err != nil {
			return fmt.Errorf("%s: %v", op.Name, err)
		}
		je, err := FitStackEffect(jump)
		if err != nil {
			return fmt.Errorf("%s (jump): %v", op.Name, err)
		}
		if !je.Equal(op.Effect) {
			op.JumpEffect = &je
		}
	}
	if split37 {
		for name := range stackEffectSplit37 {
			if !hasOpcode(t, name) {
				return fmt.Errorf("the 3.7 split stack effects name %s, which 3.7 does not have", name)
			}
		}
	}
	return nil
}

// fitEffects27 fits the hand-written 2.7 table.
func fitEffects27(t *OpcodeTable, args []uint32) error {
	for i := range t.Opcodes {
		op := &t.Opcodes[i]
		f, ok := stackEffects27[op.Name]
		if !ok {
			op.Effect = StackEffect{Invalid: true}
			continue
		}
		e, err := FitStackEffect(sampleFunc(args, op.HasArg, f))
		if err != nil {
			return fmt.Errorf("%s: 2.7 table: %v", op.Name, err)
		}
		op.Effect = e
	}
	for name := range stackEffects27 {
		if !hasOpcode(t, name) {
			return fmt.Errorf("the 2.7 stack effect table names %s, which 2.7 does not have", name)
		}
	}
	return nil
}

func hasOpcode(t *OpcodeTable, name string) bool {
	for i := range t.Opcodes {
		if t.Opcodes[i].Name == name {
			return true
		}
	}
	return false
}

// samples converts the raw stack effect samples of every opcode.
func (d *dumpJSON) samples() (map[string]SampledEffects, error) {
	if d.StackEffects == nil {
		return nil, nil
	}
	args, err := d.effectArgs()
	if err != nil {
		return nil, err
	}
	out := make(map[string]SampledEffects, len(d.StackEffects))
	for name, s := range d.StackEffects {
		at := args
		if !s.Arg {
			at = []uint32{0}
		}
		var se SampledEffects
		if se.Max, err = samplesOf(at, s.Max); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		if s.Jump != nil || s.NoJump != nil {
			if se.Fall, err = samplesOf(at, s.NoJump); err != nil {
				return nil, fmt.Errorf("%s: %v", name, err)
			}
			if se.Jump, err = samplesOf(at, s.Jump); err != nil {
				return nil, fmt.Errorf("%s: %v", name, err)
			}
		}
		out[name] = se
	}
	return out, nil
}

func (d *dumpJSON) effectArgs() ([]uint32, error) {
	if len(d.EffectArgs) == 0 {
		return nil, fmt.Errorf("the dump has no effect_args")
	}
	args := make([]uint32, len(d.EffectArgs))
	for i, a := range d.EffectArgs {
		if a < 0 || a > 1<<32-1 {
			return nil, fmt.Errorf("effect argument %d out of range", a)
		}
		args[i] = uint32(a)
	}
	return args, nil
}

// samplesOf pairs sampled effects with their arguments.
func samplesOf(args []uint32, values []*int) ([]EffectSample, error) {
	if len(values) != len(args) {
		return nil, fmt.Errorf("%d stack effect samples for %d arguments", len(values), len(args))
	}
	out := make([]EffectSample, len(args))
	for i, a := range args {
		out[i] = EffectSample{Arg: a}
		if values[i] != nil {
			out[i].Effect, out[i].OK = *values[i], true
		}
	}
	return out, nil
}

// sampleFunc samples a hand-written effect at args (at 0 only for an
// opcode without an argument).
func sampleFunc(args []uint32, hasArg bool, f func(int) int) []EffectSample {
	if !hasArg {
		return []EffectSample{{Arg: 0, Effect: f(0), OK: true}}
	}
	out := make([]EffectSample, len(args))
	for i, a := range args {
		out[i] = EffectSample{Arg: a, Effect: f(int(a)), OK: true}
	}
	return out
}

// argTableUses says which of the interpreter's name tables names which
// opcode's argument, and how: as an enumeration, or as bits (entry i
// naming bit 1<<i). FORMAT_VALUE's converters also get the format-spec bit.
var argTableUses = []struct {
	table, op string
	bits      bool
}{
	{"_intrinsic_1_descs", "CALL_INTRINSIC_1", false},
	{"_intrinsic_2_descs", "CALL_INTRINSIC_2", false},
	{"_special_method_names", "LOAD_SPECIAL", false},
	{"_common_constants", "LOAD_COMMON_CONSTANT", false},
	{"MAKE_FUNCTION_FLAGS", "MAKE_FUNCTION", true},
	{"FUNCTION_ATTR_FLAGS", "MAKE_FUNCTION", true},
	{"FUNCTION_ATTR_FLAGS", "SET_FUNCTION_ATTRIBUTE", true},
	{"FORMAT_VALUE_CONVERTERS", "FORMAT_VALUE", false},
}

// argNames fills in ArgNames from the interpreter's name tables, for the
// opcodes of the release that take an argument.
func (d *dumpJSON) argNames(t *OpcodeTable) error {
	for _, use := range argTableUses {
		names, ok := d.ArgTables[use.table]
		if !ok {
			continue
		}
		var op *Opcode
		for i := range t.Opcodes {
			if t.Opcodes[i].Name == use.op {
				op = &t.Opcodes[i]
			}
		}
		if op == nil || !op.HasArg {
			continue
		}
		var n ArgNames
		if use.bits {
			if len(names) > 32 {
				return fmt.Errorf("%s names %d bits", use.table, len(names))
			}
			for i, name := range names {
				n.Bits = append(n.Bits, NamedBit{Bit: 1 << i, Name: name})
			}
		} else {
			n.Values = append([]string(nil), names...)
		}
		if use.op == "FORMAT_VALUE" {
			n.Bits = []NamedBit{{formatSpecBit, "spec"}}
		}
		if t.ArgNames == nil {
			t.ArgNames = map[string]ArgNames{}
		}
		t.ArgNames[use.op] = n
	}
	return nil
}
