package versions

// 2.7 has no dis.stack_effect. stackEffects27 restates, as Go, the
// opcode_stack_effect function of CPython 2.7's Python/compile.c — the
// numbers its compiler used to compute co_stacksize, including its
// approximations (JUMP_IF_*_OR_POP count 0 on both paths, SETUP_WITH counts
// 4 and END_FINALLY -3 to leave room for an exception). Opcodes it does not
// list (STOP_CODE, NOP, EXTENDED_ARG: the compiler never puts them in a
// block) get an Invalid effect. The table is sampled and fitted exactly like
// the numbers dis.stack_effect gives on 3.x (see fitEffects).

// nargs27 is compile.c's NARGS: positional count in the low byte, keyword
// pairs (two stack values each) in the next.
func nargs27(arg int) int { return arg%256 + 2*(arg/256) }

var stackEffects27 = map[string]func(arg int) int{
	"POP_TOP": constEffect(-1), "ROT_TWO": constEffect(0), "ROT_THREE": constEffect(0),
	"DUP_TOP": constEffect(1), "ROT_FOUR": constEffect(0),

	"UNARY_POSITIVE": constEffect(0), "UNARY_NEGATIVE": constEffect(0), "UNARY_NOT": constEffect(0),
	"UNARY_CONVERT": constEffect(0), "UNARY_INVERT": constEffect(0),

	"SET_ADD": constEffect(-1), "LIST_APPEND": constEffect(-1), "MAP_ADD": constEffect(-2),

	"BINARY_POWER": constEffect(-1), "BINARY_MULTIPLY": constEffect(-1), "BINARY_DIVIDE": constEffect(-1),
	"BINARY_MODULO": constEffect(-1), "BINARY_ADD": constEffect(-1), "BINARY_SUBTRACT": constEffect(-1),
	"BINARY_SUBSCR": constEffect(-1), "BINARY_FLOOR_DIVIDE": constEffect(-1), "BINARY_TRUE_DIVIDE": constEffect(-1),
	"INPLACE_FLOOR_DIVIDE": constEffect(-1), "INPLACE_TRUE_DIVIDE": constEffect(-1),

	"SLICE+0": constEffect(0), "SLICE+1": constEffect(-1), "SLICE+2": constEffect(-1), "SLICE+3": constEffect(-2),
	"STORE_SLICE+0": constEffect(-2), "STORE_SLICE+1": constEffect(-3), "STORE_SLICE+2": constEffect(-3), "STORE_SLICE+3": constEffect(-4),
	"DELETE_SLICE+0": constEffect(-1), "DELETE_SLICE+1": constEffect(-2), "DELETE_SLICE+2": constEffect(-2), "DELETE_SLICE+3": constEffect(-3),

	"INPLACE_ADD": constEffect(-1), "INPLACE_SUBTRACT": constEffect(-1), "INPLACE_MULTIPLY": constEffect(-1),
	"INPLACE_DIVIDE": constEffect(-1), "INPLACE_MODULO": constEffect(-1),
	"STORE_SUBSCR": constEffect(-3), "STORE_MAP": constEffect(-2), "DELETE_SUBSCR": constEffect(-2),

	"BINARY_LSHIFT": constEffect(-1), "BINARY_RSHIFT": constEffect(-1), "BINARY_AND": constEffect(-1),
	"BINARY_XOR": constEffect(-1), "BINARY_OR": constEffect(-1), "INPLACE_POWER": constEffect(-1),
	"GET_ITER": constEffect(0),

	"PRINT_EXPR": constEffect(-1), "PRINT_ITEM": constEffect(-1), "PRINT_NEWLINE": constEffect(0),
	"PRINT_ITEM_TO": constEffect(-2), "PRINT_NEWLINE_TO": constEffect(-1),
	"INPLACE_LSHIFT": constEffect(-1), "INPLACE_RSHIFT": constEffect(-1), "INPLACE_AND": constEffect(-1),
	"INPLACE_XOR": constEffect(-1), "INPLACE_OR": constEffect(-1),
	"BREAK_LOOP":   constEffect(0),
	"SETUP_WITH":   constEffect(4),
	"WITH_CLEANUP": constEffect(-1), // "XXX Sometimes more"
	"LOAD_LOCALS":  constEffect(1),
	"RETURN_VALUE": constEffect(-1),
	"IMPORT_STAR":  constEffect(-1),
	"EXEC_STMT":    constEffect(-3),
	"YIELD_VALUE":  constEffect(0),
	"POP_BLOCK":    constEffect(0),
	"END_FINALLY":  constEffect(-3), // "or -1 or -2 if no exception occurred or return/break/continue"
	"BUILD_CLASS":  constEffect(-2),

	"STORE_NAME": constEffect(-1), "DELETE_NAME": constEffect(0),
	"UNPACK_SEQUENCE": func(arg int) int { return arg - 1 },
	"FOR_ITER":        constEffect(1), // "or -1, at end of iterator"

	"STORE_ATTR": constEffect(-2), "DELETE_ATTR": constEffect(-1),
	"STORE_GLOBAL": constEffect(-1), "DELETE_GLOBAL": constEffect(0),
	"DUP_TOPX":   func(arg int) int { return arg },
	"LOAD_CONST": constEffect(1), "LOAD_NAME": constEffect(1),
	"BUILD_TUPLE": func(arg int) int { return 1 - arg },
	"BUILD_LIST":  func(arg int) int { return 1 - arg },
	"BUILD_SET":   func(arg int) int { return 1 - arg },
	"BUILD_MAP":   constEffect(1),
	"LOAD_ATTR":   constEffect(0), "COMPARE_OP": constEffect(-1),
	"IMPORT_NAME": constEffect(-1), "IMPORT_FROM": constEffect(1),

	"JUMP_FORWARD": constEffect(0), "JUMP_IF_TRUE_OR_POP": constEffect(0),
	"JUMP_IF_FALSE_OR_POP": constEffect(0), "JUMP_ABSOLUTE": constEffect(0),
	"POP_JUMP_IF_FALSE": constEffect(-1), "POP_JUMP_IF_TRUE": constEffect(-1),

	"LOAD_GLOBAL":   constEffect(1),
	"CONTINUE_LOOP": constEffect(0),
	"SETUP_LOOP":    constEffect(0), "SETUP_EXCEPT": constEffect(0), "SETUP_FINALLY": constEffect(0),
	"LOAD_FAST": constEffect(1), "STORE_FAST": constEffect(-1), "DELETE_FAST": constEffect(0),

	"RAISE_VARARGS":        func(arg int) int { return -arg },
	"CALL_FUNCTION":        func(arg int) int { return -nargs27(arg) },
	"CALL_FUNCTION_VAR":    func(arg int) int { return -nargs27(arg) - 1 },
	"CALL_FUNCTION_KW":     func(arg int) int { return -nargs27(arg) - 1 },
	"CALL_FUNCTION_VAR_KW": func(arg int) int { return -nargs27(arg) - 2 },
	"MAKE_FUNCTION":        func(arg int) int { return -arg },
	"BUILD_SLICE": func(arg int) int {
		if arg == 3 {
			return -2
		}
		return -1
	},
	"MAKE_CLOSURE": func(arg int) int { return -arg - 1 },
	"LOAD_CLOSURE": constEffect(1),
	"LOAD_DEREF":   constEffect(1),
	"STORE_DEREF":  constEffect(-1),
}

func constEffect(n int) func(int) int { return func(int) int { return n } }
