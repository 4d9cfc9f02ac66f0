package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"verbatim/bot"
	"verbatim/bot/pgstate"
	"verbatim/retrieval/pgstore"
	"verbatim/retrieval/pgstore/pgtest"
)

// TestSharedOutboxOutageSparesOtherChats: the database is cut, or hangs
// (accepts but never answers), while a claimed three-part answer is being
// delivered, just after its first part reached the chat, so its progress
// cannot be saved. That save is retried while the claim lasts, but it does
// not hold the delivery loop: an answer to another chat, kept in memory
// because the outbox could not take it, is delivered while the clock is
// still far from the end of the claim. The hung database's store bounds
// its queries by an hour: only the outbox's own bound on each call ends
// them. Once the database is back, the claimed answer resumes from the
// progress saved: each part reaches its chat once, in order.
func TestSharedOutboxOutageSparesOtherChats(t *testing.T) {
	tests := []struct {
		name string
		fail func(*pgtest.Outage)
		// queryTimeout is the store's bound on each query, storeTimeout
		// the outbox's on each call (0: outboxStoreTimeout).
		queryTimeout, storeTimeout time.Duration
		// bounded: some store call of the outbox must end on the outbox's
		// deadline.
		bounded bool
	}{
		{"cut", (*pgtest.Outage).Down, 2 * time.Second, 0, false},
		{"hang", (*pgtest.Outage).Hang, time.Hour, time.Second, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testOutboxOutage(t, tt.fail, tt.queryTimeout, tt.storeTimeout, tt.bounded)
		})
	}
}

func testOutboxOutage(t *testing.T, fail func(*pgtest.Outage), queryTimeout, storeTimeout time.Duration, bounded bool) {
	url, schema := pgtest.Schema(t)
	outage, s := connectThroughOutage(t, url, schema)
	store := &recordedStore{OutboxStore: pgstate.New(s.Pool(), queryTimeout, nil).Outbox(tokenBotID(testToken))}
	clock := newFakeClock()
	api := newAPIServer(t, testToken)
	shared, other := int64(-100960), int64(-100961)
	cut := make(chan struct{})
	var once sync.Once
	api.hold = func(_ *http.Request, method string, params map[string]string) bool {
		if method == "sendMessage" && params["chat_id"] == fmt.Sprint(shared) {
			// The database goes away while the first part is sent.
			once.Do(func() { fail(outage); close(cut) })
		}
		return true
	}
	logs := &syncBuffer{}
	b, err := New(Config{Token: testToken, APIURL: api.URL(), Outbox: store,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))},
		bot.NewCore(nil, bot.Config{}), func() Library { return nil }, nil) // the outbox alone runs
	if err != nil {
		t.Fatal(err)
	}
	b.now = clock.Now
	b.send.sleep = clock.Sleep
	b.outbox.sleep = clock.Sleep
	b.outbox.poll = time.Hour // the waits are the claim's and the backoffs'
	if storeTimeout > 0 {
		b.outbox.storeTimeout = storeTimeout
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("log:\n%s", logs.String())
		}
	})

	pieces := []string{"part 1 of 3", "part 2 of 3", "part 3 of 3"}
	if err := b.outbox.add(context.Background(), &delivery{Chat: shared, Pieces: pieces, NotBefore: clock.Now()}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.runOutbox(ctx)
	}()
	stop := sync.OnceFunc(func() { cancel(); <-done })
	t.Cleanup(stop)      // before the servers close
	t.Cleanup(outage.Up) // before stop: calls still hung (a failed test) return

	select {
	case <-cut:
	case <-time.After(waitLong):
		t.Fatal("the shared answer was never sent")
	}
	cutAt := clock.Now()
	// An answer to another chat deferred now stays in this process.
	added := make(chan error, 1)
	go func() {
		added <- b.outbox.add(context.Background(), &delivery{Chat: other, Pieces: []string{"answer to another chat"}, NotBefore: cutAt})
	}()
	select {
	case err := <-added:
		if err == nil {
			t.Fatal("the outbox took a delivery while the database was out")
		}
	case <-time.After(waitLong):
		t.Fatalf("adding to the outbox still waits for the database %v after the failure", waitLong)
	}
	texts := func(chat int64) []string {
		var got []string
		for _, c := range api.callsOf("sendMessage") {
			if c.Status == http.StatusOK && c.Params["chat_id"] == fmt.Sprint(chat) {
				got = append(got, c.Params["text"])
			}
		}
		return got
	}
	// The clock moves on by seconds (the save is retried meanwhile), then
	// stands: far from the 5 minutes the claim lasts.
	const bound = 30 * time.Second
	for deadline := time.Now().Add(waitLong); len(texts(other)) == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the other chat's answer is still undelivered %v after the cut (on the clock), with the claim held until %v",
				clock.Now().Sub(cutAt), cutAt.Add(outboxLease))
		}
		if clock.Now().Sub(cutAt) < bound {
			clock.Advance(time.Second)
		}
	}

	if got := store.deadlines("Claim", "Extend", "Release"); bounded && got == 0 {
		t.Errorf("no store call of the delivery loop ended on its deadline, want some (the database hangs)")
	}
	outage.Up()
	for deadline := time.Now().Add(waitLong); ; time.Sleep(20 * time.Millisecond) {
		held, err := store.Holds(context.Background(), shared)
		if err == nil && !held && len(texts(shared)) >= len(pieces) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the outage: parts on screen %q, outbox holds the chat: %v (%v)", texts(shared), held, err)
		}
		clock.Advance(10 * time.Second)
	}
	clock.Advance(time.Hour) // the loop looks once more: nothing left
	time.Sleep(100 * time.Millisecond)
	stop()

	if got := texts(shared); !slices.Equal(got, pieces) {
		t.Errorf("the shared answer's chat got %q, want each part once, in order: %q", got, pieces)
	}
	if got, want := texts(other), []string{"answer to another chat"}; !slices.Equal(got, want) {
		t.Errorf("the other chat got %q, want %q", got, want)
	}
	if n := b.outbox.len(); n != 0 {
		t.Errorf("%d deliveries left in the process, want none", n)
	}
}

