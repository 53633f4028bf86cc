package marshal

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Repr gives o as Python's repr() would show it in the release the dialect
// belongs to (2.7 shows byte strings as '...' and text as u'...'). Cycles
// show as "...", and output past max bytes is cut with "..." (max <= 0: no limit).
func Repr(o Object, d *Dialect, max int) string {
	p := printer{py2: d != nil && d.Python2, max: max}
	// Most objects shown are strings and numbers: their text is made
	// once, with no builder to copy it into.
	s, ok := p.leaf(o)
	if !ok {
		p.obj(o)
		s = p.b.String()
	}
	if max > 0 && len(s) > max {
		s = s[:max] + "..."
	}
	return s
}

type printer struct {
	b    strings.Builder
	py2  bool
	max  int
	open map[Object]bool // the containers being printed; made at the first
}

func (p *printer) full() bool { return p.max > 0 && p.b.Len() > p.max }

// cut keeps only as much of a payload as can still show, so a bounded
// repr of a huge string costs what it shows, not what the string holds.
func cut[T string | []byte](p *printer, data T) T {
	if p.max > 0 && len(data) > p.max {
		return data[:p.max]
	}
	return data
}

func (p *printer) obj(o Object) {
	if p.full() {
		return
	}
	if s, ok := p.leaf(o); ok {
		p.b.WriteString(s)
		return
	}
	p.container(o)
}

// leaf is the text of an object that holds no others, false for a
// container.
func (p *printer) leaf(o Object) (string, bool) {
	switch o := o.(type) {
	case nil:
		return "<NULL>", true
	case *None:
		return "None", true
	case *Bool:
		if o.Value {
			return "True", true
		}
		return "False", true
	case *StopIteration:
		return "StopIteration", true
	case *Ellipsis:
		return "Ellipsis", true
	case *Int:
		if p.py2 && o.Type&^FlagRef == 'l' {
			return o.Value.String() + "L", true
		}
		return o.Value.String(), true
	case *Float:
		return FloatRepr(o.Float64()), true
	case *Complex:
		return ComplexRepr(math.Float64frombits(o.Real), math.Float64frombits(o.Imag)), true
	case *Bytes:
		if !p.py2 {
			return "b" + BytesRepr(cut(p, o.Data)), true
		}
		return BytesRepr(cut(p, o.Data)), true
	case *Str:
		if p.py2 {
			return "u" + StrRepr(cut(p, o.Value()), p.py2), true
		}
		return StrRepr(cut(p, o.Value()), p.py2), true
	case *Code:
		name := "?"
		if s, ok := o.Name.(*Str); ok {
			name = s.Value()
		} else if b, ok := o.Name.(*Bytes); ok {
			name = string(b.Data)
		}
		return "<code object " + name + ">", true
	}
	return "", false
}

func (p *printer) container(o Object) {
	if p.open[o] {
		p.b.WriteString("...")
		return
	}
	if p.open == nil {
		p.open = map[Object]bool{}
	}
	p.open[o] = true
	defer delete(p.open, o)
	switch o := o.(type) {
	case *Tuple:
		p.seq("(", o.Items, ")")
		if len(o.Items) == 1 {
			s := p.b.String()
			p.b.Reset()
			p.b.WriteString(s[:len(s)-1] + ",)")
		}
	case *List:
		p.seq("[", o.Items, "]")
	case *Set:
		if len(o.Items) == 0 {
			p.b.WriteString("set()")
			return
		}
		p.seq("{", o.Items, "}")
	case *FrozenSet:
		if len(o.Items) == 0 {
			p.b.WriteString("frozenset()")
			return
		}
		p.seq("frozenset({", o.Items, "})")
	case *Dict:
		p.dict("{", o.Items, "}")
	case *FrozenDict:
		p.dict("frozendict({", o.Items, "})")
	case *Slice:
		p.seq("slice(", []Object{o.Start, o.Stop, o.Step}, ")")
	default:
		fmt.Fprintf(&p.b, "<%T>", o)
	}
}

func (p *printer) seq(open string, items []Object, close string) {
	p.b.WriteString(open)
	for i, it := range items {
		if i > 0 {
			p.b.WriteString(", ")
		}
		if p.full() {
			break
		}
		p.obj(it)
	}
	p.b.WriteString(close)
}

func (p *printer) dict(open string, items []KeyValue, close string) {
	p.b.WriteString(open)
	for i, kv := range items {
		if i > 0 {
			p.b.WriteString(", ")
		}
		if p.full() {
			break
		}
		p.obj(kv.Key)
		p.b.WriteString(": ")
		p.obj(kv.Value)
	}
	p.b.WriteString(close)
}

// FloatRepr formats f as Python's repr does: the shortest digits that read
// back as f, in exponent form when the decimal point would sit more than 16
// places right or 4 places left of the first digit.
func FloatRepr(f float64) string { return floatRepr(f, true) }

func floatRepr(f float64, addDotZero bool) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // -d.ddde±XX
	sign := ""
	if e[0] == '-' {
		sign, e = "-", e[1:]
	}
	mant, expText, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	exp, _ := strconv.Atoi(expText)
	decpt := exp + 1
	if decpt > 16 || decpt <= -4 {
		out := digits[:1]
		if len(digits) > 1 {
			out += "." + digits[1:]
		}
		esign := "+"
		if exp < 0 {
			esign, exp = "-", -exp
		}
		return fmt.Sprintf("%s%se%s%02d", sign, out, esign, exp)
	}
	var out string
	switch {
	case decpt <= 0:
		out = "0." + strings.Repeat("0", -decpt) + digits
	case decpt >= len(digits):
		out = digits + strings.Repeat("0", decpt-len(digits))
		if addDotZero {
			out += ".0"
		}
	default:
		out = digits[:decpt] + "." + digits[decpt:]
	}
	return sign + out
}

