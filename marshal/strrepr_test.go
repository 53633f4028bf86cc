package marshal

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// strReprByFmt is StrRepr written the plain way, with fmt for the escapes:
// the reference the appending StrRepr is held to.
func strReprByFmt(s string, asciiOnly bool) string {
	q := pickQuote(s)
	var b strings.Builder
	b.WriteByte(q)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			r, n = decodeSurrogate(s[i:])
		}
		i += n
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x7f:
			b.WriteRune(r)
		case !asciiOnly && unicode.IsPrint(r) && !(r >= 0xd800 && r < 0xe000):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x10000:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// FuzzStrRepr: StrRepr and AppendStrRepr write what the plain writing
// does, for any bytes (surrogates and invalid UTF-8 included).
func FuzzStrRepr(f *testing.F) {
	for _, s := range []string{"", "plain", "it's", `say "hi"`, "both ' and \"", "tab\there", "\x00\x7f\x80\xff",
		"héllo wörld", "\u2028", "\U0001F600", "\xed\xa0\x80", "back\\slash", "\r\n"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, asciiOnly bool) {
		want := strReprByFmt(s, asciiOnly)
		if got := StrRepr(s, asciiOnly); got != want {
			t.Fatalf("StrRepr(%q) = %s, want %s", s, got, want)
		}
		if got := string(AppendStrRepr([]byte("x="), s, asciiOnly)); got != "x="+want {
			t.Fatalf("AppendStrRepr(%q) = %s, want x=%s", s, got, want)
		}
	})
}
