// Package resolve turns an asm.Program into finished code objects: symbols
// become table indices, labels become jump arguments in the release's units
// and direction with EXTENDED_ARG prefixes sized by a grow-only fixed point,
// inline caches are inserted, and the stack depth, line table, exception
// table, localsplus kinds, nlocals and flags are computed.
//
// It is the middle of the flow: a front end (asm/grammar, or a Go program)
// builds the asm.Program; Resolve first has asm/portable lower its
// portable instructions; asm/emit marshals what Resolve returns.
package resolve

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/portable"
	"github.com/pyasm/pyasm/linetable"
	"github.com/pyasm/pyasm/marshal"
	"github.com/pyasm/pyasm/versions"
)

// Program is a resolved program: every code block finished.
type Program struct {
	Version *versions.Version
	Module  *Code
	// Source is the program that was resolved: the one given, or, when it
	// held portable instructions, a copy with them lowered (asm/portable).
	// Placement refers to its instructions, so a tool that shows the code
	// instruction by instruction walks Source.
	Source *asm.Program
	// Header and Trailing are the program's, for the emitter.
	Header, Trailing []byte
	// Blocks maps each block's label to its code, for CodeRef constants.
	Blocks map[string]*Code
	// placed is where each instruction went (Placement), in the order
	// the blocks were finished; placedIndex finds one, made on first use.
	placed      []placedInstr
	placedOnce  sync.Once
	placedIndex map[*asm.Instr]int
	// Stacks holds, with Options.Stacks, the stack before each instruction
	// the verifier's walk reached, as a picture of named slots ("NULL
	// print \"hi\""; "(empty)"), for listings and dis --stack.
	Stacks map[*asm.Instr]string
	// Derived holds, with Options.Derived, what the resolver derives for
	// each block (by label).
	Derived map[string]*Derived
}

// Derived is what the resolver derives for the fields of a block that a
// program may give or leave out, whether the block gives them or not.
// Each is derived from the block's code and the other fields as resolved,
// so leaving out of a program any fields whose derived value is the one
// it resolved to gives the same code objects: a tool that lifts code (the
// disassembler) learns from one resolve what it can leave out.
type Derived struct {
	// VarNames, CellVars and FreeVars are the tables as resolved: what
	// the block lists, then what its code adds (up to 3.10 Code's
	// VarNames, CellVars and Frees; from 3.11 the parts of localsplus).
	VarNames, CellVars, FreeVars []string
	// Consts and Names are the tables without .consts and .names: the
	// constants and names of the code, in order of first use.
	Consts []marshal.Object
	Names  []string
	// Params is the number of parameters, which .varnames must list
	// first; Locals is the table with .varnames listing only them: those
	// entries, then the other locals of the code (from 3.11 those that
	// are neither cells nor free) in order of first use.
	Params int
	Locals []string
	// Cells and Frees are the cell and free variables without .cellvars
	// and .freevars. They depend on .varnames (from 3.11, a local that
	// blocks inside and around hold is free unless .varnames lists it)
	// only when ScopeNeedsVarNames says so.
	Cells, Frees       []string
	ScopeNeedsVarNames bool
	FirstLineNo        int
	Flags              uint32
	QualName           string
	// From 3.11, Kinds are the localsplus kinds without .kind; and
	// LocalsPlusNames and LocalsPlusKinds are localsplus with Locals for
	// .varnames, the kinds without .kind, and with it LocalsPlusGiven.
	// (From 3.11 .varnames matters only through localsplus.)
	Kinds                            []byte
	LocalsPlusNames                  []string
	LocalsPlusKinds, LocalsPlusGiven []byte
	StackSize                        int // the depth walk's; 0 when it could not run
	LineTable                        []byte
	ExceptionTable                   []byte // 3.11+
}

// Placement is an instruction's place in its code object.
type Placement struct {
	Offset   int // byte offset of its first EXTENDED_ARG prefix, or of itself
	Prefixes int
	Arg      uint32
}

// placedInstr is one instruction's Placement.
type placedInstr struct {
	in *asm.Instr
	at Placement
}

