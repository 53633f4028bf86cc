// Package mutate is test support for the crash oracle: it makes one-edit
// mutants of .pyasm text (an instruction dropped, duplicated, swapped with
// the next one, moved, or a numeric operand nudged by one), so that a test
// can assemble each with the verifier on and check that whatever pyasm
// accepts does not crash the real interpreter.
//
// It works on the text, not on the program model: a mutant is the source
// with one edit, which a test can save as a .pyasm file and read. Only
// instruction lines are edited (their first token is an upper-case opcode
// name); directives, labels, comments and block braces stay where they are,
// and an instruction never leaves its code block.
package mutate

import (
	"fmt"
	"hash/fnv"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Mutant is one edit of a program.
type Mutant struct {
	// Desc says what changed, with 1-based line numbers of the original:
	// `drop line 12 "PUSH_NULL"`, `swap lines 12,13`, `dup line 9`,
	// `move line 9 to before line 4`, `nudge line 7 "CALL 1" -> "CALL 2"`.
	Desc string
	// text makes the whole mutated source: a program's mutants are many
	// and long, so each is made when it is asked for, not kept.
	text func() string
}

// Src is the whole mutated source.
func (m Mutant) Src() string { return m.text() }

// Moves are how far, in instruction lines of the same code block, an
// instruction is moved earlier and later, besides to the block's start
// and end. One line is a swap, which has its own mutant.
var moves = []int{5, 2}

// constOps take a constant operand: a bare integer there is a value, not
// an argument, so nudging it changes what the program computes but not
// what the interpreter is given to trust. Their raw !N arguments are still
// nudged.
var constOps = map[string]bool{"LOAD_CONST": true, "RETURN_CONST": true, "KW_NAMES": true}

// Mutants returns the one-edit mutants of src in a fixed order: for each
// instruction in source order, drop, dup, swap with the next, moves, then
// nudges. A mutant whose text equals src or an earlier mutant's is left
// out, so the same input always gives the same list.
func Mutants(src string) []Mutant {
	lines := strings.Split(src, "\n")
	blocks := scan(lines)
	// seen holds a hash of each text made so far; the texts themselves
	// are made again when asked for.
	seen := map[uint64]bool{textHash(src): true}
	var out []Mutant
	add := func(desc string, make func() []string) {
		text := func() string { return strings.Join(make(), "\n") }
		h := textHash(text())
		if seen[h] {
			return
		}
		seen[h] = true
		out = append(out, Mutant{Desc: desc, text: text})
	}
	for _, u := range ordered(blocks) {
		b, i := u.block, u.index
		in := b[i]
		add(fmt.Sprintf("drop line %d %q", in.line(), in.text), func() []string { return splice(lines, in, -1) })
		add(fmt.Sprintf("dup line %d", in.line()), func() []string { return duplicate(lines, in) })
		if i+1 < len(b) {
			next := b[i+1]
			add(fmt.Sprintf("swap lines %d,%d", in.line(), next.line()), func() []string { return swap(lines, in, next) })
		}
		for _, j := range targets(i, len(b)) {
			to := b[j]
			if j < i {
				add(fmt.Sprintf("move line %d to before line %d", in.line(), to.line()), func() []string { return splice(lines, in, to.start) })
			} else {
				add(fmt.Sprintf("move line %d to after line %d", in.line(), to.line()), func() []string { return splice(lines, in, to.end) })
			}
		}
		for _, n := range in.nudges() {
			add(fmt.Sprintf("nudge line %d %q -> %q", in.line(), in.text, n.text), func() []string {
				ls := append([]string(nil), lines...)
				ls[in.start] = n.line
				return ls
			})
		}
	}
	return out
}

// textHash tells texts apart for Mutants' check of repeats (FNV-1a, 64
// bits: a chance of one in 10^10 of a collision among a program's mutants,
// which would leave one out, the same one every run).
func textHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// targets are the indexes instruction i of a block of n is moved to:
// 5 and 2 earlier, the start, 2 and 5 later, the end; each at least two
// away (one away is a swap) and each once.
func targets(i, n int) []int {
	var out []int
	have := map[int]bool{}
	try := func(j int) {
		if j >= 0 && j < n && (j <= i-2 || j >= i+2) && !have[j] {
			have[j] = true
			out = append(out, j)
		}
	}
	for _, d := range moves {
		try(i - d)
	}
	try(0)
	for k := len(moves) - 1; k >= 0; k-- {
		try(i + moves[k])
	}
	try(n - 1)
	return out
}

// instr is one instruction: the lines [start, end) of the source (more
// than one when a triple-quoted string operand spans lines).
type instr struct {
	start, end int
	op         string
	text       string // the code of its first line, trimmed, without comment
	code       string // the code of its first line, untrimmed
	full       string // its first line
}

func (in *instr) line() int { return in.start + 1 }

// nudge is a changed first line and its trimmed code.
type nudge struct{ line, text string }

var bareInt = regexp.MustCompile(`^(!?)([0-9]+)$`)

// nudges are the first line with each bare integer operand one more and,
// above zero, one less.
func (in *instr) nudges() []nudge {
	var out []nudge
	toks := tokens(in.code)
	for _, t := range toks[1:] {
		m := bareInt.FindStringSubmatch(in.code[t[0]:t[1]])
		if m == nil || (m[1] == "" && constOps[in.op]) || (len(m[2]) > 1 && m[2][0] == '0') {
			continue
		}
		n, err := strconv.Atoi(m[2])
		if err != nil {
			continue
		}
		for _, v := range []int{n + 1, n - 1} {
			if v < 0 {
				continue
			}
			code := in.code[:t[0]] + m[1] + strconv.Itoa(v) + in.code[t[1]:]
			out = append(out, nudge{line: code + in.comment(), text: strings.TrimSpace(code)})
		}
	}
	return out
}

// comment is what follows the code on the first line.
func (in *instr) comment() string { return in.full[len(in.code):] }

// block is the instructions of one code block, in source order.
type block []*instr

// unit is one instruction with the block it belongs to.
type unit struct {
	block block
	index int
}

func (u unit) start() int { return u.block[u.index].start }

// ordered lists every instruction of every block in source order.
func ordered(blocks []block) []unit {
	var out []unit
	for _, b := range blocks {
		for i := range b {
			out = append(out, unit{b, i})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start() < out[j].start() })
	return out
}

var opcode = regexp.MustCompile(`^[A-Z][A-Z0-9_]*(\+[0-9]+)?$`)

// scan splits the source into code blocks of instructions. A block starts
// at the top of the file (the module) or at a `code LABEL {` line and ends
// at its `}`; a `try … {` region belongs to the block around it.
func scan(lines []string) []block {
	var blocks []block
	blocks = append(blocks, nil)
	stack := []int{0} // the code block each open brace belongs to
	cur := func() int { return stack[len(stack)-1] }
	triple := ""
	for i := 0; i < len(lines); i++ {
		if triple != "" {
			_, triple = split(lines[i], triple)
			continue
		}
		code, open := split(lines[i], "")
		text := strings.TrimSpace(code)
		toks := tokens(text)
		if len(toks) == 0 {
			triple = open
			continue
		}
		first := text[toks[0][0]:toks[0][1]]
		switch {
		case opcode.MatchString(first):
			in := &instr{start: i, end: i + 1, op: first, text: text, code: code, full: lines[i]}
			for triple = open; triple != "" && in.end < len(lines); in.end++ {
				_, triple = split(lines[in.end], triple)
			}
			i = in.end - 1
			blocks[cur()] = append(blocks[cur()], in)
		case strings.HasSuffix(text, "{") && open == "":
			if first == "code" {
				blocks = append(blocks, nil)
				stack = append(stack, len(blocks)-1)
			} else {
				stack = append(stack, cur())
			}
		case text == "}":
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		default:
			triple = open
		}
	}
	return blocks
}

// split returns the code of a line, before any comment, and the quotes of
// a triple-quoted string left open at its end. For a line that starts
// inside such a string (triple is its quotes) only what is open at its
// end matters.
func split(line, triple string) (code, open string) {
	i := 0
	if triple != "" {
		if i = closeQuote(line, 0, triple); i < 0 {
			return "", triple
		}
	}
	for i < len(line) {
		switch c := line[i]; c {
		case '#':
			return line[:i], ""
		case '\'', '"':
			q := string(c)
			if strings.HasPrefix(line[i:], q+q+q) {
				q = q + q + q
			}
			j := closeQuote(line, i+len(q), q)
			if j < 0 {
				if len(q) == 3 {
					return line, q
				}
				return line, ""
			}
			i = j
		default:
			i++
		}
	}
	return line, ""
}

// closeQuote returns the index just past the quote q that closes a string
// whose text starts at from, or -1 if the line ends first.
func closeQuote(line string, from int, q string) int {
	for i := from; i < len(line); i++ {
		if line[i] == '\\' {
			i++
			continue
		}
		if strings.HasPrefix(line[i:], q) {
			return i + len(q)
		}
	}
	return -1
}

// tokens returns the spans of the whitespace-separated tokens of code,
// keeping a string literal with its spaces in one token.
func tokens(code string) [][2]int {
	var out [][2]int
	i := 0
	for i < len(code) {
		for i < len(code) && isSpace(code[i]) {
			i++
		}
		if i == len(code) {
			break
		}
		start := i
		for i < len(code) && !isSpace(code[i]) {
			if c := code[i]; c == '\'' || c == '"' {
				q := string(c)
				if strings.HasPrefix(code[i:], q+q+q) {
					q = q + q + q
				}
				j := closeQuote(code, i+len(q), q)
				if j < 0 {
					i = len(code)
					break
				}
				i = j
				continue
			}
			i++
		}
		out = append(out, [2]int{start, i})
	}
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

// splice returns the lines with in taken out and, unless at is -1, put
// back before line at of the original (len(lines) for the end).
func splice(lines []string, in *instr, at int) []string {
	moved := lines[in.start:in.end]
	out := make([]string, 0, len(lines))
	for i := 0; i <= len(lines); i++ {
		if i == at {
			out = append(out, moved...)
		}
		if i == len(lines) {
			break
		}
		if i >= in.start && i < in.end {
			continue
		}
		out = append(out, lines[i])
	}
	return out
}

// duplicate returns the lines with a copy of in right after it.
func duplicate(lines []string, in *instr) []string {
	out := append([]string(nil), lines[:in.end]...)
	out = append(out, lines[in.start:in.end]...)
	return append(out, lines[in.end:]...)
}

// swap returns the lines with a and b (a before b) exchanged, what lies
// between them staying in place.
func swap(lines []string, a, b *instr) []string {
	out := append([]string(nil), lines[:a.start]...)
	out = append(out, lines[b.start:b.end]...)
	out = append(out, lines[a.end:b.start]...)
	out = append(out, lines[a.start:a.end]...)
	return append(out, lines[b.end:]...)
}
