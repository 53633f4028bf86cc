package disasm

import (
	"bytes"
	"errors"
	"slices"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/versions"
)

// Human lifts a .pyc into the program a person would write: everything
// the resolver derives by itself is left out — tables in order of first
// use, flags, kinds, first line, qualname, stack size, line and exception
// tables — and kept only for the code objects where leaving it out would
// change the result. Stats counts what had to stay.
func Human(f *pyc.File) (*asm.Program, Stats, error) {
	memo := &resolve.Memo{}
	if p, st, ok := once(f, memo); ok {
		return p, st, nil
	}
	// What once leaves to the loop: the program is minimized by resolving
	// it again and again (human). Settling (see settle) costs a resolve of
	// its own, and most files need none: no operand CPython wrote
	// otherwise than the resolver would, no prefix it left behind. So the
	// program is minimized unsettled first; when that gives back every
	// code object exactly, settling would have changed nothing, and the
	// result is the one settling first gives. Otherwise it is done again,
	// settled first.
	if p, st, exact, err := human(f, memo, false); err == nil && exact {
		return p, st, nil
	}
	p, st, _, err := human(f, memo, true)
	return p, st, err
}

// once is Human with one resolve, the common case. The program as
// lifted, every field given, is resolved once, and the resolver says what
// it would derive for each field (resolve.Derived); a block leaves out
// each field whose derived value is the one it resolved to. Each derived
// value follows from the code and the other fields as resolved, so the
// program that leaves them out resolves to the same code objects, and
// the slot walk finds what it found. ok is false when the program, also
// settled, does not give back every code object of the file exactly, or
// when a block's derived cells depend on the locals it lists: then the
// loop (human) decides.
func once(f *pyc.File, memo *resolve.Memo) (p *asm.Program, st Stats, ok bool) {
	p, d, err := lift(f)
	if err != nil {
		return nil, Stats{}, false
	}
	top, _ := f.Code()
	orig, _ := originals(p, top, false)
	// No memo: the walk's key costs more than it saves here, where each
	// block is walked once; the loop (human), which walks again and
	// again, keys its own.
	rp, warnings, err := resolveDerived(p, nil)
	if err != nil {
		return nil, Stats{}, false
	}
	if !exactly(rp, f, orig) {
		// What settling takes (see settle) is a resolve away.
		rp, warnings, err = d.settleFrom(p, memo, rp, warnings)
		if err != nil || rp == nil || !exactly(rp, f, orig) {
			return nil, Stats{}, false
		}
	}
	all := blocks(p.Module)
	for _, c := range all {
		if dv := rp.Derived[c.Label]; dv == nil || dv.ScopeNeedsVarNames || rp.Blocks[c.Label] == nil {
			return nil, Stats{}, false
		}
	}
	for _, c := range all {
		leaveOut(f.Version, c, rp.Blocks[c.Label], rp.Derived[c.Label])
	}
	st = count(p)
	st.Unverified = findings(warnings)
	return p, st, true
}

// originals pairs every block of a lifted program with the code object it
// was lifted from (orig), and keeps it as lifted (full, when asked for:
// once needs only orig).
func originals(p *asm.Program, top *marshal.Code, keep bool) (orig map[string]*marshal.Code, full map[string]saved) {
	orig = map[string]*marshal.Code{}
	if keep {
		full = map[string]saved{}
	}
	var collect func(c *asm.Code, m *marshal.Code)
	collect = func(c *asm.Code, m *marshal.Code) {
		orig[c.Label] = m
		if keep {
			full[c.Label] = saved{Code: *c, tryDepths: tryDepths(c.Body)}
		}
		children := childCodes(c)
		i := 0
		for _, k := range tuple(m.Consts) {
			if km, ok := k.(*marshal.Code); ok && i < len(children) {
				collect(children[i], km)
				i++
			}
		}
	}
	collect(p.Module, top)
	return orig, full
}

