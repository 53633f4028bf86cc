package versions

import (
	"fmt"
	"strings"
)

// NamedBit names one bit of a flags word.
type NamedBit struct {
	Bit  uint32
	Name string
}

// BitNamed looks a bit up by name; 0 if the table has no such bit.
func BitNamed(names []NamedBit, name string) uint32 {
	for _, nb := range names {
		if nb.Name == name {
			return nb.Bit
		}
	}
	return 0
}

// FormatBits spells value as NAME|NAME, with any bits no name covers in hex.
func FormatBits(value uint32, names []NamedBit) string {
	var parts []string
	for _, nb := range names {
		if value&nb.Bit != 0 {
			parts = append(parts, nb.Name)
			value &^= nb.Bit
		}
	}
	if value != 0 || len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("0x%x", value))
	}
	return strings.Join(parts, "|")
}

// The co_flags bits. The function-kind bits never moved; CO_NOFREE left in
// 3.11; the __future__ bits moved left by 4 in 3.8.
var (
	flagsFunction = []NamedBit{
		{0x1, "OPTIMIZED"}, {0x2, "NEWLOCALS"}, {0x4, "VARARGS"}, {0x8, "VARKEYWORDS"},
		{0x10, "NESTED"}, {0x20, "GENERATOR"},
	}
	flagsAsync   = []NamedBit{{0x80, "COROUTINE"}, {0x100, "ITERABLE_COROUTINE"}, {0x200, "ASYNC_GENERATOR"}}
	flagNoFree   = NamedBit{0x40, "NOFREE"}
	flagsFuture2 = []NamedBit{
		{0x1000, "GENERATOR_ALLOWED"}, {0x2000, "FUTURE_DIVISION"}, {0x4000, "FUTURE_ABSOLUTE_IMPORT"},
		{0x8000, "FUTURE_WITH_STATEMENT"}, {0x10000, "FUTURE_PRINT_FUNCTION"}, {0x20000, "FUTURE_UNICODE_LITERALS"},
	}
	flagsFuture36 = []NamedBit{
		{0x2000, "FUTURE_DIVISION"}, {0x4000, "FUTURE_ABSOLUTE_IMPORT"}, {0x8000, "FUTURE_WITH_STATEMENT"},
		{0x10000, "FUTURE_PRINT_FUNCTION"}, {0x20000, "FUTURE_UNICODE_LITERALS"}, {0x40000, "FUTURE_BARRY_AS_BDFL"},
		{0x80000, "FUTURE_GENERATOR_STOP"}, {0x100000, "FUTURE_ANNOTATIONS"},
	}
	flagsFuture38 = []NamedBit{
		{0x20000, "FUTURE_DIVISION"}, {0x40000, "FUTURE_ABSOLUTE_IMPORT"}, {0x80000, "FUTURE_WITH_STATEMENT"},
		{0x100000, "FUTURE_PRINT_FUNCTION"}, {0x200000, "FUTURE_UNICODE_LITERALS"}, {0x400000, "FUTURE_BARRY_AS_BDFL"},
		{0x800000, "FUTURE_GENERATOR_STOP"}, {0x1000000, "FUTURE_ANNOTATIONS"},
	}
	flagsInternal313 = []NamedBit{{0x2000000, "NO_MONITORING_EVENTS"}}
	flagsNew314      = []NamedBit{{0x4000000, "HAS_DOCSTRING"}, {0x8000000, "METHOD"}}

	codeFlags27  = join(flagsFunction, []NamedBit{flagNoFree}, flagsFuture2)
	codeFlags36  = join(flagsFunction, []NamedBit{flagNoFree}, flagsAsync, flagsFuture36)
	codeFlags38  = join(flagsFunction, []NamedBit{flagNoFree}, flagsAsync, flagsFuture38)
	codeFlags311 = join(flagsFunction, flagsAsync, flagsFuture38)
	codeFlags313 = join(codeFlags311, flagsInternal313)
	codeFlags314 = join(codeFlags313, flagsNew314)
)

// The localsplus kind bits (3.11+): one byte per local, cell or free name.
var (
	kinds311 = []NamedBit{{0x20, "LOCAL"}, {0x40, "CELL"}, {0x80, "FREE"}}
	kinds312 = join([]NamedBit{{0x10, "HIDDEN"}}, kinds311)
	kinds314 = join([]NamedBit{{0x02, "ARG_POS"}, {0x04, "ARG_KW"}, {0x08, "ARG_VAR"}}, kinds312)
)

func join(lists ...[]NamedBit) []NamedBit {
	var out []NamedBit
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
