package resolve_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// TestEmptyModule: a file with nothing but its release is refused on every
// release, and the body the hint offers assembles and runs there. With
// NoVerify it is a warning, as the verifier's findings are.
func TestEmptyModule(t *testing.T) {
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			src := fmt.Sprintf(".python %s\n", v)
			prog, err := grammar.Parse("empty.pyasm", []byte(src), nil)
			require.NoError(t, err)
			_, err = resolve.Resolve(prog)
			var list asm.ErrorList
			require.ErrorAs(t, err, &list)
			require.Len(t, list, 1)
			assert.Equal(t, "the module has no instructions: CPython would run past the end of its code", list[0].Msg)
			assert.Equal(t, asm.Pos{File: "empty.pyasm", Line: 1, Col: 1}, list[0].Pos)

			_, warnings, err := resolve.ResolveWith(prog, resolve.Options{NoVerify: true})
			require.NoError(t, err)
			require.Len(t, warnings, 1)
			assert.True(t, warnings[0].Warning)

			hint := list[0].Hint
			_, body, ok := strings.Cut(hint, ": ")
			require.True(t, ok, "hint %q", hint)
			src += "    " + strings.Join(strings.Split(body, ", "), "\n    ") + "\n"
			prog, err = grammar.Parse("least.pyasm", []byte(src), nil)
			require.NoError(t, err, "%s", src)
			data, err := emit.Assemble(prog)
			require.NoError(t, err, "%s", src)
			pythons.RunPyc(t, v.String(), "least.pyc", data)
		})
	}
}
