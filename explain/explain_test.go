package explain

import (
	"bytes"
	"encoding/hex"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenModes are the views with a golden file per fixture: the full map
// (legend first) in tour-X.Y.golden, the outline in tour-X.Y.outline.golden.
var goldenModes = []struct {
	name   string
	opts   Options
	suffix string
}{
	{"map", Options{}, ".golden"},
	{"outline", Options{Outline: true}, ".outline.golden"},
}

// TestGolden explains tour.py as compiled by each release's interpreter
// (testdata/compile.sh makes the .pyc files) and compares with the golden
// map and outline beside it. Run with -update to accept new output.
func TestGolden(t *testing.T) {
	pycs, err := filepath.Glob("testdata/tour-*.pyc")
	require.NoError(t, err)
	require.Len(t, pycs, len(versions.All())+1, "one fixture per release, plus the hash-based 3.12 one")
	for _, pyc := range pycs {
		name := strings.TrimSuffix(filepath.Base(pyc), ".pyc")
		for _, mode := range goldenModes {
			t.Run(name+"/"+mode.name, func(t *testing.T) {
				data, err := os.ReadFile(pyc)
				require.NoError(t, err)
				var out bytes.Buffer
				require.NoError(t, WriteOptions(&out, filepath.Base(pyc), data, mode.opts))
				golden := strings.TrimSuffix(pyc, ".pyc") + mode.suffix
				if *update {
					require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
				}
				want, err := os.ReadFile(golden)
				require.NoError(t, err, "run go test ./explain -update to create it")
				assert.Equal(t, string(want), out.String())
			})
		}
	}
}

// TestNoLegend: NoLegend leaves out the legend section and nothing else.
func TestNoLegend(t *testing.T) {
	for _, release := range []string{"2.7", "3.12"} {
		data, err := os.ReadFile("testdata/tour-" + release + ".pyc")
		require.NoError(t, err)
		for _, mode := range goldenModes {
			t.Run(release+"/"+mode.name, func(t *testing.T) {
				var with, without bytes.Buffer
				require.NoError(t, WriteOptions(&with, "tour.pyc", data, mode.opts))
				opts := mode.opts
				opts.NoLegend = true
				require.NoError(t, WriteOptions(&without, "tour.pyc", data, opts))
				assert.NotContains(t, without.String(), "how to read this")
				legend := regexp.MustCompile(`(?s)\nhow to read this .*?\n\n`)
				require.Len(t, legend.FindAllString(with.String(), -1), 1)
				assert.Equal(t, legend.ReplaceAllString(with.String(), "\n"), without.String())
			})
		}
	}
}

// mapRow matches a row of the map that shows bytes: the offset, then the
// raw bytes column.
var mapRow = regexp.MustCompile(`^([0-9a-f]{6})  ((?:[0-9a-f]{2} ?){1,8})`)

// TestMapCoversEveryByte: the map's rows show every byte of the file once,
// in order, as it is in the file.
func TestMapCoversEveryByte(t *testing.T) {
	pycs, err := filepath.Glob("testdata/tour-*.pyc")
	require.NoError(t, err)
	for _, pyc := range pycs {
		t.Run(filepath.Base(pyc), func(t *testing.T) {
			data, err := os.ReadFile(pyc)
			require.NoError(t, err)
			var out bytes.Buffer
			require.NoError(t, Write(&out, "tour.pyc", data))
			next := 0
			for _, line := range strings.Split(out.String(), "\n") {
				m := mapRow.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				off, err := strconv.ParseInt(m[1], 16, 64)
				require.NoError(t, err)
				require.Equal(t, next, int(off), "row %q", line)
				raw, err := hex.DecodeString(strings.ReplaceAll(strings.TrimSpace(m[2]), " ", ""))
				require.NoError(t, err)
				require.Equal(t, data[next:next+len(raw)], raw, "row %q", line)
				next += len(raw)
			}
			assert.Equal(t, len(data), next, "bytes the map shows")
		})
	}
}

// outlineRow matches a row of the outline: first and last byte, the
// indentation, the text.
var outlineRow = regexp.MustCompile(`^([0-9a-f]{6})-([0-9a-f]{6})  ( *)(.*)$`)

// TestOutlineNests: the top-level rows of the outline cover the file; every
// row lies inside the row it is indented under, after its earlier siblings;
// and the fields of a code object cover all of it but its type byte.
func TestOutlineNests(t *testing.T) {
	pycs, err := filepath.Glob("testdata/tour-*.pyc")
	require.NoError(t, err)
	for _, pyc := range pycs {
		t.Run(filepath.Base(pyc), func(t *testing.T) {
			data, err := os.ReadFile(pyc)
			require.NoError(t, err)
			var out bytes.Buffer
			require.NoError(t, WriteOptions(&out, "tour.pyc", data, Options{Outline: true}))
			type part struct {
				first, last int
				text        string
				children    []*part
			}
			root := &part{first: 0, last: len(data) - 1}
			open := []*part{root} // open[d] is the latest row at depth d-1
			for _, line := range strings.Split(out.String(), "\n") {
				m := outlineRow.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				first, _ := strconv.ParseInt(m[1], 16, 64)
				last, _ := strconv.ParseInt(m[2], 16, 64)
				depth := len(m[3]) / 2
				require.Less(t, depth, len(open), "row %q is indented past its parent", line)
				p := &part{first: int(first), last: int(last), text: m[4]}
				parent := open[depth]
				assert.True(t, p.first >= parent.first && p.last <= parent.last, "row %q outside its parent %q", line, parent.text)
				if n := len(parent.children); n > 0 {
					assert.Greater(t, p.first, parent.children[n-1].last, "row %q overlaps its sibling", line)
				}
				parent.children = append(parent.children, p)
				open = append(open[:depth+1], p)
			}
			covers := func(p *part, first int) {
				for _, c := range p.children {
					assert.Equal(t, first, c.first, "%q in %q", c.text, p.text)
					first = c.last + 1
				}
				assert.Equal(t, p.last+1, first, "the end of %q", p.text)
			}
			covers(root, 0)
			var walk func(p *part)
			codes := 0
			walk = func(p *part) {
				if strings.Contains(p.text, "code object '") {
					codes++
					covers(p, p.first+1)
				}
				for _, c := range p.children {
					walk(c)
				}
			}
			walk(root)
			assert.Equal(t, 3, codes, "code objects: the module, scale and shift")
		})
	}
}

// TestStdlibSample explains a sample of real files of every release, as a
// map and as an outline: each must explain without error (every line and
// exception table decodes).
func TestStdlibSample(t *testing.T) {
	for _, v := range versions.All() {
		t.Run(v.String(), func(t *testing.T) {
			t.Parallel()
			files := pythons.Sample(pythons.RequireStdlibPycs(t, v.String()), 40)
			for _, path := range files {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				for _, mode := range goldenModes {
					assert.NoError(t, WriteOptions(io.Discard, path, data, mode.opts), "%s, %s", path, mode.name)
				}
			}
		})
	}
}

// TestTruncated cuts a fixture at every length: each must give an error
// naming an offset, never a panic.
func TestTruncated(t *testing.T) {
	data, err := os.ReadFile("testdata/tour-3.12.pyc")
	require.NoError(t, err)
	for _, mode := range goldenModes {
		for n := 0; n < len(data); n++ {
			err := WriteOptions(io.Discard, "cut.pyc", data[:n], mode.opts)
			require.Error(t, err, "%s cut at %d", mode.name, n)
			assert.Contains(t, err.Error(), "offset ", "%s cut at %d", mode.name, n)
		}
	}
}

func TestDamaged(t *testing.T) {
	data, err := os.ReadFile("testdata/tour-3.12.pyc")
	require.NoError(t, err)
	tests := []struct {
		name   string
		damage func([]byte) []byte
		want   string
	}{
		{"not a pyc", func(b []byte) []byte { return []byte("print('hi')\n") }, "not a .pyc file"},
		{"bad type code", func(b []byte) []byte { b[16] = '?'; return b }, "offset 16 (0x10): unknown type code 0x3f ('?')"},
		{"trailing bytes are fine", func(b []byte) []byte { return append(b, 1, 2, 3) }, ""},
	}
	for _, tt := range tests {
		for _, mode := range goldenModes {
			t.Run(tt.name+"/"+mode.name, func(t *testing.T) {
				var out bytes.Buffer
				err := WriteOptions(&out, "x.pyc", tt.damage(append([]byte(nil), data...)), mode.opts)
				if tt.want == "" {
					assert.NoError(t, err)
					assert.Contains(t, out.String(), "3 bytes after the object; CPython ignores them")
					return
				}
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.want)
				assert.Contains(t, out.String(), "error: ")
			})
		}
	}
}

