package grammar

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/disasm"
	"github.com/pyasm/pyasm/internal/benchutil"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/versions"
)

// pydecimalText is the .pyasm text of 3.12's compiled _pydecimal (about
// 1 MB), as pyasm dis writes it, and its release; it skips when the 3.12
// stdlib is missing.
func pydecimalText(tb testing.TB) ([]byte, *versions.Version) {
	tb.Helper()
	pf, err := pyc.Read(benchutil.Pydecimal(tb))
	if err != nil {
		tb.Fatal(err)
	}
	prog, _, err := disasm.Human(pf)
	if err != nil {
		tb.Fatal(err)
	}
	var text bytes.Buffer
	if err := format.Program(&text, prog); err != nil {
		tb.Fatal(err)
	}
	return text.Bytes(), pf.Version
}

// goodFiles is every .pyasm file here and in examples/ that parses.
func goodFiles(tb testing.TB) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	for _, glob := range []string{"testdata/good-*.pyasm", "../../examples/*.pyasm", "../../examples/*/*.pyasm", "../../examples/*/*/*.pyasm"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				tb.Fatal(err)
			}
			if _, err := Parse(file, src, versions.Newest()); err == nil {
				out[file] = src
			}
		}
	}
	return out
}

// BenchmarkParse measures Parse; MB/s counts text bytes. pydecimal is one
// large real module (skipped without the 3.12 stdlib), small the good
// test files and examples, one after another.
func BenchmarkParse(b *testing.B) {
	b.Run("pydecimal", func(b *testing.B) {
		text, v := pydecimalText(b)
		instrs := benchutil.Instructions(b, benchutil.Pydecimal(b))
		m := benchutil.Start(b, len(text))
		for i := 0; i < b.N; i++ {
			if _, err := Parse("_pydecimal.pyasm", text, v); err != nil {
				b.Fatal(err)
			}
		}
		m.Stop(instrs, len(text))
	})
	b.Run("small", func(b *testing.B) {
		files := goodFiles(b)
		if len(files) == 0 {
			b.Skip("no files")
		}
		n := 0
		for _, src := range files {
			n += len(src)
		}
		b.SetBytes(int64(n))
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			for file, src := range files {
				if _, err := Parse(file, src, versions.Newest()); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
