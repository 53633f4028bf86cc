package versions

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/pyasm/pyasm/marshal"
)

// HeaderLayout names the shape of a .pyc header.
type HeaderLayout uint8

const (
	HeaderMtime     HeaderLayout = iota // 2.7: magic, mtime (8 bytes)
	HeaderMtimeSize                     // 3.3–3.6: magic, mtime, source size (12 bytes)
	HeaderFlags                         // 3.7+ (PEP 552): magic, flags, mtime+size or source hash (16 bytes)
)

// SourceHash names the keyed hash that hash-based .pycs store (PEP 552).
type SourceHash uint8

const (
	NoSourceHash SourceHash = iota
	SipHash24               // 3.7–3.10
	SipHash13               // 3.11+
)

// LineFormat names the encoding of a code object's line table.
type LineFormat uint8

const (
	LnotabUnsigned LineFormat = iota // 2.7 co_lnotab: (byte delta, unsigned line delta) pairs
	LnotabSigned                     // 3.6–3.9 co_lnotab: line deltas are signed bytes
	LineTable310                     // 3.10 co_linetable: (byte length, signed line delta) pairs, -128 = no line
	Locations311                     // 3.11+ location table: entries of 1–8 code units with columns
)

// Version is everything pyasm knows about one CPython release.
type Version struct {
	Major, Minor int
	// Magic is the release magic number; PreRelease is the inclusive range
	// of magic numbers the release's development builds used, which pyasm
	// recognises but does not support.
	Magic      uint16
	PreRelease [2]uint16
	Header     HeaderLayout
	SourceHash SourceHash
	// Marshal is the dialect this release writes (and reads): its format
	// version, which type codes exist, and the code-object field layout.
	Marshal *marshal.Dialect
	// Wordcode is true from 3.6: every instruction is two bytes, op and arg.
	// Before it, instructions with an argument take three bytes.
	Wordcode bool
	// JumpUnit is the number of bytes one unit of a jump argument counts:
	// 1 up to 3.9, 2 (code units) from 3.10.
	JumpUnit int
	Lines    LineFormat
	// LinesPerInstruction is true for 3.11, whose location table has an
	// entry per instruction; later releases merge equal positions.
	LinesPerInstruction bool
	// ExceptionTable is true from 3.11: handlers live in co_exceptiontable
	// rather than in SETUP_* instructions.
	ExceptionTable bool
	// LocalsPlus is true from 3.11: locals, cells and free variables share
	// one localsplus array with a kind byte each, and deref opcodes index it.
	LocalsPlus bool
	// DepthAboveNeed is true where the release's own depth walk, which
	// asm/stackdepth reproduces, can give more than the code needs: 3.6's
	// counts six values for every SETUP_* on the normal path too, and on
	// code its peephole pass rewrote that can exceed the co_stacksize it
	// wrote (3 functions of its stdlib). A given .stacksize below the walk
	// is then no sign of a crash, so the verifier does not refuse it.
	DepthAboveNeed bool
	// CodeFlags names the co_flags bits; LocalKinds the localsplus kind
	// bits (3.11+).
	CodeFlags  []NamedBit
	LocalKinds []NamedBit
	// ClassBodyFlags names the co_flags bits the release's compiler gives
	// a class body: NEWLOCALS on 2.7, whose class body runs as a function
	// and returns its own locals (LOAD_LOCALS), which must be a new dict
	// rather than the module's; none from 3.0, where __build_class__ runs
	// the body in the namespace it passes.
	ClassBodyFlags []string
	Opcodes        *OpcodeTable
	// ArgForms holds the opcodes whose argument packs more than one index.
	ArgForms map[string]ArgForm
	// ArgNames names argument values the interpreter has no table of
	// names for (RESUME's kinds; 3.6–3.7 MAKE_FUNCTION and FORMAT_VALUE),
	// written by hand; NamedArgs looks in both.
	ArgNames map[string]ArgNames
	// Slots is what each instruction takes from the stack and gives, slot
	// by slot, what it does to the locals and to the flow (slots_X_Y.go).
	Slots *SlotTable
	// Portable is how the release spells the portable instructions
	// (portable_X_Y.go).
	Portable *PortableTable
	// slotFacts is Slots parsed, on first use: a process needs the
	// pictures of one release, not of all eleven.
	slotsOnce sync.Once
	slotFacts *slotFacts
	// opFacts are facts kept by opcode number (factsOf), made on first use.
	opFactsOnce sync.Once
	opFacts     *[256]opcodeFacts
	// namedArgs is what NamedArgs reads, made on first use.
	namedOnce sync.Once
	namedArgs map[string]*ArgNames
}

// opcodeFacts are what a caller holding an opcode asks of the release
// by the opcode's name, kept by its number: a walk over the instructions
// then does no lookup by name for them.
type opcodeFacts struct {
	form     ArgForm
	argRange ArgRange
	hasRange bool
	argNames *ArgNames
}

