package disasm

import (
	"os"
	"testing"

	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// stdlibSample is the stdlib .pyc files of release v a test reads: n of
// them spread over the tree (short of them with -short), every one with
// PYASM_FULL=1. It skips the test when the release's interpreter is missing.
func stdlibSample(t *testing.T, v *versions.Version, n, short int) []string {
	files := pythons.RequireStdlibPycs(t, v.String())
	if os.Getenv("PYASM_FULL") != "" {
		return files
	}
	if testing.Short() {
		n = short
	}
	return pythons.Sample(files, n)
}
