package explain

import (
	"io"
	"testing"

	"github.com/pyasm/pyasm/internal/damage"
)

// TestDamagedFiles explains stdlib .pyc files of three releases cut short
// and with bits flipped: each gives a map and an outline or an error, never
// a panic, and stays within the time and memory bounds.
func TestDamagedFiles(t *testing.T) {
	damage.EachRelease(t, func(t *testing.T, version string, cases []damage.Case) {
		errs := 0
		for _, c := range cases {
			damage.Bounded(t, c.String(), func() {
				if Write(io.Discard, c.Path, c.Data) != nil {
					errs++
				}
				_ = WriteOptions(io.Discard, c.Path, c.Data, Options{Outline: true})
			})
		}
		t.Logf("Python %s: %d damaged files, %d explained with an error", version, len(cases), errs)
	})
}
