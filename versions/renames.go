package versions

import "strings"

// The renames are the curated story of opcode names that came and went:
// for a name some releases lack, why, and what to write there instead
// ("3.11 replaced it with CALL"). The assembler's "unknown opcode" hints
// and the help's per-release history (pyasm help CALL_FUNCTION) both read
// this one table.

// Rename is one entry: for the releases From..To (inclusive, as 100*major
// + minor, 0 = unbounded; 300 stands for all of Python 3), Hint says what
// happened to the name and what to write instead.
type Rename struct {
	From, To int
	Hint     string
}

var renames = map[string][]Rename{}

func rename(from, to int, hint string, names ...string) {
	for _, n := range names {
		renames[n] = append(renames[n], Rename{from, to, hint})
	}
}

// Number is the release as a comparable number: 3.12 is 312.
func (v *Version) Number() int { return v.Major*100 + v.Minor }

// RenameHint is the curated hint for an opcode name on v ("" if the
// table has none): the release that replaced, merged or dropped it and
// what to write instead, or the release that introduced it.
func RenameHint(v *Version, name string) string {
	r := v.Number()
	for _, rn := range renames[name] {
		if (rn.From == 0 || r >= rn.From) && (rn.To == 0 || r <= rn.To) {
			return rn.Hint
		}
	}
	return ""
}

// ReleasesWith lists the supported releases that have a real opcode by name.
func ReleasesWith(name string) []*Version {
	var out []*Version
	for _, v := range all {
		if v.Opcode(name) != nil {
			out = append(out, v)
		}
	}
	return out
}

