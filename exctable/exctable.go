// Package exctable decodes and encodes co_exceptiontable, the exception
// table of CPython 3.11–3.15 code objects. The explainer and disassembler
// decode it; the resolver encodes the handlers it has laid out.
//
// The format, all numbers in code units (2 bytes):
//
//	table  = { entry } ;
//	entry  = first varint varint varint ;  (* start, length, target, depth<<1 | lasti *)
//	first  = 1 0 xxxxxx | 1 1 xxxxxx { 0 1 xxxxxx } 0 0 xxxxxx ;
//	                                        (* start: a varint whose first byte has 0x80 *)
//	varint = { 0 1 xxxxxx } 0 0 xxxxxx ;    (* 6-bit groups, most significant first *)
//
// Bit 7 marks entry starts and appears nowhere else (CPython binary-searches
// the table by it), so Decode rejects it elsewhere. An entry covers code
// units [start, start+length); an exception raised there pops the stack to
// depth, pushes the raising instruction's offset if lasti, pushes the
// exception and jumps to target. CPython writes entries sorted by start and
// non-overlapping, each number with no leading zero groups; Decode checks
// neither order nor overlap.
package exctable

import (
	"fmt"
	"math"
)

// Entry is one handler range. Start, End (exclusive) and Target are in code
// units.
type Entry struct {
	Start, End, Target, Depth int
	Lasti                     bool
	TableOffset               int // where the entry sits in the table
	TableLen                  int // how many bytes it takes
}

// Error is a malformed table.
type Error struct {
	Offset int // byte offset in the table where the problem was found
	Msg    string
}

func (e *Error) Error() string {
	return fmt.Sprintf("exception table: byte %d: %s", e.Offset, e.Msg)
}

// Decode decodes a co_exceptiontable.
func Decode(tab []byte) ([]Entry, error) {
	var entries []Entry
	for pos := 0; pos < len(tab); {
		start := pos
		if tab[pos]&0x80 == 0 {
			return nil, &Error{pos, fmt.Sprintf("byte 0x%02x does not start an entry (bit 7 clear)", tab[pos])}
		}
		var v [4]int
		for i := range v {
			n, next, err := varint(tab, pos, start, i == 0)
			if err != nil {
				return nil, err
			}
			v[i], pos = n, next
		}
		if v[0]+v[1] > math.MaxInt32 {
			return nil, &Error{start, fmt.Sprintf("entry end %d+%d does not fit in 32 bits", v[0], v[1])}
		}
		entries = append(entries, Entry{
			Start: v[0], End: v[0] + v[1], Target: v[2],
			Depth: v[3] >> 1, Lasti: v[3]&1 != 0,
			TableOffset: start, TableLen: pos - start,
		})
	}
	return entries, nil
}

// varint reads a number at pos; first says its first byte carries the
// entry-start bit. It returns the value and the offset after it.
func varint(tab []byte, pos, entry int, first bool) (int, int, error) {
	begin := pos
	v := 0
	for {
		if pos >= len(tab) {
			return 0, 0, &Error{pos, fmt.Sprintf("table ends inside the entry starting at byte %d", entry)}
		}
		b := tab[pos]
		if b&0x80 != 0 && !(first && pos == begin) {
			return 0, 0, &Error{pos, fmt.Sprintf("byte 0x%02x inside the entry starting at byte %d has bit 7 set (reserved for entry starts)", b, entry)}
		}
		if v > math.MaxInt32>>6 {
			return 0, 0, &Error{begin, "varint does not fit in 32 bits"}
		}
		v = v<<6 | int(b&63)
		pos++
		if b&64 == 0 {
			return v, pos, nil
		}
	}
}

// Encode writes entries as CPython does. It fails for negative values, an
// End before its Start, or values beyond 32 bits; it does not sort entries
// or check that they do not overlap.
func Encode(entries []Entry) ([]byte, error) {
	var out []byte
	for i, e := range entries {
		if e.Start < 0 || e.End < e.Start || e.Target < 0 || e.Depth < 0 {
			return nil, fmt.Errorf("exception table: entry %d (%d to %d → %d, depth %d): negative value or end before start", i, e.Start, e.End, e.Target, e.Depth)
		}
		if e.Depth > math.MaxInt32>>1 {
			return nil, fmt.Errorf("exception table: entry %d: depth %d does not fit in 31 bits", i, e.Depth)
		}
		dl := e.Depth << 1
		if e.Lasti {
			dl |= 1
		}
		for j, v := range []int{e.Start, e.End - e.Start, e.Target, dl} {
			if v > math.MaxInt32 {
				return nil, fmt.Errorf("exception table: entry %d: value %d does not fit in 32 bits", i, v)
			}
			var msb byte
			if j == 0 {
				msb = 0x80
			}
			out = appendVarint(out, v, msb)
		}
	}
	return out, nil
}

func appendVarint(out []byte, v int, msb byte) []byte {
	shift := 0
	for v>>shift >= 64 {
		shift += 6
	}
	for ; shift > 0; shift -= 6 {
		out = append(out, byte(v>>shift&63)|0x40|msb)
		msb = 0
	}
	return append(out, byte(v&63)|msb)
}