// exactly reports whether a resolved program gives back, as the file's
// release loads it, every code object of the file.
func exactly(rp *resolve.Program, f *pyc.File, orig map[string]*marshal.Code) bool {
	// The common case first: the module's code as built is the file's,
	// whole, so it loads as the file's does, every block in it. Only when
	// it differs is it written and read back, which drops what the
	// release's layout lacks.
	built := emit.CodeObjects(rp)
	if want := orig[rp.Module.Label]; want != nil && len(rp.Blocks) == len(orig) {
		if root := built[rp.Module]; root != nil && marshal.EqualIn(want, root, f.Version.Marshal) {
			return true
		}
	}
	loaded := loadedBlocks(rp, built, f)
	for label, want := range orig {
		if m := loaded[label]; m == nil || !marshal.Equal(want, m) {
			return false
		}
	}
	return true
}

// findings are the warnings that are the verifier's findings: advice is no
// reason to need --no-verify.
func findings(warnings asm.ErrorList) asm.ErrorList {
	var out asm.ErrorList
	for _, w := range warnings {
		if !w.Advice {
			out = append(out, w)
		}
	}
	return out
}

// leaveOut leaves out of a block each field whose derived value is the one
// it resolved to (got); of .varnames, all but the parameters.
func leaveOut(v *versions.Version, c *asm.Code, got *resolve.Code, d *resolve.Derived) {
	if d.FirstLineNo == got.FirstLineNo {
		c.FirstLineNo = nil
	}
	if sameConsts(d.Consts, got.Consts) {
		c.Consts = nil
	}
	if slices.Equal(d.Names, got.Names) {
		c.Names = nil
	}
	// From 3.11 the locals are written only as part of localsplus, whose
	// kinds may be given (.kind): the table of .varnames may differ where
	// localsplus does not.
	locals := slices.Equal(d.Locals, d.VarNames)
	if v.LocalsPlus {
		locals = slices.Equal(d.LocalsPlusNames, got.LocalsPlusNames) &&
			(bytes.Equal(d.LocalsPlusKinds, got.LocalsPlusKinds) || bytes.Equal(d.LocalsPlusGiven, got.LocalsPlusKinds))
	}
	kinds := d.Kinds
	if locals {
		c.VarNames = c.VarNames[:d.Params]
		if d.Params == 0 {
			c.VarNames = nil
		}
		kinds = d.LocalsPlusKinds
	}
	if bytes.Equal(kinds, got.LocalsPlusKinds) {
		c.Kinds = nil
	}
	if slices.Equal(d.Cells, d.CellVars) && slices.Equal(d.Frees, d.FreeVars) {
		c.CellVars, c.FreeVars = nil, nil
	}
	if d.Flags == got.Flags {
		c.Flags = nil
	}
	if d.QualName == got.QualName {
		c.QualName = nil
	}
	if d.StackSize == got.StackSize {
		c.StackSize = nil
	}
	if bytes.Equal(d.LineTable, got.LineTable) {
		c.HasLineTable = false
	}
	if bytes.Equal(d.ExceptionTable, got.ExceptionTable) {
		c.HasExcTable = false
	}
}

// sameConsts compares two constant tables, a code block by its label.
func sameConsts(a, b []marshal.Object) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameConst(a[i], b[i]) {
			return false
		}
	}
	return true
}

func sameConst(a, b marshal.Object) bool {
	if a == b {
		return true
	}
	switch a := a.(type) {
	case *asm.CodeRef:
		b, ok := b.(*asm.CodeRef)
		return ok && a.Label == b.Label
	case *marshal.Tuple:
		b, ok := b.(*marshal.Tuple)
		return ok && sameConsts(a.Items, b.Items)
	case *marshal.FrozenSet:
		b, ok := b.(*marshal.FrozenSet)
		return ok && sameConsts(a.Items, b.Items)
	}
	if _, ok := b.(*asm.CodeRef); ok {
		return false
	}
	return marshal.Equal(a, b)
}

