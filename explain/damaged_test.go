package explain

import (
	"fmt"
	"io"
	"math/rand"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/pythons"
)

// The bounds a damaged or hostile input must stay within. They are generous
// on purpose: the test is that nothing runs away, not how fast it goes.
const (
	callDeadline = 2 * time.Second
	callAlloc    = 256 << 20
)

// bounded runs fn in a goroutine and fails the test if it panics, is still
// running after callDeadline, or allocates callAlloc bytes or more.
func bounded(t *testing.T, what string, fn func()) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	done := make(chan string, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Sprintf("panic: %v\n%s", p, debug.Stack())
				return
			}
			done <- ""
		}()
		fn()
	}()
	select {
	case msg := <-done:
		require.Empty(t, msg, what)
	case <-time.After(callDeadline):
		t.Fatalf("%s: still running after %v", what, callDeadline)
	}
	runtime.ReadMemStats(&after)
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(callAlloc), "%s: bytes allocated", what)
}

// damagedSample is a fixed sample of a release's stdlib .pyc files of
// moderate size, so that the cases cover many kinds of module quickly.
func damagedSample(t *testing.T, version string, n int) []string {
	var out []string
	for _, path := range pythons.Sample(pythons.RequireStdlibPycs(t, version), 4*n) {
		if st, err := os.Stat(path); err == nil && st.Size() >= 512 && st.Size() <= 32<<10 {
			out = append(out, path)
		}
		if len(out) == n {
			break
		}
	}
	require.NotEmpty(t, out)
	return out
}

// damage is one way of spoiling a file: cut short, or bits flipped.
type damage struct {
	name string
	data []byte
}

// damages cuts data at fixed points and flips 1 to 4 bits at places
// drawn from a fixed seed, so every run tries the same cases.
func damages(data []byte, seed int64) []damage {
	var out []damage
	n := len(data)
	for _, cut := range []int{0, 1, 2, 4, 8, 12, 16, 17, 20, n / 5, n / 3, n / 2, 2 * n / 3, n - 2, n - 1} {
		if cut >= 0 && cut < n {
			out = append(out, damage{fmt.Sprintf("cut at %d", cut), data[:cut]})
		}
	}
	r := rand.New(rand.NewSource(seed))
	for i := 0; i < 12; i++ {
		d := append([]byte(nil), data...)
		name := "flip"
		for j := 0; j <= r.Intn(4); j++ {
			off, bit := r.Intn(n), r.Intn(8)
			d[off] ^= 1 << bit
			name += fmt.Sprintf(" %d.%d", off, bit)
		}
		out = append(out, damage{name, d})
	}
	return out
}

// TestDamagedFiles explains stdlib .pyc files of three releases cut short
// and with bits flipped: each gives a map or an error, never a panic, and
// stays within the time and memory bounds.
func TestDamagedFiles(t *testing.T) {
	for _, version := range []string{"2.7", "3.8", "3.12"} {
		t.Run(version, func(t *testing.T) {
			cases, errs := 0, 0
			for i, path := range damagedSample(t, version, 5) {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				for _, d := range damages(data, int64(i+1)) {
					bounded(t, path+": "+d.name, func() {
						if Write(io.Discard, path, d.data) != nil {
							errs++
						}
					})
					cases++
				}
			}
			t.Logf("Python %s: %d damaged files, %d explained with an error", version, cases, errs)
		})
	}
}
