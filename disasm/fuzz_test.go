package disasm

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// fuzzSeeds are real .pyc files to mutate: the explainer's tour of every
// release, and a few small stdlib files of each release found on the
// machine, picked spread over the stdlib so they differ in kind.
func fuzzSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	tours, err := filepath.Glob("../explain/testdata/tour-*.pyc")
	if err != nil {
		f.Fatal(err)
	}
	for _, path := range tours {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, data)
	}
	if f := flag.Lookup("test.fuzzworker"); f != nil && f.Value.String() == "true" {
		// A fuzzing worker runs no seeds (the coordinator sends it its
		// inputs) and is restarted often: asking every interpreter for
		// its stdlib there would cost seconds a time for nothing.
		return seeds
	}
	for _, v := range versions.All() {
		files, err := pythons.StdlibPycs(v.String())
		if err != nil {
			continue
		}
		added := 0
		for _, path := range pythons.Sample(files, 200) {
			data, err := os.ReadFile(path)
			if err != nil || len(data) < 300 || len(data) > 3000 {
				continue
			}
			seeds = append(seeds, data)
			if added++; added == 3 {
				break
			}
		}
	}
	return seeds
}

// FuzzDis feeds arbitrary bytes to the disassembler, as `pyasm dis` does:
// read the .pyc, lift it (human and exact form) and print the program.
// Errors are fine; a panic is not.
func FuzzDis(f *testing.F) {
	for _, data := range fuzzSeeds(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := pyc.Read(data)
		if err != nil {
			return
		}
		if prog, _, err := Human(file); err == nil {
			_ = format.Program(&bytes.Buffer{}, prog)
		}
		if prog, _, err := Exact(file, data); err == nil {
			_ = format.Program(&bytes.Buffer{}, prog)
		}
	})
}

// FuzzRoundTrip: any .pyc the reader accepts and Human lifts prints as text
// that the grammar reads and the assembler assembles back to code objects
// equal, every field, to the original's. Human refuses (with an error
// naming the offset) only code objects CPython refuses to load; code the
// verifier refuses is lifted as it is and assembles with NoVerify, as
// `pyasm build --no-verify` does.
func FuzzRoundTrip(f *testing.F) {
	for _, data := range fuzzSeeds(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := pyc.Read(data)
		if err != nil {
			return
		}
		prog, _, err := Human(file)
		if err != nil {
			return
		}
		text, out, err := throughText(prog, "fuzz", resolve.Options{NoVerify: true})
		if err != nil {
			t.Fatalf("the printed text does not come back: %v\n%s", err, text)
		}
		back, err := pyc.Read(out)
		if err != nil {
			t.Fatalf("the assembled .pyc does not read back: %v", err)
		}
		if d := marshal.Diff(file.Object, back.Object); d != "" {
			t.Fatalf("round trip differs: %s\n%s", d, text)
		}
	})
}
