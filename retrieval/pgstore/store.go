// Package pgstore keeps verbatim's index in PostgreSQL with the pgvector
// extension, so that one writer ("verbatim index", the admin /reindex) and
// any number of "verbatim serve" replicas work on one database: articles,
// chunks and their vectors (an HNSW cosine index per vector size)
// published as numbered generations, with the reindex status. Its
// migrations also create the tables of bot/pgstate (the chats' turns and
// the rate limits), so that one schema version covers the database.
//
// A reader loads the current generation into a retrieval.Index: the same
// BM25 analysis and scoring as the embedded store, over the same chunks and
// vectors, with the unfiltered vector queries answered by pgvector (see
// README, "PostgreSQL").
package pgstore

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	pgxvec "github.com/pgvector/pgvector-go/pgx"
)

// Config configures a Store.
type Config struct {
	// URL is a PostgreSQL connection URL or DSN (DATABASE_URL).
	URL string
	// Schema, when set, holds verbatim's tables instead of the URL's
	// search_path; it is created when missing. Tests and "verbatim eval"
	// use a schema of their own.
	Schema string
	// MaxConns bounds the connection pool (0: pgx's default, the larger of
	// 4 and the number of CPUs).
	MaxConns int32
	// QueryTimeout bounds every interactive query (0: 10s).
	QueryTimeout time.Duration
	// BulkTimeout bounds each bulk step of a build: one batch copied, the
	// HNSW index built, a generation loaded (0: 1h).
	BulkTimeout time.Duration
	// EfSearch, when positive, has a replica take the vector candidates
	// of unfiltered queries from pgvector's HNSW index with this candidate
	// list (hnsw.ef_search, at most 1000). Zero, the default, searches the
	// replica's own copy of the vectors as the embedded store does: a
	// sign-code prefilter and an exact re-scoring, whose recall of the
	// exact top 50 is 0.99 where HNSW's is 0.61 at 200 (README,
	// "PostgreSQL").
	EfSearch int
	// MaintenanceWorkMem is the session's maintenance_work_mem while the
	// HNSW index is built ("": 1GB): the graph built in memory is many
	// times faster than one that spills.
	MaintenanceWorkMem string
	// Logger receives the store's logs (nil: discarded).
	Logger *slog.Logger
}

// Store is a connection pool to a migrated verbatim database. It is safe
// for concurrent use.
type Store struct {
	pool    *pgxpool.Pool
	schema  string
	timeout time.Duration
	bulk    time.Duration
	log     *slog.Logger
	ef      int
	mwm     string

	// migratedFrom is the schema version found by Connect.
	migratedFrom int
}

// Connect migrates the database (see Migrate) and opens a pool.
func Connect(ctx context.Context, cfg Config) (*Store, error) {
	pcfg, err := pgxpool.ParseConfig(cfg.URL)
	if err != nil {
		// pgx's parse errors may quote the URL, password included.
		return nil, errors.New("database: DATABASE_URL is not a valid PostgreSQL URL (postgres://user:password@host:5432/db)")
	}
	s := &Store{schema: cfg.Schema, timeout: cfg.QueryTimeout, bulk: cfg.BulkTimeout, log: cfg.Logger, ef: min(cfg.EfSearch, maxEfSearch),
		mwm: cfg.MaintenanceWorkMem}
	if s.mwm == "" {
		s.mwm = "1GB"
	}
	if s.timeout <= 0 {
		s.timeout = 10 * time.Second
	}
	if s.bulk <= 0 {
		s.bulk = time.Hour
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxConns > 0 {
		pcfg.MaxConns = cfg.MaxConns
	}
	if cfg.Schema != "" {
		pcfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{cfg.Schema}.Sanitize() + ",public"
	}
	pcfg.ConnConfig.RuntimeParams["application_name"] = "verbatim"
	if err := s.migrate(ctx, pcfg.ConnConfig.Copy()); err != nil {
		return nil, err
	}
	// A connection the server cut while it was idle is found before use.
	pcfg.ShouldPing, pcfg.PingTimeout = shouldPing, pingTimeout
	pcfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
		return pgxvec.RegisterTypes(ctx, c)
	}
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	s.pool = pool
	return s, nil
}

// Close closes the pool.
func (s *Store) Close() { s.pool.Close() }

// Pool returns the store's connection pool.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// query bounds an interactive query.
func (s *Store) query(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.timeout)
}

// bulkCtx bounds one bulk step.
func (s *Store) bulkCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.bulk)
}

// lockKey is the advisory lock key of a named lock in this store's schema:
// two schemas of one database never share a lock.
func (s *Store) lockKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("verbatim\x00" + s.schema + "\x00" + name))
	return int64(h.Sum64())
}

// channel is the NOTIFY channel announcing new generations.
func (s *Store) channel() string {
	if s.schema == "" {
		return "verbatim_generation"
	}
	return "verbatim_generation_" + s.schema
}

// DropSchema drops the store's own schema (Config.Schema) with everything
// in it, and closes the pool: for the throw-away schemas of "verbatim
// eval". It refuses a store without a schema of its own.
func (s *Store) DropSchema(ctx context.Context) error {
	if s.schema == "" {
		return errors.New("database: drop schema: the store has no schema of its own")
	}
	defer s.Close()
	qctx, cancel := s.query(ctx)
	defer cancel()
	if _, err := s.pool.Exec(qctx, "DROP SCHEMA "+pgx.Identifier{s.schema}.Sanitize()+" CASCADE"); err != nil {
		return fmt.Errorf("database: drop schema %s: %w", s.schema, err)
	}
	return nil
}
