package retrieval

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"verbatim/corpus"
)

// Build embedding defaults.
const (
	// embedBatchSize is the number of texts per EmbedFunc call.
	embedBatchSize = 256
	// embedInFlight is the number of EmbedFunc calls running at once.
	embedInFlight = 4
)

// BuildOptions tunes Build.
type BuildOptions struct {
	// Chunking sizes the chunks; the zero value means
	// corpus.DefaultChunkOptions.
	Chunking corpus.ChunkOptions
	// Progress, when set, is called as chunks get embedded, with the number
	// done and the number to embed in this build.
	Progress func(done, total int)
	Logger   *slog.Logger
	// Now stamps the build; nil means time.Now.
	Now func() time.Time
}

// Build indexes res into dir, incrementally against the index already
// there when it was built by the same embedder: unchanged articles (same
// Hash) keep their chunks and vectors, changed ones are re-chunked, new
// ones added and missing ones removed. Only chunk texts found neither in
// the previous index nor in the embedding cache are embedded. The snapshot
// is replaced atomically, and only when something changed; on any error
// (embedding failure, cancellation) the previous snapshot stays as it was.
func Build(ctx context.Context, dir string, res *corpus.Result, e Embedder, opts BuildOptions) (*Index, Report, error) {
	started := time.Now()
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	if opts.Chunking == (corpus.ChunkOptions{}) {
		opts.Chunking = corpus.DefaultChunkOptions
	}
	if e.Embed == nil {
		return nil, Report{}, errors.New("build index: embedder has no embed function")
	}
	report := Report{Skipped: res.Skipped}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, report, fmt.Errorf("build index: %w", err)
	}

	removeStaleTemps(dir, logger)
	prev, err := Open(dir, e)
	var mismatch *EmbedderMismatchError
	switch {
	case err == nil:
	case errors.Is(err, ErrNoIndex):
	case errors.As(err, &mismatch):
		logger.Info("rebuilding the whole index for a new embedder", "built", mismatch.Built, "configured", mismatch.Configured)
	default:
		logger.Warn("previous index unreadable; rebuilding it", "err", err)
	}

	m := meta{
		Version:     formatVersion,
		Embedder:    e.Name,
		Model:       e.Model,
		Dimensions:  e.Dimensions,
		VectorDims:  e.Dimensions,
		Fingerprint: Fingerprint(res.Articles),
		Chunking:    chunkingID(opts.Chunking),
	}
	sameChunking := prev != nil && prev.meta.Chunking == m.Chunking

	// Vectors of the previous index, by text, for changed articles whose
	// chunks kept some of their text.
	var prevByText map[textKey][]float32
	prevVector := func(text string) []float32 {
		if prev == nil {
			return nil
		}
		if prevByText == nil {
			prevByText = make(map[textKey][]float32, len(prev.chunks))
			for i, c := range prev.chunks {
				prevByText[keyOf(c.Text)] = prev.vectors[i]
			}
		}
		return prevByText[keyOf(text)]
	}

	articles := make([]corpus.Article, 0, len(res.Articles))
	var chunks []corpus.Chunk
	var vectors [][]float32
	var missing []int // positions in chunks still without a vector
	seen := make(map[string]bool, len(res.Articles))
	for _, a := range res.Articles {
		if seen[a.ID] {
			logger.Warn("duplicate article id; keeping the first", "id", a.ID, "path", a.Path)
			continue
		}
		seen[a.ID] = true
		articles = append(articles, a)
		if prev != nil {
			if pi, ok := prev.byArticle[a.ID]; ok {
				old := prev.articles[pi]
				if old.Hash == a.Hash && sameChunking {
					report.Unchanged++
					sp := prev.spans[pi]
					for pos := sp.lo; pos < sp.hi; pos++ {
						c := prev.chunks[pos]
						// Metadata outside the hash (Path) may have moved.
						chunks = append(chunks, c)
						vectors = append(vectors, prev.vectors[pos])
					}
					continue
				}
				if old.Hash == a.Hash {
					report.Unchanged++
				} else {
					report.Updated++
				}
			} else {
				report.Added++
			}
		} else {
			report.Added++
		}
		for _, c := range corpus.Split(a, opts.Chunking) {
			chunks = append(chunks, c)
			v := prevVector(c.Text)
			if v == nil {
				missing = append(missing, len(chunks)-1)
			}
			vectors = append(vectors, v)
		}
	}
	if prev != nil {
		for _, a := range prev.articles {
			if !seen[a.ID] {
				report.Removed++
			}
		}
	}
	report.Articles = len(articles)
	report.Chunks = len(chunks)

	if len(missing) > 0 {
		n, err := embedMissing(ctx, dir, e, chunks, vectors, missing, opts.Progress, logger)
		report.Embedded = n
		if err != nil {
			report.Seconds = time.Since(started).Seconds()
			return nil, report, fmt.Errorf("build index: %w", err)
		}
	}

	unchanged := prev != nil && report.Added == 0 && report.Updated == 0 && report.Removed == 0 &&
		prev.meta.Chunking == m.Chunking && prev.meta.Fingerprint == m.Fingerprint &&
		prev.meta.Version == m.Version && sameOrder(prev.articles, articles)
	if unchanged {
		report.Seconds = time.Since(started).Seconds()
		return prev, report, nil
	}
	m.BuiltAt = now().UTC()
	ix, err := newIndex(ctx, m, e, articles, chunks, vectors)
	if err != nil {
		return nil, report, fmt.Errorf("build index: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, report, fmt.Errorf("build index: %w", err)
	}
	if err := ix.save(dir); err != nil {
		return nil, report, fmt.Errorf("build index: %w", err)
	}
	compactCache(dir, e, ix, logger)
	report.Seconds = time.Since(started).Seconds()
	logger.Info("index built", "articles", report.Articles, "chunks", report.Chunks,
		"added", report.Added, "updated", report.Updated, "removed", report.Removed,
		"embedded", report.Embedded, "seconds", report.Seconds)
	return ix, report, nil
}

