package explain

import (
	"fmt"
	"strings"

	"github.com/pyasm/pyasm/bytecode"
	"github.com/pyasm/pyasm/exctable"
	"github.com/pyasm/pyasm/linetable"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/versions"
)

// summaryLimit caps the list of items an outline row shows after a count.
const summaryLimit = 64

// outline prints the file's structure, one row per part with the range of
// bytes it takes: the header and its fields, each code object, its fields
// summed up, and nested code objects indented under their constants.
func (e *explainer) outline(v *versions.Version, h pyc.Header, err error) error {
	e.printf("\nbytes (hex)    what they hold\n")
	if v == nil {
		if len(e.data) >= 4 {
			e.row(0, 4, 0, "magic number: not one pyasm knows")
		}
		return err
	}
	e.version = v
	e.row(0, min(v.HeaderSize(), len(e.data)), 0, fmt.Sprintf("header: CPython %s, %d bytes", v, v.HeaderSize()))
	for _, f := range headerFields(v, h, err == nil) {
		e.row(f.off, f.n, 1, f.what)
	}
	if err != nil {
		return err
	}

	t := &tree{}
	f, err := pyc.ReadTrace(e.data, t)
	start, end := v.HeaderSize(), v.HeaderSize()
	for _, n := range t.roots {
		end = max(end, n.extent())
	}
	if end > start {
		e.row(start, end-start, 0, fmt.Sprintf("body: one object in marshal version %d, %s", v.Marshal.Version, plural(end-start, "byte")))
	}
	for _, n := range t.roots {
		e.outlineNode(n, 1, "")
	}
	if err != nil {
		return err
	}
	if _, cerr := f.Code(); cerr != nil {
		e.printf("\nnote: %v\n", cerr)
	}
	if len(f.Trailing) > 0 {
		e.row(len(e.data)-len(f.Trailing), len(f.Trailing), 0, fmt.Sprintf("trailing: %s after the object; CPython ignores them", plural(len(f.Trailing), "byte")))
	}
	return nil
}

// row prints one outline row: the first and last byte of a part, and what
// it is, indented by depth.
func (e *explainer) row(off, n, depth int, text string) {
	depth = min(depth, maxIndent)
	e.printf("%06x-%06x  %s%s\n", off, off+max(n, 1)-1, strings.Repeat("  ", depth), text)
}

// outlineNode prints one object: a code object with its fields, anything
// else as one row, followed by the code objects it holds.
func (e *explainer) outlineNode(n *node, depth int, label string) {
	if e.base(n.typ) == 'c' {
		e.outlineCode(n, depth, label)
		return
	}
	text := label + e.brief(n)
	if n.obj != nil {
		text = label + e.typeName(e.base(n.typ)) + ": " + e.brief(n)
	}
	e.row(n.off, n.extent()-n.off, depth, text+e.refNote(n))
	e.outlineNested(n, depth+1)
}

// outlineNested prints the children of n that are or hold code objects;
// the rest were summed up on n's row.
func (e *explainer) outlineNested(n *node, depth int) {
	for i, c := range n.children {
		if !holdsCode(e, c) {
			continue
		}
		label := fmt.Sprintf("[%d] ", i)
		switch e.base(n.typ) {
		case '{', '}', ':':
			label = childLabel(e.base(n.typ), i)
		}
		e.outlineNode(c, depth, label)
	}
}

func holdsCode(e *explainer, n *node) bool {
	if e.base(n.typ) == 'c' {
		return true
	}
	for _, c := range n.children {
		if holdsCode(e, c) {
			return true
		}
	}
	return false
}

func (e *explainer) outlineCode(n *node, depth int, label string) {
	c, _ := n.obj.(*marshal.Code)
	text := label + "code object"
	if c != nil {
		text += " " + e.repr(c.Name)
		if c.QualName != nil && !marshal.Equal(c.QualName, c.Name) {
			text += ", qualname " + e.repr(c.QualName)
		}
		text += fmt.Sprintf(", first line %d", c.FirstLineNo)
	}
	e.row(n.off, n.extent()-n.off, depth, text+e.refNote(n))
	// Runs of int fields share a row; flags, decoded, gets one of its own.
	var ints []*span
	flush := func() {
		if len(ints) == 0 {
			return
		}
		var texts []string
		for _, s := range ints {
			texts = append(texts, e.intText(s))
		}
		last := ints[len(ints)-1]
		e.row(ints[0].off, last.off+last.n-ints[0].off, depth+1, strings.Join(texts, ", "))
		ints = ints[:0]
	}
	for _, it := range n.codeItems() {
		switch {
		case it.span != nil && it.span.what == "flags":
			flush()
			e.row(it.span.off, it.span.n, depth+1, e.intText(it.span))
		case it.span != nil:
			ints = append(ints, it.span)
		default:
			flush()
			e.outlineField(it.child, depth+1)
		}
	}
	flush()
}

