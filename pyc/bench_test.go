package pyc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyasm/pyasm/pythons"
)

// largeModule finds 3.12's compiled typing module, a large real .pyc, or
// skips naming what is missing.
func largeModule(b *testing.B) []byte {
	files := pythons.RequireStdlibPycs(b, "3.12")
	for _, f := range files {
		if filepath.Base(f) == "typing.cpython-312.pyc" && !strings.Contains(f, "/test") {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			return data
		}
	}
	b.Skip("skipping: 3.12 typing.cpython-312.pyc not found")
	return nil
}

func BenchmarkRead(b *testing.B) {
	data := largeModule(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Read(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	data := largeModule(b)
	f, err := Read(data)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := f.Bytes(); err != nil {
			b.Fatal(err)
		}
	}
}
