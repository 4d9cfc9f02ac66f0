package pgstate

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestOutboxClaimsOnce: two replicas claiming at once take each delivery
// once; a chat's deliveries go in order, held together by a retry_after;
// a claim whose lease ran out is taken over.
func TestOutboxClaimsOnce(t *testing.T) {
	s, other := replicas(t)
	ctx := context.Background()
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	a, b := s.Outbox(1), other.Outbox(1)
	const chats, per = 5, 4
	for i := range per {
		for chat := range int64(chats) {
			if err := a.Add(ctx, "", chat, now, fmt.Appendf(nil, `{"n":%d}`, i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := a.Add(ctx, "", 99, now, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.Outbox(2).Add(ctx, "", 1, now, []byte(`{"bot":2}`)); err != nil { // another bot's
		t.Fatal(err)
	}

	// Both replicas deliver until nothing is due: each delivery once, a
	// chat's in order.
	var mu sync.Mutex
	got := map[int64][]string{}
	var wg sync.WaitGroup
	for _, o := range []*Outbox{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for idle := 0; idle < 20; {
				id, data, ok, _, err := o.Claim(ctx, now, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if !ok {
					idle++
					time.Sleep(5 * time.Millisecond)
					continue
				}
				var chat int64
				if err := s.pool.QueryRow(ctx, "SELECT chat FROM telegram_outbox WHERE id = $1", id).Scan(&chat); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				got[chat] = append(got[chat], string(data))
				mu.Unlock()
				if chat == 99 {
					// Rate-limited again: given back, held for 150 s.
					if kept, err := o.Release(ctx, id, now.Add(time.Minute), []byte(`{"again":true}`), now.Add(150*time.Second), false); err != nil || !kept {
						t.Error(kept, err)
					}
					continue
				}
				if kept, err := o.Release(ctx, id, now.Add(time.Minute), nil, time.Time{}, true); err != nil || !kept {
					t.Error(kept, err)
				}
			}
		}()
	}
	wg.Wait()
	for chat := range int64(chats) {
		want := []string{`{"n": 0}`, `{"n": 1}`, `{"n": 2}`, `{"n": 3}`}
		if fmt.Sprint(got[chat]) != fmt.Sprint(want) {
			t.Errorf("chat %d delivered %v, want %v", chat, got[chat], want)
		}
	}
	if len(got[99]) != 1 {
		t.Errorf("chat 99 claimed %d times before its retry_after, want 1", len(got[99]))
	}

	tests := []struct {
		name     string
		at       time.Time
		lease    time.Duration
		wantOK   bool
		wantData string
		wantWait time.Duration
	}{
		{"held by the retry_after", now.Add(149 * time.Second), time.Minute, false, "", time.Second},
		{"due: claimed with its progress", now.Add(150 * time.Second), time.Minute, true, `{"again": true}`, 0},
		{"claimed by another replica", now.Add(170 * time.Second), time.Minute, false, "", 40 * time.Second},
		{"lease over: taken over", now.Add(211 * time.Second), time.Minute, true, `{"again": true}`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, data, ok, wait, err := b.Claim(ctx, tt.at, tt.lease)
			if err != nil || ok != tt.wantOK || string(data) != tt.wantData || wait != tt.wantWait {
				t.Errorf("Claim = %s, %v, %v, %v; want %s, %v, %v", data, ok, wait, err, tt.wantData, tt.wantOK, tt.wantWait)
			}
		})
	}
	if held, err := a.Holds(ctx, 99); err != nil || !held {
		t.Errorf("Holds(99) = %v, %v; want true", held, err)
	}
	if held, err := a.Holds(ctx, 3); err != nil || held {
		t.Errorf("Holds(3) = %v, %v; want false once delivered", held, err)
	}
	if _, data, ok, _, err := s.Outbox(2).Claim(ctx, now, time.Minute); err != nil || !ok || string(data) != `{"bot": 2}` {
		t.Errorf("the other bot's delivery: %s, %v, %v", data, ok, err)
	}
}

// TestOutboxClaimIsFenced: a replica whose claim ran out and was taken
// over can neither save progress over the new holder's, nor give the
// delivery back, nor remove it; the holder renews its claim and saves its
// progress, which a take-over then resumes from.
func TestOutboxClaimIsFenced(t *testing.T) {
	s, other := replicas(t)
	ctx := context.Background()
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC).Add(123456789 * time.Nanosecond) // sub-microsecond on purpose
	a, b := s.Outbox(1), other.Outbox(1)
	if err := a.Add(ctx, "", 7, now, []byte(`{"pieces": ["1", "2", "3"]}`)); err != nil {
		t.Fatal(err)
	}
	id, _, ok, _, err := a.Claim(ctx, now, time.Minute)
	if err != nil || !ok {
		t.Fatalf("Claim = %v, %v", ok, err)
	}
	heldA := now.Add(time.Minute)
	// a sends piece 1 and saves it, renewing its claim.
	if kept, err := a.Extend(ctx, id, heldA, []byte(`{"pieces": ["2", "3"]}`), now.Add(2*time.Minute)); err != nil || !kept {
		t.Fatalf("Extend by the holder = %v, %v; want true", kept, err)
	}
	if _, _, ok, wait, err := b.Claim(ctx, now.Add(90*time.Second), time.Minute); err != nil || ok || wait.Round(time.Millisecond) != 30*time.Second {
		t.Fatalf("Claim within the extended claim = %v, %v, %v; want false, 30s", ok, wait, err)
	}
	heldA = now.Add(2 * time.Minute)
	// a stalls past its claim: b takes over where a's progress stands.
	takeOver := now.Add(2*time.Minute + time.Second)
	_, data, ok, _, err := b.Claim(ctx, takeOver, time.Minute)
	if err != nil || !ok || string(data) != `{"pieces": ["2", "3"]}` {
		t.Fatalf("take-over Claim = %s, %v, %v; want the progress a saved", data, ok, err)
	}
	heldB := takeOver.Add(time.Minute)

	tests := []struct {
		name     string
		call     func() (bool, error)
		wantKept bool
		wantData string // the row's delivery after the call, "" once removed
	}{
		{"the old holder cannot save progress", func() (bool, error) {
			return a.Extend(ctx, id, heldA, []byte(`{"pieces": ["3"]}`), takeOver.Add(5*time.Minute))
		}, false, `{"pieces": ["2", "3"]}`},
		{"the old holder cannot give it back", func() (bool, error) {
			return a.Release(ctx, id, heldA, []byte(`{"pieces": ["3"]}`), takeOver, false)
		}, false, `{"pieces": ["2", "3"]}`},
		{"the old holder cannot remove it", func() (bool, error) {
			return a.Release(ctx, id, heldA, nil, time.Time{}, true)
		}, false, `{"pieces": ["2", "3"]}`},
		{"the new holder saves progress", func() (bool, error) {
			kept, err := b.Extend(ctx, id, heldB, []byte(`{"pieces": ["3"]}`), takeOver.Add(2*time.Minute))
			heldB = takeOver.Add(2 * time.Minute)
			return kept, err
		}, true, `{"pieces": ["3"]}`},
		{"the new holder removes it once delivered", func() (bool, error) {
			return b.Release(ctx, id, heldB, nil, time.Time{}, true)
		}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kept, err := tt.call()
			if err != nil || kept != tt.wantKept {
				t.Errorf("kept = %v, %v; want %v", kept, err, tt.wantKept)
			}
			var got string
			if err := s.pool.QueryRow(ctx, "SELECT delivery::text FROM telegram_outbox WHERE id = $1", id).Scan(&got); err != nil && tt.wantData != "" {
				t.Fatal(err)
			}
			if got != tt.wantData {
				t.Errorf("delivery = %s, want %s", got, tt.wantData)
			}
		})
	}
}

// TestOutboxAddKeyedOnce: an Add of a key added before adds nothing,
// whether the delivery still waits or was sent (removed) since; a key is
// the bot's own, and an Add without a key always adds.
func TestOutboxAddKeyedOnce(t *testing.T) {
	s, _ := replicas(t)
	ctx := context.Background()
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	const chat = 1
	count := func(bot int64) int {
		t.Helper()
		var n int
		if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM telegram_outbox WHERE bot_id = $1", bot).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	tests := []struct {
		name        string
		bot         int64
		first, then string // the keys of the two Adds
		// sent: the first delivery is claimed and removed before the
		// second Add.
		sent bool
		want int // deliveries waiting after the second Add
	}{
		{"waiting", 1, "k", "k", false, 1},
		{"sent since", 2, "k", "k", true, 0},
		{"no key", 3, "", "", false, 2},
		// Bot 4's first key is bot 1's: each bot's keys are its own.
		{"another key", 4, "k", "other", false, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := s.Outbox(tt.bot)
			if err := o.Add(ctx, tt.first, chat, now, []byte(`{"n":1}`)); err != nil {
				t.Fatal(err)
			}
			if tt.sent {
				id, _, ok, _, err := o.Claim(ctx, now, time.Minute)
				if err != nil || !ok {
					t.Fatalf("claim: ok %v, err %v", ok, err)
				}
				if kept, err := o.Release(ctx, id, now.Add(time.Minute), nil, time.Time{}, true); err != nil || !kept {
					t.Fatalf("release: kept %v, err %v", kept, err)
				}
			}
			if err := o.Add(ctx, tt.then, chat, now, []byte(`{"n":2}`)); err != nil {
				t.Fatal(err)
			}
			if got := count(tt.bot); got != tt.want {
				t.Errorf("%d deliveries waiting after adding keys %q then %q, want %d", got, tt.first, tt.then, tt.want)
			}
		})
	}
}
