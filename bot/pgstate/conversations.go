package pgstate

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"verbatim/bot"
)

// Conversations keeps the chats' recent turns in PostgreSQL, so that a
// follow-up question, /sources, /source N or an [n] button reaching any
// replica sees the last answer given by any other. It implements
// telegram.ConversationStore; a database error is logged and reads as no
// history (the question is still answered).
type Conversations struct {
	s    *DB
	keep bot.Retention
}

// Conversations returns the store's chat turns, at most maxTurns per chat
// (0: bot.DefaultConversationTurns), forgotten after ttl (0: never), as
// bot.Retention says; now defaults to time.Now.
func (s *DB) Conversations(ttl time.Duration, maxTurns int, now func() time.Time) *Conversations {
	return &Conversations{s: s, keep: bot.NewRetention(ttl, maxTurns, now)}
}

// Turns returns the unexpired turns of a chat, oldest first.
func (c *Conversations) Turns(key string) []bot.Turn {
	ctx, cancel := c.s.query(context.Background())
	defer cancel()
	turns, err := readTurns(ctx, c.s.pool, key)
	if err != nil {
		c.s.log.Warn("read conversation", "chat", key, "err", err)
		return nil
	}
	return c.keep.Live(turns)
}

// Last returns the most recent unexpired turn of a chat.
func (c *Conversations) Last(key string) (bot.Turn, bool) {
	turns := c.Turns(key)
	if len(turns) == 0 {
		return bot.Turn{}, false
	}
	return turns[len(turns)-1], true
}

// Append adds a turn to a chat, forgetting the oldest beyond maxTurns. A
// turn with no time is stamped now.
func (c *Conversations) Append(key string, t bot.Turn) {
	if t.At.IsZero() {
		t.At = c.keep.Now()
	}
	ctx, cancel := c.s.query(context.Background())
	defer cancel()
	err := pgx.BeginFunc(ctx, c.s.pool, func(tx pgx.Tx) error {
		// The row lock orders two replicas appending to one chat.
		if _, err := tx.Exec(ctx, `INSERT INTO conversations (chat, turns, updated_at) VALUES ($1, '[]', now())
			ON CONFLICT (chat) DO NOTHING`, key); err != nil {
			return err
		}
		var raw []byte
		if err := tx.QueryRow(ctx, "SELECT turns FROM conversations WHERE chat = $1 FOR UPDATE", key).Scan(&raw); err != nil {
			return err
		}
		var turns []bot.Turn
		if err := json.Unmarshal(raw, &turns); err != nil {
			turns = nil // a damaged row is replaced
		}
		data, err := json.Marshal(c.keep.Live(append(turns, t)))
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "UPDATE conversations SET turns = $2, updated_at = now() WHERE chat = $1", key, data)
		return err
	})
	if err != nil {
		c.s.log.Warn("save conversation", "chat", key, "err", err)
	}
}

func readTurns(ctx context.Context, q interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}, key string) ([]bot.Turn, error) {
	var raw []byte
	err := q.QueryRow(ctx, "SELECT turns FROM conversations WHERE chat = $1", key).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var turns []bot.Turn
	if err := json.Unmarshal(raw, &turns); err != nil {
		return nil, err
	}
	return turns, nil
}