// FuzzExplain: whatever the bytes, explain returns (an error or a map) and
// never panics.
func FuzzExplain(f *testing.F) {
	pycs, _ := filepath.Glob("testdata/tour-*.pyc")
	for _, p := range pycs {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, mode := range goldenModes {
			_ = WriteOptions(io.Discard, "fuzz.pyc", data, mode.opts)
		}
	})
}

// TestOutlineOddBody: a body that is not a code object is outlined as what
// it is, with the note the map gives.
func TestOutlineOddBody(t *testing.T) {
	data, err := os.ReadFile("testdata/tour-3.12.pyc")
	require.NoError(t, err)
	odd := append(data[:16:16], ')', 2, 'N', 'i'|0x80, 5, 0, 0, 0, 'x', 'y', 'z')
	var out bytes.Buffer
	require.NoError(t, WriteOptions(&out, "odd.pyc", odd, Options{Outline: true, NoLegend: true}))
	assert.Contains(t, out.String(), "000010-000017    tuple, small: 2 items: None, 5\n")
	assert.Contains(t, out.String(), "note: offset 16 (0x10): the body is a")
	assert.Contains(t, out.String(), "000018-00001a  trailing: 3 bytes after the object; CPython ignores them\n")
}

// TestOutlineLeavesOutNothingShown: the outline's tree, which leaves out
// the items it only counts, gives the outline the whole tree gives, for
// every tour file and every cut of it (a cut-short object's range comes
// from how far its items got).
func TestOutlineLeavesOutNothingShown(t *testing.T) {
	pycs, err := filepath.Glob("testdata/tour-*.pyc")
	require.NoError(t, err)
	render := func(data []byte, leavesOut bool) string {
		defer func(was bool) { outlineLeavesOut = was }(outlineLeavesOut)
		outlineLeavesOut = leavesOut
		var out bytes.Buffer
		_ = WriteOptions(&out, "tour.pyc", data, Options{Outline: true, NoLegend: true})
		return out.String()
	}
	for _, pyc := range pycs {
		data, err := os.ReadFile(pyc)
		require.NoError(t, err)
		for cut := len(data); cut > 0; cut -= 7 {
			require.Equal(t, render(data[:cut], false), render(data[:cut], true), "%s cut at %d", pyc, cut)
		}
	}
}

