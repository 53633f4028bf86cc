package grammar

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pyasm/pyasm/marshal"
)

// litError is a problem inside a literal, at a byte offset into its token.
type litError struct {
	off int
	msg string
}

func (e *litError) Error() string { return e.msg }

func litErrorf(off int, format string, args ...any) *litError {
	return &litError{off: off, msg: fmt.Sprintf(format, args...)}
}

// strLit is a decoded string literal.
type strLit struct {
	// bytes is true for a byte string: b"…", or a plain "…" for 2.7.
	bytes bool
	// prefixB is true when the literal was written with a b prefix.
	prefixB bool
	// data is the bytes of a byte string, or the WTF-8 text of a text
	// string (lone surrogates as 3-byte sequences, as CPython marshals them).
	data string
}

// decodeString decodes a Python string literal (a String token). For 2.7
// (py2) a plain literal is a byte string and u"…" is text; for 3.x a plain
// literal is text and b"…" bytes.
func decodeString(lit string, py2 bool) (strLit, *litError) {
	var raw, hasB, hasU bool
	i := 0
	for i < len(lit) && lit[i] != '"' && lit[i] != '\'' {
		switch lit[i] {
		case 'r', 'R':
			raw = true
		case 'b', 'B':
			hasB = true
		case 'u', 'U':
			hasU = true
		}
		i++
	}
	q := 1
	if strings.HasPrefix(lit[i:], `"""`) || strings.HasPrefix(lit[i:], `'''`) {
		q = 3
	}
	if len(lit) < i+2*q {
		return strLit{}, litErrorf(0, "malformed string literal")
	}
	start, end := i+q, len(lit)-q
	out := strLit{bytes: hasB || (py2 && !hasU), prefixB: hasB}
	if plainBody(lit[start:end], raw) {
		// Its value is its text, which it shares.
		out.data = lit[start:end]
		return out, nil
	}
	// Bytes for 3.x must be ASCII in the source; 2.7 byte strings take
	// the UTF-8 of the source text, as a "# coding: utf-8" file does.
	asciiOnly := hasB && !py2
	// \u, \U and \N are escapes in text only.
	text := !out.bytes

	// No escape's text is shorter than the bytes it stands for, so the
	// value is never longer than the text.
	buf := make([]byte, 0, end-start)
	put := func(cp rune) {
		if out.bytes {
			buf = utf8.AppendRune(buf, cp)
			return
		}
		buf = appendWTF8(buf, cp)
	}
	for j := start; j < end; {
		c := lit[j]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(lit[j:end])
			if r == utf8.RuneError && size == 1 {
				return strLit{}, litErrorf(j, "invalid UTF-8 in string literal")
			}
			if asciiOnly {
				return strLit{}, litErrorf(j, "bytes can only contain ASCII literal characters; write %q as escapes", string(r))
			}
			buf = append(buf, lit[j:j+size]...)
			j += size
			continue
		}
		if c == '\r' && j+1 < end && lit[j+1] == '\n' {
			// Newlines in a triple-quoted string read as \n, as Python's do.
			j++
			continue
		}
		if c != '\\' || raw {
			if raw && c == '\\' && j+1 < end {
				// A raw string keeps the backslash and the character
				// after it, which cannot end the string.
				buf = append(buf, c)
				j++
				c = lit[j]
				if c >= utf8.RuneSelf {
					continue
				}
			}
			buf = append(buf, c)
			j++
			continue
		}
		// An escape.
		if j+1 >= end {
			return strLit{}, litErrorf(j, "string literal ends in a backslash")
		}
		e := lit[j+1]
		switch e {
		case '\n':
			j += 2
			continue
		case '\r':
			j += 2
			if j < end && lit[j] == '\n' {
				j++
			}
			continue
		case '\\', '\'', '"':
			buf = append(buf, e)
		case 'a':
			buf = append(buf, 7)
		case 'b':
			buf = append(buf, 8)
		case 'f':
			buf = append(buf, 12)
		case 'n':
			buf = append(buf, 10)
		case 'r':
			buf = append(buf, 13)
		case 't':
			buf = append(buf, 9)
		case 'v':
			buf = append(buf, 11)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			k := j + 1
			v := 0
			for n := 0; n < 3 && k < end && lit[k] >= '0' && lit[k] <= '7'; n++ {
				v = v*8 + int(lit[k]-'0')
				k++
			}
			if out.bytes {
				if v > 0xff {
					return strLit{}, litErrorf(j, "octal escape %s is out of range for bytes", lit[j:k])
				}
				buf = append(buf, byte(v))
			} else {
				put(rune(v))
			}
			j = k
			continue
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			if e != 'x' && !text {
				buf = append(buf, '\\', e)
				break
			}
			k := j + 2
			if k+n > end {
				return strLit{}, litErrorf(j, `truncated \%c escape: needs %d hex digits`, e, n)
			}
			v, err := strconv.ParseUint(lit[k:k+n], 16, 32)
			if err != nil || strings.ContainsAny(lit[k:k+n], "+-_") {
				return strLit{}, litErrorf(j, `truncated \%c escape: needs %d hex digits`, e, n)
			}
			if v > unicodeMax {
				return strLit{}, litErrorf(j, `\%c escape %s is beyond U+10FFFF`, e, lit[k:k+n])
			}
			if out.bytes {
				buf = append(buf, byte(v))
			} else {
				put(rune(v))
			}
			j = k + n
			continue
		case 'N':
			if text {
				return strLit{}, litErrorf(j, `\N{…} escapes are not supported; write the character or \u/\U`)
			}
			buf = append(buf, '\\', e)
		default:
			// Python keeps an unknown escape as it is.
			buf = append(buf, '\\')
			j++
			continue
		}
		j += 2
	}
	out.data = string(buf)
	return out, nil
}

