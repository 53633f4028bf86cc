package slots

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/bytecode"
	"github.com/pyasm/pyasm/versions"
)

// assemble3 encodes (opcode, argument) pairs for v, each followed by its
// inline cache units as zeros.
func assemble3(t *testing.T, v *versions.Version, code [][2]any) []bytecode.Instruction {
	t.Helper()
	var raw []byte
	for _, c := range code {
		op := v.Opcode(c[0].(string))
		require.NotNil(t, op, "%s has no %s", v, c[0])
		raw = append(raw, op.Code, byte(c[1].(int)))
		raw = append(raw, make([]byte, 2*op.Caches)...)
	}
	ins, err := bytecode.Decode(v, raw)
	require.NoError(t, err)
	return ins
}

// TestLabelsChangeNoFinding: the walk goes without labels until it finds
// something (Analyze), so a walk with them and one without must find the
// same things at the same instructions; only the words differ.
func TestLabelsChangeNoFinding(t *testing.T) {
	v312, err := versions.Lookup("3.12")
	require.NoError(t, err)
	cases := []struct {
		name     string
		code     [][2]any
		findings int
		words    string // in the labelled walk's first message
	}{
		{"clean", [][2]any{{"LOAD_NAME", 0}, {"PUSH_NULL", 0}, {"RETURN_CONST", 0}}, 0, ""},
		{"call without NULL", [][2]any{{"LOAD_NAME", 0}, {"LOAD_CONST", 1}, {"CALL", 1}, {"POP_TOP", 0}, {"RETURN_CONST", 0}}, 1, "'hi'"},
		{"iterate a call", [][2]any{{"PUSH_NULL", 0}, {"LOAD_NAME", 0}, {"CALL", 0}, {"FOR_ITER", 1}, {"RETURN_CONST", 0}}, 1, "print()"},
		{"underflow", [][2]any{{"POP_TOP", 0}, {"RETURN_CONST", 0}}, 1, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := &Code{
				Instructions: assemble3(t, v312, tc.code),
				Consts:       []Const{{Kind: versions.KindNone, Label: "None", Items: -1}, {Kind: versions.KindStr, Items: -1}},
				Names:        []string{"print"},
				Module:       true,
				StackSize:    -1,
			}
			opts := Options{ConstLabel: func(int) string { return "'hi'" }}
			walk := func(labels bool) Errors {
				w := newWalker(v312, c, opts, labels, false)
				defer w.release()
				w.run()
				return append(Errors(nil), w.errs...)
			}
			bare, labelled := walk(false), walk(true)
			require.Len(t, labelled, tc.findings)
			require.Len(t, bare, len(labelled))
			for i := range bare {
				assert.Equal(t, labelled[i].Offset, bare[i].Offset)
				assert.Equal(t, labelled[i].Warning, bare[i].Warning)
			}
			_, err := Analyze(v312, c, opts)
			if tc.findings == 0 {
				assert.NoError(t, err)
				return
			}
			var list Errors
			require.ErrorAs(t, err, &list)
			assert.Equal(t, labelled[0].Msg, list[0].Msg, "Analyze words its findings as the labelled walk does")
			assert.Contains(t, list[0].Msg+" "+list[0].Stack, tc.words)
		})
	}
}
