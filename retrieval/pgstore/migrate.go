package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// migrations are the schema versions, applied in order, each once. Never
// edit one that shipped: add the next.
var migrations = []string{
	// 1: generations of the index, articles and chunks alive from the
	// generation that added them (born) to the one that dropped them
	// (died), chats' turns, rate-limit buckets.
	`CREATE TABLE generations (
		id           bigint PRIMARY KEY,
		state        text NOT NULL CHECK (state IN ('building', 'published', 'abandoned', 'failed')),
		embedder     text NOT NULL,
		model        text NOT NULL,
		dimensions   int NOT NULL,
		fingerprint  text NOT NULL DEFAULT '',
		chunking     text NOT NULL DEFAULT '',
		article_rows bigint[] NOT NULL DEFAULT '{}',
		articles     int NOT NULL DEFAULT 0,
		chunks       int NOT NULL DEFAULT 0,
		report       jsonb,
		error        text NOT NULL DEFAULT '',
		started_at   timestamptz NOT NULL DEFAULT now(),
		built_at     timestamptz,
		finished_at  timestamptz
	);
	CREATE SEQUENCE generation_ids;
	CREATE TABLE current_generation (
		one        boolean PRIMARY KEY DEFAULT true CHECK (one),
		generation bigint NOT NULL REFERENCES generations (id)
	);
	CREATE TABLE articles (
		row_id         bigserial PRIMARY KEY,
		born           bigint NOT NULL,
		died           bigint,
		id             text NOT NULL,
		path           text NOT NULL,
		title          text NOT NULL,
		date           jsonb NOT NULL,
		source         text NOT NULL,
		url            text NOT NULL,
		lang           text NOT NULL,
		body           text NOT NULL,
		hash           text NOT NULL,
		chunking       text NOT NULL
	);
	CREATE INDEX articles_life ON articles (born, died);
	CREATE TABLE chunks (
		article_row bigint NOT NULL REFERENCES articles (row_id) ON DELETE CASCADE,
		position    int NOT NULL,
		id          text NOT NULL,
		born        bigint NOT NULL,
		died        bigint,
		start_byte  int NOT NULL,
		end_byte    int NOT NULL,
		embedder    text NOT NULL,
		dims        int NOT NULL,
		text_hash   bytea NOT NULL,
		embedding   vector NOT NULL,
		PRIMARY KEY (article_row, position)
	);
	CREATE INDEX chunks_text ON chunks (embedder, text_hash);
	CREATE INDEX chunks_life ON chunks (born, died);
	CREATE TABLE conversations (
		chat       text PRIMARY KEY,
		turns      jsonb NOT NULL,
		updated_at timestamptz NOT NULL
	);
	CREATE TABLE rate_buckets (
		user_id bigint PRIMARY KEY,
		tokens  double precision NOT NULL,
		last    timestamptz NOT NULL,
		warned  boolean NOT NULL
	);`,
	// 2: the quotations of each article row, found when it was written
	// (retrieval.Quoter), with the rules they were found by: NULL when
	// none were stored.
	`ALTER TABLE articles ADD COLUMN quotes_rules text;
	CREATE TABLE quotations (
		article_row bigint NOT NULL REFERENCES articles (row_id) ON DELETE CASCADE,
		position    int NOT NULL,
		start_byte  int NOT NULL,
		end_byte    int NOT NULL,
		speaker     text NOT NULL,
		PRIMARY KEY (article_row, position)
	);`,
}

// SchemaVersion is the schema version this build of verbatim migrates to.
func SchemaVersion() int { return len(migrations) }

// Migrate brings the database at url up to SchemaVersion and reports the
// versions before and after. Connect runs it too.
func Migrate(ctx context.Context, cfg Config) (before, after int, err error) {
	s, err := Connect(ctx, cfg)
	if err != nil {
		return 0, 0, err
	}
	defer s.Close()
	return s.migratedFrom, SchemaVersion(), nil
}

// migrate creates the vector extension and applies the missing migrations,
// all in one transaction under an advisory lock so that processes starting
// together migrate once.
func (s *Store) migrate(ctx context.Context, cc *pgx.ConnConfig) error {
	ctx, cancel := context.WithTimeout(ctx, 5*s.timeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cc)
	if err != nil {
		return fmt.Errorf("database: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("database: migrate: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", s.lockKey("migrate")); err != nil {
		return fmt.Errorf("database: migrate: %w", err)
	}
	if err := createExtension(ctx, tx, "vector"); err != nil {
		return err
	}
	if s.schema != "" {
		if _, err := tx.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{s.schema}.Sanitize()); err != nil {
			return fmt.Errorf("database: create schema %s: %w", s.schema, err)
		}
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("database: migrate: %w", err)
	}
	var version int
	if err := tx.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&version); err != nil {
		return fmt.Errorf("database: migrate: %w", err)
	}
	s.migratedFrom = version
	if version > len(migrations) {
		return fmt.Errorf("database: schema version %d is newer than this verbatim's %d: upgrade verbatim", version, len(migrations))
	}
	for v := version + 1; v <= len(migrations); v++ {
		if _, err := tx.Exec(ctx, migrations[v-1]); err != nil {
			return fmt.Errorf("database: migration %d: %w", v, err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version) VALUES ($1)", v); err != nil {
			return fmt.Errorf("database: migration %d: %w", v, err)
		}
		s.log.Info("database migrated", "version", v)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("database: migrate: %w", err)
	}
	return nil
}

// errNoExtension is what a missing pgvector turns into.
var errNoExtension = errors.New("install pgvector on the database server (see README, PostgreSQL), or have a superuser run CREATE EXTENSION vector")

// createExtension creates an extension in the public schema unless it
// exists, with a clear error when the server does not have it.
func createExtension(ctx context.Context, tx pgx.Tx, name string) error {
	var have bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = $1)", name).Scan(&have); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if have {
		return nil
	}
	_, err := tx.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS "+pgx.Identifier{name}.Sanitize()+" SCHEMA public")
	if err == nil {
		return nil
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		detail := strings.TrimSpace(pgErr.Message)
		return fmt.Errorf("CREATE EXTENSION %s failed: %w (%s)", name, errNoExtension, detail)
	}
	return fmt.Errorf("CREATE EXTENSION %s failed: %w", name, err)
}
