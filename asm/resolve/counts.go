package resolve

import (
	"fmt"
	"math"
	"strings"

	"github.com/pyasm/pyasm/asm"
)

// The counts a code block declares — its argument counts, co_nlocals,
// co_stacksize, the EXTENDED_ARG prefixes an instruction forces — come
// from whoever built the program: the grammar bounds what it reads, but a
// Go program or a lifted .pyc may give any number. Nothing here is sized
// by one of them (argKinds walks the localsplus table, not the counts);
// these checks refuse what cannot be written, what CPython refuses to
// load, and what it misreads.

// maxForcedPrefixes bounds the EXTENDED_ARG prefixes one instruction may
// force. An argument needs at most three; the extra ones reproduce runs
// CPython's optimizer left behind, a handful in real files. The bound keeps
// a stray count from sizing gigabytes of code.
const maxForcedPrefixes = 1 << 16

// countField is one of the code object's int fields as the block gives it.
type countField struct {
	field string // the co_ field, without co_
	value int
	set   bool // given: non-zero, or a non-nil override
	// signed fields may be below zero (co_firstlineno); counts may not.
	signed bool
}

// checkCounts refuses count fields that cannot be written: below zero
// (CPython refuses to load such a code object; a 2.7 stack size below zero
// it loads, and sizes the frame by), beyond the 32 bits of the field, or
// given for a release whose code objects lack the field. It also refuses
// more positional-only parameters than positional ones.
func (b *builder) checkCounts() {
	c := b.src
	fields := []countField{
		{field: "argcount", value: c.ArgCount, set: c.ArgCount != 0},
		{field: "posonlyargcount", value: c.PosOnlyArgCount, set: c.PosOnlyArgCount != 0},
		{field: "kwonlyargcount", value: c.KwOnlyArgCount, set: c.KwOnlyArgCount != 0},
	}
	if c.NLocals != nil {
		fields = append(fields, countField{field: "nlocals", value: *c.NLocals, set: true})
	}
	if c.StackSize != nil {
		fields = append(fields, countField{field: "stacksize", value: *c.StackSize, set: true})
	}
	// The first line is given, or the first positive .line.
	fields = append(fields, countField{field: "firstlineno", value: b.firstLine, set: true, signed: true})
	for _, f := range fields {
		switch {
		case !f.set:
		case !b.hasField(f.field):
			e := b.r.errorf(c.Pos, "in %s: %s code objects have no co_%s", b.name(), b.v, f.field)
			if f.field == "nlocals" {
				e.Hint = "from 3.11 the locals are the localsplus entries of kind LOCAL: list them with .varnames"
			}
		case !f.signed && f.value < 0:
			b.r.errorf(c.Pos, "in %s: co_%s is %d, below zero: CPython refuses to load a code object with a count below zero", b.name(), f.field, f.value)
		case f.value > math.MaxInt32 || f.value < math.MinInt32:
			b.r.errorf(c.Pos, "in %s: co_%s is %d, which does not fit in the field's 32 bits", b.name(), f.field, f.value)
		}
	}
	if c.PosOnlyArgCount > c.ArgCount && c.ArgCount >= 0 && b.hasField("posonlyargcount") {
		// SystemError "bad argument to internal function", on 3.8-3.15.
		b.verifyHint(c.Pos, fmt.Sprintf("the positional-only parameters are the first of the positional ones: raise .argcount to at least %d, or lower .posonlyargcount", c.PosOnlyArgCount),
			"in %s: .posonlyargcount %d is more than .argcount %d: CPython refuses to load it", b.name(), c.PosOnlyArgCount, c.ArgCount)
	}
}

