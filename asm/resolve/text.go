package resolve

import (
	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// verifyText refuses text CPython cannot decode, which makes it refuse the
// whole .pyc (UnicodeDecodeError). CPython reads a str as UTF-8, allowing
// the lone surrogates its surrogatepass error handler writes (ED A0-BF
// xx), so those pass: that is how pyasm stores "\ud800". The grammar only
// makes valid text; a Go program may give any bytes. On 3.x every text
// field is checked: str constants, names, locals, cell and free
// variables, the file name, name and qualname. 2.7 keeps names and its
// str as bytes, which hold anything; only its unicode constants are text.
func (b *builder) verifyText(out *Code) {
	reported := map[string]bool{}
	report := func(pos asm.Pos, what, s string) {
		if reported[what+"\x00"+s] {
			return
		}
		reported[what+"\x00"+s] = true
		hint := "CPython decodes it as UTF-8 when it loads the .pyc: give the text as UTF-8 (a lone surrogate, which \"\\ud800\" writes, in the 3 bytes CPython stores for it)"
		if what == "constant" {
			hint += ", or make the value bytes (marshal.Bytes)"
		}
		b.verifyHint(pos, hint, "%s %q is not valid UTF-8: CPython refuses to load the .pyc", what, s)
	}
	textNames := !b.v.Marshal.Python2
	for _, in := range b.insts {
		for _, a := range in.src.Args {
			switch a := a.(type) {
			case *asm.Literal:
				if in.op.Operand == versions.OperandConst {
					eachBadStr(a.Value, func(s string) { report(a.Pos, "constant", s) })
				}
			case *asm.Ident:
				switch in.op.Operand {
				case versions.OperandName, versions.OperandLocal, versions.OperandFree:
					if textNames && !marshal.ValidText(a.Name) {
						report(a.Pos, "name", a.Name)
					}
				}
			}
		}
	}
	// What no instruction names: entries of explicit tables, and the
	// block's own names, reported at the block.
	pos := b.src.Pos
	for _, k := range out.Consts {
		eachBadStr(k, func(s string) { report(pos, "constant", s) })
	}
	if !textNames {
		return
	}
	var names []string
	for _, list := range [][]string{out.Names, out.VarNames, out.CellVars, out.Frees, out.LocalsPlusNames} {
		names = append(names, list...)
	}
	for _, n := range names {
		if !marshal.ValidText(n) {
			report(pos, "name", n)
		}
	}
	fields := []struct{ what, s string }{{"co_filename", out.Filename}, {"co_name", out.Name}}
	if b.v.LocalsPlus {
		fields = append(fields, struct{ what, s string }{"co_qualname", out.QualName})
	}
	for _, f := range fields {
		if !marshal.ValidText(f.s) {
			report(pos, f.what, f.s)
		}
	}
}

// eachBadStr calls bad with the payload of every str in a constant, its
// items included, that CPython could not load.
func eachBadStr(o marshal.Object, bad func(string)) {
	var items []marshal.Object
	switch o := o.(type) {
	case *marshal.Str:
		if !o.Loadable() {
			bad(o.Data)
		}
	case *marshal.Tuple:
		items = o.Items
	case *marshal.List:
		items = o.Items
	case *marshal.Set:
		items = o.Items
	case *marshal.FrozenSet:
		items = o.Items
	case *marshal.Slice:
		items = []marshal.Object{o.Start, o.Stop, o.Step}
	case *marshal.Dict:
		for _, kv := range o.Items {
			items = append(items, kv.Key, kv.Value)
		}
	case *marshal.FrozenDict:
		for _, kv := range o.Items {
			items = append(items, kv.Key, kv.Value)
		}
	}
	for _, it := range items {
		eachBadStr(it, bad)
	}
}
