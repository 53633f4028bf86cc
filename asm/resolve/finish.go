package resolve

import (
	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/exctable"
	"github.com/pyasm/pyasm/versions"
)

// bit looks a named bit up in one of the release's flag tables.
var bit = versions.BitNamed

func (b *builder) name() string {
	if b.module {
		return strOr(b.src.Name, "<module>")
	}
	return strOr(b.src.Name, b.src.Label)
}

// defaultQualName derives co_qualname as CPython does: a block in the
// module is its name; in a function, "outer.<locals>.name"; in a class
// body (no OPTIMIZED flag), "Class.name".
func (b *builder) defaultQualName(name string) string {
	p := b.parent
	if p == nil || p == b.r.module {
		return name
	}
	if p.Flags&bit(b.v.CodeFlags, "OPTIMIZED") != 0 {
		return p.QualName + ".<locals>." + name
	}
	return p.QualName + "." + name
}

// flags derives co_flags unless the block gives them, as CPython's
// compiler sets them: a module has none, a class body the release's
// class-body flags (2.7: NEWLOCALS), and a function is OPTIMIZED|NEWLOCALS,
// NESTED when a function encloses it, METHOD (3.14+) when it is defined
// in a class body, GENERATOR when it yields; all of them NOFREE up to 3.10
// when nothing is a cell or free.
func (b *builder) flags() uint32 {
	if b.src.Flags != nil {
		return *b.src.Flags
	}
	return b.derivedFlags()
}

// derivedFlags is flags as if the block gave none.
func (b *builder) derivedFlags() uint32 {
	names := b.v.CodeFlags
	var f uint32
	if !b.module && b.namesOnly() {
		for _, n := range b.v.ClassBodyFlags {
			f |= bit(names, n)
		}
	} else if !b.module {
		f |= bit(names, "OPTIMIZED") | bit(names, "NEWLOCALS")
		if b.inFunction {
			f |= bit(names, "NESTED")
		}
		if b.parent != b.r.module && b.parent.Flags&bit(names, "OPTIMIZED") == 0 {
			f |= bit(names, "METHOD") // a bit of 3.14+ only
		}
		f |= b.generatorKind(names)
	}
	if len(b.cellvars.list) == 0 && len(b.freevars.list) == 0 {
		f |= bit(names, "NOFREE")
	}
	return f
}

// namesOnly reports whether the block keeps its variables by name
// (STORE_NAME, LOAD_NAME) and never in fast locals, as a class body does:
// such a block gets a class body's flags. A local opcode on a cell (3.13+
// loads __class__ and __classdict__ for closures with LOAD_FAST) is no
// fast local.
func (b *builder) namesOnly() bool {
	byName := false
	for _, in := range b.insts {
		switch in.op.Name {
		case "STORE_NAME", "LOAD_NAME", "DELETE_NAME":
			byName = true
		}
		if in.op.Operand != versions.OperandLocal {
			continue
		}
		for _, a := range in.src.Args {
			if id, ok := a.(*asm.Ident); !ok || !b.cellvars.has(id.Name) && !b.freevars.has(id.Name) {
				return false
			}
		}
	}
	return byName
}

// generatorKind derives the generator flags: 3.10's GEN_START says which
// kind (0 generator, 1 coroutine, 2 async generator); otherwise code that
// yields or returns a generator is a GENERATOR.
func (b *builder) generatorKind(names []versions.NamedBit) uint32 {
	for _, in := range b.insts {
		switch in.op.Name {
		case "GEN_START":
			kinds := []string{"GENERATOR", "COROUTINE", "ASYNC_GENERATOR"}
			if int(in.arg) < len(kinds) {
				return bit(names, kinds[in.arg])
			}
		case "YIELD_VALUE", "RETURN_GENERATOR":
			return bit(names, "GENERATOR")
		}
	}
	return 0
}

// localsPlus lays out 3.11+'s one table of locals, cells and free
// variables, with a kind byte each: locals (parameters first) in order,
// then cells that are not also locals, then free variables.
func (b *builder) localsPlus(flags uint32) ([]string, []byte) {
	names, kinds := b.localsPlusWith(&b.varnames, flags)
	b.givenKinds(names, kinds)
	return names, kinds
}

