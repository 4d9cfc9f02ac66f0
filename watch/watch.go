// Package watch keeps watched questions and alerts their owners when a
// publication adds articles that answer them: only the articles that
// publication added are matched, with the same core and verdict as
// answers, each (watch, article) at most once, across restarts and
// replicas.
package watch

import (
	"context"
	"errors"
	"time"
)

// Watch is a question or topic someone asked to be alerted about.
type Watch struct {
	ID int64 `json:"id"`
	// Chat is the Telegram chat the alerts go to; 0 is the terminal's
	// (verbatim watch).
	Chat      int64     `json:"chat"`
	Text      string    `json:"text"`
	Created   time.Time `json:"created"`
	LastFired time.Time `json:"last_fired,omitzero"`
}

// Noted is what a consumer recorded of an article it saw: when first,
// and whether the watches were matched against it.
type Noted struct {
	FirstSeen time.Time
	Done      bool
}

// Claim is an alert claimed for a watch and not yet marked sent: the
// articles it was for.
type Claim struct {
	Watch    int64
	Articles []string
}

// ErrNotFound is returned when a watch to remove does not exist (or is
// another chat's).
var ErrNotFound = errors.New("no such watch")

// Watches keeps the watches.
type Watches interface {
	// Add stores w with a new ID and returns it.
	Add(ctx context.Context, w Watch) (Watch, error)
	// List returns the watches of chat, oldest first; all of them when
	// all is set.
	List(ctx context.Context, chat int64, all bool) ([]Watch, error)
	// Remove deletes watch id of chat (ErrNotFound when there is none),
	// with its progress.
	Remove(ctx context.Context, chat, id int64) error
}

// Progress records, per consumer (the bot, the terminal), the articles
// seen and those matched.
type Progress interface {
	// Seen returns every article consumer noted.
	Seen(ctx context.Context, consumer string) (map[string]Noted, error)
	// Note records ids as first seen at, keeping the time of those
	// already noted, and returns the first-seen time of each.
	Note(ctx context.Context, consumer string, ids []string, at time.Time) (map[string]time.Time, error)
	// Done records that ids were matched.
	Done(ctx context.Context, consumer string, ids []string) error
}

// Claims makes each alert sent once by one process.
type Claims interface {
	// Claim claims the (watch, article) pairs not claimed yet, all at
	// once for the watch, and returns the articles claimed.
	Claim(ctx context.Context, watch int64, ids []string, at time.Time) ([]string, error)
	// Sent marks the watch's claims of ids sent, and the watch fired at.
	Sent(ctx context.Context, watch int64, ids []string, at time.Time) error
	// Unsent takes over the claims claimed before and never marked sent
	// (a process stopped between claim and send), each one once: a
	// second call does not return them again.
	Unsent(ctx context.Context, before time.Time) ([]Claim, error)
}

// Store keeps the watches, the progress and the claims.
type Store interface {
	Watches
	Progress
	Claims
}