// Placement tells where an instruction of Source went and what argument
// it got, so that a tool can compare with code it lifted or show its
// bytes; false for an instruction no finished block holds.
func (p *Program) Placement(in *asm.Instr) (Placement, bool) {
	if p == nil {
		return Placement{}, false
	}
	p.placedOnce.Do(func() {
		p.placedIndex = make(map[*asm.Instr]int, len(p.placed))
		for i, pl := range p.placed {
			p.placedIndex[pl.in] = i
		}
	})
	i, ok := p.placedIndex[in]
	if !ok {
		return Placement{}, false
	}
	return p.placed[i].at, true
}

// Code is one finished code object, every field as it will be written.
type Code struct {
	Label                                     string
	Name, QualName, Filename                  string
	ArgCount, PosOnlyArgCount, KwOnlyArgCount int
	NLocals, StackSize, FirstLineNo           int
	Flags                                     uint32
	Bytecode                                  []byte
	// Consts may hold *asm.CodeRef leaves; the emitter replaces them with
	// the code objects of Program.Blocks.
	Consts                    []marshal.Object
	Names                     []string
	VarNames, CellVars, Frees []string // ≤3.10 tables
	LocalsPlusNames           []string // 3.11+
	LocalsPlusKinds           []byte   // 3.11+
	LineTable, ExceptionTable []byte
	Children                  []*Code
	// Marshal is the block's recorded serialization, if any (asm.Code.Marshal).
	Marshal string
}

// Options adjusts Resolve.
type Options struct {
	// NoVerify turns the verifier's findings (code CPython would crash on
	// or misread) into warnings: for experts who mean it.
	NoVerify bool
	// Stacks fills Program.Stacks.
	Stacks bool
	// Memo, when set, lets the slot walk skip code it already passed in
	// an earlier Resolve with the same Memo (see Memo). Not used with
	// Stacks.
	Memo *Memo
	// NoSlotWalk leaves out the slot walk, and so its findings: for a
	// tool that resolves only to see how code is laid out, and resolves
	// again before it reports findings.
	NoSlotWalk bool
	// Derived fills Program.Derived.
	Derived bool
}

// Resolve finishes every code block of p. Errors are collected across all
// blocks and returned as one sorted asm.ErrorList. A large program's slot
// walks may run on a goroutine of Resolve's own (aside.go), done by the
// time it returns; p must not change meanwhile, as ever.
func Resolve(p *asm.Program) (*Program, error) {
	out, _, err := ResolveWith(p, Options{})
	return out, err
}

// ResolveWith is Resolve with options; it also returns the warnings.
func ResolveWith(p *asm.Program, opts Options) (*Program, asm.ErrorList, error) {
	out, err := resolveWith(p, opts)
	return out.prog, out.warnings, err
}

type resolved struct {
	prog     *Program
	warnings asm.ErrorList
}

func resolveWith(p *asm.Program, opts Options) (resolved, error) {
	if errs := asm.Check(p); len(errs) > 0 {
		return resolved{}, errs.Err()
	}
	if p.Version == nil {
		return resolved{}, asm.ErrorList{{Msg: "no target Python version: Program.Version is nil",
			Hint: "set it to a release of package versions (versions.V3_12), or versions.Lookup(\"3.12\")"}}
	}
	out, err := resolveChecked(p, opts)
	if !unplaced(err, out.warnings) || asm.Located(p) {
		return out, err
	}
	// Findings in a program built in Go without positions: the same
	// resolution of a copy whose statements know their place names it.
	located, lerr := resolveChecked(asm.Locate(p), opts)
	out.warnings = located.warnings
	if lerr != nil {
		err = lerr
	}
	return out, err
}

// unplaced reports whether a finding has no position.
func unplaced(err error, warnings asm.ErrorList) bool {
	var errs asm.ErrorList
	errors.As(err, &errs)
	for _, list := range []asm.ErrorList{errs, warnings} {
		for _, e := range list {
			if !e.Pos.Known() {
				return true
			}
		}
	}
	return false
}