// localsPlusWith is localsPlus with varnames for the locals, and without
// the kinds the block gives (.kind).
func (b *builder) localsPlusWith(varnames *nameTable, flags uint32) ([]string, []byte) {
	table := b.v.LocalKinds
	local, cell, free := bit(table, "LOCAL"), bit(table, "CELL"), bit(table, "FREE")
	names := b.localsPlusNamesWith(varnames)
	out := make([]byte, len(names))
	// By position: locals, then cells that are not locals, then free
	// variables; a name may stand twice (a class body's __class__ is both
	// a cell and free).
	nlocal, ncell := len(varnames.list), len(names)-len(varnames.list)-len(b.freevars.list)
	for i, n := range names {
		switch {
		case i < nlocal:
			out[i] = byte(local)
			if b.cellvars.has(n) {
				out[i] |= byte(cell)
			}
		case i < nlocal+ncell:
			out[i] = byte(cell)
		default:
			out[i] = byte(free)
		}
	}
	b.argKinds(out, flags)
	return names, out
}

// givenKinds puts the kinds the block gives (.kind) in a localsplus table.
func (b *builder) givenKinds(names []string, kinds []byte) {
	for i, n := range names {
		if k, ok := b.src.Kinds[n]; ok {
			kinds[i] = k
		}
	}
}

// localsPlusNames is the order of localsplus: locals, cells that are not
// locals, free variables.
func (b *builder) localsPlusNames() []string { return b.localsPlusNamesWith(&b.varnames) }

func (b *builder) localsPlusNamesWith(varnames *nameTable) []string {
	names := append([]string(nil), varnames.list...)
	for _, n := range b.cellvars.list {
		if !varnames.has(n) {
			names = append(names, n)
		}
	}
	return append(names, b.freevars.list...)
}

// argKinds adds the argument bits of 3.14+ to the parameters' kinds:
// positional ones are ARG_POS (and ARG_KW unless positional-only),
// keyword-only ones ARG_KW, then *args ARG_POS|ARG_VAR and **kwargs
// ARG_KW|ARG_VAR. Releases without these bits are left alone.
func (b *builder) argKinds(kinds []byte, flags uint32) {
	pos, kw, va := bit(b.v.LocalKinds, "ARG_POS"), bit(b.v.LocalKinds, "ARG_KW"), bit(b.v.LocalKinds, "ARG_VAR")
	if pos == 0 {
		return
	}
	// Walk the table, not the counts: a count may be anything (checked
	// apart), the table is as long as the names.
	at := 0
	mark := func(n int, k uint32) {
		for ; n > 0 && at < len(kinds); n-- {
			kinds[at] |= byte(k)
			at++
		}
	}
	c := b.src
	posOnly := min(max(c.PosOnlyArgCount, 0), max(c.ArgCount, 0))
	mark(posOnly, pos)
	mark(c.ArgCount-posOnly, pos|kw)
	mark(c.KwOnlyArgCount, kw)
	if flags&bit(b.v.CodeFlags, "VARARGS") != 0 {
		mark(1, pos|va)
	}
	if flags&bit(b.v.CodeFlags, "VARKEYWORDS") != 0 {
		mark(1, kw|va)
	}
}

// entry is an exception-table entry and whether its depth is known yet.
type entry struct {
	exctable.Entry
	known bool
}

// exceptionEntries lays the try regions out as CPython builds its table:
// each instruction belongs to its innermost region, and consecutive
// instructions with the same handler, depth and lasti make one entry.
func (b *builder) exceptionEntries() []entry {
	var entries []entry
	type key struct {
		target, depth int
		lasti, known  bool
	}
	var cur key
	inCur := false // cur is the key of the entry being extended
	for _, in := range b.insts {
		reg := in.region
		if reg == nil || reg.handler < 0 {
			inCur = false
			continue
		}
		k := key{b.offsetOf(reg.handler) / 2, reg.depth, reg.try.Lasti, reg.known}
		start, end := in.offset/2, (in.offset+b.size(in))/2
		if inCur && k == cur && entries[len(entries)-1].End == start {
			entries[len(entries)-1].End = end
			continue
		}
		cur, inCur = k, true
		entries = append(entries, entry{exctable.Entry{Start: start, End: end, Target: k.target, Depth: k.depth, Lasti: k.lasti}, k.known})
	}
	return entries
}

// exceptionTable writes co_exceptiontable.
func (b *builder) exceptionTable() []byte {
	var entries []exctable.Entry
	for _, e := range b.exceptionEntries() {
		entries = append(entries, e.Entry)
	}
	tab, err := exctable.Encode(entries)
	if err != nil {
		b.r.errorf(b.src.Pos, "exception table of %s: %v", b.name(), err)
	}
	return tab
}

