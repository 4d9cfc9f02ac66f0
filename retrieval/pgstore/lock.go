package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrWriterBusy is returned (wrapped, with when the other build started)
// when another process is already writing a generation.
var ErrWriterBusy = errors.New("another verbatim index or /reindex is writing to this database; try again when it has finished")

// ErrPollerBusy is returned by ClaimPoller when another process already
// long-polls the bot.
var ErrPollerBusy = errors.New("another verbatim serve is already long-polling this bot, and Telegram allows one getUpdates consumer: " +
	"to run several replicas, set WEBHOOK_URL (webhook mode) on every one of them")

// sessionLock is a session-level advisory lock held on its own
// connection until released (or until the process dies, when PostgreSQL
// releases it with the connection).
type sessionLock struct {
	conn *pgxpool.Conn
	key  int64
}

// tryLock takes the advisory lock named name without waiting; ok is false
// when another session holds it.
func (s *Store) tryLock(ctx context.Context, name string) (l *sessionLock, ok bool, err error) {
	qctx, cancel := s.query(ctx)
	defer cancel()
	conn, err := s.pool.Acquire(qctx)
	if err != nil {
		return nil, false, fmt.Errorf("database: %w", err)
	}
	key := s.lockKey(name)
	if err := conn.QueryRow(qctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&ok); err != nil {
		conn.Release()
		return nil, false, fmt.Errorf("database: lock %s: %w", name, err)
	}
	if !ok {
		conn.Release()
		return nil, false, nil
	}
	return &sessionLock{conn: conn, key: key}, true, nil
}

// release unlocks and returns the connection; on failure the connection
// is closed, which unlocks too.
func (l *sessionLock) release() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := l.conn.Exec(ctx, "SELECT pg_advisory_unlock($1)", l.key); err != nil {
		l.conn.Conn().Close(ctx)
	}
	l.conn.Release()
}

// ClaimPoller takes the one long-polling slot of the bot with the given id
// for as long as the process lives, or until release is called. It fails
// with ErrPollerBusy when another process holds it.
func (s *Store) ClaimPoller(ctx context.Context, botID int64) (release func(), err error) {
	l, ok, err := s.tryLock(ctx, fmt.Sprintf("poller %d", botID))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrPollerBusy
	}
	return l.release, nil
}
