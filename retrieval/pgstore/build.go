package pgstore

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"verbatim/corpus"
	"verbatim/retrieval"
)

// BuildOptions tunes Build.
type BuildOptions struct {
	// Chunking sizes the chunks; the zero value means
	// corpus.DefaultChunkOptions.
	Chunking corpus.ChunkOptions
	// Progress, when set, is called as chunks get embedded, with the number
	// done and the number to embed in this build.
	Progress func(done, total int)
	// BatchChunks is the number of new chunks embedded and written per
	// transaction (0: 2000).
	BatchChunks int
	// Now stamps the build; nil means time.Now.
	Now func() time.Time
	// Quoter, when set, finds the quotations of the articles, stored with
	// their rows: those of kept rows are found again only when stored
	// under other rules (or none).
	Quoter retrieval.Quoter
}

// embedBatch is the number of texts per Embed call.
const embedBatch = 256

// prevArticle is an article row of the current generation.
type prevArticle struct {
	row                  int64
	id, hash, path, chnk string
	// quotes are the rules of its stored quotations, "" when none.
	quotes string
}

// Build indexes res as a new generation and publishes it, incrementally
// against the current one: an unchanged article (same id, hash, path and
// chunking, same embedder) keeps its rows; changed and new ones get new rows,
// their chunk vectors taken from any chunk row of the same embedder and
// text (those of a killed build included) or embedded. New rows are written
// in batches as they are embedded; the generation is published in one
// transaction at the end (readers see the old corpus or the new, never a
// mix) and announced with NOTIFY. A killed or failed build leaves the
// current generation serving; the next build reuses its vectors and
// deletes its rows.
//
// Only one build runs at a time per database: a second one fails at once
// with ErrWriterBusy.
//
// Build is Publish, then Open of the generation published, and returns
// it; Seconds counts both.
func (s *Store) Build(ctx context.Context, res *corpus.Result, e retrieval.Embedder, opts BuildOptions) (*retrieval.Index, retrieval.Report, error) {
	started := time.Now()
	report, err := s.Publish(ctx, res, e, opts)
	if err != nil {
		return nil, report, err
	}
	ix, _, err := s.Open(ctx, e)
	if err != nil {
		return nil, report, fmt.Errorf("build index: load the published generation: %w", err)
	}
	report.Seconds = time.Since(started).Seconds()
	return ix, report, nil
}

