package marshal

import (
	"math"
	"math/big"
	"unicode/utf8"
)

// FlagRef is the bit a type byte carries when the object is entered in the
// reference table, so that later 'r' records can point back to it.
const FlagRef = 0x80

// Object is one marshalled value. Every implementation is a pointer type:
// identity matters, because a node that appears twice in a tree is written
// once and then referred back to.
type Object interface {
	// TypeByte is the type code as written, FLAG_REF included; zero means
	// "let the encoder choose", as for nodes built by hand.
	TypeByte() byte
}

// None, Bool, StopIteration and Ellipsis are the singletons.
type (
	None          struct{ Type byte }
	StopIteration struct{ Type byte }
	Ellipsis      struct{ Type byte }
	Bool          struct {
		Type  byte
		Value bool
	}
)

// Int is an int ('i', 'I' or 'l'); 2.7 also reads 'l' as a long.
type Int struct {
	Type  byte
	Value *big.Int
}

// Float is a float: 'g' stores the IEEE bits, 'f' the text CPython wrote.
type Float struct {
	Type byte
	Bits uint64
	Text string // 'f' only
}

// Complex is a complex number: 'y' binary, 'x' text.
type Complex struct {
	Type               byte
	Real, Imag         uint64
	RealText, ImagText string // 'x' only
}

// Bytes is a byte string: 's' (3.x bytes, 2.7 str) or 2.7's interned 't'.
type Bytes struct {
	Type byte
	Data []byte
}

// Str is a text string. Data is the payload exactly as stored: UTF-8
// (surrogates allowed, as CPython's surrogatepass writes them) for 'u' and
// 't', one byte per character (Latin-1) for 'a', 'A', 'z' and 'Z'.
type Str struct {
	Type byte
	Data string
}

// Tuple, List, Set and FrozenSet are sequences of objects.
type (
	Tuple struct {
		Type  byte
		Items []Object
	}
	List struct {
		Type  byte
		Items []Object
	}
	Set struct {
		Type  byte
		Items []Object
	}
	FrozenSet struct {
		Type  byte
		Items []Object
	}
)

// KeyValue is one entry of a Dict or FrozenDict.
type KeyValue struct{ Key, Value Object }

// Dict and FrozenDict (3.15) keep their entries in file order.
type (
	Dict struct {
		Type  byte
		Items []KeyValue
	}
	FrozenDict struct {
		Type  byte
		Items []KeyValue
	}
)

// Slice is a slice object (3.14+ constants).
type Slice struct {
	Type              byte
	Start, Stop, Step Object
}

// Code is a code object. Which fields are present in the stream, and in what
// order, depends on the CodeLayout; fields a layout lacks stay zero.
type Code struct {
	Type byte
	// Offset is where the code object's type byte was in the input
	// (DecodeOptions.Offset included), for errors about it; 0 for one
	// built in memory. Not part of its value: Equal and Diff ignore it.
	Offset int

	ArgCount        int32
	PosOnlyArgCount int32 // 3.8+
	KwOnlyArgCount  int32 // 3.0+
	NLocals         int32 // up to 3.10
	StackSize       int32
	Flags           int32
	FirstLineNo     int32

	Bytecode        Object // co_code, Bytes
	Consts          Object // Tuple
	Names           Object // Tuple of Str
	VarNames        Object // up to 3.10
	FreeVars        Object // up to 3.10
	CellVars        Object // up to 3.10
	LocalsPlusNames Object // 3.11+
	LocalsPlusKinds Object // 3.11+, Bytes
	Filename        Object
	Name            Object
	QualName        Object // 3.11+
	LineTable       Object // co_lnotab up to 3.9, co_linetable from 3.10
	ExceptionTable  Object // 3.11+
}

func (o *None) TypeByte() byte          { return o.Type }
func (o *StopIteration) TypeByte() byte { return o.Type }
func (o *Ellipsis) TypeByte() byte      { return o.Type }
func (o *Bool) TypeByte() byte          { return o.Type }
func (o *Int) TypeByte() byte           { return o.Type }
func (o *Float) TypeByte() byte         { return o.Type }
func (o *Complex) TypeByte() byte       { return o.Type }
func (o *Bytes) TypeByte() byte         { return o.Type }
func (o *Str) TypeByte() byte           { return o.Type }
func (o *Tuple) TypeByte() byte         { return o.Type }
func (o *List) TypeByte() byte          { return o.Type }
func (o *Set) TypeByte() byte           { return o.Type }
func (o *FrozenSet) TypeByte() byte     { return o.Type }
func (o *Dict) TypeByte() byte          { return o.Type }
func (o *FrozenDict) TypeByte() byte    { return o.Type }
func (o *Slice) TypeByte() byte         { return o.Type }
func (o *Code) TypeByte() byte          { return o.Type }

// Float64 is the float's value.
func (o *Float) Float64() float64 { return math.Float64frombits(o.Bits) }

// Value is the string as Go text: Latin-1 payloads are converted to UTF-8;
// UTF-8 payloads are returned as stored (lone surrogates stay 3-byte
// sequences, which Go's utf8 package reports as invalid).
func (o *Str) Value() string {
	if !isLatin1Type(o.Type &^ FlagRef) {
		return o.Data
	}
	for i := 0; i < len(o.Data); i++ {
		if o.Data[i] >= utf8.RuneSelf {
			runes := make([]rune, len(o.Data))
			for j := 0; j < len(o.Data); j++ {
				runes[j] = rune(o.Data[j])
			}
			return string(runes)
		}
	}
	return o.Data
}

func isLatin1Type(t byte) bool { return t == 'a' || t == 'A' || t == 'z' || t == 'Z' }

// Loadable reports whether CPython can load the string: a Latin-1 payload
// always, a UTF-8 one ('u', 't', or no type yet) when ValidText says so.
func (o *Str) Loadable() bool {
	return isLatin1Type(o.Type&^FlagRef) || ValidText(o.Data)
}

// ValidText reports whether data decodes as CPython decodes a 'u' or 't'
// payload: UTF-8, where a lone surrogate may stand encoded in three bytes
// (ED A0-BF xx), as CPython's surrogatepass writes it.
func ValidText(data string) bool { return validWTF8(data) }

// NewStr builds a str node in the form CPython 3.x would choose for a
// non-interned string: 'z' or 'a' for ASCII, 'u' otherwise.
func NewStr(s string) *Str { return &Str{Data: s} }

// NewInt builds an int node from an int64.
func NewInt(v int64) *Int { return &Int{Value: big.NewInt(v)} }
