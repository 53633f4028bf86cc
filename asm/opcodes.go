package asm

import (
	"fmt"
	"strings"

	"github.com/pyasm/pyasm/versions"
)

// OpcodeProblem says why name is not an opcode that can be written for v,
// with a hint: a specialized or pseudo-instruction, a name in the wrong
// case, one the release renamed, merged or split (a curated hint), one
// other releases have, or a likely typo. msg is "" if name is an opcode of
// v. Every front end gives the same words: the grammar for .pyasm text,
// the resolver for a program built in Go.
func OpcodeProblem(v *versions.Version, name string) (msg, hint string) {
	if v.Opcode(name) != nil {
		return "", ""
	}
	if up := strings.ToUpper(name); up != name && v.Opcode(up) != nil {
		return fmt.Sprintf("unknown opcode %s for %s", name, v), "opcode names are upper case: " + up
	}
	if contains(v.Opcodes.Specialized, name) {
		msg = fmt.Sprintf("%s is a specialized or instrumented opcode that the %s interpreter makes at run time; it never appears in a .pyc", name, v)
		if base := SpecializedBase(v, name); base != "" {
			hint = "write " + base
		}
		return msg, hint
	}
	if contains(v.Opcodes.PseudoOpcodes, name) {
		return fmt.Sprintf("%s is a pseudo-instruction of the %s compiler, not an opcode", name, v), versions.RenameHint(v, name)
	}
	msg = fmt.Sprintf("unknown opcode %s for %s", name, v)
	if hint = versions.RenameHint(v, name); hint != "" {
		return msg, hint
	}
	if in := versions.ReleasesWith(name); len(in) > 0 {
		return msg, fmt.Sprintf("%s exists in %s only", name, versions.FormatReleases(in))
	}
	if near := nearestOpcode(v, name); near != "" {
		return msg, "did you mean " + near + "?"
	}
	return msg, ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// SpecializedBase finds the opcode a specialized one stands for:
// INSTRUMENTED_CALL is CALL, LOAD_ATTR_SLOT is LOAD_ATTR.
func SpecializedBase(v *versions.Version, name string) string {
	if rest, ok := strings.CutPrefix(name, "INSTRUMENTED_"); ok && v.Opcode(rest) != nil {
		return rest
	}
	best := ""
	for _, op := range v.Opcodes.Opcodes {
		if len(op.Name) > len(best) && strings.HasPrefix(name, op.Name+"_") {
			best = op.Name
		}
	}
	return best
}

// nearestOpcode is the opcode of v closest to name by edit distance, if
// one is close enough to be a likely typo.
func nearestOpcode(v *versions.Version, name string) string {
	var names []string
	for _, op := range v.Opcodes.Opcodes {
		if op.Name != "CACHE" && op.Name != "EXTENDED_ARG" {
			names = append(names, op.Name)
		}
	}
	return Suggest(strings.ToUpper(name), names)
}
