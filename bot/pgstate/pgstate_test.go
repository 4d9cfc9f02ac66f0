package pgstate

import (
	"context"
	"testing"
	"time"

	"verbatim/bot"
	"verbatim/retrieval/pgstore"
	"verbatim/retrieval/pgstore/pgtest"
)

// replicas returns two DBs, as two serve replicas would have, over one
// migrated schema of the test's own; it skips without DATABASE_URL.
func replicas(t *testing.T) (*DB, *DB) {
	t.Helper()
	url, schema := pgtest.Schema(t)
	cfg := pgstore.Config{URL: url, Schema: schema}
	var dbs [2]*DB
	for i := range dbs {
		s, err := pgstore.Connect(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		dbs[i] = New(s.Pool(), 10*time.Second, nil)
	}
	return dbs[0], dbs[1]
}

func TestConversationsShared(t *testing.T) {
	s, other := replicas(t)
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	a := s.Conversations(time.Hour, 3, clock)
	b := other.Conversations(time.Hour, 3, clock)

	if _, ok := b.Last("42"); ok {
		t.Fatal("Last on an empty store found a turn")
	}
	for i, q := range []string{"q1", "q2", "q3", "q4"} {
		st := a
		if i%2 == 1 {
			st = b
		}
		st.Append("42", bot.Turn{Question: q, Answer: bot.Answer{Text: "answer to " + q}})
	}
	tests := []struct {
		name    string
		advance time.Duration
		want    []string
	}{
		{"at most three turns, shared", 0, []string{"q2", "q3", "q4"}},
		{"expired after the TTL", 2 * time.Hour, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now = now.Add(tt.advance)
			var got []string
			for _, turn := range a.Turns("42") {
				got = append(got, turn.Question)
			}
			if len(got) != len(tt.want) || len(got) > 0 && got[len(got)-1] != tt.want[len(tt.want)-1] || len(got) > 0 && got[0] != tt.want[0] {
				t.Errorf("Turns = %v, want %v", got, tt.want)
			}
		})
	}
	if turn, ok := a.Last("7"); ok {
		t.Errorf("Last of another chat = %+v", turn)
	}

	// A citation keeps its chunk id and quote offsets for the [n] buttons
	// of any replica.
	cite := bot.Citation{N: 1, Quote: "« non »", DocID: "a1", ChunkID: "a1#1", QuoteStart: 52, QuoteEnd: 61, Verified: true}
	a.Append("9", bot.Turn{Question: "q", Answer: bot.Answer{Citations: []bot.Citation{cite}}})
	if turn, ok := b.Last("9"); !ok || len(turn.Answer.Citations) != 1 || turn.Answer.Citations[0] != cite {
		t.Errorf("citation read by the other replica = %+v, want %+v", turn.Answer.Citations, cite)
	}
}

func TestRateLimiterShared(t *testing.T) {
	s, other := replicas(t)
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	a, b := s.RateLimiter(3, clock), other.RateLimiter(3, clock)
	steps := []struct {
		lim              *RateLimiter
		advance          time.Duration
		wantOK, wantWarn bool
	}{
		{a, 0, true, false},
		{b, 0, true, false},
		{a, 0, true, false},
		{b, 0, false, true},  // the fourth in a minute, on either replica
		{a, 0, false, false}, // warned once only
		{b, 20 * time.Second, true, false},
	}
	for i, st := range steps {
		now = now.Add(st.advance)
		ok, warn := st.lim.Allow(7)
		if ok != st.wantOK || warn != st.wantWarn {
			t.Errorf("step %d: Allow = %v, %v; want %v, %v", i, ok, warn, st.wantOK, st.wantWarn)
		}
	}
	if w := a.Wait(7); w <= 0 || w > 20*time.Second {
		t.Errorf("Wait = %v, want (0, 20s]", w)
	}
	if ok, _ := a.Allow(8); !ok {
		t.Error("another user is limited")
	}
}
