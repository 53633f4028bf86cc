package resolve

import (
	"fmt"
	"strings"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/marshal"
)

// nameTable is an ordered table of names: co_names, co_varnames, cells,
// free variables. Explicit entries come first; names first used later are
// appended.
type nameTable struct {
	list  []string
	index map[string]int
}

func (t *nameTable) init(explicit []string) {
	t.index = map[string]int{}
	for _, n := range explicit {
		if _, ok := t.index[n]; !ok {
			t.index[n] = len(t.list)
		}
		t.list = append(t.list, n)
	}
}

func (t *nameTable) has(n string) bool { _, ok := t.index[n]; return ok }

// add returns the index of n, appending it if it is new. A name listed
// twice in an explicit table (init) keeps both entries; lookups find the
// first.
func (t *nameTable) add(n string) int {
	if i, ok := t.index[n]; ok {
		return i
	}
	t.index[n] = len(t.list)
	t.list = append(t.list, n)
	return len(t.list) - 1
}

// constTable is co_consts. Constants are equal only when their types and
// values are: 1, 1.0 and True are three entries, and so are 0.0 and -0.0,
// as CPython keeps them.
type constTable struct {
	list  []marshal.Object
	index map[string]int
}

func (t *constTable) init(explicit []asm.Value) {
	t.index = map[string]int{}
	for _, v := range explicit {
		k := constKey(v)
		if _, ok := t.index[k]; !ok {
			t.index[k] = len(t.list)
		}
		t.list = append(t.list, v)
	}
}

func (t *constTable) add(v marshal.Object) int {
	k := constKey(v)
	if i, ok := t.index[k]; ok {
		return i
	}
	t.index[k] = len(t.list)
	t.list = append(t.list, v)
	return len(t.list) - 1
}

// constKey spells a constant with its exact type, so that equal keys mean
// interchangeable constants.
func constKey(o marshal.Object) string {
	var b strings.Builder
	writeKey(&b, o)
	return b.String()
}

func writeKey(b *strings.Builder, o marshal.Object) {
	switch o := o.(type) {
	case *marshal.None:
		b.WriteString("N")
	case *marshal.Bool:
		fmt.Fprintf(b, "B%v", o.Value)
	case *marshal.Ellipsis:
		b.WriteString(".")
	case *marshal.StopIteration:
		b.WriteString("S")
	case *marshal.Int:
		// 2.7 longs ('l') are a type of their own.
		fmt.Fprintf(b, "I%c%s", longMark(o.Type), o.Value)
	case *marshal.Float:
		fmt.Fprintf(b, "F%x", o.Bits)
	case *marshal.Complex:
		fmt.Fprintf(b, "C%x,%x", o.Real, o.Imag)
	case *marshal.Str:
		fmt.Fprintf(b, "U%q", o.Value())
	case *marshal.Bytes:
		fmt.Fprintf(b, "Y%q", o.Data)
	case *marshal.Tuple:
		seqKey(b, "T", o.Items)
	case *marshal.FrozenSet:
		seqKey(b, "Z", o.Items)
	case *marshal.List:
		seqKey(b, "L", o.Items)
	case *marshal.Set:
		seqKey(b, "E", o.Items)
	case *marshal.Slice:
		seqKey(b, "P", []marshal.Object{o.Start, o.Stop, o.Step})
	case *asm.CodeRef:
		fmt.Fprintf(b, "@%q", o.Label)
	default:
		fmt.Fprintf(b, "?%p", o)
	}
}

func longMark(t byte) byte {
	if t&^marshal.FlagRef == 'l' {
		return 'l'
	}
	return 'i'
}

func seqKey(b *strings.Builder, tag string, items []marshal.Object) {
	b.WriteString(tag)
	b.WriteByte('(')
	for _, it := range items {
		writeKey(b, it)
		b.WriteByte(',')
	}
	b.WriteByte(')')
}
