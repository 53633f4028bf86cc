package resolve

import (
	"errors"
	"fmt"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/stackdepth"
	"github.com/pyasm/pyasm/bytecode"
	"github.com/pyasm/pyasm/exctable"
)

// stackDepth computes co_stacksize with the release's own algorithm, after
// giving every try region without a depth the depth at its start. That
// depth depends on the walk, and the walk on the handlers, so the walk is
// repeated, each time with the handlers whose depth is known, until every
// region has one. Stack errors become positioned verifier findings, also
// for a block that gives its stack size.
func (b *builder) stackDepth() int {
	ins, err := b.decode()
	if err != nil {
		b.r.errorf(b.src.Pos, "%s: %v", b.name(), err)
		return 0
	}
	var byOffset map[int]int // made when a region or an error needs it
	index := func() map[int]int {
		if byOffset == nil {
			byOffset = make(map[int]int, len(ins))
			for i := range ins {
				byOffset[ins[i].Offset] = i
			}
		}
		return byOffset
	}
	code := stackdepth.Code{Instructions: ins, Flags: b.flags()}
	var res *stackdepth.Result
	for round := 0; ; round++ {
		code.Handlers = b.knownHandlers()
		res, err = stackdepth.Compute(b.v, code)
		// Regions naming the same handler are pieces of one try statement
		// (CPython splits it around nested ones); those without a depth
		// take the depth of the first piece, which is the depth at its
		// start unless it gives one.
		progress := false
		leader := map[string]*region{}
		for _, reg := range b.regions {
			lead, seen := leader[reg.try.Handler]
			if !seen {
				leader[reg.try.Handler] = reg
				if !reg.known && reg.start < len(b.insts) {
					if d := res.Depth[index()[b.opOffset(b.insts[reg.start])]]; d >= 0 {
						reg.depth, reg.known, progress = d, true, true
					}
				}
				continue
			}
			if !reg.known && lead.known && reg.try.Depth == nil {
				reg.depth, reg.known, progress = lead.depth, true, true
			}
		}
		if !progress || round > len(b.regions) {
			break
		}
	}
	for _, reg := range b.regions {
		if !reg.known {
			b.r.errorf(reg.try.Pos, "in %s: no path reaches the try region with handler %s, so its depth cannot be computed; give it one (depth N)", b.name(), reg.try.Handler)
		}
	}
	if err != nil {
		b.stackUnsure = true
		b.stackErrors(err, index(), ins)
	}
	return res.MaxDepth
}

// knownHandlers is the exception table as far as region depths are known.
func (b *builder) knownHandlers() []exctable.Entry {
	var out []exctable.Entry
	for _, e := range b.exceptionEntries() {
		if e.known {
			out = append(out, e.Entry)
		}
	}
	return out
}

// stackErrors reports the walk's errors at the instructions' positions.
func (b *builder) stackErrors(err error, byOffset map[int]int, ins []bytecode.Instruction) {
	var list stackdepth.Errors
	if !errors.As(err, &list) {
		b.r.errorf(b.src.Pos, "stack depth of %s: %v", b.name(), err)
		return
	}
	underflows := 0
	for _, e := range list {
		// After one underflow the depths below it are meaningless: the
		// later ones are its echo.
		if e.Kind == stackdepth.Underflow {
			if underflows++; underflows > 1 {
				continue
			}
		}
		if e.Kind == stackdepth.BadJump {
			continue // verifyJumps says it, with the jump's own words
		}
		if b.v.Slots != nil && e.Kind != stackdepth.NoEffect {
			continue // the slot walk (verifySlots) finds these, slot by slot
		}
		pos := b.posAt(e.Offset)
		msg := e.Msg
		switch e.Kind {
		case stackdepth.Conflict:
			msg = fmt.Sprintf("%s is reached with stack depth %d %s and with depth %d %s",
				e.Op, e.Depth, b.from(e.From, e.FromHandler), e.Other, b.from(e.OtherFrom, e.OtherHandler))
		case stackdepth.Underflow:
			msg = fmt.Sprintf("stack underflow: at depth %d, %s (stack effect %d) leaves %d values", e.Depth, e.Op, e.Effect, e.Depth+e.Effect)
		}
		b.verifyf(pos, "%s", msg)
	}
}

// from describes where a path came from: the start of the code, the try
// region whose handler it is, or the line of the instruction.
func (b *builder) from(off int, handler bool) string {
	if handler {
		for _, in := range b.insts {
			if off >= in.offset && off < in.offset+b.size(in) && in.region != nil && in.region.try.Pos.IsValid() {
				return fmt.Sprintf("through the handler of the try region at line %d", in.region.try.Pos.Line)
			}
		}
		return fmt.Sprintf("through a handler, from offset %d", off)
	}
	if off <= 0 {
		return "from the start of the code"
	}
	if p := b.posAt(off); p.IsValid() {
		return fmt.Sprintf("from line %d", p.Line)
	}
	return fmt.Sprintf("from offset %d", off)
}

// posAt is the source position of the instruction at a byte offset.
func (b *builder) posAt(off int) asm.Pos {
	for _, in := range b.insts {
		if off >= in.offset && off < in.offset+b.size(in) {
			return in.src.Pos
		}
	}
	return b.src.Pos
}
