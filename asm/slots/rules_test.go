package slots

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pyasm/pyasm/versions"
)

// TestEveryControlHasARule: a control word a table uses without a rule
// here would silently walk the opcode as a plain one.
func TestEveryControlHasARule(t *testing.T) {
	for _, v := range versions.All() {
		for name, word := range v.Slots.Controls() {
			_, ok := controlRules[word]
			if f := strings.Fields(word); len(f) > 1 && placementWords[f[0]] {
				ok = true
			}
			assert.True(t, ok, "%s %s: control %q has no rule", v, name, word)
		}
	}
}
