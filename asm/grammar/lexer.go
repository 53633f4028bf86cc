package grammar

import (
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/pyasm/pyasm/asm"
)

// Number patterns, as Python writes them, for decodeNumber. The lexer
// takes a strict number and then any letters, digits, underscores or dots
// glued to it, so that "1abc" or "0x" is one bad token rather than two
// good ones; decodeNumber checks the whole text against numberRE.
const (
	digitPart  = `[0-9](?:_?[0-9])*`
	exponent   = `[eE][-+]?` + digitPart
	pointFloat = `(?:` + digitPart + `)?\.` + digitPart + `|` + digitPart + `\.`
	numberBody = `0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+` +
		`|(?:` + pointFloat + `|` + digitPart + `)` + exponent +
		`|` + pointFloat +
		`|` + digitPart
)

// The token types. At each position the lexer tries these rules in order
// and the first that matches wins; Invalid takes any other character, so
// that lexing never stops: the line holding it is reported and the rest
// of the file is still read. The types are numbered as participle numbers
// the rules of a lexer.SimpleRule list: EOF is -1, the first rule -2.
//
//	Newline     \r?\n
//	Whitespace  [ \t\f\v\r]+
//	Comment     # to the end of the line
//	BadTriple   a triple-quoted string still open at the end of the text
//	String      a string literal: a prefix r, b, u, rb or br in any case,
//	            then """…""", '''…''', "…" or '…'; a backslash escapes any
//	            character, newline included, and only a triple-quoted
//	            string holds a bare newline
//	BadString   a prefix and a quote that start no string: to the end of the line
//	Ellipsis    ...
//	Directive   . and an identifier
//	Number      [-+]? and a Python number (numberBody), or [-+]inf, [-+]nan;
//	            then any letters, digits, underscores and dots
//	Ident       an identifier (letters, digits, underscores and marks, as
//	            Python's), or 2.7's SLICE+0 … DELETE_SLICE+3: [A-Z][A-Z_]*\+[0-9]+
//	Position    an instruction's source position: @3, @3:0-5, @3-4:0-9, @-
//	            (see positionEnd)
//	Op          an operator (see ops), or [] (3.14's subscript BINARY_OP)
//	Punct       ( ) { } , : ! [ ]
//	Invalid     any other character
const (
	tokNewline lexer.TokenType = lexer.EOF - 1 - iota
	tokWhitespace
	tokComment
	tokBadTriple
	tokString
	tokBadString
	tokEllipsis
	tokDirective
	tokNumber
	tokIdent
	tokPosition
	tokOp
	tokPunct
	tokInvalid
)

var tokNames = map[string]lexer.TokenType{
	"EOF":        lexer.EOF,
	"Newline":    tokNewline,
	"Whitespace": tokWhitespace,
	"Comment":    tokComment,
	"BadTriple":  tokBadTriple,
	"String":     tokString,
	"BadString":  tokBadString,
	"Ellipsis":   tokEllipsis,
	"Directive":  tokDirective,
	"Number":     tokNumber,
	"Ident":      tokIdent,
	"Op":         tokOp,
	"Punct":      tokPunct,
	"Position":   tokPosition,
	"Invalid":    tokInvalid,
}

// ops are the operators, longest first where one starts another.
var ops = []string{
	"**=", "//=", ">>=", "<<=", "**", "//", ">>", "<<", "<=", ">=", "==", "!=",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "[]",
	"<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "@",
}

// opsByFirst are the operators by their first byte, in ops' order.
var opsByFirst = func() (by [256][]string) {
	for _, op := range ops {
		by[op[0]] = append(by[op[0]], op)
	}
	return by
}()

// definition is the lexer as participle sees it.
type definition struct{}

var lexDef lexer.Definition = definition{}

func (definition) Symbols() map[string]lexer.TokenType { return tokNames }

func (definition) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return newScanner(filename, string(data)), nil
}

func (definition) LexString(filename string, text string) (lexer.Lexer, error) {
	return newScanner(filename, text), nil
}

func (definition) LexBytes(filename string, data []byte) (lexer.Lexer, error) {
	return newScanner(filename, string(data)), nil
}

// scanner lexes a text; it is a participle lexer.Lexer.
type scanner struct {
	text string
	pos  lexer.Position // of the next token
}

