package engine

import (
	"context"
	"fmt"
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
	// in no source; removed the sentences removed.
	quotes, unverified, removed int
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

// maxElided is the most source text, in bytes, an elided quotation may
// leave out between its segments and still be shown (as the whole source
// span): beyond it the "quotation" is a compilation, removed.
const maxElided = 240

// locateElided finds a quotation with ellipses inside ("A … B", "A [...]
// B"): every segment must be found, in order, in one passage (or its
// article), searched as locate does, and together they may leave out at
// most maxElided bytes. The location spans the first segment to the last
// and shown is that exact source span, words left out included: cutting
// words out of a source ("nous ne … soutenons") could change what it says,
// so a reader is shown what the source says, never the model's cut.
func (s *sources) locateElided(quote string, cited []int) (loc located, shown string, ok bool) {
	parts := elidedSegments(quote)
	if len(parts) < 2 {
		return located{}, "", false
	}
	var segments [][]string // the needles of each segment
	for _, seg := range parts {
		if strings.IndexFunc(seg, isWordRune) >= 0 {
			segments = append(segments, quoteNeedles(seg))
		}
	}
	if len(segments) < 2 {
		return located{}, "", false
	}
	var others []int
	for n := 1; n <= len(s.results); n++ {
		if !containsInt(cited, n) {
			others = append(others, n)
		}
	}
	for _, st := range []struct {
		ns      []int
		article bool
	}{{cited, false}, {cited, true}, {others, false}, {others, true}} {
		for _, n := range st.ns {
			f, original, base := s.chunk(n), s.results[n-1].Chunk.Text, s.results[n-1].Chunk.Start
			if st.article {
				a := s.articleOf(n)
				if !a.ok {
					continue
				}
				f, original, base = a.f, a.text, 0
			}
			spans, found := findInOrder(f, original, base, segments)
			if !found {
				continue
			}
			start, end := spans[0][0], spans[len(spans)-1][1]
			elided := 0
			for i := 1; i < len(spans); i++ {
				elided += spans[i][0] - spans[i-1][1]
			}
			if elided > maxElided {
				continue
			}
			k := n
			if st.article {
				k = s.holding(n, start, end)
			}
			text := original[start-base : end-base]
			return located{n: k, start: start, end: end, text: text}, text, true
		}
	}
	return located{}, "", false
}

// findInOrder finds each segment (its needles, most exact first) after the
// previous one in f and returns their spans in the original.
func findInOrder(f folded, original string, base int, segments [][]string) ([][2]int, bool) {
	spans := make([][2]int, 0, len(segments))
	from := 0
	for _, needles := range segments {
		found := false
		for _, needle := range needles {
			if start, end, next, ok := f.findFrom(needle, original, base, from); ok {
				spans = append(spans, [2]int{start, end})
				from, found = next, true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return spans, true
}

// elidedSegments cuts a quotation at its ellipses: "…", "..." (or more
// dots), alone or in brackets ("[…]", "(...)").
func elidedSegments(quote string) []string {
	var out []string
	last := 0
	for i := 0; i < len(quote); {
		n := 0
		switch {
		case strings.HasPrefix(quote[i:], "…"):
			n = len("…")
		case strings.HasPrefix(quote[i:], "..."):
			for i+n < len(quote) && quote[i+n] == '.' {
				n++
			}
		default:
			i++
			continue
		}
		s, e := i, i+n
		if s > last && e < len(quote) && (quote[s-1] == '[' && quote[e] == ']' || quote[s-1] == '(' && quote[e] == ')') {
			s, e = s-1, e+1
		}
		out = append(out, quote[last:s])
		last, i = e, e
	}
	return append(out, quote[last:])
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

// verifier holds model output to its sources, one sentence at a time, as
// the output streams: a sentence is kept only when every quotation in it is
// found in a passage (and is then replaced by the exact source text and
// attributed to that passage), every citation marker names a passage, no
// quotation mark is left open or stray, and every figure outside its
// quotations (see numbers) is in a passage it cites (any passage when it
// cites none) or in the question.
// Any other sentence is removed whole and counted. Markers are renumbered
// 1..m in order of first use, which a later sentence never changes: the
// verified text only grows.
type verifier struct {
	src      *sources
	question numberSet
	split    prompts.Splitter

	out     strings.Builder
	seen    int    // end of the last sentence read
	gap     string // separator owed before the next kept sentence
	number  map[int]int
	order   []int
	quoteOf map[int]located
	// passageNumbers caches the figures of each passage.
	passageNumbers map[int]numberSet

	quotes, unverified, removed int
}

func newVerifier(question string, src *sources) *verifier {
	v := &verifier{src: src, question: numberSet{}, number: map[int]int{}, quoteOf: map[int]located{}, passageNumbers: map[int]numberSet{}}
	v.question.add(question)
	return v
}

// feed verifies the sentences of text (the model output so far, extending
// the text of the previous call) that are complete; with final the text is
// complete. It reports whether the verified text grew.
func (v *verifier) feed(ctx context.Context, text string, final bool) (grew bool, err error) {
	for {
		s, ok := v.split.Next(text, final)
		if !ok {
			return grew, nil
		}
		if err := ctx.Err(); err != nil {
			return grew, fmt.Errorf("verify answer: %w", err)
		}
		gap := text[v.seen:s.Start]
		v.seen = s.End
		if strings.Contains(gap, "\n\n") || strings.Contains(v.gap, "\n\n") {
			v.gap = "\n\n"
		} else if strings.Contains(gap, "\n") || v.gap == "\n" {
			v.gap = "\n"
		} else {
			v.gap = " "
		}
		kept, ok := v.sentence(text, s)
		if !ok {
			v.removed++
			continue
		}
		if v.out.Len() > 0 {
			v.out.WriteString(v.gap)
		}
		v.gap = ""
		v.out.WriteString(kept)
		grew = true
	}
}

// text returns the verified text so far.
func (v *verifier) text() string { return v.out.String() }

// edit replaces text[start:end] in a sentence being rewritten. A marker
// edit is rendered once passages are renumbered: olds are the passages it
// cites, none to drop it.
type edit struct {
	start, end int
	text       string
	marker     bool
	olds       []int
	space      bool // marker inserted after a quotation: preceded by a space
}

// sentence verifies one sentence and returns it rewritten, or ok false
// when it must be removed.
func (v *verifier) sentence(text string, s prompts.Sentence) (string, bool) {
	n := len(v.src.results)
	v.quotes += len(s.Quotes)
	if s.Unbalanced {
		return "", false
	}
	for _, m := range s.Markers {
		for _, k := range m.Numbers {
			if k < 1 || k > n {
				return "", false
			}
		}
	}
	cites := map[int]bool{} // the passages the sentence cites once rewritten
	var edits []edit
	consumed := map[int]bool{} // marker start -> handled with its quotation
	found := map[int]located{}
	for _, q := range s.Quotes {
		var cited []int
		for _, m := range q.Markers {
			cited = append(cited, m.Numbers...)
		}
		loc, ok := v.src.locate(q.Text, cited)
		shown := loc.text
		if !ok {
			loc, shown, ok = v.src.locateElided(q.Text, cited)
		}
		if !ok {
			v.unverified++
			return "", false
		}
		cites[loc.n] = true
		if _, seen := found[loc.n]; !seen {
			found[loc.n] = loc
		}
		edits = append(edits, edit{start: q.Start, end: q.End, text: text[q.Start:q.TextStart] + shown + text[q.TextEnd:q.End]})
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
	for _, m := range s.Markers {
		if !consumed[m.Start] {
			for _, k := range m.Numbers {
				cites[k] = true
			}
		}
	}
	if !v.figuresSourced(text, s, cites) {
		return "", false
	}
	for _, m := range s.Markers {
		if consumed[m.Start] {
			continue
		}
		var olds []int
		for _, k := range m.Numbers {
			if !containsInt(olds, k) {
				olds = append(olds, k)
			}
		}
		edits = append(edits, edit{start: m.Start, end: m.End, marker: true, olds: olds})
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })

	// The sentence is kept: renumber in order of first use.
	for _, e := range edits {
		for _, k := range e.olds {
			if _, ok := v.number[k]; !ok {
				v.order = append(v.order, k)
				v.number[k] = len(v.order)
			}
		}
	}
	for k, loc := range found {
		if _, seen := v.quoteOf[k]; !seen {
			v.quoteOf[k] = loc
		}
	}
	var b strings.Builder
	pos := s.Start
	for _, e := range edits {
		start := e.start
		if e.marker && len(e.olds) == 0 {
			// A dropped marker takes the space before it along.
			for start > pos && text[start-1] == ' ' {
				start--
			}
		}
		b.WriteString(text[pos:start])
		if e.marker {
			if len(e.olds) > 0 && e.space {
				b.WriteByte(' ')
			}
			for _, k := range e.olds {
				b.WriteString("[" + strconv.Itoa(v.number[k]) + "]")
			}
		} else {
			b.WriteString(e.text)
		}
		pos = e.end
	}
	b.WriteString(text[pos:s.End])
	return b.String(), true
}

// figuresSourced reports whether every figure of sentence s outside its
// quotations and markers is in the question or in a passage it cites (its
// text, title or date), in any passage when it cites none.
func (v *verifier) figuresSourced(text string, s prompts.Sentence, cites map[int]bool) bool {
	var prose strings.Builder
	pos := s.Start + listMarkerLen(text[s.Start:s.End])
	cut := func(start, end int) {
		if start >= pos {
			prose.WriteString(text[pos:start])
			prose.WriteByte(' ')
			pos = end
		}
	}
	qi, mi := 0, 0
	for qi < len(s.Quotes) || mi < len(s.Markers) {
		if mi == len(s.Markers) || (qi < len(s.Quotes) && s.Quotes[qi].Start < s.Markers[mi].Start) {
			cut(s.Quotes[qi].Start, s.Quotes[qi].End)
			qi++
		} else {
			cut(s.Markers[mi].Start, s.Markers[mi].End)
			mi++
		}
	}
	prose.WriteString(text[pos:s.End])
	scope := cites
	if len(scope) == 0 {
		// A sentence citing nothing, such as an introduction whose
		// sources the next sentence cites, is held to every passage.
		scope = map[int]bool{}
		for k := range v.src.results {
			scope[k+1] = true
		}
	}
	for _, f := range claims(prose.String()) {
		if v.question[f] {
			continue
		}
		ok := false
		for k := range scope {
			if v.figuresOf(k)[f] {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// listMarkerLen is the length of the number of a list item that starts
// sentence ("1. ", "2) "), or 0: that number is not a figure.
func listMarkerLen(sentence string) int {
	i := 0
	for i < len(sentence) && i < 4 && sentence[i] >= '0' && sentence[i] <= '9' {
		i++
	}
	if i == 0 || i+1 >= len(sentence) || (sentence[i] != '.' && sentence[i] != ')') || sentence[i+1] != ' ' {
		return 0
	}
	return i + 2
}

// figuresOf returns the figures of passage k as the model saw it.
func (v *verifier) figuresOf(k int) numberSet {
	set, ok := v.passageNumbers[k]
	if !ok {
		c := v.src.results[k-1].Chunk
		set = numberSet{}
		set.add(c.Text)
		set.add(c.Title)
		set.add(c.Date.Display("fr"))
		set.add(c.Date.Display("en"))
		v.passageNumbers[k] = set
	}
	return set
}

// result returns the verified answer: its text and citations. best picks
// the quote shown for a passage cited without a quotation.
func (v *verifier) result(best func(r retrieval.Result) (start, end int)) verified {
	out := verified{text: strings.TrimSpace(v.out.String()), quotes: v.quotes, unverified: v.unverified, removed: v.removed}
	for _, k := range v.order {
		r := v.src.results[k-1]
		c := Citation{N: v.number[k], DocID: r.Chunk.DocID, ChunkID: r.Chunk.ID, Title: r.Chunk.Title,
			Date: r.Chunk.Date, URL: r.Chunk.URL, Passage: r.Chunk, Verified: true}
		if loc, ok := v.quoteOf[k]; ok {
			c.Quote, c.QuoteStart, c.QuoteEnd = loc.text, loc.start, loc.end
		} else {
			s, e := best(r)
			c.Quote, c.QuoteStart, c.QuoteEnd = v.src.text(k, s, e), s, e
		}
		out.citations = append(out.citations, c)
	}
	return out
}

// verify holds a complete model answer to its sources (see verifier).
func verify(ctx context.Context, text, question string, src *sources, best func(r retrieval.Result) (start, end int)) (verified, error) {
	v := newVerifier(question, src)
	if _, err := v.feed(ctx, text, true); err != nil {
		return verified{}, err
	}
	return v.result(best), nil
}

// removedNotice tells the reader how many statements of the model were
// removed because the sources do not hold them.
func removedNotice(n int, lang string) string {
	if n == 0 {
		return ""
	}
	return counted(frameFor(lang).removed, n, lang)
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
