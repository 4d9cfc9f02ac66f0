package pgstore

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"verbatim/corpus"
	"verbatim/retrieval"
)

// requoteBatch is the number of kept articles whose quotations are found
// again per transaction.
const requoteBatch = 500

// copyQuotations writes the quotations q finds in arts, of rows ids, in
// tx.
func copyQuotations(ctx context.Context, tx pgx.Tx, q retrieval.Quoter, ids []int64, arts []corpus.Article) error {
	var rows [][]any
	for i, a := range arts {
		for k, qt := range q.Find(a) {
			if qt.Start < 0 || qt.End < qt.Start || qt.End > len(a.Text) {
				return fmt.Errorf("write quotations: article %s: quotation [%d, %d) outside its %d-byte text", a.ID, qt.Start, qt.End, len(a.Text))
			}
			rows = append(rows, []any{ids[i], k, qt.Start, qt.End, qt.Speaker})
		}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"quotations"},
		[]string{"article_row", "position", "start_byte", "end_byte", "speaker"}, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("write quotations: %w", err)
	}
	return nil
}

// requote stores anew, under q's rules, the quotations of the kept
// articles at positions pos of articles (rows[p] the row of articles[p]),
// batch by batch: each batch replaces their quotations and marks their
// rules in one transaction, so that a reader sees an article's old
// quotations or its new ones. The rows are the current generation's too:
// its readers ignore quotations of rules they do not apply.
func (s *Store) requote(ctx context.Context, q retrieval.Quoter, articles []corpus.Article, rows []int64, pos []int, batch int) error {
	if len(pos) == 0 {
		return nil
	}
	batch = max(1, min(batch, requoteBatch))
	for start := 0; start < len(pos); start += batch {
		part := pos[start:min(start+batch, len(pos))]
		ids := make([]int64, len(part))
		arts := make([]corpus.Article, len(part))
		for i, p := range part {
			ids[i], arts[i] = rows[p], articles[p]
		}
		if err := s.replaceQuotations(ctx, q, ids, arts); err != nil {
			return err
		}
	}
	s.log.Info("quotations found again for kept articles", "articles", len(pos), "rules", q.Rules)
	return nil
}

// replaceQuotations replaces the quotations of rows ids (articles arts)
// by those q finds, in one transaction.
func (s *Store) replaceQuotations(ctx context.Context, q retrieval.Quoter, ids []int64, arts []corpus.Article) error {
	qctx, cancel := s.bulkCtx(ctx)
	defer cancel()
	tx, err := s.pool.Begin(qctx)
	if err != nil {
		return fmt.Errorf("write quotations: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(qctx))
	if _, err := tx.Exec(qctx, "DELETE FROM quotations WHERE article_row = ANY($1)", ids); err != nil {
		return fmt.Errorf("write quotations: %w", err)
	}
	if err := copyQuotations(qctx, tx, q, ids, arts); err != nil {
		return err
	}
	if _, err := tx.Exec(qctx, "UPDATE articles SET quotes_rules = $2 WHERE row_id = ANY($1)", ids, q.Rules); err != nil {
		return fmt.Errorf("write quotations: %w", err)
	}
	if err := tx.Commit(qctx); err != nil {
		return fmt.Errorf("write quotations: %w", err)
	}
	return nil
}

// readQuotations reads in tx the quotations of the articles of a
// generation, whose rows are rows (pos: the position of each row) and
// whose stored rules are rules: one list per article, and the rules, ""
// and nil when the articles' quotations are not all stored under one
// rules (a writer without a Quoter added some): the index then stores
// none, and they are found on demand.
func readQuotations(ctx context.Context, tx pgx.Tx, rows []int64, pos map[int64]int, rules []string) (string, [][]retrieval.Quotation, error) {
	if len(rules) == 0 || rules[0] == "" {
		return "", nil, nil
	}
	for _, r := range rules {
		if r != rules[0] {
			return "", nil, nil
		}
	}
	out := make([][]retrieval.Quotation, len(rules))
	rs, err := tx.Query(ctx, `SELECT article_row, start_byte, end_byte, speaker FROM quotations
		WHERE article_row = ANY($1) ORDER BY article_row, position`, rows)
	if err != nil {
		return "", nil, fmt.Errorf("read quotations: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var row int64
		var q retrieval.Quotation
		if err := rs.Scan(&row, &q.Start, &q.End, &q.Speaker); err != nil {
			return "", nil, fmt.Errorf("read quotations: %w", err)
		}
		if p, ok := pos[row]; ok {
			out[p] = append(out[p], q)
		}
	}
	if err := rs.Err(); err != nil {
		return "", nil, fmt.Errorf("read quotations: %w", err)
	}
	return rules[0], out, nil
}
