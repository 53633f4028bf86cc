package resolve_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/internal/damage"
	"github.com/pyasm/pyasm/internal/errorcheck"
	"github.com/pyasm/pyasm/versions"
)

// TestHostileCounts: a program built in Go may declare any count. Each
// case is a tiny program whose count, trusted, would size gigabytes of
// work (one localsplus kind per declared argument, one EXTENDED_ARG per
// forced prefix, one line-table pair per 127 lines) or could not be
// written in a 32-bit field; the resolver refuses it with an error naming
// the count, in bounded time and memory.
func TestHostileCounts(t *testing.T) {
	const huge = 1 << 28
	ptr := func(n int) *int { return &n }
	ret := func(v *versions.Version) []asm.Stmt {
		if v.Opcode("RETURN_CONST") != nil {
			return []asm.Stmt{asm.Op("RETURN_CONST", asm.NoneConst())}
		}
		return []asm.Stmt{asm.Op("LOAD_CONST", asm.NoneConst()), asm.Op("RETURN_VALUE")}
	}
	// lineFirst puts a .line before the block's code; first, if not nil,
	// is its first line.
	lineFirst := func(first *int, line int) func(c *asm.Code) {
		return func(c *asm.Code) {
			c.FirstLineNo, c.Body = first, append([]asm.Stmt{&asm.Line{Line: line}}, c.Body...)
		}
	}
	tests := []struct {
		name  string
		v     *versions.Version
		block func(c *asm.Code)
		want  string // part of one of the errors
	}{
		{"3.14 argcount past the locals", versions.V3_14, func(c *asm.Code) { c.ArgCount = huge },
			"f takes 268435456 parameters (.argcount 268435456) but has no locals: CPython refuses to load it"},
		{"3.14 kwonlyargcount past the locals", versions.V3_14, func(c *asm.Code) { c.VarNames, c.ArgCount, c.KwOnlyArgCount = []string{"a"}, 1, huge },
			"f takes 268435457 parameters (.argcount 1, .kwonlyargcount 268435456) but has 1 local (a)"},
		{"argcount below zero", versions.V3_12, func(c *asm.Code) { c.ArgCount = -1 },
			"in f: co_argcount is -1, below zero: CPython refuses to load a code object with a count below zero"},
		{"kwonlyargcount beyond 32 bits", versions.V3_12, func(c *asm.Code) { c.KwOnlyArgCount = 1 << 40 },
			"in f: co_kwonlyargcount is 1099511627776, which does not fit in the field's 32 bits"},
		{"stacksize below zero", versions.V2_7, func(c *asm.Code) { c.StackSize = ptr(-5) },
			"in f: co_stacksize is -5, below zero"},
		{"nlocals beyond 32 bits", versions.V3_10, func(c *asm.Code) { c.NLocals = ptr(1 << 33) },
			"in f: co_nlocals is 8589934592, which does not fit in the field's 32 bits"},
		{"firstlineno beyond 32 bits", versions.V3_9, func(c *asm.Code) { c.FirstLineNo = ptr(-1 << 40) },
			"in f: co_firstlineno is -1099511627776, which does not fit in the field's 32 bits"},
		{"nlocals on 3.11", versions.V3_11, func(c *asm.Code) { c.NLocals = ptr(3) },
			"in f: 3.11 code objects have no co_nlocals"},
		{"posonlyargcount on 3.7", versions.V3_7, func(c *asm.Code) { c.PosOnlyArgCount = 1 },
			"in f: 3.7 code objects have no co_posonlyargcount"},
		{"kwonlyargcount on 2.7", versions.V2_7, func(c *asm.Code) { c.KwOnlyArgCount = huge },
			"in f: 2.7 code objects have no co_kwonlyargcount"},
		{"posonlyargcount past argcount", versions.V3_8, func(c *asm.Code) { c.PosOnlyArgCount = huge },
			"in f: .posonlyargcount 268435456 is more than .argcount 0: CPython refuses to load it"},
		{"forced prefixes", versions.V3_12, func(c *asm.Code) { c.Body[0].(*asm.Instr).ExtendedArgs = huge },
			"RETURN_CONST forces 268435456 EXTENDED_ARG prefixes; at most 65536 can be forced on one instruction"},
		{"forced prefixes below zero", versions.V3_12, func(c *asm.Code) { c.Body[0].(*asm.Instr).ExtendedArgs = -1 },
			"RETURN_CONST forces -1 EXTENDED_ARG prefixes, below zero"},
		{"3.9 line a billion lines on", versions.V3_9, lineFirst(ptr(1), 1<<30),
			"line table of f: lnotab: line start 0 (line 1073741824 at byte 0) would make the table 16909322 bytes, more than 16777216"},
		{"3.10 line beyond 32 bits", versions.V3_10, lineFirst(ptr(1), 1<<40),
			"line table of f: linetable: range 0: line 1099511627776 does not fit in 32 bits"},
		{"3.12 first line beyond 32 bits, from a .line", versions.V3_12, lineFirst(nil, 1<<40),
			"in f: co_firstlineno is 1099511627776, which does not fit in the field's 32 bits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &asm.Code{Label: "f", Body: ret(tt.v)}
			tt.block(f)
			module := &asm.Code{Label: "<module>", Body: append(ret(tt.v), f)}
			var err error
			damage.Bounded(t, "resolve", func() {
				_, err = resolve.Resolve(&asm.Program{Version: tt.v, Module: module})
			})
			var list asm.ErrorList
			require.ErrorAs(t, err, &list)
			msgs := errorcheck.Messages(list)
			assert.True(t, slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, tt.want) }), "%q", msgs)
		})
	}
}
