package grammar

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/versions"
)

func mustParse(t *testing.T, src string) *asm.Program {
	t.Helper()
	p, err := Parse("t.pyasm", []byte(src), nil)
	require.NoError(t, err)
	return p
}

func TestDefaultFilename(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hello.pyasm", "hello.py"},
		{"dir/sub/hello.pyasm", "hello.py"},
		{"hello.txt", "hello.txt"},
		{"hello", "hello"},
		{"", "<string>"},
		{"-", "<stdin>"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, DefaultFilename(tt.in), tt.in)
	}
}

func TestFilenameDirective(t *testing.T) {
	tests := []struct {
		name, src       string
		program, module string // module "" means no co_filename of its own
	}{
		{"default", ".python 3.12\n    NOP\n", "t.py", ""},
		{"file level", ".python 3.12\n.filename \"a.py\"\n    NOP\n", "a.py", ""},
		{"after an instruction", ".python 3.12\n    NOP\n.filename \"m.py\"\n", "t.py", "m.py"},
		{"after a block", ".python 3.12\ncode f {\n}\n.filename \"m.py\"\n", "t.py", "m.py"},
		{"both", ".python 3.12\n.filename \"a.py\"\n    NOP\n.filename \"m.py\"\n", "a.py", "m.py"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, tt.src)
			assert.Equal(t, tt.program, p.Filename)
			if tt.module == "" {
				assert.Nil(t, p.Module.Filename)
			} else {
				require.NotNil(t, p.Module.Filename)
				assert.Equal(t, tt.module, *p.Module.Filename)
			}
		})
	}
}