// Publish indexes res as a new generation and publishes it, as Build
// does, without loading it back: for a writer that serves nothing
// (`verbatim index --database`) or whose replicas follow the generations
// (library.Database). Loading 1.15M chunks took 471 s and over 13 GB,
// for an index the writer then dropped. Seconds counts up to publication.
func (s *Store) Publish(ctx context.Context, res *corpus.Result, e retrieval.Embedder, opts BuildOptions) (retrieval.Report, error) {
	started := time.Now()
	report := retrieval.Report{Skipped: res.Skipped}
	if opts.Chunking == (corpus.ChunkOptions{}) {
		opts.Chunking = corpus.DefaultChunkOptions
	}
	if opts.BatchChunks <= 0 {
		opts.BatchChunks = 2000
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	if e.Embed == nil {
		return report, errors.New("build index: embedder has no embed function")
	}
	lock, ok, err := s.tryLock(ctx, "writer")
	if err != nil {
		return report, fmt.Errorf("build index: %w", err)
	}
	if !ok {
		return report, s.busyError(ctx)
	}
	defer lock.release()

	if err := s.abandonBuilds(ctx); err != nil {
		return report, fmt.Errorf("build index: %w", err)
	}
	prevGen, prevMeta, prev, err := s.currentArticles(ctx)
	if err != nil {
		return report, fmt.Errorf("build index: %w", err)
	}
	chunking := retrieval.ChunkingID(opts.Chunking)
	sameEmbedder := prevGen > 0 && prevMeta.embedderID() == e.ID()
	fingerprint := retrieval.Fingerprint(res.Articles)

	// Plan: which articles keep their rows.
	var articles []corpus.Article
	var kept []int64  // row of each article, 0 for new ones until written
	var fresh []int   // positions in articles of the new ones
	var requote []int // positions in articles of kept ones whose quotations are stale
	quoting := opts.Quoter.Find != nil && opts.Quoter.Rules != ""
	seen := map[string]bool{}
	prevByID := make(map[string]prevArticle, len(prev))
	for _, p := range prev {
		prevByID[p.id] = p
	}
	for _, a := range res.Articles {
		if seen[a.ID] {
			s.log.Warn("duplicate article id; keeping the first", "id", a.ID, "path", a.Path)
			continue
		}
		seen[a.ID] = true
		p, had := prevByID[a.ID]
		switch {
		case had && sameEmbedder && p.hash == a.Hash && p.path == a.Path && p.chnk == chunking:
			report.Unchanged++
			articles = append(articles, a)
			kept = append(kept, p.row)
			if quoting && p.quotes != opts.Quoter.Rules {
				requote = append(requote, len(articles)-1)
			}
			continue
		case had && p.hash == a.Hash:
			report.Unchanged++
		case had:
			report.Updated++
		default:
			report.Added++
		}
		articles = append(articles, a)
		kept = append(kept, 0)
		fresh = append(fresh, len(articles)-1)
	}
	for _, p := range prev {
		if !seen[p.id] {
			report.Removed++
		}
	}
	report.Articles = len(articles)

	unchanged := sameEmbedder && len(fresh) == 0 && len(requote) == 0 && report.Removed == 0 && prevMeta.chunking == chunking &&
		prevMeta.fingerprint == fingerprint && len(prev) == len(articles)
	for i := 0; unchanged && i < len(prev); i++ {
		unchanged = prev[i].row == kept[i]
	}
	if unchanged {
		if err := s.collectGarbage(ctx, prevGen); err != nil {
			s.log.Warn("garbage collection failed", "err", err)
		}
		report.Chunks = prevMeta.chunks
		report.Seconds = time.Since(started).Seconds()
		return report, nil
	}

	gen, err := s.startGeneration(ctx, e, fingerprint, chunking)
	if err != nil {
		return report, fmt.Errorf("build index: %w", err)
	}
	fail := func(err error) (retrieval.Report, error) {
		s.finishFailed(gen, err)
		report.Seconds = time.Since(started).Seconds()
		return report, fmt.Errorf("build index: %w", err)
	}

	// Chunk the new articles and write them batch by batch.
	type pending struct {
		pos    int
		chunks []corpus.Chunk
	}
	var batch []pending
	var batchChunks, totalNew int
	split := make([][]corpus.Chunk, len(fresh))
	for i, pos := range fresh {
		split[i] = corpus.Split(articles[pos], opts.Chunking)
		totalNew += len(split[i])
	}
	embedded, done := 0, 0
	if opts.Progress != nil {
		opts.Progress(0, totalNew)
	}
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		var texts []string
		for _, p := range batch {
			for _, c := range p.chunks {
				texts = append(texts, c.Text)
			}
		}
		vectors, n, err := s.vectorsFor(ctx, e, texts)
		embedded += n
		if err != nil {
			return err
		}
		arts := make([]corpus.Article, len(batch))
		chunks := make([][]corpus.Chunk, len(batch))
		for i, p := range batch {
			arts[i], chunks[i] = articles[p.pos], p.chunks
		}
		rows, err := s.writeArticles(ctx, gen, e, chunking, opts.Quoter, arts, chunks, vectors)
		if err != nil {
			return err
		}
		for i, p := range batch {
			kept[p.pos] = rows[i]
		}
		done += len(texts)
		if opts.Progress != nil {
			opts.Progress(done, totalNew)
		}
		batch, batchChunks = batch[:0], 0
		return nil
	}
	for i, pos := range fresh {
		batch = append(batch, pending{pos: pos, chunks: split[i]})
		batchChunks += len(split[i])
		if batchChunks >= opts.BatchChunks {
			if err := flush(); err != nil {
				report.Embedded = embedded
				return fail(err)
			}
		}
	}
	if err := flush(); err != nil {
		report.Embedded = embedded
		return fail(err)
	}
	report.Embedded = embedded
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	if err := s.requote(ctx, opts.Quoter, articles, kept, requote, opts.BatchChunks); err != nil {
		return fail(err)
	}
	if err := s.ensureHNSW(ctx, e.Dimensions); err != nil {
		return fail(err)
	}
	report.Seconds = time.Since(started).Seconds()
	chunks, err := s.publish(ctx, gen, kept, now().UTC(), report)
	if err != nil {
		return fail(err)
	}
	report.Chunks = chunks
	if err := s.collectGarbage(ctx, gen); err != nil {
		s.log.Warn("garbage collection failed", "err", err)
	}
	report.Seconds = time.Since(started).Seconds()
	s.log.Info("index built", "generation", gen, "articles", report.Articles, "chunks", report.Chunks,
		"added", report.Added, "updated", report.Updated, "removed", report.Removed,
		"embedded", report.Embedded, "seconds", report.Seconds)
	return report, nil
}

