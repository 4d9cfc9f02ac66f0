package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock tests move by hand: sleep blocks until advance
// passes its deadline (or ctx ends).
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []clockWaiter
	changed chan struct{}
}

type clockWaiter struct {
	at time.Time
	ch chan struct{}
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Now(), changed: make(chan struct{})}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) notifyLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// Sleep waits until the clock has moved d forward or ctx ends.
func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	w := clockWaiter{at: c.now.Add(d), ch: make(chan struct{})}
	if d <= 0 {
		c.mu.Unlock()
		return ctx.Err()
	}
	c.waiters = append(c.waiters, w)
	c.notifyLocked()
	c.mu.Unlock()
	select {
	case <-w.ch:
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		for i, x := range c.waiters {
			if x.ch == w.ch {
				c.waiters = append(c.waiters[:i], c.waiters[i+1:]...)
				break
			}
		}
		c.notifyLocked()
		c.mu.Unlock()
		return ctx.Err()
	}
}

// Advance moves the clock forward by d, waking the sleepers due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			close(w.ch)
		} else {
			kept = append(kept, w)
		}
	}
	c.waiters = kept
	c.notifyLocked()
}

// waitSleeper waits until someone sleeps until at least at, and fails the
// test after waitLong.
func (c *fakeClock) waitSleeper(t *testing.T, at time.Time) {
	t.Helper()
	c.waitSleeperIn(t, at, time.Time{})
}

// waitSleeperIn waits until someone sleeps until a time from from to to
// (zero: no end), and fails the test after waitLong. A bounded wait tells
// the sleeper the test means from one sleeping until later (another
// replica waiting for a claim to end).
func (c *fakeClock) waitSleeperIn(t *testing.T, from, to time.Time) {
	t.Helper()
	deadline := time.After(waitLong)
	for {
		c.mu.Lock()
		found := false
		for _, w := range c.waiters {
			if !w.at.Before(from) && (to.IsZero() || !w.at.After(to)) {
				found = true
			}
		}
		changed := c.changed
		c.mu.Unlock()
		if found {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("nobody sleeps until a time from %v to %v", from, to)
		}
	}
}

// TestLongRetryAfterLosesNothing: the final edit of a group answer gets
// 429 with retry_after 150 s, then again 150 s. The placeholder on screen
// is never deleted, the answer is edited into it once Telegram allows,
// however long that is, also across a restart in the middle of the wait.
func TestLongRetryAfterLosesNothing(t *testing.T) {
	tests := []struct {
		name    string
		restart bool
	}{
		{"waited out in process", false},
		{"waited out across a restart", true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeOpenAI(t, zakharovaReply)
			f.Runes, f.Pause = 40, time.Millisecond
			clock := newFakeClock()
			state := t.TempDir()
			api := newAPIServer(t, testToken)
			opts := harnessOptions{coreModel: newModel(f), api: api, stateDir: state, tune: func(b *Bot) {
				b.groupEditEvery = time.Hour // one placeholder, then only the final edit
				b.now = clock.Now
				b.send.sleep = clock.Sleep
			}}
			h := startHarness(t, opts)
			group := int64(-100700 - i)
			api.fail("editMessageText", http.StatusTooManyRequests, "Too Many Requests: retry after 150", 150)
			api.fail("editMessageText", http.StatusTooManyRequests, "Too Many Requests: retry after 150", 150)
			start := clock.Now()
			placeholder := h.ask(t, group, "supergroup", user(9, "fr"), "/ask@VerbatimBot Qu’a déclaré Maria Zakharova ?", nil)
			clock.waitSleeper(t, start.Add(150*time.Second))

			if _, err := os.Stat(filepath.Join(state, outboxFile)); err != nil {
				t.Errorf("the deferred answer is not persisted: %v", err)
			}
			if tt.restart {
				h.stop(t)
				var kept outboxState
				data, err := os.ReadFile(filepath.Join(state, outboxFile))
				if err != nil || json.Unmarshal(data, &kept) != nil || len(kept.Deliveries) != 1 {
					t.Fatalf("outbox after shutdown = %s (%v), want one delivery", data, err)
				}
				if d := kept.Deliveries[0]; d.Placeholder != placeholder.MessageID || !isAnswer(d.Pieces[0]) {
					t.Errorf("kept delivery %+v, want the answer for placeholder %d", d, placeholder.MessageID)
				}
				h = startHarness(t, opts)
				clock.waitSleeper(t, start.Add(150*time.Second))
			}
			clock.Advance(150 * time.Second) // the second 429
			clock.waitSleeper(t, start.Add(300*time.Second))
			clock.Advance(149 * time.Second)
			if n := len(api.callsOf("editMessageText")); n != 2 {
				t.Errorf("%d edits before the second retry_after ended, want 2", n)
			}
			clock.Advance(time.Second)
			api.waitCalls(t, "editMessageText", waitLong, func(c []apiCall) bool { return len(c) == 3 && c[2].Status == http.StatusOK })
			for deadline := time.Now().Add(waitLong); h.bot.outbox.len() > 0; time.Sleep(5 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("the outbox never emptied")
				}
			}
			h.stop(t)

			screen := api.screen(group)
			if len(screen) != 1 || !isAnswer(screen[placeholder.MessageID]) {
				t.Errorf("the chat shows %q, want the answer in placeholder %d", screen, placeholder.MessageID)
			}
			if n := len(api.callsOf("deleteMessage")); n != 0 {
				t.Errorf("%d deleteMessage calls, want none: the text on screen stays until replaced", n)
			}
			if edits := api.callsOf("editMessageText"); edits[2].Params["message_id"] != strconv.Itoa(placeholder.MessageID) {
				t.Errorf("the answer was edited into message %s, want %d", edits[2].Params["message_id"], placeholder.MessageID)
			}
			if _, err := os.Stat(filepath.Join(state, outboxFile)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("outbox file left after delivery: %v", err)
			}
		})
	}
}

