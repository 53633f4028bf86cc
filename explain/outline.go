package explain

import (
	"fmt"
	"strconv"
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

// outlineLeavesOut: the outline's tree leaves out what it does not show
// (tree.outline); a test turns it off to compare.
var outlineLeavesOut = true

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

	t := &tree{outline: outlineLeavesOut, stub: node{typ: 'N'}}
	f, err := pyc.ReadTrace(e.data, t)
	t.finish()
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
// The text is given in parts, written one after another: an outline
// has a row for each of thousands of fields, and joining their parts
// first cost a string each.
func (e *explainer) row(off, n, depth int, text ...string) { e.rowNote(off, n, depth, nil, text...) }

// rowBytes is row for a text in bytes.
func (e *explainer) rowBytes(off, n, depth int, text []byte) {
	e.rowBuf = append(e.appendRowStart(e.rowBuf[:0], off, n, depth), text...)
	e.endRow()
}

// rowNote is row with the reference note of node nd, if any, after the
// text.
func (e *explainer) rowNote(off, n, depth int, nd *node, text ...string) {
	e.rowBuf = e.appendRowStart(e.rowBuf[:0], off, n, depth)
	for _, t := range text {
		e.rowBuf = append(e.rowBuf, t...)
	}
	if nd != nil {
		e.rowBuf = e.appendRefNote(e.rowBuf, nd)
	}
	e.endRow()
}

// appendRowStart appends a row's byte range, as %06x-%06x, and its
// indent.
func (e *explainer) appendRowStart(b []byte, off, n, depth int) []byte {
	b = appendHex6(b, off)
	b = append(b, '-')
	b = appendHex6(b, off+max(n, 1)-1)
	b = append(b, "  "...)
	return append(b, spaces[:2*min(depth, maxIndent)]...)
}

// endRow ends the row in rowBuf and writes it.
func (e *explainer) endRow() {
	e.rowBuf = append(e.rowBuf, '\n')
	if e.werr == nil {
		_, e.werr = e.out.Write(e.rowBuf)
	}
}

// appendHex6 appends v in lower-case hex, at least six digits (%06x).
func appendHex6(b []byte, v int) []byte { return appendPadded(b, v, 16, 6, '0') }

// outlineNode prints one object: a code object with its fields, anything
// else as one row, followed by the code objects it holds.
func (e *explainer) outlineNode(n *node, depth int, label string) {
	if e.base(n.typ) == 'c' {
		e.outlineCode(n, depth, label)
		return
	}
	if n.obj != nil {
		e.rowNote(n.off, n.extent()-n.off, depth, n, label, e.typeName(e.base(n.typ)), ": ", e.brief(n))
	} else {
		e.rowNote(n.off, n.extent()-n.off, depth, n, label, e.brief(n))
	}
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
	e.rowNote(n.off, n.extent()-n.off, depth, n, text)
	// Runs of int fields share a row; flags, decoded, gets one of its own.
	var ints []*span
	flush := func() {
		if len(ints) == 0 {
			return
		}
		text := e.textBuf[:0]
		for i, s := range ints {
			if i > 0 {
				text = append(text, ", "...)
			}
			text = e.appendIntText(text, s)
		}
		e.textBuf = text
		last := ints[len(ints)-1]
		e.rowBytes(ints[0].off, last.off+last.n-ints[0].off, depth+1, text)
		ints = ints[:0]
	}
	// e.items is a stack: nested code objects put theirs above these.
	from := len(e.items)
	e.items = n.appendCodeItems(e.items)
	items := e.items[from:]
	defer func() { e.items = e.items[:from] }()
	for _, it := range items {
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
	b, isBytes := n.obj.(*marshal.Bytes)
	t, isTuple := n.obj.(*marshal.Tuple)
	var text string
	switch {
	case n.obj == nil:
		text = e.brief(n)
	case isBytes && len(b.Data) == 0:
		text = "empty"
	case isBytes && n.field == "code":
		text = e.bytecodeSummary(b.Data)
	case isBytes && (n.field == "lnotab" || n.field == "linetable"):
		text = e.lineTableSummary(b.Data)
	case isBytes && n.field == "exceptiontable":
		entries, err := exctable.Decode(b.Data)
		text = tableSummary(len(b.Data), len(entries), err)
	case isBytes && n.field == "localspluskinds":
		e.rowNote(n.off, n.extent()-n.off, depth, n, n.field, ": ", plural(len(b.Data), "byte"), ", the kind of each name")
		e.outlineNested(n, depth+1)
		return
	case isTuple && n.field == "consts":
		text = e.itemsSummary(t, true)
	case isTuple:
		text = e.itemsSummary(t, false)
	default:
		text = e.brief(n)
	}
	e.rowNote(n.off, n.extent()-n.off, depth, n, n.field, ": ", text)
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

// appendRefNote appends which reference number an object takes, or which
// earlier object it stands for.
func (e *explainer) appendRefNote(note []byte, n *node) []byte {
	switch b := e.base(n.typ); {
	case b == 'r' || b == 'R':
		note = append(note, " (reference to #"...)
		note = strconv.AppendInt(note, int64(refIndex(e.data, n)), 10)
		note = append(note, ')')
	case n.typ != b && n.slot >= 0:
		note = append(note, " (ref #"...)
		note = strconv.AppendInt(note, int64(n.slot), 10)
		note = append(note, ')')
	}
	if n.end == 0 {
		note = append(note, " (cut short)"...)
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