// busyError says who holds the writer lock.
func (s *Store) busyError(ctx context.Context) error {
	qctx, cancel := s.query(ctx)
	defer cancel()
	var since time.Time
	err := s.pool.QueryRow(qctx, "SELECT started_at FROM generations WHERE state = 'building' ORDER BY id DESC LIMIT 1").Scan(&since)
	if err != nil {
		return fmt.Errorf("build index: %w", ErrWriterBusy)
	}
	return fmt.Errorf("build index: %w (that build started at %s)", ErrWriterBusy, since.UTC().Format(time.RFC3339))
}

// abandonBuilds marks the generations a killed writer left building: with
// the writer lock held, nobody is building them.
func (s *Store) abandonBuilds(ctx context.Context) error {
	qctx, cancel := s.query(ctx)
	defer cancel()
	tag, err := s.pool.Exec(qctx, `UPDATE generations SET state = 'abandoned', finished_at = now(),
		error = 'the writer stopped before publishing' WHERE state = 'building'`)
	if err != nil {
		return fmt.Errorf("abandon interrupted builds: %w", err)
	}
	if n := tag.RowsAffected(); n > 0 {
		s.log.Warn("found builds interrupted before publishing; their rows are reused or deleted", "builds", n)
	}
	return nil
}

// genMeta is a generation's row.
type genMeta struct {
	embedder, model       string
	dimensions, chunks    int
	fingerprint, chunking string
	builtAt               time.Time
	articleRows           []int64
}

func (m genMeta) embedderID() string {
	return retrieval.Embedder{Name: m.embedder, Model: m.model, Dimensions: m.dimensions}.ID()
}

// currentArticles returns the current generation (0 when none) and its
// articles' rows, in order.
func (s *Store) currentArticles(ctx context.Context) (int64, genMeta, []prevArticle, error) {
	qctx, cancel := s.bulkCtx(ctx)
	defer cancel()
	gen, m, err := s.current(qctx)
	if err != nil || gen == 0 {
		return gen, m, nil, err
	}
	rows, err := s.pool.Query(qctx, `SELECT a.row_id, a.id, a.hash, a.path, a.chunking, coalesce(a.quotes_rules, '')
		FROM unnest($1::bigint[]) WITH ORDINALITY AS o(row_id, n) JOIN articles a USING (row_id) ORDER BY o.n`, m.articleRows)
	if err != nil {
		return 0, m, nil, fmt.Errorf("read the current articles: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (prevArticle, error) {
		var p prevArticle
		err := r.Scan(&p.row, &p.id, &p.hash, &p.path, &p.chnk, &p.quotes)
		return p, err
	})
	if err != nil {
		return 0, m, nil, fmt.Errorf("read the current articles: %w", err)
	}
	return gen, m, out, nil
}

// current returns the current generation and its row; 0 when none.
func (s *Store) current(ctx context.Context) (int64, genMeta, error) {
	var gen int64
	var m genMeta
	var builtAt *time.Time
	err := s.pool.QueryRow(ctx, `SELECT g.id, g.embedder, g.model, g.dimensions, g.chunks, g.fingerprint,
			g.chunking, g.built_at, g.article_rows
		FROM current_generation c JOIN generations g ON g.id = c.generation`).
		Scan(&gen, &m.embedder, &m.model, &m.dimensions, &m.chunks, &m.fingerprint, &m.chunking, &builtAt, &m.articleRows)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, m, nil
	}
	if err != nil {
		return 0, m, fmt.Errorf("read the current generation: %w", err)
	}
	if builtAt != nil {
		m.builtAt = builtAt.UTC()
	}
	return gen, m, nil
}

