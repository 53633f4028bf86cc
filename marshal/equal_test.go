package marshal

import (
	"math"
	"math/big"
	"strings"
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

// EqualIn compares code objects by the fields a dialect writes, and ints
// by the form they are written in; when it says equal, the two objects
// written in the dialect read back Equal.
func TestEqualIn(t *testing.T) {
	name := func() Object { return &Str{Type: 'u', Data: "f"} }
	code := func(edit func(*Code)) *Code {
		c := &Code{Name: name(), Filename: name(), QualName: name(), Bytecode: &Bytes{Data: []byte{1, 0}},
			Consts: &Tuple{}, Names: &Tuple{}, LocalsPlusNames: &Tuple{}, LocalsPlusKinds: &Bytes{},
			LineTable: &Bytes{}, ExceptionTable: &Bytes{}, VarNames: &Tuple{}, FreeVars: &Tuple{}, CellVars: &Tuple{}}
		if edit != nil {
			edit(c)
		}
		return c
	}
	small, big2 := big.NewInt(7), new(big.Int).Lsh(big.NewInt(1), 40)
	for _, tc := range []struct {
		name    string
		a, b    Object
		dialect *Dialect
		want    bool
	}{
		{"same code", code(nil), code(nil), v4, true},
		{"a field 3.11+ lacks (varnames)", code(nil), code(func(c *Code) { c.VarNames = nil }), v4, true},
		{"a field 3.11+ lacks (nlocals)", code(nil), code(func(c *Code) { c.NLocals = 3 }), v4, true},
		{"a field 3.11+ has (localsplusnames)", code(nil), code(func(c *Code) { c.LocalsPlusNames = nil }), v4, false},
		{"a field 2.7 has (varnames)", code(nil), code(func(c *Code) { c.VarNames = nil }), py27, false},
		{"a field 2.7 lacks (qualname)", code(nil), code(func(c *Code) { c.QualName = &Str{Type: 'u', Data: "g"} }), py27, true},
		{"a child's field the dialect has", code(func(c *Code) { c.Consts = &Tuple{Items: []Object{code(nil)}} }),
			code(func(c *Code) { c.Consts = &Tuple{Items: []Object{code(func(c *Code) { c.Flags = 1 })}} }), v4, false},
		{"a child's field it lacks", code(func(c *Code) { c.Consts = &Tuple{Items: []Object{code(nil)}} }),
			code(func(c *Code) { c.Consts = &Tuple{Items: []Object{code(func(c *Code) { c.CellVars = nil })}} }), v4, true},
		{"small int, no type and short", &Int{Value: small}, &Int{Type: 'i', Value: small}, v4, true},
		{"small int, no type and long", &Int{Value: small}, &Int{Type: 'l', Value: small}, v4, false},
		{"big int, no type and long", &Int{Value: big2}, &Int{Type: 'l', Value: big2}, v4, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := EqualIn(tc.a, tc.b, tc.dialect); got != tc.want {
				t.Fatalf("EqualIn = %v, want %v", got, tc.want)
			}
			if !tc.want {
				return
			}
			var back [2]Object
			for i, o := range []Object{tc.a, tc.b} {
				data, err := Encode(o, tc.dialect)
				if err != nil {
					t.Fatal(err)
				}
				if back[i], _, err = Decode(data, tc.dialect, DecodeOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			if d := Diff(back[0], back[1]); d != "" {
				t.Fatalf("equal in the dialect, but read back they differ: %s", d)
			}
		})
	}
}

// SizeHint is near what Encode writes: at least it for objects without
// shared references, and not many times more.
func TestSizeHint(t *testing.T) {
	str := func(s string) Object { return &Str{Type: 'u', Data: s} }
	code := &Code{Name: str("f"), Filename: str("f.py"), QualName: str("f"), Bytecode: &Bytes{Data: make([]byte, 200)},
		Consts: &Tuple{Items: []Object{&None{}, &Int{Value: big.NewInt(1 << 40)}, str("a longer text constant")}},
		Names:  &Tuple{Items: []Object{str("print"), str("len")}}, LocalsPlusNames: &Tuple{Items: []Object{str("x")}},
		LocalsPlusKinds: &Bytes{Data: []byte{0x20}}, LineTable: &Bytes{Data: make([]byte, 60)}, ExceptionTable: &Bytes{}}
	for _, tc := range []struct {
		name string
		o    Object
	}{
		{"str", str("hello")},
		{"bytes", &Bytes{Data: make([]byte, 1000)}},
		{"tuple", &Tuple{Items: []Object{&None{}, &Bool{Value: true}, str("x"), &Float{}}}},
		{"code", code},
		{"nested code", &Code{Name: str("m"), Filename: str("m.py"), QualName: str("m"), Bytecode: &Bytes{Data: make([]byte, 20)},
			Consts: &Tuple{Items: []Object{code, code}}, Names: &Tuple{}, LocalsPlusNames: &Tuple{}, LocalsPlusKinds: &Bytes{},
			LineTable: &Bytes{}, ExceptionTable: &Bytes{}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := Encode(tc.o, v4)
			if err != nil {
				t.Fatal(err)
			}
			if hint := SizeHint(tc.o); hint < len(data) || hint > 4*len(data) {
				t.Fatalf("SizeHint %d for %d bytes written", hint, len(data))
			}
		})
	}
}

// SizeHint takes what the Go API can build: typed nil pointers too; so
// does SizeIn.
func TestSizeHintNil(t *testing.T) {
	for _, o := range []Object{nil, (*Str)(nil), (*Tuple)(nil), (*Code)(nil), &Code{Consts: (*Tuple)(nil)}, &Tuple{Items: []Object{nil, (*Bytes)(nil)}}} {
		_ = SizeHint(o)
		_ = SizeIn(o, v4)
	}
}

// SizeIn is exactly what Encode writes for a tree without references, in
// each dialect, whatever type bytes its nodes carry; and more where a
// FLAG_REF node met again is written as a reference.
func TestSizeIn(t *testing.T) {
	str := func(s string) Object { return &Str{Data: s} }
	small := func(n int64) Object { return &Int{Value: big.NewInt(n)} }
	names := &Tuple{Items: []Object{str("print"), str("len")}}
	code := &Code{Name: str("f"), Filename: str("f.py"), QualName: str("f"), Bytecode: &Bytes{Data: make([]byte, 200)},
		Consts: &Tuple{Items: []Object{&None{}, &Int{Value: big.NewInt(1 << 40)}, str("a longer text constant"), &Float{Bits: 0x3ff0000000000000}}},
		Names:  names, VarNames: &Tuple{}, FreeVars: &Tuple{}, CellVars: &Tuple{}, LocalsPlusNames: &Tuple{Items: []Object{str("x")}},
		LocalsPlusKinds: &Bytes{Data: []byte{0x20}}, LineTable: &Bytes{Data: make([]byte, 60)}, ExceptionTable: &Bytes{}}
	code27 := &Code{Name: &Bytes{Data: []byte("f")}, Filename: &Bytes{Data: []byte("f.py")}, Bytecode: &Bytes{Data: make([]byte, 20)},
		Consts: &Tuple{Items: []Object{&None{}, small(-5)}}, Names: &Tuple{Items: []Object{&Bytes{Type: 't', Data: []byte("x")}}},
		VarNames: &Tuple{}, FreeVars: &Tuple{}, CellVars: &Tuple{}, LineTable: &Bytes{}}
	long := strings.Repeat("é", 200)
	shared := &Str{Type: 'z' | FlagRef, Data: "shared"}
	empty := &Tuple{Type: ')' | FlagRef} // a reference to it is longer than it
	cases := []struct {
		name string
		o    Object
		d    *Dialect
		refs bool // references make the encoding shorter
	}{
		{"short str", str("hello"), v4, false},
		{"str in v2", str("hello"), &Dialect{Version: 2, Code: Code36}, false},
		{"long str", str(long), v4, false},
		{"typed strs", &Tuple{Type: '(', Items: []Object{&Str{Type: 'a', Data: "a"}, &Str{Type: 'Z', Data: "z"}, &Str{Type: 'u', Data: "u"}}}, v4, false},
		{"ints", &List{Items: []Object{small(3), &Int{Type: 'l', Value: big.NewInt(7)}, &Int{Value: new(big.Int).Lsh(big.NewInt(1), 100)}, &Int{Value: big.NewInt(-1 << 40)}}}, v4, false},
		{"int64 in 2.7", &Int{Value: big.NewInt(1 << 40)}, py27, false},
		{"floats", &Tuple{Items: []Object{&Float{Type: 'f', Text: "1.5"}, &Float{Type: 'f', Bits: 0x400921fb54442d18}, &Complex{Type: 'x', RealText: "1.0", ImagText: "2.0"}, &Complex{}}}, v4, false},
		{"containers", &Tuple{Items: []Object{&Set{Items: []Object{small(1)}}, &FrozenSet{}, &Dict{Items: []KeyValue{{Key: str("k"), Value: &Bool{Value: true}}}},
			&Slice{Start: &None{}, Stop: small(2), Step: &None{}}, &Ellipsis{}, &StopIteration{}}}, v5, false},
		{"frozendict", &FrozenDict{Items: []KeyValue{{Key: str("k"), Value: small(1)}}}, v6, false},
		{"code", code, v4, false},
		{"code 2.7", code27, py27, false},
		{"nested code", &Tuple{Items: []Object{code, code}}, v4, false},
		{"references", &Tuple{Items: []Object{shared, shared, shared}}, v4, true},
		{"references to small nodes", &Tuple{Items: []Object{empty, empty, empty}}, v4, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data, err := Encode(tc.o, tc.d)
			if err != nil {
				t.Fatal(err)
			}
			size := SizeIn(tc.o, tc.d)
			if tc.refs {
				if size < len(data) {
					t.Fatalf("SizeIn %d for %d bytes written with references", size, len(data))
				}
				return
			}
			if size != len(data) {
				t.Fatalf("SizeIn %d for %d bytes written", size, len(data))
			}
		})
	}
}
