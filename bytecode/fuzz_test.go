package bytecode

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/versions"
)

// FuzzDecode: on any bytes, for every release, Decode and Each agree, the
// instructions tile the code from offset 0 (the last may run past a cut
// end, with an error), and nothing panics.
func FuzzDecode(f *testing.F) {
	for _, seed := range [][]byte{
		nil, {0}, {1, 0}, {0x90, 1, 0x64, 0}, // EXTENDED_ARG then an argument
		{0x97, 0, 0x64, 0, 0x53, 0},   // 3.11+: RESUME, LOAD_CONST, RETURN_VALUE
		{0x7a, 0, 0, 0x65}, {0x65, 1}, // cut off after an opcode that takes an argument
		{0x74, 0, 0, 0, 0, 0, 0}, // caches cut short
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, code []byte) {
		for _, v := range versions.All() {
			ins, err := Decode(v, code)
			each := []Instruction{}
			eachErr := Each(v, code, func(in *Instruction) { each = append(each, *in) })
			require.Equal(t, append([]Instruction{}, ins...), each, "%s: Each and Decode", v)
			require.Equal(t, err, eachErr, "%s: errors", v)
			at := 0
			for i, in := range ins {
				require.Equal(t, at, in.Offset, "%s: instruction %d starts where the one before ends", v, i)
				require.Positive(t, in.Size)
				at = in.End()
			}
			if err == nil {
				require.Equal(t, len(code), at, "%s: the instructions cover the code", v)
			}
		}
	})
}