func newScanner(filename, text string) *scanner {
	return &scanner{text: text, pos: lexer.Position{Filename: filename, Line: 1, Column: 1}}
}

// Next returns the next token, whitespace and comments included, then EOF
// for ever. Column counts characters, as participle's lexers do.
func (s *scanner) Next() (lexer.Token, error) {
	var tok lexer.Token
	s.scan(&tok)
	return tok, nil
}

// scan is Next, writing the token in place.
func (s *scanner) scan(tok *lexer.Token) {
	off := s.pos.Offset
	if off >= len(s.text) {
		*tok = lexer.EOFToken(s.pos)
		return
	}
	typ, n := match(s.text, off)
	*tok = lexer.Token{Type: typ, Value: s.text[off : off+n], Pos: s.pos}
	s.pos.Offset += n
	switch {
	case typ == tokNewline:
		s.pos.Line++
		s.pos.Column = 1
	case typ == tokString || typ == tokBadTriple:
		if nl := strings.Count(tok.Value, "\n"); nl > 0 {
			s.pos.Line += nl
			s.pos.Column = utf8.RuneCountInString(tok.Value[strings.LastIndexByte(tok.Value, '\n'):])
			break
		}
		fallthrough
	default:
		s.pos.Column += runeCount(tok.Value)
	}
}

// skipBlanks steps over whitespace and a comment, as Next would return
// them, for a reader that drops both: most of a line's tokens are blanks,
// and making each a token was a fair part of reading a line.
func (s *scanner) skipBlanks() {
	text, off := s.text, s.pos.Offset
	start := off
	// A run of blanks, where "\r\n" does not start a newline token.
	if off < len(text) && !(text[off] == '\r' && off+1 < len(text) && text[off+1] == '\n') {
		for off < len(text) && isBlank(text[off]) {
			off++
		}
	}
	s.pos.Column += off - start
	if off < len(text) && text[off] == '#' {
		end := restOfLine(text, off)
		s.pos.Column += runeCount(text[off:end])
		off = end
	}
	s.pos.Offset = off
}

// isBlank: c is whitespace other than a newline.
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r' }

func runeCount(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return utf8.RuneCountInString(s)
		}
	}
	return len(s)
}

// match finds the token at text[i:], i < len(text): its type and length.
func match(text string, i int) (lexer.TokenType, int) {
	c := text[i]
	switch {
	case c == '\n':
		return tokNewline, 1
	case c == '\r' && i+1 < len(text) && text[i+1] == '\n':
		return tokNewline, 2
	case isBlank(c):
		j := i + 1
		for j < len(text) && isBlank(text[j]) {
			j++
		}
		return tokWhitespace, j - i
	case c == '#':
		return tokComment, restOfLine(text, i) - i
	case isDigit(c):
		// No other rule takes a digit before Number does.
		if j := numberEnd(text, i); j > i {
			return tokNumber, j - i
		}
	case c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		// A letter that starts no string prefix is an Ident's: no rule
		// before Ident takes it.
		if strings.IndexByte("rbuRBU", c) < 0 {
			if j := identTokenEnd(text, i); j > i {
				return tokIdent, j - i
			}
		}
	}
	if typ, n := matchString(text, i); n > 0 {
		return typ, n
	}
	if strings.HasPrefix(text[i:], "...") {
		return tokEllipsis, 3
	}
	if c == '.' {
		if j := identEnd(text, i+1); j > i+1 {
			return tokDirective, j - i
		}
	}
	if j := numberEnd(text, i); j > i {
		return tokNumber, j - i
	}
	if j := identTokenEnd(text, i); j > i {
		return tokIdent, j - i
	}
	if c == '@' {
		if j := positionEnd(text, i); j > i {
			return tokPosition, j - i
		}
	}
	for _, op := range opsByFirst[c] {
		if strings.HasPrefix(text[i:], op) {
			return tokOp, len(op)
		}
	}
	if strings.IndexByte("(){},:![]", c) >= 0 {
		return tokPunct, 1
	}
	if c < utf8.RuneSelf {
		return tokInvalid, 1
	}
	_, n := utf8.DecodeRuneInString(text[i:])
	return tokInvalid, n
}

