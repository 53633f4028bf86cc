// Package benchtext gives the resolver's and emitter's benchmarks their
// input: 3.12's _pydecimal as pyasm dis writes it, parsed back. It sits
// apart from internal/benchutil because it needs disasm, whose own
// benchmarks use benchutil.
package benchtext

import (
	"bytes"
	"testing"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/disasm"
	"github.com/pyasm/pyasm/internal/benchutil"
	"github.com/pyasm/pyasm/pyc"
)

// Pydecimal is _pydecimal's program parsed from its dis text, the text's
// length and the number of instructions in the .pyc.
func Pydecimal(tb testing.TB) (prog *asm.Program, textLen, instructions int) {
	tb.Helper()
	data := benchutil.Pydecimal(tb)
	f, err := pyc.Read(data)
	if err != nil {
		tb.Fatal(err)
	}
	lifted, _, err := disasm.Human(f)
	if err != nil {
		tb.Fatal(err)
	}
	var text bytes.Buffer
	if err := format.Program(&text, lifted); err != nil {
		tb.Fatal(err)
	}
	prog, err = grammar.Parse("_pydecimal.pyasm", text.Bytes(), f.Version)
	if err != nil {
		tb.Fatal(err)
	}
	return prog, text.Len(), benchutil.Instructions(tb, data)
}
