package portable_test

import (
	"fmt"
	"os"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/asm/portable"
	"github.com/pyasm/pyasm/versions"
)

// A Go program writes portable instructions as it writes real ones, with
// their lower-case names, and gets a .pyc for any release; Lower shows what
// they become. make_function takes the code block and, when the function
// has defaults, their count: asm.Op("make_function", asm.CodeConst("f"),
// asm.Int(2)).
func Example() {
	module := (&asm.Code{Label: "<module>"}).Add(
		asm.Op("prologue"),
		asm.Op("LOAD_NAME", asm.Name("print")),
		asm.Op("callable"),
		asm.Op("LOAD_CONST", asm.Int(6)),
		asm.Op("LOAD_CONST", asm.Int(7)),
		asm.Op("binary", asm.BinOp("*")),
		asm.Op("call", asm.Int(1)),
		asm.Op("POP_TOP"),
		asm.Op("return_const", asm.NoneConst()),
	)
	for _, v := range []*versions.Version{versions.V2_7, versions.V3_11} {
		prog := &asm.Program{Version: v, Filename: "answer.py", Module: module}
		if _, err := emit.Assemble(prog); err != nil {
			fmt.Println(err)
			return
		}
		lowered, _, err := portable.Lower(prog)
		if err != nil {
			fmt.Println(err)
			return
		}
		if err := format.Program(os.Stdout, lowered); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// .python 2.7
	// .filename 'answer.py'
	//     LOAD_NAME            print
	//     LOAD_CONST           6
	//     LOAD_CONST           7
	//     BINARY_MULTIPLY
	//     CALL_FUNCTION        1
	//     POP_TOP
	//     LOAD_CONST           None
	//     RETURN_VALUE
	// .python 3.11
	// .filename 'answer.py'
	//     RESUME               0
	//     LOAD_NAME            print
	//     PUSH_NULL
	//     SWAP                 2
	//     LOAD_CONST           6
	//     LOAD_CONST           7
	//     BINARY_OP            *
	//     PRECALL              1
	//     CALL                 1
	//     POP_TOP
	//     LOAD_CONST           None
	//     RETURN_VALUE
}