// restOfLine is the offset of the newline at or after i, or the end.
func restOfLine(text string, i int) int {
	if j := strings.IndexByte(text[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(text)
}

// matchString matches BadTriple, String or BadString, in that order, or
// returns 0.
func matchString(text string, i int) (lexer.TokenType, int) {
	q := i // the opening quote, after at most two letters of prefix
	for q < len(text) && q < i+2 && !isQuote(text[q]) {
		q++
	}
	if q >= len(text) || !isQuote(text[q]) || !stringPrefix(text[i:q]) {
		return 0, 0
	}
	quote := text[q]
	if q+2 < len(text) && text[q+1] == quote && text[q+2] == quote {
		switch end, state := scanTriple(text, q+3, quote); state {
		case tripleClosed:
			return tokString, end - i
		case tripleOpen:
			return tokBadTriple, len(text) - i
		}
		// Neither: the first two quotes are an empty string.
	}
	if end := scanSingle(text, q+1, quote); end > 0 {
		return tokString, end - i
	}
	return tokBadString, restOfLine(text, q) - i
}

func isQuote(c byte) bool { return c == '"' || c == '\'' }

// stringPrefix reports whether p may come before a string's quote.
func stringPrefix(p string) bool {
	switch len(p) {
	case 0:
		return true
	case 1:
		return strings.IndexByte("rbuRBU", p[0]) >= 0
	case 2:
		return strings.EqualFold(p, "rb") || strings.EqualFold(p, "br")
	}
	return false
}

const (
	tripleClosed  = iota // the closing quotes were found
	tripleOpen           // the text ends inside the string
	tripleNeither        // the text ends in quotes and a lone backslash
)

// scanTriple reads the body of a triple-quoted string from i: a backslash
// escapes any character, and one or two quotes must be followed by
// another character. It returns the offset after the closing quotes, or
// how the string is open: the text may end after a whole character, a
// lone backslash or one or two quotes (BadTriple), but not after quotes
// and a lone backslash (then the string is neither good nor bad).
func scanTriple(text string, i int, quote byte) (int, int) {
	for {
		if i >= len(text) {
			return 0, tripleOpen
		}
		switch text[i] {
		case '\\':
			if i+1 >= len(text) {
				return 0, tripleOpen
			}
			i += 2
		case quote:
			if i+2 < len(text) && text[i+1] == quote && text[i+2] == quote {
				return i + 3, tripleClosed
			}
			if i++; i < len(text) && text[i] == quote {
				i++
			}
			switch {
			case i >= len(text):
				return 0, tripleOpen
			case text[i] != '\\':
				i++
			case i+1 >= len(text):
				return 0, tripleNeither
			default:
				i += 2
			}
		default:
			i++
		}
	}
}

// scanSingle reads the body of a one-line string from i, a backslash
// escaping any character; it returns the offset after the closing quote,
// or 0 if a bare newline or the end of the text comes first.
func scanSingle(text string, i int, quote byte) int {
	for i < len(text) {
		switch text[i] {
		case quote:
			return i + 1
		case '\n':
			return 0
		case '\\':
			i++
		}
		i++
	}
	return 0
}

// identEnd is the end of the identifier at i, or i if there is none.
func identEnd(text string, i int) int {
	j := i
	for j < len(text) {
		c := text[j]
		if c < utf8.RuneSelf {
			if c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || j > i && '0' <= c && c <= '9' {
				j++
				continue
			}
			break
		}
		r, n := utf8.DecodeRuneInString(text[j:])
		if !unicode.In(r, unicode.L, unicode.Nl) && (j == i || !unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc)) {
			break
		}
		j += n
	}
	return j
}

// identTokenEnd is the end of the Ident token at i, or i: 2.7's
// SLICE+0 and the like, else an identifier.
func identTokenEnd(text string, i int) int {
	j := i
	for j < len(text) && ('A' <= text[j] && text[j] <= 'Z' || j > i && text[j] == '_') {
		j++
	}
	if j > i && j+1 < len(text) && text[j] == '+' && isDigit(text[j+1]) {
		return digitsEnd(text, j+1)
	}
	return identEnd(text, i)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func digitsEnd(text string, i int) int {
	for i < len(text) && isDigit(text[i]) {
		i++
	}
	return i
}

// numberEnd is the end of the Number token at i, or i. Each function
// below matches one of the patterns above, returning the end of its match
// or -1; Go's regexps take the first alternative that matches, and so do
// they.
func numberEnd(text string, i int) int {
	j := i
	if j < len(text) && (text[j] == '+' || text[j] == '-') {
		j++
	}
	if end := numberBodyEnd(text, j); end >= 0 {
		return gluedEnd(text, end)
	}
	if j > i && (strings.HasPrefix(text[j:], "inf") || strings.HasPrefix(text[j:], "nan")) {
		return gluedEnd(text, j+3)
	}
	return i
}

func numberBodyEnd(text string, i int) int {
	if i+1 < len(text) && text[i] == '0' {
		var class byte
		switch text[i+1] {
		case 'x', 'X':
			class = hexDigit
		case 'o', 'O':
			class = octDigit
		case 'b', 'B':
			class = binDigit
		}
		if end := digitPartEnd(text, i+2, class, true); class != 0 && end >= 0 {
			return end
		}
	}
	digits := digitPartEnd(text, i, decDigit, false)
	point := pointFloatEnd(text, i, digits)
	if end := exponentEnd(text, point); end >= 0 {
		return end
	}
	if end := exponentEnd(text, digits); end >= 0 {
		return end
	}
	if point >= 0 {
		return point
	}
	return digits
}

// Digit classes, as bits of digitClass.
const (
	decDigit = 1 << iota
	hexDigit
	octDigit
	binDigit
)

var digitClass = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] |= decDigit | hexDigit
	}
	for c := '0'; c <= '7'; c++ {
		t[c] |= octDigit
	}
	t['0'] |= binDigit
	t['1'] |= binDigit
	for c := 'a'; c <= 'f'; c++ {
		t[c] |= hexDigit
		t[c-'a'+'A'] |= hexDigit
	}
	return t
}()

