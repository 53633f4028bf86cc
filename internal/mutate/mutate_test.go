package mutate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// find returns the mutant described by desc, failing the test if there is
// none.
func find(t *testing.T, ms []Mutant, desc string) Mutant {
	t.Helper()
	for _, m := range ms {
		if m.Desc == desc {
			return m
		}
	}
	var have []string
	for _, m := range ms {
		have = append(have, m.Desc)
	}
	require.Failf(t, "no such mutant", "%s; have:\n%s", desc, strings.Join(have, "\n"))
	return Mutant{}
}

func descs(ms []Mutant) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.Desc)
	}
	return out
}

func TestMutantsEdits(t *testing.T) {
	src := `.python 3.12
    RESUME 0
    PUSH_NULL          # callable below
    LOAD_NAME print
    LOAD_CONST 7
    CALL 1
    POP_TOP
    RETURN_CONST None`
	for _, tc := range []struct {
		desc string
		want string // the mutated lines 2-8, trimmed, joined with "|"
	}{
		{`drop line 3 "PUSH_NULL"`, "RESUME 0|LOAD_NAME print|LOAD_CONST 7|CALL 1|POP_TOP|RETURN_CONST None"},
		{`dup line 4`, "RESUME 0|PUSH_NULL          # callable below|LOAD_NAME print|LOAD_NAME print|LOAD_CONST 7|CALL 1|POP_TOP|RETURN_CONST None"},
		{`swap lines 3,4`, "RESUME 0|LOAD_NAME print|PUSH_NULL          # callable below|LOAD_CONST 7|CALL 1|POP_TOP|RETURN_CONST None"},
		{`move line 7 to before line 2`, "POP_TOP|RESUME 0|PUSH_NULL          # callable below|LOAD_NAME print|LOAD_CONST 7|CALL 1|RETURN_CONST None"},
		{`move line 7 to before line 5`, "RESUME 0|PUSH_NULL          # callable below|LOAD_NAME print|POP_TOP|LOAD_CONST 7|CALL 1|RETURN_CONST None"},
		{`move line 2 to after line 4`, "PUSH_NULL          # callable below|LOAD_NAME print|RESUME 0|LOAD_CONST 7|CALL 1|POP_TOP|RETURN_CONST None"},
		{`move line 2 to after line 7`, "PUSH_NULL          # callable below|LOAD_NAME print|LOAD_CONST 7|CALL 1|POP_TOP|RESUME 0|RETURN_CONST None"},
		{`move line 2 to after line 8`, "PUSH_NULL          # callable below|LOAD_NAME print|LOAD_CONST 7|CALL 1|POP_TOP|RETURN_CONST None|RESUME 0"},
		{`nudge line 6 "CALL 1" -> "CALL 2"`, "RESUME 0|PUSH_NULL          # callable below|LOAD_NAME print|LOAD_CONST 7|CALL 2|POP_TOP|RETURN_CONST None"},
		{`nudge line 6 "CALL 1" -> "CALL 0"`, "RESUME 0|PUSH_NULL          # callable below|LOAD_NAME print|LOAD_CONST 7|CALL 0|POP_TOP|RETURN_CONST None"},
		{`nudge line 2 "RESUME 0" -> "RESUME 1"`, "RESUME 1|PUSH_NULL          # callable below|LOAD_NAME print|LOAD_CONST 7|CALL 1|POP_TOP|RETURN_CONST None"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			m := find(t, Mutants(src), tc.desc)
			lines := strings.Split(m.Src(), "\n")
			require.Equal(t, ".python 3.12", lines[0])
			for i := range lines {
				lines[i] = strings.TrimSpace(lines[i])
			}
			assert.Equal(t, tc.want, strings.Join(lines[1:], "|"))
		})
	}
}

