// Package marshal reads and writes CPython's marshal format, the
// serialization inside every .pyc file, for every format version CPython
// 2.7 and 3.6–3.15 write (2, 4, 5 and 6).
//
// It sits between the .pyc container (package pyc) and everything that looks
// at code objects: the disassembler and explainer decode with it, and the
// emitter encodes with it.
//
// Decoding keeps what is needed to write the same bytes again: every node
// records its exact type byte (which string form, whether FLAG_REF was set),
// and a back-reference ('r', or 2.7's 'R') decodes to the very node it refers
// to, so a node met twice while encoding is written as a reference. That is
// the rule CPython's own writer follows, which is why decode→encode gives the
// original bytes.
//
// The grammar this package reads and writes (little-endian throughout):
//
//	object   = type-byte payload          ; type-byte may carry FLAG_REF (0x80)
//	'N' 'F' 'T' 'S' '.'                   ; None False True StopIteration Ellipsis: no payload
//	'i' i32 | 'I' i64                     ; ints
//	'l' i32(n) u16{|n|}                   ; big int: |n| 15-bit digits, sign of n is the sign
//	'f' u8(n) byte{n} | 'g' f64           ; float, text or binary
//	'x' (u8(n) byte{n}){2} | 'y' f64 f64  ; complex, text or binary
//	's' i32(n) byte{n}                    ; bytes (2.7: str)
//	't' 'u' 'a' 'A' i32(n) byte{n}        ; str: interned / UTF-8 / ASCII / ASCII interned
//	'z' 'Z' u8(n) byte{n}                 ; short ASCII str / interned
//	'R' i32(k)                            ; 2.7: the k-th 't' string read so far
//	'r' i32(k)                            ; the k-th object read with FLAG_REF (v3+)
//	'(' i32(n) object{n} | ')' u8(n) object{n}
//	'[' i32(n) object{n}                  ; list
//	'{' (object object)* '0'              ; dict
//	'<' '>' i32(n) object{n}              ; set, frozenset
//	':' object object object              ; slice (v5+)
//	'}' (object object)* '0'              ; frozendict (v6+)
//	'c' field*                            ; code object, fields as CodeLayout says
package marshal
