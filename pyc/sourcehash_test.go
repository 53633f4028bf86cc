package pyc

import (
	"encoding/hex"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// sourceHashInputs cover every length modulo 8 around the word boundaries,
// a length past 256 (only its low byte enters the hash) and non-ASCII.
func sourceHashInputs() [][]byte {
	inputs := [][]byte{nil, []byte("x = 1\nprint('hi', x)\n"), []byte("caf\xc3\xa9 = '\xe2\x82\xac'\n")}
	for _, n := range []int{1, 7, 8, 9, 15, 16, 17, 63, 64, 300, 1000} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i*37 + n)
		}
		inputs = append(inputs, b)
	}
	return inputs
}

// TestSourceHashMatchesInterpreters: SourceHash gives what each release's
// importlib.util.source_hash gives.
func TestSourceHashMatchesInterpreters(t *testing.T) {
	inputs := sourceHashInputs()
	args := []string{"-c", "import sys, binascii, importlib.util\nfor a in sys.argv[1:]: print(binascii.hexlify(importlib.util.source_hash(binascii.unhexlify(a))).decode())"}
	for _, in := range inputs {
		args = append(args, hex.EncodeToString(in))
	}
	for _, v := range versions.All() {
		if v.SourceHash == versions.NoSourceHash {
			continue
		}
		t.Run(v.String(), func(t *testing.T) {
			py := pythons.Require(t, v.String())
			out, err := exec.Command(py, args...).Output()
			require.NoError(t, err)
			want := strings.Fields(string(out))
			require.Len(t, want, len(inputs))
			for i, in := range inputs {
				got, err := SourceHash(v, in)
				require.NoError(t, err)
				assert.Equal(t, want[i], hex.EncodeToString(got[:]), "input %d (%d bytes)", i, len(in))
			}
		})
	}
}

// TestSourceHashVectors: the fact sheet's vectors, which need no interpreter.
func TestSourceHashVectors(t *testing.T) {
	src := []byte("x = 1\nprint('hi', x)\n")
	tests := []struct{ version, hash string }{
		{"3.7", "e9c326d6a501943b"},
		{"3.10", "80c76d2b74cd8c6f"},
		{"3.11", "6088e12b34f43abe"},
		{"3.15", "ba4ccb5c677aaeab"},
	}
	for _, tt := range tests {
		v, err := versions.Lookup(tt.version)
		require.NoError(t, err)
		got, err := SourceHash(v, src)
		require.NoError(t, err)
		assert.Equal(t, tt.hash, hex.EncodeToString(got[:]), tt.version)
	}
	for _, old := range []string{"2.7", "3.6"} {
		v, err := versions.Lookup(old)
		require.NoError(t, err)
		_, err = SourceHash(v, src)
		assert.ErrorContains(t, err, "no hash-based .pyc headers", old)
	}
}
