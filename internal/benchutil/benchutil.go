// Package benchutil is shared by the benchmarks: it finds the module they
// measure (3.12's compiled _pydecimal, a large real module) and reports,
// beside go test's own figures, allocations per instruction and bytes
// allocated per input byte.
package benchutil

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/pyasm/pyasm/bytecode"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/pythons"
)

// Pydecimal returns the bytes of 3.12's _pydecimal.cpython-312.pyc, or
// skips naming what is missing.
func Pydecimal(tb testing.TB) []byte {
	tb.Helper()
	for _, f := range pythons.RequireStdlibPycs(tb, "3.12") {
		if filepath.Base(f) == "_pydecimal.cpython-312.pyc" && !strings.Contains(f, "/test") {
			data, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			return data
		}
	}
	tb.Skip("skipping: 3.12 _pydecimal.cpython-312.pyc not found")
	return nil
}

// Instructions counts the instructions of every code object in a .pyc
// (EXTENDED_ARG prefixes each count as one, caches do not).
func Instructions(tb testing.TB, data []byte) int {
	tb.Helper()
	f, err := pyc.Read(data)
	if err != nil {
		tb.Fatal(err)
	}
	top, err := f.Code()
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	var walk func(c *marshal.Code)
	walk = func(c *marshal.Code) {
		code, _ := c.Bytecode.(*marshal.Bytes)
		if code != nil {
			ins, err := bytecode.Decode(f.Version, code.Data)
			if err != nil {
				tb.Fatal(err)
			}
			n += len(ins)
		}
		if t, ok := c.Consts.(*marshal.Tuple); ok {
			for _, k := range t.Items {
				if kc, ok := k.(*marshal.Code); ok {
					walk(kc)
				}
			}
		}
	}
	walk(top)
	return n
}

// Meter measures a benchmark's loop: Start it just before the loop, and
// Stop it just after.
type Meter struct {
	b      *testing.B
	before runtime.MemStats
}

// Start resets the benchmark's timer and records the allocation counters.
func Start(b *testing.B, inputBytes int) *Meter {
	b.SetBytes(int64(inputBytes))
	b.ReportAllocs()
	m := &Meter{b: b}
	runtime.GC()
	runtime.ReadMemStats(&m.before)
	b.ResetTimer()
	return m
}

// Stop stops the timer and reports allocations per instruction and bytes
// allocated per input byte, each per iteration.
func (m *Meter) Stop(instructions, inputBytes int) {
	m.b.StopTimer()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	n := float64(m.b.N)
	if instructions > 0 {
		m.b.ReportMetric(float64(after.Mallocs-m.before.Mallocs)/n/float64(instructions), "allocs/instr")
	}
	if inputBytes > 0 {
		m.b.ReportMetric(float64(after.TotalAlloc-m.before.TotalAlloc)/n/float64(inputBytes), "B/inbyte")
	}
}
