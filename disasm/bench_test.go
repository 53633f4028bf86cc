package disasm

import (
	"bytes"
	"testing"

	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/internal/benchutil"
	"github.com/pyasm/pyasm/pyc"
)

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
	text.Grow(5 * len(data))
	err = format.Program(&text, prog)
	return f, text.Bytes(), err
}

// BenchmarkDis measures .pyc to .pyasm text (3.12's _pydecimal): all of it
// (read, lift, print), and the lift alone; MB/s counts .pyc bytes.
func BenchmarkDis(b *testing.B) {
	data := benchutil.Pydecimal(b)
	instrs := benchutil.Instructions(b, data)
	b.Run("all", func(b *testing.B) {
		m := benchutil.Start(b, len(data))
		for i := 0; i < b.N; i++ {
			if _, _, err := humanText(data); err != nil {
				b.Fatal(err)
			}
		}
		m.Stop(instrs, len(data))
	})
	b.Run("lift", func(b *testing.B) {
		f, err := pyc.Read(data)
		if err != nil {
			b.Fatal(err)
		}
		m := benchutil.Start(b, len(data))
		for i := 0; i < b.N; i++ {
			if _, _, err := Human(f); err != nil {
				b.Fatal(err)
			}
		}
		m.Stop(instrs, len(data))
	})
}

// BenchmarkAssemble measures .pyasm text to .pyc (parse, resolve, emit) on
// 3.12's _pydecimal as pyasm dis writes it; MB/s counts text bytes.
func BenchmarkAssemble(b *testing.B) {
	data := benchutil.Pydecimal(b)
	f, text, err := humanText(data)
	if err != nil {
		b.Fatal(err)
	}
	instrs := benchutil.Instructions(b, data)
	m := benchutil.Start(b, len(text))
	for i := 0; i < b.N; i++ {
		p, err := grammar.Parse("_pydecimal.pyasm", text, f.Version)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := emit.Assemble(p); err != nil {
			b.Fatal(err)
		}
	}
	m.Stop(instrs, len(text))
}
