// Package corpus loads news articles from files and cuts them into
// sentence-aware chunks.
package corpus

// Article is one loaded document of the corpus.
type Article struct {
	// ID is stable across runs: the `id` field of a JSON record, else the
	// slash-separated path relative to the corpus root (plus "#N" for the
	// N-th record of a JSON array or JSONL file without ids).
	ID string `json:"id"`
	// Path is the file the article came from, relative to the corpus root.
	Path   string `json:"path"`
	Title  string `json:"title"`
	Date   Date   `json:"date"`
	Source string `json:"source,omitempty"`
	URL    string `json:"url,omitempty"`
	// Lang is an ISO 639-1 code ("fr", "en", ...), given or detected.
	Lang string `json:"lang"`
	// Text is the article body as plain text; chunk offsets point into it.
	Text string `json:"text"`
	// Hash is a hex content hash of everything above but Path, for change
	// detection.
	Hash string `json:"hash"`
}

// Skipped is a file (or record) that could not be loaded, with the reason.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Warning is a file loaded with a caveat its reader must know: invalid
// bytes replaced by U+FFFD, or a charset guessed.
type Warning struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// Result is what loading a corpus produced.
type Result struct {
	Articles []Article `json:"articles"`
	Skipped  []Skipped `json:"skipped"`
	// Warnings are the files loaded with a caveat.
	Warnings []Warning `json:"warnings,omitempty"`
}
