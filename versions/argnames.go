package versions

import (
	"fmt"
	"sort"
	"strings"
)

// ArgNames names the values of a numeric argument, as the interpreter
// names them: an enumeration (Values, indexed by the value; "" where a
// value has no name) in the bits no entry of Bits holds, and single bits
// (Bits) joined to it with |. CALL_INTRINSIC_1 is an enumeration alone,
// MAKE_FUNCTION's flags are bits alone, FORMAT_VALUE is a conversion
// plus a bit for the format spec: repr|spec.
type ArgNames struct {
	Values []string
	Bits   []NamedBit
}

// bitMask is the union of the named bits.
func (n *ArgNames) bitMask() uint32 {
	var m uint32
	for _, b := range n.Bits {
		m |= b.Bit
	}
	return m
}

// Format spells arg with names: the enumeration's name, then the names of
// its bits, joined by |. ok is false where some part has no name, and
// for 0 unless the enumeration names it: such an argument is written as a
// number.
func (n *ArgNames) Format(arg uint32) (text string, ok bool) {
	var parts []string
	enum := arg &^ n.bitMask()
	switch {
	case int64(enum) < int64(len(n.Values)) && n.Values[enum] != "":
		parts = append(parts, n.Values[enum])
	case enum != 0:
		return "", false
	}
	for _, b := range n.Bits {
		if arg&b.Bit != 0 {
			parts = append(parts, b.Name)
		}
	}
	if len(parts) == 0 {
		return "", false
	}
	return strings.Join(parts, "|"), true
}

// Parse reads NAME|NAME: at most one of the enumeration's names and any of
// the bits'. The error says which part is unknown.
func (n *ArgNames) Parse(text string) (uint32, error) {
	var arg uint32
	enum := ""
	for _, part := range strings.Split(text, "|") {
		part = strings.TrimSpace(part)
		if b := BitNamed(n.Bits, part); b != 0 {
			arg |= b
			continue
		}
		i := n.valueIndex(part)
		if i < 0 {
			return 0, &UnknownArgName{Name: part}
		}
		if enum != "" {
			return 0, fmt.Errorf("%s and %s are two values of one choice: write one of them", enum, part)
		}
		enum = part
		arg |= uint32(i)
	}
	return arg, nil
}

func (n *ArgNames) valueIndex(name string) int {
	if name == "" {
		return -1
	}
	for i, v := range n.Values {
		if v == name {
			return i
		}
	}
	return -1
}

// Names lists every name, the enumeration's first, for hints.
func (n *ArgNames) Names() []string {
	var out []string
	for _, v := range n.Values {
		if v != "" {
			out = append(out, v)
		}
	}
	for _, b := range n.Bits {
		out = append(out, b.Name)
	}
	return out
}

// Max is the largest argument the names spell: the last named value with
// every bit.
func (n *ArgNames) Max() uint32 {
	var last uint32
	for i, v := range n.Values {
		if v != "" {
			last = uint32(i)
		}
	}
	return last | n.bitMask()
}

// UnknownArgName is Parse's error for a name the table lacks.
type UnknownArgName struct{ Name string }

func (e *UnknownArgName) Error() string { return fmt.Sprintf("no value is named %s", e.Name) }

// NamedArgs is the table that names opcode op's argument values in this
// release: the one generated from the interpreter (Opcodes.ArgNames), or
// the hand-written one (ArgNames) where the interpreter exposes none; nil
// if the argument has no names. The table is shared: not to be changed.
func (v *Version) NamedArgs(op string) *ArgNames {
	v.namedOnce.Do(v.mergeNamedArgs)
	return v.namedArgs[op]
}

// OpNamedArgs is NamedArgs(op.Name), read by the opcode's number.
func (v *Version) OpNamedArgs(op *Opcode) *ArgNames {
	if f := v.factsOf(op); f != nil {
		return f.argNames
	}
	if op == nil {
		return nil
	}
	return v.NamedArgs(op.Name)
}

// mergeNamedArgs makes the one table NamedArgs reads: ArgNames, and
// Opcodes.ArgNames over it.
func (v *Version) mergeNamedArgs() {
	v.namedArgs = map[string]*ArgNames{}
	for _, tables := range []map[string]ArgNames{v.ArgNames, v.Opcodes.ArgNames} {
		for op, n := range tables {
			v.namedArgs[op] = &n
		}
	}
}

// NamedArgOpcodes lists the opcodes whose arguments have names, sorted.
func (v *Version) NamedArgOpcodes() []string {
	var out []string
	for op := range v.Opcodes.ArgNames {
		out = append(out, op)
	}
	for op := range v.ArgNames {
		if _, dup := v.Opcodes.ArgNames[op]; !dup {
			out = append(out, op)
		}
	}
	sort.Strings(out)
	return out
}

// Hand-written names, for what the interpreters do not expose: 3.6 and
// 3.7's dis has no MAKE_FUNCTION_FLAGS or FORMAT_VALUE_CONVERTERS (the
// flags and conversions are 3.8's), and no release names RESUME's kinds
// (CPython's RESUME_AFTER_YIELD and kin, in pycore_opcode_utils.h),
// and 3.13+ dis names CONVERT_VALUE's conversions only inline. Tests
// hold these to what each interpreter compiles.
var (
	// makeFunctionFlags36 are 3.6–3.7 MAKE_FUNCTION's bits, as 3.8's
	// dis.MAKE_FUNCTION_FLAGS names them.
	makeFunctionFlags36 = ArgNames{Bits: []NamedBit{{0x1, "defaults"}, {0x2, "kwdefaults"}, {0x4, "annotations"}, {0x8, "closure"}}}
	// formatValue36 is 3.6–3.7 FORMAT_VALUE's argument: a conversion, as
	// 3.8's dis.FORMAT_VALUE_CONVERTERS names them, and a bit for a
	// format spec on the stack.
	formatValue36 = ArgNames{Values: []string{"", "str", "repr", "ascii"}, Bits: []NamedBit{{formatSpecBit, "spec"}}}
	// resumeKinds311 are RESUME's kinds: where the code resumes (0, the
	// start of the code, has no name: RESUME 0).
	resumeKinds311 = ArgNames{Values: []string{"", "after_yield", "after_yield_from", "after_await"}}
	// resumeKinds313 add the bit 3.13 sets when the code resumes inside
	// exactly one exception handler (RESUME_OPARG_DEPTH1_MASK).
	resumeKinds313 = ArgNames{Values: resumeKinds311.Values, Bits: []NamedBit{{0x4, "depth1"}}}
	// resumeKinds315 add 3.15's kind for the start of a generator
	// expression, which pushed the exception-depth bit up to 0x8.
	resumeKinds315 = ArgNames{Values: append(resumeKinds311.Values[:4:4], "genexpr_start"), Bits: []NamedBit{{0x8, "depth1"}}}
	// conversions313 are 3.13+ CONVERT_VALUE's conversions, which dis
	// names inline (FORMAT_VALUE_CONVERTERS left with FORMAT_VALUE).
	conversions313 = ArgNames{Values: formatValue36.Values}
)

// formatSpecBit is the bit of FORMAT_VALUE's argument that says a format
// spec is on the stack; the dis module tests it but has no name for it.
const formatSpecBit = 0x4
