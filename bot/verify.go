package bot

import (
	"sort"
	"strconv"
	"strings"

	"verbatim/corpus"
	"verbatim/prompts"
	"verbatim/retrieval"
)

// verified is model output after verification.
type verified struct {
	text      string
	citations []Citation
	// quotes counts the quotations the model wrote; unverified those found
	// in no source.
	quotes, unverified int
}

// located is where a quotation was found.
type located struct {
	n          int // 1-based passage number
	start, end int // byte offsets in the article text
	text       string
}

// sources gives the texts a quotation may be searched in: the retrieved
// passages, numbered from 1, and their whole articles.
type sources struct {
	results  []retrieval.Result
	article  func(id string) (corpus.Article, bool)
	chunks   map[int]folded
	articles map[string]*foldedArticle
}

type foldedArticle struct {
	text string
	f    folded
	ok   bool
}

func newSources(results []retrieval.Result, article func(id string) (corpus.Article, bool)) *sources {
	return &sources{results: results, article: article, chunks: map[int]folded{}, articles: map[string]*foldedArticle{}}
}

// chunk returns passage n folded, offsets in article coordinates.
func (s *sources) chunk(n int) folded {
	f, ok := s.chunks[n]
	if !ok {
		c := s.results[n-1].Chunk
		f = foldText(c.Text, c.Start)
		s.chunks[n] = f
	}
	return f
}

// articleOf returns the whole article of passage n, folded, if the
// library has it and it still matches the passage.
func (s *sources) articleOf(n int) *foldedArticle {
	c := s.results[n-1].Chunk
	a, ok := s.articles[c.DocID]
	if !ok {
		a = &foldedArticle{}
		if s.article != nil {
			if art, found := s.article(c.DocID); found && c.End <= len(art.Text) && art.Text[c.Start:c.End] == c.Text {
				a = &foldedArticle{text: art.Text, f: foldText(art.Text, 0), ok: true}
			}
		}
		s.articles[c.DocID] = a
	}
	return a
}

// text returns the exact source text of passage n at article offsets.
func (s *sources) text(n, start, end int) string {
	c := s.results[n-1].Chunk
	if start >= c.Start && end <= c.End {
		return c.Text[start-c.Start : end-c.Start]
	}
	return s.articleOf(n).text[start:end]
}

// locate finds a quotation: in the passages it cites, then in their
// articles, then in the other passages, then in their articles.
func (s *sources) locate(quote string, cited []int) (located, bool) {
	needles := quoteNeedles(quote)
	var others []int
	for n := 1; n <= len(s.results); n++ {
		if !containsInt(cited, n) {
			others = append(others, n)
		}
	}
	stages := []struct {
		ns      []int
		article bool
	}{{cited, false}, {cited, true}, {others, false}, {others, true}}
	for _, st := range stages {
		for _, n := range st.ns {
			for _, needle := range needles {
				if !st.article {
					c := s.results[n-1].Chunk
					if start, end, ok := s.chunk(n).find(needle, c.Text, c.Start); ok {
						return located{n: n, start: start, end: end, text: s.text(n, start, end)}, true
					}
					continue
				}
				a := s.articleOf(n)
				if !a.ok {
					break
				}
				if start, end, ok := a.f.find(needle, a.text, 0); ok {
					return located{n: s.holding(n, start, end), start: start, end: end, text: a.text[start:end]}, true
				}
			}
		}
	}
	return located{}, false
}

// holding returns the retrieved passage that holds the article span
// [start, end) of passage n's article: a quote found in the article is
// credited to the passage it is in, n when none is.
func (s *sources) holding(n, start, end int) int {
	doc := s.results[n-1].Chunk.DocID
	for k, r := range s.results {
		if r.Chunk.DocID == doc && start >= r.Chunk.Start && end <= r.Chunk.End {
			return k + 1
		}
	}
	return n
}

// contains reports whether text is verbatim in a passage or its article.
func (s *sources) contains(text string) bool {
	for n := 1; n <= len(s.results); n++ {
		if strings.Contains(s.results[n-1].Chunk.Text, text) {
			return true
		}
		if a := s.articleOf(n); a.ok && strings.Contains(a.text, text) {
			return true
		}
	}
	return false
}

// quoteNeedles returns the folded forms of a quotation to search, most
// exact first: as written, then without trailing or leading punctuation and
// ellipses.
func quoteNeedles(quote string) []string {
	full := foldQuote(quote)
	out := []string{full}
	trimmed := strings.TrimSpace(strings.Trim(full, ".,;:!? '\"-"))
	trimmed = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(trimmed, "..."), "..."))
	if trimmed != full && trimmed != "" {
		out = append(out, trimmed)
	}
	return out
}

// edit replaces text[start:end]. A marker edit (olds non-nil) is rendered
// once passages are renumbered.
type edit struct {
	start, end int
	text       string
	marker     bool
	olds       []int
	space      bool // marker inserted after a quotation: preceded by a space
}

