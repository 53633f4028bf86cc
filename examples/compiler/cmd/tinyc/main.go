// Command tinyc compiles a Tiny program (package compiler) to a .pyc that
// the CPython release named by --python runs.
//
//	tinyc --python X.Y prog.tiny          writes prog.pyc
//	tinyc --python X.Y prog.tiny -o out.pyc
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/examples/compiler"
	"github.com/pyasm/pyasm/versions"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, errOut io.Writer) int {
	flags := pflag.NewFlagSet("tinyc", pflag.ContinueOnError)
	flags.SetOutput(errOut)
	target := flags.String("python", "", "the CPython release to compile for, as X.Y (any release pyasm knows: see pyasm --help)")
	out := flags.StringP("output", "o", "", "the .pyc to write (default: the source's name with .pyc)")
	flags.Usage = func() {
		fmt.Fprintln(errOut, "usage: tinyc --python X.Y FILE.tiny [-o OUT.pyc]")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() != 1 || *target == "" {
		flags.Usage()
		return 2
	}
	release, err := versions.Lookup(*target)
	if err != nil {
		fmt.Fprintf(errOut, "tinyc: %v\n", err)
		return 2
	}
	file := flags.Arg(0)
	src, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(errOut, "tinyc: %v\n", err)
		return 1
	}
	pyc, warnings, err := compiler.Compile(file, src, release)
	source := func(string) []byte { return src }
	if len(warnings) > 0 {
		asm.PrintErrors(errOut, warnings, 20, source)
	}
	if err != nil {
		asm.PrintErrors(errOut, err, 20, source)
		return 1
	}
	if *out == "" {
		*out = strings.TrimSuffix(file, ".tiny") + ".pyc"
	}
	if err := os.WriteFile(*out, pyc, 0o644); err != nil {
		fmt.Fprintf(errOut, "tinyc: %v\n", err)
		return 1
	}
	return 0
}
