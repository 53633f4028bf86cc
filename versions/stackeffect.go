package versions

import (
	"fmt"
	"sort"
	"strings"
)

// StackEffect is an opcode's stack effect as a function of its argument:
//
//	Base + Σ Weight·((arg >> Shift) & (2^Width − 1))   over Terms,
//
// unless arg is listed in Except. Every effect that is a sum of per-bit
// weights fits: a run of bits whose weights double is one term (BUILD_TUPLE
// is 1 − arg: Base 1 and one term of weight −1 over all 32 bits; UNPACK_EX
// is (arg & 0xff) + (arg >> 8): two terms), a flag bit is a term of width 1
// (MAKE_FUNCTION's four, LOAD_GLOBAL's push-NULL bit on 3.11+). Except holds
// the rare argument the sum does not give (BUILD_SLICE 3 pops one more).
//
// The tables are fitted to what the interpreters report (FitStackEffect);
// the fit is checked on every sample, so a table entry reproduces
// dis.stack_effect on arguments 0–255, every single bit up to 2^30 and a
// few mixed values. Arguments of 2^24 and more are extrapolated where an
// interpreter's int arithmetic overflows (3.12+'s BUILD_MAP at 2^30).
type StackEffect struct {
	Base   int
	Terms  []EffectTerm
	Except []ArgEffect
	// Invalid marks an opcode the release's compiler has no stack effect
	// for (3.6 and 3.7's NOP and EXTENDED_ARG, 2.7's STOP_CODE): it never
	// appears in a compiler's basic blocks.
	Invalid bool
}

// EffectTerm is one term of a StackEffect: Weight times the Width-bit field
// of the argument that starts at bit Shift.
type EffectTerm struct {
	Shift, Width uint8
	Weight       int
}

// ArgEffect is an argument whose effect a StackEffect lists explicitly.
type ArgEffect struct {
	Arg    uint32
	Effect int
}

// Of is the effect for argument arg. An Invalid effect gives 0.
func (e StackEffect) Of(arg uint32) int {
	for _, x := range e.Except {
		if x.Arg == arg {
			return x.Effect
		}
	}
	n := e.Base
	for _, t := range e.Terms {
		field := uint64(arg) >> t.Shift & (1<<t.Width - 1)
		n += t.Weight * int(field)
	}
	return n
}

// String shows the formula, e.g. "1 - arg" or "-1 - (arg & 1) … [3: -2]".
func (e StackEffect) String() string {
	if e.Invalid {
		return "invalid"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d", e.Base)
	for _, t := range e.Terms {
		field := "arg"
		if t.Shift > 0 {
			field = fmt.Sprintf("(arg >> %d)", t.Shift)
		}
		if int(t.Shift)+int(t.Width) < 32 {
			field = fmt.Sprintf("(%s & %#x)", field, uint64(1)<<t.Width-1)
		}
		switch {
		case t.Weight == 1:
			fmt.Fprintf(&b, " + %s", field)
		case t.Weight == -1:
			fmt.Fprintf(&b, " - %s", field)
		case t.Weight < 0:
			fmt.Fprintf(&b, " - %d*%s", -t.Weight, field)
		default:
			fmt.Fprintf(&b, " + %d*%s", t.Weight, field)
		}
	}
	for _, x := range e.Except {
		fmt.Fprintf(&b, " [%d: %d]", x.Arg, x.Effect)
	}
	return b.String()
}

// Equal reports whether two effects are the same formula.
func (e StackEffect) Equal(o StackEffect) bool {
	if e.Base != o.Base || e.Invalid != o.Invalid || len(e.Terms) != len(o.Terms) || len(e.Except) != len(o.Except) {
		return false
	}
	for i := range e.Terms {
		if e.Terms[i] != o.Terms[i] {
			return false
		}
	}
	for i := range e.Except {
		if e.Except[i] != o.Except[i] {
			return false
		}
	}
	return true
}

// EffectSample is one measured stack effect: the effect of arg, or OK false
// when the interpreter rejected the argument.
type EffectSample struct {
	Arg    uint32
	Effect int
	OK     bool
}

const (
	// fitTrustedArgs: every argument below it must be accepted. Above it
	// an interpreter may overflow its int arithmetic and reject the
	// argument; such samples are left out of the fit.
	fitTrustedArgs = 1 << 24
	// maxExcept is how many listed arguments a fit may need before it is
	// declared a failure.
	maxExcept = 4
)

// FitStackEffect finds the StackEffect that reproduces samples. The
// samples must include argument 0 and every single bit 1<<b up to the
// highest bit sampled. A fit that needs more than a few listed arguments,
// or samples that the interpreter rejected below 2^24, are errors: the
// model does not describe the opcode and must be extended.
func FitStackEffect(samples []EffectSample) (StackEffect, error) {
	if !anyOK(samples) {
		return StackEffect{Invalid: true}, nil
	}
	byArg := make(map[uint32]EffectSample, len(samples))
	for _, s := range samples {
		byArg[s.Arg] = s
		if !s.OK && s.Arg < fitTrustedArgs {
			return StackEffect{}, fmt.Errorf("argument %d rejected while others are accepted", s.Arg)
		}
	}
	zero, ok := byArg[0]
	if !ok || !zero.OK {
		return StackEffect{}, fmt.Errorf("no sample for argument 0")
	}
	e := StackEffect{Base: zero.Effect}

	// Per-bit weights, from the single-bit samples; top is the highest bit
	// below which every single-bit sample was accepted.
	var weights [32]int
	top := -1
	sampled := false
	for b := 0; b < 32; b++ {
		s, ok := byArg[1<<b]
		if !ok {
			break
		}
		sampled = true
		if !s.OK {
			break
		}
		weights[b] = s.Effect - zero.Effect
		top = b
	}
	if sampled && top < 0 {
		return StackEffect{}, fmt.Errorf("argument 1 rejected")
	}

	// Group runs of doubling weights into terms; a run that reaches the
	// top sampled bit continues to bit 31.
	for b := 0; b <= top; {
		if weights[b] == 0 {
			b++
			continue
		}
		start := b
		for b+1 <= top && weights[b+1] == 2*weights[b] {
			b++
		}
		width := b - start + 1
		if b == top && top < 31 {
			width = 32 - start
		}
		e.Terms = append(e.Terms, EffectTerm{Shift: uint8(start), Width: uint8(width), Weight: weights[start]})
		b++
	}

	for _, s := range samples {
		if !s.OK {
			continue
		}
		if got := e.Of(s.Arg); got != s.Effect {
			e.Except = append(e.Except, ArgEffect{Arg: s.Arg, Effect: s.Effect})
		}
	}
	sort.Slice(e.Except, func(i, j int) bool { return e.Except[i].Arg < e.Except[j].Arg })
	if len(e.Except) > maxExcept {
		return StackEffect{}, fmt.Errorf("%s leaves %d arguments unexplained (first %d: %d)", e, len(e.Except), e.Except[0].Arg, e.Except[0].Effect)
	}
	// Check the result once more, listed arguments included.
	for _, s := range samples {
		if s.OK && e.Of(s.Arg) != s.Effect {
			return StackEffect{}, fmt.Errorf("%s gives %d for argument %d, the interpreter %d", e, e.Of(s.Arg), s.Arg, s.Effect)
		}
	}
	return e, nil
}

func anyOK(samples []EffectSample) bool {
	for _, s := range samples {
		if s.OK {
			return true
		}
	}
	return false
}
