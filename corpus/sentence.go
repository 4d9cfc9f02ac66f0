package corpus

import "verbatim/analysis"

// Sentences returns the byte spans of the sentences of text; see
// analysis.Sentences.
func Sentences(text string) [][2]int { return analysis.Sentences(text) }

// TrimSpan narrows text[s:e] past leading and trailing white space; see
// analysis.TrimSpan.
func TrimSpan(text string, s, e int) (int, int) { return analysis.TrimSpan(text, s, e) }