// TestOutboxLoopWorksOnACopy: the delivery the loop takes from the outbox
// is its own copy: the loop changes it (a part sent) while other
// goroutines read the outbox (add writes the file with every delivery in
// it, under the lock; go test -race saw the conflict in
// TestRateLimitStorm), and update writes the progress back, under the
// lock: to the items and the file.
func TestOutboxLoopWorksOnACopy(t *testing.T) {
	state := t.TempDir()
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	o, err := openOutbox(state, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	if err := o.add(context.Background(), &delivery{Chat: 1, Pieces: []string{"part 1 of 2", "part 2 of 2"}, NotBefore: now}); err != nil {
		t.Fatal(err)
	}
	d, _ := o.next(context.Background())
	if d == nil {
		t.Fatal("next returned nothing, want the delivery due")
	}
	d.Pieces, d.Failures = d.Pieces[1:], 1 // what the loop does as it goes
	kept := func() []string {
		o.mu.Lock()
		defer o.mu.Unlock()
		return o.items[0].Pieces
	}
	filed := func() []string {
		var st outboxState
		data, err := os.ReadFile(filepath.Join(state, outboxFile))
		if err != nil || json.Unmarshal(data, &st) != nil || len(st.Deliveries) != 1 {
			t.Fatalf("outbox file %s (%v), want one delivery", data, err)
		}
		return st.Deliveries[0].Pieces
	}
	all := []string{"part 1 of 2", "part 2 of 2"}
	if got := kept(); !slices.Equal(got, all) {
		t.Errorf("while the loop works, the outbox holds %q, want %q (unchanged)", got, all)
	}
	if err := o.update(context.Background(), d, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	rest := []string{"part 2 of 2"}
	if got := kept(); !slices.Equal(got, rest) {
		t.Errorf("after update the outbox holds %q, want %q", got, rest)
	}
	if got := filed(); !slices.Equal(got, rest) {
		t.Errorf("after update the file holds %q, want %q", got, rest)
	}
	if next, wait := o.next(context.Background()); next != nil || wait != time.Minute {
		t.Errorf("next after update = %v, %v; want nothing due for 1m0s", next, wait)
	}
	now = now.Add(time.Minute)
	d, _ = o.next(context.Background())
	if d == nil || d.Failures != 1 {
		t.Fatalf("next once due = %+v, want the delivery with its failure counted", d)
	}
	d.Pieces = nil
	if err := o.update(context.Background(), d, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if n := o.len(); n != 0 {
		t.Errorf("%d deliveries left once delivered, want 0", n)
	}
	if _, err := os.Stat(filepath.Join(state, outboxFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("outbox file left after delivery: %v", err)
	}
}
