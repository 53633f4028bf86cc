package grammar

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/spec"
	"github.com/pyasm/pyasm/versions"
)

// FuzzParse: no input makes Parse panic; it returns a program or a
// positioned error list, never both and never neither.
func FuzzParse(f *testing.F) {
	for _, ex := range spec.Examples() {
		f.Add([]byte(ex.Src))
	}
	var files []string
	for _, pattern := range []string{"testdata/*.pyasm", "../../examples/*.pyasm", "../../examples/versions/*.pyasm"} {
		more, _ := filepath.Glob(pattern)
		files = append(files, more...)
	}
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("LOAD_CONST \"\"\"\n"))
	f.Add([]byte("code x {\n try y {\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := bytes.Count(src, []byte("\n")) + 1
		DeclaredVersion(src)
		prog, err := Parse("fuzz.pyasm", src, versions.Newest())
		if err == nil {
			if prog == nil || prog.Module == nil || prog.Version == nil {
				t.Fatal("no error and no program")
			}
			return
		}
		if prog != nil {
			t.Fatal("a program and an error")
		}
		var list asm.ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error is not an ErrorList: %v", err)
		}
		for _, e := range list {
			if e.Pos.Line < 1 || e.Pos.Line > lines || e.Pos.Col < 1 {
				t.Fatalf("error at a bad position %d:%d (%d lines): %s", e.Pos.Line, e.Pos.Col, lines, e.Msg)
			}
		}
	})
}

// lexWhole lexes a text in one piece, as participle does.
func lexWhole(text string) []lexer.Token {
	toks := lexPiece("f", text)
	end := lexer.Position{Filename: "f", Offset: len(text), Line: 1 + strings.Count(text, "\n")}
	if i := strings.LastIndexByte(text, '\n'); i >= 0 {
		end.Column = len(text) - i
	} else {
		end.Column = len(text) + 1
	}
	return append(toks, lexer.EOFToken(end))
}

// FuzzLex: lexing a line at a time gives the tokens that lexing the
// whole text at once does.
func FuzzLex(f *testing.F) {
	for _, ex := range spec.Examples() {
		f.Add(ex.Src)
	}
	var files []string
	for _, pattern := range []string{"testdata/*.pyasm", "../../examples/*.pyasm", "../../examples/versions/*.pyasm"} {
		more, _ := filepath.Glob(pattern)
		files = append(files, more...)
	}
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(string(src))
		}
	}
	for _, s := range []string{"\"a\\\nb\"\n", "'''x\n'''\n", "\"open\n\"\"\"\nx\n\"\"\"", "r'\\\n'", "x\r\ny"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		want := lexWhole(text)
		got := lexAll("f", text)
		if len(want) != len(got) {
			t.Fatalf("%d tokens, want %d:\n%v\n%v", len(got), len(want), got, want)
		}
		for i := range want {
			w, g := want[i], got[i]
			if w.Type != g.Type || w.Value != g.Value || w.Pos.Offset != g.Pos.Offset || w.Pos.Line != g.Pos.Line {
				t.Fatalf("token %d: %v at %v, want %v at %v", i, g, g.Pos, w, w.Pos)
			}
		}
	})
}
