//go:build amd64 || arm64

package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hugePageFlagged reports whether every byte of [start, end) lies in
// mappings the kernel marked for huge pages ("hg" in smaps' VmFlags).
func hugePageFlagged(t *testing.T, start, end uintptr) bool {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	covered := uintptr(0)
	var lo, hi uint64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if span, _, _ := strings.Cut(line, " "); strings.Contains(span, "-") && !strings.HasSuffix(span, ":") {
			a, b, _ := strings.Cut(span, "-")
			lo, _ = strconv.ParseUint(a, 16, 64)
			hi, _ = strconv.ParseUint(b, 16, 64)
			continue
		}
		flags, ok := strings.CutPrefix(line, "VmFlags:")
		if !ok || !strings.Contains(flags, " hg") {
			continue
		}
		s, e := max(uintptr(lo), start), min(uintptr(hi), end)
		if s < e {
			covered += e - s
		}
	}
	return covered == end-start
}

func TestAdviseHugePages(t *testing.T) {
	if _, err := os.Stat(thpEnabled); err != nil {
		t.Skipf("this kernel has no transparent huge pages: %v", err)
	}
	for _, tc := range []struct {
		size    uintptr
		advised bool
	}{
		{size: 1 << 20, advised: false}, // under two huge pages: not worth asking
		{size: 3 << 20, advised: false}, // rounds down to 2 MiB, still under
		{size: 8 << 20, advised: true},
		{size: 32 << 20, advised: true},
		{size: 1 << 40, advised: true}, // bounded to maxAdvised
	} {
		t.Run(fmt.Sprint(tc.size>>20, "MiB"), func(t *testing.T) {
			start, end := adviseHugePages(tc.size)
			if !tc.advised {
				assert.Equal(t, start, end)
				return
			}
			require.Less(t, start, end, "the kernel refused the advice")
			assert.Zero(t, start%hugePage)
			assert.Zero(t, end%hugePage)
			// Whole huge pages inside the block: at most one lost at each end.
			assert.GreaterOrEqual(t, end-start, min(tc.size, maxAdvised)-2*hugePage)
			assert.LessOrEqual(t, end-start, uintptr(maxAdvised))
			assert.True(t, hugePageFlagged(t, start, end), "range %#x-%#x is not marked for huge pages", start, end)
		})
	}
}

func TestHugePagesAskedHonoursGodebug(t *testing.T) {
	t.Setenv("GODEBUG", "disablethp=1")
	assert.False(t, hugePagesAsked())
}