// verify checks every quotation of a model answer against the retrieved
// passages: a quotation found (after folding) is replaced by the exact
// source text and attributed to the passage holding it; one found nowhere
// loses its quotation marks and is flagged as a paraphrase. Markers naming
// no passage are dropped, the others renumbered 1..m in order of first
// use. best picks the quote shown for a passage cited without quotation.
func verify(text, lang string, src *sources, best func(r retrieval.Result) (start, end int)) verified {
	n := len(src.results)
	quotes := prompts.ParseQuotes(text)
	markers := prompts.Markers(text)
	var edits []edit
	consumed := map[int]bool{} // marker start -> handled with its quotation
	quoteFor := map[int]located{}
	out := verified{quotes: len(quotes)}
	for _, q := range quotes {
		var cited []int
		for _, m := range q.Markers {
			for _, k := range m.Numbers {
				if k >= 1 && k <= n {
					cited = append(cited, k)
				}
			}
		}
		loc, ok := src.locate(q.Text, cited)
		if !ok {
			out.unverified++
			edits = append(edits, edit{start: q.Start, end: q.End, text: text[q.TextStart:q.TextEnd] + paraphraseNote(lang)})
			for _, m := range q.Markers {
				consumed[m.Start] = true
				edits = append(edits, edit{start: m.Start, end: m.End, marker: true})
			}
			continue
		}
		if _, seen := quoteFor[loc.n]; !seen {
			quoteFor[loc.n] = loc
		}
		edits = append(edits, edit{start: q.Start, end: q.End, text: text[q.Start:q.TextStart] + loc.text + text[q.TextEnd:q.End]})
		switch {
		case containsInt(cited, loc.n):
			// Its markers stay and are renumbered with the others.
		case len(q.Markers) > 0:
			for i, m := range q.Markers {
				consumed[m.Start] = true
				e := edit{start: m.Start, end: m.End, marker: true}
				if i == 0 {
					e.olds = []int{loc.n}
				}
				edits = append(edits, e)
			}
		default:
			edits = append(edits, edit{start: q.End, end: q.End, marker: true, olds: []int{loc.n}, space: true})
		}
	}
	for _, m := range markers {
		if consumed[m.Start] || inQuote(m.Start, quotes) {
			continue
		}
		var olds []int
		for _, k := range m.Numbers {
			if k >= 1 && k <= n && !containsInt(olds, k) {
				olds = append(olds, k)
			}
		}
		edits = append(edits, edit{start: m.Start, end: m.End, marker: true, olds: olds})
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })

	// Renumber in order of first use.
	number := map[int]int{}
	var order []int
	for _, e := range edits {
		for _, k := range e.olds {
			if _, ok := number[k]; !ok {
				order = append(order, k)
				number[k] = len(order)
			}
		}
	}
	var b strings.Builder
	pos := 0
	for _, e := range edits {
		if e.start < pos {
			continue // inside an edit already applied
		}
		start := e.start
		if e.marker && len(e.olds) == 0 {
			// A dropped marker takes the space before it along.
			for start > pos && (text[start-1] == ' ') {
				start--
			}
		}
		b.WriteString(text[pos:start])
		if e.marker {
			if len(e.olds) > 0 && e.space {
				b.WriteByte(' ')
			}
			for _, k := range e.olds {
				b.WriteString("[" + strconv.Itoa(number[k]) + "]")
			}
		} else {
			b.WriteString(e.text)
		}
		pos = e.end
	}
	b.WriteString(text[pos:])
	out.text = stripUnverifiable(strings.TrimSpace(b.String()), src)

	for _, k := range order {
		r := src.results[k-1]
		c := Citation{N: number[k], DocID: r.Chunk.DocID, ChunkID: r.Chunk.ID, Title: r.Chunk.Title,
			Date: r.Chunk.Date, URL: r.Chunk.URL, Passage: r.Chunk, Verified: true}
		if loc, ok := quoteFor[k]; ok {
			c.Quote, c.QuoteStart, c.QuoteEnd = loc.text, loc.start, loc.end
		} else {
			s, e := best(r)
			c.Quote, c.QuoteStart, c.QuoteEnd = src.text(k, s, e), s, e
		}
		out.citations = append(out.citations, c)
	}
	return out
}

// stripUnverifiable removes the quotation marks of any quotation left in
// text that is not verbatim source text, such as one nested inside a
// paraphrase: the final text never shows an unverified quotation.
func stripUnverifiable(text string, src *sources) string {
	for range 4 {
		changed := false
		var b strings.Builder
		pos := 0
		for _, q := range prompts.ParseQuotes(text) {
			if src.contains(q.Text) {
				continue
			}
			b.WriteString(text[pos:q.Start])
			b.WriteString(q.Text)
			pos = q.End
			changed = true
		}
		if !changed {
			return text
		}
		b.WriteString(text[pos:])
		text = b.String()
	}
	return text
}

func paraphraseNote(lang string) string {
	if lang == "fr" {
		return " (paraphrase, introuvable dans les sources)"
	}
	return " (paraphrase, not found in the sources)"
}

func inQuote(pos int, quotes []prompts.Quote) bool {
	for _, q := range quotes {
		if pos >= q.Start && pos < q.End {
			return true
		}
	}
	return false
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