// resolveHandlers finds each region's handler label.
func (b *builder) resolveHandlers() {
	for _, reg := range b.regions {
		i, ok := b.labels[reg.try.Handler]
		if !ok {
			e := b.r.errorf(reg.try.Pos, "no label %s for the handler of this try region", reg.try.Handler)
			if near := asm.Suggest(reg.try.Handler, keys(b.labels)); near != "" {
				e.Hint = "did you mean " + near + "?"
			}
			b.badHandlers = true
			continue
		}
		reg.handler = i
	}
}

// finish computes what depends on the whole block and builds its Code.
func (b *builder) finish() *Code {
	c := b.src
	b.checkCounts()
	flags := b.flags()
	named := b.checkParamNames(flags)
	name := b.name()
	out := &Code{
		Label:           c.Label,
		Name:            name,
		QualName:        strOr(c.QualName, b.defaultQualName(name)),
		Filename:        strOr(c.Filename, b.r.prog.Filename),
		ArgCount:        c.ArgCount,
		PosOnlyArgCount: c.PosOnlyArgCount,
		KwOnlyArgCount:  c.KwOnlyArgCount,
		FirstLineNo:     b.firstLine,
		Flags:           flags,
		Bytecode:        b.code,
		Consts:          b.consts.list,
		Names:           b.names.list,
		Marshal:         c.Marshal,
	}
	if b.v.LocalsPlus {
		out.LocalsPlusNames, out.LocalsPlusKinds = b.localsPlus(flags)
	} else {
		out.VarNames, out.CellVars, out.Frees = b.varnames.list, b.cellvars.list, b.freevars.list
		out.NLocals = len(b.varnames.list)
		if c.NLocals != nil {
			out.NLocals = *c.NLocals
		}
	}
	if named {
		b.checkParamRoom(flags, out)
	}
	b.resolveHandlers()
	b.verifyArgs()
	if !b.badOpcodes {
		b.verifyJumps()
	}
	if !b.badJumps && !b.badHandlers && !b.badOpcodes {
		out.StackSize = b.stackDepth()
		b.needed, b.measured = out.StackSize, true
		if c.StackSize != nil && *c.StackSize < out.StackSize && !b.v.DepthAboveNeed {
			// CPython sizes the frame's value stack by co_stacksize and
			// does not check a push against it.
			b.verifyf(c.Pos, "in %s: the code needs %d stack slots, .stacksize gives %d: CPython would write past the frame", b.name(), out.StackSize, *c.StackSize)
		}
	}
	derivedStack := out.StackSize
	if c.StackSize != nil {
		out.StackSize = *c.StackSize
	}
	out.LineTable = b.lineTable()
	derivedLines := out.LineTable
	if c.HasLineTable {
		out.LineTable = c.LineTable
	}
	var derivedExc []byte
	if b.v.ExceptionTable {
		out.ExceptionTable = b.exceptionTable()
		derivedExc = out.ExceptionTable
		if c.HasExcTable {
			out.ExceptionTable = c.ExceptionTable
		}
	}
	if b.r.opts.Derived {
		b.derive(out, flags, derivedStack, derivedLines, derivedExc)
	}
	return out
}

// derive fills b.derived (Options.Derived); stack, lines and exc are the
// stack size and tables the block would get without its own.
func (b *builder) derive(out *Code, flags uint32, stack int, lines, exc []byte) {
	c, scope := b.src, b.r.scopes[b.src]
	// The locals without .varnames past the parameters.
	params := min(b.params(flags), len(c.VarNames))
	var locals nameTable
	locals.init(c.VarNames[:params])
	for _, n := range b.varnames.firstUse {
		locals.add(n)
	}
	d := &Derived{
		VarNames: b.varnames.list, CellVars: b.cellvars.list, FreeVars: b.freevars.list,
		Consts: b.consts.firstUse, Names: b.names.firstUse,
		Params: params, Locals: locals.list,
		Cells: scope.derivedCells, Frees: scope.derivedFrees, ScopeNeedsVarNames: scope.needsVarNames,
		FirstLineNo: asm.FirstLine(c.Body),
		Flags:       b.derivedFlags(),
		QualName:    b.defaultQualName(out.Name),
		StackSize:   stack,
		LineTable:   lines, ExceptionTable: exc,
	}
	if b.v.LocalsPlus {
		_, d.Kinds = b.localsPlusWith(&b.varnames, flags)
		d.LocalsPlusNames, d.LocalsPlusKinds = b.localsPlusWith(&locals, flags)
		d.LocalsPlusGiven = append([]byte(nil), d.LocalsPlusKinds...)
		b.givenKinds(d.LocalsPlusNames, d.LocalsPlusGiven)
	}
	b.derived = d
}
