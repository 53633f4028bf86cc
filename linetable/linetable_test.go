package linetable

import (
	"encoding/hex"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hx turns "80 00 | d8 08 09" into bytes: spaces and bars are ignored.
func hx(t testing.TB, s string) []byte {
	t.Helper()
	s = strings.NewReplacer(" ", "", "|", "").Replace(s)
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

// Worked examples of PYC-FORMAT.md §4.1.
func TestLnotabExamples(t *testing.T) {
	tests := []struct {
		name    string
		tab     string
		first   int
		signed  bool
		entries []LnotabEntry
		starts  []LineStart
	}{
		{"2.7 f", "00 01 0a 02", 1, false,
			[]LnotabEntry{{0, 1, 0, 2, 0, 2}, {10, 2, 10, 4, 2, 2}},
			[]LineStart{{0, 2}, {10, 4}}},
		{"3.6 f", "00 01 08 02", 1, true,
			[]LnotabEntry{{0, 1, 0, 2, 0, 2}, {8, 2, 8, 4, 2, 2}},
			[]LineStart{{0, 2}, {8, 4}}},
		{"2.7 +301", "06 ff 00 2e", 10, false,
			[]LnotabEntry{{6, 255, 6, 265, 0, 2}, {0, 46, 6, 311, 2, 2}},
			[]LineStart{{0, 10}, {6, 311}}},
		{"3.6 +301", "04 7f 00 7f 00 2f", 10, true,
			[]LnotabEntry{{4, 127, 4, 137, 0, 2}, {0, 127, 4, 264, 2, 2}, {0, 47, 4, 311, 4, 2}},
			[]LineStart{{0, 10}, {4, 311}}},
		{"3.6 negative", "02 80 00 fd", 400, true,
			[]LnotabEntry{{2, -128, 2, 272, 0, 2}, {0, -3, 2, 269, 2, 2}},
			[]LineStart{{0, 400}, {2, 269}}},
		{"2.7 0x80 is +128", "02 80", 1, false,
			[]LnotabEntry{{2, 128, 2, 129, 0, 2}},
			[]LineStart{{0, 1}, {2, 129}}},
		{"empty", "", 5, true, []LnotabEntry{}, []LineStart{{0, 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := hx(t, tt.tab)
			entries, err := DecodeLnotab(tab, tt.first, tt.signed)
			require.NoError(t, err)
			assert.Equal(t, tt.entries, entries)
			starts := FindLineStarts(entries, tt.first, -1)
			assert.Equal(t, tt.starts, starts)
			enc, err := EncodeLnotab(starts, tt.first, tt.signed)
			require.NoError(t, err)
			assert.Equal(t, tab, nonNil(enc), "encode(FindLineStarts)")
			enc, err = EncodeLnotab(LnotabStarts(entries, tt.signed), tt.first, tt.signed)
			require.NoError(t, err)
			assert.Equal(t, tab, nonNil(enc), "encode(LnotabStarts)")
		})
	}
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

func TestEncodeLnotabSplitting(t *testing.T) {
	tests := []struct {
		name   string
		starts []LineStart
		signed bool
		want   string
	}{
		{"address chunk", []LineStart{{300, 2}}, true, "ff 00 2d 01"},
		{"address exact multiple of 255", []LineStart{{510, 2}}, true, "ff 00 ff 00 00 01"},
		{"2.7 line exact multiple of 255", []LineStart{{4, 511}}, false, "04 ff 00 ff 00 00"},
		{"3.6 line exact multiple of 127", []LineStart{{4, 255}}, true, "04 7f 00 7f 00 00"},
		{"3.6 -128 fits", []LineStart{{4, -127}}, true, "04 80"},
		{"3.6 -300", []LineStart{{4, -299}}, true, "04 80 00 80 00 d4"},
		{"both split", []LineStart{{600, 400}}, true, "ff 00 ff 00 5a 7f 00 7f 00 7f 00 12"},
		{"redundant pair kept", []LineStart{{0, 1}, {6, 1}, {8, 2}}, false, "06 00 02 01"},
		{"first start at line 1 writes nothing", []LineStart{{0, 1}}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc, err := EncodeLnotab(tt.starts, 1, tt.signed)
			require.NoError(t, err)
			assert.Equal(t, hx(t, tt.want), nonNil(enc))
			entries, err := DecodeLnotab(enc, 1, tt.signed)
			require.NoError(t, err)
			if len(entries) > 0 {
				last := entries[len(entries)-1]
				assert.Equal(t, tt.starts[len(tt.starts)-1], LineStart{last.Offset, last.Line})
			}
		})
	}
}

func TestLnotabErrors(t *testing.T) {
	_, err := DecodeLnotab(hx(t, "00 01 08"), 1, true)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 2, e.Offset)
	assert.EqualError(t, err, "lnotab: byte 2: odd table length 3: the last pair has no line delta")

	_, err = EncodeLnotab([]LineStart{{8, 2}, {4, 3}}, 1, true)
	assert.EqualError(t, err, "lnotab: line start 1: offset 4 is before the previous start's offset 8")
	_, err = EncodeLnotab([]LineStart{{8, 5}, {10, 3}}, 1, false)
	assert.EqualError(t, err, "lnotab: line start 1: line 3 is below the previous line 5 (2.7 line deltas are unsigned)")
}

// Worked examples of PYC-FORMAT.md §4.2.
func TestLineTable310Examples(t *testing.T) {
	tests := []struct {
		name   string
		tab    string
		first  int
		ranges []Range
		lines  []Range // the co_lines() view: zero-length ranges dropped, same-line ones merged
	}{
		{"f", "08 01 04 02", 1,
			[]Range{{0, 8, 2, 0, 2}, {8, 12, 4, 2, 2}}, nil},
		{"module", "0c 00", 1, []Range{{0, 12, 1, 0, 2}}, nil},
		{"genexpr", "02 80 18 00", 153,
			[]Range{{0, 2, None, 0, 2}, {2, 26, 153, 2, 2}}, nil},
		{"+301 then 526 bytes", "04 01 00 7f 00 7f 04 2f fe 01 fe 00 12 00", 10,
			[]Range{
				{0, 4, 11, 0, 2}, {4, 4, 138, 2, 2}, {4, 4, 265, 4, 2}, {4, 8, 312, 6, 2},
				{8, 262, 313, 8, 2}, {262, 516, 313, 10, 2}, {516, 534, 313, 12, 2},
			},
			[]Range{{Start: 0, End: 4, Line: 11}, {Start: 4, End: 8, Line: 312}, {Start: 8, End: 534, Line: 313}}},
		{"no-line range longer than 254", "fe 80 06 80 02 01", 1,
			[]Range{{0, 254, None, 0, 2}, {254, 260, None, 2, 2}, {260, 262, 2, 4, 2}},
			[]Range{{Start: 0, End: 260, Line: None}, {Start: 260, End: 262, Line: 2}}},
		{"big negative jump", "02 00 00 81 00 81 02 d3", 400,
			[]Range{{0, 2, 400, 0, 2}, {2, 2, 273, 2, 2}, {2, 2, 146, 4, 2}, {2, 4, 101, 6, 2}},
			[]Range{{Start: 0, End: 2, Line: 400}, {Start: 2, End: 4, Line: 101}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := hx(t, tt.tab)
			ranges, err := DecodeLineTable310(tab, tt.first)
			require.NoError(t, err)
			assert.Equal(t, tt.ranges, ranges)
			enc, err := EncodeLineTable310(ranges, tt.first)
			require.NoError(t, err)
			assert.Equal(t, tab, enc, "encode(decoded ranges)")
			if tt.lines != nil {
				enc, err := EncodeLineTable310(tt.lines, tt.first)
				require.NoError(t, err)
				assert.Equal(t, tab, enc, "encode(merged ranges)")
			}
		})
	}
}

func TestLineTable310Errors(t *testing.T) {
	tests := []struct {
		tab   string
		first int
		want  string
	}{
		{"08 01 04", 1, "linetable: byte 2: odd table length 3: the last pair has no line delta"},
	}
	for _, tt := range tests {
		_, err := DecodeLineTable310(hx(t, tt.tab), tt.first)
		assert.EqualError(t, err, tt.want, tt.tab)
	}
	_, err := EncodeLineTable310([]Range{{Start: 0, End: 4, Line: 1}, {Start: 6, End: 8, Line: 2}}, 1)
	assert.EqualError(t, err, "linetable: range 1 starts at byte 6, want 4 (ranges must be contiguous from 0)")
}

// TestNegativeLines: CPython loads and runs tables whose lines go below
// zero, so they decode and encode; a line that lands on -1 reads as None,
// as CPython reads it.
func TestNegativeLines(t *testing.T) {
	ranges, err := DecodeLineTable310(hx(t, "02 00 02 fe 02 fc"), 1)
	require.NoError(t, err)
	assert.Equal(t, []int{1, None, -5}, []int{ranges[0].Line, ranges[1].Line, ranges[2].Line})
	tab, err := EncodeLineTable310([]Range{{Start: 0, End: 4, Line: -3}}, 1)
	require.NoError(t, err)
	assert.Equal(t, hx(t, "04 fc"), tab)

	locs, err := DecodeLocations(hx(t, "e8 07 e8 02 e8 05"), 1)
	require.NoError(t, err)
	assert.Equal(t, []Position{pos(-2, -2, None, None), noLoc, pos(-3, -3, None, None)},
		[]Position{locs[0].Position, locs[1].Position, locs[2].Position})
	tab, err = EncodeLocations([]Run{{1, pos(-2, -2, None, None)}, {1, pos(-3, -3, None, None)}}, 1, Merged)
	require.NoError(t, err)
	assert.Equal(t, hx(t, "e8 07 e8 03"), tab)
}

func pos(line, endLine, col, endCol int) Position { return Position{line, endLine, col, endCol} }

var noLoc = pos(None, None, None, None)

// Worked examples of PYC-FORMAT.md §4.3.
func TestLocationExamples(t *testing.T) {
	fLocs := func(binaryOpUnits, resumeUnits int) []Location {
		u := resumeUnits
		return []Location{
			{0, resumeUnits, pos(1, 1, 0, 0), 0, 0, 2},
			{u, 1, pos(2, 2, 8, 9), 11, 2, 3},
			{u + 1, 1, pos(2, 2, 12, 13), 1, 5, 2},
			{u + 2, binaryOpUnits, pos(2, 2, 8, 13), 1, 7, 2},
			{u + 2 + binaryOpUnits, 1, pos(2, 2, 4, 5), 0, 9, 2},
			{u + 3 + binaryOpUnits, 1, pos(4, 4, 11, 12), 12, 11, 3},
			{u + 4 + binaryOpUnits, 1, pos(4, 4, 4, 12), 0, 14, 2},
		}
	}
	tests := []struct {
		name  string
		tab   string
		first int
		locs  []Location
		insts []int // instruction sizes in units (3.11 grouping); nil: one per entry
	}{
		{"3.11-3.13 f", "80 00 | d8 08 09 | 88 41 | 89 05 | 80 41 | e0 0b 0c | 80 48", 1,
			fLocs(2, 1), []int{1, 1, 1, 2, 1, 1, 1}},
		{"3.14 f", "80 00 d8 08 09 88 41 8d 05 80 41 e0 0b 0c 80 48", 1,
			fLocs(6, 1), []int{1, 1, 1, 6, 1, 1, 1}},
		{"3.15 f", "81 00 d8 08 09 88 41 8d 05 80 41 e0 0b 0c 80 48", 1,
			fLocs(6, 2), []int{2, 1, 1, 6, 1, 1, 1}},
		{"3.12 generator", "e8 00 | f8 | 80 00 | d8 0a 0b | 83 47 | f9", 1,
			[]Location{
				{0, 1, pos(1, 1, None, None), 13, 0, 2},
				{1, 1, noLoc, 15, 2, 1},
				{2, 1, pos(1, 1, 0, 0), 0, 3, 2},
				{3, 1, pos(2, 2, 10, 11), 11, 5, 3},
				{4, 4, pos(2, 2, 4, 11), 0, 8, 2},
				{8, 2, noLoc, 15, 10, 1},
			}, nil},
		{"3.15 generator", "e9 00 | 81 00 | d8 0a 0b | 85 47 | f9", 1,
			[]Location{
				{0, 2, pos(1, 1, None, None), 13, 0, 2},
				{2, 2, pos(1, 1, 0, 0), 0, 2, 2},
				{4, 1, pos(2, 2, 10, 11), 11, 4, 3},
				{5, 6, pos(2, 2, 4, 11), 0, 7, 2},
				{11, 2, noLoc, 15, 9, 1},
			}, nil},
		{"long form", "f2 00 01 05 0d", 7,
			[]Location{{0, 3, pos(7, 8, 4, 12), 14, 0, 5}}, nil},
		{"module RESUME at line 0", "f0 03 01 01 01", 1,
			[]Location{{0, 1, pos(0, 1, 0, 0), 14, 0, 5}}, nil},
		{"varints 200 and 602", "f0 00 00 48 03 5a 09", 3,
			[]Location{{0, 1, pos(3, 3, 199, 601), 14, 0, 7}}, nil},
		{"negative svarint", "e8 05 | 80 00", 10,
			[]Location{{0, 1, pos(8, 8, None, None), 13, 0, 2}, {1, 1, pos(8, 8, 0, 0), 0, 2, 2}}, nil},
		{"long form with no columns over two lines", "f0 00 02 00 00", 5,
			[]Location{{0, 1, pos(5, 7, None, None), 14, 0, 5}}, nil},
		{"long form with one column", "f0 00 00 00 05", 5,
			[]Location{{0, 1, pos(5, 5, None, 4), 14, 0, 5}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := hx(t, tt.tab)
			locs, err := DecodeLocations(tab, tt.first)
			require.NoError(t, err)
			assert.Equal(t, tt.locs, locs)

			// 3.11 style: one run per instruction.
			insts := tt.insts
			if insts == nil {
				for _, l := range locs {
					insts = append(insts, l.Units)
				}
			}
			per := Positions(locs)
			var runs []Run
			u := 0
			for _, n := range insts {
				runs = append(runs, Run{n, per[u]})
				u += n
			}
			enc, err := EncodeLocations(runs, tt.first, PerInstruction)
			require.NoError(t, err)
			assert.Equal(t, tab, enc, "per-instruction")

			// 3.12+ style: one run per unit, merged.
			runs = runs[:0]
			for _, p := range per {
				runs = append(runs, Run{1, p})
			}
			enc, err = EncodeLocations(runs, tt.first, Merged)
			require.NoError(t, err)
			assert.Equal(t, tab, enc, "merged")
		})
	}
}

func TestEncodeLocationsChoices(t *testing.T) {
	tests := []struct {
		name  string
		runs  []Run
		g     Grouping
		first int
		want  string
	}{
		{"9 units split 8+1, second chunk short", []Run{{9, pos(2, 2, 3, 5)}}, Merged, 1, "df 03 05 | 80 32"},
		{"3.11 never merges instructions", []Run{{1, pos(1, 1, 0, 1)}, {1, pos(1, 1, 0, 1)}}, PerInstruction, 1, "80 01 80 01"},
		{"3.12 merges identical positions", []Run{{1, pos(1, 1, 0, 1)}, {1, pos(1, 1, 0, 1)}}, Merged, 1, "81 01"},
		{"no location keeps running line", []Run{{1, pos(5, 5, 0, 1)}, {1, noLoc}, {1, pos(5, 5, 2, 3)}}, Merged, 5, "80 01 f8 80 21"},
		{"col 80 needs one-line form", []Run{{1, pos(1, 1, 80, 81)}}, Merged, 1, "d0 50 51"},
		{"width 16 needs one-line form", []Run{{1, pos(1, 1, 0, 16)}}, Merged, 1, "d0 00 10"},
		{"line +3 needs long form", []Run{{1, pos(4, 4, 0, 1)}}, Merged, 1, "f0 06 00 01 02"},
		{"line -1 needs long form", []Run{{1, pos(1, 1, 0, 1)}, {1, pos(0, 0, 0, 1)}}, Merged, 1, "80 01 f0 03 00 01 02"},
		{"end before col: one-line form", []Run{{1, pos(1, 1, 5, 4)}}, Merged, 1, "d0 05 04"},
		{"col 128 needs long form", []Run{{1, pos(1, 1, 128, 129)}}, Merged, 1, "f0 00 00 41 02 42 02"},
		{"zero-unit runs write nothing", []Run{{0, pos(9, 9, 0, 0)}, {1, pos(1, 1, 0, 0)}}, PerInstruction, 1, "80 00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc, err := EncodeLocations(tt.runs, tt.first, tt.g)
			require.NoError(t, err)
			assert.Equal(t, hx(t, tt.want), nonNil(enc))
			locs, err := DecodeLocations(enc, tt.first)
			require.NoError(t, err)
			var want []Position
			for _, r := range tt.runs {
				for i := 0; i < r.Units; i++ {
					want = append(want, r.Position)
				}
			}
			assert.Equal(t, want, Positions(locs))
		})
	}
}

func TestLocationErrors(t *testing.T) {
	tests := []struct {
		name  string
		tab   string
		first int
		want  string
	}{
		{"no entry start", "00", 1, "location table: byte 0: byte 0x00 does not start an entry (bit 7 clear)"},
		{"second entry without head", "80 00 41", 1, "location table: byte 2: byte 0x41 does not start an entry (bit 7 clear)"},
		{"short form truncated", "80", 1, "location table: byte 1: table ends inside the entry starting at byte 0"},
		{"one-line truncated", "80 00 d8 08", 1, "location table: byte 4: table ends inside the entry starting at byte 2"},
		{"varint truncated", "f0 41", 1, "location table: byte 2: table ends inside the entry starting at byte 0"},
		{"long form missing columns", "f0 00 00", 1, "location table: byte 3: table ends inside the entry starting at byte 0"},
		{"bit 7 in a column byte", "d8 88 09", 1, "location table: byte 1: byte 0x88 inside the entry starting at byte 0 has bit 7 set (reserved for entry starts)"},
		{"bit 7 in a varint", "f0 40 c0", 1, "location table: byte 2: byte 0xc0 inside the entry starting at byte 0 has bit 7 set (reserved for entry starts)"},
		{"varint overflow", "f0 7f 7f 7f 7f 7f 3f", 1, "location table: byte 1: varint does not fit in 32 bits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			locs, err := DecodeLocations(hx(t, tt.tab), tt.first)
			assert.Nil(t, locs)
			require.EqualError(t, err, tt.want)
			var e *Error
			assert.True(t, errors.As(err, &e))
		})
	}
}

