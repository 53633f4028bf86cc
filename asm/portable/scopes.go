package portable

import (
	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/versions"
)

// scope holds a block's cell and free variables, declared ones first,
// then the others in order of first use.
type scope struct {
	cells, frees []string
}

// inferScopes works out the cells and free variables of c and the blocks
// in it, by the rule the resolver follows (spec/SYNTAX.md, "Tables"): a
// name a cell or free opcode uses is free when a block around holds it,
// and otherwise a cell; here a function's own locals are held too, so
// that a closure over a parameter needs no .cellvars. make_function @f uses f's free variables where it
// stands, as the closure it builds does. The lowering writes the result as
// .cellvars and .freevars, so that a closure's order is the order of the
// free variables of its code. visible holds the names the blocks around c
// hold; the result is c's free variables.
func (l *lowerer) inferScopes(c *asm.Code, visible map[string]bool) []string {
	declared := map[string]bool{}
	for _, n := range append(append([]string(nil), c.CellVars...), c.FreeVars...) {
		declared[n] = true
	}
	held := map[string]bool{}
	for n := range visible {
		held[n] = true
	}
	for n := range declared {
		held[n] = true
	}
	// A function's own variables are visible to the blocks in it too: a
	// block inside that uses one with a cell or free opcode closes over
	// it, as in Python, and makes it a cell of the function.
	for _, n := range c.VarNames {
		held[n] = true
	}
	makeCell := map[string]bool{}
	l.walkInstrs(c.Body, func(in *asm.Instr) {
		if op := l.v.Opcode(in.Op); op != nil && op.Operand == versions.OperandLocal {
			for _, a := range in.Args {
				if id, ok := a.(*asm.Ident); ok {
					held[id.Name] = true
				}
			}
		}
		if op := l.v.Opcode(in.Op); op != nil && op.Operand == versions.OperandFree {
			for _, a := range in.Args {
				if id, ok := a.(*asm.Ident); ok {
					held[id.Name] = true
					if op.Name == "MAKE_CELL" {
						makeCell[id.Name] = true
					}
				}
			}
		}
	})
	frees := map[*asm.Code][]string{}
	for _, child := range childBlocks(c.Body) {
		frees[child] = l.inferScopes(child, held)
	}

	var refs []string
	seen := map[string]bool{}
	use := func(n string) {
		if !seen[n] {
			seen[n] = true
			refs = append(refs, n)
		}
	}
	l.walkInstrs(c.Body, func(in *asm.Instr) {
		if in.Op == "make_function" && len(in.Args) > 0 {
			if lit, ok := in.Args[0].(*asm.Literal); ok {
				if ref, ok := lit.Value.(*asm.CodeRef); ok {
					for _, n := range frees[l.blocks[ref.Label]] {
						use(n)
					}
				}
			}
			return
		}
		if op := l.v.Opcode(in.Op); op != nil && op.Operand == versions.OperandFree {
			for _, a := range in.Args {
				if id, ok := a.(*asm.Ident); ok {
					use(id.Name)
				}
			}
		}
	})
	s := scope{cells: append([]string(nil), c.CellVars...), frees: append([]string(nil), c.FreeVars...)}
	for _, n := range refs {
		switch {
		case declared[n]:
		case visible[n] && !makeCell[n]:
			s.frees = append(s.frees, n)
		default:
			s.cells = append(s.cells, n)
		}
	}
	l.scopes[c] = s
	return s.frees
}

// walkInstrs calls f on each instruction of a body, in try regions too,
// but not in the code blocks written in it.
func (l *lowerer) walkInstrs(body []asm.Stmt, f func(*asm.Instr)) {
	for _, s := range body {
		switch s := s.(type) {
		case *asm.Instr:
			if s != nil {
				f(s)
			}
		case *asm.Try:
			if s != nil {
				l.walkInstrs(s.Body, f)
			}
		}
	}
}

// childBlocks lists the code blocks written in a body, in its try regions
// too.
func childBlocks(body []asm.Stmt) []*asm.Code {
	var out []*asm.Code
	for _, s := range body {
		switch s := s.(type) {
		case *asm.Code:
			if s != nil {
				out = append(out, s)
			}
		case *asm.Try:
			if s != nil {
				out = append(out, childBlocks(s.Body)...)
			}
		}
	}
	return out
}

// qualName is a block's qualified name, as the resolver derives
// co_qualname: "outer.<locals>.name" in a function, "Class.name" in a
// class body, the name in the module.
func (l *lowerer) qualName(c *asm.Code) string {
	if c.QualName != nil {
		return *c.QualName
	}
	name := c.Label
	if c.Name != nil {
		name = *c.Name
	}
	p := l.parents[c]
	switch {
	case p == nil || p == l.module:
		return name
	case l.isFunction(p):
		return l.qualName(p) + ".<locals>." + name
	}
	return l.qualName(p) + "." + name
}

// isFunction tells a function from a class body as the resolver does: by
// its flags if given, else a block that keeps its variables by name only
// (STORE_NAME, LOAD_NAME) is a class body.
func (l *lowerer) isFunction(c *asm.Code) bool {
	if c.Flags != nil {
		return *c.Flags&versions.BitNamed(l.v.CodeFlags, "OPTIMIZED") != 0
	}
	s := l.scopes[c]
	cell := map[string]bool{}
	for _, n := range append(append([]string(nil), s.cells...), s.frees...) {
		cell[n] = true
	}
	byName, fast := false, false
	l.walkInstrs(c.Body, func(in *asm.Instr) {
		switch in.Op {
		case "STORE_NAME", "LOAD_NAME", "DELETE_NAME":
			byName = true
		}
		if op := l.v.Opcode(in.Op); op != nil && op.Operand == versions.OperandLocal {
			for _, a := range in.Args {
				if id, ok := a.(*asm.Ident); !ok || !cell[id.Name] {
					fast = true
				}
			}
		}
	})
	return fast || !byName
}
