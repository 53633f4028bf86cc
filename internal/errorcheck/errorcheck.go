// Package errorcheck checks the errors a front end reports on bad source
// files against marks written in those files, in the style of Go's
// test/errorcheck. It is test support for the errors tests of asm/grammar
// and asm/resolve; it is an ordinary package, not a _test.go file, so that
// both can import it.
package errorcheck

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
)

// Files names a set of bad files and says how their marks are written.
//
// A line that must get an error carries # ERROR "part of the message", one
// mark per error, and optionally # HINT "part of the hint".
type Files struct {
	// Pattern is the filepath.Glob pattern of the files.
	Pattern string
	// AtLeast is how many files Pattern must match, so that a moved or
	// emptied testdata directory fails instead of checking nothing.
	AtLeast int
	// Quoted says a mark is a Go string literal, so that a message with
	// quotes can be written: # ERROR "3.12 has no comparison \"in\"".
	// Otherwise a mark is the text between two quotes as it stands, which
	// suits messages about escapes: # ERROR "truncated \x escape".
	Quoted bool
}

var (
	plainErrorMark  = regexp.MustCompile(`# ERROR ("[^"]*")`)
	plainHintMark   = regexp.MustCompile(`# HINT ("[^"]*")`)
	quotedErrorMark = regexp.MustCompile(`# ERROR ("(?:[^"\\]|\\.)*")`)
	quotedHintMark  = regexp.MustCompile(`# HINT ("(?:[^"\\]|\\.)*")`)
)

// Check runs errorsOf on each file, in a parallel subtest named after it,
// and checks the error it returns: an asm.ErrorList in the order of the
// source, in which every marked line gets exactly its errors, no unmarked
// line gets any, and at least two lines are marked (a bad file shows that
// the checks go on after the first error).
func (fs Files) Check(t *testing.T, errorsOf func(t *testing.T, file string, src []byte) error) {
	t.Helper()
	files, err := filepath.Glob(fs.Pattern)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), fs.AtLeast, "files matching %s", fs.Pattern)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".pyasm"), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(file)
			require.NoError(t, err)
			err = errorsOf(t, file, src)
			require.Error(t, err)
			var list asm.ErrorList
			require.True(t, errors.As(err, &list), "error is %T", err)
			fs.checkMarks(t, file, src, list)
		})
	}
}

func (fs Files) checkMarks(t *testing.T, file string, src []byte, list asm.ErrorList) {
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
	errorMark, hintMark := plainErrorMark, plainHintMark
	if fs.Quoted {
		errorMark, hintMark = quotedErrorMark, quotedHintMark
	}
	marked := 0
	for i, text := range strings.Split(string(src), "\n") {
		line := i + 1
		wants := fs.marks(t, errorMark, text)
		hints := fs.marks(t, hintMark, text)
		got := byLine[line]
		if len(wants) == 0 {
			for _, e := range got {
				t.Errorf("%s:%d:%d: unexpected error: %s", file, line, e.Pos.Col, e.Msg)
			}
			continue
		}
		marked++
		if len(got) != len(wants) {
			t.Errorf("%s:%d: want %d errors, got %d: %q", file, line, len(wants), len(got), Messages(got))
		}
		for _, w := range wants {
			if !anyError(got, func(e *asm.Error) bool { return strings.Contains(e.Msg, w) }) {
				t.Errorf("%s:%d: no error contains %q; got %q", file, line, w, Messages(got))
			}
		}
		for _, h := range hints {
			if !anyError(got, func(e *asm.Error) bool { return strings.Contains(e.Hint, h) }) {
				t.Errorf("%s:%d: no hint contains %q; got %q", file, line, h, hintsOf(got))
			}
		}
	}
	assert.GreaterOrEqual(t, marked, 2, "a bad file shows several errors")
}

// marks reads the texts of one kind of mark on a line.
func (fs Files) marks(t *testing.T, re *regexp.Regexp, line string) []string {
	t.Helper()
	var out []string
	for _, m := range re.FindAllStringSubmatch(line, -1) {
		text := m[1][1 : len(m[1])-1]
		if fs.Quoted {
			var err error
			text, err = strconv.Unquote(m[1])
			require.NoError(t, err, "mark %s", m[1])
		}
		out = append(out, text)
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

// Messages lists the messages of errors, for a failure to show.
func Messages(list []*asm.Error) []string {
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