// sameOrder reports whether two article lists hold the same articles in
// the same order with the same paths.
func sameOrder(a, b []corpus.Article) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Hash != b[i].Hash || a[i].Path != b[i].Path {
			return false
		}
	}
	return true
}

// embedMissing fills vectors[i] for every i in missing: from the embedding
// cache when it has the text, else by embedding in batches, a few in
// flight, appending each batch to the cache as it arrives. It returns the
// number of chunks sent to the embedder.
func embedMissing(ctx context.Context, dir string, e Embedder, chunks []corpus.Chunk, vectors [][]float32, missing []int, progress func(done, total int), logger *slog.Logger) (int, error) {
	path := filepath.Join(dir, CacheFile)
	id := e.ID()
	// Unique texts to find, in first-seen order.
	want := make(map[textKey]bool, len(missing))
	keys := make([]textKey, len(missing))
	for j, i := range missing {
		keys[j] = keyOf(chunks[i].Text)
		want[keys[j]] = true
	}
	scan, err := scanCache(path, id, e.Dimensions, want)
	if err != nil {
		logger.Warn("embedding cache unreadable; embedding everything", "err", err)
	}
	var texts []string
	var todo []textKey
	queued := make(map[textKey]bool)
	for j, i := range missing {
		if v, ok := scan.found[keys[j]]; ok {
			vectors[i] = v
			continue
		}
		if !queued[keys[j]] {
			queued[keys[j]] = true
			texts = append(texts, chunks[i].Text)
			todo = append(todo, keys[j])
		}
	}
	if len(texts) > 0 {
		got, err := embedBatches(ctx, e, texts, todo, path, scan.goodLen, progress, logger)
		if err != nil {
			return len(got), err
		}
		for j, i := range missing {
			if vectors[i] == nil {
				vectors[i] = got[keys[j]]
			}
		}
	}
	return len(texts), nil
}

