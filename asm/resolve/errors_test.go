package resolve_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// A mark is a Go string literal, so that a message with quotes in it can
// be written: # ERROR "3.12 has no comparison \"in\"".
var (
	resolveErrorMark = regexp.MustCompile(`# ERROR ("(?:[^"\\]|\\.)*")`)
	resolveHintMark  = regexp.MustCompile(`# HINT ("(?:[^"\\]|\\.)*")`)
)

// TestResolveErrorFiles checks testdata/errors/bad-*.pyasm in the style of
// Go's test/errorcheck. Each file parses, and the resolver rejects it: a
// line that must get an error carries # ERROR "part of the message" (one
// mark per error), and optionally # HINT "part of the hint"; every marked
// line gets exactly its errors, and no unmarked line gets any.
func TestResolveErrorFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/bad-*.pyasm")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 15)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".pyasm"), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(file)
			require.NoError(t, err)
			prog, err := grammar.Parse(file, src, nil)
			require.NoError(t, err, "the grammar must accept %s: its errors are the resolver's", file)
			rp, err := resolve.Resolve(prog)
			require.Error(t, err)
			assert.Nil(t, rp)
			var list asm.ErrorList
			require.True(t, errors.As(err, &list), "error is %T", err)

			byLine := map[int][]*asm.Error{}
			for i, e := range list {
				require.True(t, e.Pos.IsValid(), "error without a position: %s", e.Msg)
				assert.Equal(t, file, e.Pos.File)
				byLine[e.Pos.Line] = append(byLine[e.Pos.Line], e)
				if i > 0 {
					prev := list[i-1].Pos
					assert.False(t, e.Pos.Line < prev.Line || (e.Pos.Line == prev.Line && e.Pos.Col < prev.Col), "errors not sorted")
				}
			}
			marked := 0
			for i, text := range strings.Split(string(src), "\n") {
				line := i + 1
				wants := marks(t, resolveErrorMark, text)
				hints := marks(t, resolveHintMark, text)
				got := byLine[line]
				if len(wants) == 0 {
					for _, e := range got {
						t.Errorf("%s:%d:%d: unexpected error: %s", file, line, e.Pos.Col, e.Msg)
					}
					continue
				}
				marked++
				if len(got) != len(wants) {
					t.Errorf("%s:%d: want %d errors, got %d: %q", file, line, len(wants), len(got), messages(got))
				}
				for _, w := range wants {
					if !anyError(got, func(e *asm.Error) bool { return strings.Contains(e.Msg, w) }) {
						t.Errorf("%s:%d: no error contains %q; got %q", file, line, w, messages(got))
					}
				}
				for _, h := range hints {
					if !anyError(got, func(e *asm.Error) bool { return strings.Contains(e.Hint, h) }) {
						t.Errorf("%s:%d: no hint contains %q; got %q", file, line, h, hintsOf(got))
					}
				}
			}
			assert.GreaterOrEqual(t, marked, 2, "a bad file shows several errors")
		})
	}
}