// startGeneration records a generation being built.
func (s *Store) startGeneration(ctx context.Context, e retrieval.Embedder, fingerprint, chunking string) (int64, error) {
	qctx, cancel := s.query(ctx)
	defer cancel()
	var gen int64
	err := s.pool.QueryRow(qctx, `INSERT INTO generations (id, state, embedder, model, dimensions, fingerprint, chunking)
		VALUES (nextval('generation_ids'), 'building', $1, $2, $3, $4, $5) RETURNING id`,
		e.Name, e.Model, e.Dimensions, fingerprint, chunking).Scan(&gen)
	if err != nil {
		return 0, fmt.Errorf("start a generation: %w", err)
	}
	return gen, nil
}

// finishFailed records why a generation was not published; its rows stay
// for the next build to reuse and delete.
func (s *Store) finishFailed(gen int64, cause error) {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	if _, err := s.pool.Exec(ctx, `UPDATE generations SET state = 'failed', finished_at = now(), error = $2
		WHERE id = $1 AND state = 'building'`, gen, cause.Error()); err != nil {
		s.log.Warn("could not record the failed build", "generation", gen, "err", err)
	}
}

// vectorsFor returns one unit vector per text: stored ones of the same
// embedder and text first, the rest embedded. n is the number embedded.
func (s *Store) vectorsFor(ctx context.Context, e retrieval.Embedder, texts []string) (vectors [][]float32, n int, err error) {
	hashes := make([][]byte, len(texts))
	for i, t := range texts {
		h := sha256.Sum256([]byte(t))
		hashes[i] = h[:]
	}
	found := make(map[[32]byte][]float32, len(texts))
	qctx, cancel := s.bulkCtx(ctx)
	rows, err := s.pool.Query(qctx, `SELECT DISTINCT ON (text_hash) text_hash, embedding FROM chunks
		WHERE embedder = $1 AND text_hash = ANY($2)`, e.ID(), hashes)
	if err == nil {
		for rows.Next() {
			var h []byte
			var v pgvector.Vector
			if err = rows.Scan(&h, &v); err != nil {
				break
			}
			if len(h) == 32 && (e.Dimensions == 0 || len(v.Slice()) == e.Dimensions) {
				found[[32]byte(h)] = v.Slice()
			}
		}
		rows.Close()
		if err == nil {
			err = rows.Err()
		}
	}
	cancel()
	if err != nil {
		return nil, 0, fmt.Errorf("look up stored vectors: %w", err)
	}
	vectors = make([][]float32, len(texts))
	var todo []int
	queued := map[[32]byte]int{}
	for i := range texts {
		if v, ok := found[[32]byte(hashes[i])]; ok {
			vectors[i] = v
			continue
		}
		if _, ok := queued[[32]byte(hashes[i])]; !ok {
			queued[[32]byte(hashes[i])] = i
			todo = append(todo, i)
		}
	}
	for start := 0; start < len(todo); start += embedBatch {
		end := min(start+embedBatch, len(todo))
		batch := make([]string, end-start)
		for j, i := range todo[start:end] {
			batch[j] = texts[i]
		}
		vs, err := e.Embed(ctx, batch)
		if err == nil && len(vs) != len(batch) {
			err = fmt.Errorf("got %d vectors for %d texts", len(vs), len(batch))
		}
		if err != nil {
			return nil, n, fmt.Errorf("embed chunks: %w", err)
		}
		for j, v := range vs {
			if len(v) == 0 || e.Dimensions > 0 && len(v) != e.Dimensions {
				return nil, n, fmt.Errorf("embed chunks: vector of %d dimensions, want %d", len(v), e.Dimensions)
			}
			if err := unit(v); err != nil {
				return nil, n, fmt.Errorf("embed chunks: %w", err)
			}
			vectors[todo[start+j]] = v
		}
		n += len(batch)
	}
	for i := range texts {
		if vectors[i] == nil {
			vectors[i] = vectors[queued[[32]byte(hashes[i])]]
		}
	}
	return vectors, n, nil
}

