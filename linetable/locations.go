package linetable

import (
	"fmt"
	"math"
)

// The location table (co_linetable) of CPython 3.11–3.15.
//
//	table      = { entry } ;
//	entry      = head body ;
//	head       = 1 CCCC LLL ;            (* bit 7 set; form code C; L+1 code units (1..8) *)
//	body       = short | one-line | no-columns | long | no-location ;
//	short      = 0 CCC EEEE ;            (* C 0..9: col = C*8 + CCC, end_col = col + EEEE *)
//	one-line   = col end-col ;           (* C 10..12: line += C-10; two bytes < 128 *)
//	no-columns = svarint ;               (* C 13: line += svarint; columns None *)
//	long       = svarint varint varint varint ;
//	                                     (* C 14: line += svarint; end_line = line + varint;
//	                                        col = varint - 1; end_col = varint - 1 (0 = None) *)
//	no-location = ;                      (* C 15: everything None, line unchanged *)
//	varint     = { 01xxxxxx } 00xxxxxx ; (* 6-bit groups, least significant first *)
//	svarint    = varint ;                (* v<<1 for v ≥ 0, (-v)<<1 | 1 for v < 0 *)
//
// Short and one-line entries have end_line = line; the short form keeps the
// running line, which starts at co_firstlineno and is changed by codes 10–14.
// Only entry heads have bit 7 set (CPython walks backwards to entry starts
// that way), so this decoder rejects any other byte with bit 7 set. The
// entries' lengths add up to the code's length in units, caches included.
//
// CPython's encoder (3.11–3.15) picks the form per entry: no line → 15; no
// columns and end_line = line → 13; end_line = line, line unchanged, col < 80
// and 0 ≤ end_col-col < 16 → short; end_line = line, line delta 0..2, col and
// end_col < 128 → one-line; anything else → 14. A run of more than 8 units is
// written as entries of 8, 8, …, rest, each choosing its form anew. 3.11
// writes one run per instruction (its caches included); 3.12+ merge
// consecutive units with identical positions into one run.

const locationsName = "location table"

// Form codes of the location table.
const (
	FormShort0     = 0  // 0–9: short forms
	FormOneLine0   = 10 // 10–12: one-line forms, line delta 0–2
	FormNoColumns  = 13
	FormLong       = 14
	FormNoLocation = 15
)

// Location is one decoded location-table entry: code units
// [StartUnit, StartUnit+Units) have Position.
type Location struct {
	StartUnit, Units int // code units (2 bytes each)
	Position
	Form        int // the entry's code, 0–15
	TableOffset int // where the entry sits in the table
	TableLen    int // how many bytes it takes
}

// Run is a stretch of code units sharing a position: the encoder's input.
type Run struct {
	Units int
	Position
}

// Grouping says how EncodeLocations groups runs into entries.
type Grouping int

const (
	// PerInstruction writes every run on its own, as 3.11 does with one run
	// per instruction (caches included).
	PerInstruction Grouping = iota
	// Merged first joins consecutive runs with identical positions, as
	// 3.12–3.15 do.
	Merged
)

// DecodeLocations decodes a 3.11+ location table. Lines may go below zero
// (CPython loads and runs such tables); one that lands on -1 is None, as
// CPython reads it. A line beyond 32 bits is an error.
func DecodeLocations(tab []byte, firstLine int) ([]Location, error) {
	var locs []Location
	if len(tab) > 0 {
		locs = make([]Location, 0, len(tab)/2+1) // most entries take two bytes
	}
	err := EachLocation(tab, firstLine, func(l Location) { locs = append(locs, l) })
	if err != nil {
		return nil, err
	}
	return locs, nil
}

