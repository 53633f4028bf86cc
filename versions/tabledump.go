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
	return &InterpreterFacts{
		Major:          d.Version[0],
		Minor:          d.Version[1],
		FullVersion:    d.FullVersion,
		Magic:          uint16(d.Magic),
		MarshalVersion: d.MarshalVersion,
		Table:          t,
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
