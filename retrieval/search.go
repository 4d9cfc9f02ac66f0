package retrieval

import (
	"container/heap"
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"time"
	"unicode"

	"verbatim/retrieval/lexical"
)

// Search defaults.
const (
	defaultK = 10
	// defaultMaxPerArticle is the per-article cap of the shipped search:
	// the answers quote at most three passages of one article.
	defaultMaxPerArticle = 3
	// minCandidates is the least number of candidates each retriever
	// hands to fusion.
	minCandidates = 50
	// duplicateJaccard is the word-shingle overlap above which two passages
	// of different articles count as the same text (a wire copy).
	duplicateJaccard = 0.8
)

// Search returns the passages that best answer q: chunk vectors from
// chromem-go and BM25 hits fused, restricted to articles whose date period
// overlaps the query's date range (q.From/q.To, else one written in
// q.Text when some articles are dated; one written without its year is
// moved back a year at a time, from its latest occurrence up to q.Now,
// until it holds articles), with overlapping or near-identical passages
// collapsed and at most q.MaxPerArticle passages per article. It is Find
// reading every date phrase as the period of publication asked about,
// even one that holds no article (a timeline lays out publications). An
// empty index or query gives no results and no error.
func (ix *Index) Search(ctx context.Context, q Query) ([]Result, error) {
	f, err := ix.find(ctx, q, true)
	return f.Results, err
}

// search runs one search of q, with extra (translations of the question)
// searched along with its text, restricted to q's explicit dates or
// else to d's when d is the period asked about, and returns the date
// range it applied and the best similarity of a vector candidate (see
// Found.Similarity).
func (ix *Index) search(ctx context.Context, q Query, extra string, d datePhrase) (res []Result, from, to time.Time, sim float64, err error) {
	k := q.K
	if k <= 0 {
		k = defaultK
	}
	k = min(k, MaxK)
	opts := ix.options()
	maxPer := q.MaxPerArticle
	if maxPer == 0 {
		maxPer = opts.MaxPerArticle
	}
	if len(ix.chunks) == 0 || strings.TrimSpace(q.Text) == "" {
		return nil, from, to, 0, nil
	}
	from, to = q.From, q.To
	if from.IsZero() && to.IsZero() && d.period {
		from, to = d.from, d.to
	}
	var inRange []bool // by article; nil when no date filter
	matching := len(ix.chunks)
	if !from.IsZero() || !to.IsZero() {
		inRange, matching = ix.inRange(from, to)
		if matching == 0 {
			return nil, from, to, 0, nil
		}
	}
	depth := min(max(minCandidates, 4*k), matching)
	text := q.Text
	if extra != "" {
		text += "\n" + extra
	}
	qv, embedErr := ix.embedQuery(ctx, text)
	var vec []Ranked
	if embedErr == nil {
		vec, err = ix.vectorCandidates(ctx, qv, depth, inRange, matching, q.Exact)
		if err != nil {
			return nil, from, to, 0, err
		}
	} else if ctx.Err() != nil {
		return nil, from, to, 0, embedErr
	} else {
		// The BM25 half still answers; the results say the vectors were
		// not consulted.
		ix.logger().Warn("query embedding failed; searching words only", "err", embedErr)
		qv = nil
	}
	var keep func(id string) bool
	if inRange != nil {
		keep = func(id string) bool {
			pos, ok := ix.byChunk[id]
			return ok && inRange[ix.chunkArt[pos]]
		}
	}
	o := opts.Rerank
	hits := ix.lex.Search(text, max(depth, min(o.LexicalDepth, matching)), keep)
	results := ix.collapse(ix.rerank(text, qv, hits, vec, o), k, maxPer)
	if embedErr != nil {
		for i := range results {
			results[i].WordsOnly = true
		}
	}
	if len(results) > 0 {
		for _, v := range vec {
			sim = max(sim, v.Score)
		}
	}
	return results, from, to, sim, nil
}