// EachLocation is DecodeLocations one entry at a time, for a reader that
// keeps none of them: it calls each with the entries in order, and stops
// at the first malformed one (each has had its call by then).
func EachLocation(tab []byte, firstLine int, each func(Location)) error {
	unit, line := 0, firstLine
	r := reader{tab: tab}
	for r.pos < len(tab) {
		start := r.pos
		head := tab[r.pos]
		if head&0x80 == 0 {
			return errorf(locationsName, start, "byte 0x%02x does not start an entry (bit 7 clear)", head)
		}
		r.pos++
		r.entry = start
		code := int(head>>3) & 15
		loc := Location{StartUnit: unit, Units: int(head&7) + 1, Form: code, TableOffset: start}
		switch {
		case code < FormOneLine0:
			b := r.byte()
			col := code*8 + int(b>>4&7)
			loc.Position = Position{line, line, col, col + int(b&15)}
		case code < FormNoColumns:
			line += code - FormOneLine0
			col := r.byte()
			end := r.byte()
			loc.Position = Position{line, line, int(col), int(end)}
		case code == FormNoColumns:
			line += r.svarint()
			loc.Position = Position{line, line, None, None}
		case code == FormLong:
			line += r.svarint()
			endLine := line + r.varint()
			col := r.varint() - 1
			endCol := r.varint() - 1
			loc.Position = Position{line, endLine, col, endCol}
		default:
			loc.Position = Position{None, None, None, None}
		}
		if r.err != nil {
			return r.err
		}
		if code != FormNoLocation && (loc.Line == None || loc.EndLine == None) {
			// CPython keeps None as -1, so a line or end line that lands
			// on -1 reads as no location at all.
			loc.Position = Position{None, None, None, None}
		}
		if loc.EndLine > math.MaxInt32 {
			return errorf(locationsName, start, "entry's end line %d does not fit in 32 bits", loc.EndLine)
		}
		loc.TableLen = r.pos - start
		unit += loc.Units
		each(loc)
	}
	return nil
}

// Positions expands entries to one position per code unit, as co_positions()
// yields them.
func Positions(locs []Location) []Position {
	n := 0
	for _, l := range locs {
		n += max(l.Units, 0)
	}
	if n == 0 {
		return nil
	}
	out := make([]Position, 0, n)
	for _, l := range locs {
		for i := 0; i < l.Units; i++ {
			out = append(out, l.Position)
		}
	}
	return out
}

// EncodeLocations writes a 3.11+ location table, choosing forms as CPython
// does. It fails for a position no entry can hold exactly: fields other
// than Line set when Line is None, EndLine None or below Line, negative
// columns other than None, values beyond 32 bits, negative unit
// counts. (CPython writes code 13 for a line with EndLine None or with only
// one column None, losing information; this encoder refuses the first and
// uses the long form for the second.) Runs of zero units write nothing.
func EncodeLocations(runs []Run, firstLine int, g Grouping) ([]byte, error) {
	if g == Merged {
		runs = mergeRuns(runs)
	}
	w := writer{out: make([]byte, 0, 2*len(runs))}
	prev := firstLine
	for i, run := range runs {
		p := run.Position
		if err := checkPosition(p, run.Units); err != nil {
			return nil, fmt.Errorf("location table: run %d: %v", i, err)
		}
		for n := run.Units; n > 0; n -= 8 {
			size := min(n, 8)
			prev = w.entry(p, size, prev)
		}
	}
	if w.err != nil {
		return nil, w.err
	}
	return w.out, nil
}

// AppendRun appends r to runs as EncodeLocations merges runs (Merged): a
// run of no units is dropped, and one at the position of the run before
// it joins that run. A caller that builds its runs so keeps the encoder
// from copying them.
func AppendRun(runs []Run, r Run) []Run {
	switch n := len(runs); {
	case r.Units == 0:
		return runs
	case n > 0 && joins(runs[n-1], r):
		runs[n-1].Units += r.Units
		return runs
	}
	return append(runs, r)
}

// joins reports whether r merges into prev, the run before it.
func joins(prev, r Run) bool {
	return r.Units > 0 && prev.Units > 0 && prev.Position == r.Position
}

// mergeRuns is runs merged by AppendRun, into a new slice: the caller's is
// left alone. Runs with nothing to merge come back as they are.
func mergeRuns(runs []Run) []Run {
	if merged(runs) {
		return runs
	}
	out := make([]Run, 0, len(runs))
	for _, r := range runs {
		out = AppendRun(out, r)
	}
	return out
}

// merged reports whether mergeRuns would leave runs as they are.
func merged(runs []Run) bool {
	for i, r := range runs {
		if r.Units == 0 || i > 0 && joins(runs[i-1], r) {
			return false
		}
	}
	return true
}

