package main

import (
	"os"
	"path/filepath"
	"strings"
)

// sourceLines is dis --source: the lines of the source files a .pyc's code
// blocks name, read once each. path, when not empty, is the file to show
// whatever co_filename says; otherwise co_filename is looked for as it is,
// then beside the .pyc and, for a .pyc in __pycache__, one directory up
// (where CPython's own compiler keeps the source).
type sourceLines struct {
	pyc, path string
	files     map[string][]string // by co_filename; nil when not found
}

// disView is how dis writes positions: --no-positions and --source.
type disView struct {
	noPositions bool
	source      string
}

// disSourceAuto is the value of --source given without a path.
const disSourceAuto = "co_filename"

func newSourceLines(pyc, path string) *sourceLines {
	if path == disSourceAuto {
		path = ""
	}
	return &sourceLines{pyc: pyc, path: path, files: map[string][]string{}}
}

// line gives line n (from 1) of the source of a block whose co_filename
// is file; a format.Options.Source.
func (s *sourceLines) line(file string, n int) (string, bool) {
	lines, seen := s.files[file]
	if !seen {
		lines = s.read(file)
		s.files[file] = lines
	}
	if n < 1 || n > len(lines) {
		return "", false
	}
	return lines[n-1], true
}

func (s *sourceLines) read(file string) []string {
	candidates := []string{s.path}
	if s.path == "" {
		dir := filepath.Dir(s.pyc)
		base := filepath.Base(file)
		candidates = []string{file, filepath.Join(dir, base)}
		if filepath.Base(dir) == "__pycache__" {
			candidates = append(candidates, filepath.Join(filepath.Dir(dir), base))
		}
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if data, err := os.ReadFile(c); err == nil {
			return strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
		}
	}
	return nil
}