func TestEncodeLocationsErrors(t *testing.T) {
	tests := []struct {
		name string
		run  Run
		want string
	}{
		{"no line but columns", Run{1, pos(None, None, 1, 2)}, "location table: run 0: position {-1 -1 1 2} has no line but other fields set"},
		{"no end line", Run{1, pos(3, None, None, None)}, "location table: run 0: position {3 -1 -1 -1} has a line but no end line"},
		{"end line before line", Run{1, pos(3, 2, 0, 0)}, "location table: run 0: position {3 2 0 0} ends before its line"},
		{"negative column", Run{1, pos(1, 1, -5, 0)}, "location table: run 0: position {1 1 -5 0} has a negative column"},
		{"negative units", Run{-1, pos(1, 1, 0, 0)}, "location table: run 0: negative unit count -1"},
		{"huge column", Run{1, pos(1, 1, 1<<40, 0)}, "location table: run 0: position {1 1 1099511627776 0} does not fit in 32 bits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := EncodeLocations([]Run{tt.run}, 1, Merged)
			assert.EqualError(t, err, tt.want)
		})
	}
}

// TestEncodeBounded: the byte-delta tables cost a pair per 127 (2.7: 255)
// lines of a jump, so the encoders refuse lines beyond 32 bits and tables
// past MaxEncoded before they write them: each case would otherwise
// allocate from 17 MB to exabytes.
func TestEncodeBounded(t *testing.T) {
	const huge = 1 << 40
	lnotab := []struct {
		name   string
		starts []LineStart
		first  int
		signed bool
		want   string
	}{
		{"line beyond 32 bits", []LineStart{{0, huge}}, 1, true, "lnotab: line start 0: line 1099511627776 does not fit in 32 bits"},
		{"first line beyond 32 bits", []LineStart{{0, 1}}, -huge, true, "lnotab: first line -1099511627776 does not fit in 32 bits"},
		{"3.6 jump up the 32-bit range", []LineStart{{0, 1}, {2, math.MaxInt32}}, 1, true,
			"lnotab: line start 1 (line 2147483647 at byte 2) would make the table 33818642 bytes, more than 16777216"},
		{"2.7 jump up the 32-bit range", []LineStart{{2, math.MaxInt32}}, 0, false,
			"lnotab: line start 0 (line 2147483647 at byte 2) would make the table 16843010 bytes, more than 16777216"},
	}
	for _, tt := range lnotab {
		t.Run(tt.name, func(t *testing.T) {
			_, err := EncodeLnotab(tt.starts, tt.first, tt.signed)
			assert.EqualError(t, err, tt.want)
		})
	}
	line310 := []struct {
		name   string
		ranges []Range
		first  int
		want   string
	}{
		{"line beyond 32 bits", []Range{{Start: 0, End: 2, Line: huge}}, 1, "linetable: range 0: line 1099511627776 does not fit in 32 bits"},
		{"first line beyond 32 bits", []Range{{Start: 0, End: 2, Line: 1}}, huge, "linetable: first line 1099511627776 does not fit in 32 bits"},
		{"jump across the 32-bit range", []Range{{Start: 0, End: 2, Line: math.MinInt32}, {Start: 2, End: 4, Line: math.MaxInt32}}, 0,
			"linetable: range 0 (line -2147483648 at byte 0) would make the table 33818642 bytes, more than 16777216"},
	}
	for _, tt := range line310 {
		t.Run("3.10 "+tt.name, func(t *testing.T) {
			_, err := EncodeLineTable310(tt.ranges, tt.first)
			assert.EqualError(t, err, tt.want)
		})
	}
}
