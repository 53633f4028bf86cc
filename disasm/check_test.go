package disasm

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/internal/damage"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/versions"
)

// tinyCode is a code object of release v that returns None, with the
// given locals (varnames up to 3.10; localsplus names of kind LOCAL from
// 3.11).
func tinyCode(v *versions.Version, locals ...string) *marshal.Code {
	text := func(s string) marshal.Object {
		if v.Marshal.Python2 {
			return &marshal.Bytes{Data: []byte(s)}
		}
		return marshal.NewStr(s)
	}
	names := func(list ...string) *marshal.Tuple {
		t := &marshal.Tuple{Items: []marshal.Object{}}
		for _, n := range list {
			t.Items = append(t.Items, text(n))
		}
		return t
	}
	c := &marshal.Code{
		Flags:    int32(versions.BitNamed(v.CodeFlags, "OPTIMIZED") | versions.BitNamed(v.CodeFlags, "NEWLOCALS")),
		Bytecode: &marshal.Bytes{Data: returnNone(v)}, Consts: &marshal.Tuple{Items: []marshal.Object{&marshal.None{}}}, Names: names(),
		Filename: text("hostile.py"), Name: text("f"), FirstLineNo: 1, StackSize: 1,
		LineTable: &marshal.Bytes{},
	}
	if v.LocalsPlus {
		kinds := make([]byte, len(locals))
		for i := range kinds {
			kinds[i] = byte(versions.BitNamed(v.LocalKinds, "LOCAL"))
		}
		c.LocalsPlusNames, c.LocalsPlusKinds = names(locals...), &marshal.Bytes{Data: kinds}
		c.QualName, c.ExceptionTable = text("f"), &marshal.Bytes{}
	} else {
		c.VarNames, c.FreeVars, c.CellVars = names(locals...), names(), names()
		c.NLocals = int32(len(locals))
	}
	return c
}

// returnNone is LOAD_CONST 0, RETURN_VALUE in release v's encoding.
func returnNone(v *versions.Version) []byte {
	load, ret := v.Opcode("LOAD_CONST").Code, v.Opcode("RETURN_VALUE").Code
	if v.Wordcode {
		return []byte{load, 0, ret, 0}
	}
	return []byte{load, 0, 0, ret}
}

// TestHostileCounts: a tiny code object whose counts ask for more than its
// tables hold is refused where CPython refuses to load it (naming the
// problem), and lifted with a verifier finding where CPython loads it (2.7),
// without anything sized by the counts. The first case is the
// FuzzRoundTrip finding: an argcount of 0x30303030 on 3.14 that the
// resolver turned into one localsplus kind per declared argument.
func TestHostileCounts(t *testing.T) {
	tests := []struct {
		name    string
		v       *versions.Version
		locals  []string
		spoil   func(c *marshal.Code)
		refused string // part of Human's error; "" for lifted
		finding string // part of a verifier finding on the lifted code
	}{
		{"3.14 argcount 0x30303030", versions.V3_14, nil, func(c *marshal.Code) { c.ArgCount = 0x30303030 },
			"it takes 808464432 parameters (co_argcount 808464432, co_kwonlyargcount 0, *args and **kwargs by its flags) but has 0 locals; CPython refuses to load it", ""},
		{"3.12 kwonlyargcount past the locals", versions.V3_12, []string{"a"}, func(c *marshal.Code) { c.ArgCount, c.KwOnlyArgCount = 1, 1<<30 },
			"it takes 1073741825 parameters", ""},
		{"3.12 VARARGS without a local", versions.V3_12, nil, func(c *marshal.Code) { c.Flags |= int32(versions.BitNamed(versions.V3_12.CodeFlags, "VARARGS")) },
			"it takes 1 parameter (co_argcount 0, co_kwonlyargcount 0, *args and **kwargs by its flags) but has 0 locals", ""},
		{"3.10 argcount past varnames", versions.V3_10, []string{"a"}, func(c *marshal.Code) { c.ArgCount = 2 },
			"it takes 2 parameters (co_argcount 2, co_kwonlyargcount 0, *args and **kwargs by its flags) but has 1 local; CPython refuses to load it", ""},
		{"3.6 VARKEYWORDS past varnames", versions.V3_6, nil, func(c *marshal.Code) { c.Flags |= int32(versions.BitNamed(versions.V3_6.CodeFlags, "VARKEYWORDS")) },
			"it takes 1 parameter (co_argcount 0, co_kwonlyargcount 0, *args and **kwargs by its flags) but has 0 locals", ""},
		{"3.12 localsplus kinds shorter than names", versions.V3_12, []string{"a", "b"}, func(c *marshal.Code) { c.LocalsPlusKinds.(*marshal.Bytes).Data = []byte{0x20} },
			"co_localsplusnames has 2 names but co_localspluskinds 1 kind; CPython refuses to load it", ""},
		{"3.14 localsplus kinds longer than names", versions.V3_14, []string{"a"}, func(c *marshal.Code) { c.LocalsPlusKinds.(*marshal.Bytes).Data = make([]byte, 1<<20) },
			"co_localsplusnames has 1 name but co_localspluskinds 1048576 kinds", ""},
		{"2.7 argcount 0x30303030", versions.V2_7, []string{"a"}, func(c *marshal.Code) { c.ArgCount = 0x30303030 },
			"", "f takes 808464432 parameters (.argcount 808464432) but has 1 local (a): CPython 2.7 reads past co_varnames"},
		{"2.7 nlocals below the parameters", versions.V2_7, []string{"a", "b"}, func(c *marshal.Code) { c.ArgCount, c.NLocals = 2, 1 },
			"", "f takes 2 parameters (.argcount 2) but .nlocals 1 leaves room for 1 local"},
		{"3.14 parameters that fit", versions.V3_14, []string{"a", "b"}, func(c *marshal.Code) { c.ArgCount, c.PosOnlyArgCount = 2, 1 },
			"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tinyCode(tt.v, tt.locals...)
			tt.spoil(c)
			body, err := marshal.Encode(c, tt.v.Marshal)
			require.NoError(t, err)
			file, err := pyc.Read(append(pyc.AppendHeader(nil, tt.v, pyc.Header{}), body...))
			require.NoError(t, err)
			var st Stats
			damage.Bounded(t, "dis", func() {
				_, st, err = Human(file)
			})
			if tt.refused != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.refused)
				return
			}
			require.NoError(t, err)
			if tt.finding == "" {
				assert.Empty(t, st.Unverified)
			} else {
				require.NotEmpty(t, st.Unverified)
				assert.Contains(t, st.Unverified[0].Msg, tt.finding)
			}
			// What is lifted prints, parses and assembles back (with
			// NoVerify, as the findings need) to the same code object.
			prog, _, err := Human(file)
			require.NoError(t, err)
			text, out, err := throughText(prog, "hostile", resolve.Options{NoVerify: true})
			require.NoError(t, err, "%s", text)
			back, err := pyc.Read(out)
			require.NoError(t, err)
			assert.Empty(t, marshal.Diff(file.Object, back.Object), "%s", text)
		})
	}
}
