package marshal

import (
	"math"
	"math/big"
	"testing"
)

// Equal agrees with Diff on every pair of a varied set of objects.
func TestEqualAgreesWithDiff(t *testing.T) {
	objs := []Object{
		nil, &None{}, &StopIteration{}, &Ellipsis{}, &Bool{Value: true}, &Bool{Value: false},
		&Int{Type: 'i', Value: big.NewInt(1)}, &Int{Type: 'l', Value: big.NewInt(1)}, &Int{Value: big.NewInt(1)}, &Int{Type: 'i', Value: big.NewInt(2)},
		&Float{Bits: math.Float64bits(1)}, &Float{Bits: math.Float64bits(0)}, &Float{Bits: math.Float64bits(math.Copysign(0, -1))},
		&Complex{Real: 1, Imag: 2}, &Complex{Real: 1, Imag: 3},
		&Str{Type: 'u', Data: "a"}, &Str{Type: 'a', Data: "a"}, &Str{Type: 'z', Data: "\xe9"}, &Str{Type: 'u', Data: "é"}, &Str{Type: 'u', Data: "b"},
		&Bytes{Data: []byte("a")}, &Bytes{Data: []byte("ab")},
		&Tuple{Items: []Object{&None{}}}, &Tuple{Items: []Object{&Str{Type: 'a', Data: "a"}}}, &Tuple{Items: []Object{&Str{Type: 'u', Data: "a"}}},
		&List{Items: []Object{&None{}}}, &Set{}, &FrozenSet{}, &FrozenSet{Items: []Object{&None{}}},
		&Dict{Items: []KeyValue{{&None{}, &None{}}}}, &FrozenDict{},
		&Slice{Start: &None{}, Stop: &None{}, Step: &None{}}, &Slice{Start: &None{}, Stop: &Bool{}, Step: &None{}},
		&Code{Name: &Str{Type: 'u', Data: "f"}}, &Code{Name: &Str{Type: 'u', Data: "g"}}, &Code{Flags: 3, Name: &Str{Type: 'u', Data: "f"}},
		&Code{Name: &Str{Type: 'u', Data: "f"}, Consts: &Tuple{Items: []Object{&Code{}}}},
	}
	for i, a := range objs {
		for j, b := range objs {
			if got, want := Equal(a, b), Diff(a, b) == ""; got != want {
				t.Errorf("objects %d and %d: Equal %v, Diff %q", i, j, got, Diff(a, b))
			}
		}
	}
}
