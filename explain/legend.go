package explain

import (
	"fmt"
	"strings"

	"github.com/pyasm/pyasm/versions"
)

// legendWidth is the width the legend's text is wrapped to.
const legendWidth = 80

// legendIndent is where an entry's text starts, after its term.
const legendIndent = 10

// legend prints a short guide to the format for a reader who has never
// opened a .pyc, in the terms of the file's own release: header size,
// marshal version, how instructions are encoded, whether caches exist.
func (e *explainer) legend(v *versions.Version) {
	e.section("how to read this (--no-legend leaves it out)")
	e.printf("%s\n", wrap("A .pyc file is a short header, then the module's compiled code saved in marshal, CPython's own format for objects; numbers are little-endian.", 0))
	for _, entry := range legendEntries(v, e.opts.Outline) {
		e.printf("%-*s%s\n", legendIndent, entry[0], wrap(entry[1], legendIndent))
	}
}

// legendEntries gives the legend's terms and what each means.
func legendEntries(v *versions.Version, outline bool) [][2]string {
	var entries [][2]string
	add := func(term, text string) { entries = append(entries, [2]string{term, text}) }
	switch v.Header {
	case versions.HeaderMtime:
		add("header", "8 bytes: the magic number (which release wrote the file), then the mtime of the source, which import compares with the .py file.")
	case versions.HeaderMtimeSize:
		add("header", "12 bytes: the magic number (which release wrote the file), then the mtime and size of the source, which import compares with the .py file.")
	default:
		add("header", "16 bytes: the magic number (which release wrote the file), flags, then the source's mtime and size or its hash, so import spots a stale file.")
	}
	if v.Marshal.Python2 {
		add("marshal", fmt.Sprintf("each object is a type code byte ('c' code, 's' string, 't' interned string, '(' tuple...) and its contents; marshal version %d.", v.Marshal.Version))
		add("refs", "each 't' string also gets the next number, #0, #1...; an 'R' and a 4-byte number later stand for that string again.")
		add("code", "a compiled module, class or function body: integers, then bytecode, constants, names, line table; a function's code is a constant.")
		add("bytecode", "an instruction is 1 byte (the opcode) or 3 (opcode, then a 2-byte argument); an EXTENDED_ARG before it gives a larger argument.")
	} else {
		add("marshal", fmt.Sprintf("each object is a type code byte ('c' code, 's' bytes, 'z' short string, ')' small tuple...) and its contents; marshal version %d.", v.Marshal.Version))
		add("refs", "type code bit 0x80 (FLAG_REF) gives the object the next number, #0, #1...; an 'r' and a 4-byte number later stand for that object again.")
		add("code", "a compiled module, class or function body: integers, then bytecode, constants, names, tables; a function's code is a constant.")
		add("bytecode", "2-byte code units: an opcode byte, then its argument byte; an EXTENDED_ARG unit before an instruction gives a larger argument.")
	}
	if hasCaches(v) {
		add("caches", "code units after some instructions, zeros in the file, that the interpreter fills in as it runs; offsets and jumps count them.")
	}
	if outline {
		add("rows", "the first and last byte of a part (hex), then what it holds; without --outline, pyasm explain shows every byte.")
	} else {
		add("rows", "offset in the file (hex), up to 8 raw bytes, then what they mean; indentation shows what is inside what.")
	}
	return entries
}

// wrap breaks text into lines of at most legendWidth columns, each after
// the first indented by indent spaces.
func wrap(text string, indent int) string {
	var out strings.Builder
	col := indent
	for i, word := range strings.Fields(text) {
		switch {
		case i == 0:
		case col+1+len(word) > legendWidth:
			out.WriteString("\n" + strings.Repeat(" ", indent))
			col = indent
		default:
			out.WriteByte(' ')
			col++
		}
		out.WriteString(word)
		col += len(word)
	}
	return out.String()
}

// hasCaches reports whether any instruction of the release is followed by
// inline cache units (3.11 and later).
func hasCaches(v *versions.Version) bool {
	for _, op := range v.Opcodes.Opcodes {
		if op.Caches > 0 {
			return true
		}
	}
	return false
}
