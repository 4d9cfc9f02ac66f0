package pgstate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"verbatim/bot"
)

// Conversations keeps the chats' recent turns in PostgreSQL, so that a
// follow-up question, /sources, /source N or an [n] button reaching any
// replica sees the last answer given by any other. It implements
// telegram.ConversationStore.
//
// A turn that cannot be written (the database unreachable) is not lost:
// it waits in memory, in order per chat, and is written before the chat's
// next turn, on the next append of any chat and every RetryInterval,
// whichever comes first once the database is back. Turns and Last include
// the waiting turns. The waiting turns are bounded (MaxPending): beyond,
// the oldest is dropped, with an error in the log. With a spill file
// (SetSpillFile) they are also kept on disk, and a store started again
// over the file writes them when the database answers.
type Conversations struct {
	s    *DB
	keep bot.Retention

	// chats orders the writes of one chat (and spreads the chats over a
	// few locks, so that their number does not grow with the chats').
	chats [32]sync.Mutex

	mu       sync.Mutex
	pending  map[string][]waiting // turns not yet written, oldest first
	spill    *spill               // nil: the waiting turns are in memory only
	count    int                  // turns in pending
	max      int
	retry    time.Duration
	timer    *time.Timer
	flushing bool
	closed   bool
}

// waiting is a turn not yet written and its id in the spill file (0: not
// in it).
type waiting struct {
	turn bot.Turn
	id   uint64
}

// Outage buffer defaults.
const (
	// DefaultMaxPending bounds the turns kept in memory while the database
	// is unreachable (a few KB each).
	DefaultMaxPending = 10000
	// DefaultRetryInterval spaces the attempts to write them.
	DefaultRetryInterval = 5 * time.Second
)

// Conversations returns the store's chat turns, at most maxTurns per chat
// (0: bot.DefaultConversationTurns), forgotten after ttl (0: never), as
// bot.Retention says; now defaults to time.Now.
func (s *DB) Conversations(ttl time.Duration, maxTurns int, now func() time.Time) *Conversations {
	return &Conversations{s: s, keep: bot.NewRetention(ttl, maxTurns, now), pending: map[string][]waiting{},
		max: DefaultMaxPending, retry: DefaultRetryInterval}
}

// SetOutageBuffer bounds the turns kept while the database is unreachable
// (max <= 0: DefaultMaxPending) and spaces the attempts to write them
// (retry <= 0: DefaultRetryInterval). Call it before the first Append.
func (c *Conversations) SetOutageBuffer(max int, retry time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if max <= 0 {
		max = DefaultMaxPending
	}
	if retry <= 0 {
		retry = DefaultRetryInterval
	}
	c.max, c.retry = max, retry
}

// SetSpillFile keeps the turns waiting for the database in the file at
// path too (created when missing; serve's is SpillFile in its state
// directory), each fsynced before Append returns, and takes back the
// turns a previous process left there: they are written as soon as the
// database answers, each once. Call it before the first Append. An error
// (the file cannot be read or written) leaves the store as it was, with
// the waiting turns in memory only.
func (c *Conversations) SetSpillFile(path string) error {
	sp, kept, damaged, err := openSpill(path)
	if err != nil {
		return fmt.Errorf("conversation spill file: %w", err)
	}
	if damaged > 0 {
		c.s.log.Error("conversation spill file: damaged lines skipped", "file", path, "lines", damaged)
	}
	c.mu.Lock()
	if c.spill != nil {
		c.spill.close()
	}
	c.spill = sp
	for _, k := range kept {
		c.addLocked(k.chat, waiting{turn: k.turn, id: k.id})
	}
	n := c.count
	c.mu.Unlock()
	if n > 0 {
		c.s.log.Info("conversation turns of a previous run waiting for the database", "turns", n, "file", path)
		c.schedule(0)
	}
	return nil
}

// Pending returns the number of turns waiting for the database.
func (c *Conversations) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.count
}

