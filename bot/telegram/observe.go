package telegram

import (
	"context"
	"errors"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
)

// Observer receives the adapter's events, for metrics. It must be safe for
// concurrent use.
type Observer interface {
	// TelegramCall is one Bot API call; rateLimited when Telegram said 429.
	TelegramCall(method string, err error, rateLimited bool)
	// Refused is a question turned away (not allowed, or rate limited).
	Refused()
	// Queued moves the number of questions waiting for a slot by delta.
	Queued(delta int)
	// Reindex is one /reindex run.
	Reindex(err error)
}

// noObserver records nothing.
type noObserver struct{}

func (noObserver) TelegramCall(string, error, bool) {}
func (noObserver) Refused()                         {}
func (noObserver) Queued(int)                       {}
func (noObserver) Reindex(error)                    {}

// Ping checks that the Bot API answers (getMe), for readiness probes.
func (b *Bot) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return b.send.call(ctx, "getMe", 0, func(ctx context.Context) error {
		_, err := b.api.GetMe(ctx)
		return err
	})
}

// pollFailed counts a failed getUpdates long poll, which the library
// reports only to its errors handler, as a Telegram API call that failed.
func (b *Bot) pollFailed(err error) {
	if !strings.HasPrefix(err.Error(), "error get updates") {
		return
	}
	var tooMany *tgbot.TooManyRequestsError
	b.cfg.Observer.TelegramCall("getUpdates", err, errors.As(err, &tooMany))
}