// TestOutlineTreeKeepsNesting: in the outline's tree an item left out
// holds nothing, and every container keeps its items in place, slices
// and frozendicts too (their items are objects of their own).
func TestOutlineTreeKeepsNesting(t *testing.T) {
	// A tuple of an int, a slice of three ints and a code object.
	build := func(tr *tree) {
		tr.Begin(0, '(', -1)
		tr.Begin(5, 'i', -1)
		tr.End(10, nil)
		tr.Begin(10, ':', -1)
		for k := 0; k < 3; k++ {
			tr.Begin(11+5*k, 'i', -1)
			tr.End(16+5*k, nil)
		}
		tr.End(26, nil)
		tr.Begin(26, '}', -1)
		tr.Begin(27, 'N', -1)
		tr.End(28, nil)
		tr.End(29, nil)
		tr.Begin(29, 'c', -1)
		tr.End(40, nil)
		tr.End(40, nil)
		tr.finish()
	}
	whole, outline := &tree{}, &tree{outline: true, stub: node{typ: 'N'}}
	build(whole)
	build(outline)
	require.Len(t, whole.roots, 1)
	require.Len(t, outline.roots, 1)
	w, o := whole.roots[0], outline.roots[0]
	require.Len(t, o.children, len(w.children))
	for i := range w.children {
		assert.Equal(t, w.children[i].typ == 'c', o.children[i].typ == 'c', "item %d", i)
		assert.Len(t, o.children[i].children, len(w.children[i].children), "item %d keeps its items", i)
	}
	assert.Equal(t, w.extent(), o.extent())
}
