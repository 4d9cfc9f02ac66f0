package pgstate

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestUpdateLogOnceAcrossReplicas: two replicas offered the same updates
// at once handle each exactly once; another bot's same id is its own; ids
// older than the retention are pruned.
func TestUpdateLogOnceAcrossReplicas(t *testing.T) {
	s, other := replicas(t)
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	var clockMu sync.Mutex
	clock := func() time.Time {
		clockMu.Lock()
		defer clockMu.Unlock()
		return now
	}
	logs := []*UpdateLog{s.UpdateLog(clock), other.UpdateLog(clock)}
	ctx := context.Background()

	const updates = 50
	var mu sync.Mutex
	handled := map[int64]int{}
	var wg sync.WaitGroup
	for _, l := range logs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := int64(1); id <= updates; id++ {
				first, err := l.FirstSeen(ctx, 1, id)
				if err != nil {
					t.Error(err)
					return
				}
				if first {
					mu.Lock()
					handled[id]++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for id := int64(1); id <= updates; id++ {
		if handled[id] != 1 {
			t.Errorf("update %d handled %d times, want 1", id, handled[id])
		}
	}

	tests := []struct {
		name    string
		advance time.Duration
		bot, id int64
		want    bool
	}{
		{"same update again", 0, 1, 7, false},
		{"another bot's update of the same id", 0, 2, 7, true},
		{"forgotten after the retention", 3 * updateLogKeep, 1, 8, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clockMu.Lock()
			now = now.Add(tt.advance)
			clockMu.Unlock()
			if tt.advance > 0 {
				// Pruning runs every 100 records: make it run now.
				logs[0].mu.Lock()
				logs[0].added = 0
				logs[0].mu.Unlock()
				if _, err := logs[0].FirstSeen(ctx, 3, 1); err != nil {
					t.Fatal(err)
				}
			}
			got, err := logs[1].FirstSeen(ctx, tt.bot, tt.id)
			if err != nil || got != tt.want {
				t.Errorf("FirstSeen(%d, %d) = %v, %v; want %v", tt.bot, tt.id, got, err, tt.want)
			}
		})
	}
}
