package stackdepth

import "github.com/pyasm/pyasm/versions"

// rules is how one release's compiler walks its flow graph to find
// co_stacksize. Everything a release does differently is here; the walk in
// stackdepth.go reads these fields and never the version number. The stack
// effects themselves come from the opcode tables (versions.Opcode.Effect and
// JumpEffect).
type rules struct {
	// recursive: the compiler walks blocks depth first, recursively
	// (compile.c stackdepth_walk of 2.7 and 3.6): a block already on the
	// current path is not entered again, and one reached again at a greater
	// depth is walked again. From 3.7 a worklist takes each block at the
	// greatest depth any path brings it (stackdepth with stackdepth_push).
	recursive bool
	// stop lists the opcodes after which the walk does not go on to the
	// next instruction: what follows is dead. 2.7 and 3.6 stop only after
	// the unconditional jumps and walk on past RETURN_VALUE and
	// RAISE_VARARGS; 3.7+ stop after those too (3.9+ also RERAISE, 3.12+
	// RETURN_CONST).
	stop map[string]bool
	// jumpAdjust is added to the depth after an instruction to give the
	// depth at its jump target; fallAdjust to give the depth after it when
	// execution goes on. This is how 2.7 and 3.6, whose stack effects have
	// no jump parameter, special-case a few opcodes in stackdepth_walk:
	// FOR_ITER's target is at depth-2, the handler of SETUP_EXCEPT and
	// SETUP_FINALLY at depth+3 (counted even if the handler were empty),
	// and JUMP_IF_*_OR_POP pop when they do not jump.
	jumpAdjust, fallAdjust map[string]int
	// exceptionTable: handlers come from co_exceptiontable (3.11+). An
	// instruction an entry covers can reach the handler, which starts at
	// the entry's depth + 1 (the exception) + 1 if lasti is pushed. Before
	// 3.11 handlers are the targets of SETUP_* jumps, with their
	// JumpEffect.
	exceptionTable bool
	// generatorStart is the depth at which the walk starts in a generator,
	// coroutine or async generator: 3.11 and 3.12 start those at 1, because
	// their RETURN_GENERATOR counts 0 but the POP_TOP after it pops one.
	generatorStart int
	// noTargetEdge lists jumps whose target the walk does not follow
	// (3.14+ END_ASYNC_FOR jumps back to the END_SEND of its loop).
	noTargetEdge map[string]bool
	// setupHandlers: before 3.11 the compilers count, at the target of a
	// SETUP_* jump, room for the exception state (six values from 3.7), and
	// the normal path may enter the same block (a finally body, WITH
	// cleanup) with fewer. Such a block taking the greater depth is part of
	// the model, not an error.
	setupHandlers bool
	// consistent: the release's model gives every reachable instruction
	// one depth in the code CPython writes, so a block reached with two
	// different depths is an error (3.9+: finally bodies are copied for the
	// normal path, and 3.12+ refuse such a graph themselves). Before that
	// END_FINALLY pops a varying number of values and the compilers' model
	// (2.7 and 3.6 in particular, which count the handler values on the
	// normal path too) does not give one depth per block; only underflow is
	// reported for those releases.
	consistent bool
}

var generatorFlags uint32 = 0x20 | 0x80 | 0x200 // CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR

func names(list ...string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, n := range list {
		m[n] = true
	}
	return m
}

var (
	// The opcodes after which 3.7+ stop; each release has the ones that
	// exist in it.
	stopAfter37 = names("JUMP_ABSOLUTE", "JUMP_FORWARD", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT",
		"RETURN_VALUE", "RETURN_CONST", "RAISE_VARARGS", "RERAISE")

	rules27 = &rules{
		recursive:  true,
		stop:       names("JUMP_ABSOLUTE", "JUMP_FORWARD"),
		jumpAdjust: map[string]int{"FOR_ITER": -2, "SETUP_EXCEPT": 3, "SETUP_FINALLY": 3},
		fallAdjust: map[string]int{"JUMP_IF_TRUE_OR_POP": -1, "JUMP_IF_FALSE_OR_POP": -1},
	}
	rules37  = &rules{stop: stopAfter37, setupHandlers: true}
	rules39  = &rules{stop: stopAfter37, setupHandlers: true, consistent: true}
	rules311 = &rules{stop: stopAfter37, exceptionTable: true, generatorStart: 1, consistent: true}
	rules313 = &rules{stop: stopAfter37, exceptionTable: true, consistent: true}
	rules314 = &rules{stop: stopAfter37, exceptionTable: true, consistent: true, noTargetEdge: names("END_ASYNC_FOR")}
)

// rulesFor gives the rules of release v.
func rulesFor(v *versions.Version) *rules {
	switch {
	case v.Major == 2, v.Major == 3 && v.Minor <= 6:
		return rules27
	case v.Minor <= 8:
		return rules37
	case v.Minor <= 10:
		return rules39
	case v.Minor <= 12:
		return rules311
	case v.Minor == 13:
		return rules313
	}
	return rules314
}
