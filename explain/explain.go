// Package explain prints a .pyc file as an annotated map: every byte, offset
// by offset, with its meaning beside it. It is the learner's view of the
// container (package pyc), the marshal stream (package marshal), the
// instructions (package bytecode) and the line and exception tables
// (packages linetable and exctable); it only reads, through those packages.
// A short legend, in the terms of the file's release, comes first; the
// outline (Options.Outline) shows the same structure a row per part, with
// byte ranges instead of bytes.
//
// A damaged file is explained up to the damage, followed by what is wrong
// and where.
package explain

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/versions"
)

// bytesPerLine is how many raw bytes one line of the map shows.
const bytesPerLine = 8

// maxIndent caps indentation, so deeply nested input stays readable.
const maxIndent = 24

// reprLimit caps how much of a constant's repr a line shows.
const reprLimit = 60

// Options choose what Write prints. The zero value is the full map, legend
// first.
type Options struct {
	// Outline prints the structure only: one row per header field, code
	// object, code-object field and trailing run, each with its byte range.
	Outline bool
	// NoLegend leaves out the short guide to the format printed first.
	NoLegend bool
	// As reads the file as that release, which may lack the release's
	// header (see pyc.ReadAs): what it has in its place is shown as such.
	// nil finds the release from the magic number.
	As *versions.Version
}

// Write explains the .pyc file data, named name, to w: the full map, legend
// first. It returns an error if the file is damaged; what could be read is
// written first.
func Write(w io.Writer, name string, data []byte) error {
	return WriteOptions(w, name, data, Options{})
}

// WriteAs is Write for a file of release as (Options.As).
func WriteAs(w io.Writer, name string, data []byte, as *versions.Version) error {
	return WriteOptions(w, name, data, Options{As: as})
}

// WriteOptions is Write with a choice of what to print.
func WriteOptions(w io.Writer, name string, data []byte, opts Options) error {
	e := &explainer{out: w, data: data, opts: opts}
	var err error
	if opts.As != nil {
		err = e.fileAs(name, opts.As)
	} else {
		err = e.file(name)
	}
	if err != nil {
		e.printf("\nerror: %v\n", err)
	}
	if e.werr != nil {
		return e.werr
	}
	return err
}

type explainer struct {
	out     io.Writer
	werr    error
	rowBuf  []byte     // a row being written (line)
	textBuf []byte     // a row's text being built
	items   []codeItem // a code object's fields in file order (outlineCode)
	// constTexts are the reprs of the constants of the code object whose
	// instructions are being explained, made as they are first named.
	constTexts []string
	data       []byte
	opts       Options
	version    *versions.Version
}

func (e *explainer) printf(format string, args ...any) {
	if e.werr == nil {
		_, e.werr = fmt.Fprintf(e.out, format, args...)
	}
}

// line prints one row of the map: the offset, up to bytesPerLine raw bytes,
// and the meaning, indented by depth. Longer byte runs continue on rows of
// their own with no text.
func (e *explainer) line(off, n, depth int, text string) { writeRow(e, off, n, depth, text) }

// writeRow is line, for a text in a string or in bytes.
func writeRow[T string | []byte](e *explainer, off, n, depth int, text T) {
	if depth > maxIndent {
		depth = maxIndent
	}
	indent := spaces[:2*depth]
	for first := true; first || n > 0; first = false {
		k := min(n, bytesPerLine)
		// As "%06x  %-*s  %s%s\n" with the bytes in hex (hexBytes), built
		// in a buffer the rows share.
		b := append(appendHex6(e.rowBuf[:0], off), "  "...)
		start := len(b)
		for i, c := range e.data[off : off+k] {
			if i > 0 {
				b = append(b, ' ')
			}
			b = append(b, hexDigits[c>>4], hexDigits[c&15])
		}
		for len(b)-start < bytesPerLine*3-1 {
			b = append(b, ' ')
		}
		b = append(append(append(append(b, "  "...), indent...), text...), '\n')
		e.rowBuf = b
		if e.werr == nil {
			_, e.werr = e.out.Write(b)
		}
		off, n, text = off+k, n-k, text[:0]
		if len(text) == 0 && n > 0 {
			indent = ""
		}
	}
}

