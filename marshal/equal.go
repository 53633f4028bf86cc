package marshal

import (
	"bytes"
	"fmt"
)

// Diff compares two objects as Python values of exact type, the way a
// loaded code object would differ: 1, 1.0 and True differ, so do 0.0 and
// -0.0; how a value was written (string type code, FLAG_REF, references)
// does not matter. It returns "" when they are equal, else the path to the
// first difference and what differs there.
func Diff(a, b Object) string {
	return diff(a, b, "", 0)
}

// Equal reports whether Diff finds no difference.
func Equal(a, b Object) bool { return Diff(a, b) == "" }

func diff(a, b Object, path string, depth int) string {
	if depth > MaxDepth {
		return ""
	}
	at := func(format string, args ...any) string {
		p := path
		if p == "" {
			p = "."
		}
		return p + ": " + fmt.Sprintf(format, args...)
	}
	if (a == nil) != (b == nil) {
		return at("%T vs %T", a, b)
	}
	if a == nil {
		return ""
	}
	if fmt.Sprintf("%T", a) != fmt.Sprintf("%T", b) {
		return at("%T %s vs %T %s", a, Repr(a, nil, 40), b, Repr(b, nil, 40))
	}
	switch x := a.(type) {
	case *None, *StopIteration, *Ellipsis:
		return ""
	case *Bool:
		if x.Value != b.(*Bool).Value {
			return at("%v vs %v", x.Value, b.(*Bool).Value)
		}
	case *Int:
		y := b.(*Int)
		if x.Value.Cmp(y.Value) != 0 || x.Type != 0 && y.Type != 0 && longness(x.Type) != longness(y.Type) {
			return at("%s vs %s", Repr(x, nil, 40), Repr(y, nil, 40))
		}
	case *Float:
		if x.Bits != b.(*Float).Bits {
			return at("float %s vs %s", Repr(x, nil, 40), Repr(b, nil, 40))
		}
	case *Complex:
		y := b.(*Complex)
		if x.Real != y.Real || x.Imag != y.Imag {
			return at("complex %s vs %s", Repr(x, nil, 40), Repr(y, nil, 40))
		}
	case *Str:
		if x.Value() != b.(*Str).Value() {
			return at("%s vs %s", Repr(x, nil, 60), Repr(b, nil, 60))
		}
	case *Bytes:
		y := b.(*Bytes).Data
		if !bytes.Equal(x.Data, y) {
			i := 0
			for i < len(x.Data) && i < len(y) && x.Data[i] == y[i] {
				i++
			}
			return at("%d vs %d bytes, first difference at byte %d: % x vs % x", len(x.Data), len(y), i,
				x.Data[i:min(len(x.Data), i+8)], y[i:min(len(y), i+8)])
		}
	case *Tuple:
		return diffItems(x.Items, b.(*Tuple).Items, path, depth)
	case *List:
		return diffItems(x.Items, b.(*List).Items, path, depth)
	case *Set:
		return diffItems(x.Items, b.(*Set).Items, path, depth)
	case *FrozenSet:
		return diffItems(x.Items, b.(*FrozenSet).Items, path, depth)
	case *Dict:
		return diffPairs(x.Items, b.(*Dict).Items, path, depth)
	case *FrozenDict:
		return diffPairs(x.Items, b.(*FrozenDict).Items, path, depth)
	case *Slice:
		y := b.(*Slice)
		return diffItems([]Object{x.Start, x.Stop, x.Step}, []Object{y.Start, y.Stop, y.Step}, path, depth)
	case *Code:
		return diffCode(x, b.(*Code), path, depth)
	}
	return ""
}

// longness tells 2.7's long ('l') from int. A node not yet written (type 0)
// has no longness to compare.
func longness(t byte) bool { return t&^FlagRef == 'l' }

func diffItems(a, b []Object, path string, depth int) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%s: %d items vs %d", orDot(path), len(a), len(b))
	}
	for i := range a {
		if d := diff(a[i], b[i], fmt.Sprintf("%s[%d]", path, i), depth+1); d != "" {
			return d
		}
	}
	return ""
}

func diffPairs(a, b []KeyValue, path string, depth int) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%s: %d entries vs %d", orDot(path), len(a), len(b))
	}
	for i := range a {
		if d := diff(a[i].Key, b[i].Key, fmt.Sprintf("%s.key[%d]", path, i), depth+1); d != "" {
			return d
		}
		if d := diff(a[i].Value, b[i].Value, fmt.Sprintf("%s.value[%d]", path, i), depth+1); d != "" {
			return d
		}
	}
	return ""
}

func orDot(p string) string {
	if p == "" {
		return "."
	}
	return p
}

func diffCode(a, b *Code, path string, depth int) string {
	ints := []struct {
		name string
		x, y int32
	}{
		{"argcount", a.ArgCount, b.ArgCount}, {"posonlyargcount", a.PosOnlyArgCount, b.PosOnlyArgCount},
		{"kwonlyargcount", a.KwOnlyArgCount, b.KwOnlyArgCount}, {"nlocals", a.NLocals, b.NLocals},
		{"stacksize", a.StackSize, b.StackSize}, {"flags", a.Flags, b.Flags}, {"firstlineno", a.FirstLineNo, b.FirstLineNo},
	}
	name := path + "<" + Repr(a.Name, nil, 40) + ">"
	for _, f := range ints {
		if f.x != f.y {
			return fmt.Sprintf("%s.%s: %d vs %d", name, f.name, f.x, f.y)
		}
	}
	objs := []struct {
		name string
		x, y Object
	}{
		{"code", a.Bytecode, b.Bytecode}, {"consts", a.Consts, b.Consts}, {"names", a.Names, b.Names},
		{"varnames", a.VarNames, b.VarNames}, {"freevars", a.FreeVars, b.FreeVars}, {"cellvars", a.CellVars, b.CellVars},
		{"localsplusnames", a.LocalsPlusNames, b.LocalsPlusNames}, {"localspluskinds", a.LocalsPlusKinds, b.LocalsPlusKinds},
		{"filename", a.Filename, b.Filename}, {"name", a.Name, b.Name}, {"qualname", a.QualName, b.QualName},
		{"linetable", a.LineTable, b.LineTable}, {"exceptiontable", a.ExceptionTable, b.ExceptionTable},
	}
	for _, f := range objs {
		if d := diff(f.x, f.y, name+"."+f.name, depth+1); d != "" {
			return d
		}
	}
	return ""
}
