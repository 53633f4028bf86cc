package opdoc

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pyasm/pyasm/versions"
)

// knownNames maps every opcode name of every release (real, specialized
// and pseudo) to the releases that know it.
func knownNames() map[string][]*versions.Version {
	known := map[string][]*versions.Version{}
	for _, v := range versions.All() {
		var names []string
		for _, op := range v.Opcodes.Opcodes {
			names = append(names, op.Name)
		}
		names = append(names, v.Opcodes.Specialized...)
		names = append(names, v.Opcodes.PseudoOpcodes...)
		for _, n := range names {
			known[n] = append(known[n], v)
		}
	}
	return known
}

func TestFormat(t *testing.T) {
	assert.Empty(t, Problems())
}

// TestEveryOpcodeDescribed fails naming every opcode of any release that
// opcodes.md has no section for.
func TestEveryOpcodeDescribed(t *testing.T) {
	var missing []string
	for name, in := range knownNames() {
		if Lookup(name) == nil {
			missing = append(missing, name+" ("+versions.FormatReleases(in)+")")
		}
	}
	sort.Strings(missing)
	assert.Empty(t, missing, "opcodes.md has no section for these; write one:\n%s", strings.Join(missing, "\n"))
}

// TestNoStrayNames: a section names only opcodes some release has, and a
// note speaks of releases that know one of its names.
func TestNoStrayNames(t *testing.T) {
	known := knownNames()
	supported := map[int]bool{}
	for _, v := range versions.All() {
		supported[v.Number()] = true
	}
	for _, name := range Names() {
		if _, ok := known[name]; !ok {
			t.Errorf("opcodes.md describes %s, which no release has", name)
		}
	}
	for _, name := range Names() {
		doc := Lookup(name)
		if doc.Names[0] != name {
			continue // each section once
		}
		for _, n := range doc.Notes {
			for _, r := range []int{n.From, n.To} {
				assert.True(t, r == 0 || supported[r], "## %s: the note for %s names a release pyasm does not support", name, n.Releases())
			}
			any := false
			for _, dn := range doc.Names {
				for _, v := range known[dn] {
					any = any || n.Applies(v)
				}
			}
			assert.True(t, any, "## %s: the note for %s is about releases none of its names exist in", name, n.Releases())
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		notes []string // Releases() of the notes
		body  string
		errs  []string
	}{
		{"plain", "preface\n## NOP\nDoes\nnothing.\n", nil, "Does nothing.", nil},
		{"notes", "## X\nText.\n- 2.7: old\n- 3.6-3.10: mid\n  more\n- 3.12+: new\n", []string{"2.7", "3.6–3.10", "3.12+"}, "Text.", nil},
		{"bad note", "## X\nText.\n- soon: later\n", nil, "Text.", []string{"a note is written"}},
		{"backwards", "## X\nText.\n- 3.10-3.6: no\n", []string{"3.10–3.6"}, "Text.", []string{"run backwards"}},
		{"twice", "## X\nA.\n\n## X\nB.\n", nil, "B.", []string{"X has a second section"}},
		{"empty", "## X\n\n", nil, "", []string{"no description"}},
		{"stray text", "## X\nA.\n- 3.12: b\nloose\n", []string{"3.12"}, "A.", []string{"text after the notes"}},
		{"bad name", "## lower\nA.\n", nil, "A.", []string{`"lower" is not an opcode name`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := parse(tt.text)
			var doc *Doc
			for _, d := range docs {
				doc = d
			}
			if assert.NotNil(t, doc) {
				assert.Equal(t, tt.body, doc.Text)
				var notes []string
				for _, n := range doc.Notes {
					notes = append(notes, n.Releases())
				}
				assert.Equal(t, tt.notes, notes)
			}
			assert.Len(t, errs, len(tt.errs))
			for i := range min(len(errs), len(tt.errs)) {
				assert.Contains(t, errs[i].Error(), tt.errs[i])
			}
		})
	}
}
