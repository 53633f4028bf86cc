package asm_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// outDir is where the examples write their .pyc files, one folder per
// release; the test that runs them with the real interpreters moves it.
var outDir = filepath.Join(os.TempDir(), "pyasm-examples")

// writePyc assembles module for release and writes it as outDir/X.Y/name.
func writePyc(release *versions.Version, name string, module *asm.Code) error {
	data, err := emit.Assemble(&asm.Program{Version: release, Filename: name, Module: module})
	if err != nil {
		return err
	}
	dir := filepath.Join(outDir, release.String())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name+"c"), data, 0o644)
}

// A function with parameters and a default value, called with a keyword
// argument, in portable instructions: one module for every release.
//
//	def add(a, b=10):
//	    return a + b
//	print(add(1), add(2, b=3))
func Example_function() {
	add := (&asm.Code{Label: "add", ArgCount: 2, VarNames: []string{"a", "b"}}).Add(
		asm.Op("prologue"),
		asm.Op("LOAD_FAST", asm.Name("a")),
		asm.Op("LOAD_FAST", asm.Name("b")),
		asm.Op("binary", asm.BinOp("+")),
		asm.Op("return"),
	)
	module := (&asm.Code{Label: "<module>"}).Add(
		asm.Op("prologue"),
		asm.Op("LOAD_CONST", asm.Int(10)), // the default of b
		asm.Op("make_function", asm.CodeConst("add"), asm.Int(1)),
		asm.Op("STORE_NAME", asm.Name("add")),
		add, // where the block stands does not matter: its label does
		asm.Op("LOAD_NAME", asm.Name("print")),
		asm.Op("callable"),
		asm.Op("LOAD_NAME", asm.Name("add")),
		asm.Op("callable"),
		asm.Op("LOAD_CONST", asm.Int(1)),
		asm.Op("call", asm.Int(1)),
		asm.Op("LOAD_NAME", asm.Name("add")),
		asm.Op("callable"),
		asm.Op("LOAD_CONST", asm.Int(2)),
		asm.Op("kwarg", asm.Name("b")),
		asm.Op("LOAD_CONST", asm.Int(3)),
		asm.Op("call_kw", asm.Int(2), asm.Const(&marshal.Tuple{Items: []marshal.Object{marshal.NewStr("b")}})),
		asm.Op("call", asm.Int(2)),
		asm.Op("POP_TOP"),
		asm.Op("return_const", asm.NoneConst()),
	)
	for _, release := range versions.All() {
		if err := writePyc(release, "add.py", module); err != nil {
			fmt.Println(release, err)
			return
		}
	}
	fmt.Println("add.pyc written for", len(versions.All()), "releases")
	// Output: add.pyc written for 11 releases
}

// A loop: labels mark places, jumps name them. asm.AtLine gives the
// instructions after it a line number on every release.
//
//	i = 0
//	while i < 3:
//	    print(i)
//	    i += 1
func Example_loop() {
	module := (&asm.Code{Label: "<module>"}).Add(
		asm.Op("prologue"),
		asm.AtLine(1),
		asm.Op("LOAD_CONST", asm.Int(0)),
		asm.Op("STORE_NAME", asm.Name("i")),
		asm.AtLine(2),
		asm.Mark("top"),
		asm.Op("LOAD_NAME", asm.Name("i")),
		asm.Op("LOAD_CONST", asm.Int(3)),
		asm.Op("compare", asm.Cmp("<")),
		asm.Op("jump_if_false", asm.Name("done")),
		asm.AtLine(3),
		asm.Op("LOAD_NAME", asm.Name("print")),
		asm.Op("callable"),
		asm.Op("LOAD_NAME", asm.Name("i")),
		asm.Op("call", asm.Int(1)),
		asm.Op("POP_TOP"),
		asm.AtLine(4),
		asm.Op("LOAD_NAME", asm.Name("i")),
		asm.Op("LOAD_CONST", asm.Int(1)),
		asm.Op("binary", asm.BinOp("+=")),
		asm.Op("STORE_NAME", asm.Name("i")),
		asm.Op("jump", asm.Name("top")), // backward: each release's own jump
		asm.Mark("done"),
		asm.Op("return_const", asm.NoneConst()),
	)
	for _, release := range versions.All() {
		if err := writePyc(release, "loop.py", module); err != nil {
			fmt.Println(release, err)
			return
		}
	}
	fmt.Println("loop.pyc written for", len(versions.All()), "releases")
	// Output: loop.pyc written for 11 releases
}