func checkPosition(p Position, units int) error {
	switch {
	case units < 0:
		return fmt.Errorf("negative unit count %d", units)
	case p.Line == None:
		if p != (Position{None, None, None, None}) {
			return fmt.Errorf("position %v has no line but other fields set", p)
		}
		return nil
	case p.EndLine == None:
		return fmt.Errorf("position %v has a line but no end line", p)
	case p.EndLine < p.Line:
		return fmt.Errorf("position %v ends before its line", p)
	case p.Col < None || p.EndCol < None:
		return fmt.Errorf("position %v has a negative column", p)
	case p.EndLine > math.MaxInt32 || p.Col >= math.MaxInt32 || p.EndCol >= math.MaxInt32:
		return fmt.Errorf("position %v does not fit in 32 bits", p)
	}
	return nil
}

type writer struct {
	out []byte
	err error
}

// entry writes one entry of size units (1–8) for p and returns the running
// line after it.
func (w *writer) entry(p Position, size, prev int) int {
	head := func(code int) { w.out = append(w.out, byte(0x80|code<<3|(size-1))) }
	if p.Line == None {
		head(FormNoLocation)
		return prev
	}
	delta := p.Line - prev
	hasCols := p.Col != None && p.EndCol != None
	switch {
	case p.Col == None && p.EndCol == None && p.EndLine == p.Line:
		head(FormNoColumns)
		w.svarint(delta)
	case hasCols && p.EndLine == p.Line && delta == 0 && p.Col < 80 && p.EndCol-p.Col >= 0 && p.EndCol-p.Col < 16:
		head(p.Col / 8)
		w.out = append(w.out, byte((p.Col%8)<<4|(p.EndCol-p.Col)))
	case hasCols && p.EndLine == p.Line && delta >= 0 && delta <= 2 && p.Col < 128 && p.EndCol < 128:
		head(FormOneLine0 + delta)
		w.out = append(w.out, byte(p.Col), byte(p.EndCol))
	default:
		head(FormLong)
		w.svarint(delta)
		w.varint(p.EndLine - p.Line)
		w.varint(p.Col + 1)
		w.varint(p.EndCol + 1)
	}
	return p.Line
}

func (w *writer) varint(v int) {
	if v < 0 || v > math.MaxInt32 {
		if w.err == nil {
			w.err = fmt.Errorf("location table: value %d does not fit a 32-bit varint", v)
		}
		return
	}
	for v >= 64 {
		w.out = append(w.out, byte(0x40|v&63))
		v >>= 6
	}
	w.out = append(w.out, byte(v))
}

func (w *writer) svarint(v int) {
	if v < 0 {
		w.varint(-v<<1 | 1)
	} else {
		w.varint(v << 1)
	}
}

// reader reads an entry's body; the first error sticks.
type reader struct {
	tab   []byte
	pos   int
	entry int // offset of the current entry's head
	err   error
}

func (r *reader) fail(off int, format string, args ...any) {
	if r.err == nil {
		r.err = errorf(locationsName, off, format, args...)
	}
}

func (r *reader) byte() byte {
	if r.err != nil {
		return 0
	}
	if r.pos >= len(r.tab) {
		r.fail(r.pos, "table ends inside the entry starting at byte %d", r.entry)
		return 0
	}
	b := r.tab[r.pos]
	if b&0x80 != 0 {
		r.fail(r.pos, "byte 0x%02x inside the entry starting at byte %d has bit 7 set (reserved for entry starts)", b, r.entry)
		return 0
	}
	r.pos++
	return b
}

func (r *reader) varint() int {
	start := r.pos
	v, shift := 0, 0
	for r.err == nil {
		b := r.byte()
		if r.err != nil {
			return 0
		}
		if g := int(b & 63); g != 0 {
			if shift > 30 || v+g<<shift > math.MaxInt32 {
				r.fail(start, "varint does not fit in 32 bits")
				return 0
			}
			v += g << shift
		}
		if b&64 == 0 {
			return v
		}
		shift += 6
	}
	return 0
}

func (r *reader) svarint() int {
	u := r.varint()
	if u&1 != 0 {
		return -(u >> 1)
	}
	return u >> 1
}
