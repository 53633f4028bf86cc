// Package emit writes resolved code objects as a .pyc: it builds marshal
// code objects in the target release's layout, replaces code references in
// constants with the code objects they name, and puts the header in front.
// A .pyc is written as the marshal encoder goes, each code object built
// when the encoder reaches its reference, from reused nodes; CodeObject and
// CodeObjects build the tree for callers that keep it.
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
	h := pyc.Header{Magic: p.Version.Magic}
	if p.Header != nil {
		magic := pyc.AppendHeader(nil, p.Version, pyc.Header{Magic: p.Version.Magic})[:4]
		_, rh, err := pyc.ReadHeader(append(magic, p.Header...))
		if err != nil {
			return nil, fmt.Errorf("recorded header: %v", err)
		}
		h = rh
	}
	if p.Module.Marshal != "" {
		// A recorded serialization is replayed over the whole tree.
		e := &emitter{p: p, built: map[*resolve.Code]*marshal.Code{}}
		code, err := e.code(p.Module)
		if err != nil {
			return nil, err
		}
		obj, err := e.replay(code)
		if err != nil {
			return nil, err
		}
		f := &pyc.File{Version: p.Version, Header: h, Object: obj, Trailing: p.Trailing}
		return f.Bytes()
	}
	return stream(p, h)
}

// stream writes the .pyc of a program without a recorded serialization
// as the marshal encoder goes: each code object is built when the encoder
// reaches its reference, from nodes that are free again once it is
// written, so no tree of the module is built (see marshal.Encoder). The
// bytes are the tree's (the fuzz targets' sameAsTree).
func stream(p *resolve.Program, h pyc.Header) ([]byte, error) {
	s := &streamer{emitter: emitter{p: p}}
	// The stacks of names hold, at most, the names of the blocks on one
	// path from the module down.
	most := s.pathTexts(p.Module, 0)
	s.texts, s.items = make([]marshal.Str, 0, most), make([]marshal.Object, 0, most)
	buf := pyc.AppendHeader(make([]byte, 0, 16+s.sizeHint()+len(p.Trailing)), p.Version, h)
	enc := marshal.NewEncoder(buf, p.Version.Marshal, s.standIn)
	if err := s.code(enc, p.Module); err != nil {
		return nil, err
	}
	return append(enc.Bytes(), p.Trailing...), nil
}

// streamer writes code objects for stream.
type streamer struct {
	emitter
	// levels are the nodes of the code objects being written, by depth:
	// a code object's constants hold its children, written while it is.
	levels []*codeNodes
	depth  int
	// texts and items are the name tuples' strs and items of the code
	// objects being written, a stack their levels cut from and give back.
	// An array outgrown stays with the tuples that point into it.
	texts []marshal.Str
	items []marshal.Object
}

// standIn writes the code object a code reference in a constant names.
func (s *streamer) standIn(enc *marshal.Encoder, o marshal.Object) error {
	ref, ok := o.(*asm.CodeRef)
	if !ok {
		return fmt.Errorf("marshal: unknown node %T", o)
	}
	c, ok := s.p.Blocks[ref.Label]
	if !ok {
		return fmt.Errorf("no code block %q", ref.Label)
	}
	return s.code(enc, c)
}

// code writes the code object of block c.
func (s *streamer) code(enc *marshal.Encoder, c *resolve.Code) error {
	if s.depth == len(s.levels) {
		s.levels = append(s.levels, &codeNodes{})
	}
	n := s.levels[s.depth]
	s.depth++
	// The block's name tuples are cut from the top of the stacks, given
	// back once it is written. An outgrown stack is replaced, not copied:
	// the blocks below keep the arrays they point into.
	base, k := len(s.texts), texts(c)
	if cap(s.texts)-base < k {
		s.texts = make([]marshal.Str, base, max(2*cap(s.texts), base+k))
		s.items = make([]marshal.Object, base, max(2*cap(s.items), base+k))
	}
	n.texts, n.items = s.texts[base:base], s.items[base:base]
	// The constants as resolved: code references in them (also inside
	// tuples and frozensets) come to standIn as they are written.
	s.fill(n, c, c.Consts)
	s.texts, s.items = s.texts[:base+k], s.items[:base+k]
	err := enc.Object(&n.code)
	s.texts, s.items = s.texts[:base], s.items[:base]
	s.depth--
	return err
}

