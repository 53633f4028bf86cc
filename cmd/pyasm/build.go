package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/grammar"
	asmlisting "github.com/pyasm/pyasm/asm/listing"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/pyc"
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
func (t *target) version(path string, src string) (*versions.Version, error) {
	declared, pos, ok := grammar.DeclaredVersionText(src)
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

// pathPython3 is the release of python3 on PATH, if pyasm supports it;
// asked once per run, however many files are built.
var pathPython3 = sync.OnceValue(func() *versions.Version {
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
})

// sourceOf gives asm.PrintErrors the text of the one file being read.
func sourceOf(path string, src string) func(string) []byte {
	return func(file string) []byte {
		if file == path {
			return []byte(src) // for messages only: a copy then is no cost
		}
		return nil
	}
}

// assemble assembles the .pyasm source src, named path, into a .pyc,
// printing its errors and warnings to errOut.
func assemble(path string, src string, t *target, errOut io.Writer) ([]byte, *versions.Version, bool) {
	sources := sourceOf(path, src)
	v, err := t.version(path, src)
	if err != nil {
		asm.PrintErrors(errOut, err, maxErrors, sources)
		return nil, nil, false
	}
	prog, err := grammar.ParseText(path, src, v)
	if err == nil {
		if t.debugLines {
			prog.UseSourceLines(path, []byte(src))
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
			err = asmlisting.Write(t.listing, rp.Source, rp)
		}
		if err == nil {
			return data, prog.Version, true
		}
	}
	asm.PrintErrors(errOut, err, maxErrors, sources)
	return nil, nil, false
}

// headerChoice is the header build writes in place of the one the
// program gives (zeros, or a .header directive).
type headerChoice struct {
	none   bool   // --no-header: the marshalled code alone
	hash   string // --hash: "checked" or "unchecked"
	source []byte // --source: the source's bytes, with its mtime and size
	mtime  time.Time
	size   int64
}

// apply gives the .pyc data of release v with the chosen header.
func (hc *headerChoice) apply(data []byte, v *versions.Version) ([]byte, error) {
	body := data[v.HeaderSize():]
	switch {
	case hc.none:
		return body, nil
	case hc.source == nil:
		return data, nil
	}
	// What importlib writes for a source: its mtime in whole seconds and
	// its size, both cut to 32 bits; or, hash-based, its hash.
	h := pyc.Header{Magic: v.Magic, Mtime: uint32(hc.mtime.Unix()), SourceSize: uint32(hc.size)}
	if hc.hash != "" {
		if v.Header != versions.HeaderFlags {
			return nil, fmt.Errorf("--hash: CPython %s has no hash-based .pyc headers (they came in 3.7)", v)
		}
		hash, err := pyc.SourceHash(v, hc.source)
		if err != nil {
			return nil, err
		}
		h = pyc.Header{Magic: v.Magic, Flags: pyc.FlagHashBased, Hash: hash}
		if hc.hash == "checked" {
			h.Flags |= pyc.FlagCheckSource
		}
	}
	return append(pyc.AppendHeader(make([]byte, 0, len(data)), v, h), body...), nil
}

func runBuild(args []string, out, errOut io.Writer) int {
	fs := newFlags("build", errOut)
	var t target
	t.register(fs)
	var tf treeFlags
	tf.register(fs, "write the .pyc to `OUT` (a file, - for stdout, or a directory that mirrors the inputs; default: FILE with .pyc for .pyasm)")
	source := fs.String("source", "", "write the header CPython checks for importing with the source `FILE.py` beside: its mtime and size")
	hash := fs.String("hash", "", "with --source, write a hash-based header (PEP 552, 3.7+) of `KIND` checked (import compares the hash with the source's) or unchecked (it does not)")
	showListing := fs.Bool("listing", false, "also print a listing: each instruction's offset, bytes and the stack before it")
	noHeader := fs.Bool("no-header", false, "write the marshalled code alone, as marshal.dumps does")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	usageErr := func(format string, args ...any) int {
		fmt.Fprintf(errOut, "pyasm build: "+format+"\n", args...)
		return exitUsage
	}
	if fs.NArg() == 0 || tf.workers() < 1 {
		fs.Usage()
		return exitUsage
	}
	switch {
	case *hash != "" && *hash != "checked" && *hash != "unchecked":
		return usageErr("--hash is checked or unchecked, not %q", *hash)
	case *hash != "" && *source == "":
		return usageErr("--hash needs --source: the hash is of the source's bytes")
	case *noHeader && *source != "":
		return usageErr("--no-header writes no header, so --source and --hash have nothing to set")
	}
	jobs, tree := plan(fs.Args(), ".pyasm", ".pyc", *tf.output, func(in input) string {
		switch {
		case *tf.output == "-":
			return ""
		case *tf.output != "":
			return *tf.output
		case in.path == "-":
			return "" // a filter: standard input to standard output
		}
		return swapExt(in.path, ".pyc")
	})
	switch {
	case tree && *tf.output == "-":
		return usageErr("-o - writes one .pyc to standard output; it takes one input, not %d", len(jobs))
	case tree && *source != "":
		return usageErr("--source names the source of one file; it takes one input, not %d", len(jobs))
	}
	for _, j := range jobs {
		if *showListing && j.dest == "" {
			return usageErr("--listing prints to standard output, where the .pyc would go: name the .pyc with -o")
		}
	}
	hc := headerChoice{none: *noHeader, hash: *hash}
	if *source != "" {
		st, err := os.Stat(*source)
		if err == nil {
			hc.source, err = os.ReadFile(*source)
		}
		if err != nil {
			fmt.Fprintf(errOut, "%s: error: %s\n", *source, fileError(err))
			return exitError
		}
		hc.mtime, hc.size = st.ModTime(), st.Size()
	}
	work := func(name string, src string) ([]byte, result) {
		var diag, listing bytes.Buffer
		jt := t
		if *showListing {
			jt.listing = &listing
		}
		data, v, ok := assemble(name, src, &jt, &diag)
		if !ok {
			return nil, result{diag: diag.Bytes(), failed: true}
		}
		data, err := hc.apply(data, v)
		if err != nil {
			return nil, failf(name, "%v", err)
		}
		return data, result{stdout: listing.Bytes(), diag: diag.Bytes()}
	}
	return runJobs("build", jobs, tf.workers(), tree, out, errOut, work)
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
	src, err := readInput[string](path)
	if err != nil {
		fmt.Fprintf(errOut, "%s: error: %s\n", path, fileError(err))
		return exitError
	}
	data, v, ok := assemble(path, src, &t, errOut)
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