const hexDigits = "0123456789abcdef"

// spaces is indentation for the deepest rows.
var spaces = strings.Repeat(" ", 2*maxIndent)

func hexBytes(b []byte) string {
	var s strings.Builder
	for i, c := range b {
		if i > 0 {
			s.WriteByte(' ')
		}
		fmt.Fprintf(&s, "%02x", c)
	}
	return s.String()
}

func (e *explainer) section(title string) {
	e.printf("\n%s %s\n", title, strings.Repeat("-", max(0, 72-len(title))))
}

func (e *explainer) file(name string) error {
	v, h, err := pyc.ReadHeader(e.data)
	e.printf("%s: %d bytes\n", name, len(e.data))
	if v != nil && !e.opts.NoLegend {
		e.legend(v)
	}
	if e.opts.Outline {
		return e.outline(v, h, err)
	}
	e.printf("\noffset  raw bytes                 meaning\n")
	if v == nil {
		if len(e.data) >= 4 {
			e.section("header")
			e.line(0, 4, 0, "magic number: not one pyasm knows")
		}
		return err
	}
	e.version = v
	e.section(fmt.Sprintf("header: CPython %s, %d bytes", v, v.HeaderSize()))
	e.header(v, h, 0, err == nil)
	if err != nil {
		return err
	}
	return e.body(v, func(t *tree) (*pyc.File, error) { return pyc.ReadTrace(e.data, t) })
}

// fileAs explains a file read as release v in whatever layout it has. The
// outline is for standard files; others get the map.
func (e *explainer) fileAs(name string, v *versions.Version) error {
	l, err := pyc.Locate(e.data, v)
	if err == nil && l == pyc.Standard {
		return e.file(name)
	}
	e.printf("%s: %d bytes, read as CPython %s\n", name, len(e.data), v)
	if !e.opts.NoLegend {
		e.legend(v)
	}
	e.printf("\noffset  raw bytes                 meaning\n")
	if err != nil {
		return err
	}
	e.version = v
	n := l.HeaderLen(v)
	h := pyc.HeaderAs(e.data, v, l)
	switch l {
	case pyc.Bare:
		e.section("header: none; the file is the marshalled code alone")
	case pyc.ForeignMagic:
		e.section(fmt.Sprintf("header: CPython %s's layout, %d bytes, with a foreign magic number", v, n))
		what := fmt.Sprintf("magic number %d: not CPython %s's (%d)", h.Magic, v, v.Magic)
		if string(e.data[:4]) == "\x00\x00\x00\x00" {
			what = fmt.Sprintf("magic number: zeroed (CPython %s's is %d)", v, v.Magic)
		} else if other, err := versions.ByMagic(h.Magic); err == nil && e.data[2] == '\r' && e.data[3] == '\n' {
			what = fmt.Sprintf("magic number %d: CPython %s's, not %s's (%d)", h.Magic, other, v, v.Magic)
		}
		e.line(0, 4, 0, what)
		e.header(v, h, 0, true)
	case pyc.NoMagic:
		e.section(fmt.Sprintf("header: CPython %s's without its magic number, %d bytes", v, n))
		e.header(v, h, -4, true)
	}
	return e.body(v, func(t *tree) (*pyc.File, error) { return pyc.ReadTraceAs(e.data, v, t) })
}

