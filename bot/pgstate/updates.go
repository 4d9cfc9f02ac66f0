package pgstate

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// UpdateLog records the Telegram updates that any replica has handled, so
// that an update Telegram delivers twice (a webhook retried, two replicas
// behind one URL) is answered once. It implements telegram.UpdateLog.
// Records older than keep are pruned as new ones come.
type UpdateLog struct {
	s    *DB
	keep time.Duration
	now  func() time.Time

	mu    sync.Mutex
	ready bool
	added int
}

// updateLogKeep is how long an update id is remembered: Telegram keeps an
// undelivered update for 24 hours.
const updateLogKeep = 48 * time.Hour

// UpdateLog returns the shared log of handled updates; now defaults to
// time.Now.
func (s *DB) UpdateLog(now func() time.Time) *UpdateLog {
	if now == nil {
		now = time.Now
	}
	return &UpdateLog{s: s, keep: updateLogKeep, now: now}
}

// createUpdates makes the table on first use, so that a schema migrated by
// an older build gains it without a migration.
const createUpdates = `CREATE TABLE IF NOT EXISTS telegram_updates (
	bot_id    bigint NOT NULL,
	update_id bigint NOT NULL,
	seen_at   timestamptz NOT NULL,
	PRIMARY KEY (bot_id, update_id)
)`

// ensure creates the table once per process. Two replicas creating it at
// once may see a duplicate-object error: the table is there either way.
func (l *UpdateLog) ensure(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ready {
		return nil
	}
	ctx, cancel := l.s.query(ctx)
	defer cancel()
	_, err := l.s.pool.Exec(ctx, createUpdates)
	var pgErr *pgconn.PgError
	if err != nil && !(errors.As(err, &pgErr) && (pgErr.Code == "23505" || pgErr.Code == "42P07" || pgErr.Code == "42710")) {
		return fmt.Errorf("create update log: %w", err)
	}
	l.ready = true
	return nil
}

// FirstSeen records updateID of botID and reports whether no replica had
// recorded it before.
func (l *UpdateLog) FirstSeen(ctx context.Context, botID, updateID int64) (bool, error) {
	if err := l.ensure(ctx); err != nil {
		return false, err
	}
	ctx, cancel := l.s.query(ctx)
	defer cancel()
	now := l.now()
	tag, err := l.s.pool.Exec(ctx, `INSERT INTO telegram_updates (bot_id, update_id, seen_at) VALUES ($1, $2, $3)
		ON CONFLICT (bot_id, update_id) DO NOTHING`, botID, updateID, now)
	if err != nil {
		return false, fmt.Errorf("record update: %w", err)
	}
	l.mu.Lock()
	l.added++
	prune := l.added%100 == 1
	l.mu.Unlock()
	if prune {
		if _, err := l.s.pool.Exec(ctx, "DELETE FROM telegram_updates WHERE seen_at < $1", now.Add(-l.keep)); err != nil {
			l.s.log.Warn("prune update log", "err", err)
		}
	}
	return tag.RowsAffected() == 1, nil
}
