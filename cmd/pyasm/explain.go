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
	err = explain.Write(w, path, data)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintf(errOut, "%s: error: %v\n", path, err)
		return exitError
	}
	return exitOK
}
