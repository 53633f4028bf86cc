package asm_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/pythons"
)

// TestExamplesRun runs the .pyc files the package's examples write with
// the real interpreter of each release, and checks what they print.
func TestExamplesRun(t *testing.T) {
	saved, savedOut := outDir, os.Stdout
	outDir = t.TempDir()
	devNull, err := os.Open(os.DevNull)
	require.NoError(t, err)
	os.Stdout = devNull
	for _, example := range []func(){Example_function, Example_loop, Example_closure, Example_try, Example_portableCall} {
		example()
	}
	os.Stdout = savedOut
	devNull.Close()
	t.Cleanup(func() { outDir = saved })

	want := map[string]string{
		"add.pyc":     "11 5\n",
		"loop.pyc":    "0\n1\n2\n",
		"closure.pyc": "15\n",
		"try.pyc":     "caught\n",
		"call.pyc":    "a+b+c|x\n",
	}
	files, err := filepath.Glob(filepath.Join(outDir, "*", "*.pyc"))
	require.NoError(t, err)
	require.Len(t, files, 4*11+1)
	for _, file := range files {
		release, name := filepath.Base(filepath.Dir(file)), filepath.Base(file)
		t.Run(release+"/"+strings.TrimSuffix(name, ".pyc"), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			assert.Equal(t, want[name], pythons.RunPyc(t, release, name, data))
		})
	}
}
