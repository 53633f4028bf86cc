package portable

import (
	"strconv"
	"strings"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// callers are the portable instructions that make a call, for the hint of
// a call without its NULL.
var callers = map[string]bool{"call": true, "call_kw": true, "call_method": true}

// Annotate adds to the hints of errors found in the lowered program, which
// speak of real instructions, what the portable instruction at the error's
// place became there; a call that misses its NULL is told to use callable,
// not PUSH_NULL. source is the program before Lower, lowered after it.
func Annotate(source, lowered *asm.Program, errs asm.ErrorList) {
	if len(errs) == 0 || !Has(source) || lowered == nil {
		return
	}
	at := map[asm.Pos]*asm.Instr{}
	shared := map[asm.Pos]bool{}
	eachInstr(source.Module.Body, func(in *asm.Instr) {
		if Is(in.Op) && in.Pos.Known() {
			if _, dup := at[in.Pos]; dup {
				shared[in.Pos] = true
			}
			at[in.Pos] = in
		}
	})
	// A compiler may give one position to several instructions (those of
	// one expression): what one of them became cannot be told apart there.
	for pos := range shared {
		delete(at, pos)
	}
	became := map[asm.Pos][]string{}
	eachInstr(lowered.Module.Body, func(in *asm.Instr) {
		if _, ok := at[in.Pos]; ok {
			became[in.Pos] = append(became[in.Pos], instrText(lowered.Version, in))
		}
	})
	for _, e := range errs {
		in := at[e.Pos]
		if in == nil {
			continue
		}
		if callers[in.Op] && strings.Contains(e.Hint, "PUSH_NULL") {
			e.Hint = "in a portable program, write callable after the code that pushes the callee (a method: load_method, then call_method)"
			continue
		}
		real := "nothing"
		if list := became[in.Pos]; len(list) > 0 {
			real = strings.Join(list, "; ")
		}
		note := instrText(source.Version, in) + " is " + real + " on " + source.Version.String()
		if e.Hint == "" {
			e.Hint = note
		} else {
			e.Hint += " (" + note + ")"
		}
	}
}

// eachInstr calls f on every instruction of a body and of the blocks and
// try regions in it.
func eachInstr(body []asm.Stmt, f func(*asm.Instr)) {
	for _, s := range body {
		switch s := s.(type) {
		case *asm.Instr:
			if s != nil {
				f(s)
			}
		case *asm.Try:
			if s != nil {
				eachInstr(s.Body, f)
			}
		case *asm.Code:
			if s != nil {
				eachInstr(s.Body, f)
			}
		}
	}
}

// instrText writes an instruction as the text spells it, for a hint (the
// printer, asm/format, sits above this package).
func instrText(v *versions.Version, in *asm.Instr) string {
	parts := []string{in.Op}
	for _, a := range in.Args {
		switch a := a.(type) {
		case *asm.Ident:
			parts = append(parts, a.Name)
		case *asm.Symbol:
			parts = append(parts, a.Text)
		case *asm.Raw:
			parts = append(parts, "!"+strconv.FormatUint(uint64(a.Value), 10))
		case *asm.Literal:
			if ref, ok := a.Value.(*asm.CodeRef); ok {
				parts = append(parts, "@"+ref.Label)
			} else if a.Value != nil {
				parts = append(parts, marshal.Repr(a.Value, v.Marshal, 40))
			}
		}
	}
	return strings.Join(append(parts, in.Flags...), " ")
}