// A closure: add reads n, a variable of adder, with LOAD_DEREF. The
// resolver makes n a cell of adder and a free variable of add, and
// make_function builds add's closure, as each release does it.
//
//	def adder(n):
//	    def add(x):
//	        return x + n
//	    return add
//	print(adder(10)(5))
func Example_closure() {
	add := (&asm.Code{Label: "add", ArgCount: 1, VarNames: []string{"x"}}).Add(
		asm.Op("prologue"),
		asm.Op("LOAD_FAST", asm.Name("x")),
		asm.Op("LOAD_DEREF", asm.Name("n")),
		asm.Op("binary", asm.BinOp("+")),
		asm.Op("return"),
	)
	adder := (&asm.Code{Label: "adder", ArgCount: 1, VarNames: []string{"n"}}).Add(
		asm.Op("prologue"),
		asm.Op("make_function", asm.CodeConst("add")),
		asm.Op("return"),
		add, // a block with free variables is written in the block that makes it
	)
	module := (&asm.Code{Label: "<module>"}).Add(
		asm.Op("prologue"),
		asm.Op("make_function", asm.CodeConst("adder")),
		asm.Op("STORE_NAME", asm.Name("adder")),
		adder,
		asm.Op("LOAD_NAME", asm.Name("print")),
		asm.Op("callable"),
		asm.Op("LOAD_NAME", asm.Name("adder")),
		asm.Op("callable"),
		asm.Op("LOAD_CONST", asm.Int(10)),
		asm.Op("call", asm.Int(1)),
		asm.Op("callable"),
		asm.Op("LOAD_CONST", asm.Int(5)),
		asm.Op("call", asm.Int(1)),
		asm.Op("call", asm.Int(1)),
		asm.Op("POP_TOP"),
		asm.Op("return_const", asm.NoneConst()),
	)
	for _, release := range versions.All() {
		if err := writePyc(release, "closure.py", module); err != nil {
			fmt.Println(release, err)
			return
		}
	}
	fmt.Println("closure.pyc written for", len(versions.All()), "releases")
	// Output: closure.pyc written for 11 releases
}

// A try region (3.11+; earlier releases set handlers up with SETUP_*
// instructions): an exception raised by an instruction in the region's
// Body goes to its Handler label. The handler runs in a region of its own,
// whose handler restores the exception state if the handler raises.
//
//	try:
//	    1 / 0
//	except ZeroDivisionError:
//	    print("caught")
func Example_try() {
	module := (&asm.Code{Label: "<module>"}).Add(
		asm.Op("RESUME", asm.Int(0)),
		asm.Op("NOP"),
		&asm.Try{Handler: "handler", Body: []asm.Stmt{
			asm.Op("LOAD_CONST", asm.Int(1)),
			asm.Op("LOAD_CONST", asm.Int(0)),
			asm.Op("BINARY_OP", asm.BinOp("/")),
			asm.Op("POP_TOP"),
		}},
		asm.Op("RETURN_CONST", asm.NoneConst()),
		asm.Mark("handler"),
		&asm.Try{Handler: "cleanup", Lasti: true, Body: []asm.Stmt{
			asm.Op("PUSH_EXC_INFO"),
			asm.Op("LOAD_NAME", asm.Name("ZeroDivisionError")),
			asm.Op("CHECK_EXC_MATCH"),
			asm.Op("POP_JUMP_IF_FALSE", asm.Name("other")),
			asm.Op("POP_TOP"),
			asm.Op("PUSH_NULL"),
			asm.Op("LOAD_NAME", asm.Name("print")),
			asm.Op("LOAD_CONST", asm.Str("caught")),
			asm.Op("CALL", asm.Int(1)),
			asm.Op("POP_TOP"),
			asm.Op("POP_EXCEPT"),
			asm.Op("RETURN_CONST", asm.NoneConst()),
			asm.Mark("other"),
			asm.Op("RERAISE", asm.Int(0)),
		}},
		asm.Mark("cleanup"),
		asm.Op("COPY", asm.Int(3)),
		asm.Op("POP_EXCEPT"),
		asm.Op("RERAISE", asm.Int(1)),
	)
	if err := writePyc(versions.V3_12, "try.py", module); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("try.pyc written for", versions.V3_12)
	// Output: try.pyc written for 3.12
}

