package explain

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/versions"
)

// TestWriteAs: a file without the release's header is explained as what
// it has, then the body as usual; a standard file as Write does.
func TestWriteAs(t *testing.T) {
	data, err := os.ReadFile("testdata/tour-3.12.pyc")
	require.NoError(t, err)
	v, err := versions.Lookup("3.12")
	require.NoError(t, err)
	var standard bytes.Buffer
	require.NoError(t, Write(&standard, "x", data))
	tests := []struct {
		name string
		data []byte
		want []string
	}{
		{"bare", data[16:], []string{"read as CPython 3.12",
			"header: none; the file is the marshalled code alone",
			"\n000000  e3 ", "code object"}},
		{"zeroed", append(make([]byte, 4), data[4:]...), []string{
			"header: CPython 3.12's layout, 16 bytes, with a foreign magic number",
			"000000  00 00 00 00              magic number: zeroed (CPython 3.12's is 3531)",
			"000004  00 00 00 00              flags 0", "\n000010  e3 "}},
		{"other release", append([]byte{0xa7, 0x0d, '\r', '\n'}, data[4:]...), []string{
			"magic number 3495: CPython 3.11's, not 3.12's (3531)"}},
		{"no magic", data[4:], []string{
			"header: CPython 3.12's without its magic number, 12 bytes",
			"000000  00 00 00 00              flags 0", "\n00000c  e3 "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, WriteAs(&out, "x", tt.data, v))
			for _, w := range tt.want {
				assert.Contains(t, out.String(), w)
			}
		})
	}
	t.Run("standard", func(t *testing.T) {
		var out bytes.Buffer
		require.NoError(t, WriteAs(&out, "x", data, v))
		assert.Equal(t, standard.String(), out.String())
	})
	t.Run("nothing", func(t *testing.T) {
		var out bytes.Buffer
		assert.ErrorContains(t, WriteAs(&out, "x", []byte("plain text, no code"), v), "no CPython 3.12 code object here")
	})
}
