package resolve

// stackDepth computes co_stacksize and the depth of every try region.
//
// STOPGAP until asm/stackdepth lands: a safe over-estimate (every
// instruction could push one value, UNPACK_* their counts), which CPython
// accepts (a larger stack only costs memory); regions without a depth get
// the depth 0.
func (b *builder) stackDepth() int {
	n := 2
	for _, in := range b.insts {
		n++
		if in.op.Name == "UNPACK_SEQUENCE" || in.op.Name == "UNPACK_EX" {
			n += int(in.arg&0xff) + int(in.arg>>8)
		}
	}
	return n
}
