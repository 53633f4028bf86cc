package emit_test

import (
	"errors"
	"fmt"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/portable"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// minimal is the body every release runs: None returned, in portable
// instructions.
func minimal() []asm.Stmt {
	return []asm.Stmt{asm.Op("prologue"), asm.Op("return_const", asm.NoneConst())}
}

// module is a module whose body is stmts within the minimal body.
func module(stmts ...asm.Stmt) *asm.Code {
	return (&asm.Code{Label: "<module>"}).Add(asm.Op("prologue")).Add(stmts...).Add(asm.Op("return_const", asm.NoneConst()))
}

// assembleAll assembles p for every release, turning a panic into a test
// failure, and returns the errors by release (the warnings when it
// assembles).
func assembleAll(t *testing.T, build func() *asm.Program) map[string]error {
	t.Helper()
	out := map[string]error{}
	for _, v := range versions.All() {
		p := build()
		if p != nil {
			p.Version = v
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic: %v", v, r)
				}
			}()
			_, warnings, err := emit.AssembleWith(p, resolve.Options{})
			if err == nil && len(warnings) > 0 {
				err = warnings
			}
			if err != nil {
				var list asm.ErrorList
				assert.True(t, errors.As(err, &list), "%s: %T is not an asm.ErrorList: %v", v, err, err)
			}
			out[v.String()] = err
		}()
	}
	return out
}

