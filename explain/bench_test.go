package explain

import (
	"io"
	"testing"

	"github.com/pyasm/pyasm/internal/benchutil"
)

// BenchmarkExplain measures the byte map of 3.12's _pydecimal, full and
// outline, written to io.Discard; MB/s counts .pyc bytes.
func BenchmarkExplain(b *testing.B) {
	for _, tc := range []struct {
		name string
		opts Options
	}{{"full", Options{}}, {"outline", Options{Outline: true}}} {
		b.Run(tc.name, func(b *testing.B) {
			data := benchutil.Pydecimal(b)
			instrs := benchutil.Instructions(b, data)
			m := benchutil.Start(b, len(data))
			for i := 0; i < b.N; i++ {
				if err := WriteOptions(io.Discard, "_pydecimal.pyc", data, tc.opts); err != nil {
					b.Fatal(err)
				}
			}
			m.Stop(instrs, len(data))
		})
	}
}