// factsOf is op's facts, or nil for an opcode of another table.
func (v *Version) factsOf(op *Opcode) *opcodeFacts {
	if op == nil || v.Opcodes == nil || v.Opcodes.byCode[op.Code] != op {
		return nil
	}
	v.opFactsOnce.Do(func() {
		facts := new([256]opcodeFacts)
		for i := range v.Opcodes.Opcodes {
			op := &v.Opcodes.Opcodes[i]
			f := &facts[op.Code]
			f.form = v.ArgForms[op.Name]
			f.argRange, f.hasRange = v.ArgRange(op.Name)
			f.argNames = v.NamedArgs(op.Name)
		}
		v.opFacts = facts
	})
	return &v.opFacts[op.Code]
}

// Form is how op's argument packs its operand: ArgForms[op.Name], read
// by the opcode's number.
func (v *Version) Form(op *Opcode) ArgForm {
	if f := v.factsOf(op); f != nil {
		return f.form
	}
	if op == nil {
		return ArgForm{}
	}
	return v.ArgForms[op.Name]
}

// OpArgRange is ArgRange(op.Name), read by the opcode's number.
func (v *Version) OpArgRange(op *Opcode) (ArgRange, bool) {
	if f := v.factsOf(op); f != nil {
		return f.argRange, f.hasRange
	}
	if op == nil {
		return ArgRange{}, false
	}
	return v.ArgRange(op.Name)
}

// ArgForm says how an opcode's argument packs its operand.
type ArgForm struct {
	// Shift: the operand index is arg >> Shift; the bits below it are flags
	// (LOAD_GLOBAL on 3.11+ keeps a push-NULL bit under the name index).
	Shift uint
	// Pair: the argument holds two local indices, (first << 4) | second.
	Pair bool
	// Flags names the bits below the operand that pyasm writes as flag
	// words after it (LOAD_GLOBAL print null).
	Flags map[string]uint32
	// Masks gives, per operator, bits below it that follow from the
	// operator itself (COMPARE_OP's outcome mask on 3.12+).
	Masks map[string]uint32
}

// CompareMasks are the bits 3.12+ put below COMPARE_OP's operator: which
// outcomes (unordered 1, less 2, greater 4, equal 8) make it true.
var CompareMasks = map[string]uint32{"<": 2, "<=": 2 | 8, "==": 8, "!=": 1 | 2 | 4, ">": 4, ">=": 4 | 8}

// String gives the release as "3.12".
func (v *Version) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// HeaderSize is the number of bytes before the marshalled code object.
func (v *Version) HeaderSize() int { return headerSizes[v.Header] }

var headerSizes = [...]int{HeaderMtime: 8, HeaderMtimeSize: 12, HeaderFlags: 16}

// InstructionSize is the size in bytes of an instruction without prefixes
// or caches: 2 for wordcode, 1 or 3 before it.
func (v *Version) InstructionSize(op *Opcode) int {
	switch {
	case v.Wordcode:
		return 2
	case op.HasArg:
		return 3
	}
	return 1
}

// ExtendedArgSize is the size in bytes of one EXTENDED_ARG prefix, and
// ExtendedArgBits how many bits of the argument each prefix carries:
// wordcode prefixes are 2 bytes and 8 bits, 2.7's 3 bytes and 16 bits.
func (v *Version) ExtendedArgSize() int {
	if v.Wordcode {
		return 2
	}
	return 3
}

func (v *Version) ExtendedArgBits() uint {
	if v.Wordcode {
		return 8
	}
	return 16
}

// Opcode looks an opcode up by name; nil if this release has none by that name.
func (v *Version) Opcode(name string) *Opcode { return v.Opcodes.byName[name] }

// OpcodeByCode looks an opcode up by number; nil if the number is unused.
func (v *Version) OpcodeByCode(code uint8) *Opcode { return v.Opcodes.byCode[code] }

// all holds every supported release, oldest first. Each v*.go file adds its own.
var all []*Version

func register(v *Version) *Version {
	v.Opcodes.index()
	all = append(all, v)
	sort.Slice(all, func(i, j int) bool {
		return all[i].Major*100+all[i].Minor < all[j].Major*100+all[j].Minor
	})
	return v
}

// All returns every supported release, oldest first.
func All() []*Version { return append([]*Version(nil), all...) }

// Newest is the newest supported release.
func Newest() *Version { return all[len(all)-1] }

// Lookup finds a release by its "X.Y" name.
func Lookup(name string) (*Version, error) {
	for _, v := range all {
		if v.String() == name {
			return v, nil
		}
	}
	names := make([]string, len(all))
	for i, v := range all {
		names[i] = v.String()
	}
	return nil, fmt.Errorf("unsupported Python version %q (supported: %s)", name, strings.Join(names, ", "))
}

// ByMagic finds the release whose .pyc files start with magic. A magic
// number from a development build gets an error saying which release it
// belongs to.
func ByMagic(magic uint16) (*Version, error) {
	for _, v := range all {
		if v.Magic == magic {
			return v, nil
		}
	}
	for _, v := range all {
		if magic >= v.PreRelease[0] && magic <= v.PreRelease[1] {
			return nil, fmt.Errorf("unsupported pre-release magic %d (a %s development build; %s releases use %d)", magic, v, v, v.Magic)
		}
	}
	return nil, fmt.Errorf("unknown magic number %d", magic)
}
