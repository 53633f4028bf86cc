// Package opdoc holds what each opcode does, in words: the reviewed text
// of opcodes.md, one section per opcode name, with notes for the releases
// where the meaning changed.
//
// It sits beside the version tables, which hold every other fact about an
// opcode (its number, operand, caches, stack picture, the releases that
// have it and what replaced it); pyasm help puts the two together. The
// test of this package fails when any name of any release has no section.
package opdoc

import (
	_ "embed"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/pyasm/pyasm/versions"
)

//go:embed opcodes.md
var source string

// Doc is the description of one opcode name.
type Doc struct {
	// Names are all the names the section covers (BINARY_ADD and
	// INPLACE_ADD share one).
	Names []string
	// Text is the description, its lines joined into one paragraph.
	Text  string
	Notes []Note
}

// Note is what differs on some releases.
type Note struct {
	// From and To bound the releases (inclusive, as 100*major+minor; 0 is
	// unbounded): "3.12+" is 312..0, "3.6-3.10" is 306..310.
	From, To int
	Text     string
}

// Applies says whether the note is about release v.
func (n *Note) Applies(v *versions.Version) bool {
	r := v.Number()
	return r >= n.From && (n.To == 0 || r <= n.To)
}

// Releases writes the note's releases as the help shows them: "3.12+",
// "3.6–3.10", "2.7".
func (n *Note) Releases() string {
	switch {
	case n.To == 0:
		return release(n.From) + "+"
	case n.From == n.To:
		return release(n.From)
	}
	return release(n.From) + "–" + release(n.To)
}

func release(n int) string { return fmt.Sprintf("%d.%d", n/100, n%100) }

var (
	docs     = map[string]*Doc{}
	problems []error
	// load reads opcodes.md at the first question, not at every start.
	load = sync.OnceFunc(func() { docs, problems = parse(source) })
)

// Lookup is the description of an opcode name; nil if opcodes.md has none.
func Lookup(name string) *Doc { load(); return docs[name] }

// Names lists every name opcodes.md describes.
func Names() []string {
	load()
	out := make([]string, 0, len(docs))
	for n := range docs {
		out = append(out, n)
	}
	return out
}

// Problems lists what in opcodes.md does not follow its format; the
// package's test requires none.
func Problems() []error { load(); return problems }

var (
	noteLine  = regexp.MustCompile(`^- (\d\.\d+)(?:(\+)|-(\d\.\d+))?: (.*)$`)
	namePart  = regexp.MustCompile(`^[A-Z][A-Z0-9_]*(\+\d)?$`)
	releaseRe = regexp.MustCompile(`^(\d)\.(\d+)$`)
)

// parse reads the sections of opcodes.md (its format is at the top of
// the file). Text before the first section is the file's own preface.
func parse(text string) (map[string]*Doc, []error) {
	out := map[string]*Doc{}
	var errs []error
	var doc *Doc
	var body, note []string // the lines of the description and of the open note
	var noteAt *Note
	closeNote := func() {
		if noteAt != nil {
			noteAt.Text = strings.Join(note, " ")
			doc.Notes = append(doc.Notes, *noteAt)
			noteAt, note = nil, nil
		}
	}
	closeDoc := func() {
		if doc == nil {
			return
		}
		closeNote()
		doc.Text = strings.Join(body, " ")
		if doc.Text == "" {
			errs = append(errs, fmt.Errorf("## %s: no description", strings.Join(doc.Names, " ")))
		}
		doc, body = nil, nil
	}
	inBody := false // still in the description's paragraph
	for i, line := range strings.Split(text, "\n") {
		at := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("opcodes.md:%d: "+format, append([]any{i + 1}, args...)...))
		}
		switch {
		case strings.HasPrefix(line, "## "):
			closeDoc()
			doc = &Doc{Names: strings.Fields(line[3:])}
			inBody = true
			for _, n := range doc.Names {
				if !namePart.MatchString(n) {
					at("%q is not an opcode name", n)
				}
				if out[n] != nil {
					at("%s has a second section", n)
				}
				out[n] = doc
			}
		case doc == nil:
			// the preface
		case strings.TrimSpace(line) == "":
			closeNote()
			inBody = false
		case strings.HasPrefix(line, "- "):
			closeNote()
			inBody = false
			m := noteLine.FindStringSubmatch(line)
			if m == nil {
				at("a note is written - 3.12: text, - 3.6-3.10: text or - 3.12+: text")
				continue
			}
			n := &Note{From: number(m[1]), To: number(m[1])}
			if m[2] == "+" {
				n.To = 0
			} else if m[3] != "" {
				n.To = number(m[3])
			}
			if n.To != 0 && n.To < n.From {
				at("the releases of a note run backwards")
			}
			noteAt, note = n, []string{m[4]}
		case noteAt != nil && strings.HasPrefix(line, "  "):
			note = append(note, strings.TrimSpace(line))
		case inBody:
			body = append(body, strings.TrimSpace(line))
		default:
			at("text after the notes: indent a note's continuation by two spaces")
		}
	}
	closeDoc()
	return out, errs
}

// number turns "3.12" into 312 (the regexp made sure of the form).
func number(s string) int {
	m := releaseRe.FindStringSubmatch(s)
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	return major*100 + minor
}
