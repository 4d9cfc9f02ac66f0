package retrieval

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"verbatim/corpus"
	"verbatim/retrieval/lexical"
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
	// Corpus is the state of the corpus files res was loaded from (see
	// corpus.ReadState), recorded so that Prepare can tell later whether
	// the corpus changed without loading it.
	Corpus corpus.State
	// Previous, when set, is the index being served from dir: the build
	// reuses its articles, chunks and vectors (unchanged articles keep
	// their text, shared with it) instead of reading the snapshot again,
	// so that a reindex holds no second copy of the unchanged part. An
	// index of another embedder or format is ignored.
	Previous *Index
	// Quoter, when set, finds the articles' quotations, stored with the
	// index: those of unchanged articles stored under the same rules are
	// reused.
	Quoter Quoter
}

// Build indexes res into dir, incrementally against the index already
// there when it was built by the same embedder: unchanged articles (same
// Hash) keep their chunks and vectors, changed ones are re-chunked, new
// ones added and missing ones removed. Only chunk texts found neither in
// the previous index nor in the embedding cache are embedded, in batches,
// each vector written straight to the new snapshot file: a build holds no
// vectors in memory. The snapshot is replaced atomically, and only when
// something changed; on any error (embedding failure, full disk,
// cancellation) the previous snapshot stays as it was and the new one's
// temporary file is removed. Builds of one directory run one at a time.
// The index may keep res.Articles as its own: they must not be changed
// afterwards.
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
	unlock, locked, err := lockDir(ctx, dir, true)
	if err != nil {
		return nil, report, fmt.Errorf("build index: %w", err)
	}
	defer unlock()
	removeTemps(dir, locked, logger)

	var prev *Index
	var prevState corpus.State
	if p := opts.Previous; p != nil && p.meta.Version == formatVersion && p.meta.embedderID() == e.ID() {
		prev, prevState, err = p, p.corpus, nil
	} else {
		prev, prevState, err = openSnapshot(dir, e)
	}
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
	if prev != nil && m.VectorDims == 0 {
		m.VectorDims = prev.dimension
	}
	sameChunking := prev != nil && prev.meta.Chunking == m.Chunking

	// Positions of the previous index's chunks by text, for changed
	// articles whose chunks kept some of their text.
	var prevByText map[textKey]int32
	prevPos := func(text string) int32 {
		if prev == nil {
			return -1
		}
		if prevByText == nil {
			prevByText = make(map[textKey]int32, len(prev.chunks))
			for i, c := range prev.chunks {
				prevByText[keyOf(c.Text)] = int32(i)
			}
		}
		if p, ok := prevByText[keyOf(text)]; ok {
			return p
		}
		return -1
	}

	// The articles are res.Articles itself (a million articles are not
	// copied) until they must differ from it: a duplicate dropped or a
	// previous article kept in place of the loaded one.
	kept := 0
	var copied []corpus.Article // nil while the articles are res.Articles[:kept]
	keep := func(i int, a corpus.Article, loaded bool) {
		if copied == nil && (!loaded || kept != i) {
			copied = make([]corpus.Article, kept, len(res.Articles))
			copy(copied, res.Articles[:kept])
		}
		if copied != nil {
			copied = append(copied, a)
		}
		kept++
	}
	chunks := make([]corpus.Chunk, 0, len(res.Articles))
	var from []int32 // position of each chunk's vector in prev, -1 when none
	seen := make(map[string]bool, len(res.Articles))
	for i, a := range res.Articles {
		if seen[a.ID] {
			logger.Warn("duplicate article id; keeping the first", "id", a.ID, "path", a.Path)
			continue
		}
		seen[a.ID] = true
		if prev != nil {
			if pi, ok := prev.byArticle[a.ID]; ok {
				old := prev.articles[pi]
				if old.Hash == a.Hash && sameChunking {
					report.Unchanged++
					// Keep the previous article's text, which its chunks
					// already share; only the path may have moved.
					old.Path = a.Path
					keep(i, old, false)
					sp := prev.spans[pi]
					for pos := sp.lo; pos < sp.hi; pos++ {
						chunks = append(chunks, prev.chunks[pos])
						from = append(from, pos)
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
		keep(i, a, true)
		for _, c := range corpus.Split(a, opts.Chunking) {
			chunks = append(chunks, c)
			from = append(from, prevPos(c.Text))
		}
	}
	articles := res.Articles[:kept:kept]
	if copied != nil {
		articles = copied
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

	unchanged := prev != nil && report.Added == 0 && report.Updated == 0 && report.Removed == 0 &&
		prev.meta.Chunking == m.Chunking && prev.meta.Fingerprint == m.Fingerprint &&
		prev.meta.Version == m.Version && sameOrder(prev.articles, articles) &&
		(len(opts.Corpus.Files) == 0 || opts.Corpus.Same(prevState)) &&
		(!opts.Quoter.on() || prev.quotes.rules == opts.Quoter.Rules)
	if unchanged {
		report.Seconds = time.Since(started).Seconds()
		prev.log = logger
		return prev, report, nil
	}

	sw := newSnapshotWriter(dir, len(chunks), m.VectorDims)
	fail := func(err error) (*Index, Report, error) {
		sw.abort()
		report.Seconds = time.Since(started).Seconds()
		return nil, report, fmt.Errorf("build index: %w", err)
	}
	var missing []int // positions in chunks still without a vector
	var buf []float32
	if prev != nil {
		buf = make([]float32, prev.dimension)
	}
	for i, p := range from {
		if p < 0 {
			missing = append(missing, i)
			continue
		}
		v, err := prev.store.read(int(p), 1, buf)
		if err == nil {
			err = sw.put(i, v)
		}
		if err != nil {
			return fail(err)
		}
	}
	if len(missing) > 0 {
		n, err := embedMissing(ctx, dir, e, chunks, missing, sw.put, opts.Progress, logger)
		report.Embedded = n
		if err != nil {
			return fail(err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}

	lex := lexical.New()
	for i, c := range chunks {
		if i%4096 == 0 && ctx.Err() != nil {
			return fail(ctx.Err())
		}
		lex.Add(lexicalDocument(c))
	}
	m.BuiltAt = now().UTC()
	h := header{Meta: m, Corpus: opts.Corpus, Articles: articles, Chunks: make([]chunkRecord, len(chunks))}
	// Chunks are grouped by article, in article order.
	ai := 0
	for i, c := range chunks {
		for ai < len(articles) && articles[ai].ID != c.DocID {
			ai++
		}
		if ai == len(articles) {
			return fail(fmt.Errorf("chunk %q out of article order", c.ID))
		}
		h.Chunks[i] = chunkRecord{ID: c.ID, Article: int32(ai), Index: c.Index, Start: c.Start, End: c.End}
	}
	if opts.Quoter.on() {
		qs, n, err := findQuotations(ctx, opts.Quoter, articles, prev)
		if err != nil {
			return fail(err)
		}
		h.Rules, h.Quotes = opts.Quoter.Rules, qs
		logger.Debug("quotations found", "articles", n, "reused", len(articles)-n, "rules", opts.Quoter.Rules)
	}
	store, err := sw.finish(h, lex)
	if err != nil {
		return fail(err)
	}
	m.VectorDims = store.dims
	ix, err := assemble(ctx, m, e, articles, chunks, store, lex)
	if err != nil {
		report.Seconds = time.Since(started).Seconds()
		return nil, report, fmt.Errorf("build index: %w", err)
	}
	if err := ix.setQuotations(h.Rules, h.Quotes); err != nil {
		report.Seconds = time.Since(started).Seconds()
		return nil, report, fmt.Errorf("build index: %w", err)
	}
	ix.log = logger
	ix.corpus = opts.Corpus
	pruneCache(dir, e, ix, logger)
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

// embedMissing writes the vector of every chunk in missing through put:
// from the embedding cache when it has the text, else by embedding in
// batches, a few in flight, appending each batch to the cache as it
// arrives. It returns the number of texts sent to the embedder.
func embedMissing(ctx context.Context, dir string, e Embedder, chunks []corpus.Chunk, missing []int, put func(pos int, v []float32) error, progress func(done, total int), logger *slog.Logger) (int, error) {
	path := filepath.Join(dir, CacheFile)
	id := e.ID()
	// The first position of each unique text, in first-seen order, and
	// the other positions of the texts several chunks share (rare): a map
	// of one int32 per text, a million texts in 45 MB rather than 135.
	first := make(map[textKey]int32, len(missing))
	var more map[textKey][]int32
	var order []int32
	for _, i := range missing {
		k := keyOf(chunks[i].Text)
		if _, ok := first[k]; ok {
			if more == nil {
				more = map[textKey][]int32{}
			}
			more[k] = append(more[k], int32(i))
			continue
		}
		first[k] = int32(i)
		order = append(order, int32(i))
	}
	// putAll writes v for every chunk of text k.
	putAll := func(k textKey, v []float32) error {
		if err := put(int(first[k]), v); err != nil {
			return err
		}
		for _, pos := range more[k] {
			if err := put(int(pos), v); err != nil {
				return err
			}
		}
		return nil
	}
	var putErr error
	scan, err := scanCache(path, id, e.Dimensions, func(k textKey) bool { _, ok := first[k]; return ok }, func(k textKey, v []float32) {
		if err := putAll(k, v); err != nil && putErr == nil {
			putErr = err
		}
		delete(first, k)
	})
	if err != nil {
		logger.Warn("embedding cache unreadable; embedding everything", "err", err)
	}
	if putErr != nil {
		return 0, putErr
	}
	var texts []string
	var todo []textKey
	for _, p := range order {
		k := keyOf(chunks[p].Text)
		if f, ok := first[k]; ok && f == p {
			texts = append(texts, chunks[p].Text)
			todo = append(todo, k)
		}
	}
	order = nil
	if len(texts) == 0 {
		return 0, nil
	}
	err = embedBatches(ctx, e, texts, todo, path, scan.goodLen, progress, logger, putAll)
	return len(texts), err
}

// embedBatches embeds texts (keyed by keys) in batches with embedInFlight
// calls at once, appending every finished batch to the cache file and
// handing each vector to got (called under a lock).
func embedBatches(ctx context.Context, e Embedder, texts []string, keys []textKey, cachePath string, cacheLen int64, progress func(done, total int), logger *slog.Logger, got func(textKey, []float32) error) error {
	cw, err := openCacheWriter(cachePath, e.ID(), cacheLen)
	if err != nil {
		logger.Warn("embedding cache not writable; continuing without it", "err", err)
		cw = nil
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		mu       sync.Mutex
		done     int
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
				if err := got(keys[start+i], v); err != nil {
					if firstErr == nil {
						firstErr = err
						cancel(err)
					}
					return
				}
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
			done += len(vs)
			if progress != nil {
				progress(done, total)
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
		return firstErr
	}
	return context.Cause(ctx)
}

// pruneCache rewrites the embedding cache with only the vectors the index
// uses when it holds others (texts no longer indexed, other embedders).
func pruneCache(dir string, e Embedder, ix *Index, logger *slog.Logger) {
	path := filepath.Join(dir, CacheFile)
	keys := make([]textKey, len(ix.chunks))
	for i, c := range ix.chunks {
		keys[i] = keyOf(c.Text)
	}
	// A sorted copy answers membership without a map of a million keys.
	sorted := slices.Clone(keys)
	slices.SortFunc(sorted, func(a, b textKey) int { return bytes.Compare(a[:], b[:]) })
	sorted = slices.Compact(sorted)
	used := func(k textKey) bool {
		_, ok := slices.BinarySearchFunc(sorted, k, func(a, b textKey) int { return bytes.Compare(a[:], b[:]) })
		return ok
	}
	scan, err := scanCache(path, e.ID(), ix.dimension, used, nil)
	if err == nil && scan.records == len(sorted) && scan.matched == len(sorted) {
		return
	}
	sorted = nil
	buf := make([]float32, ix.dimension)
	vector := func(i int) ([]float32, error) { return ix.store.read(i, 1, buf) }
	if err := rewriteCache(path, e.ID(), keys, vector); err != nil {
		logger.Warn("embedding cache not pruned", "err", err)
	}
}

// removeTemps deletes the temporary files killed builds left behind. With
// the directory lock held no build can be running, so all go; without it
// only those older than an hour.
func removeTemps(dir string, locked bool, logger *slog.Logger) {
	for _, base := range []string{SnapshotFile, CacheFile} {
		matches, _ := filepath.Glob(filepath.Join(dir, "."+base+".tmp-*"))
		for _, m := range matches {
			if st, err := os.Stat(m); err == nil && (locked || time.Since(st.ModTime()) > time.Hour) {
				if err := os.Remove(m); err == nil {
					logger.Info("removed a temporary file left by an interrupted build", "path", m)
				}
			}
		}
	}
}
