package grammar

import (
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/pyasm/pyasm/asm"
)

// Number patterns, as Python writes them. The lexer takes a strict number
// and then any letters, digits, underscores or dots glued to it, so that
// "1abc" or "0x" is one bad token rather than two good ones; decodeNumber
// checks the whole text against numberRE.
const (
	digitPart  = `[0-9](?:_?[0-9])*`
	exponent   = `[eE][-+]?` + digitPart
	pointFloat = `(?:` + digitPart + `)?\.` + digitPart + `|` + digitPart + `\.`
	numberBody = `0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+` +
		`|(?:` + pointFloat + `|` + digitPart + `)` + exponent +
		`|` + pointFloat +
		`|` + digitPart
	identStart = `\p{L}\p{Nl}_`
	identRest  = `\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_`
	strPrefix  = `(?i:rb|br|[rbu])?`
	// Escapes inside strings: a backslash and any one character, newline included.
	strEscape = `\\(?s:.)`
)

// The token rules, tried in order; the first that matches wins. Invalid
// catches any other character so that lexing never stops: the line holding
// it is reported and the rest of the file is still read.
var lexRules = []lexer.SimpleRule{
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
	{Name: "Op", Pattern: `\*\*=|//=|>>=|<<=|\*\*|//|>>|<<|<=|>=|==|!=|\+=|-=|\*=|/=|%=|&=|\|=|\^=|@=|\[\]|[<>+\-*/%&|^@]`},
	{Name: "Punct", Pattern: `[(){},:!\[\]]`},
	{Name: "Invalid", Pattern: `.`},
}

var lexDef = lexer.MustSimple(lexRules)

// Token types by name, looked up once.
var (
	tokNewline    = lexDef.Symbols()["Newline"]
	tokWhitespace = lexDef.Symbols()["Whitespace"]
	tokComment    = lexDef.Symbols()["Comment"]
	tokString     = lexDef.Symbols()["String"]
	tokBadString  = lexDef.Symbols()["BadString"]
	tokBadTriple  = lexDef.Symbols()["BadTriple"]
	tokDirective  = lexDef.Symbols()["Directive"]
	tokNumber     = lexDef.Symbols()["Number"]
	tokIdent      = lexDef.Symbols()["Ident"]
	tokInvalid    = lexDef.Symbols()["Invalid"]
)

// source is one file being read: its text, where its lines start (to turn
// byte offsets into columns) and its logical lines of tokens.
type source struct {
	file       string
	text       string
	lineStarts []int
	lines      []srcLine
}

// srcLine is the tokens of one logical line, comments and blanks dropped.
// A triple-quoted string is one token, so a line may span several lines of
// text. end is the position just past the line's last token.
type srcLine struct {
	toks []lexer.Token
	end  lexer.Position
}

func newSource(file string, src []byte) *source {
	s := &source{file: file, text: string(src)}
	s.lineStarts = append(s.lineStarts, 0)
	for i := 0; i < len(s.text); i++ {
		if s.text[i] == '\n' {
			s.lineStarts = append(s.lineStarts, i+1)
		}
	}
	var cur []lexer.Token
	flush := func(end lexer.Position) {
		if len(cur) > 0 {
			s.lines = append(s.lines, srcLine{toks: cur, end: end})
			cur = nil
		}
	}
	text := s.text
	if strings.HasPrefix(text, "\uFEFF") {
		// A byte order mark is read as blanks, keeping the offsets.
		text = "   " + text[3:]
	}
	for _, tok := range lexAll(file, text) {
		switch tok.Type {
		case tokWhitespace, tokComment:
		case lexer.EOF, tokNewline:
			flush(tok.Pos)
		default:
			cur = append(cur, tok)
		}
	}
	return s
}

// lexAll lexes a text a line at a time: Go's regexps are much faster on a
// line than on the rest of a file. A string that is still open at the end
// of its line (a triple-quoted one, or one continued with a backslash)
// makes the piece grow until the string ends or the file does. The last
// token is EOF.
func lexAll(file, text string) []lexer.Token {
	var out []lexer.Token
	line := 1
	for start := 0; start < len(text); {
		end, grow := lineEnd(text, start, 1), 2
		for {
			toks := lexPiece(file, text[start:end])
			if end < len(text) && hasOpenString(toks) {
				end = lineEnd(text, start, grow)
				grow *= 2
				continue
			}
			for _, t := range toks {
				t.Pos.Offset += start
				t.Pos.Line += line - 1
				out = append(out, t)
			}
			break
		}
		line += strings.Count(text[start:end], "\n")
		start = end
	}
	end := lexer.Position{Filename: file, Offset: len(text), Line: line, Column: 1}
	if i := strings.LastIndexByte(text, '\n'); i >= 0 {
		end.Column = len(text) - i
	} else {
		end.Column = len(text) + 1
	}
	return append(out, lexer.EOFToken(end))
}

func hasOpenString(toks []lexer.Token) bool {
	for _, t := range toks {
		if t.Type == tokBadTriple || t.Type == tokBadString {
			return true
		}
	}
	return false
}

// lineEnd is the offset just past the nth newline from start, or the end.
func lineEnd(text string, start, n int) int {
	for i := start; i < len(text); i++ {
		if text[i] == '\n' {
			n--
			if n == 0 {
				return i + 1
			}
		}
	}
	return len(text)
}

// lexPiece lexes a piece of text without its EOF token. The Invalid rule
// matches any character, so the lexer cannot fail.
func lexPiece(file, text string) []lexer.Token {
	lex, err := lexDef.LexString(file, text)
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

// pos turns a lexer position into an asm position with a byte column.
func (s *source) pos(p lexer.Position) asm.Pos {
	line := p.Line
	if line < 1 || line > len(s.lineStarts) {
		return asm.Pos{File: s.file, Line: line, Col: p.Column}
	}
	return asm.Pos{File: s.file, Line: line, Col: p.Offset - s.lineStarts[line-1] + 1}
}

// sliceLexer replays one line's tokens, then an end-of-line EOF.
type sliceLexer struct {
	toks []lexer.Token
	end  lexer.Position
	i    int
}

func (l *sliceLexer) Next() (lexer.Token, error) {
	if l.i < len(l.toks) {
		l.i++
		return l.toks[l.i-1], nil
	}
	return lexer.EOFToken(l.end), nil
}

// describe names a token for an error message.
func describe(t lexer.Token) string {
	switch {
	case t.EOF():
		return "end of line"
	case t.Type == tokString:
		return "string " + abbreviate(t.Value)
	case t.Type == tokNumber:
		return "number " + t.Value
	case t.Type == tokIdent:
		return "name " + t.Value
	case t.Type == tokDirective:
		return "directive " + t.Value
	}
	return "'" + abbreviate(t.Value) + "'"
}

func abbreviate(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + "…"
	}
	if r := []rune(s); len(r) > 40 {
		s = string(r[:37]) + "…"
	}
	return s
}

// posAt is the position of a byte offset into the text.
func (s *source) posAt(off int) asm.Pos {
	line := sort.Search(len(s.lineStarts), func(i int) bool { return s.lineStarts[i] > off })
	if line == 0 {
		line = 1
	}
	return asm.Pos{File: s.file, Line: line, Col: off - s.lineStarts[line-1] + 1}
}
