package marshal

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"unicode/utf8"
)

// MaxDepth bounds how deeply objects may nest, as CPython's reader does, so
// that hostile input cannot exhaust the stack.
const MaxDepth = 2000

// Error is a decoding error at a byte offset of the input.
type Error struct {
	Offset int
	Msg    string
}

func (e *Error) Error() string { return fmt.Sprintf("offset %d (0x%x): %s", e.Offset, e.Offset, e.Msg) }

// Tracer is told the structure of the input as it is decoded; the explainer
// uses it to give every byte its meaning. Offsets include DecodeOptions.Offset.
type Tracer interface {
	// Begin: an object whose type byte is typ starts at off. slot is the
	// reference index it takes, or -1 if it takes none.
	Begin(off int, typ byte, slot int)
	// Field: the next item is the code-object field with this name.
	Field(name string)
	// Span: bytes [off, off+n) of the current object hold what ("size",
	// "value", "data", "index", a code-object int field's name, ...).
	Span(off, n int, what string)
	// End: the object begun last ends at off; o is its value (for a
	// reference, the object referred to).
	End(off int, o Object)
}

// DecodeOptions adjusts Decode.
type DecodeOptions struct {
	// Offset is added to every offset reported, so errors and traces can
	// name positions in the enclosing file.
	Offset int
	Tracer Tracer
}

// Decode reads one object from data in dialect d and returns it with the
// number of bytes it took. Trailing bytes are not an error.
func Decode(data []byte, d *Dialect, opts DecodeOptions) (Object, int, error) {
	r := reader{data: data, dialect: d, base: opts.Offset, trace: opts.Tracer}
	o, err := r.object()
	if err != nil {
		return nil, r.pos, err
	}
	return o, r.pos, nil
}

type reader struct {
	data    []byte
	pos     int
	base    int
	dialect *Dialect
	trace   Tracer
	depth   int
	// refs holds the objects read with FLAG_REF, in order; a nil entry is a
	// slot reserved by an object still being read (code, frozenset, slice,
	// frozendict), which a reference may not name yet.
	refs []Object
	// strings holds 2.7's interned strings, which 'R' refers to.
	strings []Object
	// whole is data as a string, for the strings read to share.
	whole string
	// strs and bytes hand out string objects from allocations of 256: a
	// module has thousands, and one allocation each was a tenth of what
	// decoding allocated.
	strs  []Str
	bytes []Bytes
}

// take hands out the next element of a chunk, allocating a chunk when it
// is used up: of 256 elements, or of at most most, the number of objects
// the rest of the input can hold (a small input gets a small chunk).
func take[T any](chunk *[]T, most int) *T {
	if len(*chunk) == 0 {
		*chunk = make([]T, min(256, max(most, 1)))
	}
	p := &(*chunk)[0]
	*chunk = (*chunk)[1:]
	return p
}

// objectsLeft bounds the objects the rest of the input holds: each takes
// at least its type byte and a byte of size or value.
func (r *reader) objectsLeft() int { return (len(r.data)-r.pos)/2 + 1 }

func (r *reader) fail(off int, format string, args ...any) error {
	return &Error{Offset: r.base + off, Msg: fmt.Sprintf(format, args...)}
}

// need checks that n more bytes are there, naming what they were for.
func (r *reader) need(n int, what string) error {
	if n < 0 || n > len(r.data)-r.pos {
		return r.fail(r.pos, "%s needs %d bytes but only %d remain", what, n, len(r.data)-r.pos)
	}
	return nil
}

func (r *reader) span(n int, what string) {
	if r.trace != nil {
		r.trace.Span(r.base+r.pos, n, what)
	}
}

func (r *reader) u8(what string) (byte, error) {
	if err := r.need(1, what); err != nil {
		return 0, err
	}
	r.span(1, what)
	b := r.data[r.pos]
	r.pos++
	return b, nil
}

func (r *reader) i32(what string) (int32, error) {
	if err := r.need(4, what); err != nil {
		return 0, err
	}
	r.span(4, what)
	v := int32(binary.LittleEndian.Uint32(r.data[r.pos:]))
	r.pos += 4
	return v, nil
}

func (r *reader) u64(what string) (uint64, error) {
	if err := r.need(8, what); err != nil {
		return 0, err
	}
	r.span(8, what)
	v := binary.LittleEndian.Uint64(r.data[r.pos:])
	r.pos += 8
	return v, nil
}

