package quotes

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"verbatim/corpus"
	"verbatim/retrieval"
)

// The verdicts of Check.
const (
	Exact    = "exact"
	Altered  = "altered"
	NotFound = "not_found"
)

// Library is what Check and Timeline read: passages found for a text,
// and the articles they come from (a *retrieval.Index).
type Library interface {
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Result, error)
	Article(id string) (corpus.Article, bool)
}

// Match is a source passage of a checked text.
type Match struct {
	DocID   string `json:"doc_id"`
	Title   string `json:"title"`
	Date    string `json:"date"`
	URL     string `json:"url"`
	Speaker string `json:"speaker"`
	// Quote is the source's exact words, Text[Start:End] of the article.
	Quote   string   `json:"quote"`
	Start   int      `json:"-"`
	End     int      `json:"-"`
	Changes []Change `json:"changes"`
	// Kinds names the kinds of change (KindNumber, ...); empty when exact.
	Kinds []string `json:"kinds,omitempty"`
}

// Checked is the verdict on a text and its sources, best first.
type Checked struct {
	Verdict string  `json:"verdict"`
	Matches []Match `json:"matches"`
}

// Check thresholds.
const (
	// checkCandidates is the number of passages searched for a text.
	checkCandidates = 10
	// minShare is the least share of a text's words found in order in a
	// source for the source to say nearly the same.
	minShare = 0.6
	// minWords is the least number of words a checked text must share
	// with a source.
	minWords = 3
)

// Check says where text comes from: the passages found for it (lexical and
// vector search of lib) are aligned word by word with it; "exact" when a
// source's words are the text's, ignoring only white space, quotation-mark
// style and letter case; "altered" when a source says nearly the same,
// with the changes; "not_found" otherwise. A text spliced from two
// passages is altered, with both sources.
func Check(ctx context.Context, lib Library, text string) (Checked, error) {
	txt := splitWords(text)
	if len(txt) == 0 {
		return Checked{Verdict: NotFound, Matches: []Match{}}, nil
	}
	// Date phrases of the text are words to find, not a filter: a quote
	// saying "en 2012" is checked against every article, undated ones
	// included.
	res, err := lib.Search(ctx, retrieval.Query{Text: text, K: checkCandidates, MaxPerArticle: 2, AllDates: true})
	if err != nil {
		return Checked{}, fmt.Errorf("check: %w", err)
	}
	type cand struct {
		m Match
		a alignment
	}
	var best *cand
	var all []cand
	seen := map[[2]int]map[string]bool{}
	for _, r := range res {
		art, ok := lib.Article(r.Chunk.DocID)
		if !ok {
			continue
		}
		// The text may run past its chunk: align it with the chunk and
		// as many bytes again on either side.
		lo := max(0, r.Chunk.Start-len(text)-200)
		hi := min(len(art.Text), r.Chunk.End+len(text)+200)
		lo, hi = runeStart(art.Text, lo), runeStart(art.Text, hi)
		src := splitWords(art.Text[lo:hi])
		a := align(src, txt)
		if a.matched < minWords {
			continue
		}
		start, end := lo+src[a.srcFrom].start, lo+src[a.srcTo-1].end
		key := [2]int{start, end}
		if seen[key] == nil {
			seen[key] = map[string]bool{}
		}
		if seen[key][art.ID] {
			continue
		}
		seen[key][art.ID] = true
		m := Match{DocID: art.ID, Title: art.Title, Date: art.Date.String(), URL: art.URL, Quote: art.Text[start:end], Start: start, End: end}
		m.Speaker = speakerAt(art, start, end)
		m.Changes = changes(art.Text[lo:hi], src, text, txt, a)
		c := cand{m, a}
		all = append(all, c)
		if best == nil || a.matched > best.a.matched || a.matched == best.a.matched && len(c.m.Changes) < len(best.m.Changes) {
			cp := c
			best = &cp
		}
	}
	// A text made of two passages: the other one is the source of the
	// words the best one lacks.
	var other *cand
	if best != nil {
		for _, c := range all {
			if (c.m.Start != best.m.Start || c.m.DocID != best.m.DocID) && disjoint(c.a, best.a) && c.a.matched >= minWords &&
				(other == nil || c.a.matched > other.a.matched) {
				cp := c
				other = &cp
			}
		}
	}
	covered := 0
	if best != nil {
		covered = best.a.matched
		if other != nil && float64(best.a.matched) < minShare*float64(len(txt)) {
			covered += other.a.matched
		}
	}
	if best == nil || float64(covered) < minShare*float64(len(txt)) {
		return Checked{Verdict: NotFound, Matches: []Match{}}, nil
	}
	m := best.m
	// The words must be the same words too: normalise drops the spaces
	// next to punctuation, and "2, 5" is not "2,5".
	if normalise(m.Quote) == normalise(text) && sameWords(splitWords(m.Quote), txt) {
		m.Changes = []Change{}
		return Checked{Verdict: Exact, Matches: []Match{m}}, nil
	}
	m.Kinds = kinds(m.Changes)
	out := Checked{Verdict: Altered, Matches: []Match{m}}
	if other != nil && (best.a.txtFrom >= minWords || len(txt)-best.a.txtTo >= minWords) {
		m2 := other.m
		m2.Kinds = kinds(m2.Changes)
		out.Matches[0].Kinds = appendKind(out.Matches[0].Kinds, KindSpliced)
		out.Matches = append(out.Matches, m2)
	}
	if len(out.Matches[0].Kinds) == 0 {
		out.Matches[0].Kinds = []string{KindReplaced}
	}
	return out, nil
}

// sameWords reports whether a and b are the same words.
func sameWords(a, b []word) bool {
	return slices.EqualFunc(a, b, func(x, y word) bool { return x.key == y.key })
}

// disjoint reports whether two alignments cover different words of the
// text.
func disjoint(a, b alignment) bool {
	return a.txtTo <= b.txtFrom || b.txtTo <= a.txtFrom
}

func appendKind(ks []string, k string) []string {
	for _, x := range ks {
		if x == k {
			return ks
		}
	}
	return append(ks, k)
}

// runeStart moves i back to the start of the rune holding it.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && s[i]&0xC0 == 0x80 {
		i--
	}
	return i
}

// speakerAt returns the speaker of the quotation of a that holds [start,
// end), "" when none does.
func speakerAt(a corpus.Article, start, end int) string {
	for _, q := range Attribute(a) {
		if q.Start <= start && end <= q.End+2 && q.Speaker != "" {
			return q.Speaker
		}
		if start <= q.Start && q.End <= end && q.Speaker != "" && strings.TrimSpace(a.Text[start:end]) != "" {
			return q.Speaker
		}
	}
	return ""
}
