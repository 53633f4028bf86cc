package main

// dis, build and explain take any number of files and directories. Each
// file is one job: a function of its bytes that returns the text for
// standard output, the messages for standard error, and whether it
// failed. Jobs run on a pool of workers; their output is written in input
// order, so it is the same whatever the number of workers.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"
)

// stdin is what "-" as FILE reads; tests replace it.
var stdin io.Reader = os.Stdin

// stdinName names standard input in messages.
const stdinName = "<stdin>"

// treeFlags are the flags every command that takes a tree shares.
type treeFlags struct {
	output *string
	jobs   *int
}

func (f *treeFlags) register(fs *pflag.FlagSet, outputHelp string) {
	f.output = fs.StringP("output", "o", "", outputHelp)
	f.jobs = fs.IntP("jobs", "j", 0, "process `N` files at a time (default: the number of CPUs)")
}

// workers is the -j flag's number of workers, or 0 when it is not one.
func (f *treeFlags) workers() int {
	switch {
	case *f.jobs == 0:
		return runtime.NumCPU()
	case *f.jobs < 0:
		return 0
	}
	return *f.jobs
}

// input is one file to process.
type input struct {
	path string // as given or found; "-" is standard input
	rel  string // its path under -o DIR: below the directory it was found in, or its base name
	err  error  // why it cannot be processed (a missing argument)
}

// name is how messages call the input.
func (in input) name() string {
	if in.path == "-" {
		return stdinName
	}
	return in.path
}

// collect lists the files args name: each file as given, each directory's
// files ending in ext, searched recursively in lexical order. A path that
// does not exist is an input that fails. Each input's rel is its path under
// -o DIR: a file's base name; for a file found in a directory, its path
// below it, or with several arguments below the directory's parent.
func collect(args []string, ext string) (inputs []input, tree bool) {
	tree = len(args) > 1
	for _, arg := range args {
		if arg == "-" {
			inputs = append(inputs, input{path: "-", rel: "stdin" + ext})
			continue
		}
		st, err := os.Stat(arg)
		if err != nil {
			inputs = append(inputs, input{path: arg, rel: filepath.Base(arg), err: err})
			continue
		}
		if !st.IsDir() {
			inputs = append(inputs, input{path: arg, rel: filepath.Base(arg)})
			continue
		}
		tree = true
		var found []input
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				found = append(found, input{path: path, rel: path, err: err})
				return nil
			}
			if strings.HasSuffix(d.Name(), ext) && isFile(path) {
				rel, _ := filepath.Rel(arg, path)
				if len(args) > 1 {
					// Several inputs each keep their own directory under
					// -o DIR, as cp -r does, so that a/x.pyc and b/x.pyc
					// stay apart.
					rel = filepath.Join(filepath.Base(filepath.Clean(arg)), rel)
				}
				found = append(found, input{path: path, rel: rel})
			}
			return nil
		})
		if err != nil {
			found = append(found, input{path: arg, rel: arg, err: err})
		}
		inputs = append(inputs, found...)
	}
	return inputs, tree
}

// swapExt gives path with its extension replaced by ext.
func swapExt(path, ext string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + ext
}

// result is what one job gives.
type result struct {
	stdout []byte // for standard output, in input order
	diag   []byte // for standard error: errors, warnings, statistics
	failed bool
}

// failf is a failed result whose message is "name: error: ...".
func failf(name, format string, args ...any) result {
	return result{diag: []byte(fmt.Sprintf("%s: error: "+format+"\n", append([]any{name}, args...)...)), failed: true}
}

// fileError is the message for a file that cannot be read or written,
// without the operation and path that the error repeats.
func fileError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// plan lists the jobs of a command line: the files args name (directories
// searched for files ending in ext), each with its output file. output is
// the -o flag: a directory when there are several inputs or it is one,
// which then mirrors the input tree with outExt for each file's extension;
// else single gives each input's output ("" for standard output).
func plan(args []string, ext, outExt, output string, single func(input) string) ([]job, bool) {
	inputs, tree := collect(args, ext)
	outDir := ""
	if output != "" && output != "-" {
		if st, err := os.Stat(output); tree || err == nil && st.IsDir() {
			outDir = output
		}
	}
	return destinations(inputs, outDir, outExt, single), tree
}

// readInput reads a file as bytes, or as text without copying it: into a
// strings.Builder sized by the file's length.
func readInput[In string | []byte](path string) (In, error) {
	var zero In
	if _, asBytes := any(zero).([]byte); asBytes {
		b, err := os.ReadFile(path)
		return In(b), err
	}
	f, err := os.Open(path)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	var text strings.Builder
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		text.Grow(int(st.Size()) + 1) // one more, so that Copy sees the end without growing
	}
	if _, err := io.Copy(&text, f); err != nil {
		return zero, err
	}
	return In(text.String()), nil
}

// job is one input with where its output goes.
type job struct {
	input
	dest string // the output file; "" is standard output
}

// destinations pairs each input with its output file: under outDir when
// it is set, mirroring the tree with the extension swapped for ext; else
// what single gives (the one-file rule of the command). Two inputs with
// the same output are an error for the second.
func destinations(inputs []input, outDir string, ext string, single func(input) string) []job {
	jobs := make([]job, len(inputs))
	seen := map[string]string{}
	for i, in := range inputs {
		jobs[i].input = in
		if outDir != "" {
			jobs[i].dest = filepath.Join(outDir, swapExt(in.rel, ext))
		} else {
			jobs[i].dest = single(in)
		}
		if d := jobs[i].dest; d != "" && in.err == nil {
			if first, ok := seen[d]; ok {
				jobs[i].err = fmt.Errorf("its output %s is also %s's", d, first)
			}
			seen[d] = in.name()
		}
	}
	return jobs
}

