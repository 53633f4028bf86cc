package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/disasm"
	"github.com/pyasm/pyasm/pyc"
)

func runDis(args []string, out, errOut io.Writer) int {
	fs := newFlags("dis", errOut)
	output := fs.StringP("output", "o", "", "write the .pyasm to `OUT.pyasm` instead of stdout")
	stats := fs.Bool("stats", false, "print on stderr how many overrides and raw operands were needed")
	exact := fs.Bool("exact", false, "also record the header and how every object was marshalled, so that reassembly gives the file byte for byte")
	stacks := fs.Bool("stack", false, "show the stack before each instruction as a comment")
	path, code, ok := parseOneFile(fs, args)
	if !ok {
		return code
	}
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(errOut, "pyasm: %v\n", err)
		return exitError
	}
	f, err := pyc.Read(data)
	if err != nil {
		fmt.Fprintf(errOut, "%s: error: %v\n", path, err)
		return exitError
	}
	const maxFindings = 10
	lift := disasm.Human
	if *exact {
		lift = func(f *pyc.File) (*asm.Program, disasm.Stats, error) { return disasm.Exact(f, data) }
	}
	prog, st, err := lift(f)
	if err != nil {
		fmt.Fprintf(errOut, "%s: error: %v\n", path, err)
		return exitError
	}
	if *stacks {
		if err := disasm.StackComments(prog); err != nil {
			fmt.Fprintf(errOut, "%s: error: %v\n", path, err)
			return exitError
		}
	}
	var text bytes.Buffer
	fmt.Fprintf(&text, "# Disassembled from %s by pyasm %s.\n", path, version)
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
	if err := format.Program(&text, prog); err != nil {
		fmt.Fprintf(errOut, "pyasm: %v\n", err)
		return exitError
	}
	if *output != "" {
		err = writeAtomic(*output, text.Bytes(), 0o644)
	} else {
		_, err = out.Write(text.Bytes())
	}
	if err != nil {
		fmt.Fprintf(errOut, "pyasm: %v\n", err)
		return exitError
	}
	if *stats {
		fmt.Fprintf(errOut, "%s: %d code objects; overrides: %d .stacksize, %d line tables, %d exception tables; %d raw operands, %d forced EXTENDED_ARG\n",
			path, st.CodeObjects, st.StackSize, st.LineTable, st.ExceptionTable, st.RawOperands, st.Prefixes)
	}
	return exitOK
}
