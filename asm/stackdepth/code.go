package stackdepth

import (
	"fmt"

	"github.com/pyasm/pyasm/bytecode"
	"github.com/pyasm/pyasm/exctable"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// FromCode decodes what Compute needs from a code object read from a .pyc:
// co_code, the exception table (3.11+) and co_flags. Comparing Compute's
// MaxDepth with c.StackSize checks the file's co_stacksize.
func FromCode(v *versions.Version, c *marshal.Code) (Code, error) {
	raw, ok := c.Bytecode.(*marshal.Bytes)
	if !ok {
		return Code{}, fmt.Errorf("co_code is a %T, not bytes", c.Bytecode)
	}
	ins, err := bytecode.Decode(v, raw.Data)
	if err != nil {
		return Code{}, err
	}
	in := Code{Instructions: ins, Flags: uint32(c.Flags)}
	if v.ExceptionTable {
		tab, ok := c.ExceptionTable.(*marshal.Bytes)
		if !ok {
			return Code{}, fmt.Errorf("co_exceptiontable is a %T, not bytes", c.ExceptionTable)
		}
		if in.Handlers, err = exctable.Decode(tab.Data); err != nil {
			return Code{}, err
		}
	}
	return in, nil
}
