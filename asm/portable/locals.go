package portable

import (
	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/versions"
)

// uncheckedForm is the table's form for a load that the release does not
// check (3.12+ LOAD_FAST, whose action is load-unchecked) of a local that
// some path reaches unassigned: in a portable program LOAD_FAST reads a
// local as Python does, raising UnboundLocalError, which 3.12+ needs
// LOAD_FAST_CHECK for. CPython's compiler makes the same choice.
const uncheckedForm = "unassigned LOAD_FAST"

// flowSite is one instruction of a lowered block, for the walk: where it
// stands in its body (to be replaced) and the handler of the innermost try
// region around it.
type flowSite struct {
	slot    *asm.Stmt
	in      *asm.Instr
	handler string
}

// checkLocals replaces, in the lowered body of c, each unchecked load of a
// local that some path reaches unassigned with the release's checked
// load. The walk is a forward "definitely assigned" analysis over jumps,
// fall-through and handlers; parameters, cells and free variables start
// assigned.
func (l *lowerer) checkLocals(c *asm.Code, body []asm.Stmt) {
	var sites []flowSite
	labels := map[string]int{}
	var flatten func(body []asm.Stmt, handler string)
	flatten = func(body []asm.Stmt, handler string) {
		for i := range body {
			switch s := body[i].(type) {
			case *asm.Instr:
				if s != nil {
					sites = append(sites, flowSite{slot: &body[i], in: s, handler: handler})
				}
			case *asm.Label:
				if s != nil {
					labels[s.Name] = len(sites)
				}
			case *asm.Try:
				if s != nil {
					flatten(s.Body, s.Handler)
				}
			}
		}
	}
	flatten(body, "")
	unchecked := false
	for _, s := range sites {
		if l.v.LocalAction(s.in.Op) == versions.LocalLoadUnchecked {
			unchecked = true
		}
	}
	if !unchecked {
		return
	}

	always := map[string]bool{}
	for _, n := range l.params(c) {
		always[n] = true
	}
	sc := l.scopes[c]
	for _, n := range append(append([]string(nil), sc.cells...), sc.frees...) {
		always[n] = true
	}
	index := map[string]int{}
	for _, s := range sites {
		for _, n := range localNames(s.in) {
			if _, ok := index[n]; !ok && !always[n] {
				index[n] = len(index)
			}
		}
	}
	// before[i] holds, for each tracked local, whether every path to
	// site i assigns it; nil until a path reaches it.
	before := make([][]bool, len(sites))
	var work []int
	reach := func(i int, state []bool) {
		if i < 0 || i >= len(sites) {
			return
		}
		if before[i] == nil {
			before[i] = append([]bool(nil), state...)
			work = append(work, i)
			return
		}
		changed := false
		for k, assigned := range state {
			if before[i][k] && !assigned {
				before[i][k], changed = false, true
			}
		}
		if changed {
			work = append(work, i)
		}
	}
	reach(0, make([]bool, len(index)))
	for len(work) > 0 {
		i := work[len(work)-1]
		work = work[:len(work)-1]
		s := sites[i]
		if s.handler != "" {
			if h, ok := labels[s.handler]; ok {
				reach(h, before[i])
			}
		}
		after := append([]bool(nil), before[i]...)
		names := localNames(s.in)
		switch l.v.LocalAction(s.in.Op) {
		case versions.LocalStore, versions.LocalPairStore, versions.LocalMakeCell:
			for _, n := range names {
				if k, ok := index[n]; ok {
					after[k] = true
				}
			}
		case versions.LocalPairStoreLoad:
			if k, ok := index[first(names)]; ok {
				after[k] = true
			}
		case versions.LocalDelete, versions.LocalLoadClear:
			for _, n := range names {
				if k, ok := index[n]; ok {
					after[k] = false
				}
			}
		}
		control := l.v.Control(s.in.Op)
		switch control {
		case "return", "return-unwind", "raise", "jump":
		default:
			reach(i+1, after)
		}
		if op := l.v.Opcode(s.in.Op); op != nil && op.Operand == versions.OperandJump && control != "no-jump" && len(s.in.Args) == 1 {
			if id, ok := s.in.Args[0].(*asm.Ident); ok {
				if t, ok := labels[id.Name]; ok {
					reach(t, after)
				}
			}
		}
	}

	for i, s := range sites {
		names := localNames(s.in)
		if before[i] == nil || len(names) != 1 || l.v.LocalAction(s.in.Op) != versions.LocalLoadUnchecked {
			continue
		}
		k, tracked := index[names[0]]
		if !tracked || before[i][k] {
			continue
		}
		tmpl, ok := l.v.PortableForm(uncheckedForm, "")
		if !ok {
			continue
		}
		if out := l.expand(&block{c: c, taken: map[string]bool{}}, s.in, tmpl, nil); len(out) == 1 {
			*s.slot = out[0]
		}
	}
}

// params are a block's parameters: the first locals, as many as its
// argument counts and *args, **kwargs flags say.
func (l *lowerer) params(c *asm.Code) []string {
	n := c.ArgCount + c.KwOnlyArgCount
	if c.Flags != nil {
		for _, f := range []string{"VARARGS", "VARKEYWORDS"} {
			if *c.Flags&versions.BitNamed(l.v.CodeFlags, f) != 0 {
				n++
			}
		}
	}
	return c.VarNames[:max(min(n, len(c.VarNames)), 0)] // a count below zero is the resolver's to report
}

// localNames are the names an instruction's operands give, for a local
// opcode.
func localNames(in *asm.Instr) []string {
	var out []string
	for _, a := range in.Args {
		if id, ok := a.(*asm.Ident); ok {
			out = append(out, id.Name)
		}
	}
	return out
}

func first(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return names[0]
}
