package disasm

import (
	"fmt"

	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/versions"
)

// A code object the marshal decoder reads may still be one CPython refuses
// to load: its constructor checks every field's type and that no count is
// below zero (SystemError "bad argument to internal function", checked on
// 2.7, 3.8, 3.10, 3.12 and 3.14), from 3.6 that its parameters fit its
// locals (ValueError, checked on 3.6-3.15), and from 3.11 that localsplus
// has a kind for each name. The program model cannot carry such fields,
// so the lifter refuses them the same way, naming the code object's
// offset. The one exception CPython lets through, a 2.7 stack size below
// zero, is refused too: it sizes the frame.

// fieldShape is what a code-object field must hold.
type fieldShape int

const (
	shapeBytes fieldShape = iota
	shapeTuple
	shapeText
	shapeNames // a tuple of text
)

var fieldShapes = map[string]fieldShape{
	"code": shapeBytes, "lnotab": shapeBytes, "linetable": shapeBytes,
	"exceptiontable": shapeBytes, "localspluskinds": shapeBytes,
	"consts": shapeTuple,
	"names":  shapeNames, "varnames": shapeNames, "freevars": shapeNames,
	"cellvars": shapeNames, "localsplusnames": shapeNames,
	"filename": shapeText, "name": shapeText, "qualname": shapeText,
}

// counts are the int fields that may not be below zero.
var counts = map[string]bool{
	"argcount": true, "posonlyargcount": true, "kwonlyargcount": true,
	"nlocals": true, "stacksize": true,
}

// checkCode refuses a code object (not its children) CPython would not load.
func checkCode(v *versions.Version, c *marshal.Code) error {
	fail := func(format string, args ...any) error {
		return &pyc.Error{Offset: c.Offset, Msg: fmt.Sprintf("code object %s: ", nameOf(c)) + fmt.Sprintf(format, args...) + "; CPython refuses to load it"}
	}
	for _, f := range v.Marshal.Code.Fields {
		if f.Int != nil {
			if n := *f.Int(c); counts[f.Name] && n < 0 {
				return fail("co_%s is %d, below zero", f.Name, n)
			}
			continue
		}
		o := *f.Obj(c)
		switch shape := fieldShapes[f.Name]; {
		case shape == shapeBytes && !isBytes(o):
			return fail("co_%s is %s, not bytes", f.Name, kindOf(o))
		case shape == shapeTuple && !isTuple(o):
			return fail("co_%s is %s, not a tuple", f.Name, kindOf(o))
		case shape == shapeText && !isText(v, o):
			return fail("co_%s is %s, not a string", f.Name, kindOf(o))
		case shape == shapeNames && !isTuple(o):
			return fail("co_%s is %s, not a tuple", f.Name, kindOf(o))
		case shape == shapeNames:
			for i, item := range tuple(o) {
				if !isText(v, item) {
					return fail("co_%s[%d] is %s, not a string", f.Name, i, kindOf(item))
				}
			}
		}
	}
	if c.PosOnlyArgCount > c.ArgCount {
		return fail("co_posonlyargcount %d is more than co_argcount %d", c.PosOnlyArgCount, c.ArgCount)
	}
	if v.LocalsPlus && len(tuple(c.LocalsPlusNames)) != len(bytesOf(c.LocalsPlusKinds)) {
		// SystemError "bad argument to internal function", on 3.11-3.15.
		return fail("co_localsplusnames has %s but co_localspluskinds %s", howMany(int64(len(tuple(c.LocalsPlusNames))), "name"), howMany(int64(len(bytesOf(c.LocalsPlusKinds))), "kind"))
	}
	if params, locals := paramCount(v, c), localCount(v, c); params > int64(locals) && !v.Marshal.Python2 {
		// ValueError "code: varnames is too small" (3.6-3.10), "code:
		// co_varnames is too small" (3.11+). 2.7 loads it, and reads past
		// co_varnames when it binds a keyword argument: the lifter shows
		// it, and the verifier refuses to assemble it again.
		return fail("it takes %s (co_argcount %d, co_kwonlyargcount %d, *args and **kwargs by its flags) but has %s", howMany(params, "parameter"), c.ArgCount, c.KwOnlyArgCount, howMany(int64(locals), "local"))
	}
	return nil
}

// paramCount is the number of parameters a code object declares: its
// argument counts and one each for *args and **kwargs. The counts are
// 32-bit and at least zero here, so the sum cannot overflow.
func paramCount(v *versions.Version, c *marshal.Code) int64 {
	n := int64(c.ArgCount) + int64(c.KwOnlyArgCount)
	for _, f := range []string{"VARARGS", "VARKEYWORDS"} {
		if uint32(c.Flags)&versions.BitNamed(v.CodeFlags, f) != 0 {
			n++
		}
	}
	return n
}

// localCount is the number of locals the arguments are bound to: the names
// of co_varnames up to 3.10, from 3.11 the localsplus entries of kind
// LOCAL.
func localCount(v *versions.Version, c *marshal.Code) int {
	if !v.LocalsPlus {
		return len(tuple(c.VarNames))
	}
	local := byte(versions.BitNamed(v.LocalKinds, "LOCAL"))
	n := 0
	for _, k := range bytesOf(c.LocalsPlusKinds) {
		if k&local != 0 {
			n++
		}
	}
	return n
}

func isBytes(o marshal.Object) bool { _, ok := o.(*marshal.Bytes); return ok }
func isTuple(o marshal.Object) bool { _, ok := o.(*marshal.Tuple); return ok }

// isText: a str, or on 2.7 (where names are byte strings) bytes too.
func isText(v *versions.Version, o marshal.Object) bool {
	_, ok := o.(*marshal.Str)
	return ok || v.Marshal.Python2 && isBytes(o)
}

// kindOf names an object's kind for a message: "a list", "None".
func kindOf(o marshal.Object) string {
	switch o.(type) {
	case *marshal.None:
		return "None"
	case *marshal.Bytes:
		return "bytes"
	case *marshal.Str:
		return "a string"
	case *marshal.Tuple:
		return "a tuple"
	case *marshal.List:
		return "a list"
	case *marshal.Code:
		return "a code object"
	}
	return fmt.Sprintf("an object of type %q", rune(o.TypeByte()&^marshal.FlagRef))
}

// nameOf is a code object's name for a message, quoted; <unnamed> if its
// name is not a string.
func nameOf(c *marshal.Code) string {
	switch n := c.Name.(type) {
	case *marshal.Str:
		return marshal.StrRepr(n.Value(), false)
	case *marshal.Bytes:
		return marshal.BytesRepr(n.Data)
	}
	return "<unnamed>"
}

// howMany is "1 local", "2 locals".
func howMany(n int64, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
