package exctable

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hx turns "82 0a 0d 00 | 8d ..." into bytes: spaces and bars are ignored.
func hx(t testing.TB, s string) []byte {
	t.Helper()
	s = strings.NewReplacer(" ", "", "|", "").Replace(s)
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

// Worked examples of PYC-FORMAT.md §5.
func TestExamples(t *testing.T) {
	tests := []struct {
		name    string
		tab     string
		entries []Entry
	}{
		{"3.11 try/except", "82 0e 11 00 | 91 0a 1f 03 | 9e 01 1f 03", []Entry{
			{2, 16, 17, 0, false, 0, 4}, {17, 27, 31, 1, true, 4, 4}, {30, 31, 31, 1, true, 8, 4}}},
		{"3.12 try/except", "82 0a 0d 00 | 8d 09 19 03 | 98 01 19 03", []Entry{
			{2, 12, 13, 0, false, 0, 4}, {13, 22, 25, 1, true, 4, 4}, {24, 25, 25, 1, true, 8, 4}}},
		{"3.14 try/except", "82 0a 0e 00 | 8e 0b 1d 03 | 9c 01 1d 03", []Entry{
			{2, 12, 14, 0, false, 0, 4}, {14, 25, 29, 1, true, 4, 4}, {28, 29, 29, 1, true, 8, 4}}},
		{"3.15 try/except", "83 0a 0f 00 | 8f 0b 1e 03 | 9d 01 1e 03", []Entry{
			{3, 13, 15, 0, false, 0, 4}, {15, 26, 30, 1, true, 4, 4}, {29, 30, 30, 1, true, 8, 4}}},
		{"3.12 multi-byte", "82 44 2c 44 2f 00 | c4 2f 09 44 3b 03 | c4 3a 01 44 3b 03", []Entry{
			{2, 302, 303, 0, false, 0, 6}, {303, 312, 315, 1, true, 6, 6}, {314, 315, 315, 1, true, 12, 6}}},
		{"empty", "", nil},
		{"largest 30-bit values", "ff 7f 7f 7f 3f | 40 00 | 7f 7f 7f 7f 3f | 00", []Entry{
			{1<<30 - 1, 1<<30 - 1, 1<<30 - 1, 0, false, 0, 13}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := hx(t, tt.tab)
			entries, err := Decode(tab)
			require.NoError(t, err)
			assert.Equal(t, tt.entries, entries)
			enc, err := Encode(entries)
			require.NoError(t, err)
			if tt.name == "largest 30-bit values" {
				// "40 00" is a length of 0 with a leading zero group,
				// which CPython never writes.
				assert.Equal(t, hx(t, "ff 7f 7f 7f 3f 00 7f 7f 7f 7f 3f 00"), enc)
				return
			}
			assert.Equal(t, tab, nonNil(enc))
		})
	}
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

func TestEncodeVarints(t *testing.T) {
	tests := []struct {
		e    Entry
		want string
	}{
		{Entry{Start: 0, End: 1, Target: 2, Depth: 0}, "80 01 02 00"},
		{Entry{Start: 63, End: 127, Target: 64, Depth: 31, Lasti: true}, "bf 41 00 41 00 3f"},
		{Entry{Start: 300, End: 303, Target: 4096, Depth: 2048}, "c4 2c 03 41 40 00 41 40 00"},
		{Entry{Start: 303, End: 303, Target: 0, Depth: 0}, "c4 2f 00 00 00"},
	}
	for _, tt := range tests {
		enc, err := Encode([]Entry{tt.e})
		require.NoError(t, err)
		assert.Equal(t, hx(t, tt.want), enc, "%+v", tt.e)
		back, err := Decode(enc)
		require.NoError(t, err)
		tt.e.TableLen = len(enc)
		assert.Equal(t, []Entry{tt.e}, back)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		tab  string
		want string
	}{
		{"no entry start", "02 0a 0d 00", "exception table: byte 0: byte 0x02 does not start an entry (bit 7 clear)"},
		{"second entry without start bit", "82 0a 0d 00 0d 09 19 03", "exception table: byte 4: byte 0x0d does not start an entry (bit 7 clear)"},
		{"truncated after start", "82", "exception table: byte 1: table ends inside the entry starting at byte 0"},
		{"truncated entry", "82 0a 0d 00 8d 09 19", "exception table: byte 7: table ends inside the entry starting at byte 4"},
		{"truncated varint", "82 0a 4d", "exception table: byte 3: table ends inside the entry starting at byte 0"},
		{"start bit inside an entry", "82 0a 8d 00", "exception table: byte 2: byte 0x8d inside the entry starting at byte 0 has bit 7 set (reserved for entry starts)"},
		{"start bit in a varint continuation", "c2 8a 0d 00", "exception table: byte 1: byte 0x8a inside the entry starting at byte 0 has bit 7 set (reserved for entry starts)"},
		{"varint overflow", "82 7f 7f 7f 7f 7f 3f 00 00", "exception table: byte 1: varint does not fit in 32 bits"},
		{"end overflow", "c1 7f 7f 7f 7f 3f 41 7f 7f 7f 7f 3f 00 00", "exception table: byte 0: entry end 2147483647+2147483647 does not fit in 32 bits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, err := Decode(hx(t, tt.tab))
			assert.Nil(t, entries)
			require.EqualError(t, err, tt.want)
			var e *Error
			assert.True(t, errors.As(err, &e))
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		e    Entry
		want string
	}{
		{Entry{Start: 4, End: 2, Target: 6}, "exception table: entry 0 (4 to 2 → 6, depth 0): negative value or end before start"},
		{Entry{Start: -1, End: 2, Target: 6}, "exception table: entry 0 (-1 to 2 → 6, depth 0): negative value or end before start"},
		{Entry{Start: 0, End: 2, Target: 6, Depth: -1}, "exception table: entry 0 (0 to 2 → 6, depth -1): negative value or end before start"},
		{Entry{Start: 0, End: 2, Target: 1 << 31}, "exception table: entry 0: value 2147483648 does not fit in 32 bits"},
		{Entry{Start: 0, End: 2, Target: 1, Depth: 1 << 30}, "exception table: entry 0: depth 1073741824 does not fit in 31 bits"},
	}
	for _, tt := range tests {
		_, err := Encode([]Entry{tt.e})
		assert.EqualError(t, err, tt.want)
	}
}
