package retrieval

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	chromem "github.com/philippgille/chromem-go"

	"verbatim/corpus"
	"verbatim/retrieval/lexical"
)

// ErrNoIndex is returned (wrapped) by Open when dir holds no index yet.
var ErrNoIndex = errors.New("no index")

// EmbedderMismatchError is returned by Open when the index was built by
// another embedder, model or vector size than the configured one: its
// vectors cannot be compared with the queries' and it must be rebuilt.
type EmbedderMismatchError struct {
	// Built and Configured are Embedder IDs, e.g.
	// "openai/text-embedding-3-small/1536".
	Built, Configured string
}

func (e *EmbedderMismatchError) Error() string {
	return fmt.Sprintf("index was built with %s but the configured embedder is %s: run \"verbatim index\" to rebuild it",
		e.Built, e.Configured)
}

// collectionName names the one chromem-go collection of chunk vectors.
const collectionName = "chunks"

// errNoEmbedding is what the collection's embedding function answers: the
// index always supplies vectors itself.
var errNoEmbedding = errors.New("retrieval: chunk vectors are computed by the index, not by chromem-go")

func refuseEmbedding(context.Context, string) ([]float32, error) { return nil, errNoEmbedding }

// meta is what a snapshot records about how its index was built.
type meta struct {
	Version    int
	Embedder   string // Embedder.Name
	Model      string
	Dimensions int // Embedder.Dimensions, part of its identity
	// VectorDims is the length of the stored vectors (Dimensions when the
	// embedder declares it).
	VectorDims  int
	BuiltAt     time.Time
	Fingerprint string
	// Chunking identifies the chunk options the chunks were cut with.
	Chunking string
}

func (m meta) embedderID() string {
	return Embedder{Name: m.Embedder, Model: m.Model, Dimensions: m.Dimensions}.ID()
}

// Index is a searchable corpus: chunk vectors in a chromem-go collection, a
// BM25 index over the same chunks, and the articles they come from. It is
// immutable once built and safe for concurrent use.
type Index struct {
	meta     meta
	embedder Embedder
	log      *slog.Logger // nil: discard

	lex *lexical.Index

	// coll is the chromem-go collection of the chunk vectors, the exact
	// query path, built on first use.
	collOnce sync.Once
	coll     *chromem.Collection
	collErr  error

	// articles are in build order; the chunks of article i are
	// chunks[spans[i].lo:spans[i].hi].
	articles  []corpus.Article
	spans     []span
	byArticle map[string]int32
	newest    []int32 // article positions, newest date first, undated last

	chunks    []corpus.Chunk
	chunkArt  []int32 // article position of each chunk
	byChunk   map[string]int32
	vectors   [][]float32 // unit vectors when in memory (views of store.flat), else nil: see vector
	store     *vectorStore
	dimension int

	// query, when set, answers the vector queries chromem-go and the
	// sign-code prefilter would (see Assemble).
	query VectorQuery

	// corpus is the state of the corpus files recorded at the build.
	corpus corpus.State

	// quotes are the articles' quotations found at the build, if any.
	quotes quoteTable

	langs []string // the articles' languages, sorted
	opts  atomic.Pointer[SearchOptions]
}

// span is the date period and chunk range of one article.
type span struct {
	start, end time.Time // zero when undated
	lo, hi     int32
}

// newIndex assembles an index from articles, their chunks (grouped by
// article, in article order) and one unit vector per chunk, held in memory.
func newIndex(ctx context.Context, m meta, e Embedder, articles []corpus.Article, chunks []corpus.Chunk, vectors [][]float32) (*Index, error) {
	if len(chunks) != len(vectors) {
		return nil, fmt.Errorf("index: %d chunks but %d vectors", len(chunks), len(vectors))
	}
	dims := m.VectorDims
	for i, v := range vectors {
		if dims == 0 {
			dims = len(v)
		}
		if len(v) == 0 || len(v) != dims {
			return nil, fmt.Errorf("index: chunk %q has a vector of %d dimensions, want %d", chunks[i].ID, len(v), dims)
		}
	}
	m.VectorDims = dims
	return assemble(ctx, m, e, articles, chunks, newHeapStore(vectors, dims), nil)
}

