package stackdepth

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/bytecode"
	"github.com/pyasm/pyasm/exctable"
	"github.com/pyasm/pyasm/versions"
)

// build assembles lines such as "LOAD_CONST 0" into instructions of
// release v: EXTENDED_ARG prefixes for wide arguments, zeroed caches, and
// raw jump arguments (the caller counts units as the release does). A line
// "#N" is a raw opcode number N with argument 0.
func build(t *testing.T, v *versions.Version, lines ...string) []bytecode.Instruction {
	t.Helper()
	var code []byte
	for _, line := range lines {
		f := strings.Fields(line)
		var arg uint64
		if len(f) > 1 {
			var err error
			arg, err = strconv.ParseUint(f[1], 10, 32)
			require.NoError(t, err, line)
		}
		if strings.HasPrefix(f[0], "#") {
			n, err := strconv.Atoi(f[0][1:])
			require.NoError(t, err)
			code = append(code, byte(n), 0)
			continue
		}
		op := v.Opcode(f[0])
		require.NotNil(t, op, "%s has no %s", v, f[0])
		if !v.Wordcode {
			if op.HasArg {
				code = append(code, op.Code, byte(arg), byte(arg>>8))
			} else {
				code = append(code, op.Code)
			}
			continue
		}
		for shift := 24; shift > 0; shift -= 8 {
			if arg>>shift != 0 {
				code = append(code, v.Opcodes.ExtendedArg, byte(arg>>shift))
			}
		}
		code = append(code, op.Code, byte(arg))
		for i := 0; i < op.Caches; i++ {
			code = append(code, 0, 0)
		}
	}
	ins, err := bytecode.Decode(v, code)
	require.NoError(t, err)
	return ins
}

func TestMaxDepth(t *testing.T) {
	tests := []struct {
		name    string
		version *versions.Version
		flags   uint32
		lines   []string
		want    int
	}{
		{"2.7 call", versions.V2_7, 0, []string{"LOAD_GLOBAL 0", "LOAD_CONST 0", "LOAD_CONST 1", "CALL_FUNCTION 2", "RETURN_VALUE"}, 3},
		// 2.7 counts 3 more at the handler of SETUP_EXCEPT; FOR_ITER's exit is at depth-2.
		{"2.7 try", versions.V2_7, 0, []string{
			"SETUP_EXCEPT 4", // 0 -> handler at 7
			"POP_BLOCK",      // 3
			"JUMP_FORWARD 1", // 4 -> 8
			"END_FINALLY",    // 7: at 3, -3
			"LOAD_CONST 0",   // 8
			"RETURN_VALUE"}, 3},
		{"3.6 try counts six on the normal path", versions.V3_6, 0, []string{
			"SETUP_EXCEPT 4", // 0: +6, handler at 6+3
			"POP_BLOCK",      // 2
			"JUMP_FORWARD 2", // 4 -> 8
			"END_FINALLY",    // 6: at 9
			"LOAD_CONST 0",   // 8: at 8 (max of 6 and 9-1)
			"RETURN_VALUE"}, 9},
		{"3.8 for loop", versions.V3_8, 0, []string{
			"LOAD_FAST 0",     // 0
			"GET_ITER",        // 2
			"FOR_ITER 4",      // 4 -> 10 at 0; falls on at 2
			"STORE_FAST 1",    // 6
			"JUMP_ABSOLUTE 4", // 8
			"LOAD_CONST 0",    // 10
			"RETURN_VALUE"}, 2},
		{"3.10 generator starts at 1", versions.V3_10, 0x20, []string{"GEN_START 0", "LOAD_CONST 0", "RETURN_VALUE"}, 1},
		{"3.11 generator starts at 1", versions.V3_11, 0x20, []string{"RETURN_GENERATOR", "POP_TOP", "RESUME 0", "LOAD_CONST 0", "RETURN_VALUE"}, 1},
		{"3.12 plain function", versions.V3_12, 0, []string{"RESUME 0", "LOAD_FAST 0", "LOAD_FAST 1", "BINARY_OP 0", "RETURN_VALUE"}, 2},
		{"3.12 raise only", versions.V3_12, 0, []string{"RESUME 0", "RAISE_VARARGS 0"}, 0},
		{"3.13 raise only is 1", versions.V3_13, 0, []string{"RESUME 0", "RAISE_VARARGS 0"}, 1},
		{"3.15 two-slot iterator", versions.V3_15, 0, []string{
			"RESUME 0",        // 0 (+1 cache)
			"LOAD_FAST 0",     // 4
			"GET_ITER 0",      // 6 (+1 cache): 2 slots
			"FOR_ITER 3",      // 10 (+1 cache) -> 14+6 = 20
			"STORE_FAST 1",    // 14
			"JUMP_BACKWARD 5", // 16 (+1 cache) -> 20-10 = 10
			"END_FOR",         // 20
			"POP_ITER",        // 22
			"LOAD_COMMON_CONSTANT 7",
			"RETURN_VALUE"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ins := build(t, tt.version, tt.lines...)
			res, err := Compute(tt.version, Code{Instructions: ins, Flags: tt.flags})
			require.NoError(t, err)
			assert.Equal(t, tt.want, res.MaxDepth)
		})
	}
}

