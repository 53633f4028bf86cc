package versions

import (
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/pythons"
)

func TestArgNamesFormatAndParse(t *testing.T) {
	mf := &ArgNames{Bits: []NamedBit{{1, "defaults"}, {2, "kwdefaults"}, {4, "annotations"}, {8, "closure"}}}
	fv := &ArgNames{Values: []string{"", "str", "repr", "ascii"}, Bits: []NamedBit{{4, "spec"}}}
	for _, tc := range []struct {
		names *ArgNames
		arg   uint32
		text  string // "" for written as a number
	}{
		{mf, 0, ""},
		{mf, 8, "closure"},
		{mf, 9, "defaults|closure"},
		{mf, 16, ""},
		{fv, 0, ""},
		{fv, 2, "repr"},
		{fv, 4, "spec"},
		{fv, 6, "repr|spec"},
		{fv, 8, ""},
	} {
		text, ok := tc.names.Format(tc.arg)
		assert.Equal(t, tc.text != "", ok, "%d", tc.arg)
		assert.Equal(t, tc.text, text, "%d", tc.arg)
		if ok {
			back, err := tc.names.Parse(text)
			require.NoError(t, err)
			assert.Equal(t, tc.arg, back, text)
		}
	}
	_, err := fv.Parse("repr|rper")
	assert.EqualError(t, err, "no value is named rper")
	_, err = fv.Parse("repr|str")
	assert.EqualError(t, err, "repr and str are two values of one choice: write one of them")
	n, err := fv.Parse("spec | ascii")
	require.NoError(t, err)
	assert.Equal(t, uint32(7), n)
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z_0-9]*$`)

// TestArgNamesTables holds every release's name tables to their opcodes
// and to the slot tables' argument ranges: the names spell exactly the
// range's values (an enumeration whose entries are not all identifiers
// names as many values as the range has).
func TestArgNamesTables(t *testing.T) {
	for _, v := range All() {
		for _, opName := range v.NamedArgOpcodes() {
			names := v.NamedArgs(opName)
			op := v.Opcode(opName)
			if !assert.NotNil(t, op, "%s %s: names for an opcode the release lacks", v, opName) {
				continue
			}
			assert.True(t, op.HasArg && op.Operand == OperandRaw, "%s %s: names for an argument that is not a number", v, opName)
			seen := map[string]bool{}
			for _, n := range names.Names() {
				assert.Regexp(t, identifier, n, "%s %s", v, opName)
				assert.False(t, seen[n], "%s %s: %s twice", v, opName, n)
				seen[n] = true
			}
			for arg := uint32(0); arg <= names.Max(); arg++ {
				if text, ok := names.Format(arg); ok {
					back, err := names.Parse(text)
					if assert.NoError(t, err, "%s %s %s", v, opName, text) {
						assert.Equal(t, arg, back, "%s %s %s", v, opName, text)
					}
				}
			}
			r, ok := v.ArgRange(opName)
			if !ok {
				continue
			}
			if len(names.Bits) == 0 {
				assert.Equal(t, int(r.Max), len(names.Values)-1, "%s %s: the names and the argument range %d..%d", v, opName, r.Min, r.Max)
			} else {
				assert.Equal(t, r.Max, names.Max(), "%s %s: the names and the argument range %d..%d", v, opName, r.Min, r.Max)
			}
		}
	}
}

// namedArgsSource compiles to every kind of named argument a release has
// (3.6+): MAKE_FUNCTION's or SET_FUNCTION_ATTRIBUTE's flags, the
// conversions, and RESUME's kinds; namedArgsScript prints each
// instruction's opcode and argument.
const namedArgsScript = `
import dis
src = '''
def outer():
    v = 1
    def f(a=1, *, b=2):
        return v
    return f
s = f'{x!r:>{w}}' + f'{x!a}' + f'{x!s}'
def gen():
    yield 1
    yield from y
async def co():
    await z
g = (i for i in y)
'''
def walk(c):
    for i in dis.get_instructions(c):
        print(i.opname, i.arg)
    for k in c.co_consts:
        if hasattr(k, 'co_code'):
            walk(k)
walk(compile(src, 's', 'exec'))
`

// TestArgNamesMatchInterpreters compiles code with named arguments in each
// interpreter and checks that the release's tables name what it wrote,
// the hand-written ones included.
func TestArgNamesMatchInterpreters(t *testing.T) {
	for _, v := range All() {
		if v.Major == 2 {
			continue
		}
		t.Run(v.String(), func(t *testing.T) {
			python := pythons.Require(t, v.String())
			out, err := exec.Command(python, "-c", namedArgsScript).Output()
			require.NoError(t, err)
			got := map[string]bool{}
			for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				op, argText, _ := strings.Cut(line, " ")
				names := v.NamedArgs(op)
				if names == nil {
					continue
				}
				arg, err := strconv.Atoi(argText)
				require.NoError(t, err, line)
				text, ok := names.Format(uint32(arg))
				assert.True(t, ok || arg == 0, "%s: %s %d has no name", v, op, arg)
				if ok {
					got[op+" "+text] = true
				}
			}
			want := []string{"MAKE_FUNCTION defaults|kwdefaults|closure", "FORMAT_VALUE repr|spec", "FORMAT_VALUE ascii", "FORMAT_VALUE str"}
			if v.Minor >= 13 {
				want = []string{"SET_FUNCTION_ATTRIBUTE defaults", "SET_FUNCTION_ATTRIBUTE kwdefaults", "SET_FUNCTION_ATTRIBUTE closure",
					"CONVERT_VALUE repr", "CONVERT_VALUE ascii", "CONVERT_VALUE str"}
			}
			switch {
			case v.Minor >= 15:
				want = append(want, "RESUME after_yield|depth1", "RESUME after_yield_from", "RESUME after_await", "RESUME genexpr_start")
			case v.Minor >= 13:
				// A generator's body runs inside one handler of its own.
				want = append(want, "RESUME after_yield|depth1", "RESUME after_yield_from", "RESUME after_await")
			case v.Minor >= 11:
				want = append(want, "RESUME after_yield", "RESUME after_yield_from", "RESUME after_await")
			}
			for _, w := range want {
				assert.True(t, got[w], "%s: no %s in what CPython compiled (got %v)", v, w, got)
			}
		})
	}
}
