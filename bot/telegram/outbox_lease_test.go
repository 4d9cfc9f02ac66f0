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
	"verbatim/retrieval/pgstore/pgtest"
)

// leaseReplica is one process delivering a shared outbox: its own Bot API
// server (so that the test knows who sent what), its own connection to
// the database, through a proxy the test can cut.
type leaseReplica struct {
	bot    *Bot
	api    *apiServer
	outage *pgtest.Outage
	store  *pgstate.Outbox
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan struct{}
}

// TestSharedOutboxLeaseNeverSendsTwice: a four-part answer deferred into
// a PostgreSQL outbox two replicas share, on a fake clock. However long
// its sends take (each slower than half the lease, one hanging past the
// lease, the delivering replica dying mid-delivery, a retry_after twice
// the lease, the database away when the last part is recorded), each part
// reaches the chat once and in order: the claim is renewed with the
// progress before each send, a send cannot outlive the claim, a 429 is
// waited out of the claim, and a take-over resumes at the first part not
// sent.
func TestSharedOutboxLeaseNeverSendsTwice(t *testing.T) {
	pieces := []string{"part 1 of 4", "part 2 of 4", "part 3 of 4", "part 4 of 4"}
	tests := []struct {
		name string
		// slow is how long each send takes on the clock.
		slow time.Duration
		// hang is the send (1-based, over both replicas) that hangs until
		// its caller gives up; 0 for none. Telegram never acts on it.
		hang int
		// dies: the replica making the hanging send loses the database
		// when it starts, as if the process died.
		dies bool
		// limited is the send that gets 429 with a retry_after of 10
		// minutes, twice the lease; 0 for none.
		limited int
		// away is the send during which its replica's database is away
		// for a while (its progress is saved once it is back); 0 for none.
		away int
	}{
		{name: "each send takes 3 of the lease's 5 minutes", slow: 3 * time.Minute},
		{name: "the second send hangs past the lease", hang: 2},
		{name: "the delivering replica dies during the second send", hang: 2, dies: true},
		{name: "the third send gets a retry_after twice the lease", limited: 3},
		{name: "the database is away while the last part is sent", away: 4},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, schema := pgtest.Schema(t)
			clock := newFakeClock()
			chat := int64(-100900 - i)
			stop := make(chan struct{})

			var mu sync.Mutex
			sends := 0
			var sentAt []time.Time // on the clock, over both replicas
			var replicas []*leaseReplica
			for range 2 {
				outage, s := connectThroughOutage(t, url, schema)
				api := newAPIServer(t, testToken)
				rep := &leaseReplica{api: api, outage: outage, logs: &syncBuffer{},
					store: pgstate.New(s.Pool(), 2*time.Second, nil).Outbox(tokenBotID(testToken))}
				rep.api.hold = func(req *http.Request, method string, _ map[string]string) bool {
					if method != "sendMessage" {
						return true
					}
					mu.Lock()
					sends++
					n := sends
					sentAt = append(sentAt, clock.Now())
					mu.Unlock()
					switch n {
					case tt.limited:
						api.fail("sendMessage", http.StatusTooManyRequests, "Too Many Requests: retry after 600", 600)
					case tt.away:
						outage.Down()
						go func() {
							time.Sleep(300 * time.Millisecond)
							outage.Up()
						}()
					}
					if n == tt.hang {
						if tt.dies {
							outage.Down()
						}
						select {
						case <-req.Context().Done():
						case <-stop:
						}
						return false
					}
					for range tt.slow / time.Minute {
						clock.Advance(time.Minute)
						time.Sleep(5 * time.Millisecond)
					}
					return req.Context().Err() == nil
				}
				b, err := New(Config{Token: testToken, APIURL: rep.api.URL(), Outbox: rep.store,
					Logger: slog.New(slog.NewTextHandler(rep.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))},
					bot.NewCore(nil, bot.Config{}), func() Library { return nil }, nil) // the outbox alone runs

				if err != nil {
					t.Fatal(err)
				}
				b.now = clock.Now
				b.send.sleep = clock.Sleep
				b.outbox.sleep = clock.Sleep
				b.outbox.poll = time.Hour // the waits are the claims' and the backoffs'
				rep.bot = b
				replicas = append(replicas, rep)
			}
			// Runs before the servers close: a hanging call lets go.
			t.Cleanup(func() { close(stop) })
			t.Cleanup(func() {
				if t.Failed() {
					for r, rep := range replicas {
						t.Logf("replica %d:\n%s", r, rep.logs.String())
					}
				}
			})

			d := &delivery{Chat: chat, Pieces: pieces, NotBefore: clock.Now()}
			if err := replicas[0].bot.outbox.add(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			for _, rep := range replicas {
				ctx, cancel := context.WithCancel(context.Background())
				rep.cancel, rep.done = cancel, make(chan struct{})
				go func() {
					defer close(rep.done)
					rep.bot.runOutbox(ctx)
				}()
			}
			// delivered returns the parts carried out, in order, over both
			// replicas, and who carried them out.
			delivered := func() (texts []string, by []int) {
				type sent struct {
					at      time.Time
					text    string
					replica int
				}
				var all []sent
				for r, rep := range replicas {
					for _, c := range rep.api.callsOf("sendMessage") {
						if c.Status == http.StatusOK {
							all = append(all, sent{c.At, c.Params["text"], r})
						}
					}
				}
				slices.SortFunc(all, func(a, b sent) int { return a.at.Compare(b.at) })
				for _, s := range all {
					texts, by = append(texts, s.text), append(by, s.replica)
				}
				return texts, by
			}
			// The clock moves on until the outbox is empty and every part
			// is on screen, or the test gives up.
			for deadline := time.Now().Add(waitLong); ; {
				texts, _ := delivered()
				held, err := replicas[1].store.Holds(context.Background(), chat)
				if err == nil && !held && len(texts) >= len(pieces) {
					break
				}
				if time.Now().After(deadline) {
					t.Errorf("still undelivered: parts on screen %q, outbox holds the chat: %v (%v)", texts, held, err)
					break
				}
				clock.Advance(10 * time.Second)
				time.Sleep(20 * time.Millisecond)
			}
			clock.Advance(time.Hour) // every replica looks once more: nothing left
			time.Sleep(100 * time.Millisecond)
			for _, rep := range replicas {
				rep.cancel()
				<-rep.done
			}

			got, by := delivered()
			if !slices.Equal(got, pieces) {
				t.Errorf("the chat got %q, want each part once, in order: %q", got, pieces)
			}
			if tt.limited > 0 {
				mu.Lock()
				if len(sentAt) <= tt.limited {
					t.Errorf("%d sends, want one after the 429", len(sentAt))
				} else if wait := sentAt[tt.limited].Sub(sentAt[tt.limited-1]); wait < 600*time.Second {
					t.Errorf("the part rate-limited was sent again %v later, want after the retry_after of 600s", wait)
				}
				mu.Unlock()
			}
			if tt.dies && len(by) == len(pieces) {
				if want := []int{by[0], 1 - by[0], 1 - by[0], 1 - by[0]}; !slices.Equal(by, want) {
					t.Errorf("parts sent by replicas %v, want %v: the first by the one that died, the rest by the other", by, want)
				}
			}
			for _, rep := range replicas {
				for _, c := range rep.api.callsOf("sendMessage") {
					if c.Params["chat_id"] != fmt.Sprint(chat) {
						t.Errorf("a part went to chat %s, want %d", c.Params["chat_id"], chat)
					}
				}
			}
		})
	}
}