// human is Human by a loop, settling the lifted program first or not:
// everything derivable is left out, the program resolved, and what the
// resolver did not give back put back, until it gives back everything.
// exact tells that the program gives back every code object of the file.
func human(f *pyc.File, memo *resolve.Memo, settle bool) (*asm.Program, Stats, bool, error) {
	p, d, err := lift(f)
	if err == nil && settle {
		err = d.settle(p, memo)
	}
	if err != nil {
		return nil, Stats{}, false, err
	}
	top, _ := f.Code()
	orig, full := originals(p, top, true)

	for _, c := range blocks(p.Module) {
		dropDerivable(f.Version, c)
	}
	// Restore, block by block, what the resolver did not reproduce. A
	// restored table changes the code bytes and so the depth and line
	// tables, so this repeats until the program gives back every field.
	restored := map[string]bool{}
	var found asm.ErrorList
	exact := false
	//
	// The first round leaves out the slot walk: it nearly always restores
	// something (a function's unused first constant, None or its
	// docstring), and its findings count only in the last round. The
	// rounds after it walk only code the memo has not seen pass.
	rounds := 64
	if !settle {
		// Unsettled, a program that has not settled down in a few rounds
		// is one to settle first (a damaged file can keep it changing).
		rounds = 4
	}
	for round := 0; round < rounds; round++ {
		rp, warnings, err := resolveAsIs(p, memo, round > 0)
		if err != nil {
			// Something dropped was needed for a block to be valid at all
			// (its flags, or the order of its locals): that block keeps
			// everything. Errors name their block (see setPos).
			// A block that fails again gets its overrides back too.
			failed := failedBlocks(err)
			for _, c := range blocks(p.Module) {
				if failed == nil || failed[c.Label] {
					restoreAll(c, full[c.Label], restored[c.Label])
					restored[c.Label] = true
				}
			}
			if failed == nil {
				break
			}
			continue
		}
		found = findings(warnings)
		changed := false
		exact = true
		loaded := loadedBlocks(rp, emit.CodeObjects(rp), f)
		for _, c := range blocks(p.Module) {
			// Compare what would be written: only the release's fields.
			m := loaded[c.Label]
			if m == nil {
				exact = false
				continue
			}
			if exact && !marshal.Equal(orig[c.Label], m) {
				exact = false
			}
			if restoreDiffering(c, full[c.Label], orig[c.Label], m) {
				changed = true
			}
		}
		if !changed && round > 0 {
			st := count(p)
			st.Unverified = found
			return p, st, exact, nil
		}
		exact = false
	}
	st := count(p)
	st.Unverified = found
	return p, st, false, nil
}

// loadedBlocks is the code object of every block of a resolved program,
// as built (emit.CodeObjects), as the file's release loads it
// (normalize): the module's tree is
// written and read back once, and a block outside it on its own. A block
// that does not build is left out.
func loadedBlocks(rp *resolve.Program, built map[*resolve.Code]*marshal.Code, f *pyc.File) map[string]*marshal.Code {
	loaded := map[*marshal.Code]*marshal.Code{}
	if root := built[rp.Module]; root != nil {
		if n, err := normalize(root, f); err == nil {
			pairCodes(root, n, loaded)
		}
	}
	out := map[string]*marshal.Code{}
	for label, c := range rp.Blocks {
		m := built[c]
		if m == nil {
			continue
		}
		n := loaded[m]
		if n == nil {
			var err error
			if n, err = normalize(m, f); err != nil {
				continue
			}
		}
		out[label] = n
	}
	return out
}

// pairCodes maps each code object in the tree of a to its copy in b, a
// tree of the same shape (a written and read back).
func pairCodes(a, b marshal.Object, out map[*marshal.Code]*marshal.Code) {
	switch a := a.(type) {
	case *marshal.Code:
		if bc, ok := b.(*marshal.Code); ok {
			out[a] = bc
			pairCodes(a.Consts, bc.Consts, out)
		}
	case *marshal.Tuple:
		if bt, ok := b.(*marshal.Tuple); ok && len(bt.Items) == len(a.Items) {
			for i := range a.Items {
				pairCodes(a.Items[i], bt.Items[i], out)
			}
		}
	case *marshal.FrozenSet:
		if bt, ok := b.(*marshal.FrozenSet); ok && len(bt.Items) == len(a.Items) {
			for i := range a.Items {
				pairCodes(a.Items[i], bt.Items[i], out)
			}
		}
	}
}

