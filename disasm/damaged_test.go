package disasm

import (
	"io"
	"testing"

	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/internal/damage"
	"github.com/pyasm/pyasm/pyc"
)

// disDamaged is `pyasm dis` on data, human form and exact form; it
// counts how many of the two liftings the damage made fail.
func disDamaged(data []byte) (failed int) {
	f, err := pyc.Read(data)
	if err != nil {
		return 2
	}
	if prog, _, err := Human(f); err != nil {
		failed++
	} else if format.Program(io.Discard, prog) != nil {
		failed++
	}
	if prog, _, err := Exact(f, data); err != nil {
		failed++
	} else if format.Program(io.Discard, prog) != nil {
		failed++
	}
	return failed
}

// TestDamagedFiles disassembles stdlib .pyc files of three releases cut
// short and with bits flipped: each gives a program or an error, never a
// panic, and stays within the time and memory bounds.
func TestDamagedFiles(t *testing.T) {
	damage.EachRelease(t, func(t *testing.T, version string, cases []damage.Case) {
		errs := 0
		for _, c := range cases {
			damage.Bounded(t, c.String(), func() {
				errs += disDamaged(c.Data)
			})
		}
		t.Logf("Python %s: %d liftings of damaged files, %d failed with an error", version, 2*len(cases), errs)
	})
}