// digitPartEnd matches `D(?:_?D)*` for the digits of class D, or with
// leadingUnderscore `(?:_?D)+`; -1 for no match, or if i is -1.
func digitPartEnd(text string, i int, class byte, leadingUnderscore bool) int {
	if i < 0 || class == 0 {
		return -1
	}
	start := i
	for {
		switch {
		case i < len(text) && digitClass[text[i]]&class != 0:
			i++
		case i+1 < len(text) && text[i] == '_' && digitClass[text[i+1]]&class != 0 && (i > start || leadingUnderscore):
			i += 2
		case i == start:
			return -1
		default:
			return i
		}
	}
}

// pointFloatEnd matches pointFloat at i, where a digitPart ends at digits
// (or -1 if none starts there).
func pointFloatEnd(text string, i, digits int) int {
	k := digits
	if digits < 0 {
		k = i
	}
	if k < len(text) && text[k] == '.' {
		if end := digitPartEnd(text, k+1, decDigit, false); end >= 0 {
			return end
		}
		if digits >= 0 {
			return digits + 1
		}
	}
	return -1
}

func exponentEnd(text string, i int) int {
	if i < 0 || i >= len(text) || text[i] != 'e' && text[i] != 'E' {
		return -1
	}
	i++
	if i < len(text) && (text[i] == '+' || text[i] == '-') {
		i++
	}
	return digitPartEnd(text, i, decDigit, false)
}

// gluedEnd skips the letters, digits, underscores and dots from i.
func gluedEnd(text string, i int) int {
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if c == '_' || c == '.' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c) {
				i++
				continue
			}
			break
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.In(r, unicode.L, unicode.N) {
			break
		}
		i += n
	}
	return i
}

// source is one file being read: its text and where its lines start (to
// turn byte offsets into columns). Its logical lines are read one at a
// time (lineReader), so that a file's tokens and trees are never all held
// at once.
type source struct {
	file string
	text string
	// lineStarts are the offsets where lines start, made when first
	// needed (posAt, for messages); pos needs only the line it is asked
	// about, and keeps where the last one starts.
	lineStarts          []int
	lastLine, lastStart int
}

// srcLine is the tokens of one logical line, comments and blanks dropped.
// A triple-quoted string is one token, so a line may span several lines of
// text. end is the position just past the line's last token.
type srcLine struct {
	toks []lexer.Token
	end  lexer.Position
	// at is the position written at the end of an instruction's line
	// (@3:0-5), taken off toks; its Value is empty when there is none.
	at lexer.Token
}

func newSource(file string, text string) *source {
	return &source{file: file, text: text}
}

