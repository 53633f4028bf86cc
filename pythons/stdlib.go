package pythons

import (
	"fmt"
	"io/fs"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Stdlib returns the standard-library directory of the interpreter for version.
func Stdlib(version string) (string, error) {
	py, err := Find(version)
	if err != nil {
		return "", err
	}
	out, err := exec.Command(py, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])").Output()
	if err != nil {
		return "", fmt.Errorf("asking Python %s for its stdlib: %v", version, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// StdlibPycs lists, sorted, the .pyc files that the interpreter for version
// compiled for its own standard library (site-packages left out): for 3.x
// the files in __pycache__ tagged cpython-3XY, for 2.7 the .pyc beside each
// module.
func StdlibPycs(version string) ([]string, error) {
	dir, err := Stdlib(version)
	if err != nil {
		return nil, err
	}
	tag := ".cpython-" + strings.ReplaceAll(version, ".", "")
	py2 := strings.HasPrefix(version, "2.")
	var files []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable corners of a stdlib are not our concern
		}
		if d.IsDir() {
			if d.Name() == "site-packages" || d.Name() == "dist-packages" {
				return filepath.SkipDir
			}
			return nil
		}
		name := d.Name()
		if !strings.HasSuffix(name, ".pyc") {
			return nil
		}
		if py2 || (filepath.Base(filepath.Dir(path)) == "__pycache__" && strings.Contains(name, tag)) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	return files, nil
}

// RequireStdlibPycs is StdlibPycs for tests: it skips, naming the release,
// when the interpreter or its compiled stdlib is missing.
func RequireStdlibPycs(t testing.TB, version string) []string {
	t.Helper()
	Require(t, version)
	files, err := StdlibPycs(version)
	if err != nil {
		t.Skipf("skipping: Python %s stdlib: %v", version, err)
	}
	if len(files) == 0 {
		t.Skipf("skipping: Python %s has no compiled stdlib (run python%s -m compileall on it)", version, version)
	}
	return files
}

// Sample picks n files spread evenly over files (all of them if n <= 0 or
// there are fewer), so a test covers every part of a corpus in less time.
func Sample(files []string, n int) []string {
	if n <= 0 || len(files) <= n {
		return files
	}
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, files[i*len(files)/n])
	}
	return out
}