func (r *reader) raw(n int, what string) ([]byte, error) {
	if err := r.need(n, what); err != nil {
		return nil, err
	}
	r.span(n, what)
	b := r.data[r.pos : r.pos+n : r.pos+n]
	r.pos += n
	return b, nil
}

// size reads a count or length: an i32 that must be non-negative and, since
// each unit takes at least unit bytes, must fit in what remains. This is
// what keeps allocation proportional to the input.
func (r *reader) size(what string, unit int) (int, error) {
	at := r.pos
	n, err := r.i32(what)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, r.fail(at, "negative %s %d", what, n)
	}
	if int64(n)*int64(unit) > int64(len(r.data)-r.pos) {
		return 0, r.fail(at, "%s %d runs past the end of the input (%d bytes remain)", what, n, len(r.data)-r.pos)
	}
	return int(n), nil
}

// registers reports whether an object of base type t takes a reference slot
// when FLAG_REF is set. Singletons and references never do.
func registers(t byte) bool {
	switch t {
	case 'N', 'F', 'T', 'S', '.', '0', 'r', 'R':
		return false
	}
	return true
}

// reservesSlot reports whether base type t takes its slot before its
// children are read but may only be referred to once complete.
func reservesSlot(t byte) bool { return t == 'c' || t == '>' || t == ':' || t == '}' }

func (r *reader) object() (Object, error) {
	start := r.pos
	if r.pos >= len(r.data) {
		return nil, r.fail(r.pos, "expected an object, found the end of the input")
	}
	code := r.data[r.pos]
	typ := code
	flagged := false
	if r.dialect.FlagRefs() {
		typ = code &^ FlagRef
		flagged = code&FlagRef != 0
	}
	if !r.dialect.accepts(typ) {
		return nil, r.fail(start, "unknown type code %s for marshal version %d", typeName(code), r.dialect.Version)
	}
	if flagged && typ == 'r' {
		// CPython ignores the flag on a reference, but a reference is
		// the node it names here, with no type byte of its own to keep
		// the flag in; no marshal writer sets it.
		return nil, r.fail(start, "a reference ('r') with FLAG_REF set: CPython ignores the flag, pyasm cannot write it back")
	}
	if r.depth >= MaxDepth {
		return nil, r.fail(start, "objects nested deeper than %d levels", MaxDepth)
	}
	r.depth++
	defer func() { r.depth-- }()

	slot := -1
	if flagged && registers(typ) {
		slot = len(r.refs)
		r.refs = append(r.refs, nil)
	}
	if r.trace != nil {
		r.trace.Begin(r.base+start, code, slot)
	}
	r.pos++

	o, err := r.payload(code, typ, slot)
	if err != nil {
		return nil, err
	}
	if slot >= 0 {
		r.refs[slot] = o
	}
	if r.trace != nil {
		r.trace.End(r.base+r.pos, o)
	}
	return o, nil
}

