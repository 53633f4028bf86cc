package stackdepth

import (
	"sync"

	"github.com/pyasm/pyasm/versions"
)

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
	// coroutine or async generator: 3.10 starts those at 1 for GEN_START,
	// which pops the value sent in, and 3.11 and 3.12 because their
	// RETURN_GENERATOR counts 0 but the POP_TOP after it pops one.
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
	// minDepth is the least co_stacksize the release writes: 3.13+ write 1
	// for code that never holds a value (measured: `def f(): raise` and
	// `def f(): return True` get 1 from 3.13 on, 0 on 3.12).
	minDepth int
	// orphanHandlers (3.11+): the handler of a try whose body compiled to
	// nothing (`try: pass`, or asserts under -O) keeps its code, though no
	// exception-table entry leads there any more, and the compiler counted
	// it: its SETUP_* pseudo instruction, which the assembler drops, made
	// the handler reachable. The walk finds the depths of such code
	// (walker.inferStart) and counts it, without reporting errors in it.
	orphanHandlers bool
	// consistent: the release's model gives every reachable instruction
	// one depth in the code CPython writes, so a block reached with two
	// different depths is an error (3.9+: finally bodies are copied for the
	// normal path, and 3.12+ refuse such a graph themselves). Before that
	// END_FINALLY pops a varying number of values and the compilers' model
	// (2.7 and 3.6 in particular, which count the handler values on the
	// normal path too) does not give one depth per block; only underflow is
	// reported for those releases.
	consistent bool
	// check, for a release whose compiler walks on past the end of a path
	// (2.7, 3.6), is the same walk stopping where execution stops; the
	// errors come from it, so that dead code the compiler counted is not
	// blamed.
	check *rules
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
		check: &rules{
			recursive:    true,
			stop:         union(stopAfter37, names("BREAK_LOOP", "CONTINUE_LOOP")),
			noTargetEdge: names("CONTINUE_LOOP"),
			jumpAdjust:   map[string]int{"FOR_ITER": -2, "SETUP_EXCEPT": 3, "SETUP_FINALLY": 3},
			fallAdjust:   map[string]int{"JUMP_IF_TRUE_OR_POP": -1, "JUMP_IF_FALSE_OR_POP": -1},
		},
	}
	// 3.7 stops after BREAK_LOOP, and after CONTINUE_LOOP without
	// following it: it pops a varying number of values, and the loop start
	// it goes to is walked anyway. Neither opcode exists from 3.8.
	rules37 = &rules{
		stop:          union(stopAfter37, names("BREAK_LOOP", "CONTINUE_LOOP")),
		noTargetEdge:  names("CONTINUE_LOOP"),
		setupHandlers: true,
	}
	rules38 = &rules{stop: stopAfter37, setupHandlers: true}
	rules39 = &rules{stop: stopAfter37, setupHandlers: true, consistent: true}
	// 3.10 starts generators at 1: GEN_START pops the value sent in.
	rules310 = &rules{stop: stopAfter37, setupHandlers: true, consistent: true, generatorStart: 1}
	rules311 = &rules{stop: stopAfter37, exceptionTable: true, orphanHandlers: true, generatorStart: 1, consistent: true}
	rules313 = &rules{stop: stopAfter37, exceptionTable: true, orphanHandlers: true, consistent: true, minDepth: 1}
	rules314 = &rules{stop: stopAfter37, exceptionTable: true, orphanHandlers: true, consistent: true, minDepth: 1,
		noTargetEdge: names("END_ASYNC_FOR")}
)

func union(a, b map[string]bool) map[string]bool {
	m := make(map[string]bool, len(a)+len(b))
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

// byCode is a release's rules per opcode number, for the walk's every step:
// four lookups by name an instruction were a tenth of its time.
type byCode struct {
	stop, noTargetEdge     [256]bool
	jumpAdjust, fallAdjust [256]int
}

// byCodes holds the byCode of each release and rules (a release's own, or
// its check's), made on first use.
var byCodes sync.Map // byCodeKey → *byCode

type byCodeKey struct {
	v *versions.Version
	r *rules
}

// rulesByCode gives r, rules of release v, per opcode number.
func rulesByCode(v *versions.Version, r *rules) *byCode {
	key := byCodeKey{v, r}
	if t, ok := byCodes.Load(key); ok {
		return t.(*byCode)
	}
	t := &byCode{}
	for code := range 256 {
		op := v.OpcodeByCode(uint8(code))
		if op == nil {
			continue
		}
		t.stop[code], t.noTargetEdge[code] = r.stop[op.Name], r.noTargetEdge[op.Name]
		t.jumpAdjust[code], t.fallAdjust[code] = r.jumpAdjust[op.Name], r.fallAdjust[op.Name]
	}
	got, _ := byCodes.LoadOrStore(key, t)
	return got.(*byCode)
}

// rulesFor gives the rules of release v.
func rulesFor(v *versions.Version) *rules {
	switch {
	case v.Major == 2, v.Minor <= 6:
		return rules27
	case v.Minor == 7:
		return rules37
	case v.Minor == 8:
		return rules38
	case v.Minor == 9:
		return rules39
	case v.Minor == 10:
		return rules310
	case v.Minor <= 12:
		return rules311
	case v.Minor == 13:
		return rules313
	}
	return rules314
}
