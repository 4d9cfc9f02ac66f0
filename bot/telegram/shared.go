package telegram

import (
	"context"
	"time"

	"verbatim/bot"
)

// ConversationStore keeps the chats' recent turns, read by follow-up
// questions, /sources, /source N and the [n] buttons: bot.Conversations
// (one process, saved in StateDir) by default, or a store that replicas
// share (Config.Conversations).
type ConversationStore interface {
	Turns(key string) []bot.Turn
	Append(key string, t bot.Turn)
	Last(key string) (bot.Turn, bool)
}

// RateLimiter counts each user's questions: Allow takes a token (warn is
// true the first time one is refused), Wait says when the next one comes.
// The default is an in-process token bucket; replicas share one through
// Config.RateLimiter.
type RateLimiter interface {
	Allow(user int64) (ok, warn bool)
	Wait(user int64) time.Duration
}

// Allow implements RateLimiter.
func (l *rateLimiter) Allow(user int64) (ok, warn bool) { return l.allow(user) }

// Wait implements RateLimiter.
func (l *rateLimiter) Wait(user int64) time.Duration { return l.wait(user) }

// UpdateLog records the updates handled by any replica: FirstSeen reports
// whether updateID of botID is recorded now for the first time.
type UpdateLog interface {
	FirstSeen(ctx context.Context, botID, updateID int64) (bool, error)
}