// body explains the marshalled object that read decodes, then any
// trailing bytes.
func (e *explainer) body(v *versions.Version, read func(*tree) (*pyc.File, error)) error {
	t := &tree{}
	f, err := read(t)
	t.finish()
	e.section("body: one marshalled object, written by marshal version " + fmt.Sprint(v.Marshal.Version))
	for _, n := range t.roots {
		e.node(n, 0, "")
	}
	if err != nil {
		return err
	}
	if _, cerr := f.Code(); cerr != nil {
		e.printf("\nnote: %v\n", cerr)
	}
	if len(f.Trailing) > 0 {
		e.section("trailing bytes")
		e.line(len(e.data)-len(f.Trailing), len(f.Trailing), 0, fmt.Sprintf("%d bytes after the object; CPython ignores them", len(f.Trailing)))
	}
	return nil
}

// header explains the header fields of release v, shifted by base bytes
// (-4 for a header without its magic number, whose magic is not shown; a
// magic that is not the release's is explained by the caller).
func (e *explainer) header(v *versions.Version, h pyc.Header, base int, complete bool) {
	for _, f := range headerFields(v, h, complete) {
		if f.off < 4 && (base != 0 || h.Magic != v.Magic) {
			continue
		}
		e.line(base+f.off, f.n, 0, f.what)
	}
}

// headerFields lists the header's fields with their meaning; only the magic
// and its "\r\n" when the header is cut short.
func headerFields(v *versions.Version, h pyc.Header, complete bool) []span {
	fields := []span{
		{0, 2, fmt.Sprintf("magic number %d: CPython %s", h.Magic, v)},
		{2, 2, `"\r\n": catches files mangled by text-mode transfers`},
	}
	if !complete {
		return fields
	}
	stamp := func(off int, mtime uint32) span {
		when := time.Unix(int64(mtime), 0).UTC().Format("2006-01-02 15:04:05 UTC")
		return span{off, 4, fmt.Sprintf("source mtime %d = %s", mtime, when)}
	}
	size := func(off int) span { return span{off, 4, fmt.Sprintf("source size %d bytes", h.SourceSize)} }
	switch v.Header {
	case versions.HeaderMtime:
		fields = append(fields, stamp(4, h.Mtime))
	case versions.HeaderMtimeSize:
		fields = append(fields, stamp(4, h.Mtime), size(8))
	case versions.HeaderFlags:
		fields = append(fields, span{4, 4, "flags " + flagsMeaning(h.Flags)})
		if h.HashBased() {
			fields = append(fields, span{8, 8, fmt.Sprintf("source hash %x (%s of the source, keyed by the magic)", h.Hash, hashName[v.SourceHash])})
		} else {
			fields = append(fields, stamp(8, h.Mtime), size(12))
		}
	}
	return fields
}

var hashName = map[versions.SourceHash]string{versions.SipHash24: "SipHash-2-4", versions.SipHash13: "SipHash-1-3"}

func flagsMeaning(flags uint32) string {
	switch flags {
	case 0:
		return "0: timestamp-based; import compares mtime and size with the source"
	case pyc.FlagHashBased:
		return "1: hash-based, unchecked; import never compares with the source"
	case pyc.FlagHashBased | pyc.FlagCheckSource:
		return "3: hash-based, checked; import hashes the source and compares"
	}
	return fmt.Sprintf("%d: not a value CPython writes (import refuses any bit above 1)", flags)
}

// tree collects the marshal decoder's trace into nodes. The decoder
// nests Begin and End, so the children and spans of the open nodes are
// kept on stacks (kids, openSpans), each node's above its parent's; when a
// node ends, its own are cut from the top into slabs that every node
// shares. A file has a node for each of its thousands of objects, and a
// slice of their own for each was most of what an outline allocated.
type tree struct {
	roots     []*node
	stack     []*node
	pending   string // the code-object field the next object is
	kids      []*node
	openSpans []span
	nodes     []node // the slabs
	kidSlab   []*node
	spanSlab  []span
	// outline keeps only what an outline reads: the spans of code
	// objects, references and objects cut short (a code object's int
	// fields, the number a reference gives, how far an unfinished object
	// got), and of a container's items only those that are or hold code;
	// the others are one shared stub, which keeps their places, and the
	// container notes how far they reached (leafEnd).
	outline bool
	stub    node
}

