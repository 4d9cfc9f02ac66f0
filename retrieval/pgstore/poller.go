package pgstore

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// PollerGuard holds the one long-polling slot of a bot, an advisory lock
// on a connection of its own. An advisory lock dies with its session (a
// PostgreSQL restart, a terminated backend), so the guard pings its
// connection every Interval: when the ping fails it stops reporting the
// slot as held at once, reconnects, and takes the slot again when it is
// free. Whoever takes the slot, at start or after a loss, reports it held
// only after Grace, by when a previous holder whose session died has
// noticed and stopped polling: two processes never poll at once.
type PollerGuard struct {
	connect  func(ctx context.Context) (*pgx.Conn, error)
	key      int64
	interval time.Duration
	grace    time.Duration
	log      *slog.Logger

	mu      sync.Mutex
	held    bool
	changed chan struct{} // closed and replaced when held changes
	conn    *pgx.Conn     // the session holding the lock; nil while lost
	cancel  context.CancelFunc
	done    chan struct{}
}

// GuardOptions tune a PollerGuard; zero values take the defaults.
type GuardOptions struct {
	Interval time.Duration // between pings (default 2s)
	Grace    time.Duration // before a taken slot is held (default 2×Interval + 1s)
	Logger   *slog.Logger
}

// GuardPoller takes the long-polling slot of the bot with the given id on
// a dedicated connection and keeps it until ctx is done or Close. It
// fails with ErrPollerBusy when another process holds it. The slot is
// reported held (Held) once the grace has passed.
func (s *Store) GuardPoller(ctx context.Context, botID int64, o GuardOptions) (*PollerGuard, error) {
	if o.Interval <= 0 {
		o.Interval = 2 * time.Second
	}
	if o.Grace <= 0 {
		o.Grace = 2*o.Interval + time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	cfg := s.pool.Config().ConnConfig
	g := &PollerGuard{
		connect: func(ctx context.Context) (*pgx.Conn, error) {
			ctx, cancel := s.query(ctx)
			defer cancel()
			return pgx.ConnectConfig(ctx, cfg.Copy())
		},
		key:      s.lockKey(fmt.Sprintf("poller %d", botID)),
		interval: o.Interval,
		grace:    o.Grace,
		log:      o.Logger,
		changed:  make(chan struct{}),
		done:     make(chan struct{}),
	}
	conn, ok, err := g.take(ctx)
	if err != nil {
		return nil, fmt.Errorf("database: poller slot: %w", err)
	}
	if !ok {
		return nil, ErrPollerBusy
	}
	g.conn = conn
	gctx, cancel := context.WithCancel(ctx)
	g.cancel = cancel
	go g.run(gctx)
	return g, nil
}

// take connects and tries the lock; ok is false when another session
// holds it.
func (g *PollerGuard) take(ctx context.Context) (conn *pgx.Conn, ok bool, err error) {
	conn, err = g.connect(ctx)
	if err != nil {
		return nil, false, err
	}
	qctx, cancel := context.WithTimeout(ctx, g.interval+time.Second)
	defer cancel()
	if err := conn.QueryRow(qctx, "SELECT pg_try_advisory_lock($1)", g.key).Scan(&ok); err != nil || !ok {
		conn.Close(context.Background())
		return nil, false, err
	}
	return conn, true, nil
}

// Held reports whether this process holds the slot now, and a channel
// closed when that changes.
func (g *PollerGuard) Held() (bool, <-chan struct{}) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.held, g.changed
}

// Err is nil while the slot is held and says why otherwise, for
// readiness.
func (g *PollerGuard) Err() error {
	if held, _ := g.Held(); !held {
		return fmt.Errorf("not long-polling: the poller slot is not held (database lost, or another serve holds it)")
	}
	return nil
}

func (g *PollerGuard) setHeld(held bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.held != held {
		g.held = held
		close(g.changed)
		g.changed = make(chan struct{})
	}
}

// Close releases the slot (closing the session unlocks) and stops the
// guard.
func (g *PollerGuard) Close() {
	g.cancel()
	<-g.done
}

// run holds the slot: after the grace, pings every interval; on a failed
// ping, drops it and takes it again when it can.
func (g *PollerGuard) run(ctx context.Context) {
	defer close(g.done)
	defer func() {
		g.setHeld(false)
		if g.conn != nil {
			g.conn.Close(context.Background())
		}
	}()
	tick := time.NewTicker(g.interval)
	defer tick.Stop()
	graceEnds := time.Now().Add(g.grace)
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if g.conn == nil {
			conn, ok, err := g.take(ctx)
			switch {
			case err != nil:
				g.log.Warn("poller slot: database unreachable, not polling", "err", err)
				continue
			case !ok:
				continue // another serve polls
			}
			g.conn = conn
			graceEnds = time.Now().Add(g.grace)
			g.log.Info("poller slot taken again, polling after the grace", "grace", g.grace)
			continue
		}
		pctx, cancel := context.WithTimeout(ctx, g.interval)
		err := g.conn.Ping(pctx)
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			g.setHeld(false)
			g.log.Warn("poller slot lost with the database session: polling stops until it is taken again", "err", err)
			g.conn.Close(context.Background())
			g.conn = nil
			continue
		}
		if !time.Now().Before(graceEnds) {
			g.setHeld(true)
		}
	}
}