// normalize writes a code object in the file's dialect and reads it back,
// so that fields the release's layout lacks are gone.
func normalize(m *marshal.Code, f *pyc.File) (*marshal.Code, error) {
	data, err := marshal.Encode(m, f.Version.Marshal)
	if err != nil {
		return nil, err
	}
	o, _, err := marshal.Decode(data, f.Version.Marshal, marshal.DecodeOptions{})
	if err != nil {
		return nil, err
	}
	return o.(*marshal.Code), nil
}

// failedBlocks lists the blocks a resolver error names; nil if some error
// names none.
func failedBlocks(err error) map[string]bool {
	var list asm.ErrorList
	if !errors.As(err, &list) {
		return nil
	}
	out := map[string]bool{}
	for _, e := range list {
		if e.Pos.File == "" {
			return nil
		}
		out[e.Pos.File] = true
	}
	return out
}

func childCodes(c *asm.Code) []*asm.Code {
	var out []*asm.Code
	for _, s := range c.Body {
		if ch, ok := s.(*asm.Code); ok {
			out = append(out, ch)
		}
	}
	return out
}

// blocks lists a block and all blocks inside it.
func blocks(c *asm.Code) []*asm.Code {
	out := []*asm.Code{c}
	for _, ch := range childCodes(c) {
		out = append(out, blocks(ch)...)
	}
	return out
}

// dropDerivable leaves out what the resolver derives, but keeps the
// parameters at the head of .varnames: the resolver does not take them
// from first use.
func dropDerivable(v *versions.Version, c *asm.Code) {
	c.FirstLineNo = nil
	c.VarNames = parameters(v, c)
	c.Consts, c.Names, c.CellVars, c.FreeVars = nil, nil, nil, nil
	c.Kinds, c.Flags, c.QualName, c.StackSize = nil, nil, nil, nil
	c.HasLineTable, c.HasExcTable = false, false
}

// parameters is the head of a block's .varnames that names its
// parameters (nil if none).
func parameters(v *versions.Version, c *asm.Code) []string {
	params := c.ArgCount + c.KwOnlyArgCount
	for _, f := range []string{"VARARGS", "VARKEYWORDS"} {
		if c.Flags != nil && *c.Flags&versions.BitNamed(v.CodeFlags, f) != 0 {
			params++
		}
	}
	if head := c.VarNames[:min(max(params, 0), len(c.VarNames))]; len(head) > 0 {
		return head
	}
	return nil
}

// tryDepths lists the depth of every try region of a body, in order; with
// depths non-nil, setTryDepths puts them back (nil clears them).
func tryDepths(body []asm.Stmt) []*int {
	var out []*int
	for _, s := range body {
		if t, ok := s.(*asm.Try); ok {
			out = append(out, t.Depth)
			out = append(out, tryDepths(t.Body)...)
		}
	}
	return out
}

func sameDepths(a, b []*int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if (a[i] == nil) != (b[i] == nil) || a[i] != nil && *a[i] != *b[i] {
			return false
		}
	}
	return true
}

func setTryDepths(body []asm.Stmt, depths []*int) []*int {
	for _, s := range body {
		if t, ok := s.(*asm.Try); ok {
			if depths == nil {
				t.Depth = nil
			} else {
				t.Depth, depths = depths[0], depths[1:]
			}
			depths = setTryDepths(t.Body, depths)
		}
	}
	return depths
}

// saved is a block as lifted, before anything was dropped.
type saved struct {
	asm.Code
	tryDepths []*int
}

