// Package pyc reads and writes the .pyc container: a header that names the
// CPython release by its magic number, then one marshalled code object.
//
// It is the outermost layer of the flow in both directions: the emitter's
// code object is written here, and the disassembler and explainer start
// here, picking the release (and so the marshal dialect and opcode table)
// from the magic number.
//
// The header, by layout (all little-endian):
//
//	2.7      magic:u16 "\r\n" mtime:u32
//	3.3–3.6  magic:u16 "\r\n" mtime:u32 source_size:u32
//	3.7+     magic:u16 "\r\n" flags:u32 (mtime:u32 source_size:u32 | siphash:8 bytes)
//
// flags bit 0 selects the hash form (PEP 552); bit 1 says whether import
// checks the hash against the source.
package pyc

import (
	"encoding/binary"
	"fmt"

	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// Flag bits of the 3.7+ header.
const (
	FlagHashBased   = 1 << 0
	FlagCheckSource = 1 << 1
)

// Header is the decoded .pyc header.
type Header struct {
	Magic      uint16
	Flags      uint32 // 3.7+
	Mtime      uint32 // timestamp-based files
	SourceSize uint32 // 3.3+ timestamp-based files
	Hash       [8]byte
}

// HashBased reports whether the header holds a source hash rather than a timestamp.
func (h *Header) HashBased() bool { return h.Flags&FlagHashBased != 0 }

// File is a whole .pyc file.
type File struct {
	Version *versions.Version
	// Layout is how the file was laid out when read (ReadAs accepts
	// files without the release's header); Bytes always writes Standard.
	Layout Layout
	Header Header
	// Object is the marshalled body; CPython requires a code object.
	Object marshal.Object
	// Trailing holds bytes after the object, which CPython ignores; kept so
	// that a file writes back byte for byte.
	Trailing []byte
}

// Error is a problem at a byte offset of a .pyc file.
type Error = marshal.Error

// ReadHeader decodes the header at the start of data and finds the release.
func ReadHeader(data []byte) (*versions.Version, Header, error) {
	var h Header
	if len(data) == 0 {
		return nil, h, &Error{Offset: 0, Msg: "empty file: expected a 4-byte .pyc magic number"}
	}
	if len(data) < 4 {
		return nil, h, &Error{Offset: len(data), Msg: fmt.Sprintf("file ends after %d bytes: expected a 4-byte .pyc magic number", len(data))}
	}
	if data[2] != '\r' || data[3] != '\n' {
		return nil, h, &Error{Offset: 2, Msg: fmt.Sprintf("not a .pyc file: a magic number ends in bytes 0d 0a, these are %02x %02x", data[2], data[3])}
	}
	h.Magic = binary.LittleEndian.Uint16(data)
	v, err := versions.ByMagic(h.Magic)
	if err != nil {
		return nil, h, &Error{Offset: 0, Msg: err.Error()}
	}
	if len(data) < v.HeaderSize() {
		return v, h, &Error{Offset: len(data), Msg: fmt.Sprintf("file ends after %d bytes inside the header: a %s header is %d bytes", len(data), v, v.HeaderSize())}
	}
	h = decodeHeader(data, v)
	return v, h, nil
}

// decodeHeader reads the fields of a header of release v at the start of
// data, which holds at least v.HeaderSize() bytes.
func decodeHeader(data []byte, v *versions.Version) Header {
	h := Header{Magic: binary.LittleEndian.Uint16(data)}
	word := func(i int) uint32 { return binary.LittleEndian.Uint32(data[4*i:]) }
	switch v.Header {
	case versions.HeaderMtime:
		h.Mtime = word(1)
	case versions.HeaderMtimeSize:
		h.Mtime, h.SourceSize = word(1), word(2)
	case versions.HeaderFlags:
		h.Flags = word(1)
		if h.HashBased() {
			copy(h.Hash[:], data[8:16])
		} else {
			h.Mtime, h.SourceSize = word(2), word(3)
		}
	}
	return h
}

// Read decodes a whole .pyc file.
func Read(data []byte) (*File, error) {
	return ReadTrace(data, nil)
}

// ReadTrace is Read, telling t the structure of the marshalled body.
func ReadTrace(data []byte, t marshal.Tracer) (*File, error) {
	v, h, err := ReadHeader(data)
	if err != nil {
		return nil, err
	}
	n := v.HeaderSize()
	obj, used, err := marshal.Decode(data[n:], v.Marshal, marshal.DecodeOptions{Offset: n, Tracer: t})
	if err != nil {
		return nil, err
	}
	f := &File{Version: v, Header: h, Object: obj}
	if rest := data[n+used:]; len(rest) > 0 {
		f.Trailing = append([]byte(nil), rest...)
	}
	return f, nil
}

// Code returns the top-level code object, or an error if the body is not one.
func (f *File) Code() (*marshal.Code, error) {
	c, ok := f.Object.(*marshal.Code)
	if !ok {
		return nil, &Error{Offset: f.Layout.HeaderLen(f.Version), Msg: fmt.Sprintf("the body is a %T, not a code object; CPython will refuse to run it", f.Object)}
	}
	return c, nil
}

// AppendHeader writes the header for release v.
func AppendHeader(buf []byte, v *versions.Version, h Header) []byte {
	buf = binary.LittleEndian.AppendUint16(buf, v.Magic)
	buf = append(buf, '\r', '\n')
	switch v.Header {
	case versions.HeaderMtime:
		buf = binary.LittleEndian.AppendUint32(buf, h.Mtime)
	case versions.HeaderMtimeSize:
		buf = binary.LittleEndian.AppendUint32(buf, h.Mtime)
		buf = binary.LittleEndian.AppendUint32(buf, h.SourceSize)
	case versions.HeaderFlags:
		buf = binary.LittleEndian.AppendUint32(buf, h.Flags)
		if h.HashBased() {
			buf = append(buf, h.Hash[:]...)
		} else {
			buf = binary.LittleEndian.AppendUint32(buf, h.Mtime)
			buf = binary.LittleEndian.AppendUint32(buf, h.SourceSize)
		}
	}
	return buf
}

// Bytes encodes the file: header, body, then any trailing bytes it was read with.
func (f *File) Bytes() ([]byte, error) {
	buf := AppendHeader(make([]byte, 0, 16+marshal.SizeIn(f.Object, f.Version.Marshal)+len(f.Trailing)), f.Version, f.Header)
	buf, err := marshal.AppendEncode(buf, f.Object, f.Version.Marshal)
	if err != nil {
		return nil, err
	}
	return append(buf, f.Trailing...), nil
}
