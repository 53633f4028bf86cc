package emit

import (
	"fmt"
	"strconv"

	"github.com/pyasm/pyasm/marshal"
)

// A block's recorded serialization (asm.Code.Marshal) is a string with one
// entry per object, in the order the objects are written:
//
//	spec  = { entry }
//	entry = code [ "+" ]          ; an object written in full: its type code,
//	                              ; "+" when FLAG_REF is set
//	      | ("r" | "R") digits    ; a reference to the N-th object in the table
//
// Entries run through the code object and everything in it except nested
// code objects, whose entries are in their own blocks' strings. Replaying
// the strings over the emitted objects reproduces the original bytes: type
// bytes are set, and a reference becomes the very node it names, which the
// encoder then writes as a reference again.

// entry is one parsed spec entry.
type entry struct {
	code byte // type byte, FLAG_REF included; 0 for a reference
	ref  int  // slot for a reference, -1 otherwise
}

func parseSpec(s string) ([]entry, error) {
	var out []entry
	for i := 0; i < len(s); {
		c := s[i]
		i++
		if c == 'r' || c == 'R' {
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j == i {
				// A bare 'r' is not a type an object can be written with.
				return nil, fmt.Errorf("marshal record: %q at %d needs a slot number", c, i-1)
			}
			n, err := strconv.Atoi(s[i:j])
			if err != nil {
				return nil, fmt.Errorf("marshal record: bad slot at %d: %v", i, err)
			}
			out = append(out, entry{ref: n})
			i = j
			continue
		}
		e := entry{code: c, ref: -1}
		if i < len(s) && s[i] == '+' {
			e.code |= marshal.FlagRef
			i++
		}
		out = append(out, e)
	}
	return out, nil
}

// replayer walks emitted objects in write order, applying the records.
type replayer struct {
	d     *marshal.Dialect
	specs map[*marshal.Code][]entry // each block's records
	cur   []entry
	slots []marshal.Object
}

// visit applies the next record to the object at *p.
func (r *replayer) visit(p *marshal.Object) error {
	o := *p
	if c, ok := o.(*marshal.Code); ok {
		if spec, ok := r.specs[c]; ok {
			saved := r.cur
			r.cur = spec
			if err := r.apply(p); err != nil {
				return err
			}
			if len(r.cur) > 0 {
				return fmt.Errorf("marshal record of %s has %d entries more than the code object has objects", marshal.Repr(c.Name, nil, 40), len(r.cur))
			}
			r.cur = saved
			return nil
		}
	}
	return r.apply(p)
}

// apply takes the next record for the object at *p and walks its children.
func (r *replayer) apply(p *marshal.Object) error {
	o := *p
	if len(r.cur) == 0 {
		return fmt.Errorf("marshal record ends before the objects do (at a %T)", o)
	}
	e := r.cur[0]
	r.cur = r.cur[1:]
	if e.ref >= 0 {
		if e.ref >= len(r.slots) {
			return fmt.Errorf("marshal record refers to slot %d, but only %d objects are in the table", e.ref, len(r.slots))
		}
		if d := marshal.Diff(r.slots[e.ref], o); d != "" {
			return fmt.Errorf("marshal record refers to slot %d, which holds another value (%s)", e.ref, d)
		}
		*p = r.slots[e.ref]
		return nil
	}
	marshal.SetTypeByte(o, e.code)
	if r.d.TakesSlot(e.code) {
		r.slots = append(r.slots, o)
	}
	for _, child := range r.d.Children(o) {
		if err := r.visit(child); err != nil {
			return err
		}
	}
	return nil
}