// inRange flags the articles whose date period overlaps [from, to) (a
// zero bound is open) and counts their chunks.
func (ix *Index) inRange(from, to time.Time) (in []bool, chunks int) {
	in = make([]bool, len(ix.articles))
	for i, sp := range ix.spans {
		if sp.start.IsZero() || !to.IsZero() && !sp.start.Before(to) || !from.IsZero() && !sp.end.After(from) {
			continue
		}
		in[i] = true
		chunks += int(sp.hi - sp.lo)
	}
	return in, chunks
}

// oldest returns the start of the oldest article's date period, zero when
// no article is dated.
func (ix *Index) oldest() time.Time {
	var t time.Time
	for _, sp := range ix.spans {
		if !sp.start.IsZero() && (t.IsZero() || sp.start.Before(t)) {
			t = sp.start
		}
	}
	return t
}

// dated reports whether any article of the index has a date. A date
// written in the question of an undated corpus (Wikipedia, a book) is part
// of what is asked, not a filter on publication dates.
func (ix *Index) dated() bool {
	return len(ix.newest) > 0 && !ix.articles[ix.newest[0]].Date.IsZero()
}

// embedQuery embeds text with the index's embedder as a unit vector.
func (ix *Index) embedQuery(ctx context.Context, text string) ([]float32, error) {
	vs, err := ix.embedder.Embed(ctx, []string{text})
	if err != nil {
		return nil, fmt.Errorf("embed query: %w", err)
	}
	if len(vs) != 1 || len(vs[0]) != ix.dimension {
		n := 0
		if len(vs) > 0 {
			n = len(vs[0])
		}
		return nil, fmt.Errorf("embed query: got %d vectors of %d dimensions, want 1 of %d", len(vs), n, ix.dimension)
	}
	v := append([]float32(nil), vs[0]...)
	if _, err := unit(v); err != nil {
		return nil, fmt.Errorf("embed query: %w", err)
	}
	return v, nil
}

// vectorCandidates returns up to depth chunks most similar to qv among
// those of articles in range (all when inRange is nil), best first. From
// approxMinChunks matching chunks, unless exact, it prefilters by sign
// codes (see approximate). Otherwise, without a filter it is one
// chromem-go query; with a selective filter it scans just the matching
// chunks; else it over-fetches from chromem-go and filters, scanning when
// that left too few.
func (ix *Index) vectorCandidates(ctx context.Context, qv []float32, depth int, inRange []bool, matching int, exact bool) ([]Ranked, error) {
	n := len(ix.chunks)
	useQuery := ix.query != nil && !exact
	if !useQuery && !exact && matching >= approxMinChunks {
		return ix.approximate(ctx, qv, depth, inRange)
	}
	if inRange == nil || matching*4 > n {
		fetch := depth
		if inRange != nil {
			fetch = min(n, depth*n/matching*2)
		}
		var res []Ranked
		if useQuery {
			var err error
			if res, err = ix.query(ctx, qv, fetch); err != nil {
				return nil, fmt.Errorf("query vectors: %w", err)
			}
		} else {
			coll, err := ix.collection(ctx)
			if err != nil {
				return nil, err
			}
			found, err := coll.QueryEmbedding(ctx, qv, fetch, nil, nil)
			if err != nil {
				return nil, fmt.Errorf("query vectors: %w", err)
			}
			res = make([]Ranked, len(found))
			for i, r := range found {
				res[i] = Ranked{ID: r.ID, Score: float64(r.Similarity)}
			}
		}
		out := make([]Ranked, 0, min(depth, len(res)))
		for _, r := range res {
			if inRange != nil {
				pos, ok := ix.byChunk[r.ID]
				if !ok || !inRange[ix.chunkArt[pos]] {
					continue
				}
			}
			out = append(out, r)
			if len(out) == depth {
				return out, nil
			}
		}
		if inRange == nil || fetch == n || len(out) == matching {
			return out, nil
		}
	}
	return ix.scan(ctx, qv, depth, inRange)
}

