package grammar

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/versions"
)

var (
	errorMarkRE = regexp.MustCompile(`# ERROR "([^"]*)"`)
	hintMarkRE  = regexp.MustCompile(`# HINT "([^"]*)"`)
)

// TestErrorFiles checks testdata/bad-*.pyasm in the style of Go's
// test/errorcheck: a line that must get an error carries a comment
// # ERROR "part of the message" (one per expected error), and optionally
// # HINT "part of the hint"; every marked line gets such errors at that
// line, and no unmarked line gets any.
func TestErrorFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/bad-*.pyasm")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 12)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			require.NoError(t, err)
			prog, err := Parse(file, src, versions.Newest())
			require.Error(t, err)
			assert.Nil(t, prog)
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
				wants := errorMarkRE.FindAllStringSubmatch(text, -1)
				hints := hintMarkRE.FindAllStringSubmatch(text, -1)
				got := byLine[line]
				if len(wants) == 0 {
					for _, e := range got {
						t.Errorf("%s:%d:%d: unexpected error: %s", file, line, e.Pos.Col, e.Msg)
					}
					continue
				}
				marked++
				if len(got) != len(wants) {
					t.Errorf("%s:%d: want %d errors, got %d: %v", file, line, len(wants), len(got), msgs(got))
				}
				for _, w := range wants {
					if !anyError(got, func(e *asm.Error) bool { return strings.Contains(e.Msg, w[1]) }) {
						t.Errorf("%s:%d: no error contains %q; got %v", file, line, w[1], msgs(got))
					}
				}
				for _, h := range hints {
					if !anyError(got, func(e *asm.Error) bool { return strings.Contains(e.Hint, h[1]) }) {
						t.Errorf("%s:%d: no hint contains %q; got %v", file, line, h[1], hintsOf(got))
					}
				}
			}
			assert.GreaterOrEqual(t, marked, 2, "a bad file shows several errors")
		})
	}
}

func anyError(list []*asm.Error, f func(*asm.Error) bool) bool {
	for _, e := range list {
		if f(e) {
			return true
		}
	}
	return false
}

func msgs(list []*asm.Error) []string {
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

func TestNoRelease(t *testing.T) {
	_, err := Parse("x.pyasm", []byte("    NOP\n"), nil)
	var list asm.ErrorList
	require.ErrorAs(t, err, &list)
	require.Len(t, list, 1)
	assert.Contains(t, list[0].Msg, "no target release")
	assert.Contains(t, list[0].Hint, "2.7")
	assert.Equal(t, asm.Pos{File: "x.pyasm", Line: 1, Col: 1}, list[0].Pos)
}

func TestDeclaredVersion(t *testing.T) {
	tests := []struct {
		name, src, want string
		pos             asm.Pos
		found           bool
	}{
		{"none", "    NOP\n", "", asm.Pos{}, false},
		{"first line", ".python 3.12\n    NOP\n", "3.12", asm.Pos{Line: 1, Col: 9}, true},
		{"after comments", "# hello\n\n  .python   3.10 # ten\n", "3.10", asm.Pos{Line: 3, Col: 13}, true},
		{"string", `.python "2.7"`, "2.7", asm.Pos{Line: 1, Col: 9}, true},
		{"unsupported", ".python 3.5\n", "3.5", asm.Pos{Line: 1, Col: 9}, true},
		{"later", "    NOP\n.python 3.9\n", "3.9", asm.Pos{Line: 2, Col: 9}, true},
		{"missing", ".python\n", "", asm.Pos{Line: 1, Col: 1}, true},
		{"inside a string", "LOAD_CONST \"\"\"\n.python 3.9\n\"\"\"\n", "", asm.Pos{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, pos, found := DeclaredVersion([]byte(tt.src))
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.pos, pos)
			assert.Equal(t, tt.found, found)
		})
	}
}

func TestUnsupportedRelease(t *testing.T) {
	_, err := Parse("x.pyasm", []byte(".python 3.5\n    NOP\n    BOGUS\n"), versions.Newest())
	var list asm.ErrorList
	require.ErrorAs(t, err, &list)
	require.Len(t, list, 1)
	assert.Equal(t, "unsupported Python release 3.5", list[0].Msg)
	assert.Equal(t, asm.Pos{File: "x.pyasm", Line: 1, Col: 9}, list[0].Pos)
	assert.Contains(t, list[0].Hint, "2.7, 3.6")
	assert.Contains(t, list[0].Hint, "3.15")
}

// The error output a person sees, as the spec shows it.
func TestPrintedError(t *testing.T) {
	src := []byte(".python 3.12\n    RESUME 0\n    LOAD_NAME s\n    LOAD_METHOD upper\n")
	_, err := Parse("hello.pyasm", src, nil)
	var b strings.Builder
	asm.PrintErrors(&b, err, 0, func(string) []byte { return src })
	assert.Equal(t, "hello.pyasm:4:5: error: LOAD_METHOD is a pseudo-instruction of the 3.12 compiler, not an opcode\n"+
		"        LOAD_METHOD upper\n"+
		"        ^\n"+
		"    hint: 3.12 merged it into LOAD_ATTR: write LOAD_ATTR NAME method\n", b.String())
}