// plainBody is true for the text between a string literal's quotes when
// it is its own value, as most are: ASCII, without the CR of a CRLF, and
// without escapes unless the literal is raw.
func plainBody(body string, raw bool) bool {
	for i := 0; i < len(body); i++ {
		if c := body[i]; c >= utf8.RuneSelf || c == '\r' || (c == '\\' && !raw) {
			return false
		}
	}
	return true
}

const unicodeMax = 0x10FFFF

// appendWTF8 is utf8.AppendRune that also encodes surrogates, as 3-byte
// sequences (CPython's "surrogatepass").
func appendWTF8(b []byte, r rune) []byte {
	if r >= 0xD800 && r <= 0xDFFF {
		return append(b, 0xE0|byte(r>>12), 0x80|byte(r>>6)&0x3F, 0x80|byte(r)&0x3F)
	}
	return utf8.AppendRune(b, r)
}

// splitNumber splits the text of a number without its sign into its
// digits and its suffix (j, J, l, L or none), as the regexp
// ^(?:numberBody)([jJlL]?)$ would; ok is false if it is no number.
// numberBodyEnd takes the first alternative of numberBody that matches,
// which is also the longest match.
func splitNumber(body string) (digits, suffix string, ok bool) {
	switch end := numberBodyEnd(body, 0); {
	case end < 0:
		return "", "", false
	case end == len(body):
		return body, "", true
	case end == len(body)-1 && strings.IndexByte("jJlL", body[end]) >= 0:
		return body[:end], body[end:], true
	}
	return "", "", false
}

// Python's float('nan'); Go's math.NaN has a different payload.
const nanBits = 0x7ff8000000000000

const signBit = 1 << 63

