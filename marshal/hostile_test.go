package marshal_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/explain"
	"github.com/pyasm/pyasm/internal/damage"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/versions"
)

// Hostile input: small files that ask for huge work or memory if the
// reader trusts what they declare. Each must decode (or fail) in memory
// proportional to its size, and the explainer must stay bounded on it.

// allocated runs fn and returns the bytes it allocated.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// explainBounded explains body behind a header of release v, within the
// damaged-file tests' bounds (2 s, 256 MB): nothing may run away. An error
// is a fine outcome.
func explainBounded(t *testing.T, v *versions.Version, body []byte) {
	t.Helper()
	data := append(pyc.AppendHeader(nil, v, pyc.Header{}), body...)
	runtime.GC()
	damage.Bounded(t, "explain", func() { _ = explain.Write(io.Discard, "hostile.pyc", data) })
}

func le32(n int64) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(int32(n))) }

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// refsTo is a bytes object of size bytes entered in the reference table,
// then a tuple of refs references to it.
func refsTo(size, refs int) []byte {
	buf := cat([]byte{'(' | marshal.FlagRef}, le32(2), []byte{'s' | marshal.FlagRef}, le32(int64(size)), bytes.Repeat([]byte{'x'}, size),
		[]byte{'('}, le32(int64(refs)))
	ref := cat([]byte{'r'}, le32(1))
	for i := 0; i < refs; i++ {
		buf = append(buf, ref...)
	}
	return buf
}

// TestMillionRefs: a 1 MB bytes object and a million references to it,
// 6 MB that a reader copying what a reference names would turn into a
// terabyte, decode to one shared node in memory a small multiple of the
// input, and encode back byte for byte.
func TestMillionRefs(t *testing.T) {
	data := refsTo(1<<20, 1_000_000)
	d := versions.V3_12.Marshal
	var o marshal.Object
	var n int
	var err error
	decoded := allocated(func() { o, n, err = marshal.Decode(data, d, marshal.DecodeOptions{}) })
	require.NoError(t, err)
	assert.Equal(t, len(data), n)
	assert.Less(t, decoded, uint64(8*len(data)), "decoding %d bytes allocated %d", len(data), decoded)
	outer := o.(*marshal.Tuple)
	big := outer.Items[0]
	inner := outer.Items[1].(*marshal.Tuple)
	require.Len(t, inner.Items, 1_000_000)
	for i, item := range inner.Items {
		if item != big {
			t.Fatalf("item %d is not the referenced node", i)
		}
	}
	var out []byte
	encoded := allocated(func() { out, err = marshal.Encode(o, d) })
	require.NoError(t, err)
	assert.True(t, bytes.Equal(data, out), "re-encoded bytes differ")
	assert.Less(t, encoded, uint64(8*len(data)), "encoding %d bytes allocated %d", len(data), encoded)
	t.Logf("%d bytes: decoding allocated %.1f times that, encoding %.1f", len(data), float64(decoded)/float64(len(data)), float64(encoded)/float64(len(data)))
}

// knownBug skips a case that fails today for a reason already reported,
// unless PYASM_KNOWN_BUGS is set: the case stays written down, and runs
// the moment someone wants to see it fixed.
func knownBug(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("PYASM_KNOWN_BUGS") == "" {
		t.Skip("known bug (set PYASM_KNOWN_BUGS=1 to run): " + why)
	}
}

// TestManyRefsExplain: explaining many references stays bounded. Each
// reference line shows the referenced value cut to a short repr, so the
// size of the referenced object must not matter.
func TestManyRefsExplain(t *testing.T) {
	tests := []struct {
		name       string
		size, refs int
		known      string
	}{
		{"100000 refs to a small object", 16, 100_000, ""},
		// Each reference line shows a cut repr; Repr cuts the payload
		// before quoting it, so a large referenced object costs no more.
		{"1000 refs to a 1 MB object", 1 << 20, 1000, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.known != "" {
				knownBug(t, tt.known)
			}
			explainBounded(t, versions.V3_12, refsTo(tt.size, tt.refs))
		})
	}
}

// TestDeepNesting: a million nested one-tuples (and lists, sets, dicts)
// fail at the depth limit, naming the offset of the object that went too
// deep, without exhausting the stack.
func TestDeepNesting(t *testing.T) {
	const depth = 1_000_000
	tests := []struct {
		name    string
		dialect *marshal.Dialect
		level   []byte // one level of nesting: the bytes before the child
		first   int    // where in a level its first child starts
	}{
		{"tuple", versions.V3_12.Marshal, cat([]byte{'('}, le32(1)), 5},
		{"small tuple", versions.V3_12.Marshal, []byte{')', 1}, 2},
		{"list", versions.V3_12.Marshal, cat([]byte{'['}, le32(1)), 5},
		{"frozenset", versions.V3_12.Marshal, cat([]byte{'>'}, le32(1)), 5},
		{"dict value", versions.V3_12.Marshal, []byte{'{', 'N'}, 1},
		{"flagged tuple", versions.V3_12.Marshal, cat([]byte{'(' | marshal.FlagRef}, le32(1)), 5},
		{"slice", versions.V3_14.Marshal, []byte{':', 'N', 'N'}, 1},
		{"2.7 tuple", versions.V2_7.Marshal, cat([]byte{'('}, le32(1)), 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := bytes.Repeat(tt.level, depth)
			data = append(data, 'N')
			_, _, err := marshal.Decode(data, tt.dialect, marshal.DecodeOptions{})
			require.Error(t, err)
			var me *marshal.Error
			require.True(t, errors.As(err, &me), "%T: %v", err, err)
			// The first object at depth MaxDepth is the first child of
			// the level at depth MaxDepth-1.
			assert.Equal(t, (marshal.MaxDepth-1)*len(tt.level)+tt.first, me.Offset, "offset of the object past the limit")
			assert.Contains(t, err.Error(), fmt.Sprintf("offset %d", me.Offset))
			explainBounded(t, versions.V3_14, data)
		})
	}
}

