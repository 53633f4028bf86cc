package explain

import (
	"fmt"
	"strconv"

	"github.com/pyasm/pyasm/bytecode"
	"github.com/pyasm/pyasm/exctable"
	"github.com/pyasm/pyasm/linetable"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

func formatFlags(v uint32, names []versions.NamedBit) string { return versions.FormatBits(v, names) }

// codeField explains one object field of a code object. Byte-string fields
// with a structure of their own are decoded entry by entry; the rest are
// shown as plain objects.
func (e *explainer) codeField(n *node, c *marshal.Code, depth int) {
	label := n.field + ": "
	data, ok := n.span("data")
	b, isBytes := n.obj.(*marshal.Bytes)
	if !ok || !isBytes || n.end == 0 || c == nil {
		e.node(n, depth, label)
		return
	}
	var explainBody func(base int, b []byte, depth int) error
	switch n.field {
	case "code":
		explainBody = func(base int, b []byte, depth int) error { return e.instructions(base, b, c, depth) }
	case "lnotab", "linetable":
		explainBody = func(base int, b []byte, depth int) error { return e.lineTable(base, b, int(c.FirstLineNo), depth) }
	case "exceptiontable":
		explainBody = e.exceptionTable
	case "localspluskinds":
		explainBody = func(base int, b []byte, depth int) error { return e.kinds(base, b, c, depth) }
	default:
		e.node(n, depth, label)
		return
	}
	e.line(n.off, data.off-n.off, depth, e.describe(n, label)+", "+plural(len(b.Data), "byte"))
	if err := explainBody(data.off, b.Data, depth+1); err != nil {
		e.printf("%s  %s  note: %v\n", "      ", "                       ", err)
	}
}

// instructions explains co_code one instruction per row, caches on rows of
// their own. Offsets in the text are code offsets, as dis prints them.
func (e *explainer) instructions(base int, code []byte, c *marshal.Code, depth int) error {
	// Each constant an instruction names is shown by its repr, made once
	// for the code object.
	e.constTexts = e.constTexts[:0]
	if t, ok := c.Consts.(*marshal.Tuple); ok {
		e.constTexts = append(e.constTexts, make([]string, len(t.Items))...)
	}
	done := 0
	err := bytecode.Each(e.version, code, func(in *bytecode.Instruction) {
		// As "%4d %s%s", in a buffer the rows share.
		t := appendPadded(e.textBuf[:0], in.Offset, 10, 4, ' ')
		t = append(append(t, ' '), in.Name()...)
		t = e.appendOperand(t, in, c)
		e.textBuf = t
		writeRow(e, base+in.Offset, in.Size, depth, t)
		if in.Caches > 0 {
			t = append(e.textBuf[:0], "     cache: "...)
			t = appendPlural(t, in.Caches, "code unit")
			t = append(t, ", zero until the interpreter specializes"...)
			e.textBuf = t
			writeRow(e, base+in.Offset+in.Size, 2*in.Caches, depth, t)
		}
		done = in.End()
	})
	if err != nil && done < len(code) {
		e.line(base+done, len(code)-done, depth, "undecodable")
	}
	return err
}

// appendPadded appends n in base, right-aligned in width characters
// filled with pad (%*d with ' ', %0*x with '0' and base 16).
func appendPadded(b []byte, n, base, width int, pad byte) []byte {
	var digits [64]byte
	d := strconv.AppendInt(digits[:0], int64(n), base)
	for i := len(d); i < width; i++ {
		b = append(b, pad)
	}
	return append(b, d...)
}

// operand says what an instruction's argument means.
func (e *explainer) operand(in *bytecode.Instruction, c *marshal.Code) string {
	return string(e.appendOperand(nil, in, c))
}

// appendOperand appends operand.
func (e *explainer) appendOperand(b []byte, in *bytecode.Instruction, c *marshal.Code) []byte {
	if in.Op == nil {
		return append(strconv.AppendUint(append(b, ' '), uint64(in.Arg), 10), " (unknown opcode)"...)
	}
	if !in.Op.HasArg {
		if in.ArgBytes != 0 {
			b = strconv.AppendUint(append(b, " (ignored argument byte "...), uint64(in.ArgBytes), 10)
			return append(b, ')')
		}
		return b
	}
	v := e.version
	form := v.Form(in.Op)
	arg := int(in.Arg)
	index, low := arg>>form.Shift, arg&(1<<form.Shift-1)
	b = strconv.AppendInt(append(b, ' '), int64(arg), 10)
	lowNote := func(b []byte) []byte {
		if low != 0 {
			b = strconv.AppendInt(append(b, ", flag bits "...), int64(low), 10)
		}
		return b
	}
	switch in.Op.Operand {
	case versions.OperandConst:
		return append(append(append(b, " ("...), e.constText(c, index)...), ')')
	case versions.OperandName:
		return append(lowNote(append(append(b, " ("...), e.item(c.Names, index, false)...)), ')')
	case versions.OperandLocal:
		if form.Pair {
			return append(append(append(append(append(b, " ("...), e.local(c, arg>>4)...), ", "...), e.local(c, arg&15)...), ')')
		}
		return append(append(append(b, " ("...), e.local(c, index)...), ')')
	case versions.OperandFree:
		return append(append(append(b, " ("...), e.free(c, index)...), ')')
	case versions.OperandCompare:
		if index < len(v.Opcodes.CompareOps) {
			return append(lowNote(append(append(b, " ("...), v.Opcodes.CompareOps[index]...)), ')')
		}
	case versions.OperandJump:
		if target, ok := bytecode.JumpTarget(v, in); ok {
			return append(strconv.AppendInt(append(b, " (to "...), int64(target), 10), ')')
		}
	}
	if in.Op.Name == "BINARY_OP" && arg < len(v.Opcodes.BinaryOps) {
		return append(append(append(b, " ("...), v.Opcodes.BinaryOps[arg].Symbol...), ')')
	}
	return b
}

// constText is item for constant i of c, its repr made once (constTexts).
func (e *explainer) constText(c *marshal.Code, i int) string {
	if i < 0 || i >= len(e.constTexts) {
		return e.item(c.Consts, i, true)
	}
	if e.constTexts[i] == "" {
		e.constTexts[i] = e.item(c.Consts, i, true)
	}
	return e.constTexts[i]
}

// item shows element i of a tuple field, or says it is out of range.
func (e *explainer) item(field marshal.Object, i int, repr bool) string {
	t, ok := field.(*marshal.Tuple)
	if !ok || i < 0 || i >= len(t.Items) {
		return "out of range!"
	}
	if repr {
		return e.repr(t.Items[i])
	}
	return nameOf(t.Items[i])
}

func nameOf(o marshal.Object) string {
	switch o := o.(type) {
	case *marshal.Str:
		return o.Value()
	case *marshal.Bytes:
		return string(o.Data)
	}
	return "?"
}

func (e *explainer) local(c *marshal.Code, i int) string {
	if e.version.LocalsPlus {
		return e.item(c.LocalsPlusNames, i, false)
	}
	return e.item(c.VarNames, i, false)
}

// free resolves a deref index: into localsplus from 3.11, before that into
// cellvars followed by freevars.
func (e *explainer) free(c *marshal.Code, i int) string {
	if e.version.LocalsPlus {
		return e.item(c.LocalsPlusNames, i, false)
	}
	cells, _ := c.CellVars.(*marshal.Tuple)
	if cells != nil && i < len(cells.Items) {
		return nameOf(cells.Items[i])
	}
	if cells != nil {
		i -= len(cells.Items)
	}
	return e.item(c.FreeVars, i, false)
}

func (e *explainer) lineTable(base int, tab []byte, firstLine int, depth int) error {
	switch e.version.Lines {
	case versions.LnotabUnsigned, versions.LnotabSigned:
		entries, err := linetable.DecodeLnotab(tab, firstLine, e.version.Lines == versions.LnotabSigned)
		for _, en := range entries {
			e.line(base+en.TableOffset, en.TableLen, depth, fmt.Sprintf("+%d bytes, %+d lines: offset %d is line %d", en.AddrDelta, en.LineDelta, en.Offset, en.Line))
		}
		return err
	case versions.LineTable310:
		ranges, err := linetable.DecodeLineTable310(tab, firstLine)
		for _, r := range ranges {
			e.line(base+r.TableOffset, r.TableLen, depth, fmt.Sprintf("bytes %d-%d: %s", r.Start, r.End, lineText(r.Line)))
		}
		return err
	}
	// A table that is malformed somewhere shows no rows, only its error:
	// it is checked whole first, then read again row by row, which keeps
	// no list of its entries.
	if err := linetable.EachLocation(tab, firstLine, func(linetable.Location) {}); err != nil {
		return err
	}
	return linetable.EachLocation(tab, firstLine, func(l linetable.Location) {
		// As "units %d-%d (bytes %d-%d): %s [%s]", in a buffer the rows share.
		t := append(e.textBuf[:0], "units "...)
		t = strconv.AppendInt(t, int64(l.StartUnit), 10)
		t = strconv.AppendInt(append(t, '-'), int64(l.StartUnit+l.Units-1), 10)
		t = strconv.AppendInt(append(t, " (bytes "...), int64(2*l.StartUnit), 10)
		t = strconv.AppendInt(append(t, '-'), int64(2*(l.StartUnit+l.Units)), 10)
		t = appendPosition(append(t, "): "...), l.Position)
		t = append(append(append(t, " ["...), formName(l.Form)...), ']')
		e.textBuf = t
		writeRow(e, base+l.TableOffset, l.TableLen, depth, t)
	})
}

func lineText(line int) string {
	if line == linetable.None {
		return "no line"
	}
	return fmt.Sprintf("line %d", line)
}

// appendPosition appends positionText(p).
func appendPosition(t []byte, p linetable.Position) []byte {
	if p.Line == linetable.None {
		return append(t, "no location"...)
	}
	t = strconv.AppendInt(append(t, "line "...), int64(p.Line), 10)
	if p.EndLine != p.Line && p.EndLine != linetable.None {
		t = strconv.AppendInt(append(t, '-'), int64(p.EndLine), 10)
	}
	if p.Col != linetable.None {
		t = strconv.AppendInt(append(t, ", columns "...), int64(p.Col), 10)
		t = strconv.AppendInt(append(t, '-'), int64(p.EndCol), 10)
	}
	return t
}

func positionText(p linetable.Position) string {
	if p.Line == linetable.None {
		return "no location"
	}
	s := fmt.Sprintf("line %d", p.Line)
	if p.EndLine != p.Line && p.EndLine != linetable.None {
		s += fmt.Sprintf("-%d", p.EndLine)
	}
	if p.Col != linetable.None {
		s += fmt.Sprintf(", columns %d-%d", p.Col, p.EndCol)
	}
	return s
}

func formName(code int) string {
	if code >= 0 && code < len(formNames) {
		return formNames[code]
	}
	return makeFormName(code)
}

// formNames are the names of the location forms, made once.
var formNames = func() (out [16]string) {
	for i := range out {
		out[i] = makeFormName(i)
	}
	return
}()

func makeFormName(code int) string {
	switch {
	case code <= 9:
		return fmt.Sprintf("short form %d", code)
	case code <= 12:
		return fmt.Sprintf("one-line form, line +%d", code-10)
	case code == 13:
		return "no columns"
	case code == 14:
		return "long form"
	}
	return "no location"
}

func (e *explainer) exceptionTable(base int, tab []byte, depth int) error {
	entries, err := exctable.Decode(tab)
	for _, en := range entries {
		lasti := ""
		if en.Lasti {
			lasti = ", push lasti"
		}
		e.line(base+en.TableOffset, en.TableLen, depth, fmt.Sprintf("bytes %d-%d: handler at %d, stack depth %d%s",
			2*en.Start, 2*en.End, 2*en.Target, en.Depth, lasti))
	}
	return err
}

// kinds explains localspluskinds: one byte for each localsplus name.
func (e *explainer) kinds(base int, kinds []byte, c *marshal.Code, depth int) error {
	for i, k := range kinds {
		e.line(base+i, 1, depth, fmt.Sprintf("%s: %s", e.item(c.LocalsPlusNames, i, false), formatFlags(uint32(k), e.version.LocalKinds)))
	}
	return nil
}
