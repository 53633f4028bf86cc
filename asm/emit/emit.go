// Package emit writes resolved code objects as a .pyc: it builds marshal
// code objects in the target release's layout, replaces code references in
// constants with the code objects they name, and puts the header in front.
//
// It is the last step of the flow: asm/resolve hands it finished code
// blocks; marshal and pyc do the byte-level writing. The output is
// deterministic: no timestamps, and no FLAG_REF (which every release
// reads), so the same program always gives the same bytes.
package emit

import (
	"errors"
	"fmt"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
)

// Assemble resolves p and returns the bytes of its .pyc. Its error, from
// any stage, is an asm.ErrorList.
func Assemble(p *asm.Program) ([]byte, error) {
	data, _, err := AssembleWith(p, resolve.Options{})
	return data, err
}

// AssembleWith is Assemble with resolver options; it also returns the
// resolver's warnings.
func AssembleWith(p *asm.Program, opts resolve.Options) ([]byte, asm.ErrorList, error) {
	rp, warnings, err := resolve.ResolveWith(p, opts)
	if err != nil {
		return nil, warnings, err
	}
	data, err := Pyc(rp)
	return data, warnings, err
}

// Pyc returns the .pyc bytes of a resolved program. Its error is an
// asm.ErrorList, as the resolver's are.
func Pyc(p *resolve.Program) ([]byte, error) {
	data, err := pycBytes(p)
	if err != nil {
		return nil, asErrorList(err)
	}
	return data, nil
}

// asErrorList makes an error of the emitter an asm.ErrorList, so that a
// caller handles the errors of every stage alike.
func asErrorList(err error) error {
	var list asm.ErrorList
	if errors.As(err, &list) {
		return list
	}
	var one *asm.Error
	if errors.As(err, &one) {
		return asm.ErrorList{one}
	}
	return asm.ErrorList{{Msg: err.Error()}}
}

func pycBytes(p *resolve.Program) ([]byte, error) {
	if p == nil || p.Module == nil || p.Version == nil {
		return nil, fmt.Errorf("no resolved program to write")
	}
	e := &emitter{p: p, built: map[*resolve.Code]*marshal.Code{}}
	code, err := e.code(p.Module)
	if err != nil {
		return nil, err
	}
	var obj marshal.Object = code
	if p.Module.Marshal != "" {
		if obj, err = e.replay(code); err != nil {
			return nil, err
		}
	}
	f := &pyc.File{Version: p.Version, Header: pyc.Header{Magic: p.Version.Magic}, Object: obj, Trailing: p.Trailing}
	if p.Header != nil {
		magic := pyc.AppendHeader(nil, p.Version, pyc.Header{Magic: p.Version.Magic})[:4]
		_, h, err := pyc.ReadHeader(append(magic, p.Header...))
		if err != nil {
			return nil, fmt.Errorf("recorded header: %v", err)
		}
		f.Header = h
	}
	return f.Bytes()
}

// replay applies every block's recorded serialization (see exact.go).
func (e *emitter) replay(root *marshal.Code) (marshal.Object, error) {
	r := &replayer{d: e.p.Version.Marshal, specs: map[*marshal.Code][]entry{}}
	for c, m := range e.built {
		if c.Marshal == "" {
			return nil, fmt.Errorf("code block %s has no marshal record, but the module has one: record every block or none", c.Label)
		}
		spec, err := parseSpec(c.Marshal)
		if err != nil {
			return nil, fmt.Errorf("code block %s: %v", c.Label, err)
		}
		r.specs[m] = spec
	}
	var obj marshal.Object = root
	if err := r.visit(&obj); err != nil {
		return nil, err
	}
	return obj, nil
}

// CodeObject builds the marshal code object of one resolved block.
func CodeObject(p *resolve.Program, c *resolve.Code) (*marshal.Code, error) {
	if p == nil || c == nil || p.Version == nil {
		return nil, asm.ErrorList{{Msg: "no resolved code block to build"}}
	}
	e := &emitter{p: p, built: map[*resolve.Code]*marshal.Code{}}
	code, err := e.code(c)
	if err != nil {
		return nil, asErrorList(err)
	}
	return code, nil
}

// CodeObjects builds the marshal code object of every resolved block of
// p (Program.Blocks) that builds, each block once: the code object of a
// block that names others in its constants holds theirs, the same
// objects as the map's.
func CodeObjects(p *resolve.Program) map[*resolve.Code]*marshal.Code {
	e := &emitter{p: p, built: map[*resolve.Code]*marshal.Code{}}
	for _, c := range p.Blocks {
		e.code(c) // a block that fails is left out
	}
	return e.built
}