func resolveChecked(p *asm.Program, opts Options) (resolved, error) {
	// Portable instructions become the release's own first; the findings
	// in what they became say so.
	source := p
	p, lowerWarnings, err := portable.Lower(p)
	if err != nil {
		return resolved{warnings: lowerWarnings}, err
	}
	r := &resolver{v: p.Version, prog: p, blocks: map[string]*asm.Code{}, opts: opts, scopes: map[*asm.Code]scope{}, digests: map[*Code][sha256.Size]byte{}}
	r.collectBlocks(p.Module, true)
	r.inferScopes(p.Module, nil)
	out := &Program{Version: p.Version, Blocks: map[string]*Code{}, placed: make([]placedInstr, 0, countInstrs(p.Module.Body, true)),
		Header: p.Header, Trailing: p.Trailing, Source: p}
	r.out = out
	if opts.Stacks {
		out.Stacks = map[*asm.Instr]string{}
		r.stacks = out.Stacks
	}
	if opts.Derived {
		out.Derived = map[string]*Derived{}
		r.derived = out.Derived
	}
	resolving.Add(1)
	defer resolving.Add(-1)
	r.startAside(cap(out.placed))
	defer r.stopAside()
	out.Module = r.block(p.Module, nil, false, out.Blocks)
	for _, walk := range r.walks {
		walk()
	}
	r.adviseUnused(out)
	r.warnings = append(lowerWarnings, r.warnings...)
	r.warnings.Sort()
	portable.Annotate(source, p, r.errs)
	portable.Annotate(source, p, r.warnings)
	if err := r.errs.Err(); err != nil {
		return resolved{warnings: r.warnings}, err
	}
	return resolved{out, r.warnings}, nil
}

type resolver struct {
	v      *versions.Version
	prog   *asm.Program
	blocks map[string]*asm.Code
	errs   asm.ErrorList
	out    *Program
	// derived is Program.Derived, with Options.Derived.
	derived map[string]*Derived
	// walks are the blocks' slot walks, run once every block is finished.
	walks    []func()
	stacks   map[*asm.Instr]string
	module   *Code // the module's finished code, once resolved
	opts     Options
	warnings asm.ErrorList
	// scopes holds each block's undeclared cells and free variables.
	scopes map[*asm.Code]scope
	// verified counts the verifier findings among errs.
	verified int
	// digests holds, with Options.Memo, each finished block's walkKey;
	// runs is the line table's scratch space (lineTable).
	runs []linetable.Run
	// keyBuf and constBuf are walkKey's scratch space.
	digests          map[*Code][sha256.Size]byte
	keyBuf, constBuf []byte
	// spare are the working arrays of finished blocks (blockArrays).
	spare []blockArrays
	// aside are the slot walks running on another goroutine (aside.go).
	aside *asideWalks
}

// findings counts the errors that are not the verifier's findings, and the
// warnings that are neither advice nor findings: what makes the slot walk
// only echo.
func (r *resolver) findings() int {
	n := len(r.errs) - r.verified
	for _, w := range r.warnings {
		if !w.Advice && !w.Verifier {
			n++
		}
	}
	return n
}

func (r *resolver) errorf(pos asm.Pos, format string, args ...any) *asm.Error {
	return r.errs.Add(pos, format, args...)
}

// collectBlocks indexes every code block by label, so that a CodeRef may
// name a block defined anywhere in the file.
func (r *resolver) collectBlocks(c *asm.Code, module bool) {
	if !module {
		if prev, ok := r.blocks[c.Label]; ok {
			first := fmt.Sprintf("line %d", prev.Pos.Line)
			if !prev.Pos.IsValid() {
				first = prev.Pos.Where
			}
			r.errorf(c.Pos, "code block %q is defined twice (first at %s)", c.Label, first)
		} else {
			r.blocks[c.Label] = c
		}
	}
	var walk func([]asm.Stmt)
	walk = func(body []asm.Stmt) {
		for _, s := range body {
			switch s := s.(type) {
			case *asm.Code:
				r.collectBlocks(s, false)
			case *asm.Try:
				walk(s.Body)
			}
		}
	}
	walk(c.Body)
}