func TestDepthPerInstruction(t *testing.T) {
	v := versions.V3_12
	ins := build(t, v, "RESUME 0", "LOAD_FAST 0", "POP_JUMP_IF_FALSE 1", "RETURN_CONST 0", "LOAD_CONST 0", "RETURN_VALUE")
	res, err := Compute(v, Code{Instructions: ins})
	require.NoError(t, err)
	assert.Equal(t, []int{0, 0, 1, 0, 0, 1}, res.Depth)

	// Code after a return that no jump reaches is not walked.
	ins = build(t, v, "RESUME 0", "RETURN_CONST 0", "LOAD_CONST 0", "LOAD_CONST 0", "RETURN_VALUE")
	res, err = Compute(v, Code{Instructions: ins})
	require.NoError(t, err)
	assert.Equal(t, 0, res.MaxDepth)
	assert.Equal(t, []int{0, 0, Unreached, Unreached, Unreached}, res.Depth)
}

// TestHandlers checks the exception-table edges of 3.11+: a handler starts
// at the entry's depth, plus the exception, plus lasti if pushed.
func TestHandlers(t *testing.T) {
	v := versions.V3_12
	ins := build(t, v,
		"RESUME 0",      // 0
		"LOAD_FAST 0",   // 2
		"LOAD_FAST 0",   // 4
		"POP_TOP",       // 6
		"RETURN_VALUE",  // 8
		"PUSH_EXC_INFO", // 10: handler, at 1+1+1 = 3
		"POP_EXCEPT",    // 12
		"RERAISE 0")     // 14
	entries := []exctable.Entry{{Start: 2, End: 5, Target: 5, Depth: 1, Lasti: true}}
	res, err := Compute(v, Code{Instructions: ins, Handlers: entries})
	require.NoError(t, err)
	assert.Equal(t, 4, res.MaxDepth)
	assert.Equal(t, 3, res.Depth[5])

	// Without an entry the handler is dead code, unless it looks like the
	// handler of an emptied try: PUSH_EXC_INFO under an entry of its own.
	res, err = Compute(v, Code{Instructions: ins})
	require.NoError(t, err)
	assert.Equal(t, 2, res.MaxDepth)
	assert.Equal(t, 0, res.Orphans)
	res, err = Compute(v, Code{Instructions: ins, Handlers: []exctable.Entry{{Start: 5, End: 7, Target: 7, Depth: 2, Lasti: true}}})
	require.NoError(t, err)
	// The orphan starts at 2, PUSH_EXC_INFO makes 3, and its own entry
	// leads to RERAISE at 2+1+1; both blocks are counted as orphans.
	assert.Equal(t, 4, res.MaxDepth, "the orphan handler starts at its cleanup entry's depth")
	assert.Equal(t, 2, res.Depth[5])
	assert.Equal(t, 2, res.Orphans)
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name     string
		version  *versions.Version
		lines    []string
		handlers []exctable.Entry
		kind     Kind
		offset   int
		msg      string
	}{
		{"3.12 underflow", versions.V3_12, []string{"RESUME 0", "POP_TOP", "RETURN_CONST 0"}, nil,
			Underflow, 2, "offset 2: POP_TOP: at depth 0, an effect of -1 leaves -1 values on the stack"},
		{"3.12 underflow by a call", versions.V3_12, []string{"RESUME 0", "PUSH_NULL", "LOAD_FAST 0", "CALL 2", "RETURN_VALUE"}, nil,
			Underflow, 6, "at depth 2, an effect of -3 leaves -1"},
		{"2.7 underflow", versions.V2_7, []string{"POP_TOP", "LOAD_CONST 0", "RETURN_VALUE"}, nil,
			Underflow, 0, "offset 0: POP_TOP: at depth 0"},
		{"3.8 underflow", versions.V3_8, []string{"LOAD_CONST 0", "BINARY_ADD", "RETURN_VALUE"}, nil,
			Underflow, 4, "offset 4: RETURN_VALUE: at depth 0"},
		{"3.12 two depths at a jump target", versions.V3_12, []string{
			"RESUME 0",            // 0
			"LOAD_FAST 0",         // 2
			"POP_JUMP_IF_FALSE 1", // 4 -> 8 at depth 0
			"LOAD_CONST 0",        // 6: falls into 8 at depth 1
			"RETURN_VALUE"}, nil,  // 8
			Conflict, 8, "offset 8: RETURN_VALUE: reached with depth 0 from offset 4 and with depth 1 from offset 6"},
		{"3.9 two depths at a jump target", versions.V3_9, []string{
			"LOAD_FAST 0",         // 0
			"POP_JUMP_IF_FALSE 6", // 2 -> 6 at 0
			"LOAD_CONST 0",        // 4 -> 6 at 1
			"RETURN_VALUE"}, nil,  // 6
			Conflict, 6, "reached with depth 0 from offset 2 and with depth 1 from offset 4"},
		{"3.12 handler reached with two depths", versions.V3_12, []string{
			"RESUME 0",      // 0
			"LOAD_FAST 0",   // 2
			"LOAD_FAST 0",   // 4
			"BINARY_OP 0",   // 6 (+1 cache)
			"RETURN_VALUE",  // 10
			"PUSH_EXC_INFO", // 12
			"POP_EXCEPT",
			"RERAISE 0"},
			[]exctable.Entry{{Start: 1, End: 2, Target: 6, Depth: 0}, {Start: 2, End: 5, Target: 6, Depth: 1}},
			Conflict, 12, "reached with depth 1 from exception table entry 0 (offsets 2 to 4) and with depth 2 from exception table entry 1 (offsets 4 to 10)"},
		{"3.12 falls off the end", versions.V3_12, []string{"RESUME 0", "LOAD_CONST 0", "POP_TOP"}, nil,
			FallsOffEnd, 4, "offset 4: POP_TOP: execution goes on past the last instruction"},
		{"3.12 jump out of the code", versions.V3_12, []string{"RESUME 0", "JUMP_FORWARD 5", "RETURN_CONST 0"}, nil,
			BadJump, 2, "jump target 14 is not the start of an instruction"},
		{"3.12 handler out of the code", versions.V3_12, []string{"RESUME 0", "RETURN_CONST 0"},
			[]exctable.Entry{{Start: 0, End: 2, Target: 9, Depth: 0}},
			BadJump, 18, "handler 18 is not the start of an instruction"},
		{"3.12 unknown opcode", versions.V3_12, []string{"RESUME 0", "#230", "RETURN_CONST 0"}, nil,
			UnknownOpcode, 2, "3.12 has no opcode 230"},
		{"2.7 STOP_CODE has no effect", versions.V2_7, []string{"STOP_CODE", "LOAD_CONST 0", "RETURN_VALUE"}, nil,
			NoEffect, 0, "CPython 2.7's compiler has no stack effect for STOP_CODE"},
		{"3.12 stack grows around a loop", versions.V3_12, []string{
			"RESUME 0",         // 0
			"LOAD_CONST 0",     // 2
			"JUMP_BACKWARD 2"}, // 4 -> 2
			nil, Unbounded, 2, "the stack grows without bound"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ins := build(t, tt.version, tt.lines...)
			_, err := Compute(tt.version, Code{Instructions: ins, Handlers: tt.handlers})
			require.Error(t, err)
			var list Errors
			require.True(t, errors.As(err, &list), "%T", err)
			var found *Error
			for _, e := range list {
				if e.Kind == tt.kind {
					found = e
					break
				}
			}
			require.NotNil(t, found, "no %s among %v", tt.kind, err)
			assert.Equal(t, tt.offset, found.Offset)
			assert.Contains(t, found.Msg, tt.msg)
		})
	}
}

