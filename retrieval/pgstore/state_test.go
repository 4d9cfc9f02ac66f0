package pgstore

import (
	"context"
	"testing"
	"time"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/retrieval"
)

func TestConversationsShared(t *testing.T) {
	s, cfg := testStore(t)
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	// Two replicas: two stores over the same schema.
	other, err := Connect(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
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
}

func TestRateLimiterShared(t *testing.T) {
	s, cfg := testStore(t)
	other, err := Connect(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
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

func TestWatchSeesNewGeneration(t *testing.T) {
	s, cfg := testStore(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	e := retrieval.NewLocalEmbedder()
	if _, _, err := s.Build(ctx, &corpus.Result{Articles: testArticles(3, nil)}, e, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	replica, err := Connect(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	// The watcher holds a connection: stop it before closing the pool.
	defer func() { cancel(); replica.Close() }()
	_, gen, err := replica.Open(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan int, 1)
	// A long interval: only the notification can deliver in time.
	go replica.Watch(ctx, e, gen, time.Minute, func(ix *retrieval.Index, _ int64) { got <- ix.Info().Articles })
	time.Sleep(200 * time.Millisecond) // let it LISTEN
	if _, _, err := s.Build(ctx, &corpus.Result{Articles: testArticles(5, nil)}, e, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	select {
	case n := <-got:
		if n != 5 {
			t.Errorf("the replica loaded %d articles, want 5", n)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the replica did not pick up the new generation within 10s")
	}
}
