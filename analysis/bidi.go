package analysis

import "strings"

// CleanTitle removes from a title the characters that reorder text
// (bidirectional embeddings, overrides, isolates and marks: a fetched
// title can use them to show a reader something else than what it holds)
// and folds its spaces. Right-to-left letters themselves are kept.
func CleanTitle(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069', r == '\u200e', r == '\u200f', r == '\u061c':
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
