package marshal

import (
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	py27 = &Dialect{Version: 2, Python2: true, Code: Code27}
	v4   = &Dialect{Version: 4, Code: Code311}
	v5   = &Dialect{Version: 5, Code: Code311}
	v6   = &Dialect{Version: 6, Code: Code311}
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	require.NoError(t, err)
	return b
}

// TestRoundTrip decodes byte strings CPython writes (from the fact sheet)
// and checks the value and that encoding gives the same bytes back.
func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name    string
		dialect *Dialect
		hex     string
		check   func(t *testing.T, o Object)
	}{
		{"int 1 flagged", v4, "e9 01000000", func(t *testing.T, o Object) {
			assert.Equal(t, int64(1), o.(*Int).Value.Int64())
		}},
		{"long 2**31", v4, "ec 03000000 0000 0000 0200", func(t *testing.T, o Object) {
			assert.Equal(t, "2147483648", o.(*Int).Value.String())
		}},
		{"long -(2**64)", v4, "ec fbffffff 0000 0000 0000 0000 1000", func(t *testing.T, o Object) {
			want, _ := new(big.Int).SetString("-18446744073709551616", 10)
			assert.Equal(t, want.String(), o.(*Int).Value.String())
		}},
		{"2.7 long(5)", py27, "6c 01000000 0500", func(t *testing.T, o Object) {
			assert.Equal(t, byte('l'), o.TypeByte())
		}},
		{"2.7 int64", py27, "49 0000008000000000", func(t *testing.T, o Object) {
			assert.Equal(t, int64(1<<31), o.(*Int).Value.Int64())
		}},
		{"float 1.5", v4, "e7 000000000000f83f", func(t *testing.T, o Object) {
			assert.Equal(t, 1.5, o.(*Float).Float64())
		}},
		{"float text", py27, "66 03 312e35", func(t *testing.T, o Object) {
			assert.Equal(t, 1.5, o.(*Float).Float64())
		}},
		{"complex", v4, "f9 000000000000f83f 00000000000000c0", func(t *testing.T, o Object) {
			c := o.(*Complex)
			assert.Equal(t, -2.0, math.Float64frombits(c.Imag))
		}},
		{"empty tuple", v4, "a9 00", nil},
		{"tuple (1,2)", v4, "a9 02 e9 01000000 e9 02000000", nil},
		{"list [1]", v4, "db 01000000 e9 01000000", nil},
		{"dict {1:2}", v4, "fb e9 01000000 e9 02000000 30", nil},
		{"frozenset", v4, "be 01000000 e9 01000000", nil},
		{"slice", v5, "ba e9 01000000 e9 02000000 4e", func(t *testing.T, o Object) {
			assert.IsType(t, &None{}, o.(*Slice).Step)
		}},
		{"frozendict", v6, "fd da 01 61 e9 01000000 da 01 62 e9 02000000 30", func(t *testing.T, o Object) {
			assert.Len(t, o.(*FrozenDict).Items, 2)
		}},
		{"empty frozendict", v6, "fd 30", nil},
		{"short ascii latin-1", v4, "7a 01 e9", func(t *testing.T, o Object) {
			assert.Equal(t, "é", o.(*Str).Value())
		}},
		{"lone surrogate", v4, "75 03000000 eda080", func(t *testing.T, o Object) {
			assert.Equal(t, "\xed\xa0\x80", o.(*Str).Value())
		}},
		{"shared ref", v4, "29 02 e9 01000000 72 00000000", func(t *testing.T, o Object) {
			items := o.(*Tuple).Items
			assert.Same(t, items[0], items[1])
		}},
		{"self-referencing list", v4, "db 01000000 72 00000000", func(t *testing.T, o Object) {
			assert.Same(t, o, o.(*List).Items[0])
		}},
		{"dict referring to itself", v4, "fb e9 01000000 72 00000000 30", nil},
		{"2.7 interned strings", py27, "28 04000000 74 04000000 7370616d 74 04000000 65676773 52 00000000 52 01000000", func(t *testing.T, o Object) {
			items := o.(*Tuple).Items
			assert.Same(t, items[0], items[2])
			assert.Equal(t, "spam", string(items[0].(*Bytes).Data))
		}},
		{"flagged None keeps its flag", v4, "ce", nil},
		{"singletons", v4, "a9 05 4e 46 54 53 2e", nil},
		{"3.12 code object", v4, "63 00000000 00000000 00000000 03000000 00000000" +
			"73 14000000 9700 0200 6500 6400 ab01 0000 0000 0000 0100 7901" +
			"29 02 7a 02 6869 4e 29 01 5a 05 7072696e74 29 00 73 00000000" +
			"7a 09 3c736372617463683e 5a 08 3c6d6f64756c653e 5a 08 3c6d6f64756c653e" +
			"01000000 73 04000000 ef00 e900 73 00000000", func(t *testing.T, o Object) {
			c := o.(*Code)
			assert.Equal(t, int32(3), c.StackSize)
			assert.Equal(t, "print", c.Names.(*Tuple).Items[0].(*Str).Value())
		}},
		{"2.7 code object", py27, "63 00000000 00000000 01000000 40000000 73 09000000 640000474864010053" +
			"28 02000000 73 02000000 6869 4e 28 00000000 28 00000000 28 00000000 28 00000000" +
			"73 09000000 3c736372617463683e 74 08000000 3c6d6f64756c653e 01000000 73 00000000", func(t *testing.T, o Object) {
			assert.Equal(t, int32(0x40), o.(*Code).Flags)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := unhex(t, tt.hex)
			o, n, err := Decode(data, tt.dialect, DecodeOptions{})
			require.NoError(t, err)
			assert.Equal(t, len(data), n, "bytes consumed")
			if tt.check != nil {
				tt.check(t, o)
			}
			out, err := Encode(o, tt.dialect)
			require.NoError(t, err)
			assert.Equal(t, hex.EncodeToString(data), hex.EncodeToString(out))
		})
	}
}

