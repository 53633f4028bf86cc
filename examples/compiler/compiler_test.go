package compiler_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pyasm/pyasm/asm"
	"github.com/pyasm/pyasm/examples/compiler"
	"github.com/pyasm/pyasm/pythons"
	"github.com/pyasm/pyasm/versions"
)

// update rewrites each .out file from what the newest interpreter printed;
// every release must then print the same.
var update = flag.Bool("update", false, "rewrite the .out files")

// TestSamples compiles each sample program once per release, from the same
// source, runs it with that release's interpreter and compares what it
// prints with the .out file beside it.
func TestSamples(t *testing.T) {
	files, err := filepath.Glob("testdata/*.tiny")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		golden := strings.TrimSuffix(file, ".tiny") + ".out"
		name := strings.TrimSuffix(filepath.Base(file), ".tiny")
		all := versions.All()
		if *update {
			out := run(t, all[len(all)-1], file, src)
			require.NoError(t, os.WriteFile(golden, []byte(out), 0o644))
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err)
		for _, v := range all {
			t.Run(name+"/"+v.String(), func(t *testing.T) {
				t.Parallel()
				assert.Equal(t, string(want), run(t, v, file, src))
			})
		}
	}
}

func run(t *testing.T, v *versions.Version, file string, src []byte) string {
	t.Helper()
	pyc, warnings, err := compiler.Compile(file, src, v)
	require.NoError(t, err)
	assert.Empty(t, warnings)
	return pythons.RunPyc(t, v.String(), "prog.pyc", pyc)
}

// TestErrorsInTinySource checks that the errors of a Tiny program are at
// their place in the Tiny file: the compiler's own, and pyasm's about an
// instruction the compiler built (a string constant CPython could not
// decode), for which the compiler set the instruction's Pos.
func TestErrorsInTinySource(t *testing.T) {
	cases := []struct {
		name, src string
		want      string
	}{
		{"syntax", "x = (1 + \n", "prog.tiny:2:1: error: expected a value, found the end of the file"},
		{"return outside a function", "x = 1\n  return x\n", "prog.tiny:2:3: error: return outside a function"},
		{"defaults before a parameter without one", "def f(a = 1, b) { return b }\n", "prog.tiny:1:14: error: parameter b has no default value, but one before it has"},
		{"text pyasm refuses", "x = 1\nprint(\"caf\xe9\")\n", `prog.tiny:2:7: error: constant "caf\xe9" is not valid UTF-8: CPython refuses to load the .pyc`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, v := range versions.All() {
				_, _, err := compiler.Compile("prog.tiny", []byte(tc.src), v)
				var list asm.ErrorList
				require.True(t, errors.As(err, &list), "%s: %v", v, err)
				assert.Equal(t, tc.want, list[0].Error(), v.String())
			}
		})
	}
	var out bytes.Buffer
	_, _, err := compiler.Compile("prog.tiny", []byte("x = 1\nprint(\"caf\xe9\")\n"), versions.Newest())
	asm.PrintErrors(&out, err, 10, func(string) []byte { return []byte("x = 1\nprint(\"caf\xe9\")\n") })
	assert.Contains(t, out.String(), "    print(\"caf\xe9\")\n          ^\n")
}

// releaseChecks are what a compiler that checks the release would write:
// a release's number, its fields, a named release, a table lookup.
var releaseChecks = regexp.MustCompile(`\b[23]\.[0-9]{1,2}\b|\.Minor\b|\.Major\b|\.Number\(|\.Magic\b|versions\.V[0-9]|release\.[A-Za-z]|release\s*[=!<>]=|\.Opcode\(|\.Portable\b|\.LocalsPlus\b|\.Wordcode\b|\.ExceptionTable\b|PortableForm|versions\.All\b|\.Lines\b`)

// TestNoReleaseChecks reads the compiler's own source, its command's too,
// and fails on anything that looks at which release it targets: the point
// of the example is that the portable instructions make that unneeded.
func TestNoReleaseChecks(t *testing.T) {
	var files []string
	for _, pattern := range []string{"*.go", "cmd/*/*.go"} {
		matches, err := filepath.Glob(pattern)
		require.NoError(t, err)
		files = append(files, matches...)
	}
	checked := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		checked++
		for i, line := range strings.Split(string(src), "\n") {
			if m := releaseChecks.FindString(line); m != "" {
				t.Errorf("%s:%d: %q looks at the release: %s", file, i+1, m, strings.TrimSpace(line))
			}
		}
	}
	assert.GreaterOrEqual(t, checked, 3)
}

// FuzzCompile compiles any text: it may be refused with errors, never with
// a panic, and what compiles assembles for every release.
func FuzzCompile(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.tiny")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("def f(a, b = 2) { return a(b = 1) } f(1)"))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, v := range versions.All() {
			_, _, err := compiler.Compile("fuzz.tiny", src, v)
			if err == nil {
				continue
			}
			var list asm.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("%s: the error is a %T: %v", v, err, err)
			}
		}
	})
}
