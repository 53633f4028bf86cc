package bytecode

import (
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

//go:embed testdata/dis_dump.py
var disDump string

// TestMatchesDis decodes the code objects of a few stdlib modules, compiled
// by each release's interpreter, and compares every instruction's offset,
// name, argument and jump target with what that interpreter's dis reports.
func TestMatchesDis(t *testing.T) {
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			py := pythons.Require(t, v.String())
			out, err := exec.Command(py, "-c", disDump).Output()
			require.NoError(t, err)
			var objs []struct {
				Code   string
				Ins    [][]any
				Labels []int
			}
			require.NoError(t, json.Unmarshal(out, &objs))
			count := 0
			for _, o := range objs {
				code, err := hex.DecodeString(o.Code)
				require.NoError(t, err)
				got, err := Decode(v, code)
				require.NoError(t, err)
				if o.Ins == nil {
					assert.Equal(t, o.Labels, jumpTargets(v, got))
					count += len(got)
					continue
				}
				require.Len(t, got, len(o.Ins))
				for i, want := range o.Ins {
					in := &got[i]
					assert.Equal(t, int(want[0].(float64)), in.Offset)
					assert.Equal(t, want[1], in.Name(), "at offset %d", in.Offset)
					if want[2] != nil {
						assert.Equal(t, uint32(want[2].(float64)), in.Arg, "%s at %d", in.Name(), in.Offset)
					}
					if want[3] != nil {
						target, ok := JumpTarget(v, in)
						assert.True(t, ok)
						assert.Equal(t, int(want[3].(float64)), target, "%s at %d", in.Name(), in.Offset)
					}
					count++
				}
			}
			t.Logf("Python %s: %d code objects, %d instructions agree with dis", v, len(objs), count)
		})
	}
}

func jumpTargets(v *versions.Version, ins []Instruction) []int {
	seen := map[int]bool{}
	for i := range ins {
		if t, ok := JumpTarget(v, &ins[i]); ok {
			seen[t] = true
		}
	}
	out := []int{}
	for t := range seen {
		out = append(out, t)
	}
	sort.Ints(out)
	return out
}

func TestDecodeTails(t *testing.T) {
	tests := []struct {
		version string
		hex     string
		err     string
		n       int
	}{
		{"3.12", "9700 01", "code offset 2: odd byte at the end of wordcode", 1},
		{"2.7", "64 00", "code offset 0: LOAD_CONST needs a 2-byte argument but the code ends", 0},
		{"3.12", "9700 6a00 0000", "code offset 2: LOAD_ATTR has 9 cache units but the code ends 2 bytes after it", 2},
		{"3.12", "9001 6401", "", 2},
	}
	for _, tt := range tests {
		v, err := versions.Lookup(tt.version)
		require.NoError(t, err)
		code, err := hex.DecodeString(strings.ReplaceAll(tt.hex, " ", ""))
		require.NoError(t, err)
		got, err := Decode(v, code)
		if tt.err == "" {
			require.NoError(t, err)
		} else {
			assert.EqualError(t, err, tt.err)
		}
		assert.Len(t, got, tt.n)
	}
}

func TestExtendedArg(t *testing.T) {
	// 3.6: EXTENDED_ARG 1; LOAD_CONST 44 = LOAD_CONST 300. 2.7: 16-bit prefixes.
	v36, _ := versions.Lookup("3.6")
	got, err := Decode(v36, []byte{0x90, 0x01, 0x64, 0x2c})
	require.NoError(t, err)
	assert.Equal(t, uint32(300), got[1].Arg)
	assert.Equal(t, 1, got[1].Prefixes)
	v27, _ := versions.Lookup("2.7")
	got, err = Decode(v27, []byte{0x91, 0x01, 0x00, 0x64, 0x70, 0x11})
	require.NoError(t, err)
	assert.Equal(t, uint32(70000), got[1].Arg)
}
