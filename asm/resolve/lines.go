package resolve

import (
	"github.com/pyasm/pyasm/linetable"
	"github.com/pyasm/pyasm/versions"
)

// lineTable encodes the instructions' positions in the release's format:
// line starts for co_lnotab, byte ranges for 3.10, and for 3.11+ one run of
// code units per instruction (prefixes and caches included), merged where
// the release merges them.
func (b *builder) lineTable() []byte {
	var tab []byte
	var err error
	switch b.v.Lines {
	case versions.LnotabUnsigned, versions.LnotabSigned:
		// Every .line directive is a line start, where 2.7–3.9 trace a line
		// event, even when the line repeats.
		var starts []linetable.LineStart
		last := b.firstLine
		add := func(off int, ls lineStart) {
			if b.v.Lines == versions.LnotabUnsigned && ls.line < last {
				b.r.errorf(ls.pos, ".line %d after line %d: %s's co_lnotab cannot go back to an earlier line", ls.line, last, b.v)
				return
			}
			starts = append(starts, linetable.LineStart{Offset: off, Line: ls.line})
			last = ls.line
		}
		for _, in := range b.insts {
			for _, ls := range b.lineStarts[in] {
				add(in.offset, ls)
			}
		}
		for _, ls := range b.trailingLines {
			add(b.offsetOf(len(b.insts)), ls)
		}
		tab, err = linetable.EncodeLnotab(starts, b.firstLine, b.v.Lines == versions.LnotabSigned)
	case versions.LineTable310:
		var ranges []linetable.Range
		for _, in := range b.insts {
			end := in.offset + b.size(in)
			if n := len(ranges); n > 0 && ranges[n-1].Line == in.pos.Line {
				ranges[n-1].End = end
				continue
			}
			ranges = append(ranges, linetable.Range{Start: in.offset, End: end, Line: in.pos.Line})
		}
		tab, err = linetable.EncodeLineTable310(ranges, b.firstLine)
	default:
		grouping := linetable.Merged
		if b.v.LinesPerInstruction {
			grouping = linetable.PerInstruction
		}
		// The runs are merged here, as the encoder would merge them, in
		// the resolver's one buffer: the encoder keeps none of them.
		runs := b.r.runs[:0]
		for _, in := range b.insts {
			r := linetable.Run{Units: b.size(in) / 2, Position: in.pos}
			if grouping == linetable.Merged {
				runs = linetable.AppendRun(runs, r)
			} else {
				runs = append(runs, r)
			}
		}
		b.r.runs = runs
		tab, err = linetable.EncodeLocations(runs, b.firstLine, grouping)
	}
	if err != nil {
		b.r.errorf(b.src.Pos, "line table of %s: %v", b.name(), err)
	}
	return tab
}
