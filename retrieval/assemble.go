package retrieval

import (
	"context"
	"errors"
	"fmt"
	"time"

	"verbatim/corpus"
)

// VectorQuery returns up to n chunk ids whose vectors are the most similar
// to the unit vector qv, best first, with their cosine similarity. It
// replaces the in-process chromem-go query of an index assembled from
// another store (e.g. pgvector's HNSW index); the rest of Search (date
// filters, BM25, re-ranking) is unchanged.
type VectorQuery func(ctx context.Context, qv []float32, n int) ([]Ranked, error)

// Parts is what Assemble builds an index from: what a store other than the
// snapshot file kept of an index built with the same chunking.
type Parts struct {
	Embedder    Embedder
	BuiltAt     time.Time
	Fingerprint string
	// Chunking is ChunkingID of the options the chunks were cut with.
	Chunking string
	// Articles in build order; Chunks grouped by article in that order,
	// with one unit vector each in Vectors.
	Articles []corpus.Article
	Chunks   []corpus.Chunk
	Vectors  [][]float32
	// Query, when set, answers the unfiltered (or broadly filtered) vector
	// queries instead of chromem-go and the sign-code prefilter.
	Query VectorQuery
	// QuoteRules, when set, are the rules the quotations of the articles
	// were found with, Quotations[i] those of Articles[i] (see Quoter).
	QuoteRules string
	Quotations [][]Quotation
}

// Assemble builds an index from parts. Search on it ranks exactly as on an
// index built by Build from the same articles, chunks and vectors, the
// unfiltered vector candidates coming from parts.Query when set.
func Assemble(ctx context.Context, p Parts) (*Index, error) {
	if p.Embedder.Embed == nil {
		return nil, errors.New("assemble index: embedder has no embed function")
	}
	m := meta{
		Version:     formatVersion,
		Embedder:    p.Embedder.Name,
		Model:       p.Embedder.Model,
		Dimensions:  p.Embedder.Dimensions,
		VectorDims:  p.Embedder.Dimensions,
		BuiltAt:     p.BuiltAt,
		Fingerprint: p.Fingerprint,
		Chunking:    p.Chunking,
	}
	ix, err := newIndex(ctx, m, p.Embedder, p.Articles, p.Chunks, p.Vectors)
	if err != nil {
		return nil, fmt.Errorf("assemble index: %w", err)
	}
	ix.query = p.Query
	if err := ix.setQuotations(p.QuoteRules, p.Quotations); err != nil {
		return nil, fmt.Errorf("assemble index: %w", err)
	}
	return ix, nil
}

// ChunkingID identifies chunk options: an index built with other options
// must be re-chunked.
func ChunkingID(opts corpus.ChunkOptions) string { return chunkingID(opts) }

// Vector returns the stored unit vector of a chunk of the index.
func (ix *Index) Vector(id string) ([]float32, bool) {
	i, ok := ix.byChunk[id]
	if !ok {
		return nil, false
	}
	return ix.vectors[i], true
}

// VectorTop returns the n chunks whose vectors are the most similar to
// the query text's, best first, as the unfiltered vector half of Search
// finds them (the sign-code prefilter from 20,000 chunks, or the
// assembled index's VectorQuery); with exact, by comparing the query
// vector with every chunk vector. The scale benchmarks measure recall
// with it.
func (ix *Index) VectorTop(ctx context.Context, text string, n int, exact bool) ([]Ranked, error) {
	qv, err := ix.embedQuery(ctx, text)
	if err != nil {
		return nil, err
	}
	n = min(n, len(ix.chunks))
	if !exact {
		return ix.vectorCandidates(ctx, qv, n, nil, len(ix.chunks), false)
	}
	all := make([]bool, len(ix.articles))
	for i := range all {
		all[i] = true
	}
	return ix.scan(ctx, qv, n, all)
}