// TestResolveErrorsFromGo covers the checks that a parsed file cannot
// reach, because the grammar reports the problem first, on programs built
// with the Go API as another front end would build them.
func TestResolveErrorsFromGo(t *testing.T) {
	at := func(line int) asm.Pos { return asm.Pos{File: "go.pyasm", Line: line, Col: 5} }
	op := func(line int, name string, args ...asm.Operand) *asm.Instr {
		return &asm.Instr{Pos: at(line), Op: name, Args: args}
	}
	ref := func(line int, label string) *asm.Literal {
		return &asm.Literal{Pos: at(line), Value: &asm.CodeRef{Pos: at(line), Label: label}}
	}
	name := func(line int, n string) *asm.Ident { return &asm.Ident{Pos: at(line), Name: n} }
	block := func(label string, line int, body ...asm.Stmt) *asm.Code {
		return &asm.Code{Pos: at(line), Label: label, Body: body}
	}
	ret312 := []asm.Stmt{op(90, "RETURN_CONST", &asm.Literal{Pos: at(90), Value: &marshal.None{}})}

	tests := []struct {
		name, release string
		body          []asm.Stmt
		want          string // part of the message
		hint          string // part of the hint
		line          int    // where; 0: no position
	}{
		{"code reference to a missing block", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), op(2, "LOAD_CONST", ref(2, "dobule")), op(3, "POP_TOP"), ret312[0],
				block("double", 10, ret312...)},
			`no code block named "dobule"`, "did you mean @double?", 2},
		{"code reference inside a tuple", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)),
				op(2, "LOAD_CONST", &asm.Literal{Pos: at(2), Value: &marshal.Tuple{Items: []marshal.Object{marshal.NewInt(1), &asm.CodeRef{Pos: at(2), Label: "nowhere"}}}}),
				op(3, "POP_TOP"), ret312[0]},
			`no code block named "nowhere"`, "", 2},
		{"try region on 3.10", "3.10",
			[]asm.Stmt{&asm.Try{Pos: at(1), Handler: "h", Body: []asm.Stmt{op(2, "NOP")}}, &asm.Label{Pos: at(3), Name: "h"},
				op(4, "LOAD_CONST", &asm.Literal{Pos: at(4), Value: &marshal.None{}}), op(5, "RETURN_VALUE")},
			"try regions need Python 3.11 or later; 3.10 sets up handlers with SETUP_* instructions", "", 1},
		{"operand missing", "3.12",
			[]asm.Stmt{op(1, "RESUME"), ret312[0]},
			"RESUME takes one operand, not 0", "", 1},
		{"operand too many", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), op(2, "LOAD_FAST", name(2, "a"), name(2, "b")), op(3, "POP_TOP"), ret312[0]},
			"LOAD_FAST takes one operand, not 2", "", 2},
		{"opcode the release lacks", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), op(2, "BINARY_ADD"), ret312[0]},
			"unknown opcode BINARY_ADD for 3.12", "", 2},
		{"EXTENDED_ARG with an operand", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), op(2, "EXTENDED_ARG", asm.Int(1)), ret312[0]},
			"EXTENDED_ARG takes no operand", "", 2},
		{"label defined twice", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), &asm.Label{Pos: at(2), Name: "x"}, op(3, "NOP"), &asm.Label{Pos: at(4), Name: "x"}, ret312[0]},
			"label x is defined twice in this code block", "", 4},
		{"block defined twice", "3.12",
			[]asm.Stmt{op(1, "RESUME", asm.Int(0)), ret312[0], block("f", 10, ret312...), block("f", 20, ret312...)},
			`code block "f" is defined twice (first at line 10)`, "", 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := versions.Lookup(tt.release)
			require.NoError(t, err)
			_, err = resolve.Resolve(&asm.Program{Version: v, Module: &asm.Code{Pos: at(1), Label: "<module>", Body: tt.body}})
			var list asm.ErrorList
			require.ErrorAs(t, err, &list)
			require.Len(t, list, 1, "%q", messages(list))
			assert.Contains(t, list[0].Msg, tt.want)
			assert.Contains(t, list[0].Hint, tt.hint)
			assert.Equal(t, tt.line, list[0].Pos.Line)
		})
	}

	t.Run("no release", func(t *testing.T) {
		_, err := resolve.Resolve(&asm.Program{Module: &asm.Code{}})
		require.EqualError(t, err, "error: no target Python version")
	})
	t.Run("no module", func(t *testing.T) {
		_, err := resolve.Resolve(&asm.Program{Version: versions.Newest()})
		require.EqualError(t, err, "error: no module code")
	})
}

// marks reads the Go string literals of one kind of mark on a line.
func marks(t *testing.T, re *regexp.Regexp, line string) []string {
	t.Helper()
	var out []string
	for _, m := range re.FindAllStringSubmatch(line, -1) {
		s, err := strconv.Unquote(m[1])
		require.NoError(t, err, "mark %s", m[1])
		out = append(out, s)
	}
	return out
}

func anyError(list []*asm.Error, f func(*asm.Error) bool) bool {
	for _, e := range list {
		if f(e) {
			return true
		}
	}
	return false
}

func messages(list []*asm.Error) []string {
	var out []string
	for _, e := range list {
		out = append(out, e.Msg)
	}
	return out
}

func hintsOf(list []*asm.Error) []string {
	var out []string
	for _, e := range list {
		out = append(out, e.Hint)
	}
	return out
}