// hugeSizes are declared sizes a hostile file may give: near 2^31, and the
// negative values their top bit makes.
var hugeSizes = []int64{1<<31 - 1, 1<<31 - 2, 1 << 30, 1<<30 + 1, -1, -(1 << 31)}

// TestHugeDeclaredSizes: every type with an i32 size or index, declaring
// one near 2^31 over a few bytes of input, is an error without a huge
// allocation.
func TestHugeDeclaredSizes(t *testing.T) {
	type sized struct {
		name    string
		dialect *marshal.Dialect
		code    byte
	}
	v3, v2, v6 := versions.V3_12.Marshal, versions.V2_7.Marshal, versions.V3_15.Marshal
	var kinds []sized
	for _, c := range []byte{'s', 't', 'u', 'a', 'A', '(', '[', '<', '>', 'l', 'r'} {
		kinds = append(kinds, sized{fmt.Sprintf("%c", c), v3, c}, sized{fmt.Sprintf("%c flagged", c), v3, c | marshal.FlagRef})
	}
	for _, c := range []byte{'s', 't', 'u', '(', '[', '<', '>', 'l', 'R'} {
		kinds = append(kinds, sized{fmt.Sprintf("2.7 %c", c), v2, c})
	}
	kinds = append(kinds, sized{"3.15 (", v6, '('})
	for _, k := range kinds {
		for _, size := range hugeSizes {
			if k.code&^marshal.FlagRef == 'l' && size == -1 {
				continue // one negative digit: a fine long
			}
			t.Run(fmt.Sprintf("%s %d", k.name, size), func(t *testing.T) {
				data := cat([]byte{k.code}, le32(size), bytes.Repeat([]byte{'N'}, 64))
				var err error
				used := allocated(func() { _, _, err = marshal.Decode(data, k.dialect, marshal.DecodeOptions{}) })
				require.Error(t, err)
				assert.Less(t, used, uint64(64<<10), "decoding %d bytes allocated %d", len(data), used)
				v := versions.V3_12
				if k.dialect == v2 {
					v = versions.V2_7
				}
				explainBounded(t, v, data)
			})
		}
	}
}

// TestHugeLong: a long declaring 2^30 digits (and -2^31: 2^31 negative
// ones) over a few bytes is an error, not a 2 GB read.
func TestHugeLong(t *testing.T) {
	for _, n := range []int64{1 << 30, -(1 << 30), -(1 << 31), 1<<31 - 1} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			data := cat([]byte{'l'}, le32(n), []byte{1, 0, 1, 0})
			var err error
			used := allocated(func() { _, _, err = marshal.Decode(data, versions.V3_12.Marshal, marshal.DecodeOptions{}) })
			require.Error(t, err)
			assert.Contains(t, err.Error(), "digit count")
			assert.Less(t, used, uint64(64<<10))
			explainBounded(t, versions.V3_12, data)
		})
	}
}

// hugeCode is a small code object of release v whose counts claim 2^31-1
// of everything: arguments, locals, stack.
func hugeCode(v *versions.Version) *marshal.Code {
	const huge = 1<<31 - 1
	empty := func() marshal.Object { return &marshal.Tuple{} }
	c := &marshal.Code{
		ArgCount: huge, PosOnlyArgCount: huge, KwOnlyArgCount: huge, NLocals: huge, StackSize: huge,
		Flags: huge, FirstLineNo: huge,
		Bytecode: &marshal.Bytes{}, Consts: empty(), Names: empty(),
		Filename: marshal.NewStr("hostile.py"), Name: marshal.NewStr("f"),
		LineTable: &marshal.Bytes{},
	}
	if v.Marshal.Python2 {
		c.Filename, c.Name = &marshal.Bytes{Data: []byte("hostile.py")}, &marshal.Bytes{Data: []byte("f")}
	}
	if v.LocalsPlus {
		c.LocalsPlusNames, c.LocalsPlusKinds = empty(), &marshal.Bytes{}
		c.QualName, c.ExceptionTable = marshal.NewStr("f"), &marshal.Bytes{}
	} else {
		c.VarNames, c.FreeVars, c.CellVars = empty(), empty(), empty()
	}
	return c
}

// TestHugeCodeCounts: a code object whose counts are 2^31-1 decodes (the
// counts are just numbers) without allocating in proportion to them, and
// the explainer stays bounded on it.
func TestHugeCodeCounts(t *testing.T) {
	for _, v := range []*versions.Version{versions.V2_7, versions.V3_6, versions.V3_8, versions.V3_10, versions.V3_12, versions.V3_15} {
		t.Run(v.String(), func(t *testing.T) {
			data, err := marshal.Encode(hugeCode(v), v.Marshal)
			require.NoError(t, err)
			var o marshal.Object
			used := allocated(func() { o, _, err = marshal.Decode(data, v.Marshal, marshal.DecodeOptions{}) })
			require.NoError(t, err)
			assert.Less(t, used, uint64(64<<10), "decoding %d bytes allocated %d", len(data), used)
			c := o.(*marshal.Code)
			assert.Equal(t, int32(1<<31-1), c.ArgCount)
			assert.Equal(t, int32(1<<31-1), c.StackSize)
			explainBounded(t, v, data)
		})
	}
}
