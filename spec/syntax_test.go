package spec

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// TestExamplesRun assembles every ```pyasm block of SYNTAX.md and runs the
// .pyc on the interpreter of its release: it must exit cleanly.
func TestExamplesRun(t *testing.T) {
	examples := Examples()
	require.NotEmpty(t, examples)
	for i, ex := range examples {
		src := []byte(ex.Src)
		t.Run(fmt.Sprintf("example%02d", i+1), func(t *testing.T) {
			prog, err := grammar.Parse(fmt.Sprintf("SYNTAX.md example %d", i+1), src, versions.Newest())
			require.NoError(t, err, "%s", src)
			data, err := emit.Assemble(prog)
			require.NoError(t, err, "%s", src)
			t.Logf("%s", src)
			pythons.RunPyc(t, prog.Version.String(), "example.pyc", data)
		})
	}
}
