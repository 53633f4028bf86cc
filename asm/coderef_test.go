package asm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/marshal"
)

// TestEachCodeRef: the code references of a constant, in tuples and
// frozensets at any depth, in order; none in other constants.
func TestEachCodeRef(t *testing.T) {
	f, g, h := &asm.CodeRef{Label: "f"}, &asm.CodeRef{Label: "g"}, &asm.CodeRef{Label: "h"}
	cases := []struct {
		name  string
		value marshal.Object
		want  []string
	}{
		{"a reference", f, []string{"f"}},
		{"none", &marshal.None{}, nil},
		{"in a tuple", &marshal.Tuple{Items: []marshal.Object{&marshal.None{}, f, g}}, []string{"f", "g"}},
		{"nested", &marshal.Tuple{Items: []marshal.Object{&marshal.FrozenSet{Items: []marshal.Object{g}}, &marshal.Tuple{Items: []marshal.Object{h, f}}}}, []string{"g", "h", "f"}},
		{"in a list (not a constant CPython makes)", &marshal.List{Items: []marshal.Object{f}}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			asm.EachCodeRef(tc.value, func(ref *asm.CodeRef) { got = append(got, ref.Label) })
			assert.Equal(t, tc.want, got)
		})
	}
}
