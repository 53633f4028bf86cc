package grammar

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/internal/errorcheck"
	"github.com/pyasm/pyasm/versions"
)

// TestErrorFiles checks testdata/bad-*.pyasm in the style of Go's
// test/errorcheck: a line that must get an error carries a comment
// # ERROR "part of the message" (one per expected error), and optionally
// # HINT "part of the hint"; every marked line gets such errors at that
// line, and no unmarked line gets any. A mark is plain text, not a Go
// literal, so that messages about escapes read as the source does.
func TestErrorFiles(t *testing.T) {
	bad := errorcheck.Files{Pattern: "testdata/bad-*.pyasm", AtLeast: 12}
	bad.Check(t, func(t *testing.T, file string, src []byte) error {
		prog, err := Parse(file, src, versions.Newest())
		assert.Nil(t, prog)
		return err
	})
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
