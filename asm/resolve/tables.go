package resolve

import (
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/marshal"
)

// nameTable is an ordered table of names: co_names, co_varnames, cells,
// free variables. Explicit entries come first; names first used later are
// appended.
type nameTable struct {
	list  []string
	index map[string]int
	// With track set, firstUse lists the names add was given, each once,
	// in the order of its first call: the table that first use alone
	// makes, as if nothing had been listed (Derived).
	track    bool
	firstUse []string
	used     []bool // by index in list: add was given it
}

func (t *nameTable) init(explicit []string) {
	t.index = make(map[string]int, len(explicit))
	t.list = slices.Grow(t.list, len(explicit))
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
	i, ok := t.index[n]
	if !ok {
		i = len(t.list)
		t.index[n] = i
		t.list = append(t.list, n)
	}
	if t.track && !marked(&t.used, i) {
		t.firstUse = append(t.firstUse, n)
	}
	return i
}

// marked marks entry i of a table as used, and reports whether it was
// already.
func marked(used *[]bool, i int) bool {
	for len(*used) <= i {
		*used = append(*used, false)
	}
	was := (*used)[i]
	(*used)[i] = true
	return was
}

// constTable is co_consts. Constants are equal only when their types and
// values are: 1, 1.0 and True are three entries, and so are 0.0 and -0.0,
// as CPython keeps them.
type constTable struct {
	list  []marshal.Object
	index map[string]int
	buf   []byte // add's key, built in place
	// track, firstUse and used are nameTable's: the constants add was
	// given, each once, in the order of first use.
	track    bool
	firstUse []marshal.Object
	used     []bool
}

func (t *constTable) init(explicit []asm.Value) {
	t.index = make(map[string]int, len(explicit))
	t.list = slices.Grow(t.list, len(explicit))
	for _, v := range explicit {
		t.buf = appendKey(t.buf[:0], v, nil)
		if _, ok := t.index[string(t.buf)]; !ok { // looked up without a copy
			t.index[string(t.buf)] = len(t.list)
		}
		t.list = append(t.list, v)
	}
}

func (t *constTable) add(v marshal.Object) int {
	t.buf = appendKey(t.buf[:0], v, nil)
	i, ok := t.index[string(t.buf)] // looked up without a copy
	if !ok {
		i = len(t.list)
		t.index[string(t.buf)] = i
		t.list = append(t.list, v)
	}
	if t.track && !marked(&t.used, i) {
		t.firstUse = append(t.firstUse, v)
	}
	return i
}

// appendKey appends the key of o to buf. A key spells a constant with its
// exact type, so that equal keys mean interchangeable constants: a type
// letter, then the value, strings and bytes with their length in front.
// With refs non-nil, the labels of the code blocks o names are appended
// to *refs.
func appendKey(buf []byte, o marshal.Object, refs *[]string) []byte {
	switch o := o.(type) {
	case *marshal.None:
		return append(buf, 'N')
	case *marshal.Bool:
		if o.Value {
			return append(buf, 'B', '1')
		}
		return append(buf, 'B', '0')
	case *marshal.Ellipsis:
		return append(buf, '.')
	case *marshal.StopIteration:
		return append(buf, 'S')
	case *marshal.Int:
		// 2.7 longs ('l') are a type of their own.
		buf = append(buf, 'I', longMark(o.Type))
		return o.Value.Append(buf, 10)
	case *marshal.Float:
		return binary.LittleEndian.AppendUint64(append(buf, 'F'), o.Bits)
	case *marshal.Complex:
		buf = binary.LittleEndian.AppendUint64(append(buf, 'C'), o.Real)
		return binary.LittleEndian.AppendUint64(buf, o.Imag)
	case *marshal.Str:
		return appendSized(append(buf, 'U'), o.Value())
	case *marshal.Bytes:
		return appendSized(append(buf, 'Y'), string(o.Data))
	case *marshal.Tuple:
		return seqKey(buf, 'T', o.Items, refs)
	case *marshal.FrozenSet:
		return seqKey(buf, 'Z', o.Items, refs)
	case *marshal.List:
		return seqKey(buf, 'L', o.Items, refs)
	case *marshal.Set:
		return seqKey(buf, 'E', o.Items, refs)
	case *marshal.Slice:
		return seqKey(buf, 'P', []marshal.Object{o.Start, o.Stop, o.Step}, refs)
	case *asm.CodeRef:
		if refs != nil {
			*refs = append(*refs, o.Label)
		}
		return appendSized(append(buf, '@'), o.Label)
	default:
		return fmt.Appendf(buf, "?%p", o)
	}
}

func appendSized(buf []byte, s string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}

func longMark(t byte) byte {
	if t&^marshal.FlagRef == 'l' {
		return 'l'
	}
	return 'i'
}

func seqKey(buf []byte, tag byte, items []marshal.Object, refs *[]string) []byte {
	buf = append(buf, tag, '(')
	for _, it := range items {
		buf = append(appendKey(buf, it, refs), ',')
	}
	return append(buf, ')')
}