// sizeHint is how many bytes the program's code objects take, every
// block's as the encoder writes it, or a few more: each field a length
// (the int fields of every layout counted), each text as marshal.TextSize,
// each constant as marshal.SizeIn (a code reference counts for nothing:
// its block counts).
func (s *streamer) sizeHint() int {
	d := s.p.Version.Marshal
	size := 0
	for _, c := range s.p.Blocks {
		size += 1 + 8*4 + 5*5 + len(c.Bytecode) + len(c.LocalsPlusKinds) + len(c.LineTable) + len(c.ExceptionTable)
		for _, list := range [...][]string{c.Names, c.VarNames, c.Frees, c.CellVars, c.LocalsPlusNames, {c.Filename, c.Name, c.QualName}} {
			size += 5
			for _, name := range list {
				size += marshal.TextSize(name, d)
			}
		}
		size += 5
		for _, k := range c.Consts {
			size += marshal.SizeIn(k, d)
		}
	}
	return size
}

// pathTexts is the most names the blocks on one path from c down hold
// together (its own and those of the most of its children's paths).
func (s *streamer) pathTexts(c *resolve.Code, depth int) int {
	if c == nil || depth > marshal.MaxDepth {
		return 0
	}
	below := 0
	for _, k := range c.Consts {
		asm.EachCodeRef(k, func(ref *asm.CodeRef) {
			below = max(below, s.pathTexts(s.p.Blocks[ref.Label], depth+1))
		})
	}
	return texts(c) + below
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

// strs makes t a tuple of text fields, its items cut from n.items and,
// on 3.x, its strs from n.texts.
func (e *emitter) strs(t *marshal.Tuple, list []string, n *codeNodes) *marshal.Tuple {
	start := len(n.items)
	for _, s := range list {
		var node *marshal.Str
		if !e.p.Version.Marshal.Python2 {
			n.texts = append(n.texts, marshal.Str{})
			node = &n.texts[len(n.texts)-1]
		}
		n.items = append(n.items, e.str(node, s))
	}
	t.Items = n.items[start:len(n.items):len(n.items)]
	return t
}

// texts counts the text fields of block c's name tuples.
func texts(c *resolve.Code) int {
	return len(c.Names) + len(c.VarNames) + len(c.Frees) + len(c.CellVars) + len(c.LocalsPlusNames)
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
	texts                                               []marshal.Str
	items                                               []marshal.Object
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
	e.fill(n, c, consts)
	m := &n.code
	e.built[c] = m
	return m, nil
}

// fill makes n the code object of block c with the constants consts,
// reusing n's arrays.
func (e *emitter) fill(n *codeNodes, c *resolve.Code, consts []marshal.Object) {
	n.consts = marshal.Tuple{Items: consts}
	// The name tuples' items and strs in one array each: appending to
	// them must not move what the tuples already hold.
	if k := texts(c); cap(n.texts) < k {
		n.texts = make([]marshal.Str, 0, max(k, 2*cap(n.texts)))
		n.items = make([]marshal.Object, 0, max(k, 2*cap(n.items)))
	}
	n.texts, n.items = n.texts[:0], n.items[:0]
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
		Names:           e.strs(&n.names, c.Names, n),
		VarNames:        e.strs(&n.varNames, c.VarNames, n),
		FreeVars:        e.strs(&n.freeVars, c.Frees, n),
		CellVars:        e.strs(&n.cellVars, c.CellVars, n),
		LocalsPlusNames: e.strs(&n.locals, c.LocalsPlusNames, n),
		LocalsPlusKinds: bytesObj(&n.kinds, c.LocalsPlusKinds),
		Filename:        e.str(&n.filename, c.Filename),
		Name:            e.str(&n.name, c.Name),
		QualName:        e.str(&n.qualName, c.QualName),
		LineTable:       bytesObj(&n.lineTable, c.LineTable),
		ExceptionTable:  bytesObj(&n.exceptionTable, c.ExceptionTable),
	}
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