// TestGoAPIDegenerate builds programs no front end would, and checks that
// each is refused with an error (never a panic), or assembled.
func TestGoAPIDegenerate(t *testing.T) {
	var nilInstr *asm.Instr
	var nilLit *asm.Literal
	var nilIdent *asm.Ident
	var nilCode *asm.Code
	var nilTry *asm.Try
	var nilLabel *asm.Label
	var nilLine *asm.Line
	var nilInt *marshal.Int
	cases := []struct {
		name  string
		build func() *asm.Program
		want  string // part of the error; "" means it assembles
	}{
		{"nil program", func() *asm.Program { return nil }, "no program"},
		{"no module", func() *asm.Program { return &asm.Program{} }, "no module"},
		{"nil operand", func() *asm.Program {
			return &asm.Program{Module: module(asm.Op("LOAD_CONST", nil), asm.Op("POP_TOP"))}
		}, "LOAD_CONST"},
		{"nil operand of a portable instruction", func() *asm.Program {
			return &asm.Program{Module: module(asm.Op("jump", nil))}
		}, "jump"},
		{"typed-nil literal", func() *asm.Program {
			return &asm.Program{Module: module(asm.Op("LOAD_CONST", nilLit), asm.Op("POP_TOP"))}
		}, "LOAD_CONST"},
		{"typed-nil ident", func() *asm.Program {
			return &asm.Program{Module: module(asm.Op("LOAD_NAME", nilIdent), asm.Op("POP_TOP"))}
		}, "LOAD_NAME"},
		{"literal without a value", func() *asm.Program {
			return &asm.Program{Module: module(asm.Op("LOAD_CONST", &asm.Literal{}), asm.Op("POP_TOP"))}
		}, "LOAD_CONST"},
		{"zero marshal.Int constant", func() *asm.Program {
			return &asm.Program{Module: module(asm.Op("LOAD_CONST", asm.Const(&marshal.Int{})), asm.Op("POP_TOP"))}
		}, "marshal.Int"},
		{"typed-nil marshal.Int constant", func() *asm.Program {
			return &asm.Program{Module: module(asm.Op("LOAD_CONST", asm.Const(nilInt)), asm.Op("POP_TOP"))}
		}, "LOAD_CONST"},
		{"zero marshal.Int count", func() *asm.Program {
			return &asm.Program{Module: module(asm.Op("BUILD_LIST", asm.Const(&marshal.Int{})), asm.Op("POP_TOP"))}
		}, "BUILD_LIST"},
		{"zero marshal.Int in a tuple", func() *asm.Program {
			return &asm.Program{Module: module(asm.Op("LOAD_CONST", asm.Const(&marshal.Tuple{Items: []marshal.Object{&marshal.Int{}, nil}})), asm.Op("POP_TOP"))}
		}, "LOAD_CONST"},
		{"nil in a dict", func() *asm.Program {
			return &asm.Program{Module: module(asm.Op("LOAD_CONST", asm.Const(&marshal.Dict{Items: []marshal.KeyValue{{}}})), asm.Op("POP_TOP"))}
		}, "LOAD_CONST"},
		{"nil slice bounds", func() *asm.Program {
			return &asm.Program{Module: module(asm.Op("LOAD_CONST", asm.Const(&marshal.Slice{})), asm.Op("POP_TOP"))}
		}, "LOAD_CONST"},
		{"typed-nil instruction", func() *asm.Program {
			return &asm.Program{Module: module(nilInstr)}
		}, "nil"},
		{"nil statement", func() *asm.Program {
			return &asm.Program{Module: module(nil)}
		}, "nil"},
		{"typed-nil code, try, label, line", func() *asm.Program {
			return &asm.Program{Module: module(nilCode, nilTry, nilLabel, nilLine)}
		}, "nil"},
		{"nested block labelled empty", func() *asm.Program {
			return &asm.Program{Module: module(asm.Op("make_function", asm.CodeConst("")), asm.Op("POP_TOP"),
				(&asm.Code{}).Add(minimal()...))}
		}, "label"},
		{"nested block labelled <module>", func() *asm.Program {
			return &asm.Program{Module: module(asm.Op("make_function", asm.CodeConst("<module>")), asm.Op("POP_TOP"),
				(&asm.Code{Label: "<module>"}).Add(minimal()...))}
		}, "<module>"},
		{"unreferenced nested block", func() *asm.Program {
			return &asm.Program{Module: module((&asm.Code{Label: "f"}).Add(minimal()...))}
		}, "f"},
		{"code ref to the module", func() *asm.Program {
			return &asm.Program{Module: module(asm.Op("LOAD_CONST", asm.CodeConst("<module>")), asm.Op("POP_TOP"))}
		}, "<module>"},
		{"nil code ref in a tuple", func() *asm.Program {
			var ref *asm.CodeRef
			return &asm.Program{Module: module(asm.Op("LOAD_CONST", asm.Const(&marshal.Tuple{Items: []marshal.Object{ref}})), asm.Op("POP_TOP"))}
		}, "LOAD_CONST"},
		{"empty opcode", func() *asm.Program {
			return &asm.Program{Module: module(asm.Op(""))}
		}, "opcode"},
		{"empty label", func() *asm.Program {
			return &asm.Program{Module: module(asm.Mark(""), asm.Op("jump", asm.Name("")))}
		}, ""},
		{"try region without handler", func() *asm.Program {
			return &asm.Program{Module: module(&asm.Try{Body: []asm.Stmt{asm.Op("NOP")}})}
		}, "handler"},
		{"negative try depth", func() *asm.Program {
			d := -3
			return &asm.Program{Module: module(&asm.Try{Handler: "h", Depth: &d, Body: []asm.Stmt{asm.Op("NOP")}}, asm.Mark("h"), asm.Op("NOP"))}
		}, "try"},
		{"negative stack size", func() *asm.Program {
			n := -1
			c := module()
			c.StackSize, c.NLocals, c.FirstLineNo = &n, &n, &n
			return &asm.Program{Module: c}
		}, "co_"},
		{"negative counts", func() *asm.Program {
			c := module()
			c.ArgCount, c.PosOnlyArgCount, c.KwOnlyArgCount = -1, -2, -3
			return &asm.Program{Module: c}
		}, "count"},
		{"many caches", func() *asm.Program {
			return &asm.Program{Module: module(&asm.Instr{Op: "NOP", Caches: []uint16{1, 2, 3}})}
		}, "cache"},
		{"huge line", func() *asm.Program {
			return &asm.Program{Module: module(&asm.Line{Line: 1 << 40, EndLine: -7, Col: -9, EndCol: 1 << 40})}
		}, "line"},
		{"line only", func() *asm.Program {
			return &asm.Program{Module: module(asm.AtLine(5))}
		}, ""},
		{"line with only Line set", func() *asm.Program {
			return &asm.Program{Module: module(&asm.Line{Line: 5}, asm.Op("NOP"), &asm.Line{Line: 7}, asm.Op("NOP"))}
		}, ""},
		{"explicit tables with nils", func() *asm.Program {
			c := module()
			c.Consts = []asm.Value{nil, &marshal.Int{}, &asm.CodeRef{Label: "nowhere"}, (*marshal.Str)(nil)}
			c.Names = []string{"", "\xff"}
			c.VarNames = []string{"a", "a"}
			c.CellVars = []string{"a"}
			c.FreeVars = []string{"a"}
			c.Kinds = map[string]uint8{"zz": 0xff, "": 0}
			return &asm.Program{Module: c}
		}, "Consts"},
		{"explicit tables of a function", func() *asm.Program {
			f := (&asm.Code{Label: "f", ArgCount: 5, KwOnlyArgCount: 3, PosOnlyArgCount: 9, VarNames: []string{"a"}}).Add(minimal()...)
			flags := uint32(0xffffffff)
			f.Flags = &flags
			f.LineTable = []byte{0xff}
			f.HasLineTable = true
			f.ExceptionTable = []byte{0xff, 0xff}
			f.HasExcTable = true
			return &asm.Program{Module: module(asm.Op("make_function", asm.CodeConst("f")), asm.Op("POP_TOP"), f)}
		}, "f"},
		{"bad marshal record", func() *asm.Program {
			c := module()
			c.Marshal = "zz"
			return &asm.Program{Module: c}
		}, "marshal"},
		{"short header", func() *asm.Program {
			return &asm.Program{Module: module(), Header: []byte{1}}
		}, "header"},
		{"huge int count", func() *asm.Program {
			n := new(big.Int).Lsh(big.NewInt(1), 80)
			return &asm.Program{Module: module(asm.Op("BUILD_LIST", asm.Const(&marshal.Int{Value: n})), asm.Op("POP_TOP"))}
		}, "BUILD_LIST"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := assembleAll(t, tc.build)
			for v, err := range errs {
				if tc.want == "" {
					assert.NoError(t, err, v)
					continue
				}
				if assert.Error(t, err, v) {
					assert.Contains(t, fmt.Sprint(err), tc.want, v)
				}
			}
		})
	}
	require.NotNil(t, versions.Newest())
}

