package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"verbatim/internal/atomicfile"
)

// pendingFile, in StateDir next to conversations.db, holds the messages
// fetched from Telegram but not answered when the bot stopped, and the last
// update received. Telegram considers those messages delivered, so without
// it they would be lost; the next start answers them first, and polls from
// after the last update so that none is handled twice.
const pendingFile = "pending.json"

// pendingState is the JSON layout of pendingFile. BotID says whose
// updates the offset and ids count: another bot's (a new token in the same
// state directory) are discarded, or the bot would ignore its own updates
// until their ids caught up.
type pendingState struct {
	Version      int               `json:"version"`
	BotID        int64             `json:"bot_id,omitempty"`
	LastUpdateID int64             `json:"last_update_id,omitempty"`
	Messages     []*models.Message `json:"messages"`
	// RecentUpdateIDs are the last updates handled, so that one Telegram
	// delivers again (a webhook retried, an offset not yet confirmed) is
	// not answered twice.
	RecentUpdateIDs []int64 `json:"recent_update_ids,omitempty"`
}

// tokenBotID is the bot's id, the number before the colon of its token.
func tokenBotID(token string) int64 {
	id, _ := strconv.ParseInt(strings.SplitN(token, ":", 2)[0], 10, 64)
	return id
}

// checkBot discards from st what another bot left: its offset, its update
// ids and its held messages. A file from before BotID was kept loses only
// its offset: the updates Telegram sends again are then recognised by the
// ids set, or, at worst, answered twice, rather than new ones ignored.
func checkBot(st pendingState, botID int64, log *slog.Logger) pendingState {
	switch {
	case st.BotID == botID:
		return st
	case st.BotID == 0:
		if st.LastUpdateID > 0 {
			log.Warn("update offset of an unknown bot discarded", "offset", st.LastUpdateID)
		}
		st.LastUpdateID = 0
	default:
		log.Warn("state of another bot discarded: the token changed", "offset", st.LastUpdateID, "messages", len(st.Messages))
		st = pendingState{}
	}
	st.BotID = botID
	return st
}

// maxRecentUpdates bounds the update ids remembered: Telegram redelivers
// recent updates only.
const maxRecentUpdates = 1000

// recentUpdates is a bounded set of the update ids handled last, oldest
// forgotten first.
type recentUpdates struct {
	mu    sync.Mutex
	ids   map[int64]bool
	order []int64
}

func newRecentUpdates(ids []int64) *recentUpdates {
	r := &recentUpdates{ids: map[int64]bool{}}
	for _, id := range ids {
		r.add(id)
	}
	return r
}

// add records id and reports whether it is new.
func (r *recentUpdates) add(id int64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ids[id] {
		return false
	}
	r.ids[id] = true
	r.order = append(r.order, id)
	if len(r.order) > maxRecentUpdates {
		delete(r.ids, r.order[0])
		r.order = slices.Clone(r.order[1:])
	}
	return true
}

// list returns the ids, oldest first.
func (r *recentUpdates) list() []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.order)
}

