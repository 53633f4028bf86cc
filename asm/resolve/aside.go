package resolve

import (
	"runtime"
	"sync/atomic"
)

// Slot walks aside. A block's slot walk, once prepared (prepareSlots),
// reads only what it was given and the finished builder, which nothing
// changes any more: on a machine with more than one processor the
// resolver hands it to a goroutine of its own and goes on with the next
// blocks. What a walk found is told on the resolver's goroutine, in the
// order the walks would have run in (resolver.walks), so the findings are
// the same, in the same order, as when every walk runs in place; a walk's
// builder gives its arrays back (recycle) once it is told.

// asideMinInstrs is the size of program, in instructions, from which its
// walks go aside: for a smaller one the goroutine is not worth starting.
var asideMinInstrs = 1000

// asideWalks are the walks sent aside and not yet told.
type asideWalks struct {
	jobs    chan *slotWalk
	pending []*asideWalk // in the order sent
}

// asideWalk is one walk sent aside; merge adds its findings, once told.
type asideWalk struct {
	sw    *slotWalk
	merge func()
}

// resolving counts the resolves running in the process: walks go aside
// only while a processor is to spare. Where as many resolves run as there
// are processors (pyasm's workers on a tree), a walk aside only takes
// time from another one, and the handing over costs CPU of its own.
var resolving atomic.Int32

// startAside starts the walks' goroutine, when it is worth it: a
// processor to spare, a program of some size, and walks that need nothing
// but their block (no memo of clean walks, no stack pictures to keep).
func (r *resolver) startAside(instrs int) {
	if int(resolving.Load()) >= runtime.GOMAXPROCS(0) || instrs < asideMinInstrs || r.opts.Memo != nil || r.stacks != nil {
		return
	}
	r.aside = &asideWalks{jobs: make(chan *slotWalk, 64)}
	go func(jobs <-chan *slotWalk) {
		for sw := range jobs {
			sw.run()
			close(sw.done)
		}
	}(r.aside.jobs)
}

// stopAside ends the walks' goroutine once it has run what it was sent.
func (r *resolver) stopAside() {
	if r.aside != nil {
		close(r.aside.jobs)
	}
}

// walkAside sends the block's walk aside and gives what adds its findings
// in their place; nil when walks do not go aside, or there is nothing to
// walk (the walk in place then finds nothing either).
func (r *resolver) walkAside(b *builder, out *Code, all map[string]*Code) func() {
	if r.aside == nil {
		return nil
	}
	sw := b.prepareSlots(out, all)
	if sw == nil {
		return nil
	}
	sw.done = make(chan struct{})
	select {
	case r.aside.jobs <- sw:
	default:
		// The goroutine is behind by many walks: this one runs here.
		sw.run()
		close(sw.done)
	}
	aw := &asideWalk{sw: sw}
	r.aside.pending = append(r.aside.pending, aw)
	return func() {
		for aw.merge == nil {
			r.reapAside(true)
		}
		aw.merge()
	}
}

// reapAside tells what the walks that are done found, oldest first,
// keeping it aside for its place (walkNow), and recycles their builders;
// with wait, it waits for the oldest.
func (r *resolver) reapAside(wait bool) {
	for a := r.aside; a != nil && len(a.pending) > 0; wait = false {
		aw := a.pending[0]
		if wait {
			<-aw.sw.done
		} else {
			select {
			case <-aw.sw.done:
			default:
				return
			}
		}
		a.pending = a.pending[1:]
		aw.merge = r.walkNow(func() {
			aw.sw.report()
			aw.sw.b.recycle()
		})
	}
}
