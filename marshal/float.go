package marshal

import (
	"errors"
	"math"
	"strconv"
)

// parsePythonFloat parses the text form of a float ('f' and 'x' records) as
// CPython's reader does: overflow gives an infinity rather than an error.
func parsePythonFloat(s string) (float64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return f, true
		}
		return 0, false
	}
	return f, true
}

// formatPythonFloat gives the shortest text that reads back as f, in the
// spelling CPython's repr uses for infinities and NaN.
func formatPythonFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
