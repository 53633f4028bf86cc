package versions

// 3.7's dis.stack_effect reports only the larger of an opcode's two effects
// (stack_effect(opcode, oparg, -1) in its compile.c), while its compiler
// used the jump-specific ones. stackEffectSplit37 restates, as Go, the
// (fall-through, jump) pair of 3.7's Python/compile.c stack_effect for the
// opcodes where the two differ; fitEffects checks that the larger of the
// pair is what the interpreter reports at every sampled argument.
var stackEffectSplit37 = map[string]func(arg int) (int, int){
	// -1 at the end of the iterator (the target), 1 while iterating.
	"FOR_ITER":             func(int) (int, int) { return 1, -1 },
	"JUMP_IF_TRUE_OR_POP":  func(int) (int, int) { return -1, 0 },
	"JUMP_IF_FALSE_OR_POP": func(int) (int, int) { return -1, 0 },
	// The handler gets six values (the exception triple and the previous
	// exception state), counted from the depth at SETUP.
	"SETUP_EXCEPT":  func(int) (int, int) { return 0, 6 },
	"SETUP_FINALLY": func(int) (int, int) { return 0, 6 },
	// __exit__ and the __enter__ result normally; at the handler the result
	// is gone and the six values are there.
	"SETUP_WITH": func(int) (int, int) { return 1, 6 },
	// The handler starts below the __aenter__ result: -1 + 6.
	"SETUP_ASYNC_WITH": func(int) (int, int) { return 0, 5 },
}
