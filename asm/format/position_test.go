package format

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// TestPositions prints positions in their short form after the
// instruction where one fits, as .line where none does, and reads them
// back the same.
func TestPositions(t *testing.T) {
	const none = asm.NoPosition
	tests := []struct {
		v                          *versions.Version
		line, endLine, col, endCol int
		want                       string // how the NOP's line ends, or the .line
	}{
		{versions.V3_12, 3, 3, none, none, "@3"},
		{versions.V3_12, 3, 3, 0, 5, "@3:0-5"},
		{versions.V3_12, 3, 4, 0, 9, "@3-4:0-9"},
		{versions.V3_12, 3, 4, none, none, "@3-4"},
		{versions.V3_12, none, none, none, none, "@-"},
		{versions.V3_12, 3, 3, 2, none, ".line 3 3 2 none"},
		{versions.V3_12, -5, -5, none, none, ".line -5"},
		{versions.V3_12, 3, none, none, none, ".line 3 none none none"},
		{versions.V3_9, 7, 7, none, none, "@7"},
		{versions.V3_9, 7, none, none, none, "@7"},
		{versions.V2_7, -2, -2, none, none, ".line -2"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.v, tt.want), func(t *testing.T) {
			prog := &asm.Program{Version: tt.v, Module: &asm.Code{Label: "<module>"}}
			ln := &asm.Line{Line: tt.line, EndLine: tt.endLine, Col: tt.col, EndCol: tt.endCol}
			prog.Module.Add(&asm.Label{Name: "top"}, ln, &asm.Label{Name: "here"}, asm.Op("NOP"), asm.Op("LOAD_CONST", asm.Int(0)), asm.Op("RETURN_VALUE"))
			var text bytes.Buffer
			require.NoError(t, Program(&text, prog))
			if strings.HasPrefix(tt.want, "@") {
				assert.Contains(t, text.String(), "NOP"+strings.Repeat(" ", positionColumn-len("    NOP")-1)+" "+tt.want+"\n")
			} else {
				assert.Contains(t, text.String(), "\n"+tt.want+"\n")
			}
			back, err := grammar.Parse("x.pyasm", text.Bytes(), tt.v)
			require.NoError(t, err, text.String())
			var got *asm.Line
			for _, s := range back.Module.Body {
				if l, ok := s.(*asm.Line); ok {
					got = l
				}
			}
			require.NotNil(t, got, text.String())
			wantEnd := tt.endLine
			if tt.v.Lines != versions.Locations311 {
				wantEnd = got.EndLine // before 3.11 a position has no end line
			}
			assert.Equal(t, []int{tt.line, wantEnd, tt.col, tt.endCol}, []int{got.Line, got.EndLine, got.Col, got.EndCol}, text.String())
		})
	}
}

// TestPositionsOptions: NoPositions leaves positions and line tables out;
// Source puts each line's text before the code that starts it, and the
// block's first line before its first instructions.
func TestPositionsOptions(t *testing.T) {
	first := 1
	prog := &asm.Program{Version: versions.V3_12, Filename: "m.py", Module: &asm.Code{Label: "<module>", FirstLineNo: &first, HasLineTable: true, LineTable: []byte{1}}}
	prog.Module.Add(asm.Op("RESUME", asm.Int(0)),
		&asm.Line{Line: 2, EndLine: 2, Col: 0, EndCol: 5}, asm.Op("NOP"),
		&asm.Line{Line: 2, EndLine: 2, Col: 6, EndCol: 7}, asm.Op("NOP"),
		&asm.Line{Line: 3, EndLine: 3, Col: asm.NoPosition, EndCol: asm.NoPosition}, asm.Op("RETURN_CONST", asm.Const(&marshal.None{})))

	var text bytes.Buffer
	require.NoError(t, ProgramWith(&text, prog, Options{NoPositions: true}))
	assert.NotContains(t, text.String(), "@")
	assert.NotContains(t, text.String(), ".line")

	text.Reset()
	src := map[int]string{1: "import os", 2: "a; b   ", 3: ""}
	require.NoError(t, ProgramWith(&text, prog, Options{Source: func(file string, n int) (string, bool) {
		s, ok := src[n]
		return s, ok && file == "m.py"
	}}))
	assert.Equal(t, `.python 3.12
.filename 'm.py'
.firstlineno 1
.linetable b'\x01'
    # 1: import os
    RESUME               0
    # 2: a; b
    NOP                                     @2:0-5
    NOP                                     @2:6-7
    # 3:
    RETURN_CONST         None               @3
`, text.String())
}
