package resolve

import (
	"crypto/sha256"
	"encoding/binary"
)

// Memo remembers the finished code objects the slot walk (the verifier's
// slot-by-slot pass, the costliest part of resolving) found nothing in.
// Resolving with Options.Memo set skips the walk for a code object equal,
// field by field and with the code objects its constants name, to one it
// already passed: a tool that resolves a program again after small
// changes, as the disassembler does, walks only the code that changed.
// Findings are not remembered, so they are always reported afresh. The
// zero Memo is ready to use; it is not safe for concurrent use.
type Memo struct {
	clean map[[sha256.Size]byte]bool
}

// walkKey is a digest of everything the slot walk of a finished block may
// read: the code object as it will be written, the code objects its
// constants name (by their own digests), and what the builder knows about
// the block's health. ok is false when a constant names a block whose
// digest is not known yet.
func (b *builder) walkKey(out *Code, all map[string]*Code) (key [sha256.Size]byte, ok bool) {
	buf := b.r.keyBuf[:0]
	flag := func(v bool) {
		if v {
			buf = append(buf, 1)
		} else {
			buf = append(buf, 0)
		}
	}
	num := func(n int) { buf = binary.AppendVarint(buf, int64(n)) }
	str := func(s string) { num(len(s)); buf = append(buf, s...) }
	strs := func(list []string) {
		num(len(list))
		for _, s := range list {
			str(s)
		}
	}
	bytes := func(p []byte) { num(len(p)); buf = append(buf, p...) }

	flag(b.badJumps)
	flag(b.badHandlers)
	flag(b.hadErrors)
	flag(b.badOpcodes)
	num(len(b.insts))
	for _, in := range b.insts {
		flag(in.failed)
		flag(b.flagged[in])
	}
	for _, e := range b.knownHandlers() {
		num(e.Start)
		num(e.End)
		num(e.Target)
		num(e.Depth)
		flag(e.Lasti)
	}
	num(-1)

	str(out.Name)
	str(out.QualName)
	str(out.Filename)
	num(out.ArgCount)
	num(out.PosOnlyArgCount)
	num(out.KwOnlyArgCount)
	num(out.NLocals)
	num(out.StackSize)
	num(b.walkStackSize(out))
	num(out.FirstLineNo)
	num(int(out.Flags))
	bytes(out.Bytecode)
	strs(out.Names)
	strs(out.VarNames)
	strs(out.CellVars)
	strs(out.Frees)
	strs(out.LocalsPlusNames)
	bytes(out.LocalsPlusKinds)
	bytes(out.LineTable)
	bytes(out.ExceptionTable)
	num(len(out.Consts))
	for _, k := range out.Consts {
		var refs []string
		kb := b.r.constBuf[:0]
		kb = appendKey(kb, k, &refs)
		b.r.constBuf = kb
		bytes(kb)
		for _, label := range refs {
			child, found := all[label]
			if !found {
				return key, false
			}
			d, known := b.r.digests[child]
			if !known {
				return key, false
			}
			buf = append(buf, d[:]...)
		}
	}
	b.r.keyBuf = buf
	return sha256.Sum256(buf), true
}

// verifySlotsMemo is verifySlots, skipped for code the memo has seen pass,
// and remembered when the walk finds nothing.
func (b *builder) verifySlotsMemo(out *Code, all map[string]*Code) {
	if b.r.opts.NoSlotWalk {
		return
	}
	memo := b.r.opts.Memo
	if memo == nil || b.r.stacks != nil {
		b.verifySlots(out, all)
		return
	}
	key, ok := b.walkKey(out, all)
	if ok {
		b.r.digests[out] = key
		if memo.clean[key] {
			return
		}
	}
	errs, warnings := len(b.r.errs), len(b.r.warnings)
	b.verifySlots(out, all)
	if ok && len(b.r.errs) == errs && len(b.r.warnings) == warnings {
		if memo.clean == nil {
			memo.clean = map[[sha256.Size]byte]bool{}
		}
		memo.clean[key] = true
	}
}
