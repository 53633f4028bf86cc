// Package pythons finds real CPython interpreters on this machine. pyasm
// itself never needs one; the tests, the opcode-table generator and
// `pyasm run` do, because what an interpreter does is the ground truth.
//
// An interpreter for release X.Y is looked for, in order, in
// $PYASM_PYTHONS/X.Y/bin/python, as pythonX.Y on PATH, in pyenv's versions
// (X.Y.*), and in ~/.cache/pyasm/pythons/X.Y/bin/python, where
// shared/tools/install-pythons.sh puts the releases the machine image lacks.
package pythons

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var (
	mu    sync.Mutex
	found = map[string]result{}
)

type result struct {
	path string
	err  error
}

// Find returns the path of an interpreter for release version ("3.12"),
// checked by asking it its version.
func Find(version string) (string, error) {
	mu.Lock()
	defer mu.Unlock()
	if r, ok := found[version]; ok {
		return r.path, r.err
	}
	path, err := search(version)
	found[version] = result{path, err}
	return path, err
}

func search(version string) (string, error) {
	var tried []string
	for _, c := range candidates(version) {
		tried = append(tried, c)
		if reportsVersion(c, version) {
			return c, nil
		}
	}
	return "", fmt.Errorf("no Python %s interpreter found (tried $PYASM_PYTHONS, PATH python%s, pyenv, ~/.cache/pyasm/pythons; looked at %d candidates)", version, version, len(tried))
}

func candidates(version string) []string {
	var out []string
	if dir := os.Getenv("PYASM_PYTHONS"); dir != "" {
		out = append(out, filepath.Join(dir, version, "bin", "python"))
	}
	if p, err := exec.LookPath("python" + version); err == nil {
		out = append(out, p)
	}
	if root := pyenvRoot(); root != "" {
		matches, _ := filepath.Glob(filepath.Join(root, "versions", version+".*", "bin", "python"))
		sort.Slice(matches, func(i, j int) bool { return patchOf(matches[i]) > patchOf(matches[j]) })
		out = append(out, matches...)
	}
	if home, err := os.UserHomeDir(); err == nil {
		out = append(out, filepath.Join(home, ".cache", "pyasm", "pythons", version, "bin", "python"))
	}
	return out
}

func pyenvRoot() string {
	if r := os.Getenv("PYENV_ROOT"); r != "" {
		return r
	}
	if home, err := os.UserHomeDir(); err == nil {
		if _, err := os.Stat(filepath.Join(home, ".pyenv")); err == nil {
			return filepath.Join(home, ".pyenv")
		}
	}
	return ""
}

// patchOf extracts the patch number from a pyenv path .../versions/3.12.1/bin/python.
func patchOf(path string) int {
	dir := filepath.Base(filepath.Dir(filepath.Dir(path)))
	parts := strings.Split(dir, ".")
	if len(parts) < 3 {
		return -1
	}
	n, err := strconv.Atoi(parts[2])
	if err != nil {
		return -1
	}
	return n
}

func reportsVersion(path, version string) bool {
	if st, err := os.Stat(path); err != nil || st.IsDir() {
		return false
	}
	out, err := exec.Command(path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])").Output()
	return err == nil && strings.TrimSpace(string(out)) == version
}

// Require returns the interpreter for version or skips the test with a
// message naming the missing release.
func Require(t testing.TB, version string) string {
	t.Helper()
	path, err := Find(version)
	if err != nil {
		t.Skipf("skipping: Python %s is not available: %v", version, err)
	}
	return path
}
