package library

import (
	"verbatim/corpus"
	"verbatim/retrieval"
)

// Quotations returns the quotations the index being served stored for
// article a (see retrieval.Index.Quotations): none when a reindex swapped
// in another text of a meanwhile.
func (h *Holder) Quotations(a corpus.Article) ([]retrieval.Quotation, string, bool) {
	return h.Index().Quotations(a)
}