// hasField reports whether the release's code objects have the field.
func (b *builder) hasField(name string) bool {
	for _, f := range b.v.Marshal.Code.Fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// forcedPrefixes is the number of EXTENDED_ARG prefixes an instruction
// forces: the EXTENDED_ARG instructions before it (pending) and its own
// ExtendedArgs, refused below zero or beyond maxForcedPrefixes.
func (b *builder) forcedPrefixes(s *asm.Instr, pending int) int {
	switch n := pending + s.ExtendedArgs; {
	case s.ExtendedArgs < 0:
		b.r.errorf(s.Pos, "%s forces %d EXTENDED_ARG prefixes, below zero", s.Op, s.ExtendedArgs)
		return pending
	case n > maxForcedPrefixes:
		b.r.errorf(s.Pos, "%s forces %d EXTENDED_ARG prefixes; at most %d can be forced on one instruction (an argument needs 3 at most)", s.Op, n, maxForcedPrefixes)
		return 0
	default:
		return n
	}
}

// params is the number of parameters the block declares: co_argcount,
// co_kwonlyargcount, and one each for *args (VARARGS) and **kwargs
// (VARKEYWORDS). Counts below zero, and a count the release's code objects
// lack, were refused by checkCounts and count as none here.
func (b *builder) params(flags uint32) int {
	n := max(b.src.ArgCount, 0)
	if b.hasField("kwonlyargcount") {
		n += max(b.src.KwOnlyArgCount, 0)
	}
	for _, f := range []string{"VARARGS", "VARKEYWORDS"} {
		if flags&bit(b.v.CodeFlags, f) != 0 {
			n++
		}
	}
	return n
}

// paramWords says where the parameters come from: ".argcount 2, VARARGS".
func (b *builder) paramWords(flags uint32) string {
	var w []string
	if b.src.ArgCount != 0 {
		w = append(w, fmt.Sprintf(".argcount %d", b.src.ArgCount))
	}
	if b.src.KwOnlyArgCount != 0 && b.hasField("kwonlyargcount") {
		w = append(w, fmt.Sprintf(".kwonlyargcount %d", b.src.KwOnlyArgCount))
	}
	for _, f := range []string{"VARARGS", "VARKEYWORDS"} {
		if flags&bit(b.v.CodeFlags, f) != 0 {
			w = append(w, f)
		}
	}
	return strings.Join(w, ", ")
}

// checkParamNames refuses parameters named by first use: CPython binds the
// arguments to the first locals, so a block whose .varnames does not list
// every parameter would get as parameters whichever locals its code
// happens to use first. False if it reported an error.
func (b *builder) checkParamNames(flags uint32) bool {
	n := b.params(flags)
	given := len(b.src.VarNames)
	all := b.varnames.list
	if n == 0 || given >= n || len(all) <= given {
		return true
	}
	taken := all[given:min(n, len(all))]
	listed := "has no .varnames: they would be the first locals its code uses"
	if n == 1 {
		listed = "has no .varnames: it would be the first local its code uses"
	}
	if given > 0 {
		listed = fmt.Sprintf(".varnames lists only %d (%s): the others would be the first locals its code uses", given, strings.Join(all[:given], ", "))
	}
	e := b.r.errorf(b.src.Pos, "%s takes %s (%s) but %s, %s",
		b.name(), plural(n, "parameter"), b.paramWords(flags), listed, strings.Join(taken, ", "))
	names := strings.Join(all[:min(n, len(all))], ", ")
	if len(all) < n {
		names += ", …"
	}
	e.Hint = fmt.Sprintf("list the %s first in .varnames, in order: .varnames %s", plural(n, "parameter"), names)
	if n == 1 {
		e.Hint = "list the parameter first in .varnames: .varnames " + names
	}
	return false
}

// checkParamRoom refuses parameters that do not fit the locals. CPython
// binds the arguments to the first locals: up to 3.10 the names of
// co_varnames, from 3.11 the localsplus entries of kind LOCAL. 3.6 and
// later refuse to load a code object with fewer ("code: varnames is too
// small", ValueError; checked on 3.6-3.15); 2.7 loads it and reads past
// co_varnames when it binds a keyword argument (it crashes). Up to 3.10 the
// frame also has room for co_nlocals locals only: CPython stores the
// arguments past them (2.7 crashes; 3.6-3.10 bind them wrong).
func (b *builder) checkParamRoom(flags uint32, out *Code) {
	n := b.params(flags)
	if n == 0 {
		return
	}
	var room int
	if b.v.LocalsPlus {
		local := byte(bit(b.v.LocalKinds, "LOCAL"))
		for _, k := range out.LocalsPlusKinds {
			if k&local != 0 {
				room++
			}
		}
	} else {
		room = len(out.VarNames)
	}
	// what starts the messages; built only for one.
	what := func() string {
		return fmt.Sprintf("%s takes %s (%s)", b.name(), plural(n, "parameter"), b.paramWords(flags))
	}
	if room < n {
		refusal := "CPython refuses to load it (code: co_varnames is too small)"
		switch {
		case b.v.Major == 2:
			refusal = "CPython 2.7 reads past co_varnames when it binds a keyword argument, and crashes"
		case !b.v.LocalsPlus:
			refusal = "CPython refuses to load it (code: varnames is too small)"
		}
		has := "no locals"
		if room > 0 {
			has = plural(room, "local")
			if !b.v.LocalsPlus || room == len(b.varnames.list) {
				has += " (" + strings.Join(b.varnames.list, ", ") + ")"
			}
		}
		hint := fmt.Sprintf("the parameters are the first %s of .varnames: name %d more", plural(n, "local"), n-room)
		if room == 0 {
			hint = fmt.Sprintf("name the %s in .varnames, first and in order", plural(n, "parameter"))
		}
		b.verifyHint(b.src.Pos, hint, "%s but has %s: %s", what(), has, refusal)
		return
	}
	if !b.v.LocalsPlus && out.NLocals < n {
		b.verifyHint(b.src.Pos, fmt.Sprintf("raise .nlocals to at least %d, or leave it out", n),
			"%s but .nlocals %d leaves room for %s: CPython stores the arguments past the frame's locals", what(), out.NLocals, plural(out.NLocals, "local"))
	}
}
