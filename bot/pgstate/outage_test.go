package pgstate

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"verbatim/bot"
	"verbatim/retrieval/pgstore"
	"verbatim/retrieval/pgstore/pgtest"
)

// outageReplicas returns a DB reached through a proxy the test can cut
// (as a PostgreSQL restart or a network failure would) and a DB of
// another replica reaching the server directly.
func outageReplicas(t *testing.T) (*pgtest.Outage, *DB, *DB) {
	t.Helper()
	url, schema := pgtest.Schema(t)
	outage, proxied := pgtest.NewOutage(t, url)
	var dbs [2]*DB
	for i, u := range []string{proxied, url} {
		s, err := pgstore.Connect(context.Background(), pgstore.Config{URL: u, Schema: schema})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		dbs[i] = New(s.Pool(), 2*time.Second, nil)
	}
	return outage, dbs[0], dbs[1]
}

func questions(turns []bot.Turn) []string {
	var qs []string
	for _, t := range turns {
		qs = append(qs, t.Question)
	}
	return qs
}

// waitTurns waits until the table (read by another replica) holds want for
// chat.
func waitTurns(t *testing.T, c *Conversations, chat string, want []string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := questions(c.Turns(chat))
		if slices.Equal(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("chat %s in the table: %v, want %v", chat, got, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitPending waits until no turn of c waits for the database.
func waitPending(t *testing.T, c *Conversations) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for c.Pending() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d turns still waiting after the outage, want 0", c.Pending())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestConversationsSurviveOutage: turns appended while the database is
// unreachable are shown by Turns meanwhile and written, in order, once it
// is back: by the retry timer, and before the chat's next turn.
func TestConversationsSurviveOutage(t *testing.T) {
	outage, db, other := outageReplicas(t)
	a := db.Conversations(time.Hour, 6, nil)
	a.SetOutageBuffer(0, 100*time.Millisecond)
	t.Cleanup(a.Close)
	b := other.Conversations(time.Hour, 6, nil)

	a.Append("1", bot.Turn{Question: "q1"})
	outage.Down()
	for _, q := range []string{"q2", "q3"} {
		a.Append("1", bot.Turn{Question: q, Answer: bot.Answer{Text: "answer to " + q}})
	}
	a.Append("2", bot.Turn{Question: "p1"})

	tests := []struct {
		chat string
		want []string
	}{
		{"1", []string{"q2", "q3"}}, // q1 is in the table, out of reach
		{"2", []string{"p1"}},
	}
	for _, tt := range tests {
		if got := questions(a.Turns(tt.chat)); !slices.Equal(got, tt.want) {
			t.Errorf("during the outage Turns(%s) = %v, want %v", tt.chat, got, tt.want)
		}
	}
	if last, ok := a.Last("1"); !ok || last.Question != "q3" {
		t.Errorf("during the outage Last = %q, %v; want q3", last.Question, ok)
	}
	if got := a.Pending(); got != 3 {
		t.Errorf("Pending = %d, want 3", got)
	}
	if got := questions(b.Turns("1")); !slices.Equal(got, []string{"q1"}) {
		t.Fatalf("the table during the outage: %v, want [q1]", got)
	}

	outage.Up()
	waitTurns(t, b, "1", []string{"q1", "q2", "q3"})
	waitTurns(t, b, "2", []string{"p1"})
	// The rows are visible before the retry counts them written.
	waitPending(t, a)
	if got := questions(a.Turns("1")); !slices.Equal(got, []string{"q1", "q2", "q3"}) {
		t.Errorf("Turns after the outage = %v, want each turn once", got)
	}

	// Another outage, ended by the chat's next turn: the waiting turn is
	// written before it.
	a.SetOutageBuffer(0, time.Hour)
	outage.Down()
	a.Append("1", bot.Turn{Question: "q4"})
	outage.Up()
	a.Append("1", bot.Turn{Question: "q5"})
	if got, want := questions(b.Turns("1")), []string{"q1", "q2", "q3", "q4", "q5"}; !slices.Equal(got, want) {
		t.Errorf("after the next append the table holds %v, want %v", got, want)
	}
}

// TestConversationsOutageBound: the turns waiting for the database are
// bounded per chat by the retention and in all by MaxPending, the oldest
// dropped first.
func TestConversationsOutageBound(t *testing.T) {
	outage, db, other := outageReplicas(t)
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Second); return now }
	a := db.Conversations(0, 2, clock)
	a.SetOutageBuffer(3, time.Hour)
	t.Cleanup(a.Close)
	outage.Down()
	for _, st := range []struct{ chat, q string }{{"1", "a"}, {"1", "b"}, {"1", "c"}, {"2", "d"}, {"3", "e"}} {
		a.Append(st.chat, bot.Turn{Question: st.q})
	}
	if got := a.Pending(); got != 3 {
		t.Errorf("Pending = %d, want 3", got)
	}
	outage.Up()
	a.Close() // writes what waits
	b := other.Conversations(0, 2, nil)
	tests := []struct {
		chat string
		want []string
	}{
		{"1", []string{"c"}}, // "a" beyond the chat's two turns, "b" the oldest of all
		{"2", []string{"d"}},
		{"3", []string{"e"}},
	}
	for _, tt := range tests {
		if got := questions(b.Turns(tt.chat)); !slices.Equal(got, tt.want) {
			t.Errorf("chat %s: %v, want %v", tt.chat, got, tt.want)
		}
	}
}

// TestConversationsOutageSurvivesRestart: turns appended while the
// database is unreachable are kept in the spill file; a store started
// again over the file during the outage (a restart) shows them and writes
// them once the database is back, each once, and empties the file. A
// crash after they were written but before the file said so writes them
// again, and the table still holds each once.
func TestConversationsOutageSurvivesRestart(t *testing.T) {
	outage, db, other := outageReplicas(t)
	spillPath := filepath.Join(t.TempDir(), "state", SpillFile)
	b := other.Conversations(time.Hour, 6, nil)
	start := func(retry time.Duration) *Conversations {
		t.Helper()
		c := db.Conversations(time.Hour, 6, nil)
		c.SetOutageBuffer(0, retry)
		if err := c.SetSpillFile(spillPath); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Close)
		return c
	}
	waitWritten := func(c *Conversations) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for c.Pending() > 0 {
			if time.Now().After(deadline) {
				t.Fatalf("%d turns still waiting after the outage", c.Pending())
			}
			time.Sleep(20 * time.Millisecond)
		}
		if data, err := os.ReadFile(spillPath); err != nil || len(data) != 0 {
			t.Errorf("spill file after the turns were written: %q, %v; want it empty", data, err)
		}
	}
	want := []struct {
		chat string
		want []string
	}{
		{"1", []string{"q1", "q2", "q3"}},
		{"2", []string{"p1"}},
	}

	a := start(time.Hour) // no retry before the restart
	a.Append("1", bot.Turn{Question: "q1"})
	outage.Down()
	for _, q := range []string{"q2", "q3"} {
		a.Append("1", bot.Turn{Question: q, Answer: bot.Answer{Text: "answer to " + q}})
	}
	a.Append("2", bot.Turn{Question: "p1"})
	// What a process killed now leaves behind.
	killed, err := os.ReadFile(spillPath)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()

	if err := os.WriteFile(spillPath, killed, 0o600); err != nil {
		t.Fatal(err)
	}
	restarted := start(50 * time.Millisecond)
	if got, want := questions(restarted.Turns("1")), []string{"q2", "q3"}; !slices.Equal(got, want) {
		t.Errorf("after the restart, during the outage, Turns(1) = %v, want %v", got, want)
	}
	if got := restarted.Pending(); got != 3 {
		t.Errorf("after the restart Pending = %d, want 3", got)
	}
	if got := questions(b.Turns("1")); !slices.Equal(got, []string{"q1"}) {
		t.Fatalf("the table during the outage: %v, want [q1]", got)
	}
	outage.Up()
	for _, tt := range want {
		waitTurns(t, b, tt.chat, tt.want)
	}
	waitWritten(restarted)
	restarted.Close()

	if err := os.WriteFile(spillPath, killed, 0o600); err != nil {
		t.Fatal(err)
	}
	again := start(50 * time.Millisecond)
	waitWritten(again)
	for _, tt := range want {
		if got := questions(b.Turns(tt.chat)); !slices.Equal(got, tt.want) {
			t.Errorf("chat %s after a second replay: %v, want %v (each turn once)", tt.chat, got, tt.want)
		}
	}
}

