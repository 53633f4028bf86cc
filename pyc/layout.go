package pyc

import (
	"fmt"

	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// Layout says what comes before the marshalled body of a file read as a
// given release. Files copied out of archives and tools often lack the
// release's header: PyInstaller and many others store marshal.dumps(code)
// bare, or keep a header whose magic number is zeroed or missing.
type Layout uint8

const (
	// Standard is the release's own header.
	Standard Layout = iota
	// ForeignMagic is a header of the release's size and shape whose magic
	// number is not the release's: zeroed, a pre-release's, another's.
	ForeignMagic
	// NoMagic is the release's header without its four magic bytes.
	NoMagic
	// Bare is no header at all: the body alone, as marshal.dumps writes it.
	Bare
)

// String names the layout for messages.
func (l Layout) String() string {
	switch l {
	case ForeignMagic:
		return "a header with a foreign magic number"
	case NoMagic:
		return "a header without its magic number"
	case Bare:
		return "no header"
	}
	return "a standard header"
}

// HeaderLen is the number of bytes before the body in layout l of release v.
func (l Layout) HeaderLen(v *versions.Version) int {
	switch l {
	case NoMagic:
		return v.HeaderSize() - 4
	case Bare:
		return 0
	}
	return v.HeaderSize()
}

// magicBytes are the four bytes release v's files start with.
func magicBytes(v *versions.Version) []byte {
	return []byte{byte(v.Magic), byte(v.Magic >> 8), '\r', '\n'}
}

// Locate decides how data, read as release v, is laid out: Standard when it
// starts with v's magic number; else the first of Bare, ForeignMagic and
// NoMagic whose body decodes as a code object.
func Locate(data []byte, v *versions.Version) (Layout, error) {
	if len(data) >= 4 && string(data[:4]) == string(magicBytes(v)) {
		return Standard, nil
	}
	var firstErr error
	for _, l := range []Layout{Bare, ForeignMagic, NoMagic} {
		n := l.HeaderLen(v)
		if len(data) <= n || data[n]&^marshal.FlagRef != 'c' {
			continue
		}
		obj, _, err := marshal.Decode(data[n:], v.Marshal, marshal.DecodeOptions{Offset: n})
		if err == nil {
			if _, ok := obj.(*marshal.Code); ok {
				return l, nil
			}
		} else if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr != nil {
		return Standard, firstErr
	}
	return Standard, &Error{Offset: 0, Msg: fmt.Sprintf("no CPython %s code object here: neither at offset 0 (no header), %d (a header with another magic number) nor %d (a header without its magic number)",
		v, v.HeaderSize(), v.HeaderSize()-4)}
}

// ReadAs decodes data as a file of release v in any layout Locate accepts.
// The File's header holds what the file had (zero where it had none); its
// Bytes are a standard .pyc of v.
func ReadAs(data []byte, v *versions.Version) (*File, error) {
	return ReadTraceAs(data, v, nil)
}

// ReadTraceAs is ReadAs, telling t the structure of the marshalled body.
func ReadTraceAs(data []byte, v *versions.Version, t marshal.Tracer) (*File, error) {
	l, err := Locate(data, v)
	if err != nil {
		return nil, err
	}
	if l == Standard {
		return ReadTrace(data, t)
	}
	h := HeaderAs(data, v, l)
	n := l.HeaderLen(v)
	obj, used, err := marshal.Decode(data[n:], v.Marshal, marshal.DecodeOptions{Offset: n, Tracer: t})
	if err != nil {
		return nil, err
	}
	f := &File{Version: v, Layout: l, Header: h, Object: obj}
	if rest := data[n+used:]; len(rest) > 0 {
		f.Trailing = append([]byte(nil), rest...)
	}
	return f, nil
}

// HeaderAs decodes the header data has in layout l of release v; for Bare
// it is zero.
func HeaderAs(data []byte, v *versions.Version, l Layout) Header {
	if l == Bare {
		return Header{}
	}
	// Give a header without a magic its place back, so one decoder serves.
	full := data[:l.HeaderLen(v)]
	if l == NoMagic {
		full = append(make([]byte, 4), full...)
	}
	return decodeHeader(full, v)
}
