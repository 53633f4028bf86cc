package disasm

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/pythons"
)

// largeModule is 3.12's compiled _pydecimal, a large real module.
func largeModule(b *testing.B) []byte {
	for _, f := range pythons.RequireStdlibPycs(b, "3.12") {
		if filepath.Base(f) == "_pydecimal.cpython-312.pyc" && !strings.Contains(f, "/test") {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			return data
		}
	}
	b.Skip("skipping: 3.12 _pydecimal.cpython-312.pyc not found")
	return nil
}

// humanText is what `pyasm dis` does to a .pyc: read, lift, print.
func humanText(data []byte) (*pyc.File, []byte, error) {
	f, err := pyc.Read(data)
	if err != nil {
		return nil, nil, err
	}
	prog, _, err := Human(f)
	if err != nil {
		return nil, nil, err
	}
	var text bytes.Buffer
	err = format.Program(&text, prog)
	return f, text.Bytes(), err
}

// BenchmarkDis measures .pyc to .pyasm text; MB/s counts .pyc bytes.
func BenchmarkDis(b *testing.B) {
	data := largeModule(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, _, err := humanText(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAssemble measures .pyasm text to .pyc; MB/s counts text bytes.
func BenchmarkAssemble(b *testing.B) {
	f, text, err := humanText(largeModule(b))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := grammar.Parse("_pydecimal.pyasm", text, f.Version)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := emit.Assemble(p); err != nil {
			b.Fatal(err)
		}
	}
}