// recordedStore counts, per method, the calls on an OutboxStore that
// ended on their context's deadline.
type recordedStore struct {
	OutboxStore
	mu       sync.Mutex
	deadline map[string]int
}

func (r *recordedStore) record(method string, err error) {
	if errors.Is(err, context.DeadlineExceeded) {
		r.mu.Lock()
		if r.deadline == nil {
			r.deadline = map[string]int{}
		}
		r.deadline[method]++
		r.mu.Unlock()
	}
}

// deadlines returns the number of calls of methods that ended on their
// deadline.
func (r *recordedStore) deadlines(methods ...string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, m := range methods {
		n += r.deadline[m]
	}
	return n
}

func (r *recordedStore) Add(ctx context.Context, key string, chat int64, notBefore time.Time, delivery []byte) error {
	err := r.OutboxStore.Add(ctx, key, chat, notBefore, delivery)
	r.record("Add", err)
	return err
}

func (r *recordedStore) Claim(ctx context.Context, now time.Time, lease time.Duration) (int64, []byte, bool, time.Duration, error) {
	id, d, ok, wait, err := r.OutboxStore.Claim(ctx, now, lease)
	r.record("Claim", err)
	return id, d, ok, wait, err
}

func (r *recordedStore) Extend(ctx context.Context, id int64, held time.Time, delivery []byte, until time.Time) (bool, error) {
	kept, err := r.OutboxStore.Extend(ctx, id, held, delivery, until)
	r.record("Extend", err)
	return kept, err
}

func (r *recordedStore) Release(ctx context.Context, id int64, held time.Time, delivery []byte, notBefore time.Time, done bool) (bool, error) {
	kept, err := r.OutboxStore.Release(ctx, id, held, delivery, notBefore, done)
	r.record("Release", err)
	return kept, err
}

func (r *recordedStore) Holds(ctx context.Context, chat int64) (bool, error) {
	held, err := r.OutboxStore.Holds(ctx, chat)
	r.record("Holds", err)
	return held, err
}

// connectThroughOutage connects a store to the test schema through a
// proxy the test can cut, hang or strand (pgtest.Outage).
func connectThroughOutage(t *testing.T, url, schema string) (*pgtest.Outage, *pgstore.Store) {
	t.Helper()
	outage, proxied := pgtest.NewOutage(t, url)
	s, err := pgstore.Connect(context.Background(), pgstore.Config{URL: proxied, Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return outage, s
}
