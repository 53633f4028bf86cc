package pyc

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/versions"
)

// TestReadAs: a file read as a given release is found in every layout, its
// header fields kept where it had them, and writes back as a standard .pyc.
func TestReadAs(t *testing.T) {
	for _, name := range []string{"2.7", "3.6", "3.12", "3.15"} {
		data, err := os.ReadFile("../explain/testdata/tour-" + name + ".pyc")
		require.NoError(t, err)
		v, err := versions.Lookup(name)
		require.NoError(t, err)
		n := v.HeaderSize()
		body := data[n:]
		zeroed := append(make([]byte, 4), data[4:]...)
		foreign := append([]byte{0x0d, 0x0c, '\r', '\n'}, data[4:]...)
		tests := []struct {
			name   string
			data   []byte
			layout Layout
			magic  uint16
		}{
			{"standard", data, Standard, v.Magic},
			{"bare", body, Bare, 0},
			{"zeroed magic", zeroed, ForeignMagic, 0},
			{"foreign magic", foreign, ForeignMagic, 0x0c0d},
			{"no magic", data[4:], NoMagic, 0},
		}
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				f, err := ReadAs(tt.data, v)
				require.NoError(t, err)
				assert.Equal(t, tt.layout, f.Layout)
				assert.Equal(t, tt.magic, f.Header.Magic)
				want, err := Read(data)
				require.NoError(t, err)
				if tt.layout != Bare {
					assert.Equal(t, want.Header.Mtime, f.Header.Mtime)
				}
				got, err := f.Bytes()
				require.NoError(t, err)
				assert.Equal(t, body, got[n:], "the body")
				assert.Equal(t, data[:4], got[:4], "the release's magic")
			})
		}
	}
}

// TestReadAsRefuses: data with no code object where any layout puts one is
// an error naming the offsets tried, or the first decoding error.
func TestReadAsRefuses(t *testing.T) {
	v, err := versions.Lookup("3.12")
	require.NoError(t, err)
	_, err = ReadAs([]byte("hello, world, this is text"), v)
	assert.ErrorContains(t, err, "no CPython 3.12 code object here: neither at offset 0 (no header), 16 (a header with another magic number) nor 12")
	_, err = ReadAs([]byte{0xe3, 1, 2}, v)
	assert.ErrorContains(t, err, "offset")
	_, err = ReadAs(nil, v)
	assert.Error(t, err)
}
