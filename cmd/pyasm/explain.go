package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/pyasm/pyasm/explain"
)

func runExplain(args []string, out, errOut io.Writer) int {
	fs := newFlags("explain", errOut)
	var opts explain.Options
	fs.BoolVar(&opts.Outline, "outline", false, "show the structure only: one row per header field, code object and field, with its byte range")
	fs.BoolVar(&opts.NoLegend, "no-legend", false, "leave out the short guide to the format printed first")
	path, code, ok := parseOneFile(fs, args)
	if !ok {
		return code
	}
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(errOut, "pyasm: %v\n", err)
		return exitError
	}
	w := bufio.NewWriter(out)
	err = explain.WriteOptions(w, path, data, opts)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintf(errOut, "%s: error: %v\n", path, err)
		return exitError
	}
	return exitOK
}
