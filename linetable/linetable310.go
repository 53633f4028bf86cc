package linetable

import "fmt"

// co_linetable of CPython 3.10 (PEP 626).
//
//	linetable  = { pair } ;
//	pair       = byte-len line-delta ;
//	byte-len   = u8 ;              (* bytes of code covered; CPython writes ≤ 254 *)
//	line-delta = s8 ;              (* -128 (0x80): this range has no line *)
//
// The running line starts at co_firstlineno; each pair except a -128 one adds
// its delta. A pair covers the byte_len bytes following the previous pair's;
// zero-length pairs only move the running line (co_lines() skips them).
//
// CPython writes one group of pairs per range of code with one line: first
// the line change in (0, 127) or (0, -127) steps until it fits in -127..127,
// then the range in (254, delta), (254, 0) … chunks and a last (rest, 0).
// A range without a line writes -128 in every chunk and leaves the running
// line alone.

const linetableName = "linetable"

// Range is one decoded 3.10 pair: code bytes [Start, End) have Line (None
// for a -128 pair). Zero-length ranges are kept: they carry line changes.
type Range struct {
	Start, End  int // bytes
	Line        int
	TableOffset int // where the pair sits in the table
	TableLen    int // always 2
}

// DecodeLineTable310 decodes a 3.10 co_linetable. Lines may go below zero
// (CPython loads and runs such tables); one that lands on -1 is None, as
// CPython reads it.
func DecodeLineTable310(tab []byte, firstLine int) ([]Range, error) {
	if len(tab)%2 != 0 {
		return nil, errorf(linetableName, len(tab)-1, "odd table length %d: the last pair has no line delta", len(tab))
	}
	ranges := make([]Range, 0, len(tab)/2)
	addr, line := 0, firstLine
	for i := 0; i+1 < len(tab); i += 2 {
		r := Range{Start: addr, End: addr + int(tab[i]), TableOffset: i, TableLen: 2}
		if d := int(int8(tab[i+1])); d == -128 {
			r.Line = None
		} else {
			line += d
			r.Line = line // -1 reads as None, as in CPython
		}
		addr = r.End
		ranges = append(ranges, r)
	}
	return ranges, nil
}

// EncodeLineTable310 writes a 3.10 co_linetable for contiguous ranges
// starting at byte 0, chunked as CPython does. Consecutive ranges with the
// same line stay separate pairs (CPython merges them before this point);
// zero-length ranges write nothing, their line change moving to the next
// range that covers code.
func EncodeLineTable310(ranges []Range, firstLine int) ([]byte, error) {
	var out []byte
	if !fits32(firstLine) {
		return nil, fmt.Errorf("linetable: first line %d does not fit in 32 bits", firstLine)
	}
	pos, prev := 0, firstLine
	for i, r := range ranges {
		if r.Start != pos {
			return nil, fmt.Errorf("linetable: range %d starts at byte %d, want %d (ranges must be contiguous from 0)", i, r.Start, pos)
		}
		if r.End < r.Start {
			return nil, fmt.Errorf("linetable: range %d ends at byte %d before its start %d", i, r.End, r.Start)
		}
		pos = r.End
		n := r.End - r.Start
		if n == 0 {
			continue
		}
		if r.Line != None && !fits32(r.Line) {
			return nil, fmt.Errorf("linetable: range %d: line %d does not fit in 32 bits", i, r.Line)
		}
		jump := 0
		if r.Line != None {
			jump = max(r.Line-prev, prev-r.Line) / 127
		}
		if size := len(out) + 2*(jump+n/254+1); size > MaxEncoded {
			return nil, fmt.Errorf("linetable: range %d (line %d at byte %d) would make the table %d bytes, more than %d", i, r.Line, r.Start, size, MaxEncoded)
		}
		d, rest := -128, -128
		if r.Line != None {
			d, rest = r.Line-prev, 0
			prev = r.Line
			for d > 127 {
				out = append(out, 0, 127)
				d -= 127
			}
			for d < -127 {
				out = append(out, 0, 0x81) // -127
				d += 127
			}
		}
		for n > 254 {
			out = append(out, 254, byte(int8(d)))
			d = rest
			n -= 254
		}
		out = append(out, byte(n), byte(int8(d)))
	}
	return out, nil
}
