package retrieval

import (
	"sort"

	"verbatim/corpus"
	"verbatim/retrieval/lexical"
)

// RerankOptions weigh the evidence Index.Search combines to order its
// candidates (see rerank).
type RerankOptions struct {
	// LexicalDepth is how many BM25 hits become candidates.
	LexicalDepth int
	// Lexical weighs the chunk's BM25 score divided by the best one.
	Lexical float64
	// Sentence weighs the best window of Window consecutive sentences: the
	// idf of the distinct query terms it holds over that of all of them.
	Sentence float64
	Window   int
	// Vector weighs the cosine of the chunk's and the query's vectors.
	Vector float64
	// TitleInSentence counts the title's terms as present in every window.
	TitleInSentence bool
	// Article adds this share of the best score of a candidate of the same
	// article: passages of the article that answers best come together.
	Article float64
	// Coverage weighs the idf share of the query terms anywhere in the
	// chunk; Phrase that of the query's adjacent term pairs found adjacent.
	Coverage, Phrase float64
}

// DefaultRerankOptions returns the weights measured on dev/fr and dev/en with the local
// embedder (go test ./retrieval -run TestEval -eval -v, which prints the
// table). From BM25 alone (MRR@10 fr 0.803, en 0.839 at ~200-word
// chunks): the best sentence adds 0.011 on both; the title counted in
// every sentence 0.002; adjacent query pairs 0.002-0.011 and Hits@1 up
// to 0.02 on en; the article's best score 0.001-0.002 and Hits@5 0.003
// on fr. Cosine weights of 0.5 to 2 move nothing by more than 0.003, and
// chunk-wide coverage and two-sentence windows lose slightly.
func DefaultRerankOptions() RerankOptions {
	return RerankOptions{
		LexicalDepth: 100, Lexical: 1, Sentence: 1, Window: 1, Vector: 0.5,
		TitleInSentence: true, Article: 0.5, Phrase: 0.6,
	}
}

// candidate is one chunk being re-ranked.
type candidate struct {
	pos                                  int32
	bm25, cos, sent, cov, phrase, weight float64
}

// rerank scores candidates: the union of the BM25 hits lex and the vector
// hits vec. Each scores Lexical·bm25/max bm25 + Sentence·best window +
// Vector·cosine, best first, ties in BM25 then vector order.
func (ix *Index) rerank(qtext string, qv []float32, lex []lexical.Hit, vec []Ranked, o RerankOptions) []Ranked {
	cands := make([]candidate, 0, len(lex)+len(vec))
	seen := make(map[int32]bool, len(lex)+len(vec))
	add := func(id string, bm25 float64) {
		pos, ok := ix.byChunk[id]
		if !ok || seen[pos] {
			return
		}
		seen[pos] = true
		cands = append(cands, candidate{pos: pos, bm25: bm25})
	}
	for _, h := range lex {
		add(h.ID, h.Score)
	}
	for _, r := range vec {
		add(r.ID, 0)
	}
	best := 0.0
	if len(lex) > 0 {
		best = lex[0].Score
	}
	weights := map[string]map[string]float64{} // query terms by language
	totals := map[string]float64{}
	qpairs := map[string]termPairs{}
	for i := range cands {
		c := &cands[i]
		ch := &ix.chunks[c.pos]
		if qv != nil {
			c.cos = float64(dot(qv, ix.vector(c.pos)))
		}
		if o.Sentence != 0 || o.Coverage != 0 || o.Phrase != 0 {
			w, ok := weights[ch.Lang]
			if !ok {
				w = ix.lex.TermWeights(ch.Lang, qtext)
				weights[ch.Lang] = w
				totals[ch.Lang] = weightSum(w, nil)
			}
			if totals[ch.Lang] > 0 {
				pairs, ok := qpairs[ch.Lang]
				if !ok {
					pairs = queryPairs(ix.lex.QueryTerms(ch.Lang, qtext), w)
					qpairs[ch.Lang] = pairs
				}
				sent, cov, phr := ix.sentenceEvidence(ch, w, pairs, o)
				c.sent = sent / totals[ch.Lang]
				c.cov = cov / totals[ch.Lang]
				if pairs.total > 0 {
					c.phrase = phr / pairs.total
				}
			}
		}
		if best > 0 {
			c.weight = o.Lexical * c.bm25 / best
		}
		c.weight += o.Sentence*c.sent + o.Vector*c.cos + o.Coverage*c.cov + o.Phrase*c.phrase
	}
	if o.Article != 0 {
		best := map[int32]float64{}
		for _, c := range cands {
			ai := ix.chunkArt[c.pos]
			if b, ok := best[ai]; !ok || c.weight > b {
				best[ai] = c.weight
			}
		}
		for i := range cands {
			cands[i].weight += o.Article * best[ix.chunkArt[cands[i].pos]]
		}
	}
	// Ties go to the earlier chunk, so that equal scores (near-identical
	// texts) order the same way in every run whatever order the concurrent
	// vector scan returned them in.
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].weight != cands[j].weight {
			return cands[i].weight > cands[j].weight
		}
		return cands[i].pos < cands[j].pos
	})
	out := make([]Ranked, len(cands))
	for i, c := range cands {
		out[i] = Ranked{ID: ix.chunks[c.pos].ID, Score: c.weight}
	}
	return out
}

