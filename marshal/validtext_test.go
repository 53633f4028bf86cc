package marshal

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestValidTextAllocatesNothing: the resolver checks every name an
// instruction gives; the check must not copy it.
func TestValidTextAllocatesNothing(t *testing.T) {
	names := []string{"print", "héllo", "\xed\xa0\x80", "bad\xff"}
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		for _, n := range names {
			ValidText(n)
		}
	}))
	assert.True(t, ValidText("héllo"))
	assert.True(t, ValidText("\xed\xa0\x80"), "a lone surrogate as CPython stores it")
	assert.False(t, ValidText("bad\xff"))
	assert.Equal(t, ValidText("bad\xff"), validWTF8([]byte("bad\xff")))
}

func TestValidWTF8BytesAllocatesNothing(t *testing.T) {
	data := [][]byte{[]byte("print"), []byte("héllo"), []byte("\xed\xa0\x80"), []byte("bad\xff")}
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		for _, d := range data {
			validWTF8(d)
		}
	}))
}