// assemble builds the lookup tables of an index over its parts; lex nil
// means the lexical index is built from the chunks.
func assemble(ctx context.Context, m meta, e Embedder, articles []corpus.Article, chunks []corpus.Chunk, store *vectorStore, lex *lexical.Index) (*Index, error) {
	if len(chunks) != store.n || len(store.codes) != store.n*codeBytes(store.dims) {
		return nil, fmt.Errorf("index: %d chunks but %d vectors", len(chunks), store.n)
	}
	vectors := store.views()
	build := lex == nil
	if build {
		lex = lexical.New()
	} else if lex.Len() != len(chunks) {
		return nil, fmt.Errorf("index: %d chunks but %d lexical documents", len(chunks), lex.Len())
	}
	ix := &Index{
		meta:      m,
		embedder:  e,
		lex:       lex,
		articles:  articles,
		spans:     make([]span, len(articles)),
		byArticle: make(map[string]int32, len(articles)),
		chunks:    chunks,
		chunkArt:  make([]int32, len(chunks)),
		byChunk:   make(map[string]int32, len(chunks)),
		vectors:   vectors,
		store:     store,
		dimension: m.VectorDims,
		langs:     corpusLangs(articles),
	}
	for i, a := range articles {
		if _, dup := ix.byArticle[a.ID]; dup {
			return nil, fmt.Errorf("index: duplicate article id %q", a.ID)
		}
		ix.byArticle[a.ID] = int32(i)
		if !a.Date.IsZero() {
			ix.spans[i].start, ix.spans[i].end = a.Date.Start(), a.Date.End()
		}
		ix.spans[i].lo, ix.spans[i].hi = -1, -1
	}
	for i, c := range chunks {
		if i%4096 == 0 && ctx.Err() != nil {
			return nil, fmt.Errorf("index: %w", ctx.Err())
		}
		ai, ok := ix.byArticle[c.DocID]
		if !ok {
			return nil, fmt.Errorf("index: chunk %q of unknown article %q", c.ID, c.DocID)
		}
		sp := &ix.spans[ai]
		switch {
		case sp.lo < 0:
			sp.lo, sp.hi = int32(i), int32(i+1)
		case sp.hi == int32(i):
			sp.hi++
		default:
			return nil, fmt.Errorf("index: chunks of article %q are not contiguous", c.DocID)
		}
		if _, dup := ix.byChunk[c.ID]; dup {
			return nil, fmt.Errorf("index: duplicate chunk id %q", c.ID)
		}
		if vectors != nil && len(vectors[i]) != ix.dimension {
			return nil, fmt.Errorf("index: chunk %q has a vector of %d dimensions, want %d", c.ID, len(vectors[i]), ix.dimension)
		}
		ix.byChunk[c.ID] = int32(i)
		ix.chunkArt[i] = ai
		if build {
			ix.lex.Add(lexicalDocument(c))
		}
	}
	ix.meta.VectorDims = ix.dimension
	for i := range ix.spans {
		if ix.spans[i].lo < 0 {
			ix.spans[i].lo, ix.spans[i].hi = 0, 0
		}
	}
	ix.newest = make([]int32, len(articles))
	for i := range ix.newest {
		ix.newest[i] = int32(i)
	}
	slices.SortStableFunc(ix.newest, func(a, b int32) int {
		da, db := articles[a].Date, articles[b].Date
		switch {
		case da.IsZero() && db.IsZero():
			return cmp.Compare(articles[a].ID, articles[b].ID)
		case da.IsZero():
			return 1
		case db.IsZero():
			return -1
		}
		if c := da.Time.Compare(db.Time); c != 0 {
			return -c
		}
		return cmp.Compare(articles[a].ID, articles[b].ID)
	})
	return ix, nil
}

// lexicalDocument is what the lexical index holds of a chunk.
func lexicalDocument(c corpus.Chunk) lexical.Document {
	return lexical.Document{ID: c.ID, Lang: c.Lang, Title: c.Title, Date: dateText(c.Date), Body: c.Text}
}

// collection returns the chromem-go collection of the chunk vectors,
// building it on first use: the exact path of vector search.
func (ix *Index) collection(ctx context.Context) (*chromem.Collection, error) {
	ix.collOnce.Do(func() {
		db := chromem.NewDB()
		coll, err := db.CreateCollection(collectionName, nil, refuseEmbedding)
		if err != nil {
			ix.collErr = fmt.Errorf("index: create collection: %w", err)
			return
		}
		flat, err := ix.store.all()
		if err != nil {
			ix.collErr = fmt.Errorf("index: %w", err)
			return
		}
		d := ix.dimension
		for i, c := range ix.chunks {
			// Not ctx: a cancelled first query must not leave a partial
			// collection behind for the next ones.
			v := flat[i*d : (i+1)*d : (i+1)*d]
			if err := coll.AddDocument(context.Background(), chromem.Document{ID: c.ID, Embedding: v}); err != nil {
				ix.collErr = fmt.Errorf("index: add chunk %q: %w", c.ID, err)
				return
			}
		}
		ix.coll = coll
	})
	return ix.coll, ix.collErr
}

