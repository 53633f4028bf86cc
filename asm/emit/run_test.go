package emit

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// helloBodies are print("hi") in each release's call protocol, built with
// the Go API.
var helloBodies = map[string][]asm.Stmt{
	"2.7": {asm.Op("LOAD_CONST", asm.Const(&marshal.Bytes{Data: []byte("hi")})), asm.Op("PRINT_ITEM"), asm.Op("PRINT_NEWLINE"),
		asm.Op("LOAD_CONST", asm.NoneConst()), asm.Op("RETURN_VALUE")},
	"3.6":  callFunction,
	"3.7":  callFunction,
	"3.8":  callFunction,
	"3.9":  callFunction,
	"3.10": callFunction,
	"3.11": {asm.Op("RESUME", asm.Int(0)), asm.Op("PUSH_NULL"), asm.Op("LOAD_NAME", asm.Name("print")), asm.Op("LOAD_CONST", asm.Str("hi")),
		asm.Op("PRECALL", asm.Int(1)), asm.Op("CALL", asm.Int(1)), asm.Op("POP_TOP"), asm.Op("LOAD_CONST", asm.NoneConst()), asm.Op("RETURN_VALUE")},
	"3.12": {asm.Op("RESUME", asm.Int(0)), asm.Op("PUSH_NULL"), asm.Op("LOAD_NAME", asm.Name("print")), asm.Op("LOAD_CONST", asm.Str("hi")),
		asm.Op("CALL", asm.Int(1)), asm.Op("POP_TOP"), asm.Op("RETURN_CONST", asm.NoneConst())},
	"3.13": {asm.Op("RESUME", asm.Int(0)), asm.Op("LOAD_NAME", asm.Name("print")), asm.Op("PUSH_NULL"), asm.Op("LOAD_CONST", asm.Str("hi")),
		asm.Op("CALL", asm.Int(1)), asm.Op("POP_TOP"), asm.Op("RETURN_CONST", asm.NoneConst())},
	"3.14": modernCall,
	"3.15": modernCall,
}

var callFunction = []asm.Stmt{asm.Op("LOAD_NAME", asm.Name("print")), asm.Op("LOAD_CONST", asm.Str("hi")), asm.Op("CALL_FUNCTION", asm.Int(1)),
	asm.Op("POP_TOP"), asm.Op("LOAD_CONST", asm.NoneConst()), asm.Op("RETURN_VALUE")}

var modernCall = []asm.Stmt{asm.Op("RESUME", asm.Int(0)), asm.Op("LOAD_NAME", asm.Name("print")), asm.Op("PUSH_NULL"), asm.Op("LOAD_CONST", asm.Str("hi")),
	asm.Op("CALL", asm.Int(1)), asm.Op("POP_TOP"), asm.Op("LOAD_CONST", asm.NoneConst()), asm.Op("RETURN_VALUE")}

// TestHelloEveryRelease assembles print("hi") for every release through the
// Go API and runs it on that release's interpreter.
func TestHelloEveryRelease(t *testing.T) {
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			body, ok := helloBodies[v.String()]
			require.True(t, ok, "no hello program for %s", v)
			out := runProgram(t, v, &asm.Code{Label: "<module>", Body: body})
			assert.Equal(t, "hi\n", out)
		})
	}
}

// runProgram assembles a module, runs it with the release's interpreter and
// returns its stdout.
func runProgram(t *testing.T, v *versions.Version, module *asm.Code) string {
	t.Helper()
	data, err := Assemble(&asm.Program{Version: v, Filename: "test.py", Module: module})
	require.NoError(t, err)
	again, err := Assemble(&asm.Program{Version: v, Filename: "test.py", Module: module})
	require.NoError(t, err)
	require.Equal(t, data, again, "assembling twice gives the same bytes")
	return pythons.RunPyc(t, v.String(), "prog.pyc", data)
}
