package resolve_test

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

var update = flag.Bool("update", false, "rewrite testdata/features/*/*.out with what the interpreters print")

// featureDir holds one directory per release, X.Y, of programs that
// exercise what the resolver lays out: every jump kind of the release,
// closures, nested functions, exception handlers and generators. Each
// X.pyasm prints what X.out holds when it runs on that release.
const featureDir = "testdata/features"

// TestFeatures assembles every feature program and runs it on its
// release's interpreter; the output must be the .out file beside it. The
// EXTENDED_ARG programs are generated (features_extended_test.go) rather
// than committed, as they are long.
func TestFeatures(t *testing.T) {
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			files := featureFiles(t, v)
			require.GreaterOrEqual(t, len(files), 4, "feature programs for %s", v)
			for _, file := range files {
				t.Run(strings.TrimSuffix(filepath.Base(file), ".pyasm"), func(t *testing.T) {
					t.Parallel()
					src, err := os.ReadFile(file)
					require.NoError(t, err)
					prog := parseFeature(t, file, src, v)
					got := runProgram(t, v, prog)
					golden := strings.TrimSuffix(file, ".pyasm") + ".out"
					if *update {
						require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
						return
					}
					want, err := os.ReadFile(golden)
					require.NoError(t, err, "run with -update to write %s", golden)
					assert.Equal(t, string(want), got)
				})
			}
			t.Run("extended_arg", func(t *testing.T) {
				t.Parallel()
				testExtendedArg(t, v)
			})
		})
	}
}

// TestFeaturesCover checks that the feature programs of each release use
// every jump opcode the release has, and the opcodes of closures (cells
// and free variables) and generators; on 3.11+ they need try regions too.
func TestFeaturesCover(t *testing.T) {
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			used := map[string]bool{}
			tries := 0
			for _, file := range featureFiles(t, v) {
				src, err := os.ReadFile(file)
				require.NoError(t, err)
				walkCode(parseFeature(t, file, src, v).Module, func(s asm.Stmt) {
					switch s := s.(type) {
					case *asm.Instr:
						used[s.Op] = true
					case *asm.Try:
						tries++
					}
				})
			}
			src, _ := extendedArgProgram(v)
			walkCode(parseFeature(t, "extended_arg.pyasm", []byte(src), v).Module, func(s asm.Stmt) {
				if in, ok := s.(*asm.Instr); ok {
					used[in.Op] = true
				}
			})
			want := []string{"LOAD_DEREF", "STORE_DEREF", "YIELD_VALUE"}
			for _, op := range v.Opcodes.Opcodes {
				if op.Jump != versions.NotJump {
					want = append(want, op.Name)
				}
			}
			var missing []string
			for _, name := range want {
				if !used[name] {
					missing = append(missing, name)
				}
			}
			sort.Strings(missing)
			assert.Empty(t, missing, "opcodes no feature program of %s uses", v)
			if v.ExceptionTable {
				assert.GreaterOrEqual(t, tries, 3, "try regions in the feature programs of %s", v)
			}
		})
	}
}

func featureFiles(t *testing.T, v *versions.Version) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(featureDir, v.String(), "*.pyasm"))
	require.NoError(t, err)
	return files
}

// parseFeature parses a program, which must name the release v.
func parseFeature(t *testing.T, file string, src []byte, v *versions.Version) *asm.Program {
	t.Helper()
	prog, err := grammar.Parse(file, src, nil)
	require.NoError(t, err)
	require.Equal(t, v.String(), prog.Version.String(), "%s targets another release", file)
	return prog
}

// walkCode calls f for every statement of a block, its try regions and
// the blocks nested in it.
func walkCode(c *asm.Code, f func(asm.Stmt)) {
	var walk func([]asm.Stmt)
	walk = func(body []asm.Stmt) {
		for _, s := range body {
			f(s)
			switch s := s.(type) {
			case *asm.Try:
				walk(s.Body)
			case *asm.Code:
				walk(s.Body)
			}
		}
	}
	walk(c.Body)
}

// runProgram assembles prog, runs the .pyc with the release's interpreter
// and returns its stdout. A program that fails is a test failure, shown
// with its stderr.
func runProgram(t *testing.T, v *versions.Version, prog *asm.Program) string {
	t.Helper()
	data, err := emit.Assemble(prog)
	require.NoError(t, err)
	return pythons.RunPyc(t, v.String(), "prog.pyc", data)
}
