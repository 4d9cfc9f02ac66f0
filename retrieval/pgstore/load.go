package pgstore

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"verbatim/corpus"
	"verbatim/retrieval"
)

// maxEfSearch is the largest hnsw.ef_search pgvector takes.
const maxEfSearch = 1000

// Open loads the current generation into an index that searches as the
// embedded store does, over the same chunks and vectors: with
// Config.EfSearch set, its unfiltered vector queries go to pgvector's HNSW
// index instead. It returns the generation number too. It fails with retrieval.ErrNoIndex (wrapped) when nothing was ever
// published, and with a *retrieval.EmbedderMismatchError when the
// generation was built by another embedder than e.
func (s *Store) Open(ctx context.Context, e retrieval.Embedder) (*retrieval.Index, int64, error) {
	qctx, cancel := s.bulkCtx(ctx)
	defer cancel()
	// One snapshot for the generation's row and its rows, even if a writer
	// publishes and collects garbage meanwhile.
	tx, err := s.pool.BeginTx(qctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, 0, fmt.Errorf("open index: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(qctx))
	var gen int64
	var m genMeta
	err = tx.QueryRow(qctx, `SELECT g.id, g.embedder, g.model, g.dimensions, g.chunks, g.fingerprint,
			g.chunking, coalesce(g.built_at, g.finished_at), g.article_rows
		FROM current_generation c JOIN generations g ON g.id = c.generation`).
		Scan(&gen, &m.embedder, &m.model, &m.dimensions, &m.chunks, &m.fingerprint, &m.chunking, &m.builtAt, &m.articleRows)
	if err == pgx.ErrNoRows {
		return nil, 0, fmt.Errorf("open index in the database: %w", retrieval.ErrNoIndex)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("open index: %w", err)
	}
	if got, want := m.embedderID(), e.ID(); got != want {
		return nil, gen, &retrieval.EmbedderMismatchError{Built: got, Configured: want}
	}

	rows, err := tx.Query(qctx, `SELECT a.row_id, a.id, a.path, a.title, a.date, a.source, a.url, a.lang, a.body, a.hash,
			coalesce(a.quotes_rules, '')
		FROM unnest($1::bigint[]) WITH ORDINALITY AS o(row_id, n) JOIN articles a USING (row_id) ORDER BY o.n`, m.articleRows)
	if err != nil {
		return nil, gen, fmt.Errorf("open index: read articles: %w", err)
	}
	articles := make([]corpus.Article, 0, len(m.articleRows))
	pos := make(map[int64]int, len(m.articleRows))
	quoteRules := make([]string, 0, len(m.articleRows))
	for rows.Next() {
		var a corpus.Article
		var row int64
		var date []byte
		var rules string
		if err := rows.Scan(&row, &a.ID, &a.Path, &a.Title, &date, &a.Source, &a.URL, &a.Lang, &a.Text, &a.Hash, &rules); err != nil {
			rows.Close()
			return nil, gen, fmt.Errorf("open index: read articles: %w", err)
		}
		if err := json.Unmarshal(date, &a.Date); err != nil {
			rows.Close()
			return nil, gen, fmt.Errorf("open index: article %s: date: %w", a.ID, err)
		}
		pos[row] = len(articles)
		articles = append(articles, a)
		quoteRules = append(quoteRules, rules)
	}
	if err := rows.Err(); err != nil {
		return nil, gen, fmt.Errorf("open index: read articles: %w", err)
	}
	if len(articles) != len(m.articleRows) {
		return nil, gen, fmt.Errorf("open index: generation %d lists %d articles, %d found", gen, len(m.articleRows), len(articles))
	}

	rules, quotations, err := readQuotations(qctx, tx, m.articleRows, pos, quoteRules)
	if err != nil {
		return nil, gen, fmt.Errorf("open index: %w", err)
	}

	type stored struct {
		art, index int
		chunk      corpus.Chunk
		vector     []float32
	}
	all := make([]stored, 0, m.chunks)
	rows, err = tx.Query(qctx, `SELECT article_row, position, id, start_byte, end_byte, embedding FROM chunks
		WHERE born <= $1 AND (died IS NULL OR died > $1)`, gen)
	if err != nil {
		return nil, gen, fmt.Errorf("open index: read chunks: %w", err)
	}
	for rows.Next() {
		var row int64
		var st stored
		var v pgvector.Vector
		if err := rows.Scan(&row, &st.index, &st.chunk.ID, &st.chunk.Start, &st.chunk.End, &v); err != nil {
			rows.Close()
			return nil, gen, fmt.Errorf("open index: read chunks: %w", err)
		}
		p, ok := pos[row]
		if !ok {
			continue // an article of the generation that the list omits cannot happen; skip defensively
		}
		a := &articles[p]
		if st.chunk.Start < 0 || st.chunk.End < st.chunk.Start || st.chunk.End > len(a.Text) {
			rows.Close()
			return nil, gen, fmt.Errorf("open index: chunk %s spans [%d, %d) of a %d-byte text", st.chunk.ID, st.chunk.Start, st.chunk.End, len(a.Text))
		}
		st.art = p
		st.chunk = corpus.Chunk{
			ID: st.chunk.ID, DocID: a.ID, Index: st.index, Start: st.chunk.Start, End: st.chunk.End,
			Text: a.Text[st.chunk.Start:st.chunk.End], Title: a.Title, Date: a.Date,
			Source: a.Source, URL: a.URL, Lang: a.Lang,
		}
		st.vector = v.Slice()
		all = append(all, st)
	}
	if err := rows.Err(); err != nil {
		return nil, gen, fmt.Errorf("open index: read chunks: %w", err)
	}
	slices.SortFunc(all, func(a, b stored) int {
		if c := cmp.Compare(a.art, b.art); c != 0 {
			return c
		}
		return cmp.Compare(a.index, b.index)
	})
	chunks := make([]corpus.Chunk, len(all))
	vectors := make([][]float32, len(all))
	for i, st := range all {
		chunks[i], vectors[i] = st.chunk, st.vector
	}
	parts := retrieval.Parts{
		Embedder:    e,
		BuiltAt:     m.builtAt,
		Fingerprint: m.fingerprint,
		Chunking:    m.chunking,
		Articles:    articles,
		Chunks:      chunks,
		Vectors:     vectors,
		QuoteRules:  rules,
		Quotations:  quotations,
	}
	if s.ef > 0 {
		parts.Query = s.vectorQuery(gen, e.Dimensions, s.ef)
	}
	ix, err := retrieval.Assemble(ctx, parts)
	if err != nil {
		return nil, gen, fmt.Errorf("open index: generation %d: %w", gen, err)
	}
	return ix, gen, nil
}

// vectorQuery answers an index's vector queries from the chunks of
// generation gen, through the HNSW index of their size searched with a
// candidate list of ef (at least the number of results asked).
// pgvector's iterative scan keeps looking when rows of other generations
// take some of the first neighbours.
func (s *Store) vectorQuery(gen int64, dims, ef int) retrieval.VectorQuery {
	cast := "embedding"
	if dims > 0 && dims <= maxHNSWDims {
		cast = fmt.Sprintf("embedding::vector(%d)", dims)
	}
	// dims is an int written into the statement so that the planner
	// matches the partial index; everything else is a parameter.
	sql := fmt.Sprintf(`SELECT id, 1 - (%[1]s <=> $1) FROM chunks
		WHERE dims = %[2]d AND born <= $2 AND (died IS NULL OR died > $2)
		ORDER BY %[1]s <=> $1 LIMIT $3`, cast, dims)
	return func(ctx context.Context, qv []float32, n int) ([]retrieval.Ranked, error) {
		qctx, cancel := s.query(ctx)
		defer cancel()
		tx, err := s.pool.Begin(qctx)
		if err != nil {
			return nil, err
		}
		defer tx.Rollback(context.WithoutCancel(qctx))
		ef := min(max(ef, n), maxEfSearch)
		if _, err := tx.Exec(qctx, fmt.Sprintf("SET LOCAL hnsw.ef_search = %d; SET LOCAL hnsw.iterative_scan = relaxed_order", ef)); err != nil {
			return nil, err
		}
		rows, err := tx.Query(qctx, sql, pgvector.NewVector(qv), gen, n)
		if err != nil {
			return nil, err
		}
		out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (retrieval.Ranked, error) {
			var x retrieval.Ranked
			err := r.Scan(&x.ID, &x.Score)
			return x, err
		})
		if err != nil {
			return nil, err
		}
		// relaxed_order may return neighbours slightly out of order.
		slices.SortStableFunc(out, func(a, b retrieval.Ranked) int { return cmp.Compare(b.Score, a.Score) })
		return out, tx.Commit(qctx)
	}
}
