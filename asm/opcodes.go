package asm

import (
	"fmt"
	"strings"

	"github.com/pyasm/pyasm/versions"
)

// release is a version as a comparable number: 3.12 is 312.
func release(v *versions.Version) int { return v.Major*100 + v.Minor }

// rename is a curated hint for an opcode name that a release does not
// have, because it was renamed, merged or split: for releases from..to
// (inclusive, 0 = unbounded), say hint.
type rename struct {
	from, to int
	hint     string
}

var renames = map[string][]rename{}

func addRename(from, to int, hint string, names ...string) {
	for _, n := range names {
		renames[n] = append(renames[n], rename{from, to, hint})
	}
}

// The operators of 3.11's BINARY_OP, by the opcodes it replaced.
var binaryOps = map[string]string{
	"ADD": "+", "AND": "&", "FLOOR_DIVIDE": "//", "LSHIFT": "<<", "MATRIX_MULTIPLY": "@",
	"MULTIPLY": "*", "MODULO": "%", "OR": "|", "POWER": "**", "RSHIFT": ">>",
	"SUBTRACT": "-", "TRUE_DIVIDE": "/", "XOR": "^",
}

func init() {
	for name, sym := range binaryOps {
		addRename(311, 0, "3.11 replaced it with BINARY_OP "+sym, "BINARY_"+name)
		addRename(311, 0, "3.11 replaced it with BINARY_OP "+sym+"=", "INPLACE_"+name)
	}
	addRename(300, 310, "Python 3 has no classic division: write BINARY_TRUE_DIVIDE or BINARY_FLOOR_DIVIDE", "BINARY_DIVIDE")
	addRename(300, 310, "Python 3 has no classic division: write INPLACE_TRUE_DIVIDE or INPLACE_FLOOR_DIVIDE", "INPLACE_DIVIDE")
	addRename(311, 0, "Python 3 has no classic division: write BINARY_OP / or BINARY_OP //", "BINARY_DIVIDE")
	addRename(311, 0, "Python 3 has no classic division: write BINARY_OP /= or BINARY_OP //=", "INPLACE_DIVIDE")
	addRename(0, 310, "BINARY_OP arrived in 3.11; write BINARY_ADD, INPLACE_ADD and so on", "BINARY_OP")
	addRename(314, 0, "3.14 replaced it with BINARY_OP []", "BINARY_SUBSCR")

	addRename(312, 0, "3.12 merged it into LOAD_ATTR: write LOAD_ATTR NAME method", "LOAD_METHOD")
	addRename(0, 306, "LOAD_METHOD arrived in 3.7; write LOAD_ATTR", "LOAD_METHOD")
	addRename(311, 0, "3.11 replaced it with CALL", "CALL_METHOD", "CALL_FUNCTION")
	addRename(0, 306, "CALL_METHOD arrived in 3.7; write CALL_FUNCTION", "CALL_METHOD")
	addRename(311, 312, "3.11 replaced it with KW_NAMES then CALL", "CALL_FUNCTION_KW")
	addRename(313, 0, "3.13 replaced it with CALL_KW", "CALL_FUNCTION_KW", "KW_NAMES")
	addRename(300, 0, "Python 3 replaced it with CALL_FUNCTION_EX", "CALL_FUNCTION_VAR", "CALL_FUNCTION_VAR_KW")
	addRename(0, 310, "CALL arrived in 3.11; write CALL_FUNCTION", "CALL")
	addRename(0, 310, "CALL_KW arrived in 3.13; write CALL_FUNCTION_KW", "CALL_KW")
	addRename(311, 312, "CALL_KW arrived in 3.13; write KW_NAMES then CALL", "CALL_KW")
	addRename(312, 0, "3.12 dropped PRECALL: CALL alone does the call", "PRECALL")
	addRename(0, 310, "3.11 introduced it; leave it out for older releases", "PUSH_NULL", "RESUME", "PRECALL", "KW_NAMES")

	addRename(311, 0, "3.11 replaced it with JUMP_BACKWARD (or JUMP_FORWARD for a forward jump)", "JUMP_ABSOLUTE")
	addRename(0, 310, "JUMP_BACKWARD arrived in 3.11; write JUMP_ABSOLUTE", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT")
	addRename(311, 0, "write JUMP_FORWARD or JUMP_BACKWARD", "JUMP", "JUMP_NO_INTERRUPT")
	addRename(0, 310, "write JUMP_FORWARD or JUMP_ABSOLUTE", "JUMP", "JUMP_NO_INTERRUPT")
	for _, cond := range []string{"FALSE", "TRUE", "NONE", "NOT_NONE"} {
		plain := "POP_JUMP_IF_" + cond
		fwd, back := "POP_JUMP_FORWARD_IF_"+cond, "POP_JUMP_BACKWARD_IF_"+cond
		addRename(311, 311, "3.11 has a forward and a backward form: write "+fwd+" or "+back, plain)
		addRename(312, 0, "it exists only in 3.11: write "+plain, fwd, back)
		if cond == "FALSE" || cond == "TRUE" {
			addRename(0, 310, "it exists only in 3.11: write "+plain, fwd, back)
		}
	}
	addRename(314, 0, "3.14 dropped it: write LOAD_CONST then RETURN_VALUE", "RETURN_CONST")
	addRename(0, 311, "RETURN_CONST arrived in 3.12: write LOAD_CONST then RETURN_VALUE", "RETURN_CONST")
	addRename(0, 313, "LOAD_SMALL_INT arrived in 3.14: write LOAD_CONST", "LOAD_SMALL_INT")
	addRename(0, 313, "LOAD_FAST_BORROW arrived in 3.14: write LOAD_FAST", "LOAD_FAST_BORROW")

	addRename(300, 0, "it exists only in 2.7; call print", "PRINT_ITEM", "PRINT_ITEM_TO", "PRINT_NEWLINE", "PRINT_NEWLINE_TO")
	addRename(300, 0, "it exists only in 2.7; call exec", "EXEC_STMT")
	addRename(300, 0, "it exists only in 2.7; call the class builder (LOAD_BUILD_CLASS)", "BUILD_CLASS")
	addRename(300, 0, "it exists only in 2.7; use BUILD_SLICE and BINARY_SUBSCR (3.12+: BINARY_SLICE)",
		"SLICE+0", "SLICE+1", "SLICE+2", "SLICE+3", "STORE_SLICE+0", "STORE_SLICE+1", "STORE_SLICE+2",
		"STORE_SLICE+3", "DELETE_SLICE+0", "DELETE_SLICE+1", "DELETE_SLICE+2", "DELETE_SLICE+3")
	addRename(300, 312, "it exists only in 2.7; use MAKE_FUNCTION with the closure flag 0x08", "MAKE_CLOSURE")
	addRename(313, 0, "it exists only in 2.7; use MAKE_FUNCTION then SET_FUNCTION_ATTRIBUTE 8", "MAKE_CLOSURE")

	addRename(311, 0, "3.11 replaced it with a try block", "SETUP_FINALLY", "SETUP_EXCEPT", "SETUP_WITH",
		"SETUP_ASYNC_WITH", "SETUP_CLEANUP", "POP_BLOCK")
	addRename(308, 310, "3.8 merged it into SETUP_FINALLY", "SETUP_EXCEPT")
	addRename(308, 0, "3.8 dropped it: a loop needs no setup block", "SETUP_LOOP")
	addRename(308, 0, "3.8 dropped it: jump to the loop's label", "BREAK_LOOP", "CONTINUE_LOOP")
	addRename(309, 0, "3.9 replaced it with RERAISE", "END_FINALLY")
	addRename(309, 0, "3.9 replaced it with WITH_EXCEPT_START", "WITH_CLEANUP_START", "WITH_CLEANUP_FINISH")
	addRename(0, 310, "3.11 introduced it; use SETUP_FINALLY or SETUP_EXCEPT before it", "PUSH_EXC_INFO", "CHECK_EXC_MATCH")

	addRename(311, 0, "3.11 replaced it with COPY 1", "DUP_TOP")
	addRename(311, 0, "3.11 replaced it with COPY 2 twice", "DUP_TOP_TWO")
	addRename(311, 0, "3.11 replaced it with SWAP 2", "ROT_TWO")
	addRename(311, 0, "3.11 replaced it with SWAP 3, SWAP 2", "ROT_THREE")
	addRename(311, 0, "3.11 replaced the ROT_ opcodes with SWAP", "ROT_FOUR", "ROT_N")
	addRename(0, 310, "COPY arrived in 3.11: write DUP_TOP", "COPY")
	addRename(0, 310, "SWAP arrived in 3.11: write ROT_TWO", "SWAP")
	addRename(313, 0, "3.13 made it a pseudo-instruction: write LOAD_FAST", "LOAD_CLOSURE")
	addRename(311, 0, "3.11 replaced it with RETURN_GENERATOR", "GEN_START")
	addRename(311, 0, "3.11 replaced it with SEND", "YIELD_FROM")
	addRename(313, 0, "3.13 replaced it with CONVERT_VALUE, FORMAT_SIMPLE and FORMAT_WITH_SPEC", "FORMAT_VALUE")
	addRename(314, 0, "3.14 replaced it with LOAD_SPECIAL", "BEFORE_WITH", "BEFORE_ASYNC_WITH")
	addRename(314, 0, "3.14 replaced it with LOAD_COMMON_CONSTANT", "LOAD_ASSERTION_ERROR")
	addRename(312, 0, "3.12 replaced it with CALL_INTRINSIC_1", "UNARY_POSITIVE", "PRINT_EXPR", "IMPORT_STAR", "LIST_TO_TUPLE")
	addRename(312, 0, "3.12 replaced it with LOAD_FROM_DICT_OR_DEREF", "LOAD_CLASSDEREF")
	addRename(312, 0, "3.12 dropped it: write COPY 1, POP_JUMP_IF_… and POP_TOP", "JUMP_IF_FALSE_OR_POP", "JUMP_IF_TRUE_OR_POP")
	addRename(309, 0, "3.9 replaced it with BUILD_LIST and LIST_EXTEND, SET_UPDATE or DICT_UPDATE",
		"BUILD_LIST_UNPACK", "BUILD_TUPLE_UNPACK", "BUILD_TUPLE_UNPACK_WITH_CALL", "BUILD_SET_UNPACK",
		"BUILD_MAP_UNPACK", "BUILD_MAP_UNPACK_WITH_CALL")
	addRename(0, 308, "it arrived in 3.9: write COMPARE_OP in or COMPARE_OP not in", "CONTAINS_OP")
	addRename(0, 308, "it arrived in 3.9: write COMPARE_OP is or COMPARE_OP is not", "IS_OP")
	addRename(300, 0, "it exists only in 2.7; write BUILD_MAP", "STORE_MAP")
}

// curatedHint is the rename hint for name on v, if the table has one.
func curatedHint(v *versions.Version, name string) string {
	r := release(v)
	for _, rn := range renames[name] {
		if (rn.from == 0 || r >= rn.from) && (rn.to == 0 || r <= rn.to) {
			return rn.hint
		}
	}
	return ""
}

// OpcodeProblem says why name is not an opcode that can be written for v,
// with a hint: a specialized or pseudo-instruction, a name in the wrong
// case, one the release renamed, merged or split (a curated hint), one
// other releases have, or a likely typo. msg is "" if name is an opcode of
// v. Every front end gives the same words: the grammar for .pyasm text,
// the resolver for a program built in Go.
func OpcodeProblem(v *versions.Version, name string) (msg, hint string) {
	if v.Opcode(name) != nil {
		return "", ""
	}
	if up := strings.ToUpper(name); up != name && v.Opcode(up) != nil {
		return fmt.Sprintf("unknown opcode %s for %s", name, v), "opcode names are upper case: " + up
	}
	if contains(v.Opcodes.Specialized, name) {
		msg = fmt.Sprintf("%s is a specialized or instrumented opcode that the %s interpreter makes at run time; it never appears in a .pyc", name, v)
		if base := specializedBase(v, name); base != "" {
			hint = "write " + base
		}
		return msg, hint
	}
	if contains(v.Opcodes.PseudoOpcodes, name) {
		return fmt.Sprintf("%s is a pseudo-instruction of the %s compiler, not an opcode", name, v), curatedHint(v, name)
	}
	msg = fmt.Sprintf("unknown opcode %s for %s", name, v)
	if hint = curatedHint(v, name); hint != "" {
		return msg, hint
	}
	if in := releasesWith(name); len(in) > 0 {
		return msg, fmt.Sprintf("%s exists in %s only", name, formatReleases(in))
	}
	if near := nearestOpcode(v, name); near != "" {
		return msg, "did you mean " + near + "?"
	}
	return msg, ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// specializedBase finds the opcode a specialized one stands for:
// INSTRUMENTED_CALL is CALL, LOAD_ATTR_SLOT is LOAD_ATTR.
func specializedBase(v *versions.Version, name string) string {
	if rest, ok := strings.CutPrefix(name, "INSTRUMENTED_"); ok && v.Opcode(rest) != nil {
		return rest
	}
	best := ""
	for _, op := range v.Opcodes.Opcodes {
		if len(op.Name) > len(best) && strings.HasPrefix(name, op.Name+"_") {
			best = op.Name
		}
	}
	return best
}

// releasesWith lists the supported releases that have an opcode by name.
func releasesWith(name string) []*versions.Version {
	var out []*versions.Version
	for _, v := range versions.All() {
		if v.Opcode(name) != nil {
			out = append(out, v)
		}
	}
	return out
}

// formatReleases writes a list of releases with runs folded: "2.7, 3.6–3.10".
func formatReleases(list []*versions.Version) string {
	all := versions.All()
	index := map[*versions.Version]int{}
	for i, v := range all {
		index[v] = i
	}
	var parts []string
	for i := 0; i < len(list); {
		j := i
		for j+1 < len(list) && index[list[j+1]] == index[list[j]]+1 {
			j++
		}
		if j == i {
			parts = append(parts, list[i].String())
		} else {
			parts = append(parts, list[i].String()+"–"+list[j].String())
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// nearestOpcode is the opcode of v closest to name by edit distance, if
// one is close enough to be a likely typo.
func nearestOpcode(v *versions.Version, name string) string {
	var names []string
	for _, op := range v.Opcodes.Opcodes {
		if op.Name != "CACHE" && op.Name != "EXTENDED_ARG" {
			names = append(names, op.Name)
		}
	}
	return Suggest(strings.ToUpper(name), names)
}
