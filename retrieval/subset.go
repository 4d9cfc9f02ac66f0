package retrieval

import (
	"context"
	"fmt"

	"verbatim/corpus"
)

// Subset returns an index in memory of only the articles ids names that
// ix holds (unknown ids are left out), with their chunks and the vectors
// ix already has: nothing is embedded, and the cost grows with the
// articles kept, not with ix. Alerts match new articles against watched
// questions on it.
func (ix *Index) Subset(ctx context.Context, ids []string) (*Index, error) {
	var (
		articles []corpus.Article
		chunks   []corpus.Chunk
		vectors  [][]float32
		seen     = make(map[string]bool, len(ids))
	)
	for _, id := range ids {
		pos, ok := ix.byArticle[id]
		if !ok || seen[id] {
			continue
		}
		seen[id] = true
		articles = append(articles, ix.articles[pos])
		sp := ix.spans[pos]
		for c := sp.lo; c < sp.hi; c++ {
			v := ix.vector(c)
			if v == nil {
				return nil, fmt.Errorf("subset: vector of chunk %q unreadable", ix.chunks[c].ID)
			}
			chunks = append(chunks, ix.chunks[c])
			vectors = append(vectors, v)
		}
	}
	m := ix.meta
	m.Fingerprint = Fingerprint(articles)
	sub, err := newIndex(ctx, m, ix.embedder, articles, chunks, vectors)
	if err != nil {
		return nil, fmt.Errorf("subset: %w", err)
	}
	sub.log = ix.log
	if o := ix.opts.Load(); o != nil {
		sub.SetOptions(*o)
	}
	return sub, nil
}

// ArticleIDs returns the ids of the articles in build order: a
// publication's new articles are found against it without copying the
// articles.
func (ix *Index) ArticleIDs() []string {
	out := make([]string, len(ix.articles))
	for i, a := range ix.articles {
		out[i] = a.ID
	}
	return out
}
