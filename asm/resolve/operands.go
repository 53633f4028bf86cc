package resolve

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// internTables adds every operand to its table in order of first use.
func (b *builder) internTables() {
	for _, in := range b.insts {
		if len(in.src.Args) == 0 || isRaw(in.src.Args[0]) {
			continue
		}
		switch in.op.Operand {
		case versions.OperandConst:
			if lit, ok := in.src.Args[0].(*asm.Literal); ok {
				b.consts.add(lit.Value)
			}
		case versions.OperandName:
			if name, ok := in.src.Args[0].(*asm.Ident); ok {
				b.names.add(name.Name)
			}
		case versions.OperandLocal:
			for _, a := range in.src.Args {
				// From 3.11 a local opcode may name a cell or free variable
				// (3.13+ loads cells for closures with LOAD_FAST).
				if name, ok := a.(*asm.Ident); ok && !(b.v.LocalsPlus && (b.cellvars.has(name.Name) || b.freevars.has(name.Name))) {
					b.varnames.add(name.Name)
				}
			}
		case versions.OperandFree:
			if name, ok := in.src.Args[0].(*asm.Ident); ok && !b.freevars.has(name.Name) {
				b.cellvars.add(name.Name)
			}
		}
	}
}

func isRaw(o asm.Operand) bool { _, ok := o.(*asm.Raw); return ok }

// operands computes every argument but the jumps', which wait for layout.
func (b *builder) operands() {
	for _, in := range b.insts {
		b.operand(in)
	}
}

func (b *builder) operand(in *inst) {
	src, op := in.src, in.op
	want := 1
	if !op.HasArg {
		want = 0
	} else if b.v.Form(op).Pair {
		want = 2
	}
	if len(src.Args) == 1 && isRaw(src.Args[0]) {
		in.arg = src.Args[0].(*asm.Raw).Value
		b.checkNoFlags(in)
		return
	}
	if len(src.Args) != want {
		// The grammar's words where the text can say the same.
		switch {
		case want == 0:
			b.r.errorf(src.Args[0].OperandPos(), "%s takes no operand", op.Name)
		case want == 2 && len(src.Args) < 2:
			b.r.errorf(src.Pos, "%s needs two operands (two local names), or one !N", op.Name)
		case len(src.Args) == 0:
			b.r.errorf(src.Pos, "%s needs an operand", op.Name)
		default:
			b.r.errorf(src.Pos, "%s takes %s, not %d", op.Name, operandCount(want), len(src.Args))
		}
		in.failed = true
		return
	}
	if want == 0 {
		b.checkNoFlags(in)
		return
	}
	form := b.v.Form(op)
	arg := src.Args[0]
	var index uint32
	var ok bool
	switch op.Operand {
	case versions.OperandConst:
		index, ok = b.constIndex(in, arg)
	case versions.OperandName:
		index, ok = b.nameIndex(in, arg, &b.names, "a name")
	case versions.OperandLocal:
		index, ok = b.localIndex(in, arg)
		if ok && form.Pair {
			var second uint32
			second, ok = b.localIndex(in, src.Args[1])
			if ok && (index > 15 || second > 15) {
				b.r.errorf(src.Pos, "%s packs two locals into 4 bits each; these are locals %d and %d", op.Name, index, second)
				return
			}
			index = index<<4 | second
		}
	case versions.OperandFree:
		index, ok = b.derefIndex(in, arg)
	case versions.OperandCompare:
		index, ok = b.compareIndex(in, arg)
	case versions.OperandJump:
		ok = b.jumpTarget(in, arg)
		b.checkNoFlags(in)
		return
	default:
		index, ok = b.rawNumber(in, arg)
	}
	if !ok {
		in.failed = true
		return
	}
	in.arg = index<<form.Shift | b.lowBits(in, form)
}

func operandCount(n int) string {
	return [...]string{"no operand", "one operand", "two operands"}[n]
}

func (b *builder) checkNoFlags(in *inst) {
	if len(in.src.Flags) > 0 {
		b.r.errorf(in.src.Pos, "%s takes no flag words here (found %s)", in.op.Name, strings.Join(in.src.Flags, " "))
	}
}

// lowBits gives the bits below the operand: flag words, and the bits its
// operator implies (3.12+ COMPARE_OP's mask).
func (b *builder) lowBits(in *inst, form versions.ArgForm) uint32 {
	var bits uint32
	if sym, ok := in.src.Args[0].(*asm.Symbol); ok {
		bits |= form.Masks[sym.Text]
	}
	if id, ok := in.src.Args[0].(*asm.Ident); ok && in.op.Operand == versions.OperandCompare {
		bits |= form.Masks[id.Name]
	}
	for _, f := range in.src.Flags {
		bit, ok := form.Flags[f]
		if !ok {
			e := b.r.errorf(in.src.Pos, "%s takes no flag %q in %s", in.op.Name, f, b.v)
			if names := keys(form.Flags); len(names) > 0 {
				e.Hint = "flags here: " + strings.Join(names, ", ")
			} else if since := flagSince(in.op.Name, f); since != nil {
				e.Hint = fmt.Sprintf("%s takes %q from Python %s", in.op.Name, f, since)
			}
			continue
		}
		bits |= bit
	}
	return bits
}

