package mutate_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/asm/resolve"
	"github.com/pyasm/pyasm/disasm"
	"github.com/pyasm/pyasm/internal/mutate"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/spec"
	"github.com/pyasm/pyasm/versions"
)

// The crash oracle's knobs.
const (
	// runTimeout bounds one run: a mutant that loops is not a crash.
	runTimeout = 5 * time.Second
	// sampleMutants is about how many mutants of each release a default
	// run builds, every k-th so that they spread over its programs; a
	// little over half are accepted and run. PYASM_FULL=1 takes them all,
	// -short fewer.
	sampleMutants      = 250
	shortSampleMutants = 40
	// tailBytes is how much of a crash's output is kept and shown.
	tailBytes = 1500
)

// crashMarkers in a run's output mean the interpreter itself broke, not
// the Python program: an abort's banner, the messages of CPython's own
// bytecode checks, and the exception CPython raises for an internal error.
var crashMarkers = []string{"Fatal Python error", "Executing a cache", "Bad code object", "SystemError"}

// program is one .pyasm file of the repository, the seed of mutants.
type program struct {
	name    string // where it comes from: examples/01-hello, spec/SYNTAX.md:9
	slug    string // name as a file name, without the release
	release *versions.Version
	src     string
}

// programs collects the examples, the per-release versions of them, the
// ```pyasm blocks of SYNTAX.md and the resolver's feature programs.
func programs(t *testing.T) []program {
	var out []program
	// add reads the programs matching pattern; required says an empty
	// match is a mistake in the test (the per-release lessons may be few).
	add := func(pattern, prefix string, required bool) {
		paths, err := filepath.Glob(pattern)
		require.NoError(t, err)
		if required {
			require.NotEmpty(t, paths, "no programs match %s", pattern)
		}
		for _, path := range paths {
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			rel := strings.TrimPrefix(filepath.ToSlash(strings.TrimSuffix(path, ".pyasm")), "../../")
			slug := prefix + filepath.Base(rel)
			if dir := filepath.Base(filepath.Dir(rel)); dir[0] >= '0' && dir[0] <= '9' {
				slug = prefix + dir + "-" + filepath.Base(rel) // examples/3.8/04-while: 3.8-04-while
			}
			out = append(out, program{name: rel, slug: slug, release: release(t, rel, src), src: string(src)})
		}
	}
	add("../../examples/*.pyasm", "", true)
	add("../../examples/[23].*/*.pyasm", "", false)
	add("../../examples/versions/*.pyasm", "versions-", true)
	for _, ex := range spec.Examples() {
		name := fmt.Sprintf("spec/SYNTAX.md:%d", ex.Line)
		out = append(out, program{name: name, slug: fmt.Sprintf("SYNTAX-%d", ex.Line), release: release(t, name, []byte(ex.Src)), src: ex.Src})
	}
	add("../../asm/resolve/testdata/features/*/*.pyasm", "features-", true)
	return append(out, compiledSeeds(t)...)
}

// oracleMin is the line of a seed's Python source that names the oldest
// release whose compiler takes it.
var oracleMin = regexp.MustCompile(`(?m)^# oracle-min: (\d+\.\d+)$`)

// compiledSeeds are the Python programs of testdata/seeds as each release's
// own compiler writes them, disassembled: CPython's code for the whole
// language, beyond what the hand-written programs hold. A release without
// an interpreter has none (its mutants would not run anyway).
func compiledSeeds(t *testing.T) []program {
	paths, err := filepath.Glob("testdata/seeds/*.py")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	var out []program
	for _, v := range versions.All() {
		py, err := pythons.Find(v.String())
		if err != nil {
			continue
		}
		for _, path := range paths {
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			m := oracleMin.FindSubmatch(src)
			require.NotNil(t, m, "%s has no line # oracle-min: X.Y", path)
			oldest, err := versions.Lookup(string(m[1]))
			require.NoError(t, err, path)
			if v.Number() < oldest.Number() {
				continue
			}
			name := strings.TrimSuffix(filepath.Base(path), ".py")
			text := compileSeed(t, py, path)
			out = append(out, program{name: fmt.Sprintf("internal/mutate/%s (%s)", filepath.ToSlash(path), v),
				slug: "seed-" + name, release: v, src: text})
		}
	}
	return out
}