// starts is lineStarts, made at the first call.
func (s *source) starts() []int {
	if s.lineStarts == nil {
		s.lineStarts = make([]int, 1, strings.Count(s.text, "\n")+1)
		for i := 0; ; {
			j := strings.IndexByte(s.text[i:], '\n')
			if j < 0 {
				break
			}
			i += j + 1
			s.lineStarts = append(s.lineStarts, i)
		}
	}
	return s.lineStarts
}

// lineReader reads a source's logical lines in order. The tokens of a
// line are valid until the next call of next: their buffer is reused.
type lineReader struct {
	file string
	text string
	sc   *scanner
	toks []lexer.Token
	line srcLine
	done bool
}

func newLineReader(s *source) *lineReader {
	text := s.text
	if strings.HasPrefix(text, "\uFEFF") {
		// A byte order mark is read as blanks, keeping the offsets.
		text = "   " + text[3:]
	}
	return &lineReader{file: s.file, text: text, sc: newScanner(s.file, text)}
}

// next reads the next line into r.line; false at the end of the text.
func (r *lineReader) next() bool {
	if r.done {
		return false
	}
	r.toks = r.toks[:0]
	for {
		r.sc.skipBlanks()
		// The token is read into the list's next place, and kept there
		// unless it ends the line.
		r.toks = append(r.toks, lexer.Token{})
		tok := &r.toks[len(r.toks)-1]
		r.sc.scan(tok)
		if tok.Type == tokWhitespace || tok.Type == tokComment || tok.Type == tokNewline || tok.Type == lexer.EOF {
			r.toks = r.toks[:len(r.toks)-1]
		}
		switch tok.Type {
		case tokWhitespace, tokComment:
			continue
		case tokNewline:
			if len(r.toks) > 0 {
				r.setLine(tok.Pos)
				return true
			}
			continue
		case lexer.EOF:
			r.done = true
			if len(r.toks) > 0 {
				r.setLine(endPos(r.file, r.text))
				return true
			}
			return false
		}
	}
}

// setLine makes the tokens read the line, a position at its end (@3:0-5)
// taken off them.
func (r *lineReader) setLine(end lexer.Position) {
	r.line = srcLine{toks: r.toks, end: end}
	if n := len(r.toks); n > 1 && r.toks[n-1].Type == tokPosition {
		r.line.at, r.line.toks = r.toks[n-1], r.toks[:n-1]
	}
}

// allLines reads every logical line, each with tokens of its own.
func (s *source) allLines() []srcLine {
	var out []srcLine
	for r := newLineReader(s); r.next(); {
		ln := r.line
		ln.toks = append([]lexer.Token(nil), ln.toks...)
		out = append(out, ln)
	}
	return out
}

// lexAll lexes a whole text: every token, blanks and comments included,
// then EOF.
func lexAll(file, text string) []lexer.Token {
	sc := newScanner(file, text)
	var out []lexer.Token
	for {
		tok, _ := sc.Next()
		if tok.EOF() {
			return append(out, lexer.EOFToken(endPos(file, text)))
		}
		out = append(out, tok)
	}
}

// endPos is the position of the end of a text, with a byte column.
func endPos(file, text string) lexer.Position {
	end := lexer.Position{Filename: file, Offset: len(text), Line: 1 + strings.Count(text, "\n"), Column: len(text) + 1}
	if i := strings.LastIndexByte(text, '\n'); i >= 0 {
		end.Column = len(text) - i
	}
	return end
}

// pos turns a lexer position into an asm position with a byte column.
func (s *source) pos(p lexer.Position) asm.Pos {
	line := p.Line
	if line < 1 || p.Offset < 0 || p.Offset > len(s.text) {
		return asm.Pos{File: s.file, Line: line, Col: p.Column}
	}
	// The parser asks about the tokens of one line after another: where
	// the line starts is found once, looking back from the first.
	if line != s.lastLine || p.Offset < s.lastStart {
		s.lastLine, s.lastStart = line, strings.LastIndexByte(s.text[:p.Offset], '\n')+1
	}
	return asm.Pos{File: s.file, Line: line, Col: p.Offset - s.lastStart + 1}
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
	starts := s.starts()
	line := sort.Search(len(starts), func(i int) bool { return starts[i] > off })
	if line == 0 {
		line = 1
	}
	return asm.Pos{File: s.file, Line: line, Col: off - starts[line-1] + 1}
}
