package emit_test

import (
	"fmt"
	"os"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/versions"
)

// A Go program that compiles some other language builds code objects with
// package asm and gets a .pyc from emit, with no text in between.
func Example() {
	module := &asm.Code{Label: "<module>"}
	module.Add(
		asm.Op("RESUME", asm.Int(0)),
		asm.Op("PUSH_NULL"),
		asm.Op("LOAD_NAME", asm.Name("print")),
		asm.Op("LOAD_CONST", asm.Str("Hello, world!")),
		asm.Op("CALL", asm.Int(1)),
		asm.Op("POP_TOP"),
		asm.Op("RETURN_CONST", asm.NoneConst()),
	)
	pycBytes, err := emit.Assemble(&asm.Program{Version: versions.V3_12, Filename: "hello.py", Module: module})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := os.WriteFile(os.DevNull, pycBytes, 0o644); err != nil {
		fmt.Println(err)
	}
	fmt.Printf("%d bytes, magic %x\n", len(pycBytes), pycBytes[:4])
	// Output: 144 bytes, magic cb0d0d0a
}