// scan scores the chunks of articles in range by brute force.
func (ix *Index) scan(ctx context.Context, qv []float32, depth int, inRange []bool) ([]Ranked, error) {
	top := make(simHeap, 0, depth)
	var buf []float32
	d := ix.dimension
	for ai, sp := range ix.spans {
		if !inRange[ai] || sp.hi == sp.lo {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if need := int(sp.hi-sp.lo) * d; cap(buf) < need {
			buf = make([]float32, need)
		}
		vs, err := ix.store.read(int(sp.lo), int(sp.hi-sp.lo), buf)
		if err != nil {
			return nil, err
		}
		for pos := sp.lo; pos < sp.hi; pos++ {
			i := int(pos-sp.lo) * d
			s := dot(qv, vs[i:i+d])
			if len(top) < depth {
				heap.Push(&top, sim{pos: pos, score: s})
			} else if top.worse(top[0], sim{pos: pos, score: s}) {
				top[0] = sim{pos: pos, score: s}
				heap.Fix(&top, 0)
			}
		}
	}
	out := make([]Ranked, len(top))
	for i := len(top) - 1; i >= 0; i-- {
		s := heap.Pop(&top).(sim)
		out[i] = Ranked{ID: ix.chunks[s.pos].ID, Score: float64(s.score)}
	}
	return out, nil
}

func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}

// sim is a scanned chunk and its similarity.
type sim struct {
	pos   int32
	score float32
}

// simHeap is a min-heap whose root is the worst kept candidate; ties go to
// the earlier chunk.
type simHeap []sim

func (h simHeap) worse(a, b sim) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	return a.pos > b.pos
}
func (h simHeap) Len() int           { return len(h) }
func (h simHeap) Less(i, j int) bool { return h.worse(h[i], h[j]) }
func (h simHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *simHeap) Push(x any)        { *h = append(*h, x.(sim)) }
func (h *simHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// collapse walks fused candidates best first and keeps k of them, skipping
// a passage mostly contained in a kept one of the same article, one whose text is
// nearly that of a kept one, and those beyond maxPer of one article.
func (ix *Index) collapse(fused []Ranked, k, maxPer int) []Result {
	type kept struct {
		pos      int32
		shingles map[uint64]struct{}
	}
	var keptList []kept
	perArticle := map[int32]int{}
	out := make([]Result, 0, k)
	for _, r := range fused {
		pos, ok := ix.byChunk[r.ID]
		if !ok {
			continue
		}
		c := &ix.chunks[pos]
		ai := ix.chunkArt[pos]
		if maxPer > 0 && perArticle[ai] >= maxPer {
			continue
		}
		var sh map[uint64]struct{}
		dup := false
		for _, kc := range keptList {
			o := &ix.chunks[kc.pos]
			if ix.chunkArt[kc.pos] == ai {
				// Neighbouring chunks share an overlap sentence by design;
				// only a passage mostly contained in a kept one is a duplicate.
				if ov := min(c.End, o.End) - max(c.Start, o.Start); ov > 0 && 2*ov > min(c.End-c.Start, o.End-o.Start) {
					dup = true
					break
				}
				continue
			}
			if len(c.Text) > 2*len(o.Text) || len(o.Text) > 2*len(c.Text) {
				continue
			}
			if sh == nil {
				sh = shingles(c.Text)
			}
			if jaccard(sh, kc.shingles) >= duplicateJaccard {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		if sh == nil {
			sh = shingles(c.Text)
		}
		keptList = append(keptList, kept{pos: pos, shingles: sh})
		perArticle[ai]++
		out = append(out, Result{Rank: len(out) + 1, Score: r.Score, Chunk: *c})
		if len(out) == k {
			break
		}
	}
	return out
}

// shingles hashes the three-word windows of text, case and accents folded.
func shingles(text string) map[uint64]struct{} {
	words := strings.FieldsFunc(lexical.Fold(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	set := make(map[uint64]struct{}, len(words))
	h := fnv.New64a()
	for i := range words {
		h.Reset()
		for j := i; j < min(i+3, len(words)); j++ {
			h.Write([]byte(words[j]))
			h.Write([]byte{0})
		}
		set[h.Sum64()] = struct{}{}
		if i+3 >= len(words) {
			break
		}
	}
	return set
}

// jaccard is |a ∩ b| / |a ∪ b|.
func jaccard(a, b map[uint64]struct{}) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	inter := 0
	for x := range a {
		if _, ok := b[x]; ok {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
