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

// pendingFile, in StateDir next to conversations.json, holds the messages
// fetched from Telegram but not answered when the bot stopped. Telegram
// considers them delivered, so without it they would be lost; the next
// start answers them first.
const pendingFile = "pending.json"

// pendingState is the JSON layout of pendingFile.
type pendingState struct {
	Version  int               `json:"version"`
	Messages []*models.Message `json:"messages"`
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

// savePending writes the held messages to pendingFile (atomically: temp
// file, then rename). Without a StateDir they are lost, and the log says
// how many.
func (b *Bot) savePending() {
	b.heldMu.Lock()
	msgs := b.held
	b.held = nil
	b.heldMu.Unlock()
	if len(msgs) == 0 {
		return
	}
	if b.cfg.StateDir == "" {
		b.log.Warn("questions not answered before shutdown are lost: no state directory", "count", len(msgs))
		return
	}
	if err := writePending(filepath.Join(b.cfg.StateDir, pendingFile), msgs); err != nil {
		b.log.Error("save questions not answered", "count", len(msgs), "err", err)
		return
	}
	b.log.Info("questions not answered kept for the restart", "count", len(msgs))
}

func writePending(path string, msgs []*models.Message) error {
	data, err := json.Marshal(pendingState{Version: 1, Messages: msgs})
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

// resumePending queues the messages kept at the last shutdown, then
// removes the file: they are now in the chats' queues, and a new shutdown
// keeps again those still waiting. A corrupt file is moved aside.
func (b *Bot) resumePending() {
	if b.cfg.StateDir == "" {
		return
	}
	path := filepath.Join(b.cfg.StateDir, pendingFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		b.log.Error("read questions kept at shutdown", "err", err)
		return
	}
	var st pendingState
	if err := json.Unmarshal(data, &st); err != nil {
		aside := path + ".corrupt"
		b.log.Error("questions kept at shutdown unreadable, moved aside", "file", aside, "err", err)
		if err := os.Rename(path, aside); err != nil {
			b.log.Error("move unreadable pending file", "err", err)
		}
		return
	}
	if err := os.Remove(path); err != nil {
		// Better to answer twice after a later restart than never.
		b.log.Warn("remove pending file", "err", err)
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