// decodeNumber decodes a Number token: an int (any size, any base), a
// 2.7 long (5L), a float (also ±inf and ±nan) or an imaginary number.
// A minus sign belongs to the literal, so -0.0 keeps its sign. For an
// imaginary literal the real part is +0.0: -2j is complex(0.0, -2.0), the
// number Python prints as -2j.
//
// An int that fits a big.Word comes from ints.
func decodeNumber(text string, py2 bool, ints *chunk[wordInt]) (marshal.Object, *litError) {
	neg := false
	body := text
	if body != "" && (body[0] == '-' || body[0] == '+') {
		neg = body[0] == '-'
		body = body[1:]
	}
	switch body {
	case "inf", "nan", "infj", "nanj":
		bits := floatWord(strings.TrimSuffix(body, "j"), neg)
		if strings.HasSuffix(body, "j") {
			return &marshal.Complex{Imag: bits}, nil
		}
		return &marshal.Float{Bits: bits}, nil
	}
	digits, suffix, ok := splitNumber(body)
	if !ok {
		return nil, litErrorf(0, "invalid number %s", text)
	}
	suffix = strings.ToLower(suffix)
	base := 10
	if len(digits) > 1 && digits[0] == '0' {
		switch digits[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
	}
	isFloat := base == 10 && strings.ContainsAny(digits, ".eE")
	switch suffix {
	case "j":
		if base != 10 {
			return nil, litErrorf(0, "invalid imaginary number %s: write it in decimal", text)
		}
		bits, _ := parseFloat(digits, neg)
		return &marshal.Complex{Imag: bits}, nil
	case "l":
		if !py2 {
			return nil, litErrorf(0, "the L suffix (%s) is for 2.7 longs; drop it", text)
		}
		if isFloat {
			return nil, litErrorf(0, "invalid number %s: L is for integers", text)
		}
	}
	if isFloat {
		bits, _ := parseFloat(digits, neg)
		return &marshal.Float{Bits: bits}, nil
	}
	clean := strings.ReplaceAll(digits, "_", "")
	if base != 10 {
		clean = clean[2:]
	} else if len(clean) > 1 && clean[0] == '0' && strings.Trim(clean, "0") != "" {
		return nil, litErrorf(0, "invalid number %s: leading zeros are not allowed (write 0o%s for octal)", text, strings.TrimLeft(clean, "0"))
	}
	var n *marshal.Int
	if w, err := strconv.ParseUint(clean, base, bits.UintSize); err == nil {
		n = wordIntNode(ints, big.Word(w), neg)
	} else {
		v, ok := new(big.Int).SetString(clean, base)
		if !ok {
			return nil, litErrorf(0, "invalid number %s", text)
		}
		if neg {
			v.Neg(v)
		}
		n = &marshal.Int{Value: v}
	}
	if suffix == "l" {
		n.Type = 'l'
	}
	return n, nil
}

// wordInt is an int whose magnitude fits one big.Word, as nearly every int
// constant does, in one allocation: the node, its big.Int and the
// big.Int's one digit (which SetString would allocate apart, with a
// strings.Reader to read it).
type wordInt struct {
	node  marshal.Int
	value big.Int
	digit [1]big.Word
}

// wordIntNode is the Int of magnitude w, negated if neg, from ints.
func wordIntNode(ints *chunk[wordInt], w big.Word, neg bool) *marshal.Int {
	n := ints.one()
	if w != 0 {
		// A zero keeps no digits, as big.NewInt(0).
		n.digit[0] = w
		n.value.SetBits(n.digit[:])
		if neg {
			n.value.Neg(&n.value)
		}
	}
	n.node.Value = &n.value
	return &n.node
}

// parseFloat parses a decimal int or float text (underscores allowed, no
// sign) as Python's float(); too large is infinity.
func parseFloat(digits string, neg bool) (uint64, bool) {
	switch digits {
	case "inf", "nan":
		return floatWord(digits, neg), true
	}
	if _, suffix, ok := splitNumber(digits); !ok || suffix != "" {
		return 0, false
	}
	if len(digits) > 1 && digits[0] == '0' && strings.ContainsAny(digits[1:2], "xXoObB") {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(digits, "_", ""), 64)
	if ne, ok := err.(*strconv.NumError); err != nil && !(ok && ne.Err == strconv.ErrRange) {
		return 0, false
	}
	bits := math.Float64bits(f)
	if neg {
		bits ^= signBit
	}
	return bits, true
}

func floatWord(word string, neg bool) uint64 {
	var bits uint64 = nanBits
	if word == "inf" {
		bits = math.Float64bits(math.Inf(1))
	}
	if neg {
		bits |= signBit
	}
	return bits
}

// decodeComplex decodes `(REAL±IMAGj)`: real is a Number or the word inf
// or nan, imag a signed imaginary Number. On error, inImag says which of
// the two is wrong.
func decodeComplex(real, imag string) (c *marshal.Complex, err *litError, inImag bool) {
	neg := false
	r := real
	if r != "" && (r[0] == '-' || r[0] == '+') {
		neg = r[0] == '-'
		r = r[1:]
	}
	rbits, ok := parseFloat(r, neg)
	if !ok {
		return nil, litErrorf(0, "the real part of a complex number is a decimal number, not %s", real), false
	}
	if imag == "" || (imag[0] != '-' && imag[0] != '+') || !strings.HasSuffix(imag, "j") {
		return nil, litErrorf(0, "a complex number is written (REAL+IMAGj) or (REAL-IMAGj), not with %s", imag), true
	}
	ibits, ok := parseFloat(imag[1:len(imag)-1], imag[0] == '-')
	if !ok {
		return nil, litErrorf(0, "invalid imaginary part %s", imag), true
	}
	return &marshal.Complex{Real: rbits, Imag: ibits}, nil, true
}
