package asm

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Error is a problem at a position of the source, with an optional hint
// ("did you mean LOAD_ATTR?").
type Error struct {
	Pos  Pos
	Msg  string
	Hint string
	// Stack is, for a verifier finding, the stack the instruction found,
	// as a picture of its slots ("NULL print 'hi'"), bottom first.
	Stack string
	// Verifier marks a finding of the verifier (code CPython would crash
	// on), as opposed to a mistake in the text.
	Verifier bool
	// Warning marks a finding reported but not fatal (the verifier's,
	// under --no-verify).
	Warning bool
	// Advice marks a warning that is not the verifier's: the code assembles
	// and runs, but CPython's tools may mishandle it (a 3.11+ block without
	// RESUME escapes tracing). It is a warning with or without --no-verify.
	Advice bool
}

func (e *Error) Error() string {
	kind := "error"
	if e.Warning {
		kind = "warning"
	}
	if !e.Pos.IsValid() {
		if e.Pos.Where != "" {
			return e.Pos.Where + ": " + kind + ": " + e.Msg
		}
		return kind + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", e.Pos.File, e.Pos.Line, e.Pos.Col, kind, e.Msg)
}

// ErrorList collects the errors of one run, to be reported together.
type ErrorList []*Error

// Add appends an error.
func (l *ErrorList) Add(pos Pos, format string, args ...any) *Error {
	e := &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
	*l = append(*l, e)
	return e
}

// Sort orders the errors by file and position, keeping the order of errors
// at the same place.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Unwrap gives the errors of the list, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Err returns the list sorted as an error, or nil if it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// PrintErrors writes err for a person: each positioned error as
// "file:line:col: error: message", the source line, a caret under the
// column and the hint, at most max errors (then a count of the rest).
// source returns the text of a file, or nil if it is not at hand.
func PrintErrors(w io.Writer, err error, max int, source func(file string) []byte) {
	var list ErrorList
	if !errors.As(err, &list) {
		var one *Error
		if !errors.As(err, &one) {
			fmt.Fprintf(w, "error: %v\n", err)
			return
		}
		list = ErrorList{one}
	}
	for i, e := range list {
		if max > 0 && i == max {
			fmt.Fprintf(w, "too many errors (%d more)\n", len(list)-max)
			return
		}
		fmt.Fprintln(w, e.Error())
		if line, ok := sourceLine(source, e.Pos); ok {
			fmt.Fprintf(w, "    %s\n", line)
			caret := caretIndent(line, e.Pos.Col)
			fmt.Fprintf(w, "    %s^\n", caret)
		}
		if e.Stack != "" {
			fmt.Fprintf(w, "    stack: %s\n", e.Stack)
		}
		if e.Hint != "" {
			fmt.Fprintf(w, "    hint: %s\n", e.Hint)
		}
	}
}

func sourceLine(source func(string) []byte, p Pos) (string, bool) {
	if source == nil || !p.IsValid() {
		return "", false
	}
	text := source(p.File)
	if text == nil {
		return "", false
	}
	lines := bytes.Split(text, []byte("\n"))
	if p.Line > len(lines) {
		return "", false
	}
	return strings.TrimRight(string(lines[p.Line-1]), "\r"), true
}

// caretIndent keeps the line's tabs, so the caret lines up under them.
func caretIndent(line string, col int) string {
	var b strings.Builder
	for i := 0; i < col-1 && i < len(line); i++ {
		if line[i] == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}
