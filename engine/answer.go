// Package engine is the answer engine: a question and its conversation
// in, a verdict (answered, related, not found), verified verbatim quotes
// with their dates and the reasons out. It reads the passages a Library
// finds once per question (see Core.Ask), judges them (relevance.go,
// evidence.go, verdict.go), picks the quotes (extract.go) or has a model
// write the answer and verifies it (verify.go). Package bot keeps the
// conversations and the adapters (Telegram, the terminal) over it.
package engine

import "verbatim/corpus"

// Mode says how an answer was written.
type Mode string

// The two answer modes.
const (
	ModeModel   Mode = "model"
	ModeOffline Mode = "offline"
)

// Answer is the result of one question.
type Answer struct {
	Question string `json:"question"`
	// Query is the standalone question searched when it differs from
	// Question, e.g. a follow-up completed from the conversation.
	Query string `json:"query,omitempty"`
	// Text is the answer as shown to the user: citation markers [n] refer to
	// Citations; every quoted span in it is verified source text.
	Text string `json:"answer"`
	// Found is true exactly when Verdict is VerdictAnswered.
	Found bool `json:"found"`
	// Verdict says whether the quotes answer the question (answered), are
	// only the closest passages on its topic (related), or whether the
	// corpus has nothing on it (not_found).
	Verdict Verdict `json:"verdict"`
	// Reason says briefly why the verdict was given ("chance 0.82 ≥ bar
	// 0.45", "relevance 0.21 < 0.36", "quotations attributed to X").
	Reason    string     `json:"reason,omitempty"`
	Citations []Citation `json:"citations"`
	Mode      Mode       `json:"mode"`
	// UnverifiedRemoved counts the statements (sentences) of the model
	// removed because the sources do not hold them: a quotation found in no
	// passage, a figure in no passage cited, a marker naming no passage.
	UnverifiedRemoved int `json:"unverified_removed"`
	// Notice is a one-line remark for the user, e.g. that the model was
	// unreachable and the answer is extractive.
	Notice string `json:"notice,omitempty"`
	// Lang is the language of the question ("fr", "en", ...).
	Lang string `json:"lang,omitempty"`
}

// Citation is one numbered source of an answer.
type Citation struct {
	N int `json:"n"`
	// Quote is the exact source text quoted (an exact substring of the
	// article's text at QuoteStart:QuoteEnd).
	Quote   string      `json:"quote"`
	DocID   string      `json:"doc_id"`
	ChunkID string      `json:"chunk_id"`
	Title   string      `json:"title"`
	Date    corpus.Date `json:"date"`
	URL     string      `json:"url,omitempty"`
	// Verified is true when Quote was found in the source.
	Verified bool `json:"verified"`
	// QuoteStart and QuoteEnd are byte offsets of Quote in the article
	// text. They are saved with the turn, with ChunkID, so that after a
	// restart the passage is looked up by id and the quote placed by its
	// offsets, never searched again.
	QuoteStart int `json:"quote_start,omitempty"`
	QuoteEnd   int `json:"quote_end,omitempty"`
	// CutBefore and CutAfter are set when Quote begins or ends inside a
	// sentence of the article (a sentence longer than a passage is cut
	// into pieces): it is shown with "…" at the cut, outside the quoted
	// words, and /source shows the whole passage.
	CutBefore bool `json:"cut_before,omitempty"`
	CutAfter  bool `json:"cut_after,omitempty"`
	// Speaker is who said the quote, as the article writes it, when the
	// answer is a person's attributed quotations.
	Speaker string `json:"speaker,omitempty"`
	// Passage is the full retrieved chunk the citation points at; it is
	// not saved (ChunkID names it).
	Passage corpus.Chunk `json:"-"`
}
