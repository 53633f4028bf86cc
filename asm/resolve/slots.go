package resolve

import (
	"errors"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/asm/slots"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// verifySlots runs the slot-by-slot walk (asm/slots) over the finished
// code and reports what it finds at the instructions' positions. It runs
// after the block's nested blocks are finished: MAKE_FUNCTION's closure is
// checked against the free variables of the code it makes.
func (b *builder) verifySlots(out *Code, all map[string]*Code) {
	if sw := b.prepareSlots(out, all); sw != nil {
		sw.run()
		sw.report()
	}
}

// slotWalk is a block's slot walk: what asm/slots is given, prepared from
// the builder (prepareSlots), its run, which reads only what it was given
// and may go on another goroutine, and the telling of what it found
// (report), which reads the builder again.
type slotWalk struct {
	b       *builder
	code    *slots.Code
	opts    slots.Options
	byIndex []*inst // the inst of each decoded instruction
	res     *slots.Result
	err     error
	done    chan struct{} // closed once run, when run aside
}

// prepareSlots is the block's slot walk, or nil when there is nothing to
// walk or its errors say enough.
func (b *builder) prepareSlots(out *Code, all map[string]*Code) *slotWalk {
	if b.v.Slots == nil || b.badJumps || b.badHandlers || len(b.insts) == 0 || b.hadErrors {
		return nil
	}
	for _, in := range b.insts {
		if in.failed {
			return nil // an operand did not resolve: its error says enough
		}
	}
	ins, err := b.decode()
	if err != nil {
		return nil
	}
	c := &slots.Code{
		Instructions: ins,
		Handlers:     b.knownHandlers(),
		Flags:        out.Flags,
		Names:        out.Names,
		Generator:    out.Flags&generatorFlagBits(b.v) != 0,
		Module:       b.module,
		StackSize:    b.walkStackSize(out),
	}
	c.Consts = make([]slots.Const, 0, len(out.Consts))
	for _, k := range out.Consts {
		c.Consts = append(c.Consts, b.slotConst(k, all))
	}
	nparams := out.ArgCount + out.KwOnlyArgCount
	if out.Flags&bit(b.v.CodeFlags, "VARARGS") != 0 {
		nparams++
	}
	if out.Flags&bit(b.v.CodeFlags, "VARKEYWORDS") != 0 {
		nparams++
	}
	if b.v.LocalsPlus {
		c.Locals = out.LocalsPlusNames
		cell, free := byte(bit(b.v.LocalKinds, "CELL")), byte(bit(b.v.LocalKinds, "FREE"))
		for _, k := range out.LocalsPlusKinds {
			c.Cells = append(c.Cells, k&cell != 0)
			if k&free != 0 {
				c.Frees++
			}
		}
	} else {
		c.Locals = out.VarNames
		c.Derefs = append(append([]string(nil), out.CellVars...), out.Frees...)
	}
	c.Assigned = make([]bool, len(c.Locals))
	for i := 0; i < nparams && i < len(c.Assigned); i++ {
		c.Assigned[i] = true
	}
	// The inst of each decoded instruction, by offset: both lists are in
	// offset order.
	byIndex := make([]*inst, len(ins))
	for i, k := 0, 0; i < len(ins) && k < len(b.insts); {
		switch off := b.opOffset(b.insts[k]); {
		case off < ins[i].Offset:
			k++
		case off > ins[i].Offset:
			i++
		default:
			byIndex[i] = b.insts[k]
			i, k = i+1, k+1
		}
	}
	// What the walk asks of the builder it only reads: the instructions'
	// text and positions, the constants.
	describe := func(i int) string {
		if in := byIndex[i]; in != nil {
			return format.Instr(b.v, in.src)
		}
		return ""
	}
	line := func(i int) int {
		if p := b.posAt(ins[i].Offset); p.IsValid() {
			return p.Line
		}
		return 0
	}
	labelConst := func(k int) string { return constLabel(b.v, out.Consts[k]) }
	opts := slots.Options{Describe: describe, Line: line, Before: b.r.stacks != nil, ConstLabel: labelConst}
	return &slotWalk{b: b, code: c, opts: opts, byIndex: byIndex}
}

// run walks.
func (sw *slotWalk) run() { sw.res, sw.err = slots.Analyze(sw.b.v, sw.code, sw.opts) }

// report tells what the walk found, at the instructions' positions.
func (sw *slotWalk) report() {
	b := sw.b
	if b.r.stacks != nil && sw.res != nil {
		for i, before := range sw.res.Before {
			if in := sw.byIndex[i]; in != nil && before != nil {
				b.r.stacks[in.src] = slots.Picture(before)
			}
		}
	}
	var list slots.Errors
	if !errors.As(sw.err, &list) {
		return
	}
	// One finding per instruction: an argument the argument checks
	// refused also upsets the walk.
	for _, e := range list {
		if in := b.instAt(e.Offset); in != nil && b.flagged[in] {
			continue
		}
		if e.Warning {
			b.r.warnings = append(b.r.warnings, &asm.Error{Pos: b.posAt(e.Offset), Msg: e.Msg, Hint: e.Hint, Stack: e.Stack, Warning: true, Verifier: true})
			continue
		}
		b.verifyStack(b.posAt(e.Offset), e.Hint, e.Stack, e.Msg)
	}
}

// walkStackSize is the stack size the slot walk holds the code to: none
// (-1) when the depth walk failed, or when the block gives another stack
// size than the depth walk found (finish checks it against that count
// instead). A given one equal to the count is held like a derived one:
// giving what the resolver would derive changes nothing.
func (b *builder) walkStackSize(out *Code) int {
	if b.stackUnsure || b.src.StackSize != nil && (!b.measured || *b.src.StackSize != b.needed) {
		return -1
	}
	return out.StackSize
}

// slotConst is what the walk needs of a constant.
func (b *builder) slotConst(k marshal.Object, all map[string]*Code) slots.Const {
	switch k := k.(type) {
	case *marshal.None:
		return slots.Const{Kind: versions.KindNone, Label: "None"}
	case *asm.CodeRef:
		c := slots.Const{Kind: versions.KindCode, Label: "@" + k.Label}
		if child := all[k.Label]; child != nil {
			if b.v.LocalsPlus {
				free := byte(bit(b.v.LocalKinds, "FREE"))
				for _, kind := range child.LocalsPlusKinds {
					if kind&free != 0 {
						c.Frees++
					}
				}
			} else {
				c.Frees = len(child.Frees)
			}
			c.Generator = child.Flags&bit(b.v.CodeFlags, "GENERATOR") != 0
			names := child.VarNames
			if b.v.LocalsPlus {
				names = child.LocalsPlusNames
			}
			// An async comprehension steps .0 with GET_ANEXT, not FOR_ITER.
			async := child.Flags&(bit(b.v.CodeFlags, "COROUTINE")|bit(b.v.CodeFlags, "ASYNC_GENERATOR")) != 0
			params := min(child.ArgCount, len(names)) // a declared count sizes nothing
			for k := 0; k < params; k++ {
				kind := b.v.ParamKind(names[k])
				if kind == versions.KindIter && async {
					kind = 0
				}
				if kind == 0 {
					continue
				}
				if c.Params == nil {
					c.Params, c.ParamNames = make([]versions.SlotKind, params), names[:params]
				}
				c.Params[k] = kind
			}
		}
		return c
	}
	c := slots.Const{Kind: constKind(k), Items: -1}
	if t, ok := k.(*marshal.Tuple); ok {
		c.Items = len(t.Items)
		for _, item := range t.Items {
			c.ItemKinds |= constKind(item)
		}
	}
	return c // labelled by constLabel, if the walk asks
}

// constLabel shows a constant in the walk's messages and pictures.
func constLabel(v *versions.Version, k marshal.Object) string {
	label := format.Literal(v, k)
	if len(label) > 24 {
		label = label[:21] + "..."
	}
	return label
}

// constKind is the slot kind of a constant other than a code block's.
func constKind(k marshal.Object) versions.SlotKind {
	switch k.(type) {
	case *marshal.None:
		return versions.KindNone
	case *asm.CodeRef, *marshal.Code:
		return versions.KindCode
	case *marshal.Tuple:
		return versions.KindTuple
	case *marshal.Str:
		return versions.KindStr
	}
	return versions.KindConst
}

// generatorFlagBits are the co_flags that make a code object a generator,
// coroutine or async generator in release v.
func generatorFlagBits(v *versions.Version) uint32 {
	return bit(v.CodeFlags, "GENERATOR") | bit(v.CodeFlags, "COROUTINE") | bit(v.CodeFlags, "ASYNC_GENERATOR")
}

// instAt is the instruction at a byte offset (a prefix or the opcode).
func (b *builder) instAt(off int) *inst {
	for _, in := range b.insts {
		if off >= in.offset && off < in.offset+b.size(in) {
			return in
		}
	}
	return nil
}