// Turns returns the unexpired turns of a chat, oldest first, those
// waiting for the database included. When the database cannot be read,
// the waiting turns alone are returned (the question is still answered).
func (c *Conversations) Turns(key string) []bot.Turn {
	// The waiting turns are read first: one written meanwhile is then in
	// the table too, and counted once.
	c.mu.Lock()
	var waiting []bot.Turn
	for _, w := range c.pending[key] {
		waiting = append(waiting, w.turn)
	}
	c.mu.Unlock()
	ctx, cancel := c.s.query(context.Background())
	defer cancel()
	turns, err := readTurns(ctx, c.s.pool, key)
	if err != nil {
		c.s.log.Warn("read conversation", "chat", key, "err", err, "waiting", len(waiting))
	}
	for _, w := range waiting {
		if !slices.ContainsFunc(turns, func(t bot.Turn) bool { return sameTurn(t, w) }) {
			turns = append(turns, w)
		}
	}
	return c.keep.Live(turns)
}

// sameTurn reports whether a and b are one turn (one read back from the
// table, one still waiting).
func sameTurn(a, b bot.Turn) bool {
	return a.At.Equal(b.At) && a.Question == b.Question && a.Answer.Text == b.Answer.Text
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
// turn with no time is stamped now. It returns once the turn is written,
// or kept in memory when the database cannot be reached.
func (c *Conversations) Append(key string, t bot.Turn) {
	if t.At.IsZero() {
		t.At = c.keep.Now()
	}
	lock := c.chatLock(key)
	lock.Lock()
	c.mu.Lock()
	c.addLocked(key, waiting{turn: t})
	c.mu.Unlock()
	err := c.flushChat(key)
	if err != nil {
		c.mu.Lock()
		c.spillLocked(key)
		c.mu.Unlock()
	}
	lock.Unlock()
	if err != nil {
		c.s.log.Warn("save conversation: kept until the database is back", "chat", key, "err", err, "waiting", c.Pending())
		c.schedule(c.retryInterval())
		return
	}
	if c.Pending() > 0 {
		c.schedule(0) // the database is back: the other chats' turns now
	}
}

// Close writes the turns still waiting, if the database answers, and
// stops the retries. Those still waiting are left in the spill file, if
// any, for the next start; otherwise they are lost.
func (c *Conversations) Close() {
	c.flushAll()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	if c.timer != nil {
		c.timer.Stop()
	}
	switch {
	case c.count > 0 && c.spill != nil:
		c.s.log.Warn("conversation turns left for the next start: the database was unreachable until shutdown",
			"turns", c.count, "file", c.spill.path)
	case c.count > 0:
		c.s.log.Error("conversation turns lost: the database was unreachable until shutdown", "turns", c.count)
	}
	if c.spill != nil {
		if err := c.spill.close(); err != nil {
			c.s.log.Error("conversation spill file", "err", err)
		}
	}
}

// spillLocked appends the chat's waiting turns that are not in the spill
// file yet to it. c.mu must be held.
func (c *Conversations) spillLocked(key string) {
	if c.spill == nil {
		return
	}
	ws := c.pending[key]
	var turns []bot.Turn
	var at []int
	for i, w := range ws {
		if w.id == 0 {
			turns = append(turns, w.turn)
			at = append(at, i)
		}
	}
	if len(turns) == 0 {
		return
	}
	ids, err := c.spill.keep(key, turns)
	if err != nil {
		c.s.log.Error("conversation turns kept in memory only", "chat", key, "turns", len(turns), "err", err)
		return
	}
	for j, i := range at {
		ws[i].id = ids[j]
	}
}

// doneLocked tells the spill file that ws no longer wait. c.mu must be
// held.
func (c *Conversations) doneLocked(ws ...waiting) {
	if c.spill == nil {
		return
	}
	var ids []uint64
	for _, w := range ws {
		if w.id != 0 {
			ids = append(ids, w.id)
		}
	}
	if err := c.spill.done(ids); err != nil {
		// Written again at the next start, once (sameTurn).
		c.s.log.Warn("conversation spill file", "err", err)
	}
}

func (c *Conversations) chatLock(key string) *sync.Mutex {
	h := fnv.New32a()
	h.Write([]byte(key))
	return &c.chats[h.Sum32()%uint32(len(c.chats))]
}

func (c *Conversations) retryInterval() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.retry
}

