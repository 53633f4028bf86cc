package grammar

import (
	"strings"

	"github.com/pyasm/pyasm/asm"
)

// joinNames reads the operand of an opcode whose argument values have
// names when it is written as names joined by | (MAKE_FUNCTION
// defaults|closure): one Ident holding the names as written, for the
// resolver to look up, and the operands after it. ok is false when the
// operands do not start that way; a | with no name after it is reported.
func (l *lowerer) joinNames(ops []*operandAST) (arg asm.Operand, rest []*operandAST, ok bool) {
	if len(ops) < 2 || !isWord(ops[0]) || !isBar(ops[1]) {
		return nil, ops, false
	}
	parts := []string{*ops[0].Value.Word}
	i := 1
	for ; i+1 < len(ops) && isBar(ops[i]) && isWord(ops[i+1]); i += 2 {
		parts = append(parts, *ops[i+1].Value.Word)
	}
	if i < len(ops) && isBar(ops[i]) {
		l.errorf(l.pos(ops[i].Pos), "a | joins two names: write a name after it")
		return nil, nil, true
	}
	return &asm.Ident{Pos: l.pos(ops[0].Pos), Name: strings.Join(parts, "|")}, ops[i:], true
}

func isWord(o *operandAST) bool { return o.Value != nil && o.Value.Word != nil }
func isBar(o *operandAST) bool  { return o.Symbol != nil && *o.Symbol == "|" }
