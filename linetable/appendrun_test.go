package linetable

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// AppendRun merges as the encoder does: building runs with it or merging
// them afterwards gives the same runs, and the same table.
func TestAppendRun(t *testing.T) {
	a, b := Position{1, 1, 0, 4}, Position{2, 2, 0, 4}
	for _, tc := range []struct {
		name string
		runs []Run
		want []Run
	}{
		{"joins the same position", []Run{{2, a}, {1, a}}, []Run{{3, a}}},
		{"keeps another position", []Run{{2, a}, {1, b}, {1, a}}, []Run{{2, a}, {1, b}, {1, a}}},
		{"drops empty runs", []Run{{0, a}, {1, b}, {0, b}, {2, b}}, []Run{{3, b}}},
		{"leaves a negative run to be refused", []Run{{2, a}, {-1, a}}, []Run{{2, a}, {-1, a}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []Run
			for _, r := range tc.runs {
				got = AppendRun(got, r)
			}
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.want, mergeRuns(tc.runs))
			fromMerged, err1 := EncodeLocations(got, 1, Merged)
			fromRaw, err2 := EncodeLocations(tc.runs, 1, Merged)
			assert.Equal(t, err2, err1)
			assert.Equal(t, fromRaw, fromMerged)
		})
	}
}