// TestOutboxShutdownLetsCallFinish: a shutdown that begins while the
// outbox is sending a part lets that call finish (in workCtx) and records
// it, instead of cutting it half-way and keeping a part Telegram may have
// shown, to be sent again after the restart. No call starts after.
func TestOutboxShutdownLetsCallFinish(t *testing.T) {
	api := newAPIServer(t, testToken)
	started := make(chan struct{})
	var once sync.Once
	api.hold = func(req *http.Request, method string, _ map[string]string) bool {
		if method != "sendMessage" {
			return true
		}
		once.Do(func() { close(started) })
		time.Sleep(200 * time.Millisecond) // Telegram takes its time
		return req.Context().Err() == nil
	}
	b, err := New(Config{Token: testToken, APIURL: api.URL(), StateDir: t.TempDir(), Logger: slog.New(slog.DiscardHandler)},
		bot.NewCore(nil, bot.Config{}), func() Library { return nil }, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.workCtx = context.Background() // as Run sets it: ends after the outbox loop
	chat := int64(-100990)
	if err := b.outbox.add(context.Background(), &delivery{Chat: chat, Pieces: []string{"part 1 of 2", "part 2 of 2"}, NotBefore: b.now()}); err != nil {
		t.Fatal(err)
	}
	hold, stopHolding := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.runOutbox(hold)
	}()
	<-started
	stopHolding() // shutdown begins during the first send
	<-done
	var got []string
	for _, c := range api.callsOf("sendMessage") {
		if c.Status == http.StatusOK {
			got = append(got, c.Params["text"])
		}
	}
	if want := []string{"part 1 of 2"}; !slices.Equal(got, want) {
		t.Errorf("parts delivered: got %q, want %q (the call under way finished, none started after)", got, want)
	}
	if n := b.outbox.len(); n != 1 {
		t.Fatalf("outbox holds %d deliveries, want 1 (the rest, for the restart)", n)
	}
	if rest := b.outbox.items[0].Pieces; !slices.Equal(rest, []string{"part 2 of 2"}) {
		t.Errorf("kept for the restart: got %q, want only the part not sent", rest)
	}
}