// unit checks that v is a usable vector and scales it to unit length.
func unit(v []float32) error {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 || math.IsNaN(sum) || math.IsInf(sum, 0) {
		return errors.New("zero or invalid vector")
	}
	inv := 1 / math.Sqrt(sum)
	for i, x := range v {
		v[i] = float32(float64(x) * inv)
	}
	return nil
}

// writeArticles writes new article rows, their chunks (vectors in chunk
// order across articles) and their quotations when q is set, in one
// transaction, born in gen, and returns the articles' row ids.
func (s *Store) writeArticles(ctx context.Context, gen int64, e retrieval.Embedder, chunking string, q retrieval.Quoter, arts []corpus.Article, chunks [][]corpus.Chunk, vectors [][]float32) ([]int64, error) {
	qctx, cancel := s.bulkCtx(ctx)
	defer cancel()
	tx, err := s.pool.Begin(qctx)
	if err != nil {
		return nil, fmt.Errorf("write articles: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(qctx))
	rows, err := tx.Query(qctx, "SELECT nextval('articles_row_id_seq') FROM generate_series(1, $1)", len(arts))
	if err != nil {
		return nil, fmt.Errorf("write articles: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("write articles: %w", err)
	}
	artRows := make([][]any, len(arts))
	for i, a := range arts {
		date, err := json.Marshal(a.Date)
		if err != nil {
			return nil, fmt.Errorf("write article %s: %w", a.ID, err)
		}
		var rules *string
		if q.Find != nil && q.Rules != "" {
			rules = &q.Rules
		}
		artRows[i] = []any{ids[i], gen, a.ID, a.Path, a.Title, date, a.Source, a.URL, a.Lang, a.Text, a.Hash, chunking, rules}
	}
	if _, err := tx.CopyFrom(qctx, pgx.Identifier{"articles"},
		[]string{"row_id", "born", "id", "path", "title", "date", "source", "url", "lang", "body", "hash", "chunking", "quotes_rules"},
		pgx.CopyFromRows(artRows)); err != nil {
		return nil, fmt.Errorf("write articles: %w", err)
	}
	var chunkRows [][]any
	k := 0
	eid := e.ID()
	for i, cs := range chunks {
		for _, c := range cs {
			h := sha256.Sum256([]byte(c.Text))
			chunkRows = append(chunkRows, []any{ids[i], c.Index, c.ID, gen, c.Start, c.End, eid, len(vectors[k]), h[:], pgvector.NewVector(vectors[k])})
			k++
		}
	}
	if _, err := tx.CopyFrom(qctx, pgx.Identifier{"chunks"},
		[]string{"article_row", "position", "id", "born", "start_byte", "end_byte", "embedder", "dims", "text_hash", "embedding"},
		pgx.CopyFromRows(chunkRows)); err != nil {
		return nil, fmt.Errorf("write chunks: %w", err)
	}
	if q.Find != nil && q.Rules != "" {
		if err := copyQuotations(qctx, tx, q, ids, arts); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(qctx); err != nil {
		return nil, fmt.Errorf("write articles: %w", err)
	}
	return ids, nil
}

// maxHNSWDims is the largest vector pgvector's HNSW index takes.
const maxHNSWDims = 2000

// ensureHNSW creates the HNSW cosine index of vectors of dims dimensions
// unless it exists: a partial index on the column cast to its size, so
// that embedders of different sizes share the table.
func (s *Store) ensureHNSW(ctx context.Context, dims int) error {
	if dims <= 0 || dims > maxHNSWDims {
		s.log.Warn("no HNSW index for vectors of this size: vector queries scan exactly", "dims", dims)
		return nil
	}
	qctx, cancel := s.bulkCtx(ctx)
	defer cancel()
	conn, err := s.pool.Acquire(qctx)
	if err != nil {
		return fmt.Errorf("create the HNSW index: %w", err)
	}
	defer conn.Release()
	started := time.Now()
	name := fmt.Sprintf("chunks_hnsw_%d", dims)
	var exists bool
	// In this store's schema: the search path may reach another
	// schema's index of the same name (public's, from a test schema).
	if err := conn.QueryRow(qctx, "SELECT to_regclass(format('%I.%I', current_schema(), $1::text)) IS NOT NULL", name).Scan(&exists); err != nil {
		return fmt.Errorf("create the HNSW index: %w", err)
	}
	if exists {
		return nil
	}
	// A larger maintenance_work_mem keeps the graph in memory while it is
	// built (much faster); reset with the session.
	if _, err := conn.Exec(qctx, "SELECT set_config('maintenance_work_mem', $1, false)", s.mwm); err != nil {
		return fmt.Errorf("create the HNSW index: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(qctx), "RESET maintenance_work_mem")
	if _, err := conn.Exec(qctx, fmt.Sprintf(
		"CREATE INDEX IF NOT EXISTS %s ON chunks USING hnsw ((embedding::vector(%d)) vector_cosine_ops) WHERE dims = %d",
		name, dims, dims)); err != nil {
		return fmt.Errorf("create the HNSW index: %w", err)
	}
	s.log.Info("HNSW index built", "dims", dims, "seconds", time.Since(started).Seconds())
	return nil
}

// publish makes gen the current generation in one transaction: rows not
// kept die in gen, the generation records its articles in order, and
// listeners are notified. It returns the number of chunks.
func (s *Store) publish(ctx context.Context, gen int64, rows []int64, builtAt time.Time, report retrieval.Report) (int, error) {
	qctx, cancel := s.bulkCtx(ctx)
	defer cancel()
	tx, err := s.pool.Begin(qctx)
	if err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(qctx))
	for _, table := range []string{"articles", "chunks"} {
		col := "row_id"
		if table == "chunks" {
			col = "article_row"
		}
		if _, err := tx.Exec(qctx, fmt.Sprintf(`UPDATE %s SET died = $1 WHERE died IS NULL AND born < $1
			AND %s NOT IN (SELECT unnest($2::bigint[]))`, table, col), gen, rows); err != nil {
			return 0, fmt.Errorf("publish: retire %s: %w", table, err)
		}
	}
	var chunks int
	if err := tx.QueryRow(qctx, "SELECT count(*) FROM chunks WHERE born <= $1 AND died IS NULL", gen).Scan(&chunks); err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	report.Chunks = chunks
	rep, _ := json.Marshal(report)
	if _, err := tx.Exec(qctx, `UPDATE generations SET state = 'published', article_rows = $2, articles = $3,
		chunks = $4, report = $5, built_at = $6, finished_at = now() WHERE id = $1`,
		gen, rows, len(rows), chunks, rep, builtAt); err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	if _, err := tx.Exec(qctx, `INSERT INTO current_generation (generation) VALUES ($1)
		ON CONFLICT (one) DO UPDATE SET generation = excluded.generation`, gen); err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	if _, err := tx.Exec(qctx, "SELECT pg_notify($1, $2)", s.channel(), fmt.Sprint(gen)); err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	if err := tx.Commit(qctx); err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	return chunks, nil
}

// collectGarbage deletes the rows no reader can need any more: those dead
// before the generation preceding current (readers still on it keep
// theirs until the next build) and those of builds that never published.
// The generations table keeps its last 20 rows as the reindex history.
func (s *Store) collectGarbage(ctx context.Context, current int64) error {
	qctx, cancel := s.bulkCtx(ctx)
	defer cancel()
	tag, err := s.pool.Exec(qctx, `DELETE FROM articles WHERE (died IS NOT NULL AND died < $1)
		OR born IN (SELECT id FROM generations WHERE state IN ('abandoned', 'failed'))`, current)
	if err != nil {
		return fmt.Errorf("delete old rows: %w", err)
	}
	if n := tag.RowsAffected(); n > 0 {
		s.log.Info("deleted rows of old generations and interrupted builds", "articles", n)
	}
	if _, err := s.pool.Exec(qctx, `DELETE FROM generations WHERE id < $1 AND id NOT IN (
		SELECT id FROM generations ORDER BY id DESC LIMIT 20)
		AND id NOT IN (SELECT generation FROM current_generation)`, current); err != nil {
		return fmt.Errorf("delete old generations: %w", err)
	}
	return nil
}