// firstSeen reports whether upd is handled here for the first time: not in
// the recent ids, and, with replicas sharing an UpdateLog, claimed by none
// before. When the shared log fails the update is handled: better twice
// than never.
func (b *Bot) firstSeen(ctx context.Context, id int64) bool {
	if !b.recent.add(id) {
		return false
	}
	if b.cfg.UpdateLog == nil {
		return true
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	first, err := b.cfg.UpdateLog.FirstSeen(ctx, b.botID, id)
	if err != nil {
		b.log.Warn("update log unavailable: handling the update", "update_id", id, "err", err)
		return true
	}
	return first
}

// hold keeps r's message to be handled after the restart.
func (b *Bot) hold(r request) {
	if r.msg == nil {
		return
	}
	b.holdMessages(r.msg)
}

func (b *Bot) holdMessages(msgs ...*models.Message) {
	if len(msgs) == 0 {
		return
	}
	b.heldMu.Lock()
	b.held = append(b.held, msgs...)
	b.heldMu.Unlock()
}

// savePending writes the held messages and the last update received to
// pendingFile (atomically: temp file, then rename). Without a StateDir held
// messages are lost, and the log says how many.
func (b *Bot) savePending() {
	b.heldMu.Lock()
	msgs := b.held
	b.held = nil
	b.heldMu.Unlock()
	last := b.lastUpdate.Load()
	if b.cfg.StateDir == "" {
		if len(msgs) > 0 {
			b.log.Warn("questions not answered before shutdown are lost: no state directory", "count", len(msgs))
		}
		return
	}
	recent := b.recent.list()
	if len(msgs) == 0 && last == 0 && len(recent) == 0 {
		return
	}
	st := pendingState{Version: 1, BotID: b.botID, LastUpdateID: last, Messages: msgs, RecentUpdateIDs: recent}
	if err := writePending(filepath.Join(b.cfg.StateDir, pendingFile), st); err != nil {
		b.log.Error("save questions not answered", "count", len(msgs), "err", err)
		return
	}
	if len(msgs) > 0 {
		b.log.Info("questions not answered kept for the restart", "count", len(msgs))
	}
}

func writePending(path string, st pendingState) error {
	data, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encode pending messages: %w", err)
	}
	if err := atomicfile.WriteFile(path, data); err != nil {
		return fmt.Errorf("write pending messages: %w", err)
	}
	return nil
}

// readPending reads pendingFile from dir; a missing file is an empty
// state. A corrupt file is moved aside (and reported) so that the bot
// starts.
func readPending(dir string) (pendingState, error) {
	if dir == "" {
		return pendingState{}, nil
	}
	path := filepath.Join(dir, pendingFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return pendingState{}, nil
	}
	if err != nil {
		return pendingState{}, fmt.Errorf("read pending messages: %w", err)
	}
	var st pendingState
	if err := json.Unmarshal(data, &st); err != nil {
		aside := path + ".corrupt"
		if rerr := os.Rename(path, aside); rerr != nil {
			return pendingState{}, fmt.Errorf("pending messages unreadable (%w) and not moved aside: %w", err, rerr)
		}
		return pendingState{}, fmt.Errorf("pending messages unreadable, moved to %s: %w", aside, err)
	}
	return st, nil
}

// resumePending queues the messages kept at the last shutdown, then
// removes the file: they are now in the chats' queues, and a new shutdown
// keeps again those still waiting.
func (b *Bot) resumePending() {
	st := b.resume
	b.resume = pendingState{}
	if b.cfg.StateDir == "" || st.LastUpdateID == 0 && len(st.Messages) == 0 && len(st.RecentUpdateIDs) == 0 {
		return
	}
	if err := os.Remove(filepath.Join(b.cfg.StateDir, pendingFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		// Better to answer twice after a later restart than never.
		b.log.Warn("remove pending file", "err", err)
	}
	if len(st.Messages) == 0 {
		return
	}
	b.log.Info("answering questions kept at the last shutdown", "count", len(st.Messages))
	for _, msg := range st.Messages {
		if msg != nil {
			b.accept(msg, true)
		}
	}
}

// Start-up retry pacing: the first wait, doubled up to the last.
const (
	firstStartBackoff = time.Second
	maxStartBackoff   = time.Minute
)

// startCall runs a start-up call (getMe, deleteWebhook), retrying with
// exponential backoff while Telegram is unreachable, until it succeeds,
// ctx ends, or Telegram rejects the token (401, 404), which no retry fixes.
func (b *Bot) startCall(ctx context.Context, method string, f func(ctx context.Context) error) error {
	wait := b.startBackoff
	for attempt := 1; ; attempt++ {
		err := b.send.call(ctx, method, 0, f)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, tgbot.ErrorUnauthorized) || errors.Is(err, tgbot.ErrorNotFound) {
			return err
		}
		b.log.Warn("telegram unreachable at start, retrying", "method", method, "attempt", attempt, "retry_in", wait.Seconds(), "err", err)
		if err := b.send.sleep(ctx, wait); err != nil {
			return err
		}
		wait = min(wait*2, maxStartBackoff)
	}
}