// ComplexRepr formats a complex number as Python's repr does: "1j" when the
// real part is +0.0, else "(re+imj)", with parts printed without ".0".
func ComplexRepr(re, im float64) string {
	imText := floatRepr(im, false)
	if re == 0 && !math.Signbit(re) {
		return imText + "j"
	}
	if !strings.HasPrefix(imText, "-") {
		imText = "+" + imText
	}
	return "(" + floatRepr(re, false) + imText + "j)"
}

// BytesRepr quotes a byte string as Python's repr does (without the b prefix).
func BytesRepr(data []byte) string {
	q := pickQuote(string(data))
	var b strings.Builder
	b.WriteByte(q)
	for _, c := range data {
		writeByteEscaped(&b, c, q)
	}
	b.WriteByte(q)
	return b.String()
}

// TextBytesRepr quotes a byte string that holds text, such as a 2.7 name:
// printable UTF-8 characters as they are, every other byte as BytesRepr
// writes it, so that reading it as a 2.7 literal (\xNN one byte, other
// characters their UTF-8) gives the same bytes.
func TextBytesRepr(s string) string {
	q := pickQuote(s)
	var b strings.Builder
	b.WriteByte(q)
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r >= utf8.RuneSelf && n > 1 && unicode.IsPrint(r) {
			b.WriteString(s[:n])
		} else {
			n = 1
			writeByteEscaped(&b, s[0], q)
		}
		s = s[n:]
	}
	b.WriteByte(q)
	return b.String()
}

// writeByteEscaped writes one byte of a literal quoted with q.
func writeByteEscaped(b *strings.Builder, c, q byte) {
	switch {
	case c == q || c == '\\':
		b.WriteByte('\\')
		b.WriteByte(c)
	case c == '\t':
		b.WriteString(`\t`)
	case c == '\n':
		b.WriteString(`\n`)
	case c == '\r':
		b.WriteString(`\r`)
	case c < 0x20 || c >= 0x7f:
		fmt.Fprintf(b, `\x%02x`, c)
	default:
		b.WriteByte(c)
	}
}

// StrRepr quotes text as Python's repr does (2.7's unicode repr escapes
// everything outside ASCII). Encoded surrogates show as \udXXX.
func StrRepr(s string, asciiOnly bool) string {
	q := pickQuote(s)
	if plainASCII(s, q) {
		return string(q) + s + string(q)
	}
	return string(appendEscaped(make([]byte, 0, len(s)+2), s, q, asciiOnly))
}

// AppendStrRepr appends StrRepr(s, asciiOnly) to b.
func AppendStrRepr(b []byte, s string, asciiOnly bool) []byte {
	q := pickQuote(s)
	if plainASCII(s, q) {
		return append(append(append(b, q), s...), q)
	}
	return appendEscaped(b, s, q, asciiOnly)
}

// appendEscaped appends s quoted by q with Python's escapes.
func appendEscaped(b []byte, s string, q byte, asciiOnly bool) []byte {
	b = append(b, q)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			r, n = decodeSurrogate(s[i:])
		}
		i += n
		switch {
		case r == rune(q) || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\t':
			b = append(b, `\t`...)
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r < 0x20 || r == 0x7f:
			b = appendHexEscape(b, 'x', r, 2)
		case r < 0x7f:
			b = append(b, byte(r))
		case !asciiOnly && unicode.IsPrint(r) && !(r >= 0xd800 && r < 0xe000):
			b = utf8.AppendRune(b, r)
		case r < 0x100:
			b = appendHexEscape(b, 'x', r, 2)
		case r < 0x10000:
			b = appendHexEscape(b, 'u', r, 4)
		default:
			b = appendHexEscape(b, 'U', r, 8)
		}
	}
	return append(b, q)
}

// appendHexEscape appends \ and kind, then r in width lower-case hex
// digits (as %0*x).
func appendHexEscape(b []byte, kind byte, r rune, width int) []byte {
	b = append(b, '\\', kind)
	for shift := 4 * (width - 1); shift >= 0; shift -= 4 {
		b = append(b, "0123456789abcdef"[(r>>shift)&15])
	}
	return b
}

// decodeSurrogate reads a UTF-8-encoded surrogate (ED A0–BF xx), or gives
// the single byte as U+FFFD-free raw value if it is not one.
func decodeSurrogate(s string) (rune, int) {
	if len(s) >= 3 && s[0] == 0xED && s[1] >= 0xA0 && s[1] <= 0xBF && s[2]&0xC0 == 0x80 {
		return rune(0xD000) | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F), 3
	}
	return rune(s[0]), 1
}

// plainASCII reports whether s is printable ASCII with neither the quote
// q nor a backslash: its repr is itself in quotes.
func plainASCII(s string, q byte) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == q || c == '\\' {
			return false
		}
	}
	return true
}

func pickQuote(s string) byte {
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		return '"'
	}
	return '\''
}
