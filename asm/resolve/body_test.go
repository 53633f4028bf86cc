package resolve_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/disasm"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// TestEmptyModule: a file with nothing but its release is refused on every
// release, and the body the hint offers assembles and runs there. With
// NoVerify it is a warning, as the verifier's findings are.
func TestEmptyModule(t *testing.T) {
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			src := fmt.Sprintf(".python %s\n", v)
			prog, err := grammar.Parse("empty.pyasm", []byte(src), nil)
			require.NoError(t, err)
			_, err = resolve.Resolve(prog)
			var list asm.ErrorList
			require.ErrorAs(t, err, &list)
			require.Len(t, list, 1)
			assert.Equal(t, "the module has no instructions: CPython would run past the end of its code", list[0].Msg)
			assert.Equal(t, asm.Pos{File: "empty.pyasm", Line: 1, Col: 1}, list[0].Pos)

			_, warnings, err := resolve.ResolveWith(prog, resolve.Options{NoVerify: true})
			require.NoError(t, err)
			require.Len(t, warnings, 1)
			assert.True(t, warnings[0].Warning)

			hint := list[0].Hint
			_, body, ok := strings.Cut(hint, ": ")
			require.True(t, ok, "hint %q", hint)
			src += "    " + strings.Join(strings.Split(body, ", "), "\n    ") + "\n"
			prog, err = grammar.Parse("least.pyasm", []byte(src), nil)
			require.NoError(t, err, "%s", src)
			data, err := emit.Assemble(prog)
			require.NoError(t, err, "%s", src)
			pythons.RunPyc(t, v.String(), "least.pyc", data)
		})
	}
}

// TestResumeAdvice: a 3.11+ block whose first instruction after the
// prologue is not RESUME assembles, with a warning marked as advice (with
// NoVerify too), which the disassembler does not count among the
// verifier's findings.
func TestResumeAdvice(t *testing.T) {
	tests := []struct {
		name, src string
		line      int // of the warning; 0: none
	}{
		{"module", `
.python 3.12
    LOAD_CONST None
    RETURN_VALUE`, 2},
		{"function", `
.python 3.13
    RESUME 0
    LOAD_CONST @f
    MAKE_FUNCTION
    POP_TOP
    RETURN_CONST None
code f {
    MAKE_CELL x
    LOAD_CONST 1
    RETURN_VALUE
}`, 9},
		{"prologue", `
.python 3.11
    RESUME 0
    LOAD_CONST @f
    POP_TOP
    LOAD_CONST None
    RETURN_VALUE
code f {
    .freevars x
    COPY_FREE_VARS 1
    MAKE_CELL y
    RETURN_GENERATOR
    POP_TOP
    RESUME 0
    LOAD_DEREF x
    RETURN_VALUE
}`, 0},
		{"before 3.11", `
.python 3.10
    LOAD_CONST None
    RETURN_VALUE`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog, err := grammar.Parse("resume.pyasm", []byte(strings.TrimPrefix(tt.src, "\n")), nil)
			require.NoError(t, err)
			for _, opts := range []resolve.Options{{}, {NoVerify: true}} {
				_, warnings, err := resolve.ResolveWith(prog, opts)
				require.NoError(t, err)
				if tt.line == 0 {
					assert.Empty(t, warnings)
					continue
				}
				require.Len(t, warnings, 1)
				w := warnings[0]
				assert.True(t, w.Warning && w.Advice)
				assert.Contains(t, w.Msg, "does not start with RESUME")
				assert.Contains(t, w.Hint, "write RESUME 0 before this instruction")
				assert.Equal(t, tt.line, w.Pos.Line)
			}
			if tt.line == 0 {
				return
			}
			data, err := emit.Assemble(prog)
			require.NoError(t, err)
			f, err := pyc.Read(data)
			require.NoError(t, err)
			_, st, err := disasm.Human(f)
			require.NoError(t, err)
			assert.Empty(t, st.Unverified)
		})
	}
}

// TestNoAdvice: the feature programs, the examples and the examples of
// SYNTAX.md are written as CPython writes code, and get no advice.
func TestNoAdvice(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(featureDir, "*", "*.pyasm"))
	require.NoError(t, err)
	for _, pattern := range []string{"../../examples/*.pyasm", "../../examples/versions/*.pyasm"} {
		more, err := filepath.Glob(pattern)
		require.NoError(t, err)
		files = append(files, more...)
	}
	sources := map[string][]byte{}
	for _, file := range files {
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		sources[file] = src
	}
	doc, err := os.ReadFile("../../spec/SYNTAX.md")
	require.NoError(t, err)
	for i, m := range regexp.MustCompile("(?s)```pyasm\n(.*?)```").FindAllSubmatch(doc, -1) {
		sources[fmt.Sprintf("SYNTAX.md example %d", i+1)] = m[1]
	}
	for _, v := range versions.All() {
		src, _ := extendedArgProgram(v)
		sources["extended_arg "+v.String()] = []byte(src)
	}
	require.Greater(t, len(sources), 80)
	for name, src := range sources {
		// A portable example has no .python line: read it for the newest
		// release, as the spec's own tests do.
		prog, err := grammar.Parse(name, src, versions.Newest())
		require.NoError(t, err, name)
		// The verifier's findings are other tests' concern: with NoVerify
		// they are warnings, which are not advice.
		_, warnings, err := resolve.ResolveWith(prog, resolve.Options{NoVerify: true})
		require.NoError(t, err, name)
		for _, w := range warnings {
			assert.False(t, w.Advice, "%s: %s", name, w)
		}
	}
}
