package linetable

import "fmt"

// co_lnotab: CPython 2.7 and 3.6–3.9 (3.10 still offers it as a derived
// attribute, but the .pyc holds co_linetable).
//
//	lnotab     = { pair } ;
//	pair       = addr-delta line-delta ;
//	addr-delta = u8 ;              (* bytecode bytes *)
//	line-delta = u8                (* 2.7: 0..255 *)
//	           | s8 ;              (* 3.6–3.9: -128..127 *)
//
// Decoding starts at offset 0 and line co_firstlineno; each pair adds its
// deltas. An instruction at offset X has the line in effect after every pair
// whose cumulative offset is ≤ X.
//
// CPython's compiler writes one group of pairs per line change, from the
// offset of the previous change: while the address delta exceeds 255 it
// writes n = delta/255 pairs (255, 0); then, if the line delta is outside the
// byte's range, (addr, k) and n-1 pairs (0, k) where k is 255 (2.7) or 127 /
// -128 (3.6+) and n = delta/k (negative deltas: -delta/128); and always a last
// pair (addr or 0, rest). 2.7–3.8 also write groups that keep the line
// (redundant (addr, 0) pairs), and 3.6–3.9 groups that move the line without
// covering code ((0, delta) pairs, e.g. over decorator lines); neither shows
// in dis.findlinestarts, so LnotabStarts, not FindLineStarts, is the input
// that reproduces a table.

const lnotabName = "lnotab"

// LnotabEntry is one decoded lnotab pair.
type LnotabEntry struct {
	AddrDelta, LineDelta int // the pair's raw values (LineDelta sign-extended on 3.6+)
	Offset, Line         int // cumulative byte offset and line after applying the pair
	TableOffset          int // where the pair sits in the table
	TableLen             int // always 2
}

// LineStart is a bytecode offset (bytes) where a line begins.
type LineStart struct {
	Offset, Line int
}

// DecodeLnotab decodes a co_lnotab. signedLines is false for 2.7 and true
// for 3.6–3.9.
func DecodeLnotab(tab []byte, firstLine int, signedLines bool) ([]LnotabEntry, error) {
	if len(tab)%2 != 0 {
		return nil, errorf(lnotabName, len(tab)-1, "odd table length %d: the last pair has no line delta", len(tab))
	}
	entries := make([]LnotabEntry, 0, len(tab)/2)
	addr, line := 0, firstLine
	for i := 0; i+1 < len(tab); i += 2 {
		da, dl := int(tab[i]), int(tab[i+1])
		if signedLines {
			dl = int(int8(tab[i+1]))
		}
		addr += da
		line += dl
		entries = append(entries, LnotabEntry{
			AddrDelta: da, LineDelta: dl,
			Offset: addr, Line: line,
			TableOffset: i, TableLen: 2,
		})
	}
	return entries, nil
}

// FindLineStarts returns the offsets where lines start, as
// dis.findlinestarts does for 2.7–3.9: a start is reported before each pair
// that advances the offset, when its line differs from the last one
// reported, and once more after the last pair. With codeLen ≥ 0 it stops as
// 3.8 and 3.9 do once the offset reaches codeLen; pass -1 for 2.7–3.7.
func FindLineStarts(entries []LnotabEntry, firstLine, codeLen int) []LineStart {
	var out []LineStart
	addr, line := 0, firstLine
	last, haveLast := 0, false
	for _, e := range entries {
		if e.AddrDelta != 0 {
			if !haveLast || line != last {
				out = append(out, LineStart{addr, line})
				last, haveLast = line, true
			}
			addr += e.AddrDelta
			if codeLen >= 0 && addr >= codeLen {
				return out
			}
		}
		line += e.LineDelta
	}
	if !haveLast || line != last {
		out = append(out, LineStart{addr, line})
	}
	return out
}

// LnotabStarts returns the line changes a compiler made to write entries:
// one per pair, except that a pair continuing a split line delta (a
// zero-address pair after a pair whose line delta is the largest chunk, 255
// on 2.7, 127 or -128 on 3.6+) is folded into the change it continues.
// EncodeLnotab of the result gives back every table CPython writes byte for
// byte, redundant (addr, 0) pairs included. Only tables CPython never writes
// (a (0, 0) pair, a split that does not end in a remainder pair) differ.
func LnotabStarts(entries []LnotabEntry, signedLines bool) []LineStart {
	var out []LineStart
	for i, e := range entries {
		if i > 0 && e.AddrDelta == 0 && continuesSplit(entries[i-1].LineDelta, e.LineDelta, signedLines) {
			out[len(out)-1] = LineStart{e.Offset, e.Line}
			continue
		}
		out = append(out, LineStart{e.Offset, e.Line})
	}
	return out
}

func continuesSplit(prev, next int, signedLines bool) bool {
	switch {
	case !signedLines:
		return prev == 255
	case prev == 127:
		return next >= 0
	case prev == -128:
		return next <= 0
	}
	return false
}

// EncodeLnotab writes a co_lnotab for line starts sorted by offset, splitting
// large deltas as CPython does. A first start at offset 0 on the first line
// writes nothing; a later start that keeps the line writes a redundant
// (addr, 0) pair — even (0, 0) for a start repeated at the same offset — as
// 2.7–3.8 sometimes do. It fails when
// offsets decrease, or when signedLines is false (2.7) and a line decreases.
func EncodeLnotab(starts []LineStart, firstLine int, signedLines bool) ([]byte, error) {
	var out []byte
	if !fits32(firstLine) {
		return nil, fmt.Errorf("lnotab: first line %d does not fit in 32 bits", firstLine)
	}
	addr, line := 0, firstLine
	for i, s := range starts {
		db, dl := s.Offset-addr, s.Line-line
		if db < 0 {
			return nil, fmt.Errorf("lnotab: line start %d: offset %d is before the previous start's offset %d", i, s.Offset, addr)
		}
		if !fits32(s.Line) {
			return nil, fmt.Errorf("lnotab: line start %d: line %d does not fit in 32 bits", i, s.Line)
		}
		if !signedLines && dl < 0 {
			return nil, fmt.Errorf("lnotab: line start %d: line %d is below the previous line %d (2.7 line deltas are unsigned)", i, s.Line, line)
		}
		addr, line = s.Offset, s.Line
		if db == 0 && dl == 0 && i == 0 {
			continue
		}
		var k, n int
		switch {
		case !signedLines && dl > 255:
			k, n = 255, dl/255
		case signedLines && dl > 127:
			k, n = 127, dl/127
		case signedLines && dl < -128:
			k, n = -128, -dl/128
		}
		if size := len(out) + 2*(db/255+n+1); size > MaxEncoded {
			return nil, fmt.Errorf("lnotab: line start %d (line %d at byte %d) would make the table %d bytes, more than %d", i, s.Line, s.Offset, size, MaxEncoded)
		}
		if db > 255 {
			n := db / 255
			for j := 0; j < n; j++ {
				out = append(out, 255, 0)
			}
			db -= n * 255
		}
		if n > 0 {
			out = append(out, byte(db), byte(k))
			for j := 1; j < n; j++ {
				out = append(out, 0, byte(k))
			}
			db = 0
			dl -= n * k
		}
		out = append(out, byte(db), byte(dl))
	}
	return out, nil
}
