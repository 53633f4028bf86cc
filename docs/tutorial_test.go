package docs_test

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/pythons"
)

// update rewrites the outputs shown in TUTORIAL.md (each ```output block
// and the lines after each `$ command` of a ```sh block) from what the
// programs and commands print. Read the diff before committing it.
var update = flag.Bool("update", false, "rewrite the outputs in TUTORIAL.md from what the commands print")

const (
	tutorial = "TUTORIAL.md"
	// release is the interpreter the tutorial's commands call by name
	// (python3.12) and its programs target.
	release = "3.12"
)

// sourceTime is the modification time given to each source file the
// tutorial writes, so that the mtime in a .pyc header CPython writes for
// it, which `pyasm explain` shows, is the same on every run.
var sourceTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// block is one fenced block of the tutorial.
type block struct {
	info  string   // the opening fence's language: pyasm, python, sh, output
	name  string   // the word after it, if any: the file a program is saved as
	first int      // index of its first line in the file
	lines []string // its content, without the fences
}

// fileName is the name a ```pyasm or ```python block gives itself on its
// first line, `# hello.pyasm` or `# hello.pyasm: what it does`, unless
// the fence names it (```python tiny.py), which keeps the comment out of
// a source whose line numbers the tutorial shows.
var fileName = regexp.MustCompile(`^# ([\w.-]+\.(?:pyasm|py))\b`)

func parseBlocks(t *testing.T, lines []string) []block {
	t.Helper()
	var blocks []block
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "```") {
			continue
		}
		b := block{first: i + 1}
		if words := strings.Fields(strings.TrimPrefix(lines[i], "```")); len(words) > 0 {
			b.info = words[0]
			if len(words) > 1 {
				b.name = words[1]
			}
		}
		for i++; i < len(lines) && lines[i] != "```"; i++ {
			b.lines = append(b.lines, lines[i])
		}
		require.Less(t, i, len(lines), "%s:%d: a fence is not closed", tutorial, b.first)
		blocks = append(blocks, b)
	}
	return blocks
}

// command is one `$ command` of a ```sh block and the output shown after it.
type command struct {
	line int // its index in the file
	text string
	want []string
}

func parseCommands(t *testing.T, b block) []command {
	t.Helper()
	var cmds []command
	for i, l := range b.lines {
		if text, ok := strings.CutPrefix(l, "$ "); ok {
			cmds = append(cmds, command{line: b.first + i, text: text})
			continue
		}
		require.NotEmpty(t, cmds, "%s:%d: a ```sh block starts with a `$ command` line", tutorial, b.first+i+1)
		cmds[len(cmds)-1].want = append(cmds[len(cmds)-1].want, l)
	}
	require.NotEmpty(t, cmds, "%s:%d: a ```sh block with no command", tutorial, b.first)
	return cmds
}

// trim drops the final newline and trailing spaces, which editors strip.
func trim(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// normalize makes output comparable: trimmed, and with pyasm's version,
// which its comments name, left out.
func normalize(s string) string {
	return pyasmVersion.ReplaceAllString(trim(s), "by pyasm VERSION")
}

// proseCommand is a command written in the prose: pyasm, a subcommand and
// at least one argument.
var proseCommand = regexp.MustCompile("`(pyasm(?: [^` ]+){2,})`")

var pyasmVersion = regexp.MustCompile(`by pyasm [0-9][0-9A-Za-z.+-]*[0-9A-Za-z+-]`)

// tutorialEnv is a work directory with pyasm and python3.12 on its PATH.
type tutorialEnv struct {
	dir, bin string
}

func newEnv(t *testing.T) *tutorialEnv {
	t.Helper()
	py := pythons.Require(t, release)
	e := &tutorialEnv{dir: t.TempDir(), bin: t.TempDir()}
	build := exec.Command("go", "build", "-o", filepath.Join(e.bin, "pyasm"), "github.com/pyasm/pyasm/cmd/pyasm")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "building pyasm: %s", out)
	require.NoError(t, os.Symlink(py, filepath.Join(e.bin, "python"+release)))
	return e
}

// run runs one shell command in the work directory and returns what it
// wrote to standard output and standard error, together. A failing
// command is not an error: the tutorial shows some on purpose, and what
// they print is compared.
func (e *tutorialEnv) run(t *testing.T, text string) string {
	t.Helper()
	cmd := exec.Command("sh", "-c", text)
	cmd.Dir = e.dir
	cmd.Env = append(os.Environ(),
		"PATH="+e.bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		// A program's prints and its traceback then come in the order a
		// terminal shows them.
		"PYTHONUNBUFFERED=1",
		"PYTHONIOENCODING=utf-8",
	)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Fatalf("running %q: %v", text, err)
	}
	// Paths into the work directory are shown relative to it, and the
	// interpreter, which pyasm names when it crashes, by its name.
	got := strings.ReplaceAll(out.String(), e.dir+string(filepath.Separator), "")
	return strings.ReplaceAll(got, e.bin+string(filepath.Separator), "")
}

