package emit_test

import (
	"errors"
	"math/big"
	"math/rand"
	"testing"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/versions"
)

// programFrom builds a Program from bytes, as a careless or hostile Go
// front end might: each byte picks the next statement or operand, among
// them nil ones, typed nils, constants without values, blocks without
// labels, try regions without handlers and lines of any value.
func programFrom(data []byte) *asm.Program {
	next := func() byte {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return b
	}
	all := versions.All()
	p := &asm.Program{Version: all[int(next())%len(all)], Filename: "fuzz.py"}
	if next()%17 == 0 {
		p.Version = nil
	}
	ops := []string{"prologue", "return_const", "return", "call", "callable", "make_function", "jump", "jump_if_false",
		"for_iter", "end_for", "get_iter", "binary", "compare", "kwarg", "call_kw", "load_method", "call_method",
		"LOAD_CONST", "LOAD_NAME", "STORE_NAME", "LOAD_FAST", "STORE_FAST", "LOAD_DEREF", "POP_TOP", "BUILD_TUPLE",
		"COMPARE_OP", "BINARY_OP", "RESUME", "NOP", "RETURN_VALUE", "CALL", "CALL_FUNCTION", "EXTENDED_ARG", "", "nope"}
	labels := []string{"", "<module>", "f", "g", "L"}
	// Blocks are mostly labelled as they should be.
	blockLabels := []string{"", "<module>", "f", "g", "f", "g", "h", "h"}
	// Most operands are ones a front end means; one in eight is degenerate.
	operand := func() asm.Operand {
		if next()%8 == 0 {
			switch next() % 8 {
			case 0:
				return nil
			case 1:
				var l *asm.Literal
				return l
			case 2:
				var id *asm.Ident
				return id
			case 3:
				return asm.Const(&marshal.Int{})
			case 4:
				return asm.Const(nil)
			case 5:
				return asm.Const(&marshal.Tuple{Items: []marshal.Object{nil, &asm.CodeRef{Label: "f"}}})
			case 6:
				var r *asm.Raw
				return r
			default:
				return asm.Const(&marshal.Slice{Start: asm.NoneConst().Value})
			}
		}
		switch next() % 9 {
		case 0:
			return asm.Int(int64(int8(next())))
		case 1:
			return asm.Str("s")
		case 2:
			return asm.CodeConst(labels[int(next())%len(labels)])
		case 3, 4:
			return asm.Name(labels[int(next())%len(labels)])
		case 5:
			return &asm.Raw{Value: uint32(next()) << (next() % 32)}
		case 6:
			return asm.BinOp([]string{"+", "<", "[]", "??", ""}[next()%5])
		case 7:
			return asm.Const(&marshal.Int{Value: new(big.Int).Lsh(big.NewInt(1), uint(next()))})
		default:
			return asm.NoneConst()
		}
	}
	type open struct {
		body *[]asm.Stmt
	}
	module := &asm.Code{Label: "<module>"}
	stack := []open{{&module.Body}}
	for len(data) > 0 {
		top := stack[len(stack)-1].body
		switch next() % 12 {
		case 0, 1, 2, 3, 4:
			in := asm.Op(ops[int(next())%len(ops)])
			for n := next() % 4; n > 0; n-- {
				in.Args = append(in.Args, operand())
			}
			if next()%9 == 0 {
				in.Pos = asm.Pos{File: "src.x", Line: int(next()), Col: int(next())}
			}
			if next()%13 == 0 {
				in.Caches = []uint16{uint16(next())}
			}
			if next()%11 == 0 {
				in.ExtendedArgs = int(int8(next()))
			}
			if next()%7 == 0 {
				in.Flags = []string{"null"}
			}
			*top = append(*top, in)
		case 5:
			*top = append(*top, asm.Mark(labels[int(next())%len(labels)]))
		case 6:
			*top = append(*top, &asm.Line{Line: int(int8(next())), EndLine: int(int8(next())), Col: int(int8(next())), EndCol: int(int8(next()))})
		case 7:
			if next()%4 != 0 {
				*top = append(*top, asm.AtLine(int(next())))
				continue
			}
			var nils = []asm.Stmt{nil, (*asm.Instr)(nil), (*asm.Code)(nil), (*asm.Try)(nil), (*asm.Label)(nil), (*asm.Line)(nil), asm.AtLine(int(next()))}
			*top = append(*top, nils[int(next())%len(nils)])
		case 8:
			c := &asm.Code{Label: blockLabels[int(next())%len(blockLabels)], ArgCount: int(int8(next())) % 3}
			if next()%5 == 0 {
				c.VarNames = []string{"a", "b"}
			}
			*top = append(*top, c)
			stack = append(stack, open{&c.Body})
		case 9:
			t := &asm.Try{Handler: labels[int(next())%len(labels)], Lasti: next()%2 == 0}
			if next()%4 == 0 {
				d := int(int8(next()))
				t.Depth = &d
			}
			*top = append(*top, t)
			stack = append(stack, open{&t.Body})
		default:
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if len(module.Body) > 0 || len(data)%3 != 0 {
		p.Module = module
	}
	return p
}

// assembleGoProgram checks the promise to a Go front end: any program is
// assembled or refused with an asm.ErrorList, never a panic, and a .pyc
// that comes out is one the reader takes.
func assembleGoProgram(t *testing.T, data []byte) {
	p := programFrom(data)
	out, warnings, err := emit.AssembleWith(p, resolve.Options{})
	for _, w := range warnings {
		if w == nil {
			t.Fatalf("a nil warning")
		}
	}
	if err != nil {
		var list asm.ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("the error is a %T, not an asm.ErrorList: %v", err, err)
		}
		return
	}
	if _, err := pyc.Read(out); err != nil {
		t.Fatalf("the assembler wrote a .pyc the reader rejects: %v", err)
	}
	if rp, err := resolve.Resolve(programFrom(data)); err == nil {
		sameAsTree(t, rp, out)
	}
}

// FuzzGoAPI builds programs in Go from the fuzzer's bytes (programFrom)
// and assembles them.
func FuzzGoAPI(f *testing.F) {
	for _, seed := range goAPISeeds() {
		f.Add(seed)
	}
	f.Fuzz(assembleGoProgram)
}

// goAPISeeds are byte strings that make small programs of every kind of
// statement: a function, a loop, a try region, nils.
func goAPISeeds() [][]byte {
	return [][]byte{
		{},
		{3, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 14},
		{7, 1, 0, 0, 0, 1, 1, 5, 0, 0, 0, 0},
		{10, 1, 8, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 14, 11, 0, 5, 0, 0, 8, 0, 0, 0, 0, 0, 0},
		{5, 1, 9, 4, 1, 0, 3, 0, 17, 1, 0, 0, 0, 0, 0, 0, 11, 5, 4, 0, 1, 1, 14},
		{0, 1, 7, 0, 7, 1, 7, 2, 7, 3, 7, 4, 7, 5, 7, 6, 9},
		{8, 1, 0, 17, 3, 0, 1, 3, 4, 0, 0, 0, 0, 0, 0, 0, 2, 0, 3, 0, 0, 0, 0, 0},
	}
}

// TestGoAPIRandom runs programFrom on many random byte strings, so that
// every test run, not only fuzzing, looks for panics.
func TestGoAPIRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for i := 0; i < 3000; i++ {
		data := make([]byte, rng.Intn(80))
		rng.Read(data)
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("panic on %v: %v", data, r)
				}
			}()
			assembleGoProgram(t, data)
		}()
	}
	for _, seed := range goAPISeeds() {
		assembleGoProgram(t, seed)
	}
}