type emitter struct {
	p     *resolve.Program
	built map[*resolve.Code]*marshal.Code
}

// str makes a text field: a str on 3.x, a byte string (2.x str) on 2.7,
// where code objects require them. On 3.x the str is node.
func (e *emitter) str(node *marshal.Str, s string) marshal.Object {
	if e.p.Version.Marshal.Python2 {
		return &marshal.Bytes{Data: []byte(s)}
	}
	*node = marshal.Str{Data: s} // as marshal.NewStr builds it
	return node
}

// strs makes t a tuple of text fields. On 3.x its strs are allocated
// together, one allocation for the many names of a code object.
func (e *emitter) strs(t *marshal.Tuple, list []string) *marshal.Tuple {
	t.Items = make([]marshal.Object, len(list))
	if e.p.Version.Marshal.Python2 {
		for i, s := range list {
			t.Items[i] = e.str(nil, s) // a byte string of its own
		}
		return t
	}
	nodes := make([]marshal.Str, len(list))
	for i, s := range list {
		t.Items[i] = e.str(&nodes[i], s)
	}
	return t
}

// bytesObj makes node the bytes b (empty for nil).
func bytesObj(node *marshal.Bytes, b []byte) *marshal.Bytes {
	if b == nil {
		b = []byte{}
	}
	node.Data = b
	return node
}

// codeNodes is a code object and the nodes of its fields, allocated
// together (a dozen allocations before).
type codeNodes struct {
	code                                                marshal.Code
	consts, names, varNames, freeVars, cellVars, locals marshal.Tuple
	bytecode, kinds, lineTable, exceptionTable          marshal.Bytes
	filename, name, qualName                            marshal.Str // 3.x
}

func (e *emitter) code(c *resolve.Code) (*marshal.Code, error) {
	if m, ok := e.built[c]; ok {
		return m, nil
	}
	consts := make([]marshal.Object, len(c.Consts))
	for i, k := range c.Consts {
		v, err := e.constant(k)
		if err != nil {
			return nil, err
		}
		consts[i] = v
	}
	n := &codeNodes{}
	n.consts.Items = consts
	n.code = marshal.Code{
		ArgCount:        int32(c.ArgCount),
		PosOnlyArgCount: int32(c.PosOnlyArgCount),
		KwOnlyArgCount:  int32(c.KwOnlyArgCount),
		NLocals:         int32(c.NLocals),
		StackSize:       int32(c.StackSize),
		Flags:           int32(c.Flags),
		FirstLineNo:     int32(c.FirstLineNo),
		Bytecode:        bytesObj(&n.bytecode, c.Bytecode),
		Consts:          &n.consts,
		Names:           e.strs(&n.names, c.Names),
		VarNames:        e.strs(&n.varNames, c.VarNames),
		FreeVars:        e.strs(&n.freeVars, c.Frees),
		CellVars:        e.strs(&n.cellVars, c.CellVars),
		LocalsPlusNames: e.strs(&n.locals, c.LocalsPlusNames),
		LocalsPlusKinds: bytesObj(&n.kinds, c.LocalsPlusKinds),
		Filename:        e.str(&n.filename, c.Filename),
		Name:            e.str(&n.name, c.Name),
		QualName:        e.str(&n.qualName, c.QualName),
		LineTable:       bytesObj(&n.lineTable, c.LineTable),
		ExceptionTable:  bytesObj(&n.exceptionTable, c.ExceptionTable),
	}
	m := &n.code
	e.built[c] = m
	return m, nil
}

// constant copies a constant, replacing code references (also inside
// tuples and frozensets) with code objects.
func (e *emitter) constant(o marshal.Object) (marshal.Object, error) {
	switch o := o.(type) {
	case *asm.CodeRef:
		c, ok := e.p.Blocks[o.Label]
		if !ok {
			return nil, fmt.Errorf("no code block %q", o.Label)
		}
		return e.code(c)
	case *marshal.Tuple:
		items, err := e.constants(o.Items)
		return &marshal.Tuple{Type: o.Type, Items: items}, err
	case *marshal.FrozenSet:
		items, err := e.constants(o.Items)
		return &marshal.FrozenSet{Type: o.Type, Items: items}, err
	}
	return o, nil
}

func (e *emitter) constants(items []marshal.Object) ([]marshal.Object, error) {
	out := make([]marshal.Object, len(items))
	for i, it := range items {
		v, err := e.constant(it)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
