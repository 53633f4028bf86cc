package resolve_test

import (
	"testing"

	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/internal/benchtext"
	"github.com/pyasm/pyasm/internal/benchutil"
)

// BenchmarkResolve measures Resolve on 3.12's _pydecimal as parsed from
// its pyasm dis text; MB/s counts the text's bytes.
func BenchmarkResolve(b *testing.B) {
	p, textLen, instrs := benchtext.Pydecimal(b)
	m := benchutil.Start(b, textLen)
	for i := 0; i < b.N; i++ {
		if _, err := resolve.Resolve(p); err != nil {
			b.Fatal(err)
		}
	}
	m.Stop(instrs, textLen)
}
