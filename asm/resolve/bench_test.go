package resolve_test

import (
	"bytes"
	"testing"

	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/disasm"
	"github.com/pyasm/pyasm/internal/benchutil"
	"github.com/pyasm/pyasm/pyc"
)

// BenchmarkResolve measures Resolve on 3.12's _pydecimal as parsed from
// its pyasm dis text; MB/s counts the text's bytes.
func BenchmarkResolve(b *testing.B) {
	data := benchutil.Pydecimal(b)
	f, err := pyc.Read(data)
	if err != nil {
		b.Fatal(err)
	}
	prog, _, err := disasm.Human(f)
	if err != nil {
		b.Fatal(err)
	}
	var text bytes.Buffer
	if err := format.Program(&text, prog); err != nil {
		b.Fatal(err)
	}
	p, err := grammar.Parse("_pydecimal.pyasm", text.Bytes(), f.Version)
	if err != nil {
		b.Fatal(err)
	}
	instrs := benchutil.Instructions(b, data)
	m := benchutil.Start(b, text.Len())
	for i := 0; i < b.N; i++ {
		if _, err := resolve.Resolve(p); err != nil {
			b.Fatal(err)
		}
	}
	m.Stop(instrs, text.Len())
}
