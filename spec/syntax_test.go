// Package spec holds the language reference, SYNTAX.md; this test keeps
// its examples honest.
package spec

import (
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

var example = regexp.MustCompile("(?s)```pyasm\n(.*?)```")

// TestExamplesRun assembles every ```pyasm block of SYNTAX.md and runs the
// .pyc on the interpreter of its release: it must exit cleanly.
func TestExamplesRun(t *testing.T) {
	doc, err := os.ReadFile("SYNTAX.md")
	require.NoError(t, err)
	blocks := example.FindAllSubmatch(doc, -1)
	require.NotEmpty(t, blocks)
	for i, b := range blocks {
		src := b[1]
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
