package slots

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/versions"
)

// TestJoinsKeepStates: without Options.Before the walk keeps states only
// where paths may join (the start, jump targets, handlers) and carries a
// fall-through's state on; with it, at every instruction. An edge that
// reaches an instruction a state was already carried through, with no
// join there, makes the walk give up (lostJoin) so that Analyze walks
// again keeping every state.
func TestJoinsKeepStates(t *testing.T) {
	v312, err := versions.Lookup("3.12")
	require.NoError(t, err)
	cases := []struct {
		name string
		code [][2]any
		kept []int // instructions with a state, walking joins only
		drop int   // a join to unmark before the walk (-1: none)
		lost bool
	}{
		{"straight", [][2]any{{"LOAD_CONST", 0}, {"POP_TOP", 0}, {"RETURN_CONST", 0}}, []int{0}, -1, false},
		{"loop head", [][2]any{{"NOP", 0}, {"NOP", 0}, {"JUMP_BACKWARD", 2}}, []int{0, 1}, -1, false},
		{"branch", [][2]any{{"LOAD_CONST", 0}, {"POP_JUMP_IF_NONE", 1}, {"NOP", 0}, {"RETURN_CONST", 0}}, []int{0, 3}, -1, false},
		{"a join unmarked", [][2]any{{"NOP", 0}, {"NOP", 0}, {"JUMP_BACKWARD", 2}}, nil, 1, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := &Code{
				Instructions: assemble3(t, v312, tc.code),
				Consts:       []Const{{Kind: versions.KindNone, Label: "None", Items: -1}},
				Module:       true,
				StackSize:    -1,
			}
			for _, keepAll := range []bool{false, true} {
				w := newWalker(v312, c, Options{}, false, keepAll)
				if tc.drop >= 0 && !keepAll {
					w.join[tc.drop] = false
				}
				w.run()
				assert.Empty(t, w.errs)
				if keepAll || tc.lost {
					assert.Equal(t, tc.lost && !keepAll, w.lostJoin)
				}
				if !tc.lost {
					var kept []int
					for i, ss := range w.states {
						if len(ss) > 0 {
							kept = append(kept, i)
						}
					}
					want := tc.kept
					if keepAll {
						want = nil
						for i := range c.Instructions {
							want = append(want, i)
						}
					}
					assert.Equal(t, want, kept, "keepAll %v", keepAll)
				}
				w.release()
			}
			_, err := Analyze(v312, c, Options{})
			assert.NoError(t, err)
		})
	}
}
