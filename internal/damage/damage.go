// Package damage spoils real .pyc files in fixed, repeatable ways and runs
// code on them within time and memory bounds. It is test support for the
// damaged-file tests of disasm and explain, which read the same spoiled
// files with different code; it is an ordinary package, not a _test.go
// file, so that both can import it.
package damage

import (
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/pythons"
)

// The bounds code run on a damaged input must stay within. They are
// generous on purpose: the test is that nothing runs away, not how fast it
// goes.
const (
	deadline = 2 * time.Second
	maxAlloc = 256 << 20
)

// releases are the Python releases whose stdlib is damaged, one of each
// bytecode format: 2.x's variable-length code, wordcode, and wordcode with
// 3.11's inline caches.
var releases = []string{"2.7", "3.8", "3.12"}

// sampleSize is how many stdlib files of a release are damaged.
const sampleSize = 5

// A Case is one damaged copy of a stdlib file.
type Case struct {
	Path string // the file it was made from
	How  string // how it was damaged: "cut at N" or "flip OFFSET.BIT ..."
	Data []byte
}

// String names the case in a failure.
func (c Case) String() string { return c.Path + ": " + c.How }

// EachRelease runs test in a subtest per release in releases, with the
// damaged copies of that release's stdlib sample. A release that is not
// installed, or has no compiled stdlib, skips its subtest.
func EachRelease(t *testing.T, test func(t *testing.T, version string, cases []Case)) {
	for _, version := range releases {
		t.Run(version, func(t *testing.T) {
			var cases []Case
			for i, path := range sample(t, version, sampleSize) {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				cases = append(cases, damages(path, data, int64(i+1))...)
			}
			test(t, version, cases)
		})
	}
}

// sample is a fixed sample of n of a release's stdlib .pyc files of
// moderate size, so that the cases cover many kinds of module quickly.
func sample(t *testing.T, version string, n int) []string {
	t.Helper()
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

// damages cuts data, read from path, at fixed points and flips 1 to 4 bits
// at places drawn from seed, so every run tries the same cases.
func damages(path string, data []byte, seed int64) []Case {
	var out []Case
	n := len(data)
	for _, cut := range []int{0, 1, 2, 4, 8, 12, 16, 17, 20, n / 5, n / 3, n / 2, 2 * n / 3, n - 2, n - 1} {
		if cut >= 0 && cut < n {
			out = append(out, Case{Path: path, How: fmt.Sprintf("cut at %d", cut), Data: data[:cut]})
		}
	}
	r := rand.New(rand.NewSource(seed))
	for i := 0; i < 12; i++ {
		d := append([]byte(nil), data...)
		how := "flip"
		for j := 0; j <= r.Intn(4); j++ {
			off, bit := r.Intn(n), r.Intn(8)
			d[off] ^= 1 << bit
			how += fmt.Sprintf(" %d.%d", off, bit)
		}
		out = append(out, Case{Path: path, How: how, Data: d})
	}
	return out
}

// Bounded runs fn in a goroutine and fails the test if it panics, is still
// running after deadline, or allocates maxAlloc bytes or more. An error from
// the code under test is a fine outcome, for fn to count.
func Bounded(t *testing.T, what string, fn func()) {
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
	case <-time.After(deadline):
		t.Fatalf("%s: still running after %v", what, deadline)
	}
	runtime.ReadMemStats(&after)
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(maxAlloc), "%s: bytes allocated", what)
}