// TestFirstCallAfterOutage: the connections the pool kept idle die with
// the sessions the proxy cuts; once the database is back, however soon,
// the first call of each store is served (on a fresh connection), not
// failed on a dead one.
func TestFirstCallAfterOutage(t *testing.T) {
	url, schema := pgtest.Schema(t)
	outage, proxied := pgtest.NewOutage(t, url)
	s, err := pgstore.Connect(context.Background(), pgstore.Config{URL: proxied, Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	logs := &bytes.Buffer{} // written by the test's goroutine alone: the calls below are synchronous
	db := New(s.Pool(), 2*time.Second, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})))
	outbox := db.Outbox(1)
	conversations := db.Conversations(time.Hour, 6, nil)
	conversations.SetOutageBuffer(0, time.Hour) // no retry behind the test's back
	t.Cleanup(conversations.Close)
	limiter := db.RateLimiter(60, nil)
	now := time.Now()

	tests := []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"outbox add", func(ctx context.Context) error {
			return outbox.Add(ctx, "", 7, now, []byte(`{"pieces":["a"]}`))
		}},
		{"outbox claim", func(ctx context.Context) error {
			_, _, _, _, err := outbox.Claim(ctx, now, time.Minute)
			return err
		}},
		{"outbox holds", func(ctx context.Context) error {
			_, err := outbox.Holds(ctx, 7)
			return err
		}},
		{"conversation save", func(context.Context) error {
			conversations.Append("1", bot.Turn{Question: "q"})
			if n := conversations.Pending(); n > 0 {
				return fmt.Errorf("%d turns kept in memory, not written", n)
			}
			return nil
		}},
		{"rate limit", func(context.Context) error {
			limiter.Allow(42)
			return nil // a failure is only logged
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			// Several fresh connections idle in the pool, each cut below.
			db.pool.Reset()
			if _, err := outbox.Holds(ctx, 7); err != nil { // the table exists
				t.Fatal(err)
			}
			var conns []*pgxpool.Conn
			for range 3 {
				c, err := db.pool.Acquire(ctx)
				if err == nil {
					err = c.Ping(ctx)
					conns = append(conns, c)
				}
				if err != nil {
					t.Error(err)
					break
				}
			}
			for _, c := range conns {
				c.Release()
			}
			if t.Failed() {
				return
			}
			logs.Reset()

			outage.Down()
			outage.Up()
			if err := tt.call(ctx); err != nil {
				t.Errorf("first call after the outage: %v, want no error", err)
			}
			if logs.Len() > 0 {
				t.Errorf("first call after the outage logged:\n%s\nwant nothing", logs)
			}
		})
	}
}
