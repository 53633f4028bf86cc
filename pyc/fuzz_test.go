package pyc

import (
	"bytes"
	"os"
	"testing"

	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// FuzzRead feeds arbitrary bytes to the .pyc reader. It must never panic,
// and whatever it accepts must write back to exactly the same bytes.
// Seeds: the fact sheet's hand-made files in testdata/fuzz, plus a few small
// stdlib .pyc files of every release found on the machine.
func FuzzRead(f *testing.F) {
	for _, v := range versions.All() {
		files, err := pythons.StdlibPycs(v.String())
		if err != nil {
			continue
		}
		added := 0
		for _, path := range files {
			data, err := os.ReadFile(path)
			if err != nil || len(data) > 4096 {
				continue
			}
			f.Add(data)
			if added++; added == 4 {
				break
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read(data)
		if err != nil {
			return
		}
		out, err := file.Bytes()
		if err != nil {
			t.Fatalf("accepted input does not encode: %v", err)
		}
		if !bytes.Equal(out, data) {
			t.Fatalf("re-encoded bytes differ:\n in %x\nout %x", data, out)
		}
		// The body's size in full, which sizes the buffer, is at least
		// what is written (references write less).
		body, err := marshal.Encode(file.Object, file.Version.Marshal)
		if err != nil {
			t.Fatalf("accepted input does not encode: %v", err)
		}
		if size := marshal.SizeIn(file.Object, file.Version.Marshal); size < len(body) {
			t.Fatalf("SizeIn %d for a body of %d bytes", size, len(body))
		}
	})
}
