// Command pyasm assembles, disassembles and explains CPython .pyc files for
// CPython 2.7 and 3.6–3.15.
//
// Each subcommand is one entry of the commands table; main only dispatches.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/pyasm/pyasm/versions"
)

// version is pyasm's own version.
const version = "0.1.0-dev"

// command is one subcommand.
type command struct {
	name    string
	args    string
	summary string
	run     func(args []string, out, errOut io.Writer) int
}

var commands []command

func init() {
	commands = []command{
		{"build", "FILE.pyasm|DIR... [-o OUT]", "assemble .pyasm files into .pycs (also: pyasm FILE.pyasm)", runBuild},
		{"run", "FILE.pyasm [ARGS...]", "assemble to a temporary .pyc and run it with the target release's python", runRun},
		{"dis", "FILE.pyc|DIR... [-o OUT]", "disassemble .pycs into .pyasm that reassembles to the same code", runDis},
		{"lower", "FILE.pyasm [--python X.Y]", "print the release's own .pyasm that the portable instructions become", runLower},
		{"explain", "FILE.pyc|DIR... [--outline]", "show every byte of a .pyc file and what it means, or its outline", runExplain},
		{"help", "[COMMAND | opcodes | OPCODE]", "show help for pyasm, a command, or the opcodes", runHelp},
	}
}

// Exit codes: 0 success, 1 bad input (a damaged file, an error in it), 2 a
// command line pyasm does not understand.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, out, errOut io.Writer) int {
	if len(args) == 0 {
		usage(errOut)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help":
		usage(out)
		return exitOK
	case "--version":
		fmt.Fprintf(out, "pyasm %s\n", version)
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], out, errOut)
		}
	}
	// pyasm FILE.pyasm [flags] is pyasm build.
	if strings.HasPrefix(args[0], "-") || strings.HasSuffix(args[0], ".pyasm") || isFile(args[0]) {
		return runBuild(args, out, errOut)
	}
	fmt.Fprintf(errOut, "pyasm: unknown command %q\n\n", args[0])
	usage(errOut)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintf(w, `pyasm: assemble, disassemble and explain CPython .pyc files (2.7, 3.6-3.15)

Usage:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  pyasm %-36s %s\n", c.name+" "+c.args, c.summary)
	}
	fmt.Fprintf(w, `
Flags:
  -h, --help                show this help
      --version             print pyasm's version
  -o, --output OUT          (build, dis, explain, lower) where to write: a file, - for
                            standard output, or a directory, which mirrors the
                            inputs (x.pyc <-> x.pyasm, explain: x.txt)
  -j, --jobs N              (build, dis, explain) files at a time (default: CPUs)
      --listing             (build) also print each instruction's offset,
                            bytes (EXTENDED_ARG and caches included) and the
                            stack before it, as the verifier sees it
      --stack               (dis) show the stack before each instruction as
                            a comment (the text still reassembles)
      --stats               (dis) count the overrides and raw operands written
      --exact               (dis) record the header and the marshal details too,
                            so reassembly gives the file byte for byte
      --no-positions        (dis) leave source positions out (@3:0-5, .line):
                            reassembly differs only in the line tables
      --source[=PATH]       (dis) show each source line as a # 12: comment
                            where its code starts, from the file co_filename
                            names (or PATH)
      --python X.Y          (build, run, lower) target release when the file has no
                            .python directive; default: python3 on PATH, else %[1]s
                            (dis, explain) read input with no .pyc header
                            (marshal.dumps output) or a zeroed, foreign or
                            missing magic number as release X.Y
      --source FILE.py      (build) write the header import checks for FILE.py:
                            its mtime and size, or with --hash its hash
      --hash checked|unchecked
                            (build) a hash-based header (PEP 552, 3.7+)
      --no-header           (build) write the marshalled code alone
      --interpreter PYTHON  (run) the interpreter to run the .pyc with
  -g, --debug-lines         (build, run) make the .pyasm file the source:
                            co_filename is its path and each instruction
                            its own line, so tracebacks show .pyasm lines
      --outline             (explain) show the structure only: one row per
                            header field, code object and field, with the
                            range of bytes it takes
      --no-legend           (explain) leave out the legend printed first
      --no-verify           (build, run) write code the verifier refuses (a
                            raw index past a table's end, a jump into the
                            middle of an instruction, stack underflow...),
                            with a warning; dis lists such findings in a
                            comment at the top of its output

Help topics:
  pyasm help COMMAND        a command's usage and flags
  pyasm help opcodes [X.Y]  every opcode of a release (default: the newest, %[1]s):
                            number, operand, stack picture, caches, releases
  pyasm help OPCODE [X.Y]   what an opcode does, its operand and stack picture,
                            and how it changed from release to release

Examples:
  pyasm hello.pyasm -o hello.pyc && python3 hello.pyc
  pyasm run examples/hello.pyasm
  pyasm build --python 3.8 loop.pyasm
  pyasm lower --python 2.7 portable.pyasm
  pyasm dis __pycache__/mod.cpython-312.pyc -o mod.pyasm
  pyasm explain __pycache__/mod.cpython-312.pyc | less
  pyasm explain --outline __pycache__/mod.cpython-312.pyc
  pyasm dis -j 4 /usr/lib/python3.12 -o lib.pyasm && pyasm build lib.pyasm -o lib.pyc
  pyasm build mod.pyasm --source mod.py -o __pycache__/mod.cpython-312.pyc
  cat code.bin | pyasm dis --python 3.8 -

FILE - is standard input. dis, build and explain take several files and
directories (searched for .pyc, or .pyasm for build); one bad file is
reported and the rest go on, and a summary line ends the run.

Exit status: 0 on success, 1 when an input is bad (a damaged .pyc, for
example; any one of several), 2 when the command line is not understood.
pyasm run exits with the program's own status.
`, versions.Newest())
}

// newFlags makes the flag set of one command, printing its usage on -h.
func newFlags(c string, out io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet("pyasm "+c, pflag.ContinueOnError)
	fs.SetOutput(out)
	for _, cmd := range commands {
		if cmd.name == c {
			fs.Usage = func() {
				fmt.Fprintf(out, "Usage: pyasm %s %s\n\n%s.\n", cmd.name, cmd.args, strings.ToUpper(cmd.summary[:1])+cmd.summary[1:])
				if fs.HasFlags() {
					fmt.Fprintf(out, "\nFlags:\n%s", fs.FlagUsages())
				}
			}
		}
	}
	return fs
}

// parse parses a command's flags; ok is false when the command should stop
// with the returned exit code (help was asked for, or a flag was wrong).
func parse(fs *pflag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK, false
		}
		fmt.Fprintf(fs.Output(), "%s: %v\n", fs.Name(), err)
		return exitUsage, false
	}
	return 0, true
}

// parseOneFile is parse for a command that takes one FILE: its path, or
// the exit code when the command line is not one.
func parseOneFile(fs *pflag.FlagSet, args []string) (path string, code int, ok bool) {
	if code, ok := parse(fs, args); !ok {
		return "", code, false
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return "", exitUsage, false
	}
	return fs.Arg(0), 0, true
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

func runHelp(args []string, out, errOut io.Writer) int {
	if len(args) == 0 {
		usage(out)
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] && len(args) == 1 {
			newFlags(c.name, out).Usage()
			return exitOK
		}
	}
	return runHelpTopic(args, out, errOut)
}
