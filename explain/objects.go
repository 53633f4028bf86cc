package explain

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
	"strconv"

	"github.com/pyasm/pyasm/marshal"
)

// typeNames says what each marshal type code holds.
var typeNames = map[byte]string{
	'N': "None", 'F': "False", 'T': "True", 'S': "StopIteration", '.': "Ellipsis",
	'i': "int, 32-bit", 'I': "int, 64-bit", 'l': "int, 15-bit digits",
	'f': "float as text", 'g': "float, binary", 'x': "complex as text", 'y': "complex, binary",
	's': "bytes", 't': "str, interned", 'u': "str, UTF-8", 'a': "str, ASCII", 'A': "str, ASCII, interned",
	'z': "str, short ASCII", 'Z': "str, short ASCII, interned",
	'R': "string reference", 'r': "reference",
	'(': "tuple", ')': "tuple, small", '[': "list", '{': "dict", '<': "set", '>': "frozenset",
	':': "slice", '}': "frozendict", 'c': "code object",
}

// py2TypeNames overrides typeNames where 2.7 differs.
var py2TypeNames = map[byte]string{'s': "str (bytes)", 't': "str (bytes), interned", 'u': "unicode, UTF-8"}

func (e *explainer) base(typ byte) byte {
	if e.version.Marshal.FlagRefs() {
		return typ &^ marshal.FlagRef
	}
	return typ
}

// typeName says what the objects of a type code are in the file's release.
func (e *explainer) typeName(b byte) string {
	if e.version.Marshal.Python2 && py2TypeNames[b] != "" {
		return py2TypeNames[b]
	}
	return typeNames[b]
}

// describe gives a node's type line: its code character, what it is and
// its reference slot.
// quotedTypes are the type bytes as Go quotes them ('c', '\x00'), made once.
var quotedTypes = func() (q [256]string) {
	for b := range q {
		q[b] = strconv.QuoteRune(rune(b))
	}
	return q
}()

// quotedType is a type byte as %q writes it as a rune.
func quotedType(b byte) string { return quotedTypes[b] }

func (e *explainer) describe(n *node, label string) string {
	b := e.base(n.typ)
	s := label + quotedType(b) + " " + e.typeName(b)
	if n.typ != b {
		if n.slot >= 0 {
			s += fmt.Sprintf(", FLAG_REF: ref #%d", n.slot)
		} else {
			s += ", FLAG_REF (ignored on this type)"
		}
	}
	if n.end == 0 {
		s += " (cut short)"
	}
	return s
}

func (e *explainer) repr(o marshal.Object) string {
	return marshal.Repr(o, e.version.Marshal, reprLimit)
}

// extent is where a node's bytes end, or as far as it and what it holds
// were read.
func (n *node) extent() int {
	end := n.end
	if end == 0 {
		end = max(n.off+1, n.leafEnd)
		for _, s := range n.spans {
			end = max(end, s.off+s.n)
		}
		for _, c := range n.children {
			end = max(end, c.extent())
		}
	}
	return end
}

func (n *node) span(what string) (span, bool) {
	for _, s := range n.spans {
		if s.what == what {
			return s, true
		}
	}
	return span{}, false
}

func (e *explainer) node(n *node, depth int, label string) {
	desc := e.describe(n, label)
	switch e.base(n.typ) {
	case 'r', 'R':
		if n.obj != nil {
			desc += fmt.Sprintf(" -> #%d: %s", refIndex(e.data, n), e.repr(n.obj))
		}
		e.line(n.off, n.extent()-n.off, depth, desc)
	case 'c':
		e.code(n, depth, desc)
	case '(', ')', '[', '<', '>':
		head := n.off + 1
		if s, ok := n.span("size"); ok {
			head = s.off + s.n
			desc += ", " + plural(len(n.children), "item")
		}
		e.line(n.off, head-n.off, depth, desc)
		for i, c := range n.children {
			e.node(c, depth+1, "["+strconv.Itoa(i)+"] ")
		}
	case '{', '}', ':':
		e.line(n.off, 1, depth, desc)
		for i, c := range n.children {
			e.node(c, depth+1, childLabel(e.base(n.typ), i))
		}
		if s, ok := n.span("end"); ok {
			e.line(s.off, 1, depth, "'0' end of dict")
		}
	case 'N', 'F', 'T', 'S', '.':
		e.line(n.off, n.extent()-n.off, depth, desc)
	default:
		if n.obj != nil {
			desc += ": " + e.scalar(n)
		}
		e.line(n.off, n.extent()-n.off, depth, desc)
	}
}

