package bot

import "time"

// DefaultConversationTurns is how many turns of a chat are kept when the
// configuration says nothing.
const DefaultConversationTurns = 6

// Retention says which turns of a chat are remembered: those younger than
// TTL (0: any age), at most the MaxTurns most recent. Every conversation
// store, embedded or shared, forgets turns through it, so that a chat
// remembers the same turns whichever store keeps it.
type Retention struct {
	TTL      time.Duration
	MaxTurns int
	Now      func() time.Time
}

// NewRetention returns the retention of ttl and maxTurns (<= 0:
// DefaultConversationTurns); now defaults to time.Now.
func NewRetention(ttl time.Duration, maxTurns int, now func() time.Time) Retention {
	if maxTurns <= 0 {
		maxTurns = DefaultConversationTurns
	}
	if now == nil {
		now = time.Now
	}
	return Retention{TTL: ttl, MaxTurns: maxTurns, Now: now}
}

// Expired reports whether a turn made at is forgotten.
func (r Retention) Expired(at time.Time) bool {
	return r.TTL > 0 && r.Now().Sub(at) >= r.TTL
}

// Live returns the unexpired turns among turns, at most MaxTurns, the most
// recent kept. The slice is new: the caller may keep or change it.
func (r Retention) Live(turns []Turn) []Turn {
	var out []Turn
	for _, t := range turns {
		if !r.Expired(t.At) {
			out = append(out, t)
		}
	}
	if len(out) > r.MaxTurns {
		out = append([]Turn(nil), out[len(out)-r.MaxTurns:]...)
	}
	return out
}
