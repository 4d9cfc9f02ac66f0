// Package analysis is the one text analysis of verbatim, shared by corpus,
// retrieval, bot and prompts, in the manner of bleve's analysis packages:
// a tokenizer (words, elisions, apostrophes), filters (case and accent
// folding, stop words, stemming, month and number words, transliteration
// of Cyrillic) and per-language analyzers built from them, plus sentence
// spans and quote marks. It keeps no mutable state beyond caches.
package analysis

// Version identifies the terms Analyze produces. It changes whenever they
// do, so that indexes saved with older terms are rebuilt.
const Version = 9