// TestTutorial follows TUTORIAL.md from top to bottom in one work
// directory, as a reader would: each ```python and ```pyasm block is
// written to the file its first line names, each ```output block is
// compared with what the program just before it prints under `pyasm run`,
// and each ```sh block's commands are run with their shown output
// compared. Every program must be run, by an ```output block or a
// command that names its file.
func TestTutorial(t *testing.T) {
	data, err := os.ReadFile(tutorial)
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")
	blocks := parseBlocks(t, lines)
	require.NotEmpty(t, blocks)
	e := newEnv(t)

	type rewrite struct {
		first, n int
		with     []string
	}
	var rewrites []rewrite
	programs := map[string]int{} // .pyasm file -> line of its block, until something runs it
	var lastProgram string

	for i, b := range blocks {
		where := fmt.Sprintf("%s:%d", tutorial, b.first)
		switch b.info {
		case "python", "pyasm":
			require.NotEmpty(t, b.lines, "%s: an empty program", where)
			name := b.name
			if name == "" {
				m := fileName.FindStringSubmatch(b.lines[0])
				require.NotNil(t, m, "%s: a program's first line names its file (`# name.%s`), or its fence does", where, b.info)
				name = m[1]
			}
			path := filepath.Join(e.dir, name)
			require.NoError(t, os.WriteFile(path, []byte(strings.Join(b.lines, "\n")+"\n"), 0o644))
			require.NoError(t, os.Chtimes(path, sourceTime, sourceTime))
			if b.info == "pyasm" {
				programs[name] = b.first
			}
			lastProgram = name
		case "output":
			require.True(t, i > 0 && blocks[i-1].info == "pyasm", "%s: an ```output block follows the ```pyasm program it shows", where)
			delete(programs, lastProgram)
			got := e.run(t, "pyasm run "+lastProgram)
			if *update {
				rewrites = append(rewrites, rewrite{b.first, len(b.lines), strings.Split(trim(got), "\n")})
				continue
			}
			assert.Equal(t, normalize(strings.Join(b.lines, "\n")), normalize(got), "%s: the output of pyasm run %s", where, lastProgram)
		case "sh":
			cmds := parseCommands(t, b)
			var shown []string
			for _, c := range cmds {
				for name := range programs {
					if strings.Contains(c.text, name) {
						delete(programs, name)
					}
				}
				got := e.run(t, c.text)
				shown = append(shown, "$ "+c.text)
				if got != "" {
					shown = append(shown, strings.Split(trim(got), "\n")...)
				}
				if !*update {
					assert.Equal(t, normalize(strings.Join(c.want, "\n")), normalize(got), "%s:%d: the output of %s", tutorial, c.line+1, c.text)
				}
			}
			if *update {
				rewrites = append(rewrites, rewrite{b.first, len(b.lines), shown})
			}
		default:
			t.Errorf("%s: a block of %q: the tutorial's blocks are python, pyasm, output and sh, each run by this test", where, b.info)
		}
	}
	for name, line := range programs {
		t.Errorf("%s:%d: %s is never run: follow it with an ```output block or a command naming it", tutorial, line, name)
	}

	// A whole command in the prose, `pyasm help CALL 3.12`, must work too,
	// in the work directory as the blocks left it.
	fenced := false
	for i, l := range lines {
		if strings.HasPrefix(l, "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		for _, m := range proseCommand.FindAllStringSubmatch(l, -1) {
			cmd := exec.Command("sh", "-c", m[1])
			cmd.Dir = e.dir
			cmd.Env = append(os.Environ(), "PATH="+e.bin+string(os.PathListSeparator)+os.Getenv("PATH"))
			out, err := cmd.CombinedOutput()
			assert.NoError(t, err, "%s:%d: %s fails:\n%s", tutorial, i+1, m[1], out)
		}
	}

	if *update {
		for i := len(rewrites) - 1; i >= 0; i-- {
			r := rewrites[i]
			lines = append(lines[:r.first], append(append([]string(nil), r.with...), lines[r.first+r.n:]...)...)
		}
		require.NoError(t, os.WriteFile(tutorial, []byte(strings.Join(lines, "\n")), 0o644))
	}
}

// TestTutorialLinks: every relative link of the tutorial names a file
// or directory that exists, and README.md links the tutorial.
func TestTutorialLinks(t *testing.T) {
	data, err := os.ReadFile(tutorial)
	require.NoError(t, err)
	links := regexp.MustCompile(`\]\(([^)#:]+)(#[^)]*)?\)`).FindAllStringSubmatch(string(data), -1)
	require.NotEmpty(t, links)
	for _, m := range links {
		t.Run(m[1], func(t *testing.T) {
			_, err := os.Stat(m[1])
			assert.NoError(t, err, "%s links %s, which does not exist", tutorial, m[1])
		})
	}
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(readme), "](docs/TUTORIAL.md)"), "README.md links the tutorial")
}