// compileSeed compiles a Python file with an interpreter and gives the
// .pyc as pyasm dis writes it.
func compileSeed(t *testing.T, py, path string) string {
	pycPath := filepath.Join(t.TempDir(), "seed.pyc")
	cmd := exec.Command(py, "-c", "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)", path, pycPath)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "compiling %s: %s", path, out)
	data, err := os.ReadFile(pycPath)
	require.NoError(t, err)
	f, err := pyc.Read(data)
	require.NoError(t, err, path)
	prog, _, err := disasm.Human(f)
	require.NoError(t, err, path)
	var text bytes.Buffer
	require.NoError(t, format.Program(&text, prog))
	return text.String()
}

// release is the one a program targets: its .python line, else the
// newest, as the example tests read a file without one (the command line
// would ask python3 on PATH first, which differs from machine to machine).
func release(t *testing.T, name string, src []byte) *versions.Version {
	declared, _, ok := grammar.DeclaredVersion(src)
	if !ok {
		return versions.Newest()
	}
	v, err := versions.Lookup(declared)
	require.NoError(t, err, name)
	return v
}

// job is one mutant, with its .pyc once pyasm accepts it and what running
// it did.
type job struct {
	prog   *program
	n      int // the mutant's number among its program's, from 1
	mutant mutate.Mutant
	pyc    []byte
	out    outcome
}

// outcome is what running a job did.
type outcome struct {
	crash    string // why it counts as a crash; "" if it does not
	timedOut bool
	tail     string // the ends of stderr and stdout, each under a heading
}

// stats counts one release's mutants.
type stats struct {
	mutants, built, accepted, run, timeouts, crashes int

	missing bool // no interpreter: its mutants are built but not run
}

