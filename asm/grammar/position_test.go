package grammar

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pyasm/pyasm/asm"
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
