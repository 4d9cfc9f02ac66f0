package telegram

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"verbatim/bot/pgstate"
	"verbatim/retrieval/pgstore"
	"verbatim/retrieval/pgstore/pgtest"
)

// TestSharedOutboxDeliversOnce: two bots (replicas) share a PostgreSQL
// outbox and update log. A group answer whose final edit gets 429 with
// retry_after 150 s, twice, is deferred into the database and edited into
// the placeholder exactly once, by whichever replica claims it, also when
// the replica that deferred it has stopped.
func TestSharedOutboxDeliversOnce(t *testing.T) {
	tests := []struct {
		name     string
		stopSelf bool // the replica that deferred the answer stops before the wait ends
	}{
		{"both replicas running", false},
		{"the replica that deferred it stops", true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, schema := pgtest.Schema(t) // update ids start again at 1
			f := newFakeOpenAI(t, zakharovaReply)
			f.Runes, f.Pause = 40, time.Millisecond
			clock := newFakeClock()
			api := newAPIServer(t, testToken)
			var stores []*pgstate.DB
			var pool *pgxpool.Pool
			for range 2 {
				s, err := pgstore.Connect(context.Background(), pgstore.Config{URL: url, Schema: schema})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(s.Close)
				stores = append(stores, pgstate.New(s.Pool(), 10*time.Second, nil))
				pool = s.Pool()
			}
			// released waits until the delivery is given back, held until at.
			released := func(at time.Time) {
				t.Helper()
				for deadline := time.Now().Add(waitLong); ; time.Sleep(10 * time.Millisecond) {
					var n int
					err := pool.QueryRow(context.Background(), `SELECT count(*) FROM telegram_outbox
						WHERE claimed_until IS NULL AND not_before >= $1`, at).Scan(&n)
					if n == 1 {
						return
					}
					if time.Now().After(deadline) {
						t.Fatalf("the delivery is not back in the outbox until %v (%v)", at, err)
					}
				}
			}
			replica := func(db *pgstate.DB) harnessOptions {
				return harnessOptions{coreModel: newModel(f), api: api,
					config: func(c *Config) {
						c.StateDir = ""
						c.Outbox = db.Outbox(tokenBotID(testToken))
						c.UpdateLog = db.UpdateLog(nil)
					},
					tune: func(b *Bot) {
						b.groupEditEvery = time.Hour // one placeholder, then only the final edit
						b.now = clock.Now
						b.send.sleep = clock.Sleep
						b.outbox.poll = time.Hour // the waits are Telegram's alone
					}}
			}
			a := startHarness(t, replica(stores[0]))
			group := int64(-100800 - i)
			api.fail("editMessageText", http.StatusTooManyRequests, "Too Many Requests: retry after 150", 150)
			api.fail("editMessageText", http.StatusTooManyRequests, "Too Many Requests: retry after 150", 150)
			// The database keeps microseconds: the waits end within one.
			start := clock.Now().Add(-time.Millisecond)
			placeholder := a.ask(t, group, "supergroup", user(9, "fr"), "/ask@VerbatimBot Qu’a déclaré Maria Zakharova ?", nil)
			for deadline := time.Now().Add(waitLong); ; time.Sleep(10 * time.Millisecond) {
				held, err := stores[0].Outbox(tokenBotID(testToken)).Holds(context.Background(), group)
				if held {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the answer never reached the shared outbox (%v)", err)
				}
			}
			if n := a.bot.outbox.len(); n != 0 {
				t.Errorf("%d deliveries kept in the process, want them in the database", n)
			}
			if tt.stopSelf {
				a.stop(t)
			}
			b := startHarness(t, replica(stores[1]))
			t.Cleanup(func() {
				if t.Failed() {
					t.Logf("replica a:\n%s\nreplica b:\n%s", a.logs.String(), b.logs.String())
				}
			})
			clock.waitSleeper(t, start.Add(150*time.Second))
			if tt.stopSelf {
				// b alone sleeps until the end of the wait.
				for deadline := time.Now().Add(waitLong); ; time.Sleep(10 * time.Millisecond) {
					clock.mu.Lock()
					n := len(clock.waiters)
					clock.mu.Unlock()
					if n > 0 || time.Now().After(deadline) {
						break
					}
				}
			}

			clock.Advance(150*time.Second + 10*time.Millisecond) // the second 429
			api.waitCalls(t, "editMessageText", waitLong, func(c []apiCall) bool { return len(c) == 2 })
			released(start.Add(300 * time.Second))
			// A replica must be waiting for the end of the second
			// retry_after, until a time the advances below reach, before
			// the clock moves (under load it claims the row later than the
			// test gets here): the other replica, waiting for the end of
			// the claim, 5 minutes after the first retry_after, is not
			// one, and a wait measured before an advance would end after.
			clock.waitSleeperIn(t, start.Add(300*time.Second), start.Add(300*time.Second+20*time.Millisecond))
			clock.Advance(149 * time.Second)
			time.Sleep(100 * time.Millisecond)
			if n := len(api.callsOf("editMessageText")); n != 2 {
				t.Errorf("%d edits before the second retry_after ended, want 2", n)
			}
			clock.Advance(time.Second + 10*time.Millisecond)
			api.waitCalls(t, "editMessageText", waitLong, func(c []apiCall) bool { return len(c) == 3 && c[2].Status == http.StatusOK })
			// Once it is removed, every replica wakes once more (past any
			// claim's lease): nothing is left to deliver.
			for deadline := time.Now().Add(waitLong); ; time.Sleep(10 * time.Millisecond) {
				held, err := stores[1].Outbox(tokenBotID(testToken)).Holds(context.Background(), group)
				if err == nil && !held {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the delivered answer stays in the outbox (%v)", err)
				}
			}
			clock.Advance(time.Hour)
			time.Sleep(200 * time.Millisecond)
			a.stop(t)
			b.stop(t)

			if n := len(api.callsOf("editMessageText")); n != 3 {
				t.Errorf("%d edits, want 3 (two 429s, then the answer once)", n)
			}
			screen := api.screen(group)
			if len(screen) != 1 || !isAnswer(screen[placeholder.MessageID]) {
				t.Errorf("the chat shows %q, want the answer once, in placeholder %d", screen, placeholder.MessageID)
			}
			if n := len(api.sentTo(group)); n != 1 {
				t.Errorf("%d messages sent to the group, want the placeholder alone", n)
			}
			for _, db := range stores {
				if held, err := db.Outbox(tokenBotID(testToken)).Holds(context.Background(), group); err != nil || held {
					t.Errorf("the outbox still holds the chat: %v, %v", held, err)
				}
			}
		})
	}
}
