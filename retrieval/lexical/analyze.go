// Package lexical is a language-aware BM25 index over terms produced by
// package analysis, with spelling correction of query terms.
package lexical

import "verbatim/analysis"

// Analyzer turns a text in a language into index terms.
type Analyzer func(lang, text string) []string

// Analyze returns the terms of the words of text in lang, without the
// cross-language terms the index adds; see analysis.Terms.
func Analyze(lang, text string) []string { return analysis.Terms(lang, text) }

// Tokens returns the folded words of text; see analysis.Tokens.
func Tokens(text string) []string { return analysis.Tokens(text) }

// FoldedWords returns the folded words of text in lang without its stop
// words; see analysis.FoldedWords.
func FoldedWords(lang, text string) []string { return analysis.FoldedWords(lang, text) }

// Fold folds case, accents and typographic marks; see analysis.Fold.
func Fold(s string) string { return analysis.Fold(s) }

// Stem returns the folded stem of a lower-case word; see analysis.Stem.
func Stem(lang, w string) string { return analysis.Stem(lang, w) }

// IsStopWord reports whether the folded word w is a stop word of lang.
func IsStopWord(lang, w string) bool { return analysis.IsStopWord(lang, w) }
