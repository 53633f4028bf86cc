package exctable

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzExcTableDecode: decoding never panics and fails only with an *Error;
// when it succeeds, encoding gives a table that decodes to the same entries
// (table positions aside: leading zero groups CPython never writes are
// dropped) and encodes to the same bytes again.
func FuzzExcTableDecode(f *testing.F) {
	for _, s := range []string{
		"82 0e 11 00 91 0a 1f 03 9e 01 1f 03",
		"82 0a 0d 00 8d 09 19 03 98 01 19 03",
		"82 0a 0e 00 8e 0b 1d 03 9c 01 1d 03",
		"83 0a 0f 00 8f 0b 1e 03 9d 01 1e 03",
		"82 44 2c 44 2f 00 c4 2f 09 44 3b 03 c4 3a 01 44 3b 03",
		"ff 7f 7f 7f 3f 40 00 7f 7f 7f 7f 3f 00",
	} {
		f.Add(hx(f, s))
	}
	f.Fuzz(func(t *testing.T, tab []byte) {
		entries, err := Decode(tab)
		if err != nil {
			var e *Error
			require.True(t, errors.As(err, &e), "error is not an *Error: %v", err)
			return
		}
		enc, err := Encode(entries)
		require.NoError(t, err)
		again, err := Decode(enc)
		require.NoError(t, err)
		require.Equal(t, withoutPositions(entries), withoutPositions(again))
		enc2, err := Encode(again)
		require.NoError(t, err)
		require.Equal(t, enc, enc2)
	})
}

func withoutPositions(entries []Entry) []Entry {
	var out []Entry
	for _, e := range entries {
		e.TableOffset, e.TableLen = 0, 0
		out = append(out, e)
	}
	return out
}
