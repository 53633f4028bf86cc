package mutate_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/internal/mutate"
)

// TestJoinsOnlyWalkAgrees holds the slot walk that keeps states only where
// paths join (what build runs) to the walk that keeps one at every
// instruction (what the listing's stack pictures read): on the mutants of
// every program, both refuse the same texts, and on the texts they take
// they warn alike, word for word. (On a refused text the wording may
// differ: the walks go in different orders, so a conflict names its two
// paths the other way round, and the path the walk goes on with after it
// may be the other one.) A fall-through carries its state on unkept; were
// a join lost, or a path's state not the one the instruction before left,
// the verdicts would differ here.
func TestJoinsOnlyWalkAgrees(t *testing.T) {
	full := os.Getenv("PYASM_FULL") != ""
	// PYASM_RELEASES=X.Y,… limits it to those releases, as for the oracle.
	only := os.Getenv("PYASM_RELEASES")
	progs := programs(t)
	checked, refused := 0, 0
	for i := range progs {
		p := &progs[i]
		if only != "" && !containsAny(","+only+",", []string{"," + p.release.String() + ","}) {
			continue
		}
		ms := mutate.Mutants(p.src)
		// Every mutant under PYASM_FULL; else a spread of them, a dozen
		// per program, and the program itself.
		k := 1
		if !full {
			k = max(1, len(ms)/12)
		}
		srcs := []string{p.src}
		for n := 0; n < len(ms); n += k {
			srcs = append(srcs, ms[n].Src())
		}
		for n, src := range srcs {
			prog, err := grammar.Parse(p.slug+".pyasm", []byte(src), p.release)
			if err != nil {
				continue
			}
			joins := findingsOf(prog, resolve.Options{})
			every := findingsOf(prog, resolve.Options{Stacks: true})
			checked++
			if every.refused {
				refused++
				assert.True(t, joins.refused, "%s, text %d: only the walk keeping every state refuses it: %v", p.name, n, every.text)
				continue
			}
			assert.Equal(t, every, joins, "%s, text %d: the walks disagree", p.name, n)
		}
	}
	t.Logf("%d texts walked both ways, %d refused", checked, refused)
	assert.Positive(t, refused, "no text was refused: the comparison shows little")
}

// findings are what resolving a program said: refused, and every error
// and warning as text.
type findings struct {
	refused bool
	text    []string
}

// findingsOf resolves a program; a panic counts as a refusal of its own.
func findingsOf(p *asm.Program, opts resolve.Options) (out findings) {
	defer func() {
		if r := recover(); r != nil {
			out = findings{refused: true, text: []string{fmt.Sprintf("panic: %v", r)}}
		}
	}()
	_, warnings, err := resolve.ResolveWith(p, opts)
	for _, w := range warnings {
		out.text = append(out.text, w.Error())
	}
	if err != nil {
		out.refused = true
		out.text = append(out.text, err.Error())
	}
	return out
}
