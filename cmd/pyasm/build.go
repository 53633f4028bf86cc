package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/grammar"
	asmlisting "github.com/pyasm/pyasm/asm/listing"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// maxErrors is how many errors one run reports.
const maxErrors = 10

// target holds the flags that choose the release and how to assemble.
type target struct {
	python     string
	noVerify   bool
	debugLines bool
	// listing, when set, receives the listing of what was assembled.
	listing io.Writer
}

func (t *target) register(fs *pflag.FlagSet) {
	fs.StringVar(&t.python, "python", "", "target `X.Y` when the file has no .python directive")
	fs.BoolVar(&t.noVerify, "no-verify", false, "write code the verifier refuses (it could crash the interpreter), with a warning")
	fs.BoolVarP(&t.debugLines, "debug-lines", "g", false, "point co_filename and the line table at the .pyasm file itself, so tracebacks show its lines")
}

// version chooses the release: the file's .python directive; else
// --python; else the version of python3 on PATH; else the newest
// supported. A directive and a different --python are an error.
func (t *target) version(path string, src []byte) (*versions.Version, error) {
	declared, pos, ok := grammar.DeclaredVersion(src)
	if ok && t.python != "" && declared != t.python {
		return nil, &asm.Error{Pos: asm.Pos{File: path, Line: pos.Line, Col: pos.Col},
			Msg:  fmt.Sprintf("the file says .python %s but --python says %s", declared, t.python),
			Hint: "drop one of them"}
	}
	switch {
	case ok:
		return versions.Lookup(declared)
	case t.python != "":
		return versions.Lookup(t.python)
	}
	if v := pathPython3(); v != nil {
		return v, nil
	}
	return versions.Newest(), nil
}

// pathPython3 is the release of python3 on PATH, if pyasm supports it.
func pathPython3() *versions.Version {
	py, err := exec.LookPath("python3")
	if err != nil {
		return nil
	}
	out, err := exec.Command(py, "-c", "import sys; print('%d.%d' % sys.version_info[:2])").Output()
	if err != nil {
		return nil
	}
	v, err := versions.Lookup(strings.TrimSpace(string(out)))
	if err != nil {
		return nil
	}
	return v
}

// assemble reads and assembles one .pyasm file, printing its errors.
func assemble(path string, t *target, errOut io.Writer) ([]byte, *versions.Version, bool) {
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(errOut, "pyasm: %v\n", err)
		return nil, nil, false
	}
	sources := func(file string) []byte {
		if file == path {
			return src
		}
		return nil
	}
	v, err := t.version(path, src)
	if err != nil {
		asm.PrintErrors(errOut, err, maxErrors, sources)
		return nil, nil, false
	}
	prog, err := grammar.Parse(path, src, v)
	if err == nil {
		if t.debugLines {
			prog.UseSourceLines(path, src)
		}
		var data []byte
		var warnings asm.ErrorList
		var rp *resolve.Program
		rp, warnings, err = resolve.ResolveWith(prog, resolve.Options{NoVerify: t.noVerify, Stacks: t.listing != nil})
		if len(warnings) > 0 {
			asm.PrintErrors(errOut, warnings, maxErrors, sources)
		}
		if err == nil {
			data, err = emit.Pyc(rp)
		}
		if err == nil && t.listing != nil {
			err = asmlisting.Write(t.listing, prog, rp)
		}
		if err == nil {
			return data, prog.Version, true
		}
	}
	asm.PrintErrors(errOut, err, maxErrors, sources)
	return nil, nil, false
}

func runBuild(args []string, out, errOut io.Writer) int {
	fs := newFlags("build", errOut)
	var t target
	t.register(fs)
	output := fs.StringP("output", "o", "", "write the .pyc to `OUT.pyc` (default: FILE with .pyc for .pyasm)")
	showListing := fs.Bool("listing", false, "also print a listing: each instruction's offset, bytes and the stack before it")
	path, code, ok := parseOneFile(fs, args)
	if !ok {
		return code
	}
	dest := *output
	if dest == "" {
		dest = strings.TrimSuffix(path, filepath.Ext(path)) + ".pyc"
	}
	if *showListing {
		t.listing = out
	}
	data, _, ok := assemble(path, &t, errOut)
	if !ok {
		return exitError
	}
	if err := writeAtomic(dest, data, 0o644); err != nil {
		fmt.Fprintf(errOut, "pyasm: writing %s: %v\n", dest, err)
		return exitError
	}
	return exitOK
}

func runRun(args []string, out, errOut io.Writer) int {
	fs := newFlags("run", errOut)
	fs.SetInterspersed(false) // flags after FILE belong to the program
	var t target
	t.register(fs)
	interpreter := fs.String("interpreter", "", "run with this `PYTHON` instead of looking for the target release's")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() < 1 {
		fs.Usage()
		return exitUsage
	}
	path := fs.Arg(0)
	data, v, ok := assemble(path, &t, errOut)
	if !ok {
		return exitError
	}
	py := *interpreter
	if py == "" {
		var err error
		if py, err = pythons.Find(v.String()); err != nil {
			fmt.Fprintf(errOut, "pyasm: %v\n", err)
			return exitError
		}
	}
	dir, err := os.MkdirTemp("", "pyasm-run-")
	if err != nil {
		fmt.Fprintf(errOut, "pyasm: %v\n", err)
		return exitError
	}
	defer os.RemoveAll(dir)
	pycPath := filepath.Join(dir, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))+".pyc")
	if err := os.WriteFile(pycPath, data, 0o644); err != nil {
		fmt.Fprintf(errOut, "pyasm: %v\n", err)
		return exitError
	}
	cmd := exec.Command(py, append([]string{pycPath}, fs.Args()[1:]...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, out, errOut
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			// A signal (the interpreter crashed on the bytecode) is named,
			// and reported as a shell reports it: 128 + the signal.
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				fmt.Fprintf(errOut, "pyasm: %s was killed by signal %d (%v): the bytecode crashed the interpreter\n", py, int(ws.Signal()), ws.Signal())
				return 128 + int(ws.Signal())
			}
			return ee.ExitCode()
		}
		fmt.Fprintf(errOut, "pyasm: running %s: %v\n", py, err)
		return exitError
	}
	return exitOK
}
