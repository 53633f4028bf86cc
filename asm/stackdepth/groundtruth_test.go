package stackdepth

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pyasm/pyasm/bytecode"
	"github.com/pyasm/pyasm/exctable"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// codeObject is one code object of a corpus file, with where it came from.
type codeObject struct {
	file string
	code *marshal.Code
}

// allCode lists c and every code object among its constants, recursively.
func allCode(file string, c *marshal.Code, out []codeObject) []codeObject {
	out = append(out, codeObject{file, c})
	if t, ok := c.Consts.(*marshal.Tuple); ok {
		for _, item := range t.Items {
			if sub, ok := item.(*marshal.Code); ok {
				out = allCode(file, sub, out)
			}
		}
	}
	return out
}

func strOf(o marshal.Object) string {
	switch s := o.(type) {
	case *marshal.Str:
		return s.Value()
	case *marshal.Bytes:
		return string(s.Data)
	}
	return fmt.Sprintf("%T", o)
}

// input decodes what Compute needs from a code object.
func input(v *versions.Version, c *marshal.Code) (Code, error) {
	raw, ok := c.Bytecode.(*marshal.Bytes)
	if !ok {
		return Code{}, fmt.Errorf("co_code is a %T", c.Bytecode)
	}
	ins, err := bytecode.Decode(v, raw.Data)
	if err != nil {
		return Code{}, err
	}
	in := Code{Instructions: ins, Flags: uint32(c.Flags)}
	if v.ExceptionTable {
		tab, ok := c.ExceptionTable.(*marshal.Bytes)
		if !ok {
			return Code{}, fmt.Errorf("co_exceptiontable is a %T", c.ExceptionTable)
		}
		if in.Handlers, err = exctable.Decode(tab.Data); err != nil {
			return Code{}, err
		}
	}
	return in, nil
}

type corpusStats struct {
	codes, equal int
	below, above []string // CPython's co_stacksize is above / below ours
	errs         []string
}

// TestStdlibGroundTruth computes the depth of every code object of a
// sample of each release's compiled standard library (all of it with
// PYASM_FULL=1) and compares it with the co_stacksize CPython wrote.
func TestStdlibGroundTruth(t *testing.T) {
	for _, v := range versions.All() {
		v := v
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			files := pythons.RequireStdlibPycs(t, v.String())
			if os.Getenv("PYASM_FULL") != "1" {
				files = pythons.Sample(files, 300)
			}
			var st corpusStats
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				p, err := pyc.Read(data)
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				top, err := p.Code()
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				for _, co := range allCode(f, top, nil) {
					st.codes++
					where := fmt.Sprintf("%s:%d %s", filepath.Base(co.file), co.code.FirstLineNo, strOf(co.code.Name))
					in, err := input(v, co.code)
					if err != nil {
						t.Fatalf("%s: %v", where, err)
					}
					res, err := Compute(v, in)
					if err != nil {
						st.errs = append(st.errs, fmt.Sprintf("%s: %v", where, err))
					}
					want := int(co.code.StackSize)
					switch {
					case res.MaxDepth == want:
						st.equal++
					case res.MaxDepth < want:
						un, _ := compute(v, in, unfoldTuples(v, co.code))
						st.below = append(st.below, fmt.Sprintf("%s: ours %d, co_stacksize %d, unfolded %d", where, res.MaxDepth, want, un.MaxDepth))
					default:
						st.above = append(st.above, fmt.Sprintf("%s: ours %d, co_stacksize %d", where, res.MaxDepth, want))
					}
				}
			}
			t.Logf("%s: %d files, %d code objects, %d equal (%.3f%%), %d below co_stacksize, %d above, %d with errors",
				v, len(files), st.codes, st.equal, 100*float64(st.equal)/float64(max(st.codes, 1)), len(st.below), len(st.above), len(st.errs))
			show := func(what string, list []string) {
				sort.Strings(list)
				if len(list) > 8 {
					list = list[:8]
				}
				if len(list) > 0 {
					t.Logf("%s:\n\t%s", what, strings.Join(list, "\n\t"))
				}
			}
			if os.Getenv("PYASM_STACKDEBUG_ALL") != "" {
				t.Logf("ALL below:\n%s", strings.Join(st.below, "\n"))
			}
			show("ours below co_stacksize", st.below)
			show("ours above co_stacksize", st.above)
			show("errors", st.errs)
			if st.equal != st.codes || len(st.errs) > 0 {
				t.Errorf("%s: %d of %d code objects differ, %d have errors", v, st.codes-st.equal, st.codes, len(st.errs))
			}
		})
	}
}

// unfoldTuples gives, for each LOAD_CONST of a tuple constant, the extra
// depth the compiler counted if the tuple was folded from its items after
// the depth was computed: LOAD_CONST of each item, then BUILD_TUPLE.
func unfoldTuples(v *versions.Version, c *marshal.Code) func(int) int {
	in, _ := input(v, c)
	consts, _ := c.Consts.(*marshal.Tuple)
	return func(i int) int {
		x := in.Instructions[i]
		if x.Name() != "LOAD_CONST" || consts == nil || int(x.Arg) >= len(consts.Items) {
			return 0
		}
		return unfolded(consts.Items[x.Arg])
	}
}

// unfolded is the depth that building o from constants takes.
func unfolded(o marshal.Object) int {
	var items []marshal.Object
	switch t := o.(type) {
	case *marshal.Tuple:
		items = t.Items
	case *marshal.FrozenSet:
		items = t.Items
	default:
		return 1
	}
	n := 1
	for i, item := range items {
		n = max(n, i+unfolded(item))
	}
	return n
}
