package versions

import "strings"

// The portable instructions (asm/portable) are lower-case instructions that
// mean the same in every release; each release spells them with its own
// real instructions. How it spells each one is a template, written per
// release in portable_X_Y.go as the changes from the release before:
//
//	template = line { (";" | newline) line }
//	line     = [ "?" ["!"] fact " " ] ( OPCODE { operand } | "$" name ":" )
//	operand  = "$" hole [ "..." ] | integer | flag word
//
// $1, $2 are the portable instruction's operands as written; other holes
// are facts the lowering works out from the program (a function's free
// variables, its qualified name, the count of keyword arguments…). A line
// "?fact …" is written only when the fact holds (a list that is not empty,
// a number that is not 0), "?!fact …" only when it does not. "$hole..."
// repeats the line once per item of a list. "$name:" is a label the
// template makes, fresh at each use (a jump around a jump). An empty
// template writes nothing.
//
// A form is looked up by "NAME VARIANT" and then "NAME", release by
// release from the newest back through Base: the variant of a jump is its
// direction ("forward" or "backward"), that of binary and compare the
// operator. So a release that spells every operator alike gives "binary"
// and, for an operator spelled otherwise, "binary []".

// PortableTable is one release's spelling of the portable instructions.
type PortableTable struct {
	Base  *PortableTable
	Forms map[string]string
}

// PortableForm is the template of a portable instruction on v, for the
// variant (a jump's direction, an operator) if it has its own form; ok is
// false when the release has no form for it.
func (v *Version) PortableForm(name, variant string) (template string, ok bool) {
	for t := v.Portable; t != nil; t = t.Base {
		if variant != "" {
			if s, ok := t.Forms[name+" "+variant]; ok {
				return s, true
			}
		}
		if s, ok := t.Forms[name]; ok {
			return s, true
		}
	}
	return "", false
}

// binaryForms spells each operator of binary as its own opcode, as
// releases before 3.11 do: "+" BINARY_ADD, "+=" INPLACE_ADD.
func binaryForms(names map[string]string) map[string]string {
	out := map[string]string{}
	for sym, name := range names {
		out["binary "+sym] = "BINARY_" + name
		out["binary "+sym+"="] = "INPLACE_" + name
	}
	return out
}

// withForms is forms with more added.
func withForms(forms map[string]string, more map[string]string) map[string]string {
	out := map[string]string{}
	for k, s := range forms {
		out[k] = s
	}
	for k, s := range more {
		out[k] = strings.TrimSpace(s)
	}
	return out
}
