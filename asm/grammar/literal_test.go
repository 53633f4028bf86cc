package grammar

import (
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// constSource is a file whose one instruction loads text as a constant.
func constSource(release, text string) string {
	return fmt.Sprintf(".python %s\n    LOAD_CONST %s\ncode f {\n}\n", release, text)
}

// parseConst parses `LOAD_CONST text` for a release and returns the value.
func parseConst(t *testing.T, release, text string) asm.Value {
	t.Helper()
	p, err := Parse("lit.pyasm", []byte(constSource(release, text)), nil)
	require.NoError(t, err)
	in := p.Module.Body[0].(*asm.Instr)
	require.Len(t, in.Args, 1)
	lit, ok := in.Args[0].(*asm.Literal)
	require.True(t, ok, "operand is %T", in.Args[0])
	return lit.Value
}

func fbits(f float64) string { return fmt.Sprintf("%#016x", math.Float64bits(f)) }

func TestLiterals(t *testing.T) {
	negZero := "0x8000000000000000"
	tests := []struct {
		release, text, want string
	}{
		// ints
		{"3.12", "0", "int(0)"},
		{"3.12", "42", "int(42)"},
		{"3.12", "-7", "int(-7)"},
		{"3.12", "+7", "int(7)"},
		{"3.12", "-0", "int(0)"},
		{"3.12", "0x1F", "int(31)"},
		{"3.12", "0X_ff", "int(255)"},
		{"3.12", "0o17", "int(15)"},
		{"3.12", "0b101", "int(5)"},
		{"3.12", "1_000_000", "int(1000000)"},
		{"3.12", "000", "int(0)"},
		{"3.12", "123456789012345678901234567890", "int(123456789012345678901234567890)"},
		{"3.12", "-123456789012345678901234567890", "int(-123456789012345678901234567890)"},
		{"3.12", "0xffffffffffffffffffffffffffffffff", "int(340282366920938463463374607431768211455)"},
		{"2.7", "5", "int(5)"},
		{"2.7", "5L", "int[l](5)"},
		{"2.7", "-5l", "int[l](-5)"},
		{"2.7", "0x10L", "int[l](16)"},
		// floats
		{"3.12", "1.5", "float(" + fbits(1.5) + ")"},
		{"3.12", "-1.5", "float(" + fbits(-1.5) + ")"},
		{"3.12", "0.0", "float(0x0000000000000000)"},
		{"3.12", "-0.0", "float(" + negZero + ")"},
		{"3.12", "-0.", "float(" + negZero + ")"},
		{"3.12", "1e100", "float(" + fbits(1e100) + ")"},
		{"3.12", "1e+100", "float(" + fbits(1e100) + ")"},
		{"3.12", "1E-05", "float(" + fbits(1e-05) + ")"},
		{"3.12", ".5", "float(" + fbits(0.5) + ")"},
		{"3.12", "-.5", "float(" + fbits(-0.5) + ")"},
		{"3.12", "5.", "float(" + fbits(5) + ")"},
		{"3.12", "1.e3", "float(" + fbits(1000) + ")"},
		{"3.12", "1_0.2_5", "float(" + fbits(10.25) + ")"},
		{"3.12", "1e400", "float(" + fbits(math.Inf(1)) + ")"},
		{"3.12", "-1e400", "float(" + fbits(math.Inf(-1)) + ")"},
		{"3.12", "inf", "float(0x7ff0000000000000)"},
		{"3.12", "-inf", "float(0xfff0000000000000)"},
		{"3.12", "+inf", "float(0x7ff0000000000000)"},
		{"3.12", "nan", "float(0x7ff8000000000000)"},
		{"3.12", "-nan", "float(0xfff8000000000000)"},
		{"2.7", "2.5", "float(" + fbits(2.5) + ")"},
		// complex
		{"3.12", "2j", "complex(0x0000000000000000, " + fbits(2) + ")"},
		{"3.12", "1.5J", "complex(0x0000000000000000, " + fbits(1.5) + ")"},
		{"3.12", "-2j", "complex(0x0000000000000000, " + fbits(-2) + ")"},
		{"3.12", "-0j", "complex(0x0000000000000000, " + negZero + ")"},
		{"3.12", "1e3j", "complex(0x0000000000000000, " + fbits(1000) + ")"},
		{"3.12", "infj", "complex(0x0000000000000000, 0x7ff0000000000000)"},
		{"3.12", "-nanj", "complex(0x0000000000000000, 0xfff8000000000000)"},
		{"3.12", "(1.5-2j)", "complex(" + fbits(1.5) + ", " + fbits(-2) + ")"},
		{"3.12", "(1+2j)", "complex(" + fbits(1) + ", " + fbits(2) + ")"},
		{"3.12", "(-0-0j)", "complex(" + negZero + ", " + negZero + ")"},
		{"3.12", "(-1+0j)", "complex(" + fbits(-1) + ", 0x0000000000000000)"},
		{"3.12", "(1+infj)", "complex(" + fbits(1) + ", 0x7ff0000000000000)"},
		{"3.12", "(inf-infj)", "complex(0x7ff0000000000000, 0xfff0000000000000)"},
		{"3.12", "(nan+nanj)", "complex(0x7ff8000000000000, 0x7ff8000000000000)"},
		{"3.12", "(-inf+1j)", "complex(0xfff0000000000000, " + fbits(1) + ")"},
		{"3.12", "(1e+100+1e-05j)", "complex(" + fbits(1e100) + ", " + fbits(1e-05) + ")"},
		{"3.12", "( 1.5 -2j )", "complex(" + fbits(1.5) + ", " + fbits(-2) + ")"},
		// singletons
		{"3.12", "None", "None"},
		{"3.12", "True", "true"},
		{"3.12", "False", "false"},
		{"3.12", "...", "Ellipsis"},
		{"2.7", "True", "true"},
		// 3.x strings
		{"3.12", `"hi"`, `str[0]("hi")`},
		{"3.12", `'hi'`, `str[0]("hi")`},
		{"3.12", `''`, `str[0]("")`},
		{"3.12", `'it\'s'`, `str[0]("it's")`},
		{"3.12", `"say \"hi\""`, `str[0]("say \"hi\"")`},
		{"3.12", `"""doc"""`, `str[0]("doc")`},
		{"3.12", `'''it's "x"'''`, `str[0]("it's \"x\"")`},
		{"3.12", "\"\"\"two\nlines\"\"\"", `str[0]("two\nlines")`},
		{"3.12", "\"\"\"crlf\r\nline\"\"\"", `str[0]("crlf\nline")`},
		{"3.12", "\"\"\"joined \\\nline\"\"\"", `str[0]("joined line")`},
		{"3.12", `"""a""b"c"""`, `str[0]("a\"\"b\"c")`},
		{"3.12", `"é"`, `str[0]("é")`},
		{"3.12", `"café ☕ 😀"`, `str[0]("café ☕ 😀")`},
		{"3.12", `"\xe9"`, `str[0]("é")`},
		{"3.12", `"\x00\x7f"`, `str[0]("\x00\x7f")`},
		{"3.12", `"\u00e9\u20ac"`, `str[0]("é€")`},
		{"3.12", `"\U0001F600"`, `str[0]("😀")`},
		{"3.12", `"\ud800"`, `str[0]("\xed\xa0\x80")`},
		{"3.12", `"\udfff"`, `str[0]("\xed\xbf\xbf")`},
		{"3.12", `"\ud83d\ude00"`, `str[0]("\xed\xa0\xbd\xed\xb8\x80")`},
		{"3.12", `"\U0000d800"`, `str[0]("\xed\xa0\x80")`},
		{"3.12", `"\101\0\7"`, `str[0]("A\x00\a")`},
		{"3.12", `"\1234"`, `str[0]("S4")`},
		{"3.12", `"\777"`, `str[0]("ǿ")`},
		{"3.12", `"\a\b\f\v\n\r\t\\"`, `str[0]("\a\b\f\v\n\r\t\\")`},
		{"3.12", `"\q\%"`, `str[0]("\\q\\%")`},
		{"3.12", `r"\n\x00"`, `str[0]("\\n\\x00")`},
		{"3.12", `R"a\"b"`, `str[0]("a\\\"b")`},
		{"3.12", `r'\\'`, `str[0]("\\\\")`},
		{"3.12", `r"plain"`, `str[0]("plain")`},
		{"3.12", "r\"\"\"raw\r\ncrlf\"\"\"", `str[0]("raw\ncrlf")`},
		{"3.12", "\"\"\"lone\rcr\"\"\"", `str[0]("lone\rcr")`},
		{"3.12", `u"x"`, `str[0]("x")`},
		{"3.12", `U"\u00e9"`, `str[0]("é")`},
		{"3.12", `"#not a comment"`, `str[0]("#not a comment")`},
		// 3.x bytes
		{"3.12", `b"\x00\xff"`, `bytes("\x00\xff")`},
		{"3.12", `B'abc'`, `bytes("abc")`},
		{"3.12", `b"\101\377"`, `bytes("A\xff")`},
		{"3.12", `b"\u1234\N{x}"`, `bytes("\\u1234\\N{x}")`},
		{"3.12", `rb"\x00"`, `bytes("\\x00")`},
		{"3.12", `bR'\n'`, `bytes("\\n")`},
		{"3.12", `Br"a"`, `bytes("a")`},
		{"3.12", `b""`, `bytes("")`},
		{"3.12", `b"""x\ny"""`, `bytes("x\ny")`},
		// 2.7 strings: plain is bytes, u is text
		{"2.7", `"abc"`, `bytes("abc")`},
		{"2.7", `"é"`, `bytes("é")`},
		{"2.7", `"\xff\x00"`, `bytes("\xff\x00")`},
		{"2.7", `"\u00e9"`, `bytes("\\u00e9")`},
		{"2.7", `b"x"`, `bytes("x")`},
		{"2.7", `r"\x"`, `bytes("\\x")`},
		{"2.7", `u"é"`, `str[0]("é")`},
		{"2.7", `u"\u00e9\xe9"`, `str[0]("éé")`},
		{"2.7", `U"\ud800"`, `str[0]("\xed\xa0\x80")`},
		// containers
		{"3.12", "()", "tuple()"},
		{"3.12", "(1,)", "tuple(int(1))"},
		{"3.12", "(1, 2,)", "tuple(int(1), int(2))"},
		{"3.12", `(1, "a", (2.5, None))`, `tuple(int(1), str[0]("a"), tuple(float(` + fbits(2.5) + `), None))`},
		{"3.12", "(None, True, False, ..., inf, -0.0)", "tuple(None, true, false, Ellipsis, float(0x7ff0000000000000), float(" + negZero + "))"},
		{"3.12", "((),)", "tuple(tuple())"},
		{"3.12", "(1.5, -2j)", "tuple(float(" + fbits(1.5) + "), complex(0x0000000000000000, " + fbits(-2) + "))"},
		{"3.12", "((1-2j),)", "tuple(complex(" + fbits(1) + ", " + fbits(-2) + "))"},
		{"3.12", "frozenset()", "frozenset()"},
		{"3.12", "frozenset({1, 2})", "frozenset(int(1), int(2))"},
		{"3.12", `frozenset({"a",})`, `frozenset(str[0]("a"))`},
		{"3.12", "(frozenset({(1,)}),)", "tuple(frozenset(tuple(int(1))))"},
		{"3.14", "slice(1, None, 2)", "slice(int(1), None, int(2))"},
		{"3.14", "slice(5)", "slice(None, int(5), None)"},
		{"3.14", "slice(1, 2)", "slice(int(1), int(2), None)"},
		{"3.15", `(slice(None, None, -1), "x")`, `tuple(slice(None, None, int(-1)), str[0]("x"))`},
		// code references
		{"3.12", "@f", "@f"},
		{"3.12", `@"f"`, "@f"},
		{"3.12", "(@f, @f)", "tuple(@f, @f)"},
		{"3.12", "frozenset({@f})", "frozenset(@f)"},
	}
	for _, tt := range tests {
		t.Run(tt.release+" "+tt.text, func(t *testing.T) {
			assert.Equal(t, tt.want, dumpValue(parseConst(t, tt.release, tt.text)))
		})
	}
}

// A literal written as Python's repr prints it reads back to the same repr.
func TestLiteralsReadReprs(t *testing.T) {
	tests := []struct{ release, text string }{
		{"3.12", "0"}, {"3.12", "-7"}, {"3.12", "123456789012345678901234567890"},
		{"3.12", "1.5"}, {"3.12", "-0.0"}, {"3.12", "1e+100"}, {"3.12", "1e-05"}, {"3.12", "5e-324"},
		{"3.12", "1.7976931348623157e+308"}, {"3.12", "inf"}, {"3.12", "-inf"}, {"3.12", "nan"},
		{"3.12", "2j"}, {"3.12", "-2j"}, {"3.12", "(1.5-2j)"}, {"3.12", "(-0-0j)"}, {"3.12", "(1+infj)"},
		{"3.12", "(nan+nanj)"}, {"3.12", "(inf-infj)"}, {"3.12", "(1e+100+1j)"},
		{"3.12", "'hi'"}, {"3.12", `"it's"`}, {"3.12", `'\x00\n\\'`}, {"3.12", "'é'"}, {"3.12", `'\ud800'`},
		{"3.12", `b'\x00\xff'`}, {"3.12", "()"}, {"3.12", "(1,)"}, {"3.12", "(1, 'a', (2.5, None))"},
		{"3.12", "frozenset()"}, {"3.12", "frozenset({1, 2})"}, {"3.12", "(True, False, None)"},
		{"3.14", "slice(1, None, 2)"},
		{"2.7", "5L"}, {"2.7", "'abc'"}, {"2.7", "u'abc'"}, {"2.7", `'\xff'`}, {"2.7", `u'\xe9'`},
	}
	for _, tt := range tests {
		t.Run(tt.release+" "+tt.text, func(t *testing.T) {
			v, err := versions.Lookup(tt.release)
			require.NoError(t, err)
			assert.Equal(t, tt.text, marshal.Repr(parseConst(t, tt.release, tt.text), v.Marshal, 0))
		})
	}
}

func TestLiteralErrors(t *testing.T) {
	tests := []struct {
		release, text, want string
		col                 int
	}{
		{"3.12", "0x", "invalid number 0x", 16},
		{"3.12", "1__0", "invalid number", 16},
		{"3.12", "1_", "invalid number", 16},
		{"3.12", "1abc", "invalid number 1abc", 16},
		{"3.12", "1.2.3", "invalid number", 16},
		{"3.12", "0b102", "invalid number", 16},
		{"3.12", "017", "leading zeros", 16},
		{"3.12", "5L", "L suffix", 16},
		{"2.7", "1.5L", "L is for integers", 16},
		{"3.12", "0x10j", "imaginary", 16},
		{"3.12", "-infinity", "invalid number", 16},
		{"3.12", `"\x4"`, `\x escape`, 17},
		{"3.12", `"ab\xg0"`, `\x escape`, 19},
		{"3.12", `"\u12"`, `\u escape`, 17},
		{"3.12", `"\U00110000"`, "beyond U+10FFFF", 17},
		{"3.12", `"\N{BULLET}"`, `\N{…}`, 17},
		{"3.12", `"\"`, "unterminated string", 16},
		{"3.12", `b"é"`, "ASCII", 18},
		{"3.12", `b"\777"`, "out of range for bytes", 18},
		{"3.12", "(1)", "one-item tuple", 16},
		{"3.12", "(,)", "empty tuple", 16},
		{"3.12", "(1 2)", "IMAGj", 19},
		{"3.12", "(1+2)", "IMAGj", 18},
		{"3.12", "(1j+2j)", "real part", 17},
		{"3.12", "(x,)", "x is not a constant", 17},
		{"3.12", "frozenset({foo})", "foo is not a constant", 27},
		{"3.13", "slice(1, None, 2)", "slice constants need Python 3.14", 16},
		{"3.14", "slice(1, 2, 3, 4)", "one to three", 16},
		{"3.12", "@ f", "no space", 16},
		{"3.12", "@g", "no code block is labelled g", 16},
		{"3.12", "!-1", "raw argument", 17},
		{"3.12", "!4294967296", "raw argument", 17},
		{"3.12", "!1.5", "raw argument", 17},
		{"3.12", "! 1", "no space", 16},
		{"3.12", "(1,", "unexpected end of line", 19},
		{"3.12", "frozenset({})", "unexpected '}'", 27},
	}
	for _, tt := range tests {
		t.Run(tt.release+" "+tt.text, func(t *testing.T) {
			_, err := Parse("lit.pyasm", []byte(constSource(tt.release, tt.text)), nil)
			require.Error(t, err)
			var list asm.ErrorList
			require.ErrorAs(t, err, &list)
			assert.Contains(t, list[0].Msg, tt.want)
			assert.Equal(t, asm.Pos{File: "lit.pyasm", Line: 2, Col: tt.col}, list[0].Pos, list[0].Msg)
		})
	}
}

// Ints that fit a big.Word take a path of their own; at and around the
// word's bounds (32 or 64 bits), in every base, signed and not, they must
// read as big.Int's SetString reads them; a zero has no digits, as
// big.NewInt(0) (SetString leaves some zeros with an empty slice).
func TestWordInts(t *testing.T) {
	texts := []string{"0", "1", "7", "000", "1_0", "0x0", "0b_0"}
	for _, bound := range []*big.Int{
		new(big.Int).Lsh(big.NewInt(1), 32), new(big.Int).Lsh(big.NewInt(1), 63), new(big.Int).Lsh(big.NewInt(1), 64),
	} {
		for d := int64(-2); d <= 2; d++ {
			v := new(big.Int).Add(bound, big.NewInt(d))
			texts = append(texts, v.Text(10), "0x"+v.Text(16), "0X"+strings.ToUpper(v.Text(16)), "0o"+v.Text(8), "0b"+v.Text(2))
		}
	}
	var ints chunk[wordInt]
	for _, text := range texts {
		for _, sign := range []string{"", "-", "+"} {
			for _, py2 := range []bool{false, true} {
				suffixes := []string{""}
				if py2 {
					suffixes = append(suffixes, "L")
				}
				for _, suffix := range suffixes {
					lit := sign + text + suffix
					obj, err := decodeNumber(lit, py2, &ints)
					require.Nil(t, err, lit)
					got := obj.(*marshal.Int)
					clean, base := strings.ReplaceAll(text, "_", ""), 10
					if len(clean) > 1 && strings.ContainsAny(clean[1:2], "xXoObB") {
						base = map[byte]int{'x': 16, 'o': 8, 'b': 2}[clean[1]|0x20]
						clean = clean[2:]
					}
					want, ok := new(big.Int).SetString(sign+clean, base)
					require.True(t, ok, lit)
					if want.Sign() == 0 {
						// As big.NewInt(0) and the zero big.Int.
						assert.Nil(t, got.Value.Bits(), lit)
					} else {
						assert.Equal(t, want, got.Value, lit)
					}
					assert.Equal(t, suffix != "", got.Type == 'l', lit)
				}
			}
		}
	}
}
