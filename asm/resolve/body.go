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
	b.verifyHint(b.src.Pos, "the least body returns None: "+strings.Join(b.emptyBody(), ", "),
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

// prologue are the opcodes CPython 3.11+ places before a code object's
// RESUME: COPY_FREE_VARS, the MAKE_CELLs, then RETURN_GENERATOR and its
// POP_TOP in a generator or coroutine.
var prologue = map[string]bool{"COPY_FREE_VARS": true, "MAKE_CELL": true, "RETURN_GENERATOR": true, "POP_TOP": true}

// adviseResume warns about a 3.11+ block whose first instruction after the
// prologue is not RESUME. CPython runs such code, but its tracing and
// sys.monitoring events start at RESUME: 3.12 reports no call, line or
// return event for a function without one.
func (b *builder) adviseResume() {
	if b.v.Opcode("RESUME") == nil {
		return
	}
	for _, in := range b.insts {
		if prologue[in.op.Name] {
			continue
		}
		if in.op.Name != "RESUME" {
			what := "code block " + b.src.Label
			if b.module {
				what = "the module"
			}
			b.r.warnings = append(b.r.warnings, &asm.Error{Pos: in.src.Pos, Warning: true, Advice: true,
				Msg:  what + " does not start with RESUME: CPython runs it, but tracers and sys.monitoring miss it (no call, line or return events)",
				Hint: "write RESUME 0 before this instruction: CPython starts every code object with it, after COPY_FREE_VARS, MAKE_CELL and a generator's RETURN_GENERATOR, POP_TOP"})
		}
		return
	}
}
