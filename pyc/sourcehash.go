package pyc

import (
	"encoding/binary"
	"fmt"
	"math/bits"

	"github.com/pyasm/pyasm/versions"
)

// SourceHash is the 8-byte hash a PEP 552 hash-based header of release v
// holds for source: the value importlib.util.source_hash gives. It is a
// keyed SipHash whose first key word is the release's four magic bytes read
// as a little-endian number, the second zero; the rounds are the release's
// (v.SourceHash). Releases without hash-based headers give an error.
func SourceHash(v *versions.Version, source []byte) ([8]byte, error) {
	var out [8]byte
	var c, d int
	switch v.SourceHash {
	case versions.SipHash24:
		c, d = 2, 4
	case versions.SipHash13:
		c, d = 1, 3
	default:
		return out, fmt.Errorf("CPython %s has no hash-based .pyc headers (they came in 3.7)", v)
	}
	k0 := uint64(v.Magic) | uint64('\r')<<16 | uint64('\n')<<24
	binary.LittleEndian.PutUint64(out[:], sipHash(c, d, k0, 0, source))
	return out, nil
}

// sipHash is SipHash-c-d of msg under the key (k0, k1), as Aumasson and
// Bernstein define it.
func sipHash(c, d int, k0, k1 uint64, msg []byte) uint64 {
	v0 := k0 ^ 0x736f6d6570736575
	v1 := k1 ^ 0x646f72616e646f6d
	v2 := k0 ^ 0x6c7967656e657261
	v3 := k1 ^ 0x7465646279746573
	round := func() {
		v0 += v1
		v1 = bits.RotateLeft64(v1, 13)
		v1 ^= v0
		v0 = bits.RotateLeft64(v0, 32)
		v2 += v3
		v3 = bits.RotateLeft64(v3, 16)
		v3 ^= v2
		v0 += v3
		v3 = bits.RotateLeft64(v3, 21)
		v3 ^= v0
		v2 += v1
		v1 = bits.RotateLeft64(v1, 17)
		v1 ^= v2
		v2 = bits.RotateLeft64(v2, 32)
	}
	compress := func(m uint64) {
		v3 ^= m
		for range c {
			round()
		}
		v0 ^= m
	}
	n := len(msg)
	for len(msg) >= 8 {
		compress(binary.LittleEndian.Uint64(msg))
		msg = msg[8:]
	}
	// The last word holds the leftover bytes and, in its top byte, the
	// message length modulo 256.
	var last [8]byte
	copy(last[:], msg)
	last[7] = byte(n)
	compress(binary.LittleEndian.Uint64(last[:]))
	v2 ^= 0xff
	for range d {
		round()
	}
	return v0 ^ v1 ^ v2 ^ v3
}
