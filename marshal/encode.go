package marshal

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
)

// Encode writes o in dialect d.
//
// A node that carries FLAG_REF (or, in 2.7, an interned 't' string) is
// entered in the reference table when first written; meeting the same node
// again writes a reference to it. A node with a zero type byte is written in
// the form CPython would choose, without FLAG_REF.
func Encode(o Object, d *Dialect) ([]byte, error) {
	return AppendEncode(nil, o, d)
}

// SizeHint is about how many bytes Encode writes for o: its strings' and
// byte strings' payloads and a few bytes for each object, without refs. A
// caller sizes its buffer by it once instead of growing it by doubling.
//
// Deprecated: SizeIn counts what a dialect writes exactly; pyasm no longer
// calls SizeHint.
func SizeHint(o Object) int { return sizeHint(o, 0) }

func sizeHint(o Object, depth int) int {
	if depth > MaxDepth {
		return 0
	}
	n := 5 // a type byte and a length or a small value
	var items []Object
	switch o := o.(type) {
	case *Str:
		if o != nil {
			n += len(o.Data)
		}
	case *Bytes:
		if o != nil {
			n += len(o.Data)
		}
	case *Tuple:
		if o != nil {
			items = o.Items
		}
	case *List:
		if o != nil {
			items = o.Items
		}
	case *Set:
		if o != nil {
			items = o.Items
		}
	case *FrozenSet:
		if o != nil {
			items = o.Items
		}
	case *Code:
		if o != nil {
			n += 7 * 4
			items = []Object{o.Bytecode, o.Consts, o.Names, o.VarNames, o.FreeVars, o.CellVars,
				o.LocalsPlusNames, o.LocalsPlusKinds, o.Filename, o.Name, o.QualName, o.LineTable, o.ExceptionTable}
		}
	}
	for _, x := range items {
		if x != nil {
			n += sizeHint(x, depth+1)
		}
	}
	return n
}

// SizeIn is how many bytes Encode writes for o in dialect d if it wrote
// every node in full: exactly what it writes for a tree without FLAG_REF,
// and at least that otherwise (a node with FLAG_REF counts as the larger
// of itself and a reference to it). A node Encode would refuse counts for
// nothing. A caller sizes its buffer by it once instead of growing it by
// doubling.
func SizeIn(o Object, d *Dialect) int {
	w := writer{dialect: d}
	return w.sizeOf(o, 0)
}

func (w *writer) sizeOf(o Object, depth int) int {
	if known, isNil := nodeOf(o); depth > MaxDepth || !known || isNil {
		return 0
	}
	code := o.TypeByte()
	if code == 0 {
		code = w.defaultType(o)
	}
	typ := code &^ FlagRef
	n := 1 // the type byte
	var items []Object
	var pairs []KeyValue
	switch o := o.(type) {
	case *Int:
		switch {
		case typ == 'i':
			n += 4
		case typ == 'I':
			n += 8
		case o.Value != nil:
			n += 4 + 2*((o.Value.BitLen()+14)/15)
		}
	case *Float:
		n += 8
		if typ == 'f' {
			n = 1 + floatTextSize(o.Text, o.Bits)
		}
	case *Complex:
		n += 16
		if typ == 'x' {
			n = 1 + floatTextSize(o.RealText, o.Real) + floatTextSize(o.ImagText, o.Imag)
		}
	case *Bytes:
		n += 4 + len(o.Data)
	case *Str:
		n += 4 + len(o.Data)
		if typ == 'z' || typ == 'Z' {
			n = 2 + len(o.Data)
		}
	case *Tuple:
		n += 4
		if typ == ')' {
			n = 2
		}
		items = o.Items
	case *List:
		n, items = n+4, o.Items
	case *Set:
		n, items = n+4, o.Items
	case *FrozenSet:
		n, items = n+4, o.Items
	case *Dict:
		n, pairs = n+1, o.Items // the '0' that ends it
	case *FrozenDict:
		n, pairs = n+1, o.Items
	case *Slice:
		items = []Object{o.Start, o.Stop, o.Step}
	case *Code:
		for _, f := range w.dialect.Code.Fields {
			if f.Int != nil {
				n += 4
			} else {
				n += w.sizeOf(*f.Obj(o), depth+1)
			}
		}
	}
	for _, x := range items {
		n += w.sizeOf(x, depth+1)
	}
	for _, kv := range pairs {
		n += w.sizeOf(kv.Key, depth+1) + w.sizeOf(kv.Value, depth+1)
	}
	if w.dialect.TakesSlot(code) {
		// Met again, it is a reference: a type byte and a slot number,
		// more than a small node in full.
		n = max(n, 5)
	}
	return n
}