// outlineField sums up one object field of a code object on one row.
func (e *explainer) outlineField(n *node, depth int) {
	label := n.field + ": "
	text := label + e.brief(n)
	b, isBytes := n.obj.(*marshal.Bytes)
	t, isTuple := n.obj.(*marshal.Tuple)
	switch {
	case n.obj == nil:
	case isBytes && len(b.Data) == 0:
		text = label + "empty"
	case isBytes && n.field == "code":
		text = label + e.bytecodeSummary(b.Data)
	case isBytes && (n.field == "lnotab" || n.field == "linetable"):
		text = label + e.lineTableSummary(b.Data)
	case isBytes && n.field == "exceptiontable":
		entries, err := exctable.Decode(b.Data)
		text = label + tableSummary(len(b.Data), len(entries), err)
	case isBytes && n.field == "localspluskinds":
		text = label + plural(len(b.Data), "byte") + ", the kind of each name"
	case isTuple && n.field == "consts":
		text = label + e.itemsSummary(t, true)
	case isTuple:
		text = label + e.itemsSummary(t, false)
	}
	e.row(n.off, n.extent()-n.off, depth, text+e.refNote(n))
	e.outlineNested(n, depth+1)
}

// brief shows an object in a few words: its value, or what it is when it
// was cut short.
func (e *explainer) brief(n *node) string {
	if n.obj == nil {
		return e.typeName(e.base(n.typ))
	}
	if t, ok := n.obj.(*marshal.Tuple); ok {
		return e.itemsSummary(t, true)
	}
	return marshal.Repr(n.obj, e.version.Marshal, summaryLimit)
}

// refNote says which reference number an object takes, or which earlier
// object it stands for.
func (e *explainer) refNote(n *node) string {
	note := ""
	switch b := e.base(n.typ); {
	case b == 'r' || b == 'R':
		note = fmt.Sprintf(" (reference to #%d)", refIndex(e.data, n))
	case n.typ != b && n.slot >= 0:
		note = fmt.Sprintf(" (ref #%d)", n.slot)
	}
	if n.end == 0 {
		note += " (cut short)"
	}
	return note
}

// itemsSummary gives a tuple's length and as many of its items as fit:
// reprs for constants, bare names for name tuples.
func (e *explainer) itemsSummary(t *marshal.Tuple, repr bool) string {
	if len(t.Items) == 0 {
		return "empty"
	}
	var shown strings.Builder
	for i, item := range t.Items {
		s := nameOf(item)
		if repr {
			s = marshal.Repr(item, e.version.Marshal, summaryLimit/3)
		}
		if i > 0 && shown.Len()+len(s) > summaryLimit {
			shown.WriteString(", ...")
			break
		}
		if i > 0 {
			shown.WriteString(", ")
		}
		shown.WriteString(s)
	}
	return plural(len(t.Items), "item") + ": " + shown.String()
}

func (e *explainer) bytecodeSummary(code []byte) string {
	n, caches := 0, 0
	err := bytecode.Each(e.version, code, func(in *bytecode.Instruction) { n, caches = n+1, caches+in.Caches })
	s := plural(len(code), "byte") + ", " + plural(n, "instruction")
	if caches > 0 {
		s += ", " + plural(caches, "cache unit")
	}
	if err != nil {
		s += ", then undecodable"
	}
	return s
}

// lineTableSummary counts a line table's entries. The count does not
// depend on the first line, which a code object cut short does not have.
func (e *explainer) lineTableSummary(tab []byte) string {
	const firstLine = 1
	var entries int
	var err error
	switch e.version.Lines {
	case versions.LnotabUnsigned, versions.LnotabSigned:
		var got []linetable.LnotabEntry
		got, err = linetable.DecodeLnotab(tab, firstLine, e.version.Lines == versions.LnotabSigned)
		entries = len(got)
	case versions.LineTable310:
		var got []linetable.Range
		got, err = linetable.DecodeLineTable310(tab, firstLine)
		entries = len(got)
	default:
		if err = linetable.EachLocation(tab, firstLine, func(linetable.Location) { entries++ }); err != nil {
			entries = 0 // as DecodeLocations gives none
		}
	}
	return tableSummary(len(tab), entries, err)
}

func tableSummary(size, entries int, err error) string {
	s := plural(size, "byte") + fmt.Sprintf(", %d entries", entries)
	if entries == 1 {
		s = plural(size, "byte") + ", 1 entry"
	}
	if err != nil {
		s += ", then undecodable"
	}
	return s
}