// restoreAll puts back everything derivable, and with overrides also the
// stack size and the line and exception tables.
func restoreAll(c *asm.Code, full saved, overrides bool) {
	c.FirstLineNo = full.FirstLineNo
	setTryDepths(c.Body, full.tryDepths)
	c.Consts, c.Names, c.VarNames, c.CellVars, c.FreeVars = full.Consts, full.Names, full.VarNames, full.CellVars, full.FreeVars
	c.Kinds, c.Flags, c.QualName = full.Kinds, full.Flags, full.QualName
	if overrides {
		c.StackSize = full.StackSize
		c.LineTable, c.HasLineTable = full.LineTable, full.HasLineTable
		c.ExceptionTable, c.HasExcTable = full.ExceptionTable, full.HasExcTable
	}
}

// restoreDiffering puts back each explicit item whose derived value differs
// from the original code object's; true if anything was put back.
func restoreDiffering(c *asm.Code, full saved, want, got *marshal.Code) bool {
	changed := false
	restore := func(differs bool, put func()) {
		if differs {
			put()
			changed = true
		}
	}
	same := func(a, b marshal.Object) bool { return marshal.Equal(a, b) }
	restore(c.Consts == nil && !same(want.Consts, got.Consts), func() { c.Consts = full.Consts })
	restore(c.Names == nil && !same(want.Names, got.Names), func() { c.Names = full.Names })
	locals := !same(want.VarNames, got.VarNames) || !same(want.LocalsPlusNames, got.LocalsPlusNames)
	restore(len(c.VarNames) < len(full.VarNames) && locals, func() { c.VarNames = full.VarNames })
	cells := !same(want.CellVars, got.CellVars) || !same(want.FreeVars, got.FreeVars) || !same(want.LocalsPlusNames, got.LocalsPlusNames)
	restore(c.CellVars == nil && cells, func() { c.CellVars, c.FreeVars = full.CellVars, full.FreeVars })
	restore(c.Kinds == nil && !same(want.LocalsPlusKinds, got.LocalsPlusKinds), func() { c.Kinds = full.Kinds })
	restore(c.Flags == nil && want.Flags != got.Flags, func() { c.Flags = full.Flags })
	restore(want.QualName != nil && c.QualName == nil && !same(want.QualName, got.QualName), func() { c.QualName = full.QualName })
	restore(c.FirstLineNo == nil && want.FirstLineNo != got.FirstLineNo, func() { c.FirstLineNo = full.FirstLineNo })
	// Overrides last: they are only needed once everything they depend on
	// (the code, the first line, the tables) is equal.
	if !changed && same(want.Bytecode, got.Bytecode) {
		restore(c.StackSize == nil && want.StackSize != got.StackSize, func() { c.StackSize = full.StackSize })
		restore(!c.HasLineTable && !same(want.LineTable, got.LineTable), func() { c.LineTable, c.HasLineTable = full.LineTable, true })
		if want.ExceptionTable != nil && !c.HasExcTable && !same(want.ExceptionTable, got.ExceptionTable) {
			// Given depths first; the table itself only if they do not do.
			if !sameDepths(tryDepths(c.Body), full.tryDepths) {
				restore(true, func() { setTryDepths(c.Body, full.tryDepths) })
			} else {
				restore(true, func() { c.ExceptionTable, c.HasExcTable = full.ExceptionTable, true })
			}
		}
	}
	return changed
}

// count tallies what the program spells out.
func count(p *asm.Program) Stats {
	var s Stats
	for _, c := range blocks(p.Module) {
		s.CodeObjects++
		if c.StackSize != nil {
			s.StackSize++
		}
		if c.HasLineTable {
			s.LineTable++
		}
		if c.HasExcTable {
			s.ExceptionTable++
		}
		var walk func([]asm.Stmt)
		walk = func(body []asm.Stmt) {
			for _, st := range body {
				switch st := st.(type) {
				case *asm.Instr:
					s.Prefixes += st.ExtendedArgs
					for _, a := range st.Args {
						if _, ok := a.(*asm.Raw); ok {
							s.RawOperands++
						}
					}
				case *asm.Try:
					walk(st.Body)
				}
			}
		}
		walk(c.Body)
	}
	return s
}