// vector returns the vector of chunk pos, nil when it cannot be read (the
// error is logged).
func (ix *Index) vector(pos int32) []float32 {
	if ix.vectors != nil {
		return ix.vectors[pos]
	}
	v, err := ix.store.read(int(pos), 1, make([]float32, ix.dimension))
	if err != nil {
		ix.logger().Error("index vectors unreadable", "err", err)
		return nil
	}
	return v
}

// logger returns the index's logger.
func (ix *Index) logger() *slog.Logger {
	if ix.log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return ix.log
}

// dateText writes a date the ways a question may: "2025-04 avril 2025
// April 2025", so that BM25 can match it.
func dateText(d corpus.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String() + " " + d.Display("fr") + " " + d.Display("en")
}

// Article returns the article with the given id.
func (ix *Index) Article(id string) (corpus.Article, bool) {
	i, ok := ix.byArticle[id]
	if !ok {
		return corpus.Article{}, false
	}
	return ix.articles[i], true
}

// Articles returns every article, newest first, undated ones last.
func (ix *Index) Articles() []corpus.Article { return ix.Newest(len(ix.newest)) }

// Newest returns the n newest articles (all when fewer), undated ones
// last: a copy of those only.
func (ix *Index) Newest(n int) []corpus.Article {
	n = max(0, min(n, len(ix.newest)))
	out := make([]corpus.Article, n)
	for i, a := range ix.newest[:n] {
		out[i] = ix.articles[a]
	}
	return out
}

// Chunk returns the chunk with the given id.
func (ix *Index) Chunk(id string) (corpus.Chunk, bool) {
	i, ok := ix.byChunk[id]
	if !ok {
		return corpus.Chunk{}, false
	}
	return ix.chunks[i], true
}

// Info describes the index.
func (ix *Index) Info() Info {
	info := Info{
		Articles:   len(ix.articles),
		Chunks:     len(ix.chunks),
		BuiltAt:    ix.meta.BuiltAt,
		Embedder:   ix.meta.Embedder,
		Model:      ix.meta.Model,
		Dimensions: ix.meta.Dimensions,
	}
	// Without reading every article: their languages are known, and the
	// dated ones come first in newest order.
	if len(ix.langs) > 0 {
		info.Langs = slices.Clone(ix.langs)
	}
	dated := sort.Search(len(ix.newest), func(i int) bool { return ix.articles[ix.newest[i]].Date.IsZero() })
	if dated > 0 {
		info.Newest = ix.articles[ix.newest[0]].Date
		info.Oldest = ix.articles[ix.newest[dated-1]].Date
	}
	return info
}

// Rarity returns the distinct terms of text analysed in lang with their
// inverse document frequency over the index's passages, the largest for a
// term none holds.
func (ix *Index) Rarity(lang, text string) map[string]float64 { return ix.lex.Rarity(lang, text) }

// Embedder returns the embedder the index embeds queries with.
func (ix *Index) Embedder() Embedder { return ix.embedder }

// Fingerprint identifies the corpus the index was built from; compare it
// with Fingerprint of a freshly loaded corpus to know whether to rebuild.
func (ix *Index) Fingerprint() string { return ix.meta.Fingerprint }

// Fingerprint hashes the sorted (id, hash) pairs of articles: it changes
// when an article is added, removed or edited, not when files move or the
// order changes.
func Fingerprint(articles []corpus.Article) string {
	pairs := make([]string, len(articles))
	for i, a := range articles {
		pairs[i] = a.ID + "\x00" + a.Hash + "\n"
	}
	slices.Sort(pairs)
	h := sha256.New()
	for _, p := range pairs {
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// chunkingID identifies chunk options, so that changing them re-chunks
// every article.
func chunkingID(opts corpus.ChunkOptions) string {
	return strings.TrimSpace(fmt.Sprintf("%+v", opts))
}
