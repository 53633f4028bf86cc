package disasm

import (
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/versions"
)

// TestOnce holds Human's one resolve (once) to what it claims, on a
// sample of stdlib .pyc files per release (every file with PYASM_FULL=1):
// the program it gives, resolved again, gives back every code object of
// the file and the findings it reported; and every field the loop
// (human) leaves out, resolving the program again and again, once leaves
// out too.
func TestOnce(t *testing.T) {
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			files := stdlibSample(t, v, 25, 10)
			var problems []string
			fallbacks := 0
			for _, path := range files {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				f, err := pyc.Read(data)
				require.NoError(t, err)
				p, st, ok := once(f, &resolve.Memo{})
				if !ok {
					fallbacks++
					continue
				}
				found := checkOnce(f, p, st)
				loop, _, exact, err := human(f, &resolve.Memo{}, false)
				if err == nil && !exact {
					loop, _, _, err = human(f, &resolve.Memo{}, true)
				}
				require.NoError(t, err, path)
				for _, problem := range append(found, leftOutByLoop(p, loop)...) {
					problems = append(problems, path+": "+problem)
				}
			}
			t.Logf("Python %s: %d files, %d left to the loop", v, len(files), fallbacks)
			if len(problems) > 10 {
				problems = append(problems[:10], fmt.Sprintf("... and %d more", len(problems)-10))
			}
			assert.Empty(t, problems)
		})
	}
}

// checkOnce resolves what once gave again: it must give back every code
// object and the findings once reported.
func checkOnce(f *pyc.File, p *asm.Program, st Stats) []string {
	rp, warnings, err := resolveAsIs(p, &resolve.Memo{}, true)
	if err != nil {
		return []string{"resolve: " + err.Error()}
	}
	top, _ := f.Code()
	orig, _ := originals(p, top, false)
	var problems []string
	if !exactly(rp, f, orig) {
		problems = append(problems, "does not give back every code object")
	}
	if got, want := fmt.Sprint(findings(warnings)), fmt.Sprint(st.Unverified); got != want {
		problems = append(problems, fmt.Sprintf("findings %s, once reported %s", got, want))
	}
	return problems
}

// leftOutByLoop lists the fields the loop left out of a block and once
// kept.
func leftOutByLoop(once, loop *asm.Program) []string {
	a, b := blocks(once.Module), blocks(loop.Module)
	if len(a) != len(b) {
		return []string{"the loop's program has other blocks"}
	}
	var out []string
	for i, c := range a {
		l := b[i]
		kept := func(field string, once, loop bool) {
			if once && !loop {
				out = append(out, fmt.Sprintf("block %s: once keeps %s, the loop leaves it out", c.Label, field))
			}
		}
		kept(".firstlineno", c.FirstLineNo != nil, l.FirstLineNo != nil)
		kept(".consts", c.Consts != nil, l.Consts != nil)
		kept(".names", c.Names != nil, l.Names != nil)
		kept(".varnames", len(c.VarNames) > len(l.VarNames), false)
		kept(".cellvars", c.CellVars != nil || c.FreeVars != nil, l.CellVars != nil || l.FreeVars != nil)
		kept(".kind", c.Kinds != nil, l.Kinds != nil)
		kept(".flags", c.Flags != nil, l.Flags != nil)
		kept(".qualname", c.QualName != nil, l.QualName != nil)
		kept(".stacksize", c.StackSize != nil, l.StackSize != nil)
		kept("the line table", c.HasLineTable, l.HasLineTable)
		kept("the exception table", c.HasExcTable, l.HasExcTable)
	}
	return out
}
