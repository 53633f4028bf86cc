package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// genBare is run by each interpreter in the test's directory: it writes
// marshal.dumps of a module that prints "assembled" to code.bin, and
// prints where import looks for mod.py's cached .pyc.
const genBare = `import marshal, os, sys
code = compile('print("assembled")\n', 'mod.py', 'exec')
with open('code.bin', 'wb') as f:
    f.write(marshal.dumps(code))
if sys.version_info[0] == 2:
    print(os.path.abspath('mod.pyc'))
else:
    import importlib.util
    print(importlib.util.cache_from_source(os.path.abspath('mod.py')))
`

// python runs py with args in dir, with bytecode writing off so that a
// stale cache shows as the source running rather than being replaced.
func python(t *testing.T, py, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(py, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "%s %v\n%s", py, args, stderr.String())
	return stdout.String()
}

// pyasm runs the CLI and requires it to succeed.
func pyasm(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run(args, &out, &errOut), "pyasm %v\n%s", args, errOut.String())
	return out.String()
}

// bareModule makes, with the interpreter of v, marshal.dumps of a module
// printing "assembled" (code.bin) and mod.py, which prints "from source";
// it returns the interpreter, the directory and mod.py's cache path.
func bareModule(t *testing.T, v *versions.Version) (py, dir, cache string) {
	py = pythons.Require(t, v.String())
	dir = t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "gen.py"), []byte(genBare), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "mod.py"), []byte("print(\"from source\")\n"), 0o644))
	cache = strings.TrimSpace(python(t, py, dir, "gen.py"))
	require.NoError(t, os.MkdirAll(filepath.Dir(cache), 0o755))
	return py, dir, cache
}

// TestImportable: build --source writes the header import checks, so that
// `import mod` runs the assembled code from the cache and not mod.py; each
// header kind the release has is shown to be checked by changing what it
// covers, after which the source runs instead (an unchecked hash ignores
// the change).
func TestImportable(t *testing.T) {
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			py, dir, cache := bareModule(t, v)
			src := filepath.Join(dir, "mod.py")
			text := filepath.Join(dir, "mod.pyasm")
			pyasm(t, "dis", "--python", v.String(), filepath.Join(dir, "code.bin"), "-o", text)
			kinds := []struct {
				name      string
				flags     []string
				change    func()
				afterward string // what import prints once the source changed
			}{
				{"timestamp", nil, func() {
					later := time.Now().Add(time.Hour)
					require.NoError(t, os.Chtimes(src, later, later))
				}, "from source"},
				{"checked hash", []string{"--hash", "checked"}, func() {
					require.NoError(t, os.WriteFile(src, []byte("print(\"from source\")  \n"), 0o644))
				}, "from source"},
				{"unchecked hash", []string{"--hash", "unchecked"}, func() {
					require.NoError(t, os.WriteFile(src, []byte("print(\"from source\")    \n"), 0o644))
				}, "assembled"},
			}
			for _, k := range kinds {
				if k.flags != nil && v.Header != versions.HeaderFlags {
					continue // hash-based headers came in 3.7
				}
				t.Run(k.name, func(t *testing.T) {
					pyasm(t, append([]string{"build", text, "--source", src, "-o", cache}, k.flags...)...)
					assert.Equal(t, "assembled\n", python(t, py, dir, "-c", "import mod"))
					k.change()
					assert.Equal(t, k.afterward+"\n", python(t, py, dir, "-c", "import mod"))
				})
			}
		})
	}
}

// TestBareCode: marshal.dumps output of each interpreter disassembles with
// --python, and assembles back with --no-header: byte for byte with
// --exact, and to code the interpreter runs without it. The same code
// behind a zeroed magic number reads too, and explain says so.
func TestBareCode(t *testing.T) {
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			py, dir, _ := bareModule(t, v)
			bare := filepath.Join(dir, "code.bin")
			want, err := os.ReadFile(bare)
			require.NoError(t, err)

			exact := filepath.Join(dir, "exact.pyasm")
			back := filepath.Join(dir, "back.bin")
			pyasm(t, "dis", "--exact", "--python", v.String(), bare, "-o", exact)
			pyasm(t, "build", "--no-header", exact, "-o", back)
			got, err := os.ReadFile(back)
			require.NoError(t, err)
			assert.Equal(t, want, got, "exact round trip")

			text := pyasm(t, "dis", "--python", v.String(), bare)
			assert.Contains(t, text, "# The input had no header; read as CPython "+v.String()+".\n")
			human := filepath.Join(dir, "human.pyasm")
			require.NoError(t, os.WriteFile(human, []byte(text), 0o644))
			pyasm(t, "build", "--no-header", human, "-o", filepath.Join(dir, "human.bin"))
			assert.Equal(t, "assembled\n", python(t, py, dir, "-c", "import marshal; exec(marshal.loads(open('human.bin', 'rb').read()))"))

			// The same code behind a header whose magic was zeroed.
			pycData := pyasm(t, "build", human, "-o", "-")
			zeroed := append(make([]byte, 4), pycData[4:]...)
			zpath := filepath.Join(dir, "zeroed.pyc")
			require.NoError(t, os.WriteFile(zpath, zeroed, 0o644))
			assert.Contains(t, pyasm(t, "explain", "--python", v.String(), zpath), "magic number: zeroed")
			assert.Contains(t, pyasm(t, "dis", "--python", v.String(), zpath), "# The input had a header with a foreign magic number")
			var out, errOut bytes.Buffer
			assert.Equal(t, exitError, run([]string{"dis", zpath}, &out, &errOut), "without --python")
		})
	}
}
