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

// Equal reports whether Diff finds no difference; it says no more, so it
// builds no description.
func Equal(a, b Object) bool { return equal(a, b, 0) }

// equal is diff without the description: the same comparisons.
func equal(a, b Object, depth int) bool {
	if depth > MaxDepth {
		return true
	}
	if (a == nil) != (b == nil) {
		return false
	}
	if a == nil {
		return true
	}
	switch x := a.(type) {
	case *None:
		_, ok := b.(*None)
		return ok
	case *StopIteration:
		_, ok := b.(*StopIteration)
		return ok
	case *Ellipsis:
		_, ok := b.(*Ellipsis)
		return ok
	case *Bool:
		y, ok := b.(*Bool)
		return ok && x.Value == y.Value
	case *Int:
		y, ok := b.(*Int)
		return ok && x.Value.Cmp(y.Value) == 0 && !(x.Type != 0 && y.Type != 0 && longness(x.Type) != longness(y.Type))
	case *Float:
		y, ok := b.(*Float)
		return ok && x.Bits == y.Bits
	case *Complex:
		y, ok := b.(*Complex)
		return ok && x.Real == y.Real && x.Imag == y.Imag
	case *Str:
		y, ok := b.(*Str)
		return ok && strEqual(x, y)
	case *Bytes:
		y, ok := b.(*Bytes)
		return ok && bytes.Equal(x.Data, y.Data)
	case *Tuple:
		y, ok := b.(*Tuple)
		return ok && equalItems(x.Items, y.Items, depth)
	case *List:
		y, ok := b.(*List)
		return ok && equalItems(x.Items, y.Items, depth)
	case *Set:
		y, ok := b.(*Set)
		return ok && equalItems(x.Items, y.Items, depth)
	case *FrozenSet:
		y, ok := b.(*FrozenSet)
		return ok && equalItems(x.Items, y.Items, depth)
	case *Dict:
		y, ok := b.(*Dict)
		return ok && equalPairs(x.Items, y.Items, depth)
	case *FrozenDict:
		y, ok := b.(*FrozenDict)
		return ok && equalPairs(x.Items, y.Items, depth)
	case *Slice:
		y, ok := b.(*Slice)
		return ok && equal(x.Start, y.Start, depth+1) && equal(x.Stop, y.Stop, depth+1) && equal(x.Step, y.Step, depth+1)
	case *Code:
		y, ok := b.(*Code)
		return ok && equalCode(x, y, depth)
	}
	// Any other type: equal when both are of it, as Diff has it.
	return fmt.Sprintf("%T", a) == fmt.Sprintf("%T", b)
}

// strEqual compares the text of two strings, without building it when
// both are stored alike.
func strEqual(x, y *Str) bool {
	if isLatin1Type(x.Type&^FlagRef) == isLatin1Type(y.Type&^FlagRef) {
		return x.Data == y.Data
	}
	return x.Value() == y.Value()
}

func equalItems(a, b []Object, depth int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !equal(a[i], b[i], depth+1) {
			return false
		}
	}
	return true
}

func equalPairs(a, b []KeyValue, depth int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !equal(a[i].Key, b[i].Key, depth+1) || !equal(a[i].Value, b[i].Value, depth+1) {
			return false
		}
	}
	return true
}

func equalCode(a, b *Code, depth int) bool {
	if a.ArgCount != b.ArgCount || a.PosOnlyArgCount != b.PosOnlyArgCount || a.KwOnlyArgCount != b.KwOnlyArgCount ||
		a.NLocals != b.NLocals || a.StackSize != b.StackSize || a.Flags != b.Flags || a.FirstLineNo != b.FirstLineNo {
		return false
	}
	d := depth + 1
	return equal(a.Bytecode, b.Bytecode, d) && equal(a.Consts, b.Consts, d) && equal(a.Names, b.Names, d) &&
		equal(a.VarNames, b.VarNames, d) && equal(a.FreeVars, b.FreeVars, d) && equal(a.CellVars, b.CellVars, d) &&
		equal(a.LocalsPlusNames, b.LocalsPlusNames, d) && equal(a.LocalsPlusKinds, b.LocalsPlusKinds, d) &&
		equal(a.Filename, b.Filename, d) && equal(a.Name, b.Name, d) && equal(a.QualName, b.QualName, d) &&
		equal(a.LineTable, b.LineTable, d) && equal(a.ExceptionTable, b.ExceptionTable, d)
}

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
