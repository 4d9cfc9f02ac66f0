package telegram

import (
	"context"
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

// TestSharedOutboxOutageSparesOtherChats: the database is cut while a
// claimed three-part answer is being delivered, just after its first part
// reached the chat, so its progress cannot be saved. That save is retried
// while the claim lasts, but it does not hold the delivery loop: an answer
// to another chat, kept in memory because the outbox could not take it,
// is delivered while the clock is still far from the end of the claim.
// Once the database is back, the claimed answer resumes from the progress
// saved: each part reaches its chat once, in order.
func TestSharedOutboxOutageSparesOtherChats(t *testing.T) {
	url, schema := pgtest.Schema(t)
	outage, proxied := pgtest.NewOutage(t, url)
	s, err := pgstore.Connect(context.Background(), pgstore.Config{URL: proxied, Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	store := pgstate.New(s.Pool(), 2*time.Second, nil).Outbox(tokenBotID(testToken))
	clock := newFakeClock()
	api := newAPIServer(t, testToken)
	shared, other := int64(-100960), int64(-100961)
	cut := make(chan struct{})
	var once sync.Once
	api.hold = func(_ *http.Request, method string, params map[string]string) bool {
		if method == "sendMessage" && params["chat_id"] == fmt.Sprint(shared) {
			// The database goes away while the first part is sent.
			once.Do(func() { outage.Down(); close(cut) })
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
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("log:\n%s", logs.String())
		}
	})

	pieces := []string{"part 1 of 3", "part 2 of 3", "part 3 of 3"}
	if err := b.outbox.add(&delivery{Chat: shared, Pieces: pieces, NotBefore: clock.Now()}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.runOutbox(ctx)
	}()
	stop := sync.OnceFunc(func() { cancel(); <-done })
	t.Cleanup(stop) // before the servers close

	select {
	case <-cut:
	case <-time.After(waitLong):
		t.Fatal("the shared answer was never sent")
	}
	cutAt := clock.Now()
	// An answer to another chat deferred now stays in this process.
	if err := b.outbox.add(&delivery{Chat: other, Pieces: []string{"answer to another chat"}, NotBefore: cutAt}); err == nil {
		t.Fatal("the outbox took a delivery while the database was cut")
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
