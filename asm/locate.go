package asm

import (
	"strconv"

	"github.com/pyasm/pyasm/marshal"
)

// A program built in Go may hold what no text can: nil statements and
// operands, constants without a value, nested blocks without a label. Check
// refuses those before the back end looks at the program, and Locate gives
// the statements that have no position a Pos.Where, so that every error
// names a place.

// Check reports what in p no front end could write and the back end cannot
// take: a nil program, module, statement or operand (typed nil pointers
// included), a constant without a value (a nil marshal object, a
// marshal.Int without its big.Int), a nested code block labelled "" or
// "<module>". Each error is at the position of what holds the fault, or,
// without one, names its place (Pos.Where). asm/resolve checks every
// program first; a front end need not call it.
func Check(p *Program) ErrorList {
	var errs ErrorList
	if p == nil {
		errs.Add(Pos{}, "no program: the *asm.Program is nil")
		return errs
	}
	if p.Module == nil {
		errs.Add(Pos{}, "no module code: Program.Module is nil").Hint = "set Module to &asm.Code{Label: \"<module>\"} and add its instructions"
		return errs
	}
	c := &checker{errs: &errs}
	c.code(p.Module, "<module>", Pos{Where: "the module"}, true)
	return errs
}

type checker struct {
	errs *ErrorList
	// block and path name the statement being checked (here): most
	// programs have no fault, so the names are made only for one.
	block string
	path  []int // Body indices, try regions nested
}

// here names the statement being checked: the block, then its Body
// index in each try region ("code block \"f\", Body[2], Body[0]").
func (c *checker) here() string {
	s := c.block
	for _, i := range c.path {
		s += ", Body[" + strconv.Itoa(i) + "]"
	}
	return s
}

// at is the position to report a statement at: its own, or where it is.
func at(own Pos, where string) Pos {
	if own.Known() {
		return own
	}
	return Pos{Where: where}
}

func (c *checker) code(code *Code, where string, pos Pos, module bool) {
	pos = at(code.Pos, pos.Where)
	if !module {
		switch code.Label {
		case "":
			c.errs.Add(pos, "a nested code block needs a label").Hint = "set Code.Label to a name unique in the program; constants refer to the block by it (asm.CodeConst(label))"
		case "<module>":
			c.errs.Add(pos, "<module> is the module's label; give the block another one")
		}
	}
	for i, v := range code.Consts {
		c.value(pos, constant{index: i}, v)
	}
	block, path := c.block, c.path
	c.block, c.path = blockName(code, module), nil
	c.body(code.Body)
	c.block, c.path = block, path
}

// blockName names a block in a Where.
func blockName(code *Code, module bool) string {
	if module {
		return "the module"
	}
	return "code block " + strconv.Quote(code.Label)
}

func (c *checker) body(body []Stmt) {
	for i, s := range body {
		c.path = append(c.path, i)
		switch s := s.(type) {
		case nil:
			c.errs.Add(Pos{Where: c.here()}, "the statement is nil")
		case *Instr:
			if s == nil {
				c.errs.Add(Pos{Where: c.here()}, "the statement is a nil *asm.Instr")
				break
			}
			c.instr(s)
		case *Code:
			if s == nil {
				c.errs.Add(Pos{Where: c.here()}, "the statement is a nil *asm.Code")
				break
			}
			here := c.here()
			c.code(s, here, Pos{Where: here + " (" + blockName(s, false) + ")"}, false)
		case *Try:
			if s == nil {
				c.errs.Add(Pos{Where: c.here()}, "the statement is a nil *asm.Try")
				break
			}
			if s.Handler == "" {
				c.errs.Add(at(s.Pos, c.here()+" (try region)"), "the try region names no handler").Hint = "set Try.Handler to the label of the handler's first instruction"
			}
			c.body(s.Body)
		case *Label:
			if s == nil {
				c.errs.Add(Pos{Where: c.here()}, "the statement is a nil *asm.Label")
			}
		case *Line:
			if s == nil {
				c.errs.Add(Pos{Where: c.here()}, "the statement is a nil *asm.Line")
			}
		}
		c.path = c.path[:len(c.path)-1]
	}
}

