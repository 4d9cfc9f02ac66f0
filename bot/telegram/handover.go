package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// pendingFile, in StateDir next to conversations.db, holds the messages
// fetched from Telegram but not answered when the bot stopped, and the last
// update received. Telegram considers those messages delivered, so without
// it they would be lost; the next start answers them first, and polls from
// after the last update so that none is handled twice.
const pendingFile = "pending.json"

// pendingState is the JSON layout of pendingFile.
type pendingState struct {
	Version      int               `json:"version"`
	LastUpdateID int64             `json:"last_update_id,omitempty"`
	Messages     []*models.Message `json:"messages"`
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
	if len(msgs) == 0 && last == 0 {
		return
	}
	st := pendingState{Version: 1, LastUpdateID: last, Messages: msgs}
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
	tmp, err := os.CreateTemp(filepath.Dir(path), ".pending-*.json")
	if err != nil {
		return fmt.Errorf("write pending messages: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write pending messages: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write pending messages: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
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
	if b.cfg.StateDir == "" || st.LastUpdateID == 0 && len(st.Messages) == 0 {
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
