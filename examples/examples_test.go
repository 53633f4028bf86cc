package examples_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
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

// update rewrites each .out file from what the interpreter printed. Use it
// after changing an example, then read the new .out before committing it.
var update = flag.Bool("update", false, "rewrite the .out files from the interpreters' output")

// patterns are the example programs; every match is a test case. The
// topic lessons are at the top for 3.13 and in one folder per other release
// (2.7/, 3.6/ … 3.15/).
var patterns = []string{"*.pyasm", "versions/*.pyasm", "[23].*/*.pyasm"}

// TestExamples assembles every example, runs it with its release's
// interpreter and compares what it prints with the .out file beside it.
func TestExamples(t *testing.T) {
	files := glob(t, patterns...)
	require.NotEmpty(t, files, "no examples found")
	for _, path := range files {
		t.Run(strings.TrimSuffix(path, ".pyasm"), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(path)
			require.NoError(t, err)

			data, v := assemble(t, path, src)
			again, _ := assemble(t, path, src)
			require.Equal(t, data, again, "assembling %s twice gives different bytes", path)

			stdout := pythons.RunPyc(t, v.String(), strings.TrimSuffix(filepath.Base(path), ".pyasm")+".pyc", data)

			outPath := strings.TrimSuffix(path, ".pyasm") + ".out"
			if *update {
				require.NoError(t, os.WriteFile(outPath, []byte(stdout), 0o644))
				return
			}
			want, err := os.ReadFile(outPath)
			require.NoError(t, err, "every example needs its expected output beside it")
			assert.Equal(t, string(want), stdout, "stdout of %s (run with Python %s)", path, v)
		})
	}
}

// TestOutputsPaired checks that every program has an expected output and
// that no expected output is left without its program.
func TestOutputsPaired(t *testing.T) {
	programs := glob(t, patterns...)
	outputs := glob(t, "*.out", "versions/*.out", "[23].*/*.out")
	have := map[string]bool{}
	for _, p := range programs {
		have[p] = true
	}
	for _, p := range programs {
		assert.FileExists(t, strings.TrimSuffix(p, ".pyasm")+".out", "%s has no expected output", p)
	}
	for _, o := range outputs {
		assert.True(t, have[strings.TrimSuffix(o, ".out")+".pyasm"], "%s has no program beside it", o)
	}
}

// assemble parses and assembles one file as `pyasm build` does, failing
// the test with pyasm's own error report.
func assemble(t *testing.T, path string, src []byte) ([]byte, *versions.Version) {
	t.Helper()
	prog, err := grammar.Parse(path, src, versions.Newest())
	if err == nil {
		var data []byte
		if data, err = emit.Assemble(prog); err == nil {
			return data, prog.Version
		}
	}
	var report strings.Builder
	asm.PrintErrors(&report, err, 10, func(file string) []byte {
		if file == path {
			return src
		}
		return nil
	})
	t.Fatalf("assembling %s:\n%s", path, report.String())
	return nil, nil
}

func glob(t *testing.T, patterns ...string) []string {
	t.Helper()
	var files []string
	for _, p := range patterns {
		m, err := filepath.Glob(p)
		require.NoError(t, err)
		files = append(files, m...)
	}
	sort.Strings(files)
	return files
}

// TestReadmeLinksEveryLesson: examples/README.md's tables link every
// lesson, and every link there names a file that exists.
func TestReadmeLinksEveryLesson(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	for _, path := range glob(t, "*.pyasm", "[23].*/*.pyasm") {
		assert.Contains(t, string(readme), "]("+path+")", "README.md does not link %s", path)
	}
	for _, m := range regexp.MustCompile(`\]\(([^)#]+\.pyasm)\)`).FindAllStringSubmatch(string(readme), -1) {
		assert.FileExists(t, m[1], "README.md links a file that does not exist")
	}
}