func (c *checker) instr(in *Instr) {
	pos := in.Pos
	if !pos.Known() {
		pos = Pos{Where: instrWhere(c.here(), in)}
	}
	if in.Op == "" {
		c.errs.Add(pos, "the instruction has no opcode (Instr.Op is empty)")
	}
	for i, a := range in.Args {
		switch a := a.(type) {
		case nil:
			c.errs.Add(pos, "%s's operand %d is nil", in.Op, i+1)
		case *Literal:
			if a == nil {
				c.errs.Add(pos, "%s's operand %d is a nil *asm.Literal", in.Op, i+1)
				continue
			}
			c.value(at(a.Pos, pos.Where), constant{operand: true, op: in.Op}, a.Value)
		case *Ident:
			if a == nil {
				c.errs.Add(pos, "%s's operand %d is a nil *asm.Ident", in.Op, i+1)
			}
		case *Raw:
			if a == nil {
				c.errs.Add(pos, "%s's operand %d is a nil *asm.Raw", in.Op, i+1)
			}
		case *Symbol:
			if a == nil {
				c.errs.Add(pos, "%s's operand %d is a nil *asm.Symbol", in.Op, i+1)
			}
		}
	}
}

func instrWhere(where string, in *Instr) string {
	return where + " (" + in.Op + ")"
}

// constant names a constant in messages: an instruction's operand, or
// an entry of a block's .consts.
type constant struct {
	operand bool
	op      string // with operand
	index   int    // without
}

func (k constant) String() string {
	if k.operand {
		return k.op + "'s constant"
	}
	return "Consts[" + strconv.Itoa(k.index) + "]"
}

// value checks a constant and the objects in it; what names it in
// messages.
func (c *checker) value(pos Pos, what constant, v Value) {
	bad := func(fault string) {
		c.errs.Add(pos, "%s %s", what, fault).Hint = "make constants with asm.Int, asm.Str, asm.NoneConst, asm.Const(marshal object)"
	}
	var items []marshal.Object
	switch v := v.(type) {
	case nil:
		bad("has no value (a nil marshal.Object)")
	case *marshal.Int:
		if v == nil {
			bad("is a nil *marshal.Int")
		} else if v.Value == nil {
			bad("is a marshal.Int without its Value (a nil *big.Int)")
		}
	case *CodeRef:
		if v == nil {
			bad("is a nil *asm.CodeRef")
		}
	case *marshal.Tuple:
		if v == nil {
			bad("is a nil *marshal.Tuple")
		} else {
			items = v.Items
		}
	case *marshal.List:
		if v == nil {
			bad("is a nil *marshal.List")
		} else {
			items = v.Items
		}
	case *marshal.Set:
		if v == nil {
			bad("is a nil *marshal.Set")
		} else {
			items = v.Items
		}
	case *marshal.FrozenSet:
		if v == nil {
			bad("is a nil *marshal.FrozenSet")
		} else {
			items = v.Items
		}
	case *marshal.Dict:
		if v == nil {
			bad("is a nil *marshal.Dict")
		} else {
			for _, kv := range v.Items {
				items = append(items, kv.Key, kv.Value)
			}
		}
	case *marshal.FrozenDict:
		if v == nil {
			bad("is a nil *marshal.FrozenDict")
		} else {
			for _, kv := range v.Items {
				items = append(items, kv.Key, kv.Value)
			}
		}
	case *marshal.Slice:
		if v == nil {
			bad("is a nil *marshal.Slice")
		} else {
			items = []marshal.Object{v.Start, v.Stop, v.Step}
		}
	case *marshal.None:
		if v == nil {
			bad("is a nil *marshal.None")
		}
	case *marshal.Bool:
		if v == nil {
			bad("is a nil *marshal.Bool")
		}
	case *marshal.Str:
		if v == nil {
			bad("is a nil *marshal.Str")
		}
	case *marshal.Bytes:
		if v == nil {
			bad("is a nil *marshal.Bytes")
		}
	case *marshal.Float:
		if v == nil {
			bad("is a nil *marshal.Float")
		}
	case *marshal.Complex:
		if v == nil {
			bad("is a nil *marshal.Complex")
		}
	case *marshal.Ellipsis:
		if v == nil {
			bad("is a nil *marshal.Ellipsis")
		}
	case *marshal.StopIteration:
		if v == nil {
			bad("is a nil *marshal.StopIteration")
		}
	case *marshal.Code:
		if v == nil {
			bad("is a nil *marshal.Code")
		}
	}
	for _, it := range items {
		c.value(pos, what, it)
	}
}

