package main

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStaticBinary: pyasm built as the README says is one file to copy:
// no program interpreter and no dynamic section, so it runs on a machine
// with any C library or none.
func TestStaticBinary(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("skipping: the check reads an ELF binary")
	}
	if testing.Short() {
		t.Skip("skipping: builds pyasm")
	}
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	assert.Contains(t, string(readme), "CGO_ENABLED=0 go build -o pyasm ./cmd/pyasm", "the README's set-up command")

	bin := filepath.Join(t.TempDir(), "pyasm")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)

	f, err := elf.Open(bin)
	require.NoError(t, err)
	defer f.Close()
	for _, p := range f.Progs {
		assert.NotEqual(t, elf.PT_INTERP, p.Type, "a program interpreter (the dynamic loader)")
		assert.NotEqual(t, elf.PT_DYNAMIC, p.Type, "a dynamic segment")
	}
	assert.Nil(t, f.Section(".dynamic"), "a .dynamic section")
	libs, err := f.ImportedLibraries()
	require.NoError(t, err)
	assert.Empty(t, libs)
}
