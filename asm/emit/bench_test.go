package emit_test

import (
	"testing"

	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/internal/benchtext"
	"github.com/pyasm/pyasm/internal/benchutil"
)

// BenchmarkEmit measures Pyc, resolved code to .pyc bytes, on 3.12's
// _pydecimal as parsed from its pyasm dis text; MB/s counts the text's
// bytes, so that the figures of parse, resolve and emit add up.
func BenchmarkEmit(b *testing.B) {
	p, textLen, instrs := benchtext.Pydecimal(b)
	rp, err := resolve.Resolve(p)
	if err != nil {
		b.Fatal(err)
	}
	m := benchutil.Start(b, textLen)
	for i := 0; i < b.N; i++ {
		if _, err := emit.Pyc(rp); err != nil {
			b.Fatal(err)
		}
	}
	m.Stop(instrs, textLen)
}
