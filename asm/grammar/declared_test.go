package grammar

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// declaredWhole is DeclaredVersion reading the whole text, as it did
// before it read only as far as it needs.
func declaredWhole(src []byte) (string, int, int, bool) {
	text, pos, found, _ := declared(newSource("", string(src)))
	return text, pos.Line, pos.Col, found
}

var declaredCases = []string{
	"",
	".python 3.12\nNOP\n",
	"# .python 3.8 in a comment\n.python 3.9\n",
	"LOAD_CONST '.python 3.8'\n.python 3.10\n",
	"LOAD_CONST '''\n.python 3.8\n'''\n.python 3.11\n",
	".python '3.12'",
	".python \"\"\"3.12\n\"\"\"\n",
	".python\n",
	"NOP\nNOP\n.python 3.13",
	"\ufeff.python 3.7\n",
	"LOAD_CONST '''.python 3.8\n",
	".pythonic 3.8\n.python 3.6\n",
	"x .python 3.8\n.python 2.7\n",
}

// TestDeclaredVersionAsWhole: reading only up to the directive finds
// what reading the whole text finds.
func TestDeclaredVersionAsWhole(t *testing.T) {
	for _, src := range declaredCases {
		text, pos, found := DeclaredVersion([]byte(src))
		wText, wLine, wCol, wFound := declaredWhole([]byte(src))
		assert.Equal(t, wFound, found, "%q", src)
		assert.Equal(t, wText, text, "%q", src)
		assert.Equal(t, [2]int{wLine, wCol}, [2]int{pos.Line, pos.Col}, "%q", src)
	}
}

func FuzzDeclaredVersion(f *testing.F) {
	for _, src := range declaredCases {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		text, pos, found := DeclaredVersion([]byte(src))
		wText, wLine, wCol, wFound := declaredWhole([]byte(src))
		if found != wFound || text != wText || pos.Line != wLine || pos.Col != wCol {
			t.Fatalf("%q: got %q %d:%d %v, whole text gives %q %d:%d %v", src, text, pos.Line, pos.Col, found, wText, wLine, wCol, wFound)
		}
	})
}
