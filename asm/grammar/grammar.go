// Package grammar reads the pyasm language (spec/SYNTAX.md) into the
// program model of package asm.
//
// A file is lexed whole (so that triple-quoted strings may span lines),
// then parsed a logical line at a time with a participle grammar (the
// many plain lines, made of single-token parts, get the tree it would
// build directly), and the lines are lowered to an *asm.Program: code
// blocks and try regions are followed with a stack, directives fill in
// the code objects' fields, and opcodes are checked against the target
// release. Errors are collected,
// one or more per bad line, and every line is read.
//
// Operands stay symbolic: resolving names, constants and labels to indices
// is the job of asm/resolve.
package grammar

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/versions"
)

// Parse reads a .pyasm file. The target release is the file's .python
// directive, else fallback; with neither it is an error. The error, if
// any, is an asm.ErrorList sorted by position; the program is nil then.
func Parse(filename string, src []byte, fallback *versions.Version) (*asm.Program, error) {
	return ParseText(filename, string(src), fallback)
}

// ParseText is Parse for a text already in a string, which the program
// may then share pieces of (names, labels): Parse copies its bytes first.
func ParseText(filename string, text string, fallback *versions.Version) (*asm.Program, error) {
	s := newSource(filename, text)
	var errs asm.ErrorList
	v := fallback
	var versionErr func()
	if text, pos, found, _ := declared(s); found {
		dv, err := versions.Lookup(text)
		switch {
		case text == "":
			versionErr = func() { errs.Add(pos, ".python needs a release, such as .python 3.12") }
		case err != nil:
			versionErr = func() {
				errs.Add(pos, "unsupported Python release %s", text).Hint = "supported releases: " + supportedReleases()
			}
		}
		v = dv
	} else if v == nil {
		versionErr = func() {
			errs.Add(asm.Pos{File: filename, Line: 1, Col: 1}, "no target release: start the file with .python X.Y, or give one on the command line").Hint =
				"supported releases: " + supportedReleases()
		}
	}

	// Each line is parsed, then lowered, before the next is read: the
	// tokens and tree of one line are all there is at a time. Without a
	// release the lines are only parsed, for their syntax errors.
	var l *lowerer
	if versionErr == nil {
		l = newLowerer(s, v, &errs)
	}
	var plain plainParser
	first := true
	for r := newLineReader(s); r.next(); first = false {
		ln := r.line
		tree := plain.line(ln.toks)
		if tree == nil {
			tree = parseLine(s, ln, &errs)
		}
		if l != nil {
			l.lowerLine(tree, ln, first)
		}
		plain.reset()
	}
	if versionErr != nil {
		versionErr()
		return nil, errs.Err()
	}
	l.finish()
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return l.prog, nil
}

// DeclaredVersion finds the release a file names with .python: the text
// after the first .python directive ("3.12") and its position (line and
// column; File is left empty for the caller to fill in). found is false
// when the file has no .python directive. The text is not checked; Parse
// reports a release that is not supported.
func DeclaredVersion(src []byte) (version string, pos asm.Pos, found bool) {
	return declaredVersion(src)
}

// DeclaredVersionText is DeclaredVersion for a text in a string.
func DeclaredVersionText(text string) (version string, pos asm.Pos, found bool) {
	return declaredVersion(text)
}

func declaredVersion[T string | []byte](src T) (version string, pos asm.Pos, found bool) {
	// The directive is nearly always near the top: the text is read only
	// as far as the line of each place ".python" is written, until one is
	// the directive, not copied and read whole for one line. Lexing stops
	// at a line's end; a directive line whose tokens reach the cut (a
	// string going on past it) is read again in the whole text.
	for from := 0; from < len(src); {
		i := index(src[from:], ".python")
		if i < 0 {
			return "", asm.Pos{}, false
		}
		end := from + i
		if j := index(src[end:], "\n"); j >= 0 {
			end += j + 1
		} else {
			end = len(src)
		}
		version, pos, found, lineEnd := declared(newSource("", string(src[:end])))
		switch {
		case found && lineEnd >= end && end < len(src):
			version, pos, found, _ = declared(newSource("", string(src)))
			return version, pos, found
		case found:
			return version, pos, found
		}
		from = end
	}
	return "", asm.Pos{}, false
}

// index is strings.Index for a string or bytes.
func index[T string | []byte](s T, sub string) int {
	if t, ok := any(s).(string); ok {
		return strings.Index(t, sub)
	}
	return bytes.Index([]byte(s), []byte(sub))
}

// declared finds the first .python directive of s: its argument's text
// and position, and the offset just past the directive's line.
func declared(s *source) (string, asm.Pos, bool, int) {
	for r := newLineReader(s); r.next(); {
		ln := r.line
		t := ln.toks[0]
		if t.Type != tokDirective || t.Value != ".python" {
			continue
		}
		if len(ln.toks) < 2 {
			return "", s.pos(t.Pos), true, ln.end.Offset
		}
		vt := ln.toks[1]
		text := vt.Value
		if vt.Type == tokString {
			if lit, err := decodeString(vt.Value, false); err == nil {
				text = lit.data
			}
		}
		return text, s.pos(vt.Pos), true, ln.end.Offset
	}
	return "", asm.Pos{}, false, 0
}

