package resolve

import (
	"strings"

	"github.com/pyasm/pyasm/asm"
)

// verifyNotEmpty refuses a block without instructions: CPython loads it,
// then runs past the end of the code (2.7-3.10 stop at an "unknown
// opcode", 3.11+ crash). The hint gives the least body that runs, as
// CPython compiles an empty module.
func (b *builder) verifyNotEmpty() {
	if hasInstr(b.src.Body) {
		return
	}
	what := "code block " + b.src.Label
	if b.module {
		what = "the module"
	}
	b.refuse(b.src.Pos, "the least body returns None: "+strings.Join(b.emptyBody(), ", "),
		"%s has no instructions: CPython would run past the end of its code", what)
}

// emptyBody is what the release's compiler makes of an empty module, in
// the opcodes the release has: RESUME first from 3.11, then None returned
// (3.15 loads its None with LOAD_COMMON_CONSTANT; LOAD_CONST does too).
func (b *builder) emptyBody() []string {
	var body []string
	if b.v.Opcode("RESUME") != nil {
		body = append(body, "RESUME 0")
	}
	if b.v.Opcode("RETURN_CONST") != nil {
		return append(body, "RETURN_CONST None")
	}
	return append(body, "LOAD_CONST None", "RETURN_VALUE")
}

// hasInstr reports whether a body holds an instruction, also inside its
// try regions.
func hasInstr(body []asm.Stmt) bool {
	for _, s := range body {
		switch s := s.(type) {
		case *asm.Instr:
			return true
		case *asm.Try:
			if hasInstr(s.Body) {
				return true
			}
		}
	}
	return false
}
