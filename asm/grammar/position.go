package grammar

import (
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/versions"
)

// A position written after an instruction, the short form of a .line
// directive before it (spec/SYNTAX.md, "Source positions"):
//
//	@LINE            @LINE-END_LINE
//	@LINE:COL-END_COL  @LINE-END_LINE:COL-END_COL
//	@-               no location
//
// with numbers of decimal digits. The lexer takes one as a single
// Position token; the source takes it off the end of its line, and the
// lowering puts a Line before the instruction.

// positionEnd is the offset just past a position token starting at i
// (text[i] == '@'), or i when there is none: @ then digits, -digits if
// they follow, :digits-digits if all of it follows; or @-.
func positionEnd(text string, i int) int {
	digits := func(j int) int {
		k := j
		for k < len(text) && text[k] >= '0' && text[k] <= '9' {
			k++
		}
		return k
	}
	j := digits(i + 1)
	if j == i+1 {
		if j < len(text) && text[j] == '-' {
			return j + 1
		}
		return i
	}
	if j < len(text) && text[j] == '-' {
		if k := digits(j + 1); k > j+1 {
			j = k
		}
	}
	if j < len(text) && text[j] == ':' {
		if c := digits(j + 1); c > j+1 && c < len(text) && text[c] == '-' {
			if e := digits(c + 1); e > c+1 {
				j = e
			}
		}
	}
	return j
}

// quickPositions: positionLine tries quickPosition first (a test turns it
// off to compare).
var quickPositions = true

// quickPosition reads a 3.11+ position (the text after @) of numbers of at
// most nine digits into ln, as positionLine does, without cutting and
// converting its parts one by one: nearly every instruction of a 3.11+
// text has one. false leaves the text to positionLine, which says what is
// wrong with one it cannot take.
func quickPosition(text string, ln *asm.Line) bool {
	var nums [4]int
	var seps [3]byte
	n, i := 0, 0
	for {
		start, v := i, 0
		for i < len(text) && text[i] >= '0' && text[i] <= '9' {
			v = v*10 + int(text[i]-'0')
			i++
		}
		if i == start || i-start > 9 || n == len(nums) {
			return false
		}
		nums[n] = v
		n++
		if i == len(text) {
			break
		}
		if n > len(seps) {
			return false
		}
		seps[n-1] = text[i]
		i++
	}
	switch {
	case n == 1: // L
		ln.Line, ln.EndLine = nums[0], nums[0]
	case n == 2 && seps[0] == '-': // L-E
		ln.Line, ln.EndLine = nums[0], nums[1]
	case n == 3 && seps[0] == ':' && seps[1] == '-': // L:C-E
		ln.Line, ln.EndLine, ln.Col, ln.EndCol = nums[0], nums[0], nums[1], nums[2]
	case n == 4 && seps[0] == '-' && seps[1] == ':' && seps[2] == '-': // L-E:C-E
		ln.Line, ln.EndLine, ln.Col, ln.EndCol = nums[0], nums[1], nums[2], nums[3]
	default:
		return false
	}
	return true
}

// positionLine reads a position token into the Line it stands for, or
// reports why the release cannot have it.
func (l *lowerer) positionLine(t lexer.Token) *asm.Line {
	pos := l.pos(t.Pos)
	ln := l.lines.one() // nearly every instruction has one: from a chunk
	*ln = asm.Line{Pos: pos, Line: asm.NoPosition, EndLine: asm.NoPosition, Col: asm.NoPosition, EndCol: asm.NoPosition}
	text := t.Value[1:]
	if text == "-" {
		return ln
	}
	if quickPositions && l.v.Lines == versions.Locations311 && quickPosition(text, ln) {
		return ln
	}
	lines, cols, hasCols := strings.Cut(text, ":")
	first, last, hasEnd := strings.Cut(lines, "-")
	num := func(s string) (int, bool) {
		n, err := strconv.Atoi(s)
		if err != nil || n > 1<<30 {
			l.errorf(pos, "position %s: %s is too large", t.Value, s)
			return 0, false
		}
		return n, true
	}
	var ok bool
	if ln.Line, ok = num(first); !ok {
		return nil
	}
	if (hasEnd || hasCols) && l.v.Lines != versions.Locations311 {
		l.errorf(pos, "position %s: an end line and columns need Python 3.11 or newer; the target is %s", t.Value, l.v).Hint =
			"write @" + first
		return nil
	}
	if l.v.Lines == versions.Locations311 {
		ln.EndLine = ln.Line
	}
	if hasEnd {
		if ln.EndLine, ok = num(last); !ok {
			return nil
		}
	}
	if hasCols {
		c, e, _ := strings.Cut(cols, "-")
		if ln.Col, ok = num(c); !ok {
			return nil
		}
		if ln.EndCol, ok = num(e); !ok {
			return nil
		}
	}
	return ln
}
