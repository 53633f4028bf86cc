package pythons

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// RunTimeout bounds one run of a .pyc in RunPyc: generous, since a test's
// program is small and a stuck one must not hang the suite.
const RunTimeout = 2 * time.Minute

// RunPyc writes data as name in a fresh directory, runs it there with the
// interpreter of version (skipping the test if there is none) and returns
// its stdout. A run that fails, crashes or outlives RunTimeout fails the
// test, showing its stderr and stdout.
func RunPyc(t testing.TB, version, name string, data []byte) string {
	t.Helper()
	py := Require(t, version)
	dir := t.TempDir()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), RunTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, path)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1", "PYTHONIOENCODING=utf-8")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("python %s failed running %s: %v\nstderr:\n%s\nstdout:\n%s", version, name, err, stderr.String(), stdout.String())
	}
	return stdout.String()
}
