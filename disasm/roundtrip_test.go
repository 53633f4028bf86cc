package disasm

import (
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// dropOverrides removes what the resolver must recompute: stack sizes and
// line and exception tables.
func dropOverrides(c *asm.Code) {
	c.StackSize, c.HasLineTable, c.HasExcTable = nil, false, false
	for _, s := range c.Body {
		if ch, ok := s.(*asm.Code); ok {
			dropOverrides(ch)
		}
	}
}

var digits = regexp.MustCompile(`[0-9]+`)

// TestModelRoundTrip lifts stdlib .pyc files into the program model, lets
// the resolver recompute stack sizes and tables, and compares the emitted
// code with the original, field by field.
//
// The text round trip (TestStdlibRoundTrip) covers the same ground and
// more, so this one runs only when PYASM_FULL asks for everything: it
// tells a resolver problem from a printer or grammar one.
func TestModelRoundTrip(t *testing.T) {
	if os.Getenv("PYASM_FULL") == "" {
		t.Skip("skipping: TestStdlibRoundTrip covers this; PYASM_FULL=1 runs it over every file")
	}
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			files := pythons.RequireStdlibPycs(t, v.String())
			mismatch := map[string]int{}
			examples := map[string]string{}
			equal := 0
			for _, path := range files {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				f, err := pyc.Read(data)
				require.NoError(t, err)
				prog, err := File(f)
				require.NoError(t, err, path)
				dropOverrides(prog.Module)
				out, err := emit.Assemble(prog)
				if err != nil {
					mismatch["assemble error"]++
					examples["assemble error"] = path + ": " + err.Error()
					continue
				}
				g, err := pyc.Read(out)
				require.NoError(t, err)
				d := marshal.Diff(f.Object, g.Object)
				if d == "" {
					equal++
					continue
				}
				field := d
				if i := strings.LastIndex(field[:strings.Index(field, ":")], "."); i >= 0 {
					field = field[i+1 : strings.Index(field, ":")]
				}
				field = digits.ReplaceAllString(field, "N")
				mismatch[field]++
				examples[field] = path + ": " + d
			}
			var lines []string
			for k, n := range mismatch {
				lines = append(lines, k+": "+itoa(n)+" e.g. "+examples[k])
			}
			sort.Strings(lines)
			t.Logf("Python %s: %d files, %d equal\n%s", v, len(files), equal, strings.Join(lines, "\n"))
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
