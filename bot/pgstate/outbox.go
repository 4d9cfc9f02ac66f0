package pgstate

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Outbox keeps a bot's deferred Telegram deliveries (answers waiting out a
// 429's retry_after, or a network failure) in PostgreSQL, so that they
// survive the process and any replica delivers them: each is claimed by
// one replica at a time, for a lease, and a chat's deliveries go in order.
// It implements telegram.OutboxStore; the deliveries are opaque JSON.
type Outbox struct {
	s     *DB
	botID int64

	mu    sync.Mutex
	ready bool
}

// Outbox returns the deferred deliveries of the bot with the given id.
func (s *DB) Outbox(botID int64) *Outbox {
	return &Outbox{s: s, botID: botID}
}

// createOutbox makes the tables on first use, so that a schema migrated by
// an older build gains it without a migration.
const createOutbox = `CREATE TABLE IF NOT EXISTS telegram_outbox (
	id            bigserial PRIMARY KEY,
	bot_id        bigint NOT NULL,
	chat          bigint NOT NULL,
	not_before    timestamptz NOT NULL,
	claimed_until timestamptz,
	delivery      jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS telegram_outbox_chat ON telegram_outbox (bot_id, chat, id);
CREATE TABLE IF NOT EXISTS telegram_outbox_keys (
	bot_id   bigint NOT NULL,
	key      text NOT NULL,
	added_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (bot_id, key)
)`

// OutboxKeyRetention is how long the key of a delivery added is
// remembered (telegram_outbox_keys), also after the delivery is sent and
// its row removed: an Add of the same key within it is a no-op. It bounds
// the time a process may stay stopped between adding a delivery and
// forgetting its own copy (a crash in between) without a second send.
// The keys older are removed at each keyed Add: a month of deferred
// answers is a small table, scanned without an index.
const OutboxKeyRetention = 30 * 24 * time.Hour

// ensure creates the table once per process (see UpdateLog.ensure).
func (o *Outbox) ensure(ctx context.Context) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.ready {
		return nil
	}
	_, err := o.s.pool.Exec(ctx, createOutbox)
	var pgErr *pgconn.PgError
	if err != nil && !(errors.As(err, &pgErr) && (pgErr.Code == "23505" || pgErr.Code == "42P07" || pgErr.Code == "42710")) {
		return fmt.Errorf("create outbox: %w", err)
	}
	o.ready = true
	return nil
}

