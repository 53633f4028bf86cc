package grammar

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/spec"
)

// The lexer as it was first written: participle's regexp lexer over these
// rules, tried in order. The hand-written lexer in lexer.go must give the
// same tokens; FuzzLex and FuzzLexRegexp check that it does.
const (
	identStart = `\p{L}\p{Nl}_`
	identRest  = `\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_`
	strPrefix  = `(?i:rb|br|[rbu])?`
	// Escapes inside strings: a backslash and any one character, newline included.
	strEscape = `\\(?s:.)`
)

var regexRules = []lexer.SimpleRule{
	{Name: "Newline", Pattern: `\r?\n`},
	{Name: "Whitespace", Pattern: `[ \t\f\v\r]+`},
	{Name: "Comment", Pattern: `#[^\n]*`},
	// An unterminated triple-quoted string runs to the end of the file.
	// It is tried before String so that its opening quotes are not read
	// as an empty string and a quote; the body is String's, so this only
	// matches when no closing quotes follow.
	{Name: "BadTriple", Pattern: strPrefix + `(?:` +
		`"""(?:[^"\\]|` + strEscape + `|"(?:[^"\\]|` + strEscape + `)|""(?:[^"\\]|` + strEscape + `))*\\?"{0,2}\z` +
		`|'''(?:[^'\\]|` + strEscape + `|'(?:[^'\\]|` + strEscape + `)|''(?:[^'\\]|` + strEscape + `))*\\?'{0,2}\z` +
		`)`},
	{Name: "String", Pattern: strPrefix + `(?:` +
		`"""(?:[^"\\]|` + strEscape + `|"(?:[^"\\]|` + strEscape + `)|""(?:[^"\\]|` + strEscape + `))*"""` +
		`|'''(?:[^'\\]|` + strEscape + `|'(?:[^'\\]|` + strEscape + `)|''(?:[^'\\]|` + strEscape + `))*'''` +
		`|"(?:[^"\\\n]|` + strEscape + `)*"` +
		`|'(?:[^'\\\n]|` + strEscape + `)*'` +
		`)`},
	// An unterminated string on one line runs to the end of the line.
	{Name: "BadString", Pattern: strPrefix + `["'][^\n]*`},
	{Name: "Ellipsis", Pattern: `\.\.\.`},
	{Name: "Directive", Pattern: `\.[` + identStart + `][` + identRest + `]*`},
	{Name: "Number", Pattern: `(?:[-+]?(?:` + numberBody + `)|[-+](?:inf|nan))[\p{L}\p{N}_.]*`},
	// 2.7's SLICE+0 … DELETE_SLICE+3 are opcode names with a plus in them.
	{Name: "Ident", Pattern: `[A-Z][A-Z_]*\+[0-9]+|[` + identStart + `][` + identRest + `]*`},
	{Name: "Position", Pattern: `@(?:[0-9]+(?:-[0-9]+)?(?::[0-9]+-[0-9]+)?|-)`},
	{Name: "Op", Pattern: `\*\*=|//=|>>=|<<=|\*\*|//|>>|<<|<=|>=|==|!=|\+=|-=|\*=|/=|%=|&=|\|=|\^=|@=|\[\]|[<>+\-*/%&|^@]`},
	{Name: "Punct", Pattern: `[(){},:!\[\]]`},
	{Name: "Invalid", Pattern: `.`},
}

var regexLexDef = lexer.MustSimple(regexRules)

// lexPiece lexes a text with the regexp lexer, without its EOF token.
func lexPiece(file, text string) []lexer.Token {
	lex, err := regexLexDef.LexString(file, text)
	if err != nil {
		return nil
	}
	var toks []lexer.Token
	for {
		tok, err := lex.Next()
		if err != nil || tok.EOF() {
			return toks
		}
		toks = append(toks, tok)
	}
}

// The token types are the regexp lexer's.
func TestSymbols(t *testing.T) {
	assert.Equal(t, regexLexDef.Symbols(), lexDef.Symbols())
}

// lexTricky are texts at the edges of the token rules.
var lexTricky = []string{
	`"""a""\`, `"""a"\`, `"""a""`, `"""a"`, `"""a\`, `"""a\"`, `"""a\""`, `""""""`, `"""""""`, `'''x'''''`,
	`"a\`, `"a\"`, "\"a\\\nb\"", "\"a\nb\"", `rb"x"`, `BR'x'`, `Rb"""x"""`, `ub"x"`, `ur"x"`, `bu'x'`, `f"x"`, `u'''`,
	"'''\n\n'''x", "\"\"\"\\\n", `r"\"`, `b'\''`,
	`1`, `1_000`, `1__0`, `1_`, `0x`, `0x_1f`, `0X1e-5`, `0o17`, `0o8`, `0b102`, `1.`, `.5`, `1.e5`, `1.5e+3`, `1e+`, `1e+x`,
	`1_e+5`, `1.5.e3`, `..5`, `...`, `....`, `-5`, `+.5`, `-inf`, `+nanx`, `inf`, `-x`, `+=`, `1j`, `1.5J`, `1e5j`, `0xfl`, `1é`, `1٣`,
	`@3`, `@3-`, `@3:0`, `@3:0-`, `@3-4:0-9x`, `@-`, `@-5`, `@@3`, `@=3`, `@x`, `@3:-5`, `@3-4-5`,
	`.line`, `.é`, `._x`, `.5x`, `.٣`, `SLICE+0`, `SLICE+`, `A+1x`, `_A+1`, `A_+1`, `DELETE_SLICE+3`, `café`, `x٣`, `٣x`, `ℕ`, `Ⅻx`, `x‿y`,
	`**=`, `**`, `*`, `//=`, `[]`, `[`, `]`, `!=`, `!`, `=`, `==`, `@`, `@=`, `@x`, `->`, `<>`, `~`, `$`, `;`, `?`,
	"\xff", "a\xffb", "\"\xff\"", "#\xff\n", "\uFEFFx", "\u00a0", "\t \f\v\r\r\n", "\r", "x\r\n\r\ny", "# c\r\n",
	"LOAD_CONST (1, 'a', b\"x\", ...)\n", "code f {\n}\n", "L1: NOP\n",
}

