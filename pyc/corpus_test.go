package pyc

import (
	"bytes"
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// TestStdlibRoundTrip reads every .pyc each interpreter compiled for its
// own standard library and checks that writing it back gives the same
// bytes. With -short it takes an even sample of 300 files per release.
func TestStdlibRoundTrip(t *testing.T) {
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			files := pythons.RequireStdlibPycs(t, v.String())
			if testing.Short() {
				files = pythons.Sample(files, 300)
			}
			var failed []string
			for _, path := range files {
				if err := roundTrip(path, v); err != nil {
					failed = append(failed, err.Error())
				}
			}
			t.Logf("Python %s: %d files, %d byte-identical", v, len(files), len(files)-len(failed))
			if len(failed) > 5 {
				failed = append(failed[:5], fmt.Sprintf("... and %d more", len(failed)-5))
			}
			assert.Empty(t, failed)
		})
	}
}

func roundTrip(path string, want *versions.Version) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	f, err := Read(data)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	if f.Version != want {
		return fmt.Errorf("%s: read as %s", path, f.Version)
	}
	out, err := f.Bytes()
	if err != nil {
		return fmt.Errorf("%s: encode: %v", path, err)
	}
	if !bytes.Equal(out, data) {
		at := 0
		for at < len(out) && at < len(data) && out[at] == data[at] {
			at++
		}
		return fmt.Errorf("%s: re-encoded bytes differ from offset %d (%d bytes, was %d)", path, at, len(out), len(data))
	}
	return nil
}

func TestReadHeader(t *testing.T) {
	tests := []struct {
		name    string
		hex     string
		version string
		want    Header
		err     string
	}{
		{"2.7", "03f30d0a00f15365", "2.7", Header{Magic: 62211, Mtime: 1700000000}, ""},
		{"3.6", "330d0d0a00f1536515000000", "3.6", Header{Magic: 3379, Mtime: 1700000000, SourceSize: 21}, ""},
		{"3.12 timestamp", "cb0d0d0a0000000000f1536515000000", "3.12", Header{Magic: 3531, Mtime: 1700000000, SourceSize: 21}, ""},
		{"3.12 checked hash", "cb0d0d0a030000005175d099cd823467", "3.12",
			Header{Magic: 3531, Flags: 3, Hash: [8]byte{0x51, 0x75, 0xd0, 0x99, 0xcd, 0x82, 0x34, 0x67}}, ""},
		{"3.15", "520e0d0a0000000000f1536515000000", "3.15", Header{Magic: 3666, Mtime: 1700000000, SourceSize: 21}, ""},
		{"empty", "", "", Header{}, "offset 0 (0x0): empty file: expected a 4-byte .pyc magic number"},
		{"short", "cb0d", "", Header{}, "offset 2 (0x2): file ends after 2 bytes"},
		{"not a pyc", "7072696e74", "", Header{}, "offset 2 (0x2): not a .pyc file: a magic number ends in bytes 0d 0a, these are 69 6e"},
		{"pre-release", "240e0d0a", "", Header{}, "unsupported pre-release magic 3620 (a 3.14 development build; 3.14 releases use 3627)"},
		{"unknown magic", "01000d0a", "", Header{}, "offset 0 (0x0): unknown magic number 1"},
		{"truncated header", "cb0d0d0a00000000", "3.12", Header{}, "offset 8 (0x8): file ends after 8 bytes inside the header: a 3.12 header is 16 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, h, err := ReadHeader(unhex(t, tt.hex))
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.version, v.String())
			assert.Equal(t, tt.want, h)
			assert.Equal(t, unhex(t, tt.hex), AppendHeader(nil, v, h))
		})
	}
}

func TestCodeOfNonCode(t *testing.T) {
	f, err := Read(unhex(t, "cb0d0d0a00000000000000000000000029 00"))
	require.NoError(t, err)
	_, err = f.Code()
	assert.ErrorContains(t, err, "offset 16 (0x10): the body is a *marshal.Tuple, not a code object")
}