// isContainer: objects of type code b hold other objects (not code):
// tuples, lists, sets, dicts, frozendicts and slices.
func isContainer(b byte) bool { return strings.IndexByte("()[<>{}:", b) >= 0 }

type node struct {
	off, end int // end is 0 if the object was never completed
	slot     int32
	typ      byte
	field    string
	spans    []span
	children []*node
	obj      marshal.Object
	// where the node's own children and spans start on the tree's stacks
	// while it is open
	kidsFrom, spansFrom int32
	// leafEnd is how far the items left out of an outline reached.
	leafEnd int
}

type span struct {
	off, n int
	what   string
}

// slabSize is how many nodes, children or spans a slab holds.
const slabSize = 512

// cut copies items into the slab, starting a new one when it is full.
func cut[T any](slab *[]T, items []T) []T {
	if len(items) == 0 {
		return nil
	}
	if cap(*slab)-len(*slab) < len(items) {
		*slab = make([]T, 0, max(slabSize, len(items)))
	}
	start := len(*slab)
	*slab = append(*slab, items...)
	return (*slab)[start:len(*slab):len(*slab)]
}

func (t *tree) Begin(off int, typ byte, slot int) {
	if t.outline && len(t.stack) > 0 {
		base := typ &^ marshal.FlagRef
		if parent := t.stack[len(t.stack)-1]; isContainer(parent.typ&^marshal.FlagRef) && !isContainer(base) && base != 'c' {
			t.kids = append(t.kids, &t.stub)
			t.stack = append(t.stack, &t.stub)
			t.pending = ""
			parent.leafEnd = max(parent.leafEnd, off+1) // its type code, at least
			return
		}
	}
	if len(t.nodes) == cap(t.nodes) {
		t.nodes = make([]node, 0, slabSize)
	}
	t.nodes = append(t.nodes, node{off: off, typ: typ, slot: int32(slot), field: t.pending})
	n := &t.nodes[len(t.nodes)-1]
	t.pending = ""
	if len(t.stack) == 0 {
		t.roots = append(t.roots, n)
	} else {
		t.kids = append(t.kids, n)
	}
	n.kidsFrom, n.spansFrom = int32(len(t.kids)), int32(len(t.openSpans))
	t.stack = append(t.stack, n)
}

func (t *tree) Field(name string) { t.pending = name }

func (t *tree) Span(off, n int, what string) {
	if len(t.stack) == 0 {
		return
	}
	if t.stack[len(t.stack)-1] == &t.stub {
		parent := t.stack[len(t.stack)-2]
		parent.leafEnd = max(parent.leafEnd, off+n)
		return
	}
	t.openSpans = append(t.openSpans, span{off, n, what})
	t.pending = ""
}

func (t *tree) End(off int, o marshal.Object) {
	n := t.stack[len(t.stack)-1]
	if n == &t.stub {
		t.stack = t.stack[:len(t.stack)-1]
		parent := t.stack[len(t.stack)-1]
		parent.leafEnd = max(parent.leafEnd, off)
		return
	}
	base := n.typ &^ marshal.FlagRef
	t.close(!t.outline || base == 'c' || base == 'r' || base == 'R')
	n.end, n.obj = off, o
}

// close pops the innermost open node and gives it its children, and its
// spans if keepSpans.
func (t *tree) close(keepSpans bool) {
	n := t.stack[len(t.stack)-1]
	t.stack = t.stack[:len(t.stack)-1]
	if n == &t.stub {
		return
	}
	n.children = cut(&t.kidSlab, t.kids[n.kidsFrom:])
	if keepSpans {
		n.spans = cut(&t.spanSlab, t.openSpans[n.spansFrom:])
	}
	t.kids, t.openSpans = t.kids[:n.kidsFrom], t.openSpans[:n.spansFrom]
}

// finish closes the nodes a decoding error left open (cut short: their
// end stays 0).
func (t *tree) finish() *tree {
	for len(t.stack) > 0 {
		t.close(true)
	}
	return t
}
