package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/disasm"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/versions"
)

// readAs reads a .pyc, or with a release named by --python any file
// pyc.ReadAs accepts for it.
func readAs(data []byte, as *versions.Version) (*pyc.File, error) {
	if as == nil {
		return pyc.Read(data)
	}
	return pyc.ReadAs(data, as)
}

// lookupPython is the release --python names, or nil when it is empty.
func lookupPython(python string, errOut io.Writer) (*versions.Version, bool) {
	if python == "" {
		return nil, true
	}
	v, err := versions.Lookup(python)
	if err != nil {
		fmt.Fprintf(errOut, "pyasm: --python: %v\n", err)
		return nil, false
	}
	return v, true
}

func runDis(args []string, out, errOut io.Writer) int {
	fs := newFlags("dis", errOut)
	var tf treeFlags
	tf.register(fs, "write the .pyasm to `OUT` (a file, or a directory that mirrors the inputs; - or none: stdout)")
	stats := fs.Bool("stats", false, "print on stderr how many overrides and raw operands were needed")
	exact := fs.Bool("exact", false, "also record the header and how every object was marshalled, so that reassembly gives the file byte for byte")
	stacks := fs.Bool("stack", false, "show the stack before each instruction as a comment")
	python := fs.String("python", "", "read the input as release `X.Y`: it may be bare marshalled code (marshal.dumps) or have a zeroed, foreign or missing magic number")
	var view disView
	fs.BoolVar(&view.noPositions, "no-positions", false, "leave source positions out (the text reassembles to code that differs only in its line table)")
	fs.StringVar(&view.source, "source", "", "show each source line as a comment where its code starts, from the file co_filename names, or from `PATH` with --source=PATH")
	fs.Lookup("source").NoOptDefVal = disSourceAuto
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if view.noPositions && *exact {
		fmt.Fprintf(errOut, "pyasm dis: --no-positions drops the line tables that --exact reproduces: give one of them\n")
		return exitUsage
	}
	if fs.NArg() == 0 || tf.workers() < 1 {
		fs.Usage()
		return exitUsage
	}
	as, ok := lookupPython(*python, errOut)
	if !ok {
		return exitUsage
	}
	jobs, tree := plan(fs.Args(), ".pyc", ".pyasm", *tf.output, func(input) string {
		if *tf.output == "-" {
			return ""
		}
		return *tf.output
	})
	work := func(name string, data []byte) ([]byte, result) {
		return disassemble(name, data, as, *exact, *stats, *stacks, view)
	}
	return runJobs("dis", jobs, tf.workers(), tree, out, errOut, work)
}

// disassemble lifts one file to .pyasm text.
// textPerPycByte is a little more than the bytes of .pyasm text pyasm dis
// writes for each byte of a .pyc (3.12's stdlib: 4.0 to 4.7).
const textPerPycByte = 5

func disassemble(name string, data []byte, as *versions.Version, exact, stats, stacks bool, view disView) ([]byte, result) {
	f, err := readAs(data, as)
	if err != nil {
		return nil, failf(name, "%v", err)
	}
	const maxFindings = 10
	lift := disasm.Human
	if exact {
		// Exact records the header from a file laid out as a standard
		// .pyc: give it one, whatever the input had before its body.
		magic := pyc.AppendHeader(nil, f.Version, pyc.Header{})[:4]
		var std []byte
		switch f.Layout {
		case pyc.Standard:
			std = data
		case pyc.ForeignMagic:
			std = append(magic, data[4:]...)
		case pyc.NoMagic:
			std = append(magic, data...)
		case pyc.Bare:
			std = append(pyc.AppendHeader(nil, f.Version, pyc.Header{}), data...)
		}
		lift = func(f *pyc.File) (*asm.Program, disasm.Stats, error) { return disasm.Exact(f, std) }
	}
	prog, st, err := lift(f)
	if err != nil {
		return nil, failf(name, "%v", err)
	}
	if stacks {
		if err := disasm.StackComments(prog); err != nil {
			return nil, failf(name, "%v", err)
		}
	}
	// The text is about four bytes for each byte of .pyc; sizing it once
	// spares the copies of a buffer that doubles its way there.
	var text bytes.Buffer
	text.Grow(textPerPycByte * len(data))
	fmt.Fprintf(&text, "# Disassembled from %s by pyasm %s.\n", name, version)
	if f.Layout != pyc.Standard {
		fmt.Fprintf(&text, "# The input had %s; read as CPython %s.\n", f.Layout, f.Version)
	}
	if len(st.Unverified) > 0 {
		// The file holds code pyasm's verifier refuses: say so where
		// the reader of the text will look, and how to assemble it.
		fmt.Fprintf(&text, "# The verifier refuses this code (CPython may crash on it); assemble it with --no-verify:\n")
		for i, e := range st.Unverified {
			if i == maxFindings {
				fmt.Fprintf(&text, "#   ... and %d more\n", len(st.Unverified)-i)
				break
			}
			fmt.Fprintf(&text, "#   in %s: %s\n", e.Pos.File, e.Msg)
		}
	}
	opts := format.Options{NoPositions: view.noPositions}
	if view.source != "" {
		opts.Source = newSourceLines(name, view.source).line
	}
	if err := format.ProgramWith(&text, prog, opts); err != nil {
		return nil, failf(name, "%v", err)
	}
	var r result
	if stats {
		r.diag = fmt.Appendf(nil, "%s: %d code objects; overrides: %d .stacksize, %d line tables, %d exception tables; %d raw operands, %d forced EXTENDED_ARG\n",
			name, st.CodeObjects, st.StackSize, st.LineTable, st.ExceptionTable, st.RawOperands, st.Prefixes)
	}
	return text.Bytes(), r
}
