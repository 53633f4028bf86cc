// Package spec holds the language reference, SYNTAX.md, and hands its
// examples to the tests that parse, assemble, run and mutate them.
package spec

import (
	_ "embed"
	"regexp"
	"strings"
)

// Syntax is the text of SYNTAX.md.
//
//go:embed SYNTAX.md
var Syntax string

// Example is one ```pyasm block of SYNTAX.md: a whole .pyasm file.
type Example struct {
	Line int // of the block's first line of code in SYNTAX.md
	Src  string
}

var fence = regexp.MustCompile("(?ms)^```pyasm\n(.*?)^```")

// Examples returns the ```pyasm blocks of SYNTAX.md in order.
func Examples() []Example {
	var out []Example
	for _, m := range fence.FindAllStringSubmatchIndex(Syntax, -1) {
		out = append(out, Example{Line: strings.Count(Syntax[:m[2]], "\n") + 1, Src: Syntax[m[2]:m[3]]})
	}
	return out
}
