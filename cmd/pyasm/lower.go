package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/portable"
)

// runLower prints the release's own .pyasm for a file with portable
// instructions: what the portable instructions become, as text that
// assembles to the same .pyc as the file itself.
func runLower(args []string, out, errOut io.Writer) int {
	fs := newFlags("lower", errOut)
	var t target
	fs.StringVar(&t.python, "python", "", "lower for release `X.Y` when the file has no .python directive")
	output := fs.StringP("output", "o", "", "write the .pyasm to `OUT.pyasm` instead of stdout")
	path, code, ok := parseOneFile(fs, args)
	if !ok {
		return code
	}
	src, err := readInput[string](path)
	if err != nil {
		fmt.Fprintf(errOut, "pyasm: %v\n", err)
		return exitError
	}
	sources := sourceOf(path, src)
	v, err := t.version(path, src)
	if err != nil {
		asm.PrintErrors(errOut, err, maxErrors, sources)
		return exitError
	}
	prog, err := grammar.ParseText(path, src, v)
	var warnings asm.ErrorList
	if err == nil {
		prog, warnings, err = portable.Lower(prog)
	}
	if len(warnings) > 0 {
		asm.PrintErrors(errOut, warnings, maxErrors, sources)
	}
	if err != nil {
		asm.PrintErrors(errOut, err, maxErrors, sources)
		return exitError
	}
	var text bytes.Buffer
	fmt.Fprintf(&text, "# %s lowered for %s by pyasm %s.\n", path, prog.Version, version)
	if err := format.Program(&text, prog); err != nil {
		fmt.Fprintf(errOut, "pyasm: %v\n", err)
		return exitError
	}
	if *output == "" {
		_, err = out.Write(text.Bytes())
	} else {
		err = writeAtomic(*output, text.Bytes(), 0o644)
	}
	if err != nil {
		fmt.Fprintf(errOut, "pyasm: %v\n", err)
		return exitError
	}
	return exitOK
}
