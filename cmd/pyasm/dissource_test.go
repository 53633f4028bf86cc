package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/pythons"
)

// TestDisSourceAndPositions: testdata/dis/tour.py compiled by each of a
// few releases; dis --source matches its golden (testdata/dis/, rewritten
// with -update) and reassembles to equal code objects, and dis
// --no-positions reassembles to code that differs only in its line table.
func TestDisSourceAndPositions(t *testing.T) {
	for _, release := range []string{"3.6", "3.9", "3.10", "3.12", "3.14"} {
		t.Run(release, func(t *testing.T) {
			python := pythons.Require(t, release)
			dir := t.TempDir()
			src, err := os.ReadFile(filepath.Join("testdata", "dis", "tour.py"))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "tour.py"), src, 0o644))
			compiled := filepath.Join(dir, "tour.pyc")
			cmd := exec.Command(python, "-c", "import py_compile, sys; py_compile.compile('tour.py', cfile='tour.pyc', doraise=True)")
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, string(out))
			original := readCode(t, compiled)

			var stdout, stderr bytes.Buffer
			require.Equal(t, exitOK, run([]string{"dis", "--source", compiled}, &stdout, &stderr), stderr.String())
			text := strings.ReplaceAll(stdout.String(), dir+string(filepath.Separator), "")
			golden(t, filepath.Join("testdata", "dis", "tour-"+release+".dis"), text)
			assert.Empty(t, marshal.Diff(original, reassemble(t, dir, "source", stdout.Bytes())), "dis --source reassembles to the same code")

			stdout.Reset()
			require.Equal(t, exitOK, run([]string{"dis", "--no-positions", compiled}, &stdout, &stderr), stderr.String())
			assert.NotContains(t, stdout.String(), ".line")
			bare := reassemble(t, dir, "bare", stdout.Bytes())
			assert.Empty(t, marshal.Diff(withoutLines(original), withoutLines(bare)), "dis --no-positions differs only in the line tables")
		})
	}
}

// readCode is the code object of a .pyc.
func readCode(t *testing.T, path string) marshal.Object {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	f, err := pyc.Read(data)
	require.NoError(t, err)
	return f.Object
}

// reassemble builds .pyasm text and gives the code object it makes.
func reassemble(t *testing.T, dir, name string, text []byte) marshal.Object {
	t.Helper()
	src := filepath.Join(dir, name+".pyasm")
	require.NoError(t, os.WriteFile(src, text, 0o644))
	var stdout, stderr bytes.Buffer
	out := filepath.Join(dir, name+".pyc")
	require.Equal(t, exitOK, run([]string{"build", src, "-o", out}, &stdout, &stderr), stderr.String())
	return readCode(t, out)
}

// withoutLines is a code object with every line table emptied, nested
// code objects' too.
func withoutLines(o marshal.Object) marshal.Object {
	switch o := o.(type) {
	case *marshal.Code:
		c := *o
		c.LineTable = &marshal.Bytes{}
		c.Consts = withoutLines(o.Consts)
		return &c
	case *marshal.Tuple:
		items := make([]marshal.Object, len(o.Items))
		for i, it := range o.Items {
			items[i] = withoutLines(it)
		}
		return &marshal.Tuple{Type: o.Type, Items: items}
	}
	return o
}
