package pgstate

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// RateLimiter is a per-user token bucket counted in PostgreSQL, so that
// the limit holds whichever replica a user's questions reach: perMinute
// questions, refilled continuously, with a burst of perMinute; a user over
// the limit is warned once. It implements telegram.RateLimiter. When the
// database fails the question is allowed (and the error logged): an outage
// of the counter must not silence the bot.
type RateLimiter struct {
	s         *DB
	perMinute float64
	now       func() time.Time
}

// RateLimiter returns a limiter of perMinute questions per user (<= 0:
// unlimited); now defaults to time.Now.
func (s *DB) RateLimiter(perMinute int, now func() time.Time) *RateLimiter {
	if now == nil {
		now = time.Now
	}
	return &RateLimiter{s: s, perMinute: float64(perMinute), now: now}
}

// Allow takes a token for user; warn is true the first time one is
// refused.
func (l *RateLimiter) Allow(user int64) (ok, warn bool) {
	if l.perMinute <= 0 {
		return true, false
	}
	ctx, cancel := l.s.query(context.Background())
	defer cancel()
	now := l.now()
	err := pgx.BeginFunc(ctx, l.s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO rate_buckets (user_id, tokens, last, warned) VALUES ($1, $2, $3, false)
			ON CONFLICT (user_id) DO NOTHING`, user, l.perMinute, now); err != nil {
			return err
		}
		var tokens float64
		var last time.Time
		var warned bool
		if err := tx.QueryRow(ctx, "SELECT tokens, last, warned FROM rate_buckets WHERE user_id = $1 FOR UPDATE", user).
			Scan(&tokens, &last, &warned); err != nil {
			return err
		}
		tokens = min(l.perMinute, tokens+max(0, now.Sub(last).Minutes())*l.perMinute)
		switch {
		case tokens >= 1:
			tokens--
			ok, warned = true, false
		case !warned:
			warn, warned = true, true
		}
		_, err := tx.Exec(ctx, "UPDATE rate_buckets SET tokens = $2, last = $3, warned = $4 WHERE user_id = $1",
			user, tokens, now, warned)
		return err
	})
	if err != nil {
		l.s.log.Warn("rate limit not counted", "user", user, "err", err)
		return true, false
	}
	return ok, warn
}

// Wait returns how long user must wait before Allow takes a token again.
func (l *RateLimiter) Wait(user int64) time.Duration {
	if l.perMinute <= 0 {
		return 0
	}
	ctx, cancel := l.s.query(context.Background())
	defer cancel()
	var tokens float64
	var last time.Time
	if err := l.s.pool.QueryRow(ctx, "SELECT tokens, last FROM rate_buckets WHERE user_id = $1", user).Scan(&tokens, &last); err != nil {
		return 0
	}
	tokens = min(l.perMinute, tokens+max(0, l.now().Sub(last).Minutes())*l.perMinute)
	if tokens >= 1 {
		return 0
	}
	return time.Duration((1 - tokens) / l.perMinute * float64(time.Minute))
}
