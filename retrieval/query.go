package retrieval

import (
	"time"

	"verbatim/corpus"
)

// Query is one search.
type Query struct {
	// Text is the question or search terms.
	Text string
	// Lang is the language of Text (ISO 639-1); "" means detected.
	Lang string
	// K is the number of results wanted (default 10).
	K int
	// From and To bound article dates (To exclusive); zero means open. When
	// both are zero, a date range written in Text ("en avril 2025", "last
	// week") is used instead, relative to Now.
	From, To time.Time
	// AllDates, with From and To zero, ignores the date phrases of Text:
	// every article is searched, undated ones included (quotes.Check of a
	// quote that says "en 2012").
	AllDates bool
	// Now anchors relative dates; zero means time.Now().
	Now time.Time
	// Translate, when set, translates the question into the corpus's
	// other languages for this query, instead of the index's
	// SearchOptions.Translate (a model in model mode).
	Translate QueryTranslator
	// MaxPerArticle caps results from one article (default: the index's
	// SearchOptions, 3; negative: no cap).
	MaxPerArticle int
	// Exact compares the query vector with every chunk vector (chromem-go)
	// even in an index large enough for the approximate prefilter.
	Exact bool
}

// MaxK is the most results a search returns, whatever K asks for.
const MaxK = 200

// Result is one retrieved passage.
type Result struct {
	Rank  int          `json:"rank"`
	Score float64      `json:"score"`
	Chunk corpus.Chunk `json:"chunk"`
	// WordsOnly is set when the query could not be embedded (embedding
	// API down, rate-limited, malformed reply): the passage was found by
	// its words alone.
	WordsOnly bool `json:"words_only,omitempty"`
}