// addLocked queues t behind the chat's waiting turns, within the bounds:
// the chat keeps its maxTurns newest, the store its max, the oldest
// waiting turn of all dropped first. c.mu must be held.
func (c *Conversations) addLocked(key string, t waiting) {
	turns := append(c.pending[key], t)
	if over := len(turns) - c.keep.MaxTurns; over > 0 {
		c.doneLocked(turns[:over]...)
		turns = turns[over:] // forgotten by the table anyway
		c.count -= over
	}
	c.pending[key] = turns
	c.count++
	for c.count > c.max {
		oldest := ""
		for k, ts := range c.pending {
			if oldest == "" || ts[0].turn.At.Before(c.pending[oldest][0].turn.At) {
				oldest = k
			}
		}
		c.s.log.Error("conversation turn lost: too many waiting for the database", "chat", oldest, "max", c.max)
		c.doneLocked(c.pending[oldest][0])
		if ts := c.pending[oldest]; len(ts) > 1 {
			c.pending[oldest] = ts[1:]
		} else {
			delete(c.pending, oldest)
		}
		c.count--
	}
}

// flushChat writes the chat's waiting turns in one transaction. The
// chat's lock must be held.
func (c *Conversations) flushChat(key string) error {
	c.mu.Lock()
	var batch []bot.Turn
	for _, w := range c.pending[key] {
		batch = append(batch, w.turn)
	}
	c.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	if err := c.write(key, batch); err != nil {
		return err
	}
	// The chat's lock keeps other turns out of its queue meanwhile, but
	// the bound may have dropped the oldest: what is left is all written.
	c.mu.Lock()
	defer c.mu.Unlock()
	c.doneLocked(c.pending[key]...)
	c.count -= len(c.pending[key])
	delete(c.pending, key)
	return nil
}

// schedule runs flushAll after d, unless one is under way or due sooner.
func (c *Conversations) schedule(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.flushing || c.count == 0 {
		return
	}
	if c.timer == nil {
		c.timer = time.AfterFunc(d, c.retryAll)
		return
	}
	c.timer.Reset(d)
}

// retryAll is the timer's work: every waiting chat written, or tried
// again later.
func (c *Conversations) retryAll() {
	c.mu.Lock()
	if c.flushing || c.closed {
		c.mu.Unlock()
		return
	}
	c.flushing = true
	c.mu.Unlock()
	err := c.flushAll()
	c.mu.Lock()
	c.flushing = false
	c.mu.Unlock()
	if err != nil {
		c.schedule(c.retryInterval())
		return
	}
	if n := c.Pending(); n > 0 {
		c.schedule(0) // appended during the pass
	}
}

// flushAll writes every waiting chat, stopping at the first failure.
func (c *Conversations) flushAll() error {
	c.mu.Lock()
	keys := make([]string, 0, len(c.pending))
	for k := range c.pending {
		keys = append(keys, k)
	}
	c.mu.Unlock()
	written := 0
	for _, key := range keys {
		lock := c.chatLock(key)
		lock.Lock()
		err := c.flushChat(key)
		lock.Unlock()
		if err != nil {
			if written > 0 {
				c.s.log.Info("conversation turns written after the outage", "chats", written)
			}
			return err
		}
		written++
	}
	if written > 0 {
		c.s.log.Info("conversation turns written after the outage", "chats", written)
	}
	return nil
}

// write appends turns to the chat's row in one transaction.
func (c *Conversations) write(key string, add []bot.Turn) error {
	ctx, cancel := c.s.query(context.Background())
	defer cancel()
	return pgx.BeginFunc(ctx, c.s.pool, func(tx pgx.Tx) error {
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
		for _, t := range add {
			// A retry after a commit whose answer was lost: written once.
			if !slices.ContainsFunc(turns, func(x bot.Turn) bool { return sameTurn(x, t) }) {
				turns = append(turns, t)
			}
		}
		data, err := json.Marshal(c.keep.Live(turns))
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "UPDATE conversations SET turns = $2, updated_at = now() WHERE chat = $1", key, data)
		return err
	})
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