// TestHostile checks that damaged or malicious input gives an error naming
// the offset and what was wrong, never a panic or a huge allocation.
func TestHostile(t *testing.T) {
	deep := strings.Repeat("db01000000", MaxDepth+1) + "4e"
	tests := []struct {
		name    string
		dialect *Dialect
		hex     string
		want    string
	}{
		{"empty", v4, "", "offset 0 (0x0): expected an object, found the end of the input"},
		{"unknown type", v4, "3f", "offset 0 (0x0): unknown type code 0x3f ('?') for marshal version 4"},
		{"slice before v5", v4, "3a 4e 4e 4e", "unknown type code 0x3a (':') for marshal version 4"},
		{"frozendict before v6", v5, "7d 30", "unknown type code 0x7d ('}') for marshal version 5"},
		{"FLAG_REF in 2.7", py27, "e9 01000000", "unknown type code 0xe9 ('i' with FLAG_REF) for marshal version 2"},
		{"truncated int", v4, "69 0100", "offset 1 (0x1): value needs 4 bytes but only 2 remain"},
		{"string length past end", v4, "73 ffffff7f 00", "offset 1 (0x1): length 2147483647 runs past the end of the input (1 bytes remain)"},
		{"negative length", v4, "73 ffffffff", "offset 1 (0x1): negative length -1"},
		{"tuple size past end", v4, "28 00000080", "negative size -2147483648"},
		{"huge list", v4, "5b 00000010 4e", "size 268435456 runs past the end of the input"},
		{"short string past end", v4, "7a 05 6869", "offset 2 (0x2): string data needs 5 bytes but only 2 remain"},
		{"ref out of range", v4, "72 05000000", "offset 1 (0x1): reference 5 out of range (0 objects flagged so far)"},
		{"ref to code being read", v4, "e3 00000000 00000000 00000000 00000000 00000000 72 00000000", "reference 0 names an object that is still being read"},
		{"ref to frozenset being read", v4, "be 01000000 72 00000000", "reference 0 names an object that is still being read"},
		{"ref with FLAG_REF", v4, "29 02 da 01 61 f2 00 00 00 00", "offset 5 (0x5): a reference ('r') with FLAG_REF set: CPython ignores the flag, pyasm cannot write it back"},
		{"2.7 string ref out of range", py27, "52 00000000", "string reference 0 out of range (0 interned strings so far)"},
		{"long digit out of range", v4, "6c 01000000 0080", "long digit 32768 out of range"},
		{"unnormalized long", v4, "6c 02000000 0100 0000", "unnormalized long: top digit is zero"},
		{"long count past end", v4, "6c 00000080", "digit count -2147483648 runs past the end"},
		{"dict without end", v4, "7b 4e 4e", "offset 3 (0x3): dict has no terminating '0'"},
		{"NULL outside dict", v4, "30", "NULL object outside a dict"},
		{"bad utf-8", v4, "75 01000000 e9", "offset 5 (0x5): string data is not valid UTF-8"},
		{"bad float text", py27, "66 03 616263", "float text \"abc\" is not a number"},
		{"nesting too deep", v4, deep, "objects nested deeper than 2000 levels"},
		{"truncated code object", v4, "63 00000000 0000", "argcount needs 4 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Decode(unhex(t, tt.hex), tt.dialect, DecodeOptions{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			var me *Error
			assert.ErrorAs(t, err, &me)
		})
	}
}