// payload reads what follows the type byte. Containers that may contain
// references to themselves enter their slot before reading their items.
func (r *reader) payload(code, typ byte, slot int) (Object, error) {
	switch typ {
	case '0':
		return nil, r.fail(r.pos-1, "NULL object outside a dict")
	case 'N':
		return &None{Type: code}, nil
	case 'F':
		return &Bool{Type: code, Value: false}, nil
	case 'T':
		return &Bool{Type: code, Value: true}, nil
	case 'S':
		return &StopIteration{Type: code}, nil
	case '.':
		return &Ellipsis{Type: code}, nil
	case 'i':
		v, err := r.i32("value")
		if err != nil {
			return nil, err
		}
		return &Int{Type: code, Value: big.NewInt(int64(v))}, nil
	case 'I':
		v, err := r.u64("value")
		if err != nil {
			return nil, err
		}
		return &Int{Type: code, Value: big.NewInt(int64(v))}, nil
	case 'l':
		return r.long(code)
	case 'g':
		v, err := r.u64("value")
		if err != nil {
			return nil, err
		}
		return &Float{Type: code, Bits: v}, nil
	case 'f':
		text, bits, err := r.floatText("value")
		if err != nil {
			return nil, err
		}
		return &Float{Type: code, Bits: bits, Text: text}, nil
	case 'y':
		re, err := r.u64("real")
		if err != nil {
			return nil, err
		}
		im, err := r.u64("imag")
		if err != nil {
			return nil, err
		}
		return &Complex{Type: code, Real: re, Imag: im}, nil
	case 'x':
		rt, rb, err := r.floatText("real")
		if err != nil {
			return nil, err
		}
		it, ib, err := r.floatText("imag")
		if err != nil {
			return nil, err
		}
		return &Complex{Type: code, Real: rb, Imag: ib, RealText: rt, ImagText: it}, nil
	case 's', 't', 'u', 'a', 'A':
		n, err := r.size("length", 1)
		if err != nil {
			return nil, err
		}
		return r.text(code, typ, n)
	case 'z', 'Z':
		n, err := r.u8("length")
		if err != nil {
			return nil, err
		}
		if err := r.need(int(n), "string data"); err != nil {
			return nil, err
		}
		return r.text(code, typ, int(n))
	case 'R':
		at := r.pos
		k, err := r.i32("index")
		if err != nil {
			return nil, err
		}
		if k < 0 || int(k) >= len(r.strings) {
			return nil, r.fail(at, "string reference %d out of range (%d interned strings so far)", k, len(r.strings))
		}
		return r.strings[k], nil
	case 'r':
		at := r.pos
		k, err := r.i32("index")
		if err != nil {
			return nil, err
		}
		if k < 0 || int(k) >= len(r.refs) {
			return nil, r.fail(at, "reference %d out of range (%d objects flagged so far)", k, len(r.refs))
		}
		if r.refs[k] == nil {
			return nil, r.fail(at, "reference %d names an object that is still being read", k)
		}
		return r.refs[k], nil
	case '(', ')', '[', '<', '>':
		return r.sequence(code, typ, slot)
	case '{', '}':
		return r.dict(code, typ, slot)
	case ':':
		s := &Slice{Type: code}
		for _, f := range []*Object{&s.Start, &s.Stop, &s.Step} {
			o, err := r.object()
			if err != nil {
				return nil, err
			}
			*f = o
		}
		return s, nil
	case 'c':
		return r.code(code)
	}
	return nil, r.fail(r.pos-1, "unknown type code %s", typeName(code))
}

func (r *reader) long(code byte) (Object, error) {
	at := r.pos
	n, err := r.i32("digit count")
	if err != nil {
		return nil, err
	}
	count := int64(n)
	if count < 0 {
		count = -count
	}
	if count*2 > int64(len(r.data)-r.pos) {
		return nil, r.fail(at, "digit count %d runs past the end of the input (%d bytes remain)", n, len(r.data)-r.pos)
	}
	digits, err := r.raw(int(count)*2, "digits")
	if err != nil {
		return nil, err
	}
	// Digits are 15-bit, least significant first. They are placed straight
	// into machine words, so a long of n digits costs O(n), not O(n²).
	const wordBits = 32 << (^uint(0) >> 63)
	words := make([]big.Word, (int(count)*15+wordBits-1)/wordBits)
	for i := 0; i < int(count); i++ {
		digit := binary.LittleEndian.Uint16(digits[2*i:])
		if digit >= 1<<15 {
			return nil, r.fail(at+4+2*i, "long digit %d out of range (digits are 15-bit)", digit)
		}
		if i == int(count)-1 && digit == 0 {
			return nil, r.fail(at+4+2*i, "unnormalized long: top digit is zero")
		}
		bit := i * 15
		w, shift := bit/wordBits, uint(bit%wordBits)
		words[w] |= big.Word(digit) << shift
		if shift+15 > wordBits {
			words[w+1] |= big.Word(digit) >> (wordBits - shift)
		}
	}
	v := new(big.Int).SetBits(words)
	if n < 0 {
		v.Neg(v)
	}
	return &Int{Type: code, Value: v}, nil
}

func (r *reader) floatText(what string) (string, uint64, error) {
	n, err := r.u8(what + " length")
	if err != nil {
		return "", 0, err
	}
	at := r.pos
	b, err := r.raw(int(n), what+" text")
	if err != nil {
		return "", 0, err
	}
	f, ok := parsePythonFloat(string(b))
	if !ok {
		return "", 0, r.fail(at, "float text %q is not a number", b)
	}
	return string(b), math.Float64bits(f), nil
}