func TestConflictFields(t *testing.T) {
	v := versions.V3_12
	ins := build(t, v, "RESUME 0", "LOAD_FAST 0", "POP_JUMP_IF_FALSE 1", "LOAD_CONST 0", "RETURN_VALUE")
	_, err := Compute(v, Code{Instructions: ins})
	var list Errors
	require.True(t, errors.As(err, &list))
	require.Len(t, list, 1)
	e := list[0]
	assert.Equal(t, Conflict, e.Kind)
	assert.Equal(t, "RETURN_VALUE", e.Op)
	assert.Equal(t, [4]int{0, 4, 1, 6}, [4]int{e.Depth, e.From, e.Other, e.OtherFrom})
	assert.False(t, e.FromHandler || e.OtherHandler)
	assert.Equal(t, "inconsistent stack depth", e.Kind.String())
}

// TestModelSlack checks what is not an error: before 3.11 a SETUP_*
// handler may be entered with more values than the normal path brings
// (3.9 counts six at a finally block the normal path enters with one),
// and 2.7–3.8 do not give one depth per block at all.
func TestModelSlack(t *testing.T) {
	v := versions.V3_9
	ins := build(t, v,
		"SETUP_FINALLY 4", // 0 -> 6 at 6
		"POP_BLOCK",       // 2
		"LOAD_CONST 0",    // 4: falls into 6 at 1
		"RERAISE",         // 6
	)
	res, err := Compute(v, Code{Instructions: ins})
	require.NoError(t, err)
	assert.Equal(t, 6, res.MaxDepth)

	// The same shape with an ordinary jump is an error.
	ins = build(t, v, "LOAD_FAST 0", "POP_JUMP_IF_TRUE 6", "LOAD_CONST 0", "RETURN_VALUE")
	_, err = Compute(v, Code{Instructions: ins})
	require.Error(t, err)

	// 3.8 does not report it: END_FINALLY pops a varying number.
	_, err = Compute(versions.V3_8, Code{Instructions: build(t, versions.V3_8, "LOAD_FAST 0", "POP_JUMP_IF_TRUE 6", "LOAD_CONST 0", "RETURN_VALUE")})
	require.NoError(t, err)
}

func TestEmpty(t *testing.T) {
	for _, v := range versions.All() {
		res, err := Compute(v, Code{})
		require.NoError(t, err)
		assert.Equal(t, 0, res.MaxDepth)
	}
}