// runJobs runs work on every job with workers at a time, writing each
// job's output file, then its standard output and messages in input order.
// With summary it ends with a line counting files, failures and time; with
// a terminal for errOut it shows progress meanwhile. It returns the exit
// code: exitError if any job failed.
// A job's input comes to work as bytes (a .pyc) or as text (a .pyasm,
// whose parse keeps pieces of it: read into a string, it needs no copy).
func runJobs[In string | []byte](cmd string, jobs []job, workers int, summary bool, out, errOut io.Writer, work func(name string, data In) ([]byte, result)) int {
	start := time.Now()
	var stdinData In
	var stdinErr error
	for _, j := range jobs {
		if j.path == "-" {
			var b []byte
			b, stdinErr = io.ReadAll(stdin)
			stdinData = In(b)
			break
		}
	}
	// compute reads and processes one job; a file to write comes back as
	// output, for store.
	compute := func(j job) (output []byte, r result) {
		if j.err != nil {
			return nil, failf(j.name(), "%s", fileError(j.err))
		}
		data, err := stdinData, stdinErr
		if j.path != "-" {
			data, err = readInput[In](j.path)
		}
		if err != nil {
			return nil, failf(j.name(), "%s", fileError(err))
		}
		output, r = work(j.name(), data)
		if r.failed && j.dest != "" {
			r.stdout = nil // what a failed job shows is for a reader, not for a file
		}
		if r.failed || output == nil {
			return nil, r
		}
		if j.dest == "" {
			r.stdout = output
			return nil, r
		}
		return output, r
	}
	store := func(j job, output []byte, r result) result {
		if err := os.MkdirAll(filepath.Dir(j.dest), 0o755); err != nil {
			return failf(j.name(), "writing %s: %s", j.dest, fileError(err))
		}
		if err := writeAtomic(j.dest, output, 0o644); err != nil {
			return failf(j.name(), "writing %s: %s", j.dest, fileError(err))
		}
		return r
	}

	largest := int64(len(stdinData))
	for _, j := range jobs {
		if st, err := os.Stat(j.path); j.path != "-" && err == nil {
			largest = max(largest, st.Size())
		}
	}
	boundHeap(cmd, min(workers, len(jobs)), largest)

	results := make([]result, len(jobs))
	done := make([]chan struct{}, len(jobs))
	for i := range done {
		done[i] = make(chan struct{})
	}
	next := make(chan int)
	go func() {
		for i := range jobs {
			next <- i
		}
		close(next)
	}()
	// Writing a file mostly waits on the file system (writeAtomic creates
	// a temporary file, writes it and renames it over the output): stores
	// run beside the workers, up to maxStores at once, so that the workers
	// keep the CPUs busy.
	const maxStores = 32
	stores := make(chan struct{}, maxStores)
	var wg sync.WaitGroup
	for range max(1, min(workers, len(jobs))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				output, r := compute(jobs[i])
				if output == nil {
					results[i] = r
					close(done[i])
					continue
				}
				stores <- struct{}{}
				wg.Add(1)
				go func() {
					defer wg.Done()
					results[i] = store(jobs[i], output, r)
					<-stores
					close(done[i])
				}()
			}
		}()
	}

	bar := newProgress(cmd, len(jobs), summary && isTerminal(errOut), errOut, start)
	failed := 0
	var writeErr error
	for i := range jobs {
		<-done[i]
		r := results[i]
		results[i] = result{} // let the bytes go
		if len(r.diag) > 0 {
			bar.clear()
			errOut.Write(r.diag)
		}
		if len(r.stdout) > 0 && writeErr == nil {
			if _, writeErr = out.Write(r.stdout); writeErr != nil {
				bar.clear()
				fmt.Fprintf(errOut, "pyasm %s: writing standard output: %v\n", cmd, writeErr)
			}
		}
		if r.failed {
			failed++
		}
		bar.update(i+1, failed)
	}
	wg.Wait()
	bar.clear()
	if summary {
		fmt.Fprintf(errOut, "pyasm %s: %d %s, %d failed, %.1fs\n", cmd, len(jobs), plural(len(jobs), "file"), failed, time.Since(start).Seconds())
	}
	if failed > 0 || writeErr != nil {
		return exitError
	}
	return exitOK
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// isTerminal reports whether w is a terminal, where a progress bar may be
// drawn; not a file or a pipe, whose reader would get the redraws.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress draws "[done/total] failures rate" on one terminal line,
// redrawn at most ten times a second.
type progress struct {
	cmd    string
	total  int
	on     bool
	w      io.Writer
	start  time.Time
	last   time.Time
	showed bool
}

func newProgress(cmd string, total int, on bool, w io.Writer, start time.Time) *progress {
	return &progress{cmd: cmd, total: total, on: on, w: w, start: start}
}

func (p *progress) update(done, failed int) {
	if !p.on || time.Since(p.last) < 100*time.Millisecond && done < p.total {
		return
	}
	p.last = time.Now()
	rate := float64(done) / max(time.Since(p.start).Seconds(), 1e-3)
	const width = 30
	filled := width * done / max(p.total, 1)
	fmt.Fprintf(p.w, "\r\x1b[Kpyasm %s [%s%s] %d/%d, %d failed, %.0f files/s",
		p.cmd, strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, p.total, failed, rate)
	p.showed = true
}

// clear erases the bar so that a message can take its line.
func (p *progress) clear() {
	if p.showed {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.showed = false
	}
}