func (r *reader) text(code, typ byte, n int) (Object, error) {
	at := r.pos
	b, err := r.raw(n, "data")
	if err != nil {
		return nil, err
	}
	if typ == 's' || (typ == 't' && r.dialect.Python2) {
		o := take(&r.bytes, r.objectsLeft())
		o.Type, o.Data = code, b
		if typ == 't' {
			r.strings = append(r.strings, o)
		}
		return o, nil
	}
	if (typ == 'u' || typ == 't') && !validWTF8(b) {
		return nil, r.fail(at, "string data is not valid UTF-8")
	}
	// 'a', 'A', 'z' and 'Z' are Latin-1: any bytes are valid. The text
	// is a part of one copy of the input, made at the first string.
	if r.whole == "" {
		r.whole = string(r.data)
	}
	o := take(&r.strs, r.objectsLeft())
	o.Type, o.Data = code, r.whole[at:at+n]
	return o, nil
}

func (r *reader) sequence(code, typ byte, slot int) (Object, error) {
	var n int
	var err error
	if typ == ')' {
		var b byte
		b, err = r.u8("size")
		n = int(b)
		if err == nil {
			err = r.need(n, "tuple items")
		}
	} else {
		n, err = r.size("size", 1)
	}
	if err != nil {
		return nil, err
	}
	items := make([]Object, n)
	var o Object
	switch typ {
	case '(', ')':
		o = &Tuple{Type: code, Items: items}
	case '[':
		o = &List{Type: code, Items: items}
	case '<':
		o = &Set{Type: code, Items: items}
	case '>':
		o = &FrozenSet{Type: code, Items: items}
	}
	// Tuples, lists and sets are in the table before their items, so an
	// item may refer back to its container; a frozenset is not.
	if slot >= 0 && !reservesSlot(typ) {
		r.refs[slot] = o
	}
	for i := range items {
		if items[i], err = r.object(); err != nil {
			return nil, err
		}
	}
	return o, nil
}

func (r *reader) dict(code, typ byte, slot int) (Object, error) {
	var items []KeyValue
	var o Object
	d := &Dict{Type: code}
	fd := &FrozenDict{Type: code}
	if typ == '{' {
		o = d
	} else {
		o = fd
	}
	if slot >= 0 && !reservesSlot(typ) {
		r.refs[slot] = o
	}
	for {
		if r.pos >= len(r.data) {
			return nil, r.fail(r.pos, "dict has no terminating '0'")
		}
		if r.data[r.pos] == '0' {
			r.span(1, "end")
			r.pos++
			break
		}
		k, err := r.object()
		if err != nil {
			return nil, err
		}
		v, err := r.object()
		if err != nil {
			return nil, err
		}
		items = append(items, KeyValue{k, v})
	}
	d.Items, fd.Items = items, items
	return o, nil
}

func (r *reader) code(code byte) (Object, error) {
	c := &Code{Type: code, Offset: r.base + r.pos - 1}
	for _, f := range r.dialect.Code.Fields {
		if r.trace != nil {
			r.trace.Field(f.Name)
		}
		if f.Int != nil {
			v, err := r.i32(f.Name)
			if err != nil {
				return nil, err
			}
			*f.Int(c) = v
			continue
		}
		o, err := r.object()
		if err != nil {
			return nil, err
		}
		*f.Obj(c) = o
	}
	return c, nil
}

// typeName shows a type byte for error messages: its character and, when
// FLAG_REF is set, that too.
func typeName(b byte) string {
	base := b &^ FlagRef
	s := fmt.Sprintf("0x%02x", b)
	if base >= 0x20 && base < 0x7f {
		s += fmt.Sprintf(" (%q", rune(base))
		if b&FlagRef != 0 {
			s += " with FLAG_REF"
		}
		s += ")"
	}
	return s
}

// validWTF8 accepts UTF-8 and also encoded surrogates (ED A0–BF xx), which
// CPython writes for lone surrogates with surrogatepass.
func validWTF8[T string | []byte](b T) bool {
	if validUTF8(b) {
		return true
	}
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		if b[i] == 0xED && i+2 < len(b) && b[i+1] >= 0xA0 && b[i+1] <= 0xBF && b[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		r, n := decodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return false
		}
		i += n
	}
	return true
}

// validUTF8 and decodeRune are utf8's, for a string or bytes alike.
func validUTF8[T string | []byte](b T) bool {
	if s, ok := any(b).(string); ok {
		return utf8.ValidString(s)
	}
	return utf8.Valid([]byte(b))
}

func decodeRune[T string | []byte](b T) (rune, int) {
	if s, ok := any(b).(string); ok {
		return utf8.DecodeRuneInString(s)
	}
	return utf8.DecodeRune([]byte(b))
}
