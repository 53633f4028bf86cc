package grammar

import (
	"testing"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/stretchr/testify/assert"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/versions"
)

// TestPositionIsLine: a position after an instruction is the .line
// directive before it.
func TestPositionIsLine(t *testing.T) {
	tests := []struct {
		release, short, line string
	}{
		{"3.12", "@3", ".line 3"},
		{"3.12", "@3:0-5", ".line 3 3 0 5"},
		{"3.12", "@3-4:0-9", ".line 3 4 0 9"},
		{"3.12", "@3-4", ".line 3 4 none none"},
		{"3.12", "@-", ".line none"},
		{"3.12", "@0", ".line 0"},
		{"3.10", "@7", ".line 7"},
		{"3.10", "@-", ".line none"},
		{"2.7", "@12", ".line 12"},
	}
	for _, tt := range tests {
		t.Run(tt.release+" "+tt.short, func(t *testing.T) {
			short := mustParse(t, ".python "+tt.release+"\nl:  NOP "+tt.short+"  # here\n    NOP\n")
			long := mustParse(t, ".python "+tt.release+"\n"+tt.line+"\nl:  NOP\n    NOP\n")
			assert.Equal(t, lines(long.Module.Body), lines(short.Module.Body))
		})
	}
}

// lines are the Line statements of a body, positions left out.
func lines(body []asm.Stmt) []asm.Line {
	var out []asm.Line
	for _, s := range body {
		if l, ok := s.(*asm.Line); ok {
			c := *l
			c.Pos = asm.Pos{}
			out = append(out, c)
		}
	}
	return out
}

// FuzzQuickPosition: a position quickPosition reads is read the same by
// the general path, which also takes every one it refuses or reports it.
func FuzzQuickPosition(f *testing.F) {
	for _, s := range []string{"3", "3:0-5", "3-4:0-9", "3-4", "-", "0", "12-", "1:2", "1-2-3", "999999999", "1000000000", "1:2-3:4", "01-02:03-04"} {
		f.Add(s)
	}
	v, err := versions.Lookup("3.12")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		quick := asm.Line{Line: asm.NoPosition, EndLine: asm.NoPosition, Col: asm.NoPosition, EndCol: asm.NoPosition}
		if !quickPosition(text, &quick) {
			return
		}
		var errs asm.ErrorList
		l := newLowerer(newSource("f.pyasm", "@"+text), v, &errs)
		defer func() { quickPositions = true }()
		quickPositions = false
		slow := l.positionLine(lexer.Token{Type: tokPosition, Value: "@" + text})
		if slow == nil {
			t.Fatalf("quickPosition took @%s, the general path refuses it: %v", text, errs)
		}
		slow.Pos = asm.Pos{}
		assert.Equal(t, *slow, quick, "@%s", text)
	})
}