func TestMutantsWhich(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string // every mutant, in order
	}{
		{
			name: "directives, labels and comments stay",
			src: `.python 3.13
# NOP
.line 3
top:
    NOP
    RETURN_CONST None`,
			want: []string{`drop line 5 "NOP"`, `dup line 5`, `swap lines 5,6`,
				`drop line 6 "RETURN_CONST None"`, `dup line 6`},
		},
		{
			name: "no -1, and no nudge of a constant or a non-decimal operand",
			src: `    BUILD_TUPLE 0
    LOAD_CONST 5
    LOAD_CONST !0
    LOAD_CONST (1, 2)
    NOP !01`,
			want: []string{
				`drop line 1 "BUILD_TUPLE 0"`, `dup line 1`, `swap lines 1,2`, `move line 1 to after line 3`, `move line 1 to after line 5`,
				`nudge line 1 "BUILD_TUPLE 0" -> "BUILD_TUPLE 1"`,
				`drop line 2 "LOAD_CONST 5"`, `dup line 2`, `swap lines 2,3`, `move line 2 to after line 4`, `move line 2 to after line 5`,
				`drop line 3 "LOAD_CONST !0"`, `dup line 3`, `swap lines 3,4`, `move line 3 to before line 1`, `move line 3 to after line 5`,
				`nudge line 3 "LOAD_CONST !0" -> "LOAD_CONST !1"`,
				`drop line 4 "LOAD_CONST (1, 2)"`, `dup line 4`, `swap lines 4,5`, `move line 4 to before line 2`, `move line 4 to before line 1`,
				`drop line 5 "NOP !01"`, `dup line 5`, `move line 5 to before line 3`, `move line 5 to before line 1`,
			},
		},
		{
			name: "identical lines give no empty edits",
			src: `    NOP
    NOP`,
			want: []string{`drop line 1 "NOP"`, `dup line 1`},
		},
		{
			name: "instructions stay in their code block; try regions do not split one",
			src: `    NOP
code f {
    LOAD_FAST x
try h {
    RETURN_VALUE
}
h:
    RERAISE 0
}
    RETURN_CONST None`,
			want: []string{
				`drop line 1 "NOP"`, `dup line 1`, `swap lines 1,10`,
				`drop line 3 "LOAD_FAST x"`, `dup line 3`, `swap lines 3,5`, `move line 3 to after line 8`,
				`drop line 5 "RETURN_VALUE"`, `dup line 5`, `swap lines 5,8`,
				`drop line 8 "RERAISE 0"`, `dup line 8`, `move line 8 to before line 3`,
				`nudge line 8 "RERAISE 0" -> "RERAISE 1"`,
				`drop line 10 "RETURN_CONST None"`, `dup line 10`,
			},
		},
		{
			name: "strings: a # or a brace inside one, and an operand over lines",
			src: `    LOAD_CONST "# {"
    LOAD_CONST """a
NOP
b""" # }
    BUILD_TUPLE 2`,
			want: []string{
				`drop line 1 "LOAD_CONST \"# {\""`, `dup line 1`, `swap lines 1,2`, `move line 1 to after line 5`,
				`drop line 2 "LOAD_CONST \"\"\"a"`, `dup line 2`, `swap lines 2,5`,
				`drop line 5 "BUILD_TUPLE 2"`, `dup line 5`, `move line 5 to before line 1`,
				`nudge line 5 "BUILD_TUPLE 2" -> "BUILD_TUPLE 3"`, `nudge line 5 "BUILD_TUPLE 2" -> "BUILD_TUPLE 1"`,
			},
		},
		{
			name: "2.7 names and labels before an instruction",
			src: `.python 2.7
    SLICE+0
L1: NOP
    STOP_CODE`,
			want: []string{`drop line 2 "SLICE+0"`, `dup line 2`, `swap lines 2,4`, `drop line 4 "STOP_CODE"`, `dup line 4`},
		},
		{
			name: "nothing to edit",
			src:  ".python 3.12\n# only a comment\n",
			want: []string{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, descs(Mutants(tc.src)))
		})
	}
}

// A multi-line instruction moves whole; the lines of its string are never
// edited on their own.
func TestMutantsMultiLine(t *testing.T) {
	src := "    LOAD_CONST \"\"\"a\nNOP\nb\"\"\"\n    BUILD_TUPLE 2"
	m := find(t, Mutants(src), "swap lines 1,4")
	assert.Equal(t, "    BUILD_TUPLE 2\n    LOAD_CONST \"\"\"a\nNOP\nb\"\"\"", m.Src())
	m = find(t, Mutants(src), "dup line 1")
	assert.Equal(t, "    LOAD_CONST \"\"\"a\nNOP\nb\"\"\"\n    LOAD_CONST \"\"\"a\nNOP\nb\"\"\"\n    BUILD_TUPLE 2", m.Src())
}

// The same text gives the same mutants, and each differs from the source
// and from the others.
func TestMutantsDeterministic(t *testing.T) {
	src := `.python 3.12
    RESUME 0
    LOAD_CONST 1
    LOAD_CONST 2
    BUILD_TUPLE 2
    BUILD_TUPLE 1
    POP_TOP
    RETURN_CONST None`
	a, b := Mutants(src), Mutants(src)
	require.Equal(t, len(a), len(b))
	for i := range a {
		require.Equal(t, a[i].Desc, b[i].Desc)
		require.Equal(t, a[i].Src(), b[i].Src())
	}
	seen := map[string]bool{src: true}
	for _, m := range a {
		assert.False(t, seen[m.Src()], "%s repeats a text", m.Desc)
		seen[m.Src()] = true
	}
}