// floatTextSize is what a float written as text ('f', 'x') takes: a
// length byte and the text, which Encode makes from the bits when it is
// empty.
func floatTextSize(text string, bits uint64) int {
	if text == "" {
		text = formatPythonFloat(math.Float64frombits(bits))
	}
	return 1 + len(text)
}

// AppendEncode is Encode appending to buf.
func AppendEncode(buf []byte, o Object, d *Dialect) ([]byte, error) {
	w := writer{buf: buf, dialect: d, slots: map[Object]int{}}
	if err := w.object(o); err != nil {
		return buf, err
	}
	return w.buf, nil
}

// An Encoder writes an object as Encode does, but lets its caller build
// parts of it only as they are written: a node of a type this package does
// not define (an assembler's stand-in for a code object it has not built)
// goes to the caller's Stand-in function, which writes the object it stands
// for with Object. So an assembler can write a module's code objects one
// at a time, from nodes it reuses, instead of building the whole tree
// first. Nodes written, stand-ins or not, share one reference table.
type Encoder struct{ w writer }

// NewEncoder is an Encoder appending to buf in dialect d. standIn writes
// a node of a type the package does not define; nil makes such a node an
// error, as in Encode.
func NewEncoder(buf []byte, d *Dialect, standIn func(e *Encoder, o Object) error) *Encoder {
	e := &Encoder{w: writer{buf: buf, dialect: d, slots: map[Object]int{}}}
	if standIn != nil {
		e.w.standIn = func(o Object) error { return standIn(e, o) }
	}
	return e
}

// Object writes o, after what was written before.
func (e *Encoder) Object(o Object) error { return e.w.object(o) }

// Bytes is everything written so far, appended to the buffer NewEncoder
// was given.
func (e *Encoder) Bytes() []byte { return e.w.buf }

type writer struct {
	buf     []byte
	dialect *Dialect
	slots   map[Object]int
	nslots  int
	depth   int
	standIn func(o Object) error // see Encoder
}

// EncodeError says which object could not be written, and why.
type EncodeError struct {
	Path string
	Msg  string
}

func (e *EncodeError) Error() string {
	if e.Path == "" {
		return "marshal: " + e.Msg
	}
	return "marshal: " + e.Path + ": " + e.Msg
}

func (w *writer) fail(format string, args ...any) error {
	return &EncodeError{Msg: fmt.Sprintf(format, args...)}
}

// within adds a step to the path of an error coming out of a child.
func within(err error, step string) error {
	if e, ok := err.(*EncodeError); ok {
		if e.Path == "" {
			e.Path = step
		} else {
			e.Path = step + "." + e.Path
		}
	}
	return err
}

func (w *writer) u8(b byte) { w.buf = append(w.buf, b) }
func (w *writer) i32(v int32) {
	w.buf = binary.LittleEndian.AppendUint32(w.buf, uint32(v))
}
func (w *writer) u64(v uint64) { w.buf = binary.LittleEndian.AppendUint64(w.buf, v) }

func (w *writer) size(n int) error {
	if n > math.MaxInt32 {
		return w.fail("size %d does not fit in 32 bits", n)
	}
	w.i32(int32(n))
	return nil
}

func (w *writer) object(o Object) error {
	if o == nil {
		return w.fail("nil object")
	}
	if known, _ := nodeOf(o); w.standIn != nil && !known {
		if w.depth >= MaxDepth {
			return w.fail("objects nested deeper than %d levels (a cycle through objects without FLAG_REF?)", MaxDepth)
		}
		w.depth++
		defer func() { w.depth-- }()
		return w.standIn(o)
	}
	if k, ok := w.slots[o]; ok {
		return w.reference(k)
	}
	code := o.TypeByte()
	if code == 0 {
		code = w.defaultType(o)
	}
	typ := code
	if w.dialect.FlagRefs() {
		typ = code &^ FlagRef
	} else if code&FlagRef != 0 {
		return w.fail("FLAG_REF on type %s needs marshal version 3 or later", typeName(code))
	}
	if !w.dialect.accepts(typ) || typ == 'r' || typ == 'R' || typ == '0' {
		return w.fail("type code %s cannot be written in marshal version %d", typeName(code), w.dialect.Version)
	}
	if w.depth >= MaxDepth {
		return w.fail("objects nested deeper than %d levels (a cycle through objects without FLAG_REF?)", MaxDepth)
	}
	w.depth++
	defer func() { w.depth-- }()

	if w.dialect.TakesSlot(code) {
		w.slots[o] = w.nslots
		w.nslots++
	}
	w.u8(code)
	return w.payload(o, typ)
}

func (w *writer) reference(k int) error {
	if w.dialect.Python2 {
		w.u8('R')
	} else {
		w.u8('r')
	}
	w.i32(int32(k))
	return nil
}

