package disasm

import (
	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/resolve"
)

// StackComments sets each instruction's comment to the stack before it,
// as the verifier's slot walk sees it ("stack: NULL print"), for
// `pyasm dis --stack`. The pictures come from resolving the lifted
// program itself, so they describe exactly the code the text reassembles
// to; code the verifier refuses gets pictures up to where the walk could
// follow it.
func StackComments(p *asm.Program) error {
	rp, _, err := resolve.ResolveWith(p, resolve.Options{NoVerify: true, Stacks: true})
	if err != nil {
		return err
	}
	for in, picture := range rp.Stacks {
		in.Comment = "stack: " + picture
	}
	return nil
}
