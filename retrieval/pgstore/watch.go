package pgstore

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"verbatim/retrieval"
)

// DefaultWatchInterval is how often a replica checks the current
// generation when no notification came (a notification lost with a
// connection, a writer of an older verbatim).
const DefaultWatchInterval = 2 * time.Second

// Watch calls onChange with each generation published after since, loaded
// for embedder e, until ctx is done. A writer's NOTIFY wakes it at once;
// otherwise it checks every interval (0: DefaultWatchInterval). Database
// errors are logged and retried: the replica keeps serving what it has.
func (s *Store) Watch(ctx context.Context, e retrieval.Embedder, since int64, interval time.Duration, onChange func(ix *retrieval.Index, gen int64)) {
	if interval <= 0 {
		interval = DefaultWatchInterval
	}
	check := func() {
		qctx, cancel := s.query(ctx)
		gen, _, err := s.current(qctx)
		cancel()
		if err != nil {
			if ctx.Err() == nil {
				s.log.Warn("check the current generation", "err", err)
			}
			return
		}
		if gen == 0 || gen == since {
			return
		}
		ix, got, err := s.Open(ctx, e)
		if err != nil {
			if ctx.Err() == nil {
				s.log.Warn("load the new generation; still serving the previous one", "generation", gen, "err", err)
			}
			return
		}
		s.log.Info("serving a new generation", "generation", got, "previous", since, "articles", ix.Info().Articles)
		since = got
		onChange(ix, got)
	}
	for ctx.Err() == nil {
		conn, err := s.pool.Acquire(ctx)
		if err != nil {
			check()
			sleep(ctx, interval)
			continue
		}
		if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{s.channel()}.Sanitize()); err != nil {
			conn.Conn().Close(context.Background())
			conn.Release()
			check()
			sleep(ctx, interval)
			continue
		}
		for ctx.Err() == nil {
			check()
			wctx, cancel := context.WithTimeout(ctx, interval)
			_, err := conn.Conn().WaitForNotification(wctx)
			cancel()
			if err != nil && !errors.Is(err, context.DeadlineExceeded) && !pgconnTimeout(err) {
				break // connection lost: listen again on a new one
			}
		}
		// A listening connection goes back closed, never reused by queries.
		conn.Conn().Close(context.Background())
		conn.Release()
	}
}

// pgconnTimeout reports a timeout error of pgconn.
func pgconnTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// Generation returns the current generation, 0 when none was published.
func (s *Store) Generation(ctx context.Context) (int64, error) {
	qctx, cancel := s.query(ctx)
	defer cancel()
	gen, _, err := s.current(qctx)
	return gen, err
}
