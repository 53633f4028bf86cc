package resolve_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/internal/errorcheck"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// textProgram builds, with the Go API, a module that stores a constant
// under a name and prints its repr, for 2.7 or 3.12.
func textProgram(release string, name string, k marshal.Object) *asm.Program {
	at := func(line int) asm.Pos { return asm.Pos{File: "text.pyasm", Line: line, Col: 5} }
	op := func(line int, o string, args ...asm.Operand) asm.Stmt {
		return &asm.Instr{Pos: at(line), Op: o, Args: args}
	}
	konst := func(line int, v marshal.Object) asm.Operand { return &asm.Literal{Pos: at(line), Value: v} }
	var body []asm.Stmt
	if release == "2.7" {
		body = []asm.Stmt{op(2, "LOAD_CONST", konst(2, k)), op(3, "STORE_NAME", &asm.Ident{Pos: at(3), Name: name}),
			op(4, "LOAD_NAME", &asm.Ident{Pos: at(4), Name: "repr"}), op(4, "LOAD_NAME", &asm.Ident{Pos: at(4), Name: name}),
			op(4, "CALL_FUNCTION", asm.Int(1)), op(5, "PRINT_ITEM"), op(6, "PRINT_NEWLINE"),
			op(7, "LOAD_CONST", konst(7, &marshal.None{})), op(8, "RETURN_VALUE")}
	} else {
		body = []asm.Stmt{op(1, "RESUME", asm.Int(0)), op(2, "LOAD_CONST", konst(2, k)), op(3, "STORE_NAME", &asm.Ident{Pos: at(3), Name: name}),
			op(4, "PUSH_NULL"), op(4, "LOAD_NAME", &asm.Ident{Pos: at(4), Name: "print"}),
			op(5, "PUSH_NULL"), op(5, "LOAD_NAME", &asm.Ident{Pos: at(5), Name: "repr"}),
			op(6, "LOAD_NAME", &asm.Ident{Pos: at(6), Name: name}), op(7, "CALL", asm.Int(1)), op(7, "CALL", asm.Int(1)), op(8, "POP_TOP"),
			op(9, "RETURN_CONST", konst(9, &marshal.None{}))}
	}
	v, err := versions.Lookup(release)
	if err != nil {
		panic(err)
	}
	return &asm.Program{Version: v, Filename: "text.py", Module: &asm.Code{Pos: at(1), Label: "<module>", Body: body}}
}

// TestTextNotUTF8 checks the verifier's rule on text: what CPython cannot
// decode as UTF-8 (with surrogatepass) is refused, where it is used.
func TestTextNotUTF8(t *testing.T) {
	str := func(s string) marshal.Object { return marshal.NewStr(s) }
	const bad, surrogate = "a\xffb", "\xed\xa0\x80"
	tests := []struct {
		name, release, varName string
		k                      marshal.Object
		edit                   func(*asm.Program)
		want                   []string // messages, in order
		lines                  []int
	}{
		{"str constant", "3.12", "x", str(bad), nil,
			[]string{`constant "a\xffb" is not valid UTF-8`}, []int{2}},
		{"str in a tuple", "3.12", "x", &marshal.Tuple{Items: []marshal.Object{marshal.NewInt(1), str(bad)}}, nil,
			[]string{`constant "a\xffb" is not valid UTF-8`}, []int{2}},
		{"name", "3.12", "n\xff", str("ok"), nil,
			[]string{`name "n\xff" is not valid UTF-8`}, []int{3}},
		{"explicit table entry", "3.12", "x", str("ok"), func(p *asm.Program) {
			p.Module.Consts = []asm.Value{str(bad)}
			p.Module.Names = []string{"y\xc3"}
		}, []string{`constant "a\xffb"`, `name "y\xc3"`}, []int{1, 1}},
		{"block fields", "3.12", "x", str("ok"), func(p *asm.Program) {
			p.Filename = "f\xff.py"
			name := "\xc0\x80"
			p.Module.Name = &name
		}, []string{`co_filename "f\xff.py"`, `co_name "\xc0\x80"`, `co_qualname "\xc0\x80"`}, []int{1, 1, 1}},
		{"surrogates are text", "3.12", "n" + surrogate, str(surrogate), nil, nil, nil},
		{"Latin-1 payload", "3.12", "x", &marshal.Str{Type: 'a', Data: "\xe9"}, nil, nil, nil},
		{"2.7 unicode constant", "2.7", "x", str(bad), nil,
			[]string{`constant "a\xffb" is not valid UTF-8`}, []int{2}},
		{"2.7 names and str are bytes", "2.7", "n\xff", &marshal.Bytes{Data: []byte(bad)}, func(p *asm.Program) {
			p.Filename = "f\xff.py"
		}, nil, nil},
		{"2.7 unicode surrogate", "2.7", "x", str(surrogate), nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := textProgram(tt.release, tt.varName, tt.k)
			if tt.edit != nil {
				tt.edit(p)
			}
			_, err := resolve.Resolve(p)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			var list asm.ErrorList
			require.ErrorAs(t, err, &list)
			require.Len(t, list, len(tt.want), "%q", errorcheck.Messages(list))
			for i, e := range list {
				assert.Contains(t, e.Msg, tt.want[i])
				assert.Contains(t, e.Msg, "CPython refuses to load the .pyc")
				assert.Contains(t, e.Hint, "give the text as UTF-8")
				assert.NotContains(t, e.Hint, "no-verify")
				assert.Equal(t, tt.lines[i], e.Pos.Line)
			}
			_, warnings, err := resolve.ResolveWith(p, resolve.Options{NoVerify: true})
			require.NoError(t, err)
			assert.Len(t, warnings, len(tt.want))
		})
	}
}

// TestTextAsCPython runs what the verifier lets through and what it
// refuses (written with NoVerify) on the interpreters: CPython prints a
// lone surrogate, and refuses to load the .pyc with text that is not
// UTF-8.
func TestTextAsCPython(t *testing.T) {
	for _, release := range []string{"2.7", "3.12"} {
		t.Run(release, func(t *testing.T) {
			t.Parallel()
			got := pythons.RunPyc(t, release, "surrogate.pyc", assembleGo(t, textProgram(release, "x", marshal.NewStr("\xed\xa0\x80"))))
			want := map[string]string{"2.7": "u'\\ud800'\n", "3.12": "'\\ud800'\n"}[release]
			assert.Equal(t, want, got)

			py := pythons.Require(t, release)
			data, _, err := emit.AssembleWith(textProgram(release, "x", marshal.NewStr("a\xffb")), resolve.Options{NoVerify: true})
			require.NoError(t, err)
			path := filepath.Join(t.TempDir(), "bad.pyc")
			require.NoError(t, os.WriteFile(path, data, 0o644))
			out, err := exec.Command(py, path).CombinedOutput()
			assert.Error(t, err, "CPython %s loads text that is not UTF-8:\n%s", release, out)
			// 3.x reports the UnicodeDecodeError, 2.7 a bad code object.
			assert.Regexp(t, `UnicodeDecodeError|Bad code object`, string(out))
		})
	}
}

func assembleGo(t *testing.T, p *asm.Program) []byte {
	t.Helper()
	data, err := emit.Assemble(p)
	require.NoError(t, err)
	return data
}