// Add queues a delivery to chat, not to be tried before notBefore nor
// before the chat's deliveries already waiting (a 429 holds the whole
// chat). A non-empty key names the delivery: an Add of a key added before
// (within OutboxKeyRetention, whether the delivery is still waiting or was
// sent since) adds nothing and succeeds, so that a caller that does not
// know whether its Add committed (an error, a crash) may add again.
func (o *Outbox) Add(ctx context.Context, key string, chat int64, notBefore time.Time, delivery []byte) error {
	ctx, cancel := o.s.query(ctx)
	defer cancel()
	if err := o.ensure(ctx); err != nil {
		return err
	}
	err := pgx.BeginFunc(ctx, o.s.pool, func(tx pgx.Tx) error {
		if key != "" {
			tag, err := tx.Exec(ctx, `INSERT INTO telegram_outbox_keys (bot_id, key) VALUES ($1, $2)
				ON CONFLICT DO NOTHING`, o.botID, key)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				return nil // added before
			}
			if _, err := tx.Exec(ctx, "DELETE FROM telegram_outbox_keys WHERE added_at < now() - $1::interval",
				fmt.Sprintf("%d seconds", int64(OutboxKeyRetention/time.Second))); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO telegram_outbox (bot_id, chat, not_before, delivery)
			SELECT $1, $2, greatest($3::timestamptz, max(not_before)), $4 FROM telegram_outbox WHERE bot_id = $1 AND chat = $2`,
			o.botID, chat, notBefore, delivery)
		return err
	})
	if err != nil {
		return fmt.Errorf("add to the outbox: %w", err)
	}
	return nil
}

// Claim takes, until now+lease, the first delivery due at now of a chat
// none of whose deliveries another replica holds. When none is due, ok is
// false and wait is how long until one is (0: the outbox is empty). The
// claim's end, now+lease, is the token Extend and Release take.
func (o *Outbox) Claim(ctx context.Context, now time.Time, lease time.Duration) (id int64, delivery []byte, ok bool, wait time.Duration, err error) {
	ctx, cancel := o.s.query(ctx)
	defer cancel()
	if err := o.ensure(ctx); err != nil {
		return 0, nil, false, 0, err
	}
	// Only the oldest delivery of a chat may be taken; SKIP LOCKED lets two
	// replicas claim different chats at once, and the claimed_until test,
	// re-checked on the locked row, lets one only take a given delivery.
	err = o.s.pool.QueryRow(ctx, `WITH c AS (
			SELECT id FROM telegram_outbox o
			WHERE bot_id = $1 AND not_before <= $2 AND (claimed_until IS NULL OR claimed_until <= $2)
				AND NOT EXISTS (SELECT 1 FROM telegram_outbox p WHERE p.bot_id = o.bot_id AND p.chat = o.chat AND p.id < o.id)
			ORDER BY not_before, id LIMIT 1
			FOR UPDATE SKIP LOCKED)
		UPDATE telegram_outbox t SET claimed_until = $3 FROM c WHERE t.id = c.id RETURNING t.id, t.delivery`,
		o.botID, now, now.Add(lease)).Scan(&id, &delivery)
	if err == nil {
		return id, delivery, true, 0, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return 0, nil, false, 0, fmt.Errorf("claim from the outbox: %w", err)
	}
	var soonest *time.Time
	if err := o.s.pool.QueryRow(ctx, `SELECT min(greatest(not_before, coalesce(claimed_until, not_before)))
		FROM telegram_outbox WHERE bot_id = $1`, o.botID).Scan(&soonest); err != nil {
		return 0, nil, false, 0, fmt.Errorf("read the outbox: %w", err)
	}
	if soonest == nil {
		return 0, nil, false, 0, nil
	}
	return 0, nil, false, max(soonest.Sub(now), time.Millisecond), nil
}

// Extend saves the progress of delivery id and moves the end of its claim
// from held (the end Claim or the last Extend gave it) to until. held is
// the claim's fencing token: a new claim always ends later than the one it
// takes over, so when the row's claim no longer ends at held another
// replica has it, nothing is written and kept is false.
func (o *Outbox) Extend(ctx context.Context, id int64, held time.Time, delivery []byte, until time.Time) (kept bool, err error) {
	ctx, cancel := o.s.query(ctx)
	defer cancel()
	tag, err := o.s.pool.Exec(ctx, `UPDATE telegram_outbox SET delivery = $3, claimed_until = $4
		WHERE id = $1 AND claimed_until = $2`, id, held, delivery, until)
	if err != nil {
		return false, fmt.Errorf("extend the outbox claim: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// Release ends the claim of delivery id ending at held (see Extend): the
// delivery removed when done, otherwise kept with its progress and its
// whole chat held until notBefore. kept is false, and nothing written,
// when the claim is no longer this one.
func (o *Outbox) Release(ctx context.Context, id int64, held time.Time, delivery []byte, notBefore time.Time, done bool) (kept bool, err error) {
	ctx, cancel := o.s.query(ctx)
	defer cancel()
	if done {
		tag, err := o.s.pool.Exec(ctx, "DELETE FROM telegram_outbox WHERE id = $1 AND claimed_until = $2", id, held)
		if err != nil {
			return false, fmt.Errorf("remove from the outbox: %w", err)
		}
		return tag.RowsAffected() == 1, nil
	}
	err = pgx.BeginFunc(ctx, o.s.pool, func(tx pgx.Tx) error {
		var chat int64
		err := tx.QueryRow(ctx, `UPDATE telegram_outbox SET delivery = $3, claimed_until = NULL
			WHERE id = $1 AND claimed_until = $2 RETURNING chat`, id, held, delivery).Scan(&chat)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		kept = true
		_, err = tx.Exec(ctx, `UPDATE telegram_outbox SET not_before = greatest(not_before, $3)
			WHERE bot_id = $1 AND chat = $2`, o.botID, chat, notBefore)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("update the outbox: %w", err)
	}
	return kept, nil
}

// Holds reports whether chat has deliveries waiting: a new answer goes
// behind them.
func (o *Outbox) Holds(ctx context.Context, chat int64) (bool, error) {
	ctx, cancel := o.s.query(ctx)
	defer cancel()
	if err := o.ensure(ctx); err != nil {
		return false, err
	}
	var held bool
	err := o.s.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM telegram_outbox WHERE bot_id = $1 AND chat = $2)",
		o.botID, chat).Scan(&held)
	if err != nil {
		return false, fmt.Errorf("read the outbox: %w", err)
	}
	return held, nil
}
