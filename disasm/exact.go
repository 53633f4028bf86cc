package disasm

import (
	"strconv"
	"strings"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
)

// Exact is Human plus what it takes to write the original file back byte
// for byte: the header after the magic number, any trailing bytes, and for
// every code block the record of how each of its objects was marshalled
// (type codes, FLAG_REF, references; see asm/emit's exact.go).
func Exact(f *pyc.File, data []byte) (*asm.Program, Stats, error) {
	p, st, err := Human(f)
	if err != nil {
		return nil, st, err
	}
	if n := f.Version.HeaderSize(); len(data) >= n {
		p.Header = append([]byte(nil), data[4:n]...)
	}
	p.Trailing = f.Trailing
	top, err := f.Code()
	if err != nil {
		return nil, st, err
	}
	r := &recorder{d: f.Version.Marshal, seen: map[marshal.Object]int{}, specs: map[*marshal.Code]*strings.Builder{}}
	r.visit(top)
	// Blocks were lifted in the order of their code objects: pair them up
	// the same way.
	codes := codeObjects(top)
	for i, c := range blocks(p.Module) {
		if i < len(codes) {
			c.Marshal = r.specs[codes[i]].String()
		}
	}
	return p, st, nil
}

// codeObjects lists a code object and those in its constants, in the order
// the lifter makes blocks of them.
func codeObjects(c *marshal.Code) []*marshal.Code {
	out := []*marshal.Code{c}
	for _, k := range tuple(c.Consts) {
		if kc, ok := k.(*marshal.Code); ok {
			out = append(out, codeObjects(kc)...)
		}
	}
	return out
}

// recorder writes the records while walking the objects in file order,
// numbering reference slots as the encoder does.
type recorder struct {
	d      *marshal.Dialect
	seen   map[marshal.Object]int
	nslots int
	specs  map[*marshal.Code]*strings.Builder
	cur    *strings.Builder
}

func (r *recorder) visit(o marshal.Object) {
	if k, ok := r.seen[o]; ok {
		if r.d.Python2 {
			r.cur.WriteByte('R')
		} else {
			r.cur.WriteByte('r')
		}
		r.cur.WriteString(strconv.Itoa(k))
		return
	}
	if c, ok := o.(*marshal.Code); ok {
		saved := r.cur
		r.cur = &strings.Builder{}
		r.specs[c] = r.cur
		defer func() { r.cur = saved }()
	}
	code := o.TypeByte()
	r.cur.WriteByte(code &^ marshal.FlagRef)
	if code&marshal.FlagRef != 0 && !r.d.Python2 {
		r.cur.WriteByte('+')
	}
	if r.d.TakesSlot(code) {
		r.seen[o] = r.nslots
		r.nslots++
	}
	for _, child := range r.d.Children(o) {
		r.visit(*child)
	}
}