// defaultType picks the type code CPython would write for a hand-built node.
func (w *writer) defaultType(o Object) byte {
	switch o := o.(type) {
	case *None:
		return 'N'
	case *Bool:
		if o.Value {
			return 'T'
		}
		return 'F'
	case *StopIteration:
		return 'S'
	case *Ellipsis:
		return '.'
	case *Int:
		switch {
		case o.Value.IsInt64() && o.Value.Int64() == int64(int32(o.Value.Int64())):
			return 'i'
		case w.dialect.Python2 && o.Value.IsInt64():
			return 'I'
		}
		return 'l'
	case *Float:
		return 'g'
	case *Complex:
		return 'y'
	case *Bytes:
		return 's'
	case *Str:
		return w.dialect.strType(o.Data)
	case *Tuple:
		if w.dialect.Version >= 4 && len(o.Items) < 256 {
			return ')'
		}
		return '('
	case *List:
		return '['
	case *Set:
		return '<'
	case *FrozenSet:
		return '>'
	case *Dict:
		return '{'
	case *FrozenDict:
		return '}'
	case *Slice:
		return ':'
	case *Code:
		return 'c'
	}
	return 0
}

// strType is the type code of a str of text s with no type byte set.
func (d *Dialect) strType(s string) byte {
	if d.Python2 || d.Version < 4 || !isASCII(s) {
		return 'u'
	}
	if len(s) < 256 {
		return 'z'
	}
	return 'a'
}