// termPairs are the adjacent pairs of a query's terms and their weights.
type termPairs struct {
	w     map[[2]string]float64
	total float64
}

// queryPairs weighs each adjacent pair of known query terms by the mean of
// their weights.
func queryPairs(terms []string, weights map[string]float64) termPairs {
	p := termPairs{w: map[[2]string]float64{}}
	for i := 1; i < len(terms); i++ {
		a, okA := weights[terms[i-1]]
		b, okB := weights[terms[i]]
		k := [2]string{terms[i-1], terms[i]}
		if _, dup := p.w[k]; dup || !okA || !okB {
			continue
		}
		p.w[k] = (a + b) / 2
		p.total += (a + b) / 2
	}
	return p
}

// sentenceEvidence returns the largest sum of the weights of the distinct
// query terms found in o.Window consecutive sentences of ch, that sum over
// all of ch, and the sum of the weights of the query pairs found adjacent.
func (ix *Index) sentenceEvidence(ch *corpus.Chunk, weights map[string]float64, pairs termPairs, o RerankOptions) (best, all, phrase float64) {
	win := max(o.Window, 1)
	var title map[string]bool
	if o.TitleInSentence && ch.Title != "" {
		title = map[string]bool{}
		for _, t := range ix.lex.Analyze(ch.Lang, ch.Title) {
			if _, ok := weights[t]; ok {
				title[t] = true
			}
		}
	}
	spans := corpus.Sentences(ch.Text)
	found := make([][]string, len(spans)) // query terms of each sentence
	inChunk := map[string]bool{}
	var pairSeen map[[2]string]bool
	for i, sp := range spans {
		terms := ix.lex.Analyze(ch.Lang, ch.Text[sp[0]:sp[1]])
		for j, t := range terms {
			if _, ok := weights[t]; ok {
				found[i] = append(found[i], t)
				inChunk[t] = true
				if j > 0 && len(pairs.w) > 0 {
					k := [2]string{terms[j-1], t}
					if w, ok := pairs.w[k]; ok && !pairSeen[k] {
						if pairSeen == nil {
							pairSeen = map[[2]string]bool{}
						}
						pairSeen[k] = true
						phrase += w
					}
				}
			}
		}
	}
	all = weightSum(weights, inChunk)
	in := map[string]bool{}
	for i := range found {
		clear(in)
		for t := range title {
			in[t] = true
		}
		for j := i; j < min(i+win, len(found)); j++ {
			for _, t := range found[j] {
				in[t] = true
			}
		}
		best = max(best, weightSum(weights, in))
		if i+win >= len(found) {
			break
		}
	}
	return best, all, phrase
}

// weightSum adds the weights of terms (of every weighted term when terms is
// nil) in increasing order, so that the sum, and the ranking built on it,
// is the same in every run whatever order the maps are walked in.
func weightSum(weights map[string]float64, terms map[string]bool) float64 {
	vals := make([]float64, 0, len(weights))
	for t, w := range weights {
		if terms == nil || terms[t] {
			vals = append(vals, w)
		}
	}
	sort.Float64s(vals)
	sum := 0.0
	for _, v := range vals {
		sum += v
	}
	return sum
}
