package grammar

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/spec"
	"github.com/pyasm/pyasm/versions"
)

// Every pyasm example of the language reference parses; one without
// .python is read for the newest release.
func TestSpecExamples(t *testing.T) {
	examples := spec.Examples()
	require.GreaterOrEqual(t, len(examples), 8)
	for _, ex := range examples {
		t.Run("SYNTAX.md:"+strconv.Itoa(ex.Line), func(t *testing.T) {
			p, err := Parse("example.pyasm", []byte(ex.Src), versions.Newest())
			if err != nil {
				var b strings.Builder
				asm.PrintErrors(&b, err, 0, func(string) []byte { return []byte(ex.Src) })
				t.Fatalf("SYNTAX.md line %d:\n%s", ex.Line, b.String())
			}
			assert.NotEmpty(t, p.Module.Body)
		})
	}
}