// FuzzLexRegexp: the lexer gives the regexp lexer's tokens, every field
// of them (the column counts characters, as participle's lexers do), and
// lexes the same through participle's interface.
func FuzzLexRegexp(f *testing.F) {
	for _, ex := range spec.Examples() {
		f.Add(ex.Src)
	}
	files, _ := filepath.Glob("testdata/*.pyasm")
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(string(src))
		}
	}
	for _, s := range lexTricky {
		f.Add(s)
		f.Add("x " + s + " y\n")
	}
	f.Fuzz(func(t *testing.T, text string) {
		want := lexPiece("f.pyasm", text)
		lex, err := lexDef.(lexer.StringDefinition).LexString("f.pyasm", text)
		if err != nil {
			t.Fatal(err)
		}
		got, err := lexer.ConsumeAll(lex)
		if err != nil {
			t.Fatal(err)
		}
		got = got[:len(got)-1] // EOF
		if len(want) != len(got) {
			t.Fatalf("%d tokens, want %d:\n%#v\n%#v", len(got), len(want), got, want)
		}
		for i := range want {
			if want[i] != got[i] {
				t.Fatalf("token %d: %#v, want %#v", i, got[i], want[i])
			}
		}
		checkLineTokens(t, text)
	})
}

// checkLineTokens: the line reader, which steps over blanks and comments
// without making tokens of them, gives the lexer's other tokens, positions
// included.
func checkLineTokens(t *testing.T, text string) {
	t.Helper()
	var want, got []lexer.Token
	read := text
	if strings.HasPrefix(read, "\uFEFF") {
		read = "   " + read[3:] // the reader takes a byte order mark for blanks
	}
	for _, tok := range lexAll("f.pyasm", read) {
		if tok.Type != tokWhitespace && tok.Type != tokComment && tok.Type != tokNewline && !tok.EOF() {
			want = append(want, tok)
		}
	}
	for _, ln := range newSource("f.pyasm", text).allLines() {
		got = append(got, ln.toks...)
		if ln.at.Type != 0 {
			got = append(got, ln.at)
		}
	}
	require.Equal(t, want, got, "%q", text)
	// pos, which finds the start of a token's line by looking back, gives
	// the column the table of line starts gives.
	src := newSource("f.pyasm", text)
	for _, tok := range got {
		starts := src.starts()
		want := tok.Pos.Column
		if l := tok.Pos.Line; l >= 1 && l <= len(starts) {
			want = tok.Pos.Offset - starts[l-1] + 1
		}
		require.Equal(t, want, src.pos(tok.Pos).Col, "%q: %v", text, tok)
	}
}

// The tricky texts lex alike, alone and among other tokens.
func TestLexTricky(t *testing.T) {
	for _, s := range lexTricky {
		for _, text := range []string{s, "x " + s + " y\n", s + "\n" + s} {
			want := lexPiece("f", text)
			got := lexAll("f", text)
			got = got[:len(got)-1]
			if !assert.Equal(t, want, got, "%q", text) {
				return
			}
			checkLineTokens(t, text)
		}
	}
}

// numberRE is what splitNumber matches.
var numberRE = regexp.MustCompile(`^(?:` + numberBody + `)([jJlL]?)$`)

func checkSplitNumber(t *testing.T, body string) {
	t.Helper()
	digits, suffix, ok := splitNumber(body)
	m := numberRE.FindStringSubmatch(body)
	if (m != nil) != ok {
		t.Fatalf("splitNumber(%q) ok %v, numberRE matches: %v", body, ok, m != nil)
	}
	if ok && (suffix != m[1] || digits != body[:len(body)-len(m[1])]) {
		t.Fatalf("splitNumber(%q) = %q, %q; numberRE gives suffix %q", body, digits, suffix, m[1])
	}
}

func TestSplitNumber(t *testing.T) {
	for _, s := range lexTricky {
		checkSplitNumber(t, s)
		checkSplitNumber(t, strings.TrimLeft(s, "+-"))
	}
	for _, s := range []string{"", "0", "00", "007", "1l", "1L", "1j", "1.5j", "1e5J", "0x1fl", "0x1fj", "1.5l", "1e", "1e5e5", "0b", "0b1_0", "0b_1", "0_1", "1__0", "_1", "1_", ".", "1..", "1.j", ".5j", "0xg", "0o8", "1e+5j", "1e-5l", "1j5"} {
		checkSplitNumber(t, s)
	}
}

// FuzzSplitNumber: splitNumber agrees with numberRE.
func FuzzSplitNumber(f *testing.F) {
	for _, s := range lexTricky {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSplitNumber(t, s)
	})
}