func (b *builder) constIndex(in *inst, arg asm.Operand) (uint32, bool) {
	lit, ok := arg.(*asm.Literal)
	if !ok {
		e := b.r.errorf(arg.OperandPos(), "%s takes a constant", in.op.Name)
		if id, isID := arg.(*asm.Ident); isID {
			e.Hint = "write the string as \"" + id.Name + "\", or an index as !N"
		}
		return 0, false
	}
	if !b.checkConst(lit.Value) {
		return 0, false
	}
	return uint32(b.consts.add(lit.Value)), true
}

// checkConst reports code references to blocks that do not exist.
func (b *builder) checkConst(v marshal.Object) bool {
	switch v := v.(type) {
	case *asm.CodeRef:
		if _, ok := b.r.blocks[v.Label]; !ok {
			pos := v.Pos
			if !pos.Known() {
				pos = b.src.Pos // an entry of the block's Consts table
			}
			e := b.r.errorf(pos, "no code block is labelled %s", v.Label)
			if near := asm.Suggest(v.Label, keys(b.r.blocks)); near != "" {
				e.Hint = "did you mean @" + near + "?"
			}
			return false
		}
	case *marshal.Tuple:
		return b.checkConsts(v.Items)
	case *marshal.FrozenSet:
		return b.checkConsts(v.Items)
	}
	return true
}

func (b *builder) checkConsts(items []marshal.Object) bool {
	ok := true
	for _, it := range items {
		ok = b.checkConst(it) && ok
	}
	return ok
}

func (b *builder) nameIndex(in *inst, arg asm.Operand, t *nameTable, what string) (uint32, bool) {
	id, ok := arg.(*asm.Ident)
	if !ok {
		b.r.errorf(arg.OperandPos(), "%s takes %s", in.op.Name, what)
		return 0, false
	}
	return uint32(t.add(id.Name)), true
}

// derefIndex places a cell or free variable: up to 3.10 in cellvars
// followed by freevars, from 3.11 in localsplus. Localsplus indices are
// known only when the tables are complete, so they are filled in by finish.
func (b *builder) derefIndex(in *inst, arg asm.Operand) (uint32, bool) {
	id, ok := arg.(*asm.Ident)
	if !ok {
		b.r.errorf(arg.OperandPos(), "%s takes a cell or free variable's name", in.op.Name)
		return 0, false
	}
	if b.v.LocalsPlus {
		return uint32(b.localsPlusIndex()[id.Name]), true
	}
	if b.freevars.has(id.Name) {
		return uint32(len(b.cellvars.list) + b.freevars.index[id.Name]), true
	}
	return uint32(b.cellvars.add(id.Name)), true
}

// localIndex places a local: in co_varnames up to 3.10, in localsplus from
// 3.11 (where it may also be a cell or free variable).
func (b *builder) localIndex(in *inst, arg asm.Operand) (uint32, bool) {
	if !b.v.LocalsPlus {
		return b.nameIndex(in, arg, &b.varnames, "a local variable's name")
	}
	id, ok := arg.(*asm.Ident)
	if !ok {
		b.r.errorf(arg.OperandPos(), "%s takes a local variable's name", in.op.Name)
		return 0, false
	}
	return uint32(b.localsPlusIndex()[id.Name]), true
}

// localsPlusIndex maps each localsplus name to its first slot; the tables
// are complete once internTables has run.
func (b *builder) localsPlusIndex() map[string]int {
	if b.lpIndex == nil {
		b.lpIndex = map[string]int{}
		for i, n := range b.localsPlusNames() {
			if _, dup := b.lpIndex[n]; !dup {
				b.lpIndex[n] = i
			}
		}
	}
	return b.lpIndex
}

// flagSince finds the first release whose opcode takes the flag word.
func flagSince(op, flag string) *versions.Version {
	for _, v := range versions.All() {
		if _, ok := v.ArgForms[op].Flags[flag]; ok {
			return v
		}
	}
	return nil
}

func (b *builder) compareIndex(in *inst, arg asm.Operand) (uint32, bool) {
	sym, ok := arg.(*asm.Symbol)
	if !ok {
		if id, isID := arg.(*asm.Ident); isID {
			sym = &asm.Symbol{Pos: id.Pos, Text: id.Name}
		} else {
			b.r.errorf(arg.OperandPos(), "COMPARE_OP takes a comparison operator")
			return 0, false
		}
	}
	for i, c := range b.v.Opcodes.CompareOps {
		if c == sym.Text && c != "BAD" {
			return uint32(i), true
		}
	}
	e := b.r.errorf(sym.Pos, "%s has no comparison %q", b.v, sym.Text)
	e.Hint = "comparisons: " + strings.Join(withoutBad(b.v.Opcodes.CompareOps), " ")
	return 0, false
}