func TestErrorOffsetIncludesBase(t *testing.T) {
	_, _, err := Decode([]byte{'?'}, v4, DecodeOptions{Offset: 16})
	require.Error(t, err)
	assert.Equal(t, 16, err.(*Error).Offset)
}

// TestEncodeDefaults checks the forms chosen for hand-built nodes.
func TestEncodeDefaults(t *testing.T) {
	big40 := new(big.Int).Lsh(big.NewInt(1), 40)
	tests := []struct {
		name    string
		dialect *Dialect
		obj     Object
		hex     string
	}{
		{"small int", v4, NewInt(7), "6907000000"},
		{"int64 in 3.x is a long", v4, &Int{Value: big40}, "6c03000000" + "0000" + "0000" + "0004"},
		{"int64 in 2.7", py27, &Int{Value: big40}, "490000000000010000"},
		{"ascii str", v4, NewStr("hi"), "7a026869"},
		{"non-ascii str", v4, NewStr("é"), "7502000000c3a9"},
		{"2.7 str is unicode", py27, NewStr("hi"), "75020000006869"},
		{"small tuple", v4, &Tuple{Items: []Object{&None{}, &Bool{Value: true}}}, "29024e54"},
		{"2.7 tuple", py27, &Tuple{}, "2800000000"},
		{"bytes", v4, &Bytes{Data: []byte{1}}, "730100000001"},
		{"shared unflagged node is written twice", v4, func() Object {
			s := NewStr("a")
			return &Tuple{Items: []Object{s, s}}
		}(), "29027a01617a0161"},
		{"shared flagged node becomes a reference", v4, func() Object {
			s := &Str{Type: 'z' | FlagRef, Data: "a"}
			return &Tuple{Items: []Object{s, s}}
		}(), "2902fa01617200000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Encode(tt.obj, tt.dialect)
			require.NoError(t, err)
			assert.Equal(t, tt.hex, hex.EncodeToString(out))
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	cycle := &List{}
	cycle.Items = []Object{cycle}
	tests := []struct {
		name    string
		dialect *Dialect
		obj     Object
		want    string
	}{
		{"int too big for i", v4, &Int{Type: 'i', Value: big.NewInt(1 << 40)}, "does not fit type code 'i'"},
		{"slice in v4", v4, &Slice{Start: &None{}, Stop: &None{}, Step: &None{}}, "cannot be written in marshal version 4"},
		{"flag in 2.7", py27, &None{Type: 'N' | FlagRef}, "FLAG_REF on type"},
		{"wrong kind", v4, &Str{Type: 'i', Data: "x"}, "a Str node cannot have type code"},
		{"missing code field", v4, &Code{}, "code object field code is missing"},
		{"unflagged cycle", v4, cycle, "nested deeper than 2000 levels"},
		{"nested path", v4, &Tuple{Items: []Object{NewInt(1), &Str{Type: 'z', Data: strings.Repeat("x", 300)}}}, "marshal: [1]: short string type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Encode(tt.obj, tt.dialect)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestLongDigits round-trips longs whose digits straddle machine words.
func TestLongDigits(t *testing.T) {
	for _, s := range []string{"1", "-1", "32767", "32768", "1180591620717411303424", "-340282366920938463463374607431768211457",
		"123456789012345678901234567890123456789012345678901234567890"} {
		v, ok := new(big.Int).SetString(s, 10)
		require.True(t, ok)
		data, err := Encode(&Int{Type: 'l', Value: v}, v4)
		require.NoError(t, err)
		o, _, err := Decode(data, v4, DecodeOptions{})
		require.NoError(t, err)
		assert.Equal(t, s, o.(*Int).Value.String())
	}
}

// BenchmarkDecodeHugeLong shows that a long's cost grows linearly with its size.
func BenchmarkDecodeHugeLong(b *testing.B) {
	v := new(big.Int).Lsh(big.NewInt(1), 15*200000-1)
	data, err := Encode(&Int{Type: 'l', Value: v}, v4)
	require.NoError(b, err)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, _, err := Decode(data, v4, DecodeOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// nodeKind must name every node type as its Go type name does.
func TestNodeKindNamesGoType(t *testing.T) {
	for _, o := range []Object{
		&None{}, &Bool{}, &StopIteration{}, &Ellipsis{}, &Int{}, &Float{},
		&Complex{}, &Bytes{}, &Str{}, &Tuple{}, &List{}, &Set{}, &FrozenSet{},
		&Dict{}, &FrozenDict{}, &Slice{}, &Code{},
	} {
		want := strings.TrimPrefix(fmt.Sprintf("%T", o), "*marshal.")
		assert.Equal(t, want, nodeKind(o))
	}
}
