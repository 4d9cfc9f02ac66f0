package pgstore

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// lockHolder returns the backend pid holding the advisory lock key, 0 when
// none does.
func (s *Store) lockHolder(t *testing.T, key int64) int32 {
	t.Helper()
	var pids []int32
	rows, err := s.pool.Query(t.Context(), `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
		AND objsubid = 1 AND classid::bigint = $1 AND objid::bigint = $2`, int64(uint64(key)>>32), int64(uint32(key)))
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var pid int32
		if err := rows.Scan(&pid); err != nil {
			t.Fatal(err)
		}
		pids = append(pids, pid)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(pids) > 1 {
		t.Fatalf("lock held by %d sessions", len(pids))
	}
	if len(pids) == 0 {
		return 0
	}
	return pids[0]
}

// waitHeld waits until g reports held == want.
func waitHeld(t *testing.T, g *PollerGuard, want bool, within time.Duration) {
	t.Helper()
	deadline := time.After(within)
	for {
		held, changed := g.Held()
		if held == want {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("Held = %v after %v, want %v", held, within, want)
		}
	}
}

func TestPollerGuardSurvivesLostSession(t *testing.T) {
	s, cfg := testStore(t)
	other, err := Connect(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	opts := GuardOptions{Interval: 100 * time.Millisecond, Grace: 400 * time.Millisecond}
	const bot = 4242
	a, err := s.GuardPoller(t.Context(), bot, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if held, _ := a.Held(); held {
		t.Error("held before the grace")
	}
	waitHeld(t, a, true, 3*time.Second)
	if _, err := other.GuardPoller(t.Context(), bot, opts); !errors.Is(err, ErrPollerBusy) {
		t.Fatalf("second guard: err = %v, want ErrPollerBusy", err)
	}

	// The database ends a's session (as a restart does): a stops, and a
	// second serve starting now takes the slot. At no moment do both
	// report it held.
	var both atomic.Bool
	b := make(chan *PollerGuard, 1)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() {
		for ctx.Err() == nil {
			g, err := other.GuardPoller(ctx, bot, opts)
			if err == nil {
				b <- g
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	key := s.lockKey("poller 4242")
	pid := s.lockHolder(t, key)
	if pid == 0 {
		t.Fatal("no session holds the slot")
	}
	s.exec(t, "SELECT pg_terminate_backend($1)", pid)
	var second *PollerGuard
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		heldA, _ := a.Held()
		heldB := false
		select {
		case second = <-b:
		default:
		}
		if second != nil {
			heldB, _ = second.Held()
		}
		if heldA && heldB {
			both.Store(true)
		}
	}
	if both.Load() {
		t.Error("both guards held the slot at once: two pollers")
	}
	heldA, _ := a.Held()
	switch {
	case second != nil:
		defer second.Close()
		if heldB, _ := second.Held(); !heldB || heldA {
			t.Errorf("after the loss: first held %v, second %v; want only the second", heldA, heldB)
		}
		// When the second stops, the first takes the slot again.
		second.Close()
		waitHeld(t, a, true, 3*time.Second)
	case !heldA:
		t.Error("after the loss nobody holds the slot")
	}
	if got := s.lockHolder(t, key); got == 0 || got == pid {
		t.Errorf("lock holder = %d, want a new session (old %d)", got, pid)
	}
}

func TestPollerGuardRetakesAfterReconnect(t *testing.T) {
	s, _ := testStore(t)
	opts := GuardOptions{Interval: 100 * time.Millisecond, Grace: 300 * time.Millisecond}
	g, err := s.GuardPoller(t.Context(), 77, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	waitHeld(t, g, true, 3*time.Second)
	key := s.lockKey("poller 77")
	for i := range 2 {
		pid := s.lockHolder(t, key)
		s.exec(t, "SELECT pg_terminate_backend($1)", pid)
		waitHeld(t, g, false, 3*time.Second)
		waitHeld(t, g, true, 3*time.Second)
		if got := s.lockHolder(t, key); got == 0 || got == pid {
			t.Errorf("restart %d: holder %d, want a new session (old %d)", i, got, pid)
		}
		if err := g.Err(); err != nil {
			t.Errorf("restart %d: Err = %v once held again", i, err)
		}
	}
	g.Close()
	// The server ends the session shortly after the client leaves.
	for end := time.Now().Add(3 * time.Second); s.lockHolder(t, key) != 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("3s after Close the lock is held by %d", s.lockHolder(t, key))
		}
	}
}