// embedBatches embeds texts (keyed by keys) in batches with embedInFlight
// calls at once, appending every finished batch to the cache file. On
// error it returns what was embedded so far.
func embedBatches(ctx context.Context, e Embedder, texts []string, keys []textKey, cachePath string, cacheLen int64, progress func(done, total int), logger *slog.Logger) (map[textKey][]float32, error) {
	cw, err := openCacheWriter(cachePath, e.ID(), cacheLen)
	if err != nil {
		logger.Warn("embedding cache not writable; continuing without it", "err", err)
		cw = nil
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		mu       sync.Mutex
		got      = make(map[textKey][]float32, len(texts))
		firstErr error
		wg       sync.WaitGroup
		sem      = make(chan struct{}, embedInFlight)
	)
	total := len(texts)
	if progress != nil {
		progress(0, total)
	}
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
			cancel(err)
		}
		mu.Unlock()
	}
	for start := 0; start < total; start += embedBatchSize {
		end := min(start+embedBatchSize, total)
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func(start, end int) {
			defer wg.Done()
			defer func() { <-sem }()
			vs, err := e.Embed(ctx, texts[start:end])
			if err == nil && len(vs) != end-start {
				err = fmt.Errorf("got %d vectors for %d texts", len(vs), end-start)
			}
			for i := 0; err == nil && i < len(vs); i++ {
				switch {
				case len(vs[i]) == 0:
					err = fmt.Errorf("empty vector for text %d", start+i)
				case e.Dimensions > 0 && len(vs[i]) != e.Dimensions:
					err = fmt.Errorf("vector for text %d has %d dimensions, want %d", start+i, len(vs[i]), e.Dimensions)
				default:
					_, err = unit(vs[i])
				}
			}
			if err != nil {
				fail(fmt.Errorf("embed chunks %d-%d: %w", start, end-1, err))
				return
			}
			mu.Lock()
			defer mu.Unlock()
			for i, v := range vs {
				got[keys[start+i]] = v
				if cw != nil {
					if err := cw.add(keys[start+i], v); err != nil {
						logger.Warn("embedding cache write failed; continuing without it", "err", err)
						cw.f.Close()
						cw = nil
					}
				}
			}
			if cw != nil {
				if err := cw.flush(); err != nil {
					logger.Warn("embedding cache write failed; continuing without it", "err", err)
					cw.f.Close()
					cw = nil
				}
			}
			if progress != nil {
				progress(len(got), total)
			}
		}(start, end)
	}
	wg.Wait()
	if cw != nil {
		if err := cw.close(); err != nil {
			logger.Warn("embedding cache not saved", "err", err)
		}
	}
	if firstErr != nil {
		return got, firstErr
	}
	if err := context.Cause(ctx); err != nil {
		return got, err
	}
	return got, nil
}

// compactCache rewrites the embedding cache with only the current vectors
// when the file is more than twice the size those need.
func compactCache(dir string, e Embedder, ix *Index, logger *slog.Logger) {
	path := filepath.Join(dir, CacheFile)
	st, err := os.Stat(path)
	if err != nil {
		return
	}
	perRecord := int64(4 + 2 + len(e.ID()) + 32 + 4*ix.dimension + 4)
	if st.Size() <= 2*perRecord*int64(len(ix.chunks))+1<<20 {
		return
	}
	keys := make([]textKey, len(ix.chunks))
	for i, c := range ix.chunks {
		keys[i] = keyOf(c.Text)
	}
	if err := rewriteCache(path, e.ID(), keys, ix.vectors); err != nil {
		logger.Warn("embedding cache not compacted", "err", err)
	}
}

// removeStaleTemps deletes temporary files a killed build left behind; a
// recent one may belong to a build still running and is kept.
func removeStaleTemps(dir string, logger *slog.Logger) {
	for _, base := range []string{SnapshotFile, CacheFile} {
		matches, _ := filepath.Glob(filepath.Join(dir, "."+base+".tmp-*"))
		for _, m := range matches {
			if st, err := os.Stat(m); err == nil && time.Since(st.ModTime()) > time.Hour {
				if err := os.Remove(m); err == nil {
					logger.Info("removed a temporary file left by an interrupted build", "path", m)
				}
			}
		}
	}
}
