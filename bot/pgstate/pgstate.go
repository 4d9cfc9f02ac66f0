// Package pgstate keeps the conversation state that serve replicas share
// in PostgreSQL: the chats' recent turns and the per-user rate limits, in
// the tables that retrieval/pgstore's migrations create.
package pgstate

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// DB is the connection pool and the bounds both stores use.
type DB struct {
	pool    *pgxpool.Pool
	timeout time.Duration
	log     *slog.Logger
}

// New returns the state kept in the database of pool (migrated by
// retrieval/pgstore), every query bounded by timeout (0: 10s).
func New(pool *pgxpool.Pool, timeout time.Duration, logger *slog.Logger) *DB {
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &DB{pool: pool, timeout: timeout, log: logger}
}

// query bounds one query.
func (d *DB) query(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d.timeout)
}