// Located reports whether every statement and operand of p has a known
// position (Pos.Known), as in a program parsed from text.
func Located(p *Program) bool {
	if p == nil || p.Module == nil {
		return true
	}
	return locatedBody(p.Module.Body) && p.Module.Pos.Known()
}

func locatedBody(body []Stmt) bool {
	for _, s := range body {
		switch s := s.(type) {
		case *Instr:
			if s == nil || !s.Pos.Known() {
				return false
			}
			for _, a := range s.Args {
				if a == nil || !a.OperandPos().Known() {
					return false
				}
			}
		case *Code:
			if s == nil || !s.Pos.Known() || !locatedBody(s.Body) {
				return false
			}
		case *Try:
			if s == nil || !s.Pos.Known() || !locatedBody(s.Body) {
				return false
			}
		case *Label:
			if s == nil || !s.Pos.Known() {
				return false
			}
		case *Line:
			if s == nil || !s.Pos.Known() {
				return false
			}
		}
	}
	return true
}

// Locate returns a copy of p in which every statement and operand without
// a position has one naming its place (Pos.Where): an operand, and a code
// reference in a constant, that of its instruction. p must pass Check. The
// copy shares what needs no position: tables, constants' other objects.
// asm/resolve uses it to report the findings in a program built in Go.
func Locate(p *Program) *Program {
	out := *p
	out.Module = locateCode(p.Module, "the module", true)
	return &out
}

func locateCode(c *Code, where string, module bool) *Code {
	out := *c
	out.Pos = at(c.Pos, where)
	out.Body = locateBody(c.Body, blockName(c, module))
	return &out
}

func locateBody(body []Stmt, where string) []Stmt {
	out := make([]Stmt, len(body))
	for i, s := range body {
		here := where + ", Body[" + strconv.Itoa(i) + "]"
		switch s := s.(type) {
		case *Instr:
			in := *s
			in.Pos = at(s.Pos, instrWhere(here, s))
			in.Args = make([]Operand, len(s.Args))
			for j, a := range s.Args {
				in.Args[j] = locateOperand(a, in.Pos)
			}
			out[i] = &in
		case *Code:
			out[i] = locateCode(s, here+" ("+blockName(s, false)+")", false)
		case *Try:
			t := *s
			t.Pos = at(s.Pos, here+" (try region)")
			t.Body = locateBody(s.Body, here)
			out[i] = &t
		case *Label:
			l := *s
			l.Pos = at(s.Pos, here+" (label "+s.Name+")")
			out[i] = &l
		case *Line:
			l := *s
			l.Pos = at(s.Pos, here+" (line "+strconv.Itoa(s.Line)+")")
			out[i] = &l
		default:
			out[i] = s
		}
	}
	return out
}

func locateOperand(a Operand, pos Pos) Operand {
	switch a := a.(type) {
	case *Literal:
		l := *a
		if !a.Pos.Known() {
			l.Pos = pos
		}
		l.Value = locateValue(a.Value, l.Pos)
		return &l
	case *Ident:
		o := *a
		if !a.Pos.Known() {
			o.Pos = pos
		}
		return &o
	case *Raw:
		o := *a
		if !a.Pos.Known() {
			o.Pos = pos
		}
		return &o
	case *Symbol:
		o := *a
		if !a.Pos.Known() {
			o.Pos = pos
		}
		return &o
	}
	return a
}

// locateValue copies the code references of a constant, and the tuples and
// frozensets that hold them, giving each reference without a position pos.
func locateValue(v Value, pos Pos) Value {
	switch v := v.(type) {
	case *CodeRef:
		if v.Pos.Known() {
			return v
		}
		return &CodeRef{Pos: pos, Label: v.Label}
	case *marshal.Tuple:
		return &marshal.Tuple{Type: v.Type, Items: locateValues(v.Items, pos)}
	case *marshal.FrozenSet:
		return &marshal.FrozenSet{Type: v.Type, Items: locateValues(v.Items, pos)}
	}
	return v
}

func locateValues(items []marshal.Object, pos Pos) []marshal.Object {
	out := make([]marshal.Object, len(items))
	for i, it := range items {
		out[i] = locateValue(it, pos)
	}
	return out
}
