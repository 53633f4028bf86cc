package main

import (
	"bytes"
	"io"

	"github.com/pyasm/pyasm/explain"
)

func runExplain(args []string, out, errOut io.Writer) int {
	fs := newFlags("explain", errOut)
	var tf treeFlags
	tf.register(fs, "write the map to `OUT` (a file, or a directory that mirrors the inputs with .txt files; - or none: stdout)")
	python := fs.String("python", "", "read the input as release `X.Y`: it may be bare marshalled code (marshal.dumps) or have a zeroed, foreign or missing magic number")
	var opts explain.Options
	fs.BoolVar(&opts.Outline, "outline", false, "show the structure only: one row per header field, code object and field, with its byte range")
	fs.BoolVar(&opts.NoLegend, "no-legend", false, "leave out the short guide to the format printed first")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 || tf.workers() < 1 {
		fs.Usage()
		return exitUsage
	}
	as, ok := lookupPython(*python, errOut)
	if !ok {
		return exitUsage
	}
	opts.As = as
	jobs, tree := plan(fs.Args(), ".pyc", ".txt", *tf.output, func(input) string {
		if *tf.output == "-" {
			return ""
		}
		return *tf.output
	})
	work := func(name string, data []byte) ([]byte, result) {
		var text bytes.Buffer
		// A damaged file is explained up to the damage: keep that text
		// with the error.
		if err := explain.WriteOptions(&text, name, data, opts); err != nil {
			r := failf(name, "%v", err)
			r.stdout = text.Bytes()
			return nil, r
		}
		return text.Bytes(), result{}
	}
	return runJobs("explain", jobs, tf.workers(), tree, out, errOut, work)
}