// TextSize is how many bytes Encode writes for a Str of text s with no
// type byte set (SizeIn of it, without building the node).
func TextSize(s string, d *Dialect) int {
	if d.strType(s) == 'z' {
		return 2 + len(s)
	}
	return 5 + len(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// kindOf names the node kinds each type code may hold, to catch a node
// whose type byte belongs to another kind.
var kindOf = map[byte]string{
	'N': "None", 'F': "Bool", 'T': "Bool", 'S': "StopIteration", '.': "Ellipsis",
	'i': "Int", 'I': "Int", 'l': "Int", 'f': "Float", 'g': "Float", 'x': "Complex", 'y': "Complex",
	's': "Bytes", 'u': "Str", 'a': "Str", 'A': "Str", 'z': "Str", 'Z': "Str",
	'(': "Tuple", ')': "Tuple", '[': "List", '<': "Set", '>': "FrozenSet",
	'{': "Dict", '}': "FrozenDict", ':': "Slice", 'c': "Code",
}

func (w *writer) payload(o Object, typ byte) error {
	want := kindOf[typ]
	if typ == 't' {
		want = "Str"
		if w.dialect.Python2 {
			want = "Bytes"
		}
	}
	if got := nodeKind(o); got != want {
		return w.fail("a %s node cannot have type code %s", got, typeName(typ))
	}
	switch o := o.(type) {
	case *None, *StopIteration, *Ellipsis:
		return nil
	case *Bool:
		if o.Value != (typ == 'T') {
			return w.fail("Bool %v with type code %s", o.Value, typeName(typ))
		}
		return nil
	case *Int:
		return w.int(o, typ)
	case *Float:
		if typ == 'f' {
			return w.floatText(o.Text, o.Bits)
		}
		w.u64(o.Bits)
		return nil
	case *Complex:
		if typ == 'x' {
			if err := w.floatText(o.RealText, o.Real); err != nil {
				return err
			}
			return w.floatText(o.ImagText, o.Imag)
		}
		w.u64(o.Real)
		w.u64(o.Imag)
		return nil
	case *Bytes:
		if err := w.size(len(o.Data)); err != nil {
			return err
		}
		w.buf = append(w.buf, o.Data...)
		return nil
	case *Str:
		if typ == 'z' || typ == 'Z' {
			if len(o.Data) > 255 {
				return w.fail("short string type %s holds %d bytes (at most 255)", typeName(typ), len(o.Data))
			}
			w.u8(byte(len(o.Data)))
		} else if err := w.size(len(o.Data)); err != nil {
			return err
		}
		w.buf = append(w.buf, o.Data...)
		return nil
	case *Tuple:
		return w.items(o.Items, typ == ')')
	case *List:
		return w.items(o.Items, false)
	case *Set:
		return w.items(o.Items, false)
	case *FrozenSet:
		return w.items(o.Items, false)
	case *Dict:
		return w.dict(o.Items)
	case *FrozenDict:
		return w.dict(o.Items)
	case *Slice:
		for i, part := range []Object{o.Start, o.Stop, o.Step} {
			if err := w.object(part); err != nil {
				return within(err, [...]string{"start", "stop", "step"}[i])
			}
		}
		return nil
	case *Code:
		return w.code(o)
	}
	return w.fail("unknown node %T", o)
}

// nodeOf reports whether o is one of the package's node types (known),
// and whether it is then a nil pointer, which the Go API lets a caller
// build.
func nodeOf(o Object) (known, isNil bool) {
	switch o := o.(type) {
	case *None:
		return true, o == nil
	case *Bool:
		return true, o == nil
	case *StopIteration:
		return true, o == nil
	case *Ellipsis:
		return true, o == nil
	case *Int:
		return true, o == nil
	case *Float:
		return true, o == nil
	case *Complex:
		return true, o == nil
	case *Bytes:
		return true, o == nil
	case *Str:
		return true, o == nil
	case *Tuple:
		return true, o == nil
	case *List:
		return true, o == nil
	case *Set:
		return true, o == nil
	case *FrozenSet:
		return true, o == nil
	case *Dict:
		return true, o == nil
	case *FrozenDict:
		return true, o == nil
	case *Slice:
		return true, o == nil
	case *Code:
		return true, o == nil
	}
	return false, false
}

// nodeKind names o's node type as kindOf does. A type switch rather than
// fmt's %T: this runs for every node written, and %T allocates.
func nodeKind(o Object) string {
	switch o.(type) {
	case *None:
		return "None"
	case *Bool:
		return "Bool"
	case *StopIteration:
		return "StopIteration"
	case *Ellipsis:
		return "Ellipsis"
	case *Int:
		return "Int"
	case *Float:
		return "Float"
	case *Complex:
		return "Complex"
	case *Bytes:
		return "Bytes"
	case *Str:
		return "Str"
	case *Tuple:
		return "Tuple"
	case *List:
		return "List"
	case *Set:
		return "Set"
	case *FrozenSet:
		return "FrozenSet"
	case *Dict:
		return "Dict"
	case *FrozenDict:
		return "FrozenDict"
	case *Slice:
		return "Slice"
	case *Code:
		return "Code"
	}
	// An Object from another package: named as before, from its Go type.
	t := fmt.Sprintf("%T", o)
	return t[len("*marshal."):]
}

func (w *writer) int(o *Int, typ byte) error {
	if o.Value == nil {
		return w.fail("Int with no value")
	}
	v := o.Value
	switch typ {
	case 'i':
		if !v.IsInt64() || v.Int64() != int64(int32(v.Int64())) {
			return w.fail("int %s does not fit type code 'i' (32 bits)", v)
		}
		w.i32(int32(v.Int64()))
		return nil
	case 'I':
		if !v.IsInt64() {
			return w.fail("int %s does not fit type code 'I' (64 bits)", v)
		}
		w.u64(uint64(v.Int64()))
		return nil
	}
	// 'l': 15-bit digits, least significant first; the count carries the sign.
	mag := new(big.Int).Abs(v)
	words := mag.Bits()
	bitLen := mag.BitLen()
	n := (bitLen + 14) / 15
	if n > math.MaxInt32 {
		return w.fail("int too large")
	}
	if v.Sign() < 0 {
		w.i32(int32(-n))
	} else {
		w.i32(int32(n))
	}
	const wordBits = 32 << (^uint(0) >> 63)
	for i := 0; i < n; i++ {
		var digit uint
		for b := 0; b < 15; b++ {
			bit := i*15 + b
			if bit >= bitLen {
				break
			}
			if words[bit/wordBits]>>(uint(bit)%wordBits)&1 != 0 {
				digit |= 1 << b
			}
		}
		w.buf = binary.LittleEndian.AppendUint16(w.buf, uint16(digit))
	}
	return nil
}

func (w *writer) floatText(text string, bits uint64) error {
	if text == "" {
		text = formatPythonFloat(math.Float64frombits(bits))
	}
	if len(text) > 255 {
		return w.fail("float text of %d bytes (at most 255)", len(text))
	}
	w.u8(byte(len(text)))
	w.buf = append(w.buf, text...)
	return nil
}

func (w *writer) items(items []Object, short bool) error {
	if short {
		if len(items) > 255 {
			return w.fail("small tuple ')' holds %d items (at most 255)", len(items))
		}
		w.u8(byte(len(items)))
	} else if err := w.size(len(items)); err != nil {
		return err
	}
	for i, it := range items {
		if err := w.object(it); err != nil {
			return within(err, fmt.Sprintf("[%d]", i))
		}
	}
	return nil
}

func (w *writer) dict(items []KeyValue) error {
	for i, kv := range items {
		if err := w.object(kv.Key); err != nil {
			return within(err, fmt.Sprintf("key[%d]", i))
		}
		if err := w.object(kv.Value); err != nil {
			return within(err, fmt.Sprintf("value[%d]", i))
		}
	}
	w.u8('0')
	return nil
}

func (w *writer) code(c *Code) error {
	for _, f := range w.dialect.Code.Fields {
		if f.Int != nil {
			w.i32(*f.Int(c))
			continue
		}
		o := *f.Obj(c)
		if o == nil {
			return w.fail("code object field %s is missing", f.Name)
		}
		if err := w.object(o); err != nil {
			return within(err, f.Name)
		}
	}
	return nil
}