// TestCrashOracle assembles one-edit mutants of every program with the
// verifier on, as `pyasm build` does, and runs each one pyasm accepts in
// its release's interpreter: none may crash it. A crash is death by a
// signal or one of crashMarkers in the output; an exception or a time-out
// is fine.
//
// By default it takes every k-th mutant of each release, about sampleRuns
// accepted ones, spread over its programs; PYASM_FULL=1 takes them all.
// PYASM_MUTANTS_OUT=DIR saves each crashing mutant there for inspection;
// PYASM_RELEASES=X.Y,… runs only those releases' mutants, and
// PYASM_PROGRAMS=TEXT,… only those of the programs whose names hold one.
func TestCrashOracle(t *testing.T) {
	full := os.Getenv("PYASM_FULL") != ""
	// PYASM_RELEASES=3.13,3.14 limits the run to those releases.
	only := map[string]bool{}
	for _, r := range strings.Split(os.Getenv("PYASM_RELEASES"), ",") {
		if r = strings.TrimSpace(r); r != "" {
			only[r] = true
		}
	}
	outDir := os.Getenv("PYASM_MUTANTS_OUT")
	if outDir != "" {
		require.NoError(t, os.MkdirAll(outDir, 0o755))
	}

	// Every mutant, by release.
	progs := programs(t)
	byRelease := map[string]*stats{}
	mutants := map[string][]*job{}
	for i := range progs {
		p := &progs[i]
		r := p.release.String()
		if len(only) > 0 && !only[r] {
			continue
		}
		if want := os.Getenv("PYASM_PROGRAMS"); want != "" && !containsAny(p.name, strings.Split(want, ",")) {
			continue
		}
		if byRelease[r] == nil {
			byRelease[r] = &stats{}
		}
		for n, m := range mutate.Mutants(p.src) {
			mutants[r] = append(mutants[r], &job{prog: p, n: n + 1, mutant: m})
		}
	}

	// Run the accepted ones on a small pool while the next are built: the
	// interpreters are the cost.
	started := time.Now()
	pys := map[string]string{}
	var jobs []*job
	var panics []string
	next := make(chan *job)
	var wg sync.WaitGroup
	workers := min(max(runtime.NumCPU(), 2), 4)
	base := t.TempDir()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				j.out = run(pys[j.prog.release.String()], base, j.prog.slug, j.pyc)
			}
		}()
	}
	for _, r := range sortedReleases(byRelease) {
		st := byRelease[r]
		st.mutants = len(mutants[r])
		py, err := interpreter(r)
		if err != nil {
			st.missing = true
			t.Logf("not running the mutants of Python %s: %v", r, err)
		}
		pys[r] = py
		for i, k := 0, stride(st.mutants, full); i < st.mutants; i += k {
			j := mutants[r][i]
			st.built++
			data, err := build(j.prog, j.mutant.Src())
			var pe panicError
			if errors.As(err, &pe) {
				panics = append(panics, fmt.Sprintf("pyasm panicked on a mutant of %s: %s: %v", j.prog.name, j.mutant.Desc, pe.value))
			}
			if err != nil {
				continue
			}
			st.accepted++
			if st.missing {
				continue
			}
			j.pyc = data
			jobs = append(jobs, j)
			next <- j
		}
	}
	close(next)
	wg.Wait()
	for _, msg := range panics {
		t.Error(msg)
	}

	// Report.
	kinds := map[string]map[string]int{} // release, kind: crashes
	for _, j := range jobs {
		o := j.out
		st := byRelease[j.prog.release.String()]
		st.run++
		if o.timedOut {
			st.timeouts++
		}
		if o.crash == "" {
			continue
		}
		st.crashes++
		r := j.prog.release.String()
		if kinds[r] == nil {
			kinds[r] = map[string]int{}
		}
		kinds[r][o.crash]++
		t.Errorf("Python %s crashed on a mutant of %s: %s (%s)\n%s", j.prog.release, j.prog.name, j.mutant.Desc, o.crash, indent(o.tail))
		if outDir != "" {
			require.NoError(t, save(outDir, j, o))
		}
	}
	mode := "every k-th mutant"
	if full {
		mode = "every mutant"
	}
	var table strings.Builder
	fmt.Fprintf(&table, "crash oracle, %s: built and ran on %d workers in %v\n", mode, workers, time.Since(started).Round(time.Second))
	row := func(name string, st *stats) {
		line := fmt.Sprintf("%-7s %8d %6d %9d %6d %9d %8d", name, st.mutants, st.built, st.accepted, st.run, st.timeouts, st.crashes)
		if st.missing {
			line += "  (no interpreter)"
		}
		table.WriteString(line + "\n")
	}
	fmt.Fprintf(&table, "%-7s %8s %6s %9s %6s %9s %8s\n", "release", "mutants", "built", "accepted", "run", "timeouts", "crashes")
	var total stats
	for _, r := range sortedReleases(byRelease) {
		st := byRelease[r]
		row(r, st)
		total.mutants += st.mutants
		total.built += st.built
		total.accepted += st.accepted
		total.run += st.run
		total.timeouts += st.timeouts
		total.crashes += st.crashes
	}
	row("total", &total)
	t.Logf("%s", table.String())
	if len(kinds) > 0 {
		var lines []string
		for _, r := range sortedReleases(byRelease) {
			var ks []string
			for k := range kinds[r] {
				ks = append(ks, k)
			}
			sort.Strings(ks)
			for _, k := range ks {
				lines = append(lines, fmt.Sprintf("%-5s %5d  %s", r, kinds[r][k], k))
			}
		}
		t.Logf("crashes by release and kind:\n%s", strings.Join(lines, "\n"))
	}
}

// stride is k, to take every k-th of n mutants: 1 for a full run, else
// enough for about sampleMutants (fewer with -short).
func stride(n int, full bool) int {
	budget := sampleMutants
	if testing.Short() {
		budget = shortSampleMutants
	}
	if full || n <= budget {
		return 1
	}
	return (n + budget - 1) / budget
}

// build assembles src as `pyasm build` does, the verifier on. A panic in
// pyasm comes back as a panicError.
func build(p *program, src string) (data []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			data, err = nil, panicError{r}
		}
	}()
	prog, err := grammar.Parse(p.slug+".pyasm", []byte(src), p.release)
	if err != nil {
		return nil, err
	}
	data, _, err = emit.AssembleWith(prog, resolve.Options{})
	return data, err
}

// panicError is a panic of pyasm's, which a mutant must not cause either.
type panicError struct{ value any }

func (e panicError) Error() string { return fmt.Sprintf("panic: %v", e.value) }

// interpreter finds the release's interpreter and, as a launcher such as
// a pyenv shim costs more than the run itself, the program it starts.
func interpreter(release string) (string, error) {
	py, err := pythons.Find(release)
	if err != nil {
		return "", err
	}
	out, err := exec.Command(py, "-c", "import sys; print(sys.executable)").Output()
	if exe := strings.TrimSpace(string(out)); err == nil && exe != "" {
		if _, err := os.Stat(exe); err == nil {
			return exe, nil
		}
	}
	return py, nil
}

