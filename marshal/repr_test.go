package marshal

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFloatRepr(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{1.5, "1.5"}, {1, "1.0"}, {-0.0 * -1, "0.0"}, {math.Copysign(0, -1), "-0.0"},
		{1e16, "1e+16"}, {123456789012345678, "1.2345678901234568e+17"}, {1e15, "1000000000000000.0"},
		{0.0001, "0.0001"}, {0.00001, "1e-05"}, {0.1, "0.1"}, {1.0 / 3, "0.3333333333333333"},
		{math.Inf(1), "inf"}, {math.Inf(-1), "-inf"}, {math.NaN(), "nan"}, {2.5e-310, "2.5e-310"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, FloatRepr(tt.f))
	}
}

func TestRepr(t *testing.T) {
	tests := []struct {
		obj  Object
		py2  bool
		want string
	}{
		{&Tuple{Items: []Object{NewInt(1)}}, false, "(1,)"},
		{&Tuple{Items: []Object{NewInt(1), NewStr("a")}}, false, "(1, 'a')"},
		{NewStr("it's"), false, `"it's"`},
		{NewStr("é\n\x00"), false, `'é\n\x00'`},
		{NewStr("é"), true, `u'\xe9'`},
		{&Str{Type: 'u', Data: "\xed\xa0\x80"}, false, `'\ud800'`},
		{&Bytes{Data: []byte("a\xff'")}, false, `b"a\xff'"`},
		{&Bytes{Data: []byte("ab")}, true, `'ab'`},
		{&Int{Type: 'l', Value: NewInt(5).Value}, true, "5L"},
		{&FrozenSet{Items: []Object{NewInt(1)}}, false, "frozenset({1})"},
		{&FrozenSet{}, false, "frozenset()"},
		{&Complex{Real: 0, Imag: math.Float64bits(2)}, false, "2j"},
		{&Complex{Real: math.Float64bits(1.5), Imag: math.Float64bits(-2)}, false, "(1.5-2j)"},
		{&Slice{Start: NewInt(1), Stop: NewInt(2), Step: &None{}}, false, "slice(1, 2, None)"},
		{&Dict{Items: []KeyValue{{NewInt(1), NewInt(2)}}}, false, "{1: 2}"},
		{&Code{Name: NewStr("f")}, false, "<code object f>"},
	}
	for _, tt := range tests {
		d := v4
		if tt.py2 {
			d = py27
		}
		assert.Equal(t, tt.want, Repr(tt.obj, d, 0))
	}
	cycle := &List{}
	cycle.Items = []Object{cycle}
	assert.Equal(t, "[...]", Repr(cycle, v4, 0))
	long := &Tuple{}
	for i := 0; i < 100; i++ {
		long.Items = append(long.Items, NewInt(int64(i)))
	}
	assert.Equal(t, "(0, 1, 2, ...", Repr(long, v4, 10))
}
