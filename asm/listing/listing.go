// Package listing prints an assembled program the way an assembler's
// listing does: each instruction with its byte offset, its encoded bytes
// (EXTENDED_ARG prefixes and inline caches included) and the stack before
// it as the verifier's slot walk sees it (asm/slots).
//
// It comes after the resolver in the flow and reads only what
// asm/resolve placed (resolve.Program.Placement, and Stacks when resolved
// with Options.Stacks): the listing shows what is written, not a second
// computation of it. `pyasm build --listing` prints it.
package listing

import (
	"fmt"
	"io"
	"strings"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/asm/resolve"
)

// bytesPerRow is how many encoded bytes one row shows; an instruction with
// more (a 3.11+ opcode and its caches) continues on rows of its own.
const bytesPerRow = 8

// Write prints the listing of p, which rp is the resolution of: the module
// first, then each nested block in the order the text defines them.
func Write(w io.Writer, p *asm.Program, rp *resolve.Program) error {
	if p == nil || rp == nil || p.Module == nil || rp.Module == nil {
		return fmt.Errorf("listing: no resolved program")
	}
	l := &lister{w: w, p: p, rp: rp}
	l.block(p.Module, rp.Module)
	return l.err
}

type lister struct {
	w   io.Writer
	p   *asm.Program
	rp  *resolve.Program
	err error
}

func (l *lister) printf(f string, args ...any) {
	if l.err == nil {
		_, l.err = fmt.Fprintf(l.w, f, args...)
	}
}

// row is one line of a block's listing: a label, a try region's bounds,
// or an instruction.
type row struct {
	text  string
	instr *asm.Instr
	depth int // nesting of try regions, for indenting
}

func (l *lister) block(c *asm.Code, out *resolve.Code) {
	var rows []row
	var nested []*asm.Code
	var collect func(body []asm.Stmt, depth int)
	collect = func(body []asm.Stmt, depth int) {
		for _, s := range body {
			switch s := s.(type) {
			case *asm.Label:
				rows = append(rows, row{text: s.Name + ":", depth: depth})
			case *asm.Instr:
				if s != nil {
					rows = append(rows, row{instr: s, depth: depth})
				}
			case *asm.Try:
				if s == nil {
					continue
				}
				head := "try " + s.Handler
				if s.Lasti {
					head += " lasti"
				}
				rows = append(rows, row{text: head + " {", depth: depth})
				collect(s.Body, depth+1)
				rows = append(rows, row{text: "}", depth: depth})
			case *asm.Code:
				if s != nil {
					nested = append(nested, s)
				}
			}
		}
	}
	collect(c.Body, 0)

	title := "<module>"
	if c != l.p.Module {
		title = "code " + c.Label
	}
	l.printf("%s: %s, stack size %d, %d bytes\n", title, out.Name, out.StackSize, len(out.Bytecode))
	walked := false
	for _, r := range rows {
		if _, ok := l.rp.Stacks[r.instr]; ok && r.instr != nil {
			walked = true
			break
		}
	}
	header := "offset  bytes                    instruction"
	if walked {
		header = fmt.Sprintf("%-66s  stack before", header)
	}
	l.printf("%s\n", header)

	// An instruction's bytes run to where the next one starts.
	var starts []int
	for _, r := range rows {
		if r.instr != nil {
			at, _ := l.rp.Placement(r.instr)
			starts = append(starts, at.Offset)
		}
	}
	next := 0
	for _, r := range rows {
		pad := strings.Repeat("  ", r.depth)
		if r.instr == nil {
			l.printf("%6s  %-23s  %s%s\n", "", "", pad, r.text)
			continue
		}
		start := starts[next]
		end := len(out.Bytecode)
		if next+1 < len(starts) {
			end = starts[next+1]
		}
		next++
		code := out.Bytecode[min(start, len(out.Bytecode)):min(max(start, end), len(out.Bytecode))]
		chunks := hexRows(code)
		text := pad + format.Instr(l.p.Version, r.instr)
		line := fmt.Sprintf("%6d  %-23s  %s", start, chunks[0], text)
		if walked {
			stack, ok := l.rp.Stacks[r.instr]
			if !ok {
				stack = "(not reached)"
			}
			line = fmt.Sprintf("%-66s  %s", line, stack)
		}
		l.printf("%s\n", strings.TrimRight(line, " "))
		for _, more := range chunks[1:] {
			l.printf("%6s  %s\n", "", more)
		}
	}
	for _, n := range nested {
		if child := l.rp.Blocks[n.Label]; child != nil {
			l.printf("\n")
			l.block(n, child)
		}
	}
}

// hexRows shows bytes as hex pairs, bytesPerRow to a row.
func hexRows(b []byte) []string {
	if len(b) == 0 {
		return []string{""}
	}
	var rows []string
	for len(b) > 0 {
		n := min(len(b), bytesPerRow)
		parts := make([]string, n)
		for i := range parts {
			parts[i] = fmt.Sprintf("%02x", b[i])
		}
		rows = append(rows, strings.Join(parts, " "))
		b = b[n:]
	}
	return rows
}