func childLabel(typ byte, i int) string {
	if typ == ':' {
		return [...]string{"start: ", "stop: ", "step: "}[min(i, 2)]
	}
	return [...]string{"key: ", "value: "}[i%2]
}

// scalar shows a leaf value, with its size where one was stored.
func (e *explainer) scalar(n *node) string {
	s := e.repr(n.obj)
	switch o := n.obj.(type) {
	case *marshal.Str:
		s = fmt.Sprintf("%s, %s", plural(len(o.Data), "byte"), s)
	case *marshal.Bytes:
		s = fmt.Sprintf("%s, %s", plural(len(o.Data), "byte"), s)
	case *marshal.Int:
		if e.base(n.typ) == 'l' {
			s = fmt.Sprintf("%d digits, %s", digitCount(o.Value), s)
		}
	}
	return s
}

func digitCount(v *big.Int) int { return (v.BitLen() + 14) / 15 }

func refIndex(data []byte, n *node) int {
	if s, ok := n.span("index"); ok && s.n == 4 {
		return int(int32(uint32(data[s.off]) | uint32(data[s.off+1])<<8 | uint32(data[s.off+2])<<16 | uint32(data[s.off+3])<<24))
	}
	return -1
}

// code explains a code object: its int fields and its object fields in
// stream order, the bytecode, tables and kinds decoded.
func (e *explainer) code(n *node, depth int, desc string) {
	c, _ := n.obj.(*marshal.Code)
	if c != nil {
		desc += " " + e.repr(c.Name)
	}
	e.line(n.off, 1, depth, desc)
	for _, it := range n.codeItems() {
		if it.span != nil {
			e.intField(it.span, depth+1)
			continue
		}
		e.codeField(it.child, c, depth+1)
	}
}

// codeItem is one field of a code object: an int (span) or an object (child).
type codeItem struct {
	off   int
	span  *span
	child *node
}

// codeItems gives a code object's fields in stream order.
func (n *node) codeItems() []codeItem { return n.appendCodeItems(nil) }

// appendCodeItems appends codeItems to items.
func (n *node) appendCodeItems(items []codeItem) []codeItem {
	from := len(items)
	for i := range n.spans {
		items = append(items, codeItem{off: n.spans[i].off, span: &n.spans[i]})
	}
	for _, ch := range n.children {
		items = append(items, codeItem{off: ch.off, child: ch})
	}
	slices.SortFunc(items[from:], func(a, b codeItem) int { return cmp.Compare(a.off, b.off) })
	return items
}

func (e *explainer) intField(s *span, depth int) {
	e.line(s.off, s.n, depth, e.intText(s))
}

// intText gives an int field's name and value, flags by name.
func (e *explainer) intText(s *span) string { return string(e.appendIntText(nil, s)) }

// appendIntText appends intText.
func (e *explainer) appendIntText(text []byte, s *span) []byte {
	text = append(text, s.what...)
	if s.n != 4 {
		return append(text, " (cut short)"...)
	}
	b := e.data[s.off:]
	v := int32(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24)
	if s.what != "flags" {
		return strconv.AppendInt(append(text, ' '), int64(v), 10)
	}
	text = strconv.AppendUint(append(text, " 0x"...), uint64(uint32(v)), 16)
	if v != 0 {
		text = append(append(text, " = "...), formatFlags(uint32(v), e.version.CodeFlags)...)
	}
	return text
}

// appendPlural appends plural(n, unit).
func appendPlural(b []byte, n int, unit string) []byte {
	b = append(strconv.AppendInt(b, int64(n), 10), ' ')
	b = append(b, unit...)
	if n != 1 {
		b = append(b, 's')
	}
	return b
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
