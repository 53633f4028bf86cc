package grammar

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/versions"
)

// FuzzParse: no input makes Parse panic; it returns a program or a
// positioned error list, never both and never neither.
func FuzzParse(f *testing.F) {
	for _, ex := range specExamples(f) {
		f.Add([]byte(ex.src))
	}
	files, _ := filepath.Glob("testdata/*.pyasm")
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("LOAD_CONST \"\"\"\n"))
	f.Add([]byte("code x {\n try y {\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := bytes.Count(src, []byte("\n")) + 1
		DeclaredVersion(src)
		prog, err := Parse("fuzz.pyasm", src, versions.Newest())
		if err == nil {
			if prog == nil || prog.Module == nil || prog.Version == nil {
				t.Fatal("no error and no program")
			}
			return
		}
		if prog != nil {
			t.Fatal("a program and an error")
		}
		var list asm.ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error is not an ErrorList: %v", err)
		}
		for _, e := range list {
			if e.Pos.Line < 1 || e.Pos.Line > lines || e.Pos.Col < 1 {
				t.Fatalf("error at a bad position %d:%d (%d lines): %s", e.Pos.Line, e.Pos.Col, lines, e.Msg)
			}
		}
	})
}
