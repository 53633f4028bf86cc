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
func Equal(a, b Object) bool { return equal(a, b, 0, nil) }

// EqualIn is Equal for the fields of code objects a dialect writes: two
// objects EqualIn are read back Equal after both are written in it.
func EqualIn(a, b Object, d *Dialect) bool { return equal(a, b, 0, d.Code) }

// equal is diff without the description: the same comparisons.
func equal(a, b Object, depth int, layout *CodeLayout) bool {
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
		if layout != nil {
			// Written, an int with no type gets the writer's: both are
			// read back with one, which Equal compares.
			return ok && x.Value.Cmp(y.Value) == 0 && writtenLong(x) == writtenLong(y)
		}
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
		return ok && equalItems(x.Items, y.Items, depth, layout)
	case *List:
		y, ok := b.(*List)
		return ok && equalItems(x.Items, y.Items, depth, layout)
	case *Set:
		y, ok := b.(*Set)
		return ok && equalItems(x.Items, y.Items, depth, layout)
	case *FrozenSet:
		y, ok := b.(*FrozenSet)
		return ok && equalItems(x.Items, y.Items, depth, layout)
	case *Dict:
		y, ok := b.(*Dict)
		return ok && equalPairs(x.Items, y.Items, depth, layout)
	case *FrozenDict:
		y, ok := b.(*FrozenDict)
		return ok && equalPairs(x.Items, y.Items, depth, layout)
	case *Slice:
		y, ok := b.(*Slice)
		return ok && equal(x.Start, y.Start, depth+1, layout) && equal(x.Stop, y.Stop, depth+1, layout) && equal(x.Step, y.Step, depth+1, layout)
	case *Code:
		y, ok := b.(*Code)
		return ok && equalCode(x, y, depth, layout)
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

func equalItems(a, b []Object, depth int, layout *CodeLayout) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !equal(a[i], b[i], depth+1, layout) {
			return false
		}
	}
	return true
}

func equalPairs(a, b []KeyValue, depth int, layout *CodeLayout) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !equal(a[i].Key, b[i].Key, depth+1, layout) || !equal(a[i].Value, b[i].Value, depth+1, layout) {
			return false
		}
	}
	return true
}

// equalCode compares two code objects field by field: every field, or
// with a layout only those it has.
func equalCode(a, b *Code, depth int, layout *CodeLayout) bool {
	d := depth + 1
	if layout != nil {
		for _, f := range layout.Fields {
			if f.Int != nil && *f.Int(a) != *f.Int(b) || f.Obj != nil && !equal(*f.Obj(a), *f.Obj(b), d, layout) {
				return false
			}
		}
		return true
	}
	if a.ArgCount != b.ArgCount || a.PosOnlyArgCount != b.PosOnlyArgCount || a.KwOnlyArgCount != b.KwOnlyArgCount ||
		a.NLocals != b.NLocals || a.StackSize != b.StackSize || a.Flags != b.Flags || a.FirstLineNo != b.FirstLineNo {
		return false
	}
	return equal(a.Bytecode, b.Bytecode, d, nil) && equal(a.Consts, b.Consts, d, nil) && equal(a.Names, b.Names, d, nil) &&
		equal(a.VarNames, b.VarNames, d, nil) && equal(a.FreeVars, b.FreeVars, d, nil) && equal(a.CellVars, b.CellVars, d, nil) &&
		equal(a.LocalsPlusNames, b.LocalsPlusNames, d, nil) && equal(a.LocalsPlusKinds, b.LocalsPlusKinds, d, nil) &&
		equal(a.Filename, b.Filename, d, nil) && equal(a.Name, b.Name, d, nil) && equal(a.QualName, b.QualName, d, nil) &&
		equal(a.LineTable, b.LineTable, d, nil) && equal(a.ExceptionTable, b.ExceptionTable, d, nil)
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

// writtenLong tells whether an int is written as a long: by its type, or
// with none, when it does not fit 32 bits (as the writer picks; 2.7's
// 64-bit form counts as long here, so such an int compares unequal).
func writtenLong(x *Int) bool {
	if x.Type != 0 {
		return longness(x.Type)
	}
	return !x.Value.IsInt64() || x.Value.Int64() != int64(int32(x.Value.Int64()))
}

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
