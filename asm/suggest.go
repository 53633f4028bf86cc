package asm

import "sort"

// Suggest picks the candidate closest to s by edit distance, for hints
// such as "did you mean LOAD_ATTR?"; ties go to the first in sorted order,
// and "" means none is within a third of s's length (at least 2), too far
// to be a likely typo. candidates is sorted in place.
func Suggest(s string, candidates []string) string {
	sort.Strings(candidates)
	limit := max(len(s)/3, 2)
	best, bestD := "", limit+1
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
