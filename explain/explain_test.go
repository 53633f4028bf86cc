package explain

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden explains tour.py as compiled by each release's interpreter
// (testdata/compile.sh makes the .pyc files) and compares with the golden
// map beside it. Run with -update to accept new output.
func TestGolden(t *testing.T) {
	pycs, err := filepath.Glob("testdata/tour-*.pyc")
	require.NoError(t, err)
	require.Len(t, pycs, len(versions.All())+1, "one fixture per release, plus the hash-based 3.12 one")
	for _, pyc := range pycs {
		name := strings.TrimSuffix(filepath.Base(pyc), ".pyc")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(pyc)
			require.NoError(t, err)
			var out bytes.Buffer
			require.NoError(t, Write(&out, filepath.Base(pyc), data))
			golden := strings.TrimSuffix(pyc, ".pyc") + ".golden"
			if *update {
				require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./explain -update to create it")
			assert.Equal(t, string(want), out.String())
		})
	}
}

// TestStdlibSample explains a sample of real files of every release: each
// must explain without error (every line and exception table decodes).
func TestStdlibSample(t *testing.T) {
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			files := pythons.Sample(pythons.RequireStdlibPycs(t, v.String()), 40)
			for _, path := range files {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				assert.NoError(t, Write(io.Discard, path, data), path)
			}
		})
	}
}

// TestTruncated cuts a fixture at every length: each must give an error
// naming an offset, never a panic.
func TestTruncated(t *testing.T) {
	data, err := os.ReadFile("testdata/tour-3.12.pyc")
	require.NoError(t, err)
	for n := 0; n < len(data); n++ {
		err := Write(io.Discard, "cut.pyc", data[:n])
		require.Error(t, err, "cut at %d", n)
		assert.Contains(t, err.Error(), "offset ", "cut at %d", n)
	}
}

func TestDamaged(t *testing.T) {
	data, err := os.ReadFile("testdata/tour-3.12.pyc")
	require.NoError(t, err)
	tests := []struct {
		name   string
		damage func([]byte) []byte
		want   string
	}{
		{"not a pyc", func(b []byte) []byte { return []byte("print('hi')\n") }, "not a .pyc file"},
		{"bad type code", func(b []byte) []byte { b[16] = '?'; return b }, "offset 16 (0x10): unknown type code 0x3f ('?')"},
		{"trailing bytes are fine", func(b []byte) []byte { return append(b, 1, 2, 3) }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := Write(&out, "x.pyc", tt.damage(append([]byte(nil), data...)))
			if tt.want == "" {
				assert.NoError(t, err)
				assert.Contains(t, out.String(), "3 bytes after the object; CPython ignores them")
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, out.String(), "error: ")
		})
	}
}

// FuzzExplain: whatever the bytes, explain returns (an error or a map) and
// never panics.
func FuzzExplain(f *testing.F) {
	pycs, _ := filepath.Glob("testdata/tour-*.pyc")
	for _, p := range pycs {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = Write(io.Discard, "fuzz.pyc", data)
	})
}
