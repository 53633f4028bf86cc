package grammar

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/versions"
)

// specExample is one ```pyasm block of spec/SYNTAX.md.
type specExample struct {
	line int // of the block's first line of code in SYNTAX.md
	src  string
}

var fenceRE = regexp.MustCompile("(?ms)^```pyasm\n(.*?)^```")

func specExamples(t testing.TB) []specExample {
	text, err := os.ReadFile("../../spec/SYNTAX.md")
	require.NoError(t, err)
	var out []specExample
	for _, m := range fenceRE.FindAllSubmatchIndex(text, -1) {
		line := strings.Count(string(text[:m[2]]), "\n") + 1
		out = append(out, specExample{line: line, src: string(text[m[2]:m[3]])})
	}
	return out
}

// Every pyasm example of the language reference parses; one without
// .python is read for the newest release.
func TestSpecExamples(t *testing.T) {
	examples := specExamples(t)
	require.GreaterOrEqual(t, len(examples), 8)
	for _, ex := range examples {
		t.Run("SYNTAX.md:"+strconv.Itoa(ex.line), func(t *testing.T) {
			p, err := Parse("example.pyasm", []byte(ex.src), versions.Newest())
			if err != nil {
				var b strings.Builder
				asm.PrintErrors(&b, err, 0, func(string) []byte { return []byte(ex.src) })
				t.Fatalf("SYNTAX.md line %d:\n%s", ex.line, b.String())
			}
			assert.NotEmpty(t, p.Module.Body)
		})
	}
}