// run runs a .pyc in a fresh directory with empty stdin and judges it.
func run(py, base, name string, data []byte) outcome {
	dir, err := os.MkdirTemp(base, "run")
	if err != nil {
		return outcome{crash: "setup: " + err.Error()}
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, name+".pyc")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return outcome{crash: "setup: " + err.Error()}
	}
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, path)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1", "PYTHONIOENCODING=utf-8")
	cmd.WaitDelay = time.Second
	var stdout, stderr capture
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var o outcome
	var parts []string
	for _, c := range []struct {
		name string
		out  *capture
	}{{"stderr", &stderr}, {"stdout", &stdout}} {
		if tail := c.out.tail(); tail != "" {
			parts = append(parts, "--- "+c.name+":\n"+tail)
		}
	}
	o.tail = strings.Join(parts, "\n")
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		o.timedOut = true
	case errors.As(err, &exit):
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			o.crash = "killed by " + ws.Signal().String()
		}
	case err != nil:
		o.crash = "running: " + err.Error()
	}
	if o.crash == "" {
		if m := firstMarkerLine(&stderr, &stdout); m != "" {
			o.crash = m
		}
	}
	return o
}

// firstMarkerLine is the first kept line of output naming a crash marker,
// or the marker alone if its line was not kept.
func firstMarkerLine(outs ...*capture) string {
	for _, c := range outs {
		if c.marker == "" {
			continue
		}
		for _, line := range strings.Split(c.tail(), "\n") {
			if strings.Contains(line, c.marker) {
				return strings.TrimSpace(line)
			}
		}
		return c.marker
	}
	return ""
}

// capture keeps the tail of a stream and notes the first crash marker
// seen anywhere in it, so that a mutant printing forever costs no memory.
type capture struct {
	buf    []byte
	marker string
	seam   []byte // the end of the previous write, for a marker split across two
}

func (c *capture) Write(p []byte) (int, error) {
	if c.marker == "" {
		window := append(c.seam, p...)
		for _, m := range crashMarkers {
			if bytes.Contains(window, []byte(m)) {
				c.marker = m
				break
			}
		}
		if len(window) > 32 {
			window = window[len(window)-32:]
		}
		c.seam = append([]byte(nil), window...)
	}
	c.buf = append(c.buf, p...)
	if len(c.buf) > 4*tailBytes {
		c.buf = append([]byte(nil), c.buf[len(c.buf)-tailBytes:]...)
	}
	return len(p), nil
}

func (c *capture) tail() string {
	b := c.buf
	if len(b) > tailBytes {
		b = b[len(b)-tailBytes:]
	}
	return strings.TrimRight(string(b), "\n")
}

// save writes a crashing mutant as DIR/<release>-<program>-<n>.pyasm, what
// it is and what the interpreter said in a comment at its top.
func save(dir string, j *job, o outcome) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# crash oracle: a mutant of %s that crashes Python %s\n", j.prog.name, j.prog.release)
	fmt.Fprintf(&b, "# mutant %d: %s\n# crash: %s\n", j.n, j.mutant.Desc, o.crash)
	tail := o.tail
	if tail == "" {
		tail = "(no output)"
	}
	for _, line := range strings.Split(tail, "\n") {
		b.WriteString(strings.TrimRight("#   "+line, " ") + "\n")
	}
	b.WriteString("\n")
	b.WriteString(j.mutant.Src())
	name := fmt.Sprintf("%s-%s-%d.pyasm", j.prog.release, fileSafe.ReplaceAllString(j.prog.slug, "_"), j.n)
	return os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644)
}

var fileSafe = regexp.MustCompile(`[^A-Za-z0-9._-]`)

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }

// sortedReleases lists the releases of the map oldest first.
func sortedReleases(m map[string]*stats) []string {
	var out []string
	for _, v := range versions.All() {
		if m[v.String()] != nil {
			out = append(out, v.String())
		}
	}
	return out
}

// containsAny tells whether s holds one of the texts.
func containsAny(s string, texts []string) bool {
	for _, t := range texts {
		if t != "" && strings.Contains(s, t) {
			return true
		}
	}
	return false
}
