package watch

import (
	"slices"

	"verbatim/analysis"
	"verbatim/corpus"
)

// candidates is an inverted index of the watches' analysed terms, per
// language: the watches sharing a term with the new articles are the
// only ones asked. It is rebuilt when the watches change.
type candidates struct {
	key    string // identifies the watches it was built from
	texts  map[int64]string
	byLang map[string]map[string][]int64 // lang -> term -> watch ids
}

// watchesKey identifies a set of watches by their ids and texts' lengths.
func watchesKey(ws []Watch) string {
	b := make([]byte, 0, len(ws)*8)
	for _, w := range ws {
		b = append(b, byte(w.ID), byte(w.ID>>8), byte(w.ID>>16), byte(w.ID>>24), byte(len(w.Text)), byte(len(w.Text)>>8), ',')
	}
	return string(b)
}

func newCandidates(ws []Watch) *candidates {
	c := &candidates{key: watchesKey(ws), texts: make(map[int64]string, len(ws)), byLang: map[string]map[string][]int64{}}
	for _, w := range ws {
		c.texts[w.ID] = w.Text
	}
	return c
}

// terms returns the index of the watches' terms analysed in lang, built
// on first use.
func (c *candidates) terms(lang string) map[string][]int64 {
	if m, ok := c.byLang[lang]; ok {
		return m
	}
	m := map[string][]int64{}
	ids := make([]int64, 0, len(c.texts))
	for id := range c.texts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		for _, t := range uniqueTerms(lang, c.texts[id]) {
			m[t] = append(m[t], id)
		}
	}
	c.byLang[lang] = m
	return m
}

// match returns the ids of the watches sharing a term with an article,
// sorted.
func (c *candidates) match(articles []corpus.Article) []int64 {
	hit := map[int64]bool{}
	for _, a := range articles {
		idx := c.terms(a.Lang)
		for _, t := range uniqueTerms(a.Lang, a.Title+"\n"+a.Text) {
			for _, id := range idx[t] {
				hit[id] = true
			}
		}
	}
	out := make([]int64, 0, len(hit))
	for id := range hit {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// uniqueTerms is the set of content terms of text (no stop words, no
// bare numbers: a figure alone makes no topic).
func uniqueTerms(lang, text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range analysis.Analyze(lang, text) {
		if seen[t] || analysis.IsStopWord(lang, t) || analysis.IsValue(t) {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}