func TestLineDirective(t *testing.T) {
	tests := []struct {
		release, args string
		want          asm.Line
	}{
		{"2.7", "5", asm.Line{Line: 5, EndLine: -1, Col: -1, EndCol: -1}},
		{"3.10", "5", asm.Line{Line: 5, EndLine: -1, Col: -1, EndCol: -1}},
		{"3.10", "none", asm.Line{Line: -1, EndLine: -1, Col: -1, EndCol: -1}},
		{"3.11", "5", asm.Line{Line: 5, EndLine: 5, Col: -1, EndCol: -1}},
		{"3.12", "0", asm.Line{Line: 0, EndLine: 0, Col: -1, EndCol: -1}},
		{"3.12", "none", asm.Line{Line: -1, EndLine: -1, Col: -1, EndCol: -1}},
		{"3.12", "None", asm.Line{Line: -1, EndLine: -1, Col: -1, EndCol: -1}},
		{"3.13", "2 3 4 5", asm.Line{Line: 2, EndLine: 3, Col: 4, EndCol: 5}},
		{"3.15", "2 none 0 none", asm.Line{Line: 2, EndLine: -1, Col: 0, EndCol: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.release+" "+tt.args, func(t *testing.T) {
			p := mustParse(t, ".python "+tt.release+"\n.line "+tt.args+"\n")
			require.Len(t, p.Module.Body, 1)
			ln := p.Module.Body[0].(*asm.Line)
			tt.want.Pos = asm.Pos{File: "t.pyasm", Line: 2, Col: 1}
			assert.Equal(t, tt.want, *ln)
		})
	}
}

func TestModelShape(t *testing.T) {
	p := mustParse(t, `.python 3.12
.consts 1
.consts "a", (2,),
.names x
.names y
.varnames a
.cellvars c
.freevars f
.kind a LOCAL|0x01
    RESUME 0
start: LOAD_CONST @g
code g {
    .name "<lambda>"
    RETURN_CONST None
}
    RETURN_CONST None
`)
	assert.Equal(t, "3.12", p.Version.String())
	m := p.Module
	assert.Equal(t, "<module>", m.Label)
	assert.Nil(t, m.Name)
	assert.Equal(t, []string{"int(1)", `str[0]("a")`, "tuple(int(2))"}, dumpValues(m.Consts))
	assert.Equal(t, []string{"x", "y"}, m.Names)
	assert.Equal(t, []string{"a"}, m.VarNames)
	assert.Equal(t, []string{"c"}, m.CellVars)
	assert.Equal(t, []string{"f"}, m.FreeVars)
	assert.Equal(t, map[string]uint8{"a": 0x21}, m.Kinds)
	require.Len(t, m.Body, 5)
	assert.Equal(t, &asm.Label{Pos: asm.Pos{File: "t.pyasm", Line: 11, Col: 1}, Name: "start"}, m.Body[1])
	in := m.Body[2].(*asm.Instr)
	assert.Equal(t, asm.Pos{File: "t.pyasm", Line: 11, Col: 8}, in.Pos)
	ref := in.Args[0].(*asm.Literal).Value.(*asm.CodeRef)
	assert.Equal(t, &asm.CodeRef{Pos: asm.Pos{File: "t.pyasm", Line: 11, Col: 19}, Label: "g"}, ref)
	g := m.Body[3].(*asm.Code)
	assert.Equal(t, "g", g.Label)
	require.NotNil(t, g.Name)
	assert.Equal(t, "<lambda>", *g.Name)
	assert.Equal(t, asm.Pos{File: "t.pyasm", Line: 12, Col: 1}, g.Pos)
}

func dumpValues(list []asm.Value) []string {
	var out []string
	for _, v := range list {
		out = append(out, dumpValue(v))
	}
	return out
}

// Bare words are constants only where the opcode takes a constant.
func TestWordsByOpcode(t *testing.T) {
	tests := []struct {
		release, instr, want string
	}{
		{"2.7", "LOAD_GLOBAL True", "[2:17 name True]"},
		{"2.7", "LOAD_CONST True", "[2:16 lit true]"},
		{"3.12", "LOAD_CONST None", "[2:16 lit None]"},
		{"3.12", "LOAD_NAME None", "[2:15 name None]"},
		{"3.12", "LOAD_NAME inf", "[2:15 name inf]"},
		{"3.12", "LOAD_CONST inf", "[2:16 lit float(0x7ff0000000000000)]"},
		{"3.12", "LOAD_CONST x", "[2:16 name x]"},
		{"3.12", `LOAD_CONST "x"`, `[2:16 lit str[0]("x")]`},
		{"3.12", `LOAD_NAME "x"`, `[2:15 name "x"]`},
		{"3.12", "KW_NAMES (\"a\",)", `[2:14 lit tuple(str[0]("a"))]`},
		{"3.12", "LOAD_NAME exception", "[2:15 name exception]"},
		{"3.8", "COMPARE_OP exception match", "[2:16 op exception match]"},
		{"3.8", "COMPARE_OP is not", "[2:16 op is not]"},
		{"3.8", "COMPARE_OP in", "[2:16 op in]"},
		{"3.14", "BINARY_OP []", "[2:15 op []]"},
		{"3.12", "BINARY_OP //=", "[2:15 op //=]"},
		{"3.12", "BUILD_TUPLE 0x10", "[2:17 lit int(16)]"},
		{"3.12", "CALL_INTRINSIC_1 INTRINSIC_PRINT", "[2:22 name INTRINSIC_PRINT]"},
		{"3.12", "LOAD_DEREF café", "[2:16 name café]"},
	}
	for _, tt := range tests {
		t.Run(tt.release+" "+tt.instr, func(t *testing.T) {
			p := mustParse(t, ".python "+tt.release+"\n    "+tt.instr+"\n")
			in := p.Module.Body[0].(*asm.Instr)
			require.Len(t, in.Args, 1)
			assert.Equal(t, tt.want, dumpOperand(in.Args[0]))
		})
	}
}

// A file without .python takes the fallback release; one with it ignores
// the fallback.
func TestFallbackRelease(t *testing.T) {
	v39, err := versions.Lookup("3.9")
	require.NoError(t, err)
	p, err := Parse("t.pyasm", []byte("    LOAD_CONST None\n    RETURN_VALUE\n"), v39)
	require.NoError(t, err)
	assert.Same(t, v39, p.Version)
	p, err = Parse("t.pyasm", []byte(".python 3.12\n    RETURN_CONST None\n"), v39)
	require.NoError(t, err)
	assert.Equal(t, "3.12", p.Version.String())
}

// Every opcode of every release is accepted, with the operand count its
// table asks for, and nothing else in the tables is.
func TestEveryOpcode(t *testing.T) {
	for _, v := range versions.All() {
		for _, op := range v.Opcodes.Opcodes {
			if op.Name == "CACHE" || op.Name == "EXTENDED_ARG" {
				continue
			}
			line := op.Name
			if op.HasArg {
				line += " !1"
			}
			_, err := Parse("t.pyasm", []byte(".python "+v.String()+"\n"+line+"\n"), nil)
			assert.NoError(t, err, "%s %s", v, line)
		}
		for _, name := range append(append([]string(nil), v.Opcodes.Specialized...), v.Opcodes.PseudoOpcodes...) {
			_, err := Parse("t.pyasm", []byte(".python "+v.String()+"\n"+name+"\n"), nil)
			assert.Error(t, err, "%s %s", v, name)
		}
	}
}

// CRLF line ends and a byte order mark read as they do in Python.
func TestCRLFAndBOM(t *testing.T) {
	src := "\uFEFF.python 3.12\r\n    RESUME 0\r\n    LOAD_CONST \"\"\"a\r\nb\"\"\"\r\n\tRETURN_VALUE\r\n"
	p := mustParse(t, src)
	body := p.Module.Body
	require.Len(t, body, 3)
	assert.Equal(t, asm.Pos{File: "t.pyasm", Line: 2, Col: 5}, body[0].StmtPos())
	assert.Equal(t, `[3:16 lit str[0]("a\nb")]`, dumpOperand(body[1].(*asm.Instr).Args[0]))
	assert.Equal(t, asm.Pos{File: "t.pyasm", Line: 5, Col: 2}, body[2].StmtPos())
	v, pos, ok := DeclaredVersion([]byte(src))
	assert.Equal(t, "3.12", v)
	assert.Equal(t, asm.Pos{Line: 1, Col: 12}, pos)
	assert.True(t, ok)
}