// block resolves one code block and, recursively, the blocks inside it;
// parent is nil for the module. inFunction says a function encloses the
// block, directly or through other blocks.
func (r *resolver) block(c *asm.Code, parent *Code, inFunction bool, all map[string]*Code) *Code {
	r.reapAside(false) // their builders' arrays may serve this one
	module := parent == nil
	b := newBuilder(r, c, module)
	b.parent, b.inFunction = parent, inFunction
	errsBefore := r.findings()
	b.flatten(c.Body, nil)
	b.verifyNotEmpty()
	b.adviseResume()
	b.internTables()
	b.operands()
	b.layout()
	out := b.finish()
	b.hadErrors = r.findings() > errsBefore
	b.verifyText(out)
	all[c.Label] = out
	if b.derived != nil {
		r.derived[c.Label] = b.derived
	}
	if module {
		r.module = out
	}
	for _, in := range b.insts {
		r.out.placed = append(r.out.placed, placedInstr{in.src, Placement{Offset: in.offset, Prefixes: int(in.prefixes), Arg: in.arg}})
	}
	inFunction = inFunction || !module && out.Flags&bit(r.v.CodeFlags, "OPTIMIZED") != 0
	for _, child := range b.children {
		out.Children = append(out.Children, r.block(child, out, inFunction, all))
	}
	// The slot walk waits for every block a constant names: MAKE_FUNCTION's
	// checks read the code it names, which may be any block of the file.
	// Most name only the blocks inside, finished by now: their walk runs
	// now, so that the builder is not kept till the end, and what it
	// finds joins the findings where the walk would have run.
	if r.opts.NoSlotWalk {
		b.recycle()
		return out
	}
	walk := func() {
		b.verifySlotsMemo(out, all)
		b.recycle()
	}
	if r.named(out, all) {
		if aside := r.walkAside(b, out, all); aside != nil {
			r.walks = append(r.walks, aside)
			return out
		}
		walk = r.walkNow(walk)
	}
	r.walks = append(r.walks, walk)
	return out
}

// named reports whether every block the constants of out name is
// finished (in all).
func (r *resolver) named(out *Code, all map[string]*Code) bool {
	var refs []string
	for _, k := range out.Consts {
		r.constBuf = appendKey(r.constBuf[:0], k, &refs)
	}
	for _, label := range refs {
		if all[label] == nil {
			return false
		}
	}
	return true
}

// walkNow runs a slot walk and keeps its findings aside; what it returns
// adds them to the resolver's, in the walks' order.
func (r *resolver) walkNow(walk func()) func() {
	errs, warnings, verified := r.errs, r.warnings, r.verified
	r.errs, r.warnings = nil, nil
	walk()
	found, warned, counted := r.errs, r.warnings, r.verified-verified
	r.errs, r.warnings, r.verified = errs, warnings, verified
	return func() {
		r.errs = append(r.errs, found...)
		r.warnings = append(r.warnings, warned...)
		r.verified += counted
	}
}

// adviseUnused warns about code blocks that no constant of the module, or
// of a block it reaches, refers to: the .pyc leaves them out.
func (r *resolver) adviseUnused(out *Program) {
	reached := map[*Code]bool{}
	var visit func(c *Code)
	visitRef := func(ref *asm.CodeRef) {
		if c := out.Blocks[ref.Label]; c != nil {
			visit(c)
		}
	}
	visit = func(c *Code) {
		if reached[c] {
			return
		}
		reached[c] = true
		for _, k := range c.Consts {
			asm.EachCodeRef(k, visitRef)
		}
	}
	visit(out.Module)
	for _, label := range keys(r.blocks) {
		if c := out.Blocks[label]; c != nil && !reached[c] {
			r.warnings = append(r.warnings, &asm.Error{Pos: r.blocks[label].Pos, Warning: true, Advice: true,
				Msg:  fmt.Sprintf("code block %s is never used: no constant of the module, or of a block it uses, refers to it, so the .pyc leaves it out", label),
				Hint: "make a function of it (make_function @" + label + ") or load it (LOAD_CONST @" + label + "), or remove it"})
		}
	}
}

// strOr returns *s, or def when s is nil.
func strOr(s *string, def string) string {
	if s != nil {
		return *s
	}
	return def
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
