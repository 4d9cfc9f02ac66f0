package quotes

import (
	"strconv"

	"verbatim/analysis"
	"verbatim/corpus"
	"verbatim/retrieval"
)

// RulesVersion numbers the rules of Attribute. Change it with any change
// of what Attribute returns: the quotations indexes stored under another
// number are then ignored (Attribute answers instead) and found again by
// the next build.
const RulesVersion = 3

// rules names the rules stored quotations were found with: Attribute's,
// and the analysis it reads sentences and names with. It is compared
// with the rules of every stored article read, so it is built once, at
// initialisation, and never written.
var rules = "attribute/" + strconv.Itoa(RulesVersion) + "/analysis/" + strconv.Itoa(analysis.Version)

// Indexer is the Quoter that stores Attribute's quotations with an index
// (retrieval.BuildOptions.Quoter, pgstore.BuildOptions.Quoter), so that
// BySpeaker and "what did X say" read them instead of attributing every
// article again.
func Indexer() retrieval.Quoter {
	return retrieval.Quoter{Rules: rules, Find: func(a corpus.Article) []retrieval.Quotation {
		qs := Attribute(a)
		out := make([]retrieval.Quotation, len(qs))
		for i, q := range qs {
			out[i] = retrieval.Quotation{Start: q.Start, End: q.End, Speaker: q.Speaker}
		}
		return out
	}}
}
