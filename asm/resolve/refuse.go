package resolve

import (
	"fmt"

	"github.com/pyasm/pyasm/asm"
)

// refuse reports a verifier finding whose hint says how to fix it: an
// error, or with NoVerify a warning (without the hint, as the writer has
// chosen to keep the code).
func (b *builder) refuse(pos asm.Pos, hint, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if b.r.opts.NoVerify {
		b.r.warnings = append(b.r.warnings, &asm.Error{Pos: pos, Msg: msg, Warning: true})
		return
	}
	b.r.errs = append(b.r.errs, &asm.Error{Pos: pos, Msg: msg, Hint: hint})
}
