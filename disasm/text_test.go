package disasm

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/versions"
)

// throughText prints a lifted program, parses the text and assembles it
// with opts: the way every text round trip goes. text is what was printed,
// for messages.
func throughText(prog *asm.Program, name string, opts resolve.Options) (text, out []byte, err error) {
	var buf bytes.Buffer
	if err := format.Program(&buf, prog); err != nil {
		return nil, nil, fmt.Errorf("print: %v", err)
	}
	parsed, err := grammar.Parse(name+".pyasm", buf.Bytes(), prog.Version)
	if err != nil {
		return buf.Bytes(), nil, fmt.Errorf("parse: %v", err)
	}
	out, _, err = emit.AssembleWith(parsed, opts)
	if err != nil {
		return buf.Bytes(), nil, fmt.Errorf("assemble: %v", err)
	}
	return buf.Bytes(), out, nil
}

// textRoundTrip disassembles a .pyc to text, assembles the text and
// compares the code with the original's, every field, recursively.
func textRoundTrip(data []byte, name string) (Stats, string, error) {
	f, err := pyc.Read(data)
	if err != nil {
		return Stats{}, "", err
	}
	prog, st, err := Human(f)
	if err != nil {
		return st, "", fmt.Errorf("dis: %v", err)
	}
	_, out, err := throughText(prog, name, resolve.Options{})
	if err != nil {
		return st, "", err
	}
	g, err := pyc.Read(out)
	if err != nil {
		return st, "", err
	}
	return st, marshal.Diff(f.Object, g.Object), nil
}

// TestStdlibRoundTrip is issue 4's acceptance test: for a fixed sample of
// stdlib .pyc files per release (every file with PYASM_FULL=1), dis then
// assemble gives code objects equal to the originals in every field. It
// reports, per release, files, equal files and overrides written.
func TestStdlibRoundTrip(t *testing.T) {
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			files := stdlibSample(t, v, 300, 40)
			var total Stats
			equal := 0
			failures := map[string][]string{}
			for _, path := range files {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				st, diff, err := textRoundTrip(data, path)
				total = add(total, st)
				switch {
				case err != nil:
					failures["error"] = append(failures["error"], path+": "+firstLine(err.Error()))
				case diff != "":
					failures["differs"] = append(failures["differs"], path+": "+diff)
				default:
					equal++
				}
			}
			t.Logf("Python %s: %d files, %d equal; overrides %d (stacksize %d, line tables %d, exception tables %d); raw operands %d, forced EXTENDED_ARG %d",
				v, len(files), equal, total.Overrides(), total.StackSize, total.LineTable, total.ExceptionTable, total.RawOperands, total.Prefixes)
			kinds := make([]string, 0, len(failures))
			for k := range failures {
				kinds = append(kinds, k)
			}
			sort.Strings(kinds)
			for _, k := range kinds {
				for i, f := range failures[k] {
					if i == 3 {
						t.Logf("  ... %d more %s", len(failures[k])-3, k)
						break
					}
					t.Logf("  %s: %s", k, f)
				}
			}
			assert.Equal(t, len(files), equal, "files whose round trip is not equal")
		})
	}
}

func add(a, b Stats) Stats {
	return Stats{a.CodeObjects + b.CodeObjects, a.StackSize + b.StackSize, a.LineTable + b.LineTable,
		a.ExceptionTable + b.ExceptionTable, a.RawOperands + b.RawOperands, a.Prefixes + b.Prefixes,
		append(a.Unverified, b.Unverified...)}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

var _ = strconv.Itoa
