package emit_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/spec"
	"github.com/pyasm/pyasm/versions"
)

// assembleSeeds are the example programs and the language reference's code
// blocks: every construct the assembler knows, in every release's dialect.
func assembleSeeds(tb testing.TB) [][]byte {
	var seeds [][]byte
	for _, pattern := range []string{"../../examples/*.pyasm", "../../examples/versions/*.pyasm"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			tb.Fatal(err)
		}
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				tb.Fatal(err)
			}
			seeds = append(seeds, src)
		}
	}
	for _, ex := range spec.Examples() {
		seeds = append(seeds, []byte(ex.Src))
	}
	return seeds
}

// FuzzAssemble runs the whole assembler, text to .pyc: parse with the
// grammar, resolve and emit. Any input may be rejected with an error; none
// may panic, and a .pyc the assembler does produce must be one the reader
// accepts.
func FuzzAssemble(f *testing.F) {
	seeds := assembleSeeds(f)
	if len(seeds) < 20 {
		f.Fatalf("only %d seeds: examples or spec/SYNTAX.md moved?", len(seeds))
	}
	for _, src := range seeds {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		prog, err := grammar.Parse("fuzz.pyasm", src, versions.Newest())
		if err != nil {
			return
		}
		rp, err := resolve.Resolve(prog)
		if err != nil {
			return
		}
		out, err := emit.Pyc(rp)
		if err != nil {
			return
		}
		if _, err := pyc.Read(out); err != nil {
			t.Fatalf("the assembler wrote a .pyc the reader rejects: %v", err)
		}
		sameAsTree(t, rp, out)
	})
}

// sameAsTree checks that the .pyc Pyc wrote, code object by code object as
// the encoder reached them, is the one written from the whole tree of code
// objects built first (CodeObject), as Pyc wrote it before it streamed.
func sameAsTree(t *testing.T, rp *resolve.Program, out []byte) {
	t.Helper()
	if rp.Module.Marshal != "" || rp.Header != nil {
		return // replayed over the tree anyway; a recorded header is pyc's
	}
	code, err := emit.CodeObject(rp, rp.Module)
	if err != nil {
		t.Fatalf("Pyc wrote a .pyc, but the tree does not build: %v", err)
	}
	f := &pyc.File{Version: rp.Version, Header: pyc.Header{Magic: rp.Version.Magic}, Object: code, Trailing: rp.Trailing}
	tree, err := f.Bytes()
	if err != nil {
		t.Fatalf("Pyc wrote a .pyc, but the tree does not encode: %v", err)
	}
	if !bytes.Equal(tree, out) {
		t.Fatalf("the streamed .pyc (%d bytes) differs from the tree's (%d bytes)", len(out), len(tree))
	}
}
