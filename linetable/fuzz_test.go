package linetable

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// fuzzLine folds a fuzzed first line into 0..2^30: CPython's first lines are
// never negative, and the 3.10 encoder's (0, ±127) steps from a negative
// first line would pass through lines the decoder rejects.
func fuzzLine(n int) int {
	if n < 0 {
		n = -n
	}
	return n & (1<<30 - 1)
}

func requireTableError(t *testing.T, err error) {
	var e *Error
	require.True(t, errors.As(err, &e), "error is not an *Error: %v", err)
}

// FuzzDecodeLnotab: decoding never panics; when it succeeds, encoding the
// decoded line changes gives a table that decodes to the same pairs, apart
// from (0, 0) pairs (CPython never writes them except as the remainder of a
// split line delta), and encoding the findlinestarts view gives a table with
// the same findlinestarts view.
func FuzzDecodeLnotab(f *testing.F) {
	for _, s := range []struct {
		tab    string
		signed bool
	}{
		{"00 01 0a 02", false}, {"00 01 08 02", true}, {"06 ff 00 2e", false},
		{"04 7f 00 7f 00 2f", true}, {"02 80 00 fd", true}, {"ff 00 ff 00 00 01", true},
		{"04 7f 00 7f 00 00", true}, {"06 00", false}, {"04 35 00 01 00 01 00 f6 0a 16", true},
	} {
		f.Add(hx(f, s.tab), 1, s.signed)
	}
	f.Fuzz(func(t *testing.T, tab []byte, first int, signed bool) {
		first = fuzzLine(first)
		entries, err := DecodeLnotab(tab, first, signed)
		if err != nil {
			requireTableError(t, err)
			return
		}
		enc, err := EncodeLnotab(LnotabStarts(entries, signed), first, signed)
		require.NoError(t, err)
		again, err := DecodeLnotab(enc, first, signed)
		require.NoError(t, err)
		require.Equal(t, lnotabPairs(entries), lnotabPairs(again))

		starts := FindLineStarts(entries, first, -1)
		enc, err = EncodeLnotab(starts, first, signed)
		require.NoError(t, err)
		again, err = DecodeLnotab(enc, first, signed)
		require.NoError(t, err)
		require.Equal(t, starts, FindLineStarts(again, first, -1))
	})
}

// lnotabPairs drops (0, 0) pairs and table positions.
func lnotabPairs(entries []LnotabEntry) [][4]int {
	var out [][4]int
	for _, e := range entries {
		if e.AddrDelta != 0 || e.LineDelta != 0 {
			out = append(out, [4]int{e.AddrDelta, e.LineDelta, e.Offset, e.Line})
		}
	}
	return out
}

// FuzzDecodeLineTable310: decoding never panics; when it succeeds, encoding
// the decoded ranges gives a table with the same lines for every byte of
// code (zero-length pairs, (255, d) pairs and splits CPython would not
// write come out in CPython's shape), and encoding is idempotent.
func FuzzDecodeLineTable310(f *testing.F) {
	for _, s := range []string{
		"08 01 04 02", "0c 00", "02 80 18 00", "04 01 00 7f 00 7f 04 2f fe 01 fe 00 12 00",
		"fe 80 06 80 02 01", "02 00 00 81 00 81 02 d3", "ff 05 00 00 00 80",
	} {
		f.Add(hx(f, s), 1)
	}
	f.Fuzz(func(t *testing.T, tab []byte, first int) {
		first = fuzzLine(first)
		ranges, err := DecodeLineTable310(tab, first)
		if err != nil {
			requireTableError(t, err)
			return
		}
		enc, err := EncodeLineTable310(ranges, first)
		require.NoError(t, err)
		again, err := DecodeLineTable310(enc, first)
		require.NoError(t, err)
		require.Equal(t, lineRuns(ranges), lineRuns(again))
		enc2, err := EncodeLineTable310(again, first)
		require.NoError(t, err)
		require.Equal(t, enc, enc2)
	})
}

// lineRuns is the meaning of a 3.10 table: non-empty ranges, neighbours
// with the same line merged.
func lineRuns(ranges []Range) [][3]int {
	var out [][3]int
	for _, r := range ranges {
		if r.Start == r.End {
			continue
		}
		if n := len(out); n > 0 && out[n-1][2] == r.Line {
			out[n-1][1] = r.End
			continue
		}
		out = append(out, [3]int{r.Start, r.End, r.Line})
	}
	return out
}

// FuzzDecodeLocations: decoding never panics; when it succeeds, encoding one
// run per decoded entry (3.11 style) gives entries covering the same units
// with the same positions (forms may differ where the input did not use
// CPython's choice), encoding per unit merged (3.12 style) gives the same
// positions, and both encodings are idempotent.
func FuzzDecodeLocations(f *testing.F) {
	for _, s := range []string{
		"80 00 d8 08 09 88 41 89 05 80 41 e0 0b 0c 80 48",
		"81 00 d8 08 09 88 41 8d 05 80 41 e0 0b 0c 80 48",
		"e8 00 f8 80 00 d8 0a 0b 83 47 f9", "e9 00 81 00 d8 0a 0b 85 47 f9",
		"f2 00 01 05 0d", "f0 03 01 01 01", "f0 00 00 48 03 5a 09", "f0 00 00 00 05",
		"f0 40 40 00 00 00 00",
	} {
		f.Add(hx(f, s), 1)
	}
	f.Fuzz(func(t *testing.T, tab []byte, first int) {
		first = fuzzLine(first)
		locs, err := DecodeLocations(tab, first)
		if err != nil {
			requireTableError(t, err)
			return
		}
		enc, err := EncodeLocations(locRuns(locs), first, PerInstruction)
		require.NoError(t, err)
		again, err := DecodeLocations(enc, first)
		require.NoError(t, err)
		require.Equal(t, locRuns(locs), locRuns(again))
		enc2, err := EncodeLocations(locRuns(again), first, PerInstruction)
		require.NoError(t, err)
		require.Equal(t, enc, enc2)

		var perUnit []Run
		for _, p := range Positions(locs) {
			perUnit = append(perUnit, Run{1, p})
		}
		enc, err = EncodeLocations(perUnit, first, Merged)
		require.NoError(t, err)
		again, err = DecodeLocations(enc, first)
		require.NoError(t, err)
		require.Equal(t, Positions(locs), Positions(again))
		enc2, err = EncodeLocations(locRuns(again), first, Merged)
		require.NoError(t, err)
		require.Equal(t, enc, enc2)
	})
}

func locRuns(locs []Location) []Run {
	var out []Run
	for _, l := range locs {
		out = append(out, Run{l.Units, l.Position})
	}
	return out
}
