package grammar

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/spec"
)

// isKeyword knows every word the grammar spells out.
func TestKeywords(t *testing.T) {
	var words []string
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`"([A-Za-z_]\w*)"`).FindAllStringSubmatch(lineParser().String(), -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			words = append(words, m[1])
		}
	}
	sort.Strings(words)
	require.NotEmpty(t, words)
	for _, w := range words {
		assert.True(t, isKeyword(w), w)
	}
	for _, w := range []string{"x", "None", "LOAD_CONST", "Code", "in_", ""} {
		assert.False(t, isKeyword(w), w)
	}
}

// checkPlainLines checks that every plain line of a text gets the tree
// participle builds for it, and returns how many lines were plain.
func checkPlainLines(t *testing.T, text string) (plain, all int) {
	t.Helper()
	s := newSource("t.pyasm", text)
	var p plainParser
	lines := s.allLines()
	for _, ln := range lines {
		got := p.line(ln.toks)
		if got == nil {
			continue
		}
		plain++
		want, err := parseTokens(lineParser(), ln.toks, ln.end)
		if err != nil {
			t.Fatalf("line %d: participle fails where plainParser builds a tree: %v\n%s", ln.toks[0].Pos.Line, err, lineText(s, ln))
		}
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("line %d: plainParser builds\n%#v\nwant\n%#v\n%s", ln.toks[0].Pos.Line, got, want, lineText(s, ln))
		}
	}
	return plain, len(lines)
}

func lineText(s *source, ln srcLine) string {
	last := ln.toks[len(ln.toks)-1]
	return s.text[ln.toks[0].Pos.Offset : last.Pos.Offset+len(last.Value)]
}

func plainCorpus(t testing.TB) map[string]string {
	out := map[string]string{}
	for _, glob := range []string{"testdata/*.pyasm", "../../examples/*.pyasm", "../../examples/*/*.pyasm"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			src, err := os.ReadFile(file)
			require.NoError(t, err)
			out[file] = string(src)
		}
	}
	for _, ex := range spec.Examples() {
		out["SYNTAX.md:"+ex.Src[:min(len(ex.Src), 20)]] = ex.Src
	}
	out["edges"] = `L1:
L2: NOP
"a b": NOP
"a b": LOAD_CONST 1 2
x: y: NOP
L3: .line 1
L4: }
}
} }
} x
NOP
NOP ,
NOP :
LOAD_CONST 1 'a' b"x" ... None -1.5e3 +inf 0x_1f 1j
LOAD_CONST @g
LOAD_CONST @
BINARY_OP [] 
BINARY_OP //= x
COMPARE_OP != 
COMPARE_OP not in
COMPARE_OP is not
COMPARE_OP exception match
COMPARE_OP in
COMPARE_OP is
COMPARE_OP exception
COMPARE_OP not
LOAD_GLOBAL match
LOAD_CONST frozenset
LOAD_CONST frozenset()
LOAD_CONST slice
LOAD_CONST slice(1, 2, 3)
LOAD_FAST lasti depth
LOAD_FAST code try
COMPARE_OP not is
COMPARE_OP exception exception match
COMPARE_OP is not in not
LOAD_CONST frozenset slice frozenset()
LOAD_CONST (match, 1)
LOAD_FAST !3
LOAD_FAST ! 3
LOAD_FAST (1+2j)
code f {
code: NOP
try: NOP
code
try x lasti depth 2 {
.consts 1, 'a', (2,), x
.consts 1, 'a', x
.consts 1 2 3
.consts , ,
.consts 1,
.varnames a, b
.names x, 'frozenset', y
.names match, exception, not, code, try, lasti, depth, frozenset, slice
.line 1 2 3 4
.line none 1 none 2
.kind a LOCAL|0x01
.flags OPTIMIZED|NEWLOCALS
.name "<lambda>"
.python 3.12
.x
.
5
-x
'a'
"""a
b"""
LOAD_CONST """a
b""" 1
`
	return out
}

// Every plain line of the test files, examples, spec examples and a few
// edge cases gets the tree participle builds, and most lines are plain.
func TestPlainLines(t *testing.T) {
	for name, text := range plainCorpus(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			checkPlainLines(t, text)
		})
	}
	t.Run("pydecimal", func(t *testing.T) {
		if testing.Short() {
			t.Skip("short")
		}
		text, _ := pydecimalText(t)
		plain, all := checkPlainLines(t, string(text))
		t.Logf("%d of %d lines are plain", plain, all)
		assert.Greater(t, plain, all*9/10)
	})
}

// FuzzPlainLine: on any text, plainParser builds participle's tree or none.
func FuzzPlainLine(f *testing.F) {
	for _, text := range plainCorpus(f) {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkPlainLines(t, text)
	})
}