// FormatReleases writes a list of releases, oldest first, with runs of
// consecutive supported releases of one major version folded: "2.7,
// 3.6–3.10" (never "2.7–3.10", which would seem to take in 3.0–3.5).
func FormatReleases(list []*Version) string {
	index := map[*Version]int{}
	for i, v := range all {
		index[v] = i
	}
	var parts []string
	for i := 0; i < len(list); {
		j := i
		for j+1 < len(list) && index[list[j+1]] == index[list[j]]+1 && list[j+1].Major == list[j].Major {
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

// The operators of 3.11's BINARY_OP, by the opcodes it replaced.
var replacedBinaryOps = map[string]string{
	"ADD": "+", "AND": "&", "FLOOR_DIVIDE": "//", "LSHIFT": "<<", "MATRIX_MULTIPLY": "@",
	"MULTIPLY": "*", "MODULO": "%", "OR": "|", "POWER": "**", "RSHIFT": ">>",
	"SUBTRACT": "-", "TRUE_DIVIDE": "/", "XOR": "^",
}

func init() {
	for name, sym := range replacedBinaryOps {
		rename(311, 0, "3.11 replaced it with BINARY_OP "+sym, "BINARY_"+name)
		rename(311, 0, "3.11 replaced it with BINARY_OP "+sym+"=", "INPLACE_"+name)
	}
	rename(300, 310, "Python 3 has no classic division: write BINARY_TRUE_DIVIDE or BINARY_FLOOR_DIVIDE", "BINARY_DIVIDE")
	rename(300, 310, "Python 3 has no classic division: write INPLACE_TRUE_DIVIDE or INPLACE_FLOOR_DIVIDE", "INPLACE_DIVIDE")
	rename(311, 0, "Python 3 has no classic division: write BINARY_OP / or BINARY_OP //", "BINARY_DIVIDE")
	rename(311, 0, "Python 3 has no classic division: write BINARY_OP /= or BINARY_OP //=", "INPLACE_DIVIDE")
	rename(0, 310, "BINARY_OP arrived in 3.11; write BINARY_ADD, INPLACE_ADD and so on", "BINARY_OP")
	rename(314, 0, "3.14 replaced it with BINARY_OP []", "BINARY_SUBSCR")

	rename(312, 0, "3.12 merged it into LOAD_ATTR: write LOAD_ATTR NAME method", "LOAD_METHOD")
	rename(0, 306, "LOAD_METHOD arrived in 3.7; write LOAD_ATTR", "LOAD_METHOD")
	rename(311, 0, "3.11 replaced it with CALL", "CALL_METHOD", "CALL_FUNCTION")
	rename(0, 306, "CALL_METHOD arrived in 3.7; write CALL_FUNCTION", "CALL_METHOD")
	rename(311, 312, "3.11 replaced it with KW_NAMES then CALL", "CALL_FUNCTION_KW")
	rename(313, 0, "3.13 replaced it with CALL_KW", "CALL_FUNCTION_KW", "KW_NAMES")
	rename(300, 0, "Python 3 replaced it with CALL_FUNCTION_EX", "CALL_FUNCTION_VAR", "CALL_FUNCTION_VAR_KW")
	rename(0, 310, "CALL arrived in 3.11; write CALL_FUNCTION", "CALL")
	rename(0, 310, "CALL_KW arrived in 3.13; write CALL_FUNCTION_KW", "CALL_KW")
	rename(311, 312, "CALL_KW arrived in 3.13; write KW_NAMES then CALL", "CALL_KW")
	rename(312, 0, "3.12 dropped PRECALL: CALL alone does the call", "PRECALL")
	rename(0, 310, "3.11 introduced it; leave it out for older releases", "PUSH_NULL", "RESUME", "PRECALL", "KW_NAMES")

	rename(311, 0, "3.11 replaced it with JUMP_BACKWARD (or JUMP_FORWARD for a forward jump)", "JUMP_ABSOLUTE")
	rename(0, 310, "JUMP_BACKWARD arrived in 3.11; write JUMP_ABSOLUTE", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT")
	rename(311, 0, "write JUMP_FORWARD or JUMP_BACKWARD", "JUMP", "JUMP_NO_INTERRUPT")
	rename(0, 310, "write JUMP_FORWARD or JUMP_ABSOLUTE", "JUMP", "JUMP_NO_INTERRUPT")
	for _, cond := range []string{"FALSE", "TRUE", "NONE", "NOT_NONE"} {
		plain := "POP_JUMP_IF_" + cond
		fwd, back := "POP_JUMP_FORWARD_IF_"+cond, "POP_JUMP_BACKWARD_IF_"+cond
		rename(311, 311, "3.11 has a forward and a backward form: write "+fwd+" or "+back, plain)
		rename(312, 0, "it exists only in 3.11: write "+plain, fwd, back)
		if cond == "FALSE" || cond == "TRUE" {
			rename(0, 310, "it exists only in 3.11: write "+plain, fwd, back)
		}
	}
	rename(314, 0, "3.14 dropped it: write LOAD_CONST then RETURN_VALUE", "RETURN_CONST")
	rename(0, 311, "RETURN_CONST arrived in 3.12: write LOAD_CONST then RETURN_VALUE", "RETURN_CONST")
	rename(0, 313, "LOAD_SMALL_INT arrived in 3.14: write LOAD_CONST", "LOAD_SMALL_INT")
	rename(0, 313, "LOAD_FAST_BORROW arrived in 3.14: write LOAD_FAST", "LOAD_FAST_BORROW")

	rename(300, 0, "it exists only in 2.7; call print", "PRINT_ITEM", "PRINT_ITEM_TO", "PRINT_NEWLINE", "PRINT_NEWLINE_TO")
	rename(300, 0, "it exists only in 2.7; call exec", "EXEC_STMT")
	rename(300, 0, "it exists only in 2.7; call the class builder (LOAD_BUILD_CLASS)", "BUILD_CLASS")
	rename(300, 0, "it exists only in 2.7; use BUILD_SLICE and BINARY_SUBSCR (3.12+: BINARY_SLICE)",
		"SLICE+0", "SLICE+1", "SLICE+2", "SLICE+3", "STORE_SLICE+0", "STORE_SLICE+1", "STORE_SLICE+2",
		"STORE_SLICE+3", "DELETE_SLICE+0", "DELETE_SLICE+1", "DELETE_SLICE+2", "DELETE_SLICE+3")
	rename(300, 312, "it exists only in 2.7; use MAKE_FUNCTION with the closure flag 0x08", "MAKE_CLOSURE")
	rename(313, 0, "it exists only in 2.7; use MAKE_FUNCTION then SET_FUNCTION_ATTRIBUTE 8", "MAKE_CLOSURE")

	rename(311, 0, "3.11 replaced it with a try block", "SETUP_FINALLY", "SETUP_EXCEPT", "SETUP_WITH",
		"SETUP_ASYNC_WITH", "SETUP_CLEANUP", "POP_BLOCK")
	rename(308, 310, "3.8 merged it into SETUP_FINALLY", "SETUP_EXCEPT")
	rename(308, 0, "3.8 dropped it: a loop needs no setup block", "SETUP_LOOP")
	rename(308, 0, "3.8 dropped it: jump to the loop's label", "BREAK_LOOP", "CONTINUE_LOOP")
	rename(309, 0, "3.9 replaced it with RERAISE", "END_FINALLY")
	rename(309, 0, "3.9 replaced it with WITH_EXCEPT_START", "WITH_CLEANUP_START", "WITH_CLEANUP_FINISH")
	rename(0, 310, "3.11 introduced it; use SETUP_FINALLY or SETUP_EXCEPT before it", "PUSH_EXC_INFO", "CHECK_EXC_MATCH")

	rename(311, 0, "3.11 replaced it with COPY 1", "DUP_TOP")
	rename(311, 0, "3.11 replaced it with COPY 2 twice", "DUP_TOP_TWO")
	rename(311, 0, "3.11 replaced it with SWAP 2", "ROT_TWO")
	rename(311, 0, "3.11 replaced it with SWAP 3, SWAP 2", "ROT_THREE")
	rename(311, 0, "3.11 replaced the ROT_ opcodes with SWAP", "ROT_FOUR", "ROT_N")
	rename(0, 310, "COPY arrived in 3.11: write DUP_TOP", "COPY")
	rename(0, 310, "SWAP arrived in 3.11: write ROT_TWO", "SWAP")
	rename(313, 0, "3.13 made it a pseudo-instruction: write LOAD_FAST", "LOAD_CLOSURE")
	rename(311, 0, "3.11 replaced it with RETURN_GENERATOR", "GEN_START")
	rename(311, 0, "3.11 replaced it with SEND", "YIELD_FROM")
	rename(313, 0, "3.13 replaced it with CONVERT_VALUE, FORMAT_SIMPLE and FORMAT_WITH_SPEC", "FORMAT_VALUE")
	rename(314, 0, "3.14 replaced it with LOAD_SPECIAL", "BEFORE_WITH", "BEFORE_ASYNC_WITH")
	rename(314, 0, "3.14 replaced it with LOAD_COMMON_CONSTANT", "LOAD_ASSERTION_ERROR")
	rename(312, 0, "3.12 replaced it with CALL_INTRINSIC_1", "UNARY_POSITIVE", "PRINT_EXPR", "IMPORT_STAR", "LIST_TO_TUPLE")
	rename(312, 0, "3.12 replaced it with LOAD_FROM_DICT_OR_DEREF", "LOAD_CLASSDEREF")
	rename(312, 0, "3.12 dropped it: write COPY 1, POP_JUMP_IF_… and POP_TOP", "JUMP_IF_FALSE_OR_POP", "JUMP_IF_TRUE_OR_POP")
	rename(309, 0, "3.9 replaced it with BUILD_LIST and LIST_EXTEND, SET_UPDATE or DICT_UPDATE",
		"BUILD_LIST_UNPACK", "BUILD_TUPLE_UNPACK", "BUILD_TUPLE_UNPACK_WITH_CALL", "BUILD_SET_UNPACK",
		"BUILD_MAP_UNPACK", "BUILD_MAP_UNPACK_WITH_CALL")
	rename(0, 308, "it arrived in 3.9: write COMPARE_OP in or COMPARE_OP not in", "CONTAINS_OP")
	rename(0, 308, "it arrived in 3.9: write COMPARE_OP is or COMPARE_OP is not", "IS_OP")
	rename(300, 0, "it exists only in 2.7; write BUILD_MAP", "STORE_MAP")
}
