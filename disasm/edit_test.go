package disasm

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm/emit"
	"github.com/pyasm/pyasm/asm/format"
	"github.com/pyasm/pyasm/asm/grammar"
	"github.com/pyasm/pyasm/pyc"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// editSource is the program each release compiles; the test then edits its
// disassembly as a person would.
const editSource = `total = 0
for i in range(5):
    total = total + i
print("total", total)
`

// TestEditAndRun disassembles CPython's own compilation of a small loop,
// edits the text — changes a constant, adds a branch that skips an
// iteration, inserts a print in the middle of the loop — reassembles it
// with nothing else touched, and runs it.
func TestEditAndRun(t *testing.T) {
	tests := []struct {
		version string
		print   string // print(i) in the release's call protocol
		want    string
	}{
		{"2.7", "LOAD_NAME i\nPRINT_ITEM\nPRINT_NEWLINE", "0\n1\n3\n4\n('sum', 8)\n"},
		{"3.8", "LOAD_NAME print\nLOAD_NAME i\nCALL_FUNCTION 1\nPOP_TOP", "0\n1\n3\n4\nsum 8\n"},
		{"3.12", "PUSH_NULL\nLOAD_NAME print\nLOAD_NAME i\nCALL 1\nPOP_TOP", "0\n1\n3\n4\nsum 8\n"},
		{"3.15", "LOAD_NAME print\nPUSH_NULL\nLOAD_NAME i\nCALL 1\nPOP_TOP", "0\n1\n3\n4\nsum 8\n"},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			py := pythons.Require(t, tt.version)
			dir := t.TempDir()
			src := filepath.Join(dir, "prog.py")
			require.NoError(t, os.WriteFile(src, []byte(editSource), 0o644))
			compiled := filepath.Join(dir, "prog.pyc")
			out, err := exec.Command(py, "-c", "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)", src, compiled).CombinedOutput()
			require.NoError(t, err, string(out))

			text := disassemble(t, compiled)
			text = edit(t, text, tt.print)

			v, err := versions.Lookup(tt.version)
			require.NoError(t, err)
			prog, err := grammar.Parse("edited.pyasm", []byte(text), v)
			require.NoError(t, err, text)
			data, err := emit.Assemble(prog)
			require.NoError(t, err, text)
			got := pythons.RunPyc(t, v.String(), "edited.pyc", data)
			assert.Equal(t, tt.want, got)
		})
	}
}

func disassemble(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	f, err := pyc.Read(data)
	require.NoError(t, err)
	prog, _, err := Human(f)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, format.Program(&b, prog))
	return b.String()
}

// edit makes three edits a person would make, each located by what the
// line says, not by offsets.
func edit(t *testing.T, text, printI string) string {
	t.Helper()
	lines := strings.Split(text, "\n")
	find := func(from int, pattern string) int {
		re := regexp.MustCompile(pattern)
		for i := from; i < len(lines); i++ {
			if re.MatchString(lines[i]) {
				return i
			}
		}
		t.Fatalf("no line matches %q in:\n%s", pattern, text)
		return -1
	}
	insert := func(at int, more ...string) {
		lines = append(lines[:at], append(more, lines[at:]...)...)
	}
	// 1. Change a constant.
	k := find(0, `LOAD_CONST\s+'total'`)
	lines[k] = strings.Replace(lines[k], "'total'", "'sum'", 1)
	// 2. Add a branch: skip the body when i == 2, to a new label before
	// the jump back to the loop's head.
	loop := find(0, `FOR_ITER`)
	back := find(loop, `JUMP_(BACKWARD|ABSOLUTE)`)
	insert(back, "skip:")
	body := find(loop, `STORE_NAME\s+i(\s+@\S+)?$`) + 1
	insert(body, "    LOAD_NAME i", "    LOAD_CONST 2", "    COMPARE_OP ==", "    POP_JUMP_IF_TRUE skip")
	// 3. Insert instructions in the middle of the loop: print(i) after the
	// addition is stored.
	store := find(body, `STORE_NAME\s+total(\s+@\S+)?$`) + 1
	insert(store, strings.Split("    "+strings.ReplaceAll(printI, "\n", "\n    "), "\n")...)
	return strings.Join(lines, "\n")
}
