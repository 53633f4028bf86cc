package marshal

// Dialect is the marshal format one CPython release reads and writes.
type Dialect struct {
	// Version is the marshal format version the release writes.
	Version int
	// Python2 selects 2.x string semantics: 's' and 't' hold byte strings,
	// and every 't' joins a table that 'R' records refer back to. FLAG_REF
	// does not exist there.
	Python2 bool
	// Code is the field layout of code objects.
	Code *CodeLayout
}

// FlagRefs reports whether the dialect has FLAG_REF and 'r' records (v3+).
func (d *Dialect) FlagRefs() bool { return d.Version >= 3 }

// accepts reports whether a reader of this dialect knows type code t (FLAG_REF stripped).
func (d *Dialect) accepts(t byte) bool {
	since, ok := typeSince[t]
	if !ok {
		return false
	}
	if d.Python2 {
		return since.py2
	}
	return since.py3 && d.Version >= since.version
}

// typeSince says which readers know each type code: 2.7's, and 3.x readers
// from the given marshal version on.
var typeSince = map[byte]struct {
	py2, py3 bool
	version  int
}{
	'0': {true, true, 0}, 'N': {true, true, 0}, 'F': {true, true, 0}, 'T': {true, true, 0},
	'S': {true, true, 0}, '.': {true, true, 0}, 'i': {true, true, 0}, 'I': {true, true, 0},
	'l': {true, true, 0}, 'f': {true, true, 0}, 'g': {true, true, 0}, 'x': {true, true, 0},
	'y': {true, true, 0}, 's': {true, true, 0}, 't': {true, true, 0}, 'u': {true, true, 0},
	'(': {true, true, 0}, '[': {true, true, 0}, '{': {true, true, 0}, '<': {true, true, 0},
	'>': {true, true, 0}, 'c': {true, true, 0},
	'R': {true, false, 0},
	'r': {false, true, 3},
	'a': {false, true, 4}, 'A': {false, true, 4}, 'z': {false, true, 4}, 'Z': {false, true, 4},
	')': {false, true, 4},
	':': {false, true, 5},
	'}': {false, true, 6},
}

// CodeField is one field of a code object in the stream: a raw int32, or a
// full marshalled object.
type CodeField struct {
	Name string
	Int  func(*Code) *int32
	Obj  func(*Code) *Object
}

// CodeLayout is the ordered field list of a code object in one family of releases.
type CodeLayout struct {
	Name   string
	Fields []CodeField
}

func i32Field(name string, f func(*Code) *int32) CodeField  { return CodeField{Name: name, Int: f} }
func objField(name string, f func(*Code) *Object) CodeField { return CodeField{Name: name, Obj: f} }

var (
	fArgCount        = i32Field("argcount", func(c *Code) *int32 { return &c.ArgCount })
	fPosOnlyArgCount = i32Field("posonlyargcount", func(c *Code) *int32 { return &c.PosOnlyArgCount })
	fKwOnlyArgCount  = i32Field("kwonlyargcount", func(c *Code) *int32 { return &c.KwOnlyArgCount })
	fNLocals         = i32Field("nlocals", func(c *Code) *int32 { return &c.NLocals })
	fStackSize       = i32Field("stacksize", func(c *Code) *int32 { return &c.StackSize })
	fFlags           = i32Field("flags", func(c *Code) *int32 { return &c.Flags })
	fFirstLineNo     = i32Field("firstlineno", func(c *Code) *int32 { return &c.FirstLineNo })
	fCode            = objField("code", func(c *Code) *Object { return &c.Bytecode })
	fConsts          = objField("consts", func(c *Code) *Object { return &c.Consts })
	fNames           = objField("names", func(c *Code) *Object { return &c.Names })
	fVarNames        = objField("varnames", func(c *Code) *Object { return &c.VarNames })
	fFreeVars        = objField("freevars", func(c *Code) *Object { return &c.FreeVars })
	fCellVars        = objField("cellvars", func(c *Code) *Object { return &c.CellVars })
	fLocalsPlusNames = objField("localsplusnames", func(c *Code) *Object { return &c.LocalsPlusNames })
	fLocalsPlusKinds = objField("localspluskinds", func(c *Code) *Object { return &c.LocalsPlusKinds })
	fFilename        = objField("filename", func(c *Code) *Object { return &c.Filename })
	fName            = objField("name", func(c *Code) *Object { return &c.Name })
	fQualName        = objField("qualname", func(c *Code) *Object { return &c.QualName })
	fLnotab          = objField("lnotab", func(c *Code) *Object { return &c.LineTable })
	fLineTable       = objField("linetable", func(c *Code) *Object { return &c.LineTable })
	fExceptionTable  = objField("exceptiontable", func(c *Code) *Object { return &c.ExceptionTable })
)

// The code-object layouts, one per family of releases.
var (
	// Code27 is 2.7's layout.
	Code27 = &CodeLayout{Name: "2.7", Fields: []CodeField{
		fArgCount, fNLocals, fStackSize, fFlags, fCode, fConsts, fNames, fVarNames,
		fFreeVars, fCellVars, fFilename, fName, fFirstLineNo, fLnotab}}
	// Code36 is the layout of 3.6 and 3.7 (kwonlyargcount added).
	Code36 = &CodeLayout{Name: "3.6", Fields: []CodeField{
		fArgCount, fKwOnlyArgCount, fNLocals, fStackSize, fFlags, fCode, fConsts, fNames, fVarNames,
		fFreeVars, fCellVars, fFilename, fName, fFirstLineNo, fLnotab}}
	// Code38 is the layout of 3.8 and 3.9 (posonlyargcount added).
	Code38 = &CodeLayout{Name: "3.8", Fields: []CodeField{
		fArgCount, fPosOnlyArgCount, fKwOnlyArgCount, fNLocals, fStackSize, fFlags, fCode, fConsts,
		fNames, fVarNames, fFreeVars, fCellVars, fFilename, fName, fFirstLineNo, fLnotab}}
	// Code310 is 3.10's layout: 3.8's, with co_linetable in place of co_lnotab.
	Code310 = &CodeLayout{Name: "3.10", Fields: []CodeField{
		fArgCount, fPosOnlyArgCount, fKwOnlyArgCount, fNLocals, fStackSize, fFlags, fCode, fConsts,
		fNames, fVarNames, fFreeVars, fCellVars, fFilename, fName, fFirstLineNo, fLineTable}}
	// Code311 is the layout of 3.11 to 3.15: localsplus, qualname and the exception table.
	Code311 = &CodeLayout{Name: "3.11", Fields: []CodeField{
		fArgCount, fPosOnlyArgCount, fKwOnlyArgCount, fStackSize, fFlags, fCode, fConsts, fNames,
		fLocalsPlusNames, fLocalsPlusKinds, fFilename, fName, fQualName, fFirstLineNo, fLineTable,
		fExceptionTable}}
)