// TestGoAPIErrorsAsText builds, in Go, programs with the mistakes of a
// .pyasm text, and checks that each error says what the text's does, with
// the same hint, and is at the caller's Pos when it is set, or else names
// the code block and instruction.
func TestGoAPIErrorsAsText(t *testing.T) {
	at := asm.Pos{File: "prog.tiny", Line: 3, Col: 5}
	cases := []struct {
		name    string
		version *versions.Version
		text    string     // the .pyasm body, after prologue
		stmts   []asm.Stmt // the same, in Go
		where   string     // the error's place when stmts carry no Pos
	}{
		{"renamed opcode", versions.V3_11, "CALL_FUNCTION 0",
			[]asm.Stmt{asm.Op("CALL_FUNCTION", asm.Int(0))}, "the module, Body[1] (CALL_FUNCTION)"},
		{"misspelled opcode", versions.V3_12, "LOAD_NAMEE x",
			[]asm.Stmt{asm.Op("LOAD_NAMEE", asm.Name("x"))}, "the module, Body[1] (LOAD_NAMEE)"},
		{"misspelled portable instruction", versions.V2_7, "calable",
			[]asm.Stmt{asm.Op("calable")}, "the module, Body[1] (calable)"},
		{"missing code block", versions.V3_13, "make_function @g\n    POP_TOP\n    make_function @f\n    POP_TOP\ncode f {\n    prologue\n    return_const None\n}",
			[]asm.Stmt{asm.Op("make_function", asm.CodeConst("g")), asm.Op("POP_TOP"), asm.Op("make_function", asm.CodeConst("f")), asm.Op("POP_TOP"),
				(&asm.Code{Label: "f"}).Add(asm.Op("prologue"), asm.Op("return_const", asm.NoneConst()))}, "the module, Body[1] (make_function)"},
		{"missing label", versions.V3_9, "jump_if_false don\ndone:",
			[]asm.Stmt{asm.Op("jump_if_false", asm.Name("don")), asm.Mark("done")}, "the module, Body[1] (jump_if_false)"},
		{"line that ends before it starts", versions.V3_12, ".line 5 3 0 1\n    NOP",
			[]asm.Stmt{&asm.Line{Line: 5, EndLine: 3, Col: 0, EndCol: 1}, asm.Op("NOP")}, "the module, Body[1] (line 5)"},
		{"missing operand", versions.V3_12, "LOAD_CONST",
			[]asm.Stmt{asm.Op("LOAD_CONST")}, "the module, Body[1] (LOAD_CONST)"},
		{"operand too many", versions.V3_8, "POP_TOP 1",
			[]asm.Stmt{asm.Op("POP_TOP", asm.Int(1))}, "the module, Body[1] (POP_TOP)"},
		{"name for a constant", versions.V3_9, "LOAD_CONST x",
			[]asm.Stmt{asm.Op("LOAD_CONST", asm.Name("x"))}, "the module, Body[1] (LOAD_CONST)"},
		{"bad flag", versions.V3_12, "LOAD_GLOBAL x method",
			[]asm.Stmt{asm.Op("LOAD_GLOBAL", asm.Name("x")).Flag("method")}, "the module, Body[1] (LOAD_GLOBAL)"},
		{"bad comparison", versions.V3_10, "COMPARE_OP in",
			[]asm.Stmt{asm.Op("COMPARE_OP", asm.Cmp("in"))}, "the module, Body[1] (COMPARE_OP)"},
		{"lower-case opcode", versions.V3_6, "pop_top",
			[]asm.Stmt{asm.Op("pop_top")}, "the module, Body[1] (pop_top)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := "    prologue\n" + tc.text + "\n    return_const None\n"
			prog, err := grammar.Parse("t.pyasm", []byte(src), tc.version)
			if err == nil {
				_, err = emit.Assemble(prog)
			}
			var textErrs asm.ErrorList
			require.True(t, errors.As(err, &textErrs), "the text assembles: %v", err)

			build := func(pos asm.Pos) *asm.Program {
				body := []asm.Stmt{asm.Op("prologue")}
				for _, s := range tc.stmts {
					switch in := s.(type) {
					case *asm.Instr:
						c := *in
						c.Pos = pos
						s = &c
					case *asm.Line:
						c := *in
						c.Pos = pos
						s = &c
					}
					body = append(body, s)
				}
				body = append(body, asm.Op("return_const", asm.NoneConst()))
				return &asm.Program{Version: tc.version, Module: (&asm.Code{Label: "<module>"}).Add(body...)}
			}
			_, err = emit.Assemble(build(asm.Pos{}))
			var goErrs asm.ErrorList
			require.True(t, errors.As(err, &goErrs), "the Go program assembles: %v", err)
			assert.Equal(t, textErrs[0].Msg, goErrs[0].Msg)
			assert.Equal(t, textErrs[0].Hint, goErrs[0].Hint)
			assert.Equal(t, tc.where, goErrs[0].Pos.Where)
			assert.Equal(t, tc.where+": error: "+goErrs[0].Msg, goErrs[0].Error())

			_, err = emit.Assemble(build(at))
			require.True(t, errors.As(err, &goErrs))
			assert.Equal(t, at, goErrs[0].Pos)
			assert.Equal(t, textErrs[0].Hint, goErrs[0].Hint)
			assert.Equal(t, "prog.tiny:3:5: error: "+goErrs[0].Msg, goErrs[0].Error())
		})
	}
}

// TestGoAPIPlaces checks where the findings in a program built without
// positions are: portable.Lower's, called by itself, and those about the
// explicit tables of a block.
func TestGoAPIPlaces(t *testing.T) {
	prog := &asm.Program{Version: versions.V3_12, Module: module(asm.Op("call", asm.Name("x")))}
	_, _, err := portable.Lower(prog)
	var list asm.ErrorList
	require.True(t, errors.As(err, &list), "%v", err)
	assert.Equal(t, "the module, Body[1] (call)", list[0].Pos.Where)

	f := (&asm.Code{Label: "f", Consts: []asm.Value{&asm.CodeRef{Label: "nowhere"}}}).Add(minimal()...)
	prog = &asm.Program{Version: versions.V3_12, Module: module(asm.Op("make_function", asm.CodeConst("f")), asm.Op("POP_TOP"), f)}
	_, err = emit.Assemble(prog)
	require.True(t, errors.As(err, &list), "%v", err)
	assert.Equal(t, `the module, Body[3] (code block "f"): error: no code block is labelled nowhere`, list[0].Error())
}
