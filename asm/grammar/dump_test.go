package grammar

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/marshal"
)

// dumpValue writes a constant exactly: type, type byte when set, and the
// bits of floats, so that tests see -0.0, NaN payloads and 2.7 longs.
func dumpValue(o asm.Value) string {
	var b strings.Builder
	writeValue(&b, o)
	return b.String()
}

func writeValue(b *strings.Builder, o asm.Value) {
	list := func(name string, items []marshal.Object) {
		b.WriteString(name + "(")
		for i, it := range items {
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, it)
		}
		b.WriteString(")")
	}
	switch o := o.(type) {
	case nil:
		b.WriteString("<nil>")
	case *marshal.None:
		b.WriteString("None")
	case *marshal.Bool:
		fmt.Fprintf(b, "%v", o.Value)
	case *marshal.Ellipsis:
		b.WriteString("Ellipsis")
	case *marshal.Int:
		if o.Type != 0 {
			fmt.Fprintf(b, "int[%c](%s)", o.Type, o.Value)
		} else {
			fmt.Fprintf(b, "int(%s)", o.Value)
		}
	case *marshal.Float:
		fmt.Fprintf(b, "float(%#016x)", o.Bits)
	case *marshal.Complex:
		fmt.Fprintf(b, "complex(%#016x, %#016x)", o.Real, o.Imag)
	case *marshal.Str:
		fmt.Fprintf(b, "str[%d](%q)", o.Type, o.Data)
	case *marshal.Bytes:
		fmt.Fprintf(b, "bytes(%q)", o.Data)
	case *marshal.Tuple:
		list("tuple", o.Items)
	case *marshal.FrozenSet:
		list("frozenset", o.Items)
	case *marshal.Slice:
		list("slice", []marshal.Object{o.Start, o.Stop, o.Step})
	case *asm.CodeRef:
		fmt.Fprintf(b, "@%s", o.Label)
	default:
		fmt.Fprintf(b, "%T", o)
	}
}

// dumpProgram writes a program as an indented tree, one statement a line,
// with positions: the golden form of testdata/good-*.pyasm.
func dumpProgram(p *asm.Program) string {
	var b strings.Builder
	fmt.Fprintf(&b, "python %s\nfilename %q\n", p.Version, p.Filename)
	dumpCode(&b, p.Module, "")
	return b.String()
}

func at(p asm.Pos) string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

func dumpCode(b *strings.Builder, c *asm.Code, ind string) {
	fmt.Fprintf(b, "%s%s code %s\n", ind, at(c.Pos), c.Label)
	in := ind + "    "
	str := func(name string, s *string) {
		if s != nil {
			fmt.Fprintf(b, "%s.%s %q\n", in, name, *s)
		}
	}
	num := func(name string, n int) {
		if n != 0 {
			fmt.Fprintf(b, "%s.%s %d\n", in, name, n)
		}
	}
	names := func(name string, list []string) {
		if list != nil {
			fmt.Fprintf(b, "%s.%s %q\n", in, name, list)
		}
	}
	str("name", c.Name)
	str("qualname", c.QualName)
	str("filename", c.Filename)
	if c.FirstLineNo != nil {
		fmt.Fprintf(b, "%s.firstlineno %d\n", in, *c.FirstLineNo)
	}
	if c.NLocals != nil {
		fmt.Fprintf(b, "%s.nlocals %d\n", in, *c.NLocals)
	}
	num("argcount", c.ArgCount)
	num("posonlyargcount", c.PosOnlyArgCount)
	num("kwonlyargcount", c.KwOnlyArgCount)
	if c.Flags != nil {
		fmt.Fprintf(b, "%s.flags %#x\n", in, *c.Flags)
	}
	if c.Consts != nil {
		var parts []string
		for _, v := range c.Consts {
			parts = append(parts, dumpValue(v))
		}
		fmt.Fprintf(b, "%s.consts %s\n", in, strings.Join(parts, ", "))
	}
	names("names", c.Names)
	names("varnames", c.VarNames)
	names("cellvars", c.CellVars)
	names("freevars", c.FreeVars)
	if c.Kinds != nil {
		var keys []string
		for k := range c.Kinds {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(b, "%s.kind %s %#x\n", in, k, c.Kinds[k])
		}
	}
	if c.StackSize != nil {
		fmt.Fprintf(b, "%s.stacksize %d\n", in, *c.StackSize)
	}
	if c.HasLineTable {
		fmt.Fprintf(b, "%s.linetable %q\n", in, c.LineTable)
	}
	if c.HasExcTable {
		fmt.Fprintf(b, "%s.exceptiontable %q\n", in, c.ExceptionTable)
	}
	dumpBody(b, c.Body, in)
}

func dumpBody(b *strings.Builder, body []asm.Stmt, ind string) {
	for _, s := range body {
		switch s := s.(type) {
		case *asm.Code:
			dumpCode(b, s, ind)
		case *asm.Try:
			fmt.Fprintf(b, "%s%s try %s", ind, at(s.Pos), s.Handler)
			if s.Lasti {
				b.WriteString(" lasti")
			}
			if s.Depth != nil {
				fmt.Fprintf(b, " depth %d", *s.Depth)
			}
			b.WriteString("\n")
			dumpBody(b, s.Body, ind+"    ")
		case *asm.Label:
			fmt.Fprintf(b, "%s%s label %s\n", ind, at(s.Pos), s.Name)
		case *asm.Line:
			fmt.Fprintf(b, "%s%s line %d %d %d %d\n", ind, at(s.Pos), s.Line, s.EndLine, s.Col, s.EndCol)
		case *asm.Instr:
			fmt.Fprintf(b, "%s%s %s", ind, at(s.Pos), s.Op)
			if s.ExtendedArgs > 0 {
				fmt.Fprintf(b, " (extended_args %d)", s.ExtendedArgs)
			}
			for _, a := range s.Args {
				b.WriteString(" " + dumpOperand(a))
			}
			for _, f := range s.Flags {
				b.WriteString(" flag:" + f)
			}
			b.WriteString("\n")
		}
	}
}

func dumpOperand(o asm.Operand) string {
	switch o := o.(type) {
	case *asm.Literal:
		return fmt.Sprintf("[%s lit %s]", at(o.Pos), dumpValue(o.Value))
	case *asm.Ident:
		if o.Quoted {
			return fmt.Sprintf("[%s name %q]", at(o.Pos), o.Name)
		}
		return fmt.Sprintf("[%s name %s]", at(o.Pos), o.Name)
	case *asm.Raw:
		return fmt.Sprintf("[%s raw %d]", at(o.Pos), o.Value)
	case *asm.Symbol:
		return fmt.Sprintf("[%s op %s]", at(o.Pos), o.Text)
	}
	return fmt.Sprintf("%T", o)
}
