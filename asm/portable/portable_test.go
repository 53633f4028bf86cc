package portable_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/portable"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/spec"
	"github.com/pyasm/pyasm/versions"
)

var update = flag.Bool("update", false, "rewrite testdata/*.out and testdata/lowered/* with what the newest release prints and what pyasm lowers")

// errText prints an error list with its source lines, for a failing test.
func errText(err error, src []byte) string {
	var b strings.Builder
	asm.PrintErrors(&b, err, 0, func(string) []byte { return src })
	return b.String()
}

// buildAll builds a portable program for every release, runs it on the
// release's interpreter and checks that its lowered text assembles to the
// same .pyc; it returns each release's output and lowered text.
func buildAll(t *testing.T, name string, src []byte) (outputs, lowered map[string]string) {
	outputs, lowered = map[string]string{}, map[string]string{}
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			prog, err := grammar.Parse(name, src, v)
			require.NoError(t, err, "%s", errText(err, src))
			require.True(t, portable.Has(prog), "no portable instruction in %s", name)
			data, err := emit.Assemble(prog)
			require.NoError(t, err, "%s", errText(err, src))

			low, _, err := portable.Lower(prog)
			require.NoError(t, err)
			var text bytes.Buffer
			require.NoError(t, format.Program(&text, low))
			lowered[v.String()] = text.String()
			again, err := grammar.Parse("lowered.pyasm", text.Bytes(), nil)
			require.NoError(t, err, "%s\n%s", errText(err, text.Bytes()), text.String())
			assert.False(t, portable.Has(again))
			data2, err := emit.Assemble(again)
			require.NoError(t, err, "%s\n%s", errText(err, text.Bytes()), text.String())
			assert.Equal(t, data, data2, "the lowered text assembles to another .pyc:\n%s", text.String())

			outputs[v.String()] = pythons.RunPyc(t, v.String(), strings.TrimSuffix(filepath.Base(name), ".pyasm")+".pyc", data)
		})
	}
	return outputs, lowered
}

// The portable programs of testdata run on every release with the output
// of their .out file, and their lowering for each release, which
// testdata/lowered keeps, assembles to the same .pyc.
func TestProgramsRun(t *testing.T) {
	files, err := filepath.Glob("testdata/*.pyasm")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		stem := strings.TrimSuffix(filepath.Base(file), ".pyasm")
		t.Run(stem, func(t *testing.T) {
			src, err := os.ReadFile(file)
			require.NoError(t, err)
			outputs, lowered := buildAll(t, file, src)
			golden := filepath.Join("testdata", stem+".out")
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(outputs[versions.Newest().String()]), 0o644))
				require.NoError(t, os.MkdirAll(filepath.Join("testdata", "lowered"), 0o755))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run with -update to write %s", golden)
			for v, out := range outputs {
				assert.Equal(t, string(want), out, "%s prints something else on %s", stem, v)
			}
			for v, text := range lowered {
				path := filepath.Join("testdata", "lowered", stem+"-"+v+".pyasm")
				if *update {
					require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
				}
				want, err := os.ReadFile(path)
				require.NoError(t, err, "run with -update to write %s", path)
				assert.Equal(t, string(want), text, "%s lowers otherwise on %s", stem, v)
			}
		})
	}
}

// Each example of SYNTAX.md without a .python line is portable: it builds
// for every release, prints the same on each, and its lowering assembles
// to the same .pyc.
func TestSpecExamples(t *testing.T) {
	n := 0
	for _, ex := range spec.Examples() {
		if _, _, declared := grammar.DeclaredVersion([]byte(ex.Src)); declared {
			continue
		}
		n++
		t.Run("SYNTAX.md:"+strconv.Itoa(ex.Line), func(t *testing.T) {
			outputs, _ := buildAll(t, "example.pyasm", []byte(ex.Src))
			want, ok := outputs[versions.Newest().String()]
			require.True(t, ok)
			for v, out := range outputs {
				assert.Equal(t, want, out, "SYNTAX.md line %d prints something else on %s than on %s", ex.Line, v, versions.Newest())
			}
		})
	}
	assert.GreaterOrEqual(t, n, 4, "SYNTAX.md has too few portable examples")
}