// DefaultFilename is the co_filename a program gets without .filename:
// the source file's base name with .pyasm replaced by .py.
func DefaultFilename(filename string) string {
	switch filename {
	case "":
		return "<string>"
	case "-":
		return "<stdin>"
	}
	base := filepath.Base(filename)
	if stem, ok := strings.CutSuffix(base, ".pyasm"); ok {
		return stem + ".py"
	}
	return base
}

// parseLine parses one logical line with participle (plainParser takes
// most lines first); nil after reporting an error.
func parseLine(s *source, ln srcLine, errs *asm.ErrorList) *lineAST {
	for _, t := range ln.toks {
		switch t.Type {
		case tokInvalid:
			errs.Add(s.pos(t.Pos), "unexpected character %q", t.Value)
			return nil
		case tokBadTriple:
			errs.Add(s.pos(t.Pos), "unterminated triple-quoted string")
			return nil
		case tokBadString:
			errs.Add(s.pos(t.Pos), "unterminated string literal")
			return nil
		case tokPosition:
			errs.Add(s.pos(t.Pos), "a position such as %s ends an instruction's line", t.Value).Hint =
				"write it after the instruction's operands, or as a .line directive on a line of its own"
			return nil
		}
	}
	first := ln.toks[0]
	if first.Type != tokIdent && first.Type != tokDirective && first.Type != tokString && first.Value != "}" {
		errs.Add(s.pos(first.Pos), "unexpected %s: a line holds an instruction, a label, a directive, or a block's { or }", describe(first))
		return nil
	}
	if first.Type == tokString && (len(ln.toks) == 1 || ln.toks[1].Value != ":") {
		errs.Add(s.pos(first.Pos), "unexpected %s: a line starting with a string is a label, \"name\":", describe(first))
		return nil
	}
	if first.Type == tokIdent && first.Value != "code" && first.Value != "try" && (len(ln.toks) == 1 || ln.toks[1].Value != ":") {
		// Most lines are instructions: parse them as one directly.
		if in, err := parseTokens(instrParser(), ln.toks, ln.end); err == nil {
			return &lineAST{Pos: first.Pos, Instr: in}
		}
	}
	ast, err := parseTokens(lineParser(), ln.toks, ln.end)
	if err == nil {
		return ast
	}
	if first.Type == tokIdent && (first.Value == "code" || first.Value == "try") {
		if brace := openBrace(ln.toks); brace >= 0 {
			// A block head: say what is wrong with the head, or that
			// nothing may follow its {.
			head, end := ln.toks[:brace+1], ln.end
			if brace+1 < len(ln.toks) {
				end = ln.toks[brace+1].Pos
			}
			var herr error
			if first.Value == "code" {
				_, herr = parseTokens(codeHeadParser(), head, end)
			} else {
				_, herr = parseTokens(tryHeadParser(), head, end)
			}
			if herr != nil {
				var ute *participle.UnexpectedTokenError
				if errors.As(herr, &ute) {
					form := "code LABEL {"
					if first.Value == "try" {
						form = "try HANDLER [lasti] [depth N] {"
					}
					errs.Add(s.pos(ute.Unexpected.Pos), "unexpected %s: a %s block starts %s", describe(ute.Unexpected), first.Value, form)
					return nil
				}
				err = herr
			} else if brace+1 < len(ln.toks) {
				errs.Add(s.pos(ln.toks[brace+1].Pos), "unexpected %s: the { of a %s block ends its line", describe(ln.toks[brace+1]), first.Value)
				return nil
			}
		}
	}
	reportParseError(s, err, first, errs)
	return nil
}

// parseTokens runs a participle parser over a line's tokens.
func parseTokens[G any](p *participle.Parser[G], toks []lexer.Token, end lexer.Position) (*G, error) {
	pl, err := lexer.Upgrade(&sliceLexer{toks: toks, end: end})
	if err != nil {
		return nil, err
	}
	return p.ParseFromLexer(pl)
}

// openBrace is the index of the first { outside parentheses, or -1.
func openBrace(toks []lexer.Token) int {
	depth := 0
	for i, t := range toks {
		switch {
		case t.Type == tokString:
		case t.Value == "(":
			depth++
		case t.Value == ")":
			depth--
		case t.Value == "{" && depth == 0:
			return i
		}
	}
	return -1
}

func reportParseError(s *source, err error, first lexer.Token, errs *asm.ErrorList) {
	var ute *participle.UnexpectedTokenError
	var perr participle.Error
	switch {
	case errors.As(err, &ute):
		errs.Add(s.pos(ute.Unexpected.Pos), "unexpected %s", describe(ute.Unexpected))
	case errors.As(err, &perr):
		errs.Add(s.pos(perr.Position()), "%s", perr.Message())
	default:
		errs.Add(s.pos(first.Pos), "%v", err)
	}
}
