package marshal

// TakesSlot reports whether an object written with type byte code enters
// the reference table, which back-references number: with FLAG_REF in
// marshal version 3 and later (singletons and references never do), and
// in 2.7 every interned string 't'.
func (d *Dialect) TakesSlot(code byte) bool {
	if d.Python2 {
		return code == 't'
	}
	return code&FlagRef != 0 && registers(code&^FlagRef)
}

// SetTypeByte sets the type byte a node is written with.
func SetTypeByte(o Object, code byte) {
	switch o := o.(type) {
	case *None:
		o.Type = code
	case *StopIteration:
		o.Type = code
	case *Ellipsis:
		o.Type = code
	case *Bool:
		o.Type = code
	case *Int:
		o.Type = code
	case *Float:
		o.Type = code
	case *Complex:
		o.Type = code
	case *Bytes:
		o.Type = code
	case *Str:
		o.Type = code
	case *Tuple:
		o.Type = code
	case *List:
		o.Type = code
	case *Set:
		o.Type = code
	case *FrozenSet:
		o.Type = code
	case *Dict:
		o.Type = code
	case *FrozenDict:
		o.Type = code
	case *Slice:
		o.Type = code
	case *Code:
		o.Type = code
	}
}

// Children returns pointers to the objects o contains, in the order they
// are written, so that a walk can replace them. A code object's fields
// follow the dialect's layout.
func (d *Dialect) Children(o Object) []*Object {
	var out []*Object
	items := func(list []Object) {
		for i := range list {
			out = append(out, &list[i])
		}
	}
	pairs := func(list []KeyValue) {
		for i := range list {
			out = append(out, &list[i].Key, &list[i].Value)
		}
	}
	switch o := o.(type) {
	case *Tuple:
		items(o.Items)
	case *List:
		items(o.Items)
	case *Set:
		items(o.Items)
	case *FrozenSet:
		items(o.Items)
	case *Dict:
		pairs(o.Items)
	case *FrozenDict:
		pairs(o.Items)
	case *Slice:
		out = append(out, &o.Start, &o.Stop, &o.Step)
	case *Code:
		for _, f := range d.Code.Fields {
			if f.Obj != nil {
				out = append(out, f.Obj(o))
			}
		}
	}
	return out
}
