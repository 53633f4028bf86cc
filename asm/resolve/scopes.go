package resolve

import (
	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/versions"
)

// scope holds the cell and free variables of a block that its tables do
// not declare but its instructions need, in order of first use.
type scope struct {
	cells, frees []string
	// With Options.Derived: derivedCells and derivedFrees are the cells
	// and free variables as if the block declared none (Derived), and
	// needsVarNames tells that they hold only with the block's .varnames.
	derivedCells, derivedFrees []string
	needsVarNames              bool
}

// inferScopes decides, for c and the blocks inside it, which undeclared
// names are cells and which are free, following CPython's rule that the
// cells and free variables of a block are visible, as free variables, to
// the blocks nested in it. visible holds the names that the blocks around
// c hold as a cell or free. It returns c's free variables, declared or
// not.
//
//   - A name a cell or free opcode (LOAD_DEREF, STORE_DEREF, LOAD_CLOSURE,
//     …) uses is free when a block around c holds it, and otherwise c's
//     own cell. MAKE_CELL (3.11+) makes a cell whatever the blocks around
//     hold: CPython writes it only for the block's own cells.
//   - 3.11+: a name that c only names in a local opcode (3.13+ builds a
//     closure with LOAD_FAST), that a block inside c has free and that a
//     block around c holds, passes through c: it is free in c as well.
//
// Names in .cellvars, .freevars (and, for the second rule, .varnames) keep
// what they declare.
func (r *resolver) inferScopes(c *asm.Code, visible map[string]bool) []string {
	declared := map[string]bool{}
	for _, n := range append(append([]string(nil), c.CellVars...), c.FreeVars...) {
		declared[n] = true
	}
	refs, deref, makeCell := r.scopeRefs(c.Body)

	held := map[string]bool{}
	for n := range visible {
		held[n] = true
	}
	for n := range deref {
		held[n] = true
	}
	for n := range declared {
		held[n] = true
	}
	freeInside := map[string]bool{}
	for _, child := range childBlocks(c.Body) {
		for _, n := range r.inferScopes(child, held) {
			freeInside[n] = true
		}
	}

	local := map[string]bool{}
	for _, n := range c.VarNames {
		local[n] = true
	}
	// kind tells whether an undeclared name is a cell ('c'), free ('f')
	// or neither (0).
	kind := func(n string) byte {
		switch {
		case deref[n] && visible[n] && !makeCell[n]:
			return 'f'
		case deref[n]:
			return 'c'
		case freeInside[n] && visible[n] && !local[n]:
			return 'f'
		}
		return 0
	}
	var s scope
	for _, n := range refs {
		k := kind(n)
		if r.opts.Derived {
			switch k {
			case 'c':
				s.derivedCells = append(s.derivedCells, n)
			case 'f':
				s.derivedFrees = append(s.derivedFrees, n)
			}
			// A local that would pass through were .varnames not to list
			// it.
			if !deref[n] && freeInside[n] && visible[n] && local[n] {
				s.needsVarNames = true
			}
		}
		switch {
		case declared[n]:
		case k == 'c':
			s.cells = append(s.cells, n)
		case k == 'f':
			s.frees = append(s.frees, n)
		}
	}
	r.scopes[c] = s
	return append(append([]string(nil), c.FreeVars...), s.frees...)
}

// scopeRefs lists, in order of first use, the names a body's cell, free
// and (3.11+, where they share one table) local opcodes use; deref holds
// those of cell and free opcodes, makeCell those of MAKE_CELL.
func (r *resolver) scopeRefs(body []asm.Stmt) (refs []string, deref, makeCell map[string]bool) {
	deref, makeCell = map[string]bool{}, map[string]bool{}
	seen := map[string]bool{}
	var walk func([]asm.Stmt)
	walk = func(body []asm.Stmt) {
		for _, s := range body {
			switch s := s.(type) {
			case *asm.Try:
				walk(s.Body)
			case *asm.Instr:
				if len(s.Args) == 0 {
					continue // names nothing: no need to look its opcode up
				}
				op := r.v.Opcode(s.Op)
				if op == nil || op.Operand != versions.OperandFree && !(op.Operand == versions.OperandLocal && r.v.LocalsPlus) {
					continue
				}
				for _, a := range s.Args {
					id, ok := a.(*asm.Ident)
					if !ok {
						continue
					}
					if !seen[id.Name] {
						seen[id.Name] = true
						refs = append(refs, id.Name)
					}
					if op.Operand == versions.OperandFree {
						deref[id.Name] = true
						if op.Name == "MAKE_CELL" {
							makeCell[id.Name] = true
						}
					}
				}
			}
		}
	}
	walk(body)
	return refs, deref, makeCell
}

// childBlocks lists the code blocks written in a body, also inside its try
// regions.
func childBlocks(body []asm.Stmt) []*asm.Code {
	var out []*asm.Code
	for _, s := range body {
		switch s := s.(type) {
		case *asm.Code:
			out = append(out, s)
		case *asm.Try:
			out = append(out, childBlocks(s.Body)...)
		}
	}
	return out
}
