// Package versions holds what differs between the CPython releases pyasm
// targets: one Version value per release (2.7, 3.6 … 3.15) with its magic
// numbers, .pyc header layout, marshal version, code-object layout, line and
// exception table formats, its opcode table, and how it spells the portable
// instructions (portable_X_Y.go, read by asm/portable).
//
// It sits under every other stage of the flow: the .pyc reader picks a
// Version by magic number, marshal reads code objects in the Version's
// layout, and the resolver, emitter, disassembler and explainer read the
// opcode table instead of branching on version numbers.
//
// The opcode tables (opcodes_*.go) are generated from the real interpreters
// by ./gen (go generate), with the names the interpreter gives argument
// values (intrinsics, MAKE_FUNCTION's flags, …; argnames.go holds the few
// it does not expose); everything else is written by hand in v*.go, one
// file per release. renames.go holds the one table that spans releases:
// what replaced an opcode name a release lacks, which the assembler's hints
// and the help both read.
package versions

//go:generate go run ./gen -out .
