package versions

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFactsByNumber: the facts read by an opcode's number are those its
// name gives, for every opcode of every release, and an opcode of another
// release's table is read by its name.
func TestFactsByNumber(t *testing.T) {
	for _, v := range All() {
		for i := range v.Opcodes.Opcodes {
			op := &v.Opcodes.Opcodes[i]
			assert.Equal(t, v.ArgForms[op.Name], v.Form(op), "%s %s", v, op.Name)
			wantRange, wantOK := v.ArgRange(op.Name)
			gotRange, gotOK := v.OpArgRange(op)
			assert.Equal(t, wantOK, gotOK, "%s %s", v, op.Name)
			assert.Equal(t, wantRange, gotRange, "%s %s", v, op.Name)
		}
	}
	v27, v312 := V2_7, V3_12
	foreign := v27.Opcode("LOAD_ATTR") // 2.7's, not 3.12's: by name in 3.12
	assert.Equal(t, v312.ArgForms["LOAD_ATTR"], v312.Form(foreign))
	assert.Equal(t, ArgForm{}, v312.Form(nil))
}