func withoutBad(ops []string) []string {
	var out []string
	for _, o := range ops {
		if o != "BAD" {
			out = append(out, o)
		}
	}
	return out
}

func (b *builder) jumpTarget(in *inst, arg asm.Operand) bool {
	id, ok := arg.(*asm.Ident)
	if !ok {
		b.r.errorf(arg.OperandPos(), "%s takes a label", in.op.Name)
		return false
	}
	i, ok := b.labels[id.Name]
	if !ok {
		e := b.r.errorf(id.Pos, "no label %s in this code block", id.Name)
		if near := asm.Suggest(id.Name, keys(b.labels)); near != "" {
			e.Hint = "did you mean " + near + "?"
		}
		return false
	}
	in.jumpTo = i
	return true
}

// rawNumber reads the operand of an opcode whose argument is a plain
// number (a count, flags), or BINARY_OP's operator.
func (b *builder) rawNumber(in *inst, arg asm.Operand) (uint32, bool) {
	switch a := arg.(type) {
	case *asm.Symbol:
		if in.op.Name == "BINARY_OP" {
			for i, bo := range b.v.Opcodes.BinaryOps {
				if bo.Symbol == a.Text {
					return uint32(i), true
				}
			}
			e := b.r.errorf(a.Pos, "%s has no binary operator %q", b.v, a.Text)
			e.Hint = "operators: " + binarySymbols(b.v.Opcodes.BinaryOps)
			return 0, false
		}
	case *asm.Ident:
		if names := b.v.OpNamedArgs(in.op); names != nil {
			return b.namedArg(in, a, names)
		}
	case *asm.Literal:
		if in.op.Name == "BINARY_OP" {
			e := b.r.errorf(a.Pos, "BINARY_OP takes an operator such as + or +=")
			if n, ok := a.Value.(*marshal.Int); ok {
				e.Hint = "write !" + n.Value.String() + " for a raw argument"
			}
			return 0, false
		}
		if n, ok := a.Value.(*marshal.Int); ok && n.Value.Sign() >= 0 && n.Value.IsUint64() && n.Value.Uint64() <= math.MaxUint32 {
			return uint32(n.Value.Uint64()), true
		}
		if _, ok := a.Value.(*marshal.Int); ok {
			b.r.errorf(a.Pos, "%s's argument must be from 0 to %d", in.op.Name, uint32(math.MaxUint32))
			return 0, false
		}
	}
	if in.op.Name == "BINARY_OP" {
		b.r.errorf(arg.OperandPos(), "BINARY_OP takes an operator such as + or +=")
		return 0, false
	}
	e := b.r.errorf(arg.OperandPos(), "%s takes a number", in.op.Name)
	if id, ok := arg.(*asm.Ident); ok {
		if since := namedSince(in.op.Name, id.Name); since != nil {
			e.Hint = fmt.Sprintf("%s's argument values have names only from Python %s", in.op.Name, since)
		}
	}
	return 0, false
}

// namedArg reads an argument written with the names the release gives its
// values: NAME or NAME|NAME.
func (b *builder) namedArg(in *inst, id *asm.Ident, names *versions.ArgNames) (uint32, bool) {
	n, err := names.Parse(id.Name)
	if err == nil {
		return n, true
	}
	e := b.r.errorf(id.Pos, "%s in %s: %v", in.op.Name, b.v, err)
	if unknown, ok := err.(*versions.UnknownArgName); ok {
		if near := nearName(unknown.Name, names.Names()); near != "" {
			e.Hint = "did you mean " + near + "?"
		} else {
			e.Hint = "names: " + strings.Join(names.Names(), ", ") + "; or write the number"
		}
	}
	return 0, false
}

// nearName is the name meant by a misspelt or shortened one: PRINT for
// INTRINSIC_PRINT.
func nearName(name string, names []string) string {
	if near := asm.Suggest(name, names); near != "" {
		return near
	}
	for _, n := range names {
		if strings.HasSuffix(strings.ToUpper(n), "_"+strings.ToUpper(name)) {
			return n
		}
	}
	return ""
}

// namedSince finds the first release whose opcode has a value of that
// name, for the hint on a name an older release lacks.
func namedSince(op, name string) *versions.Version {
	for _, v := range versions.All() {
		if names := v.NamedArgs(op); names != nil {
			if _, err := names.Parse(name); err == nil {
				return v
			}
		}
	}
	return nil
}

func binarySymbols(ops []versions.BinaryOp) string {
	var s []string
	for _, o := range ops {
		s = append(s, o.Symbol)
	}
	return strings.Join(s, " ")
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
