package portable

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pyasm/pyasm/versions"
)

// Every release spells every portable instruction, in each direction and
// with each operator (but @, which 2.7 lacks), with opcodes it has.
func TestEveryForm(t *testing.T) {
	for _, v := range versions.All() {
		// A release whose LOAD_FAST does not check has a form for one that
		// some path reaches unassigned.
		if v.LocalAction("LOAD_FAST") == versions.LocalLoadUnchecked {
			tmpl, ok := v.PortableForm(uncheckedForm, "")
			if assert.True(t, ok, "%s has no form of %s", v, uncheckedForm) {
				assert.NotNil(t, v.Opcode(strings.Fields(tmpl)[0]), "%s: %s", v, tmpl)
			}
		}
		for _, name := range Names() {
			variants := []string{""}
			sh := instructions[name]
			switch {
			case len(sh.operands) > 0 && sh.operands[0] == label:
				variants = []string{"forward", "backward"}
			case len(sh.operands) > 0 && sh.operands[0] == operator:
				variants = operators[name]
			}
			for _, variant := range variants {
				tmpl, ok := v.PortableForm(name, variant)
				if v == versions.V2_7 && name == "binary" && strings.HasPrefix(variant, "@") {
					assert.False(t, ok, "2.7 has no matrix multiplication")
					continue
				}
				if !assert.True(t, ok, "%s has no form of %s %s", v, name, variant) {
					continue
				}
				for _, line := range strings.FieldsFunc(tmpl, func(r rune) bool { return r == ';' || r == '\n' }) {
					line = strings.TrimSpace(line)
					if strings.HasPrefix(line, "?") {
						_, line, _ = strings.Cut(line, " ")
					}
					if line == "" || strings.HasSuffix(line, ":") {
						continue
					}
					op := strings.Fields(line)[0]
					assert.NotNil(t, v.Opcode(op), "%s's form of %s %s names %s, which it does not have", v, name, variant, op)
				}
			}
		}
	}
}