// A compiler sets each instruction's Pos to the place in its own source
// the instruction comes from: pyasm's errors are then in its user's
// terms. Here a made-up language's line 2 compiled to an opcode 3.12 does
// not have. Without a Pos the error would name the block and the
// instruction: the module, Body[2] (CALL_FUNCTION).
func Example_errorInCallerSource() {
	src := "let x = 6 * 7\nshow(x)\n"
	at := func(line, col int) asm.Pos { return asm.Pos{File: "calc.src", Line: line, Col: col} }
	op := func(pos asm.Pos, name string, args ...asm.Operand) *asm.Instr {
		in := asm.Op(name, args...)
		in.Pos = pos
		return in
	}
	module := (&asm.Code{Label: "<module>"}).Add(
		op(at(1, 1), "RESUME", asm.Int(0)),
		op(at(1, 9), "LOAD_CONST", asm.Int(42)),
		op(at(1, 5), "STORE_NAME", asm.Name("x")),
		op(at(2, 1), "PUSH_NULL"),
		op(at(2, 1), "LOAD_NAME", asm.Name("print")),
		op(at(2, 6), "LOAD_NAME", asm.Name("x")),
		op(at(2, 1), "CALL_FUNCTION", asm.Int(1)),
		op(at(2, 1), "POP_TOP"),
		op(at(2, 1), "RETURN_CONST", asm.NoneConst()),
	)
	_, err := emit.Assemble(&asm.Program{Version: versions.V3_12, Filename: "calc.src", Module: module})
	asm.PrintErrors(os.Stdout, err, 10, func(string) []byte { return []byte(src) })
	// Output:
	// calc.src:2:1: error: unknown opcode CALL_FUNCTION for 3.12
	//     show(x)
	//     ^
	//     hint: 3.11 replaced it with CALL
}

// A method call and a call with a keyword argument, in the portable
// instructions that make each the same on every release.
//
//	print("a-b-c".replace("-", "+"), "x", sep="|")
func Example_portableCall() {
	module := (&asm.Code{Label: "<module>"}).Add(
		asm.Op("prologue"),
		asm.Op("LOAD_NAME", asm.Name("print")),
		asm.Op("callable"),
		asm.Op("LOAD_CONST", asm.Str("a-b-c")),
		asm.Op("load_method", asm.Name("replace")),
		asm.Op("LOAD_CONST", asm.Str("-")),
		asm.Op("LOAD_CONST", asm.Str("+")),
		asm.Op("call_method", asm.Int(2)),
		asm.Op("LOAD_CONST", asm.Str("x")),
		asm.Op("kwarg", asm.Name("sep")),
		asm.Op("LOAD_CONST", asm.Str("|")),
		asm.Op("call_kw", asm.Int(3), asm.Const(&marshal.Tuple{Items: []marshal.Object{marshal.NewStr("sep")}})),
		asm.Op("POP_TOP"),
		asm.Op("return_const", asm.NoneConst()),
	)
	for _, release := range versions.All() {
		if err := writePyc(release, "call.py", module); err != nil {
			fmt.Println(release, err)
			return
		}
	}
	fmt.Println("call.pyc written for", len(versions.All()), "releases")
	// Output: call.pyc written for 11 releases
}
