package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"verbatim/bot"
	"verbatim/bot/pgstate"
	"verbatim/retrieval/pgstore"
	"verbatim/retrieval/pgstore/pgtest"
)

// spillBot is a bot over a shared outbox spilling to a directory, whose
// delivery loop alone runs.
type spillBot struct {
	*Bot
	logs *syncBuffer
	stop func()
}

// startSpillBot builds a bot over store, spilling to dir, on clock, tuned
// by tune (when not nil), and starts its delivery loop; stop ends the loop and closes the state, as a
// process stopping would (it also runs at the end of the test).
func startSpillBot(t *testing.T, api *apiServer, dir string, store OutboxStore, clock *fakeClock, tune func(*Bot)) *spillBot {
	t.Helper()
	logs := &syncBuffer{}
	// As serve wires it: no StateDir, the outbox's spill in dir.
	b, err := New(Config{Token: testToken, APIURL: api.URL(), OutboxSpillDir: dir, Outbox: store,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))},
		bot.NewCore(nil, bot.Config{}), func() Library { return nil }, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.now = clock.Now
	b.send.sleep = clock.Sleep
	b.outbox.sleep = clock.Sleep
	b.outbox.poll = time.Hour // the waits are Telegram's alone
	if tune != nil {
		tune(b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.runOutbox(ctx)
	}()
	sb := &spillBot{Bot: b, logs: logs}
	var stopped bool
	sb.stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		<-done
		b.closeState()
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("log:\n%s", logs.String())
		}
	})
	t.Cleanup(sb.stop) // before the servers close
	return sb
}

// sentTexts returns the texts Telegram took for chat, in order.
func sentTexts(api *apiServer, chat int64) []string {
	var got []string
	for _, c := range api.callsOf("sendMessage") {
		if c.Status == http.StatusOK && c.Params["chat_id"] == fmt.Sprint(chat) {
			got = append(got, c.Params["text"])
		}
	}
	return got
}

// spilled returns the deliveries in dir's outboxFile (none when missing).
func spilled(t *testing.T, dir string) []*delivery {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, outboxFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var st outboxState
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatalf("%s: %v", outboxFile, err)
	}
	return st.Deliveries
}

// waitDrained waits until b keeps nothing, its spill is gone, the shared
// store holds nothing for chat and chat got want messages.
func waitDrained(t *testing.T, b *spillBot, dir string, store OutboxStore, api *apiServer, chat int64, want int) {
	t.Helper()
	for deadline := time.Now().Add(waitLong); ; time.Sleep(20 * time.Millisecond) {
		held, err := store.Holds(context.Background(), chat)
		n, file := b.outbox.len(), len(spilled(t, dir))
		got := sentTexts(api, chat)
		if err == nil && !held && n == 0 && file == 0 && len(got) >= want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("on screen %q (want %d messages), store holds the chat: %v (%v), %d kept in the process, %d in %s",
				got, want, held, err, n, file, outboxFile)
		}
	}
}

// TestSharedOutboxSpillSurvivesRestart: with a shared outbox, an answer's
// first part is deferred into the database (429, retry_after 150 s); the
// database is then cut, or hangs, and the answer's next two parts are
// deferred too (a 429, then behind it): the outbox cannot take them, so
// they are written to outboxFile before the calls return. The process
// stops before the wait ends and before the database is back. Once it is
// back, a new process over the same state directory and database
// delivers the three parts when the wait ends, each once, in order, and
// leaves no spill.
func TestSharedOutboxSpillSurvivesRestart(t *testing.T) {
	tests := []struct {
		name string
		fail func(*pgtest.Outage)
		// storeTimeout bounds each call of the first process on the
		// store (the hung database never answers).
		storeTimeout time.Duration
	}{
		{"cut", (*pgtest.Outage).Down, 0},
		{"hang", (*pgtest.Outage).Hang, time.Second},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, schema := pgtest.Schema(t)
			outage, s := connectThroughOutage(t, url, schema)
			store := pgstate.New(s.Pool(), 2*time.Second, nil).Outbox(tokenBotID(testToken))
			clock := newFakeClock()
			api := newAPIServer(t, testToken)
			dir := t.TempDir()
			chat := int64(-100970 - i)
			r := request{chatID: chat}
			parts := []string{"part 1 of 3", "part 2 of 3", "part 3 of 3"}

			first := startSpillBot(t, api, dir, store, clock, func(b *Bot) {
				if tt.storeTimeout > 0 {
					b.outbox.storeTimeout = tt.storeTimeout
				}
			})
			t.Cleanup(outage.Up) // before the first process stops: calls still hung (a failed test) return
			start := clock.Now()
			api.fail("sendMessage", http.StatusTooManyRequests, "Too Many Requests: retry after 150", 150)
			first.reply(context.Background(), r, message{text: parts[0]})
			if held, err := store.Holds(context.Background(), chat); err != nil || !held {
				t.Fatalf("the first part is not in the shared outbox: %v (%v)", held, err)
			}

			tt.fail(outage)
			api.fail("sendMessage", http.StatusTooManyRequests, "Too Many Requests: retry after 150", 150)
			first.reply(context.Background(), r, message{text: parts[1]})
			first.reply(context.Background(), r, message{text: parts[2]})
			var got []string
			for _, d := range spilled(t, dir) {
				got = append(got, d.Pieces...)
			}
			if want := parts[1:]; !slices.Equal(got, want) {
				t.Fatalf("%s holds %q once the replies returned, want %q", outboxFile, got, want)
			}
			first.stop()
			if got := sentTexts(api, chat); len(got) != 0 {
				t.Fatalf("on screen before the wait ended: %q", got)
			}

			outage.Up()
			second := startSpillBot(t, api, dir, store, clock, nil)
			// The new process waits for the end of the retry_after (the
			// database keeps microseconds: within one).
			clock.waitSleeperIn(t, start.Add(150*time.Second-time.Millisecond), start.Add(150*time.Second+time.Millisecond))
			clock.Advance(150*time.Second + 10*time.Millisecond)
			waitDrained(t, second, dir, store, api, chat, len(parts))
			second.stop()

			if got := sentTexts(api, chat); !slices.Equal(got, parts) {
				t.Errorf("the chat got %q, want each part once, in order: %q", got, parts)
			}
		})
	}
}

// TestSharedOutboxSpillReplayedOnce: a process added a spilled delivery to
// the shared outbox and stopped (crashed) before removing it from its
// outboxFile, so the file still holds it. The delivery may still wait in
// the database, or have been sent since by another replica. A new process
// over that file offers it to the database again under its key: the
// answer reaches the chat once.
func TestSharedOutboxSpillReplayedOnce(t *testing.T) {
	tests := []struct {
		name string
		// sent: another replica delivers it before the new process starts.
		sent bool
	}{
		{"still in the database", false},
		{"sent since by another replica", true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, schema := pgtest.Schema(t)
			s, err := pgstore.Connect(context.Background(), pgstore.Config{URL: url, Schema: schema})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(s.Close)
			store := pgstate.New(s.Pool(), 10*time.Second, nil).Outbox(tokenBotID(testToken))
			clock := newFakeClock()
			api := newAPIServer(t, testToken)
			dir := t.TempDir()
			chat := int64(-100980 - i)
			d := &delivery{Chat: chat, Pieces: []string{"the deferred answer"}, NotBefore: clock.Now(), Key: newDeliveryKey()}

			// The crashed process: the Add committed, the file not rewritten.
			data, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			if err := store.Add(context.Background(), d.Key, d.Chat, d.NotBefore, data); err != nil {
				t.Fatal(err)
			}
			crashed, err := openOutbox(dir, clock.Now)
			if err != nil {
				t.Fatal(err)
			}
			crashed.items = append(crashed.items, d)
			if err := crashed.saveLocked(); err != nil {
				t.Fatal(err)
			}
			if tt.sent {
				other := startSpillBot(t, api, "", store, clock, nil)
				waitDrained(t, other, t.TempDir(), store, api, chat, 1)
				other.stop()
			}

			restarted := startSpillBot(t, api, dir, store, clock, nil)
			waitDrained(t, restarted, dir, store, api, chat, 1)
			restarted.stop()

			if got, want := sentTexts(api, chat), d.Pieces; !slices.Equal(got, want) {
				t.Errorf("the chat got %q, want %q once", got, want)
			}
		})
	}
}

// TestSharedOutboxSpillGivenBackWhenDatabaseReturns: the parts of an
// answer deferred during a database outage wait in the process and its
// spill; once the database is back, the next look at the outbox (every
// poll) gives them to it, long before their wait ends, and empties the
// spill: any replica can deliver them now. A part deferred meanwhile goes
// behind them. When the wait ends they are delivered behind the part
// deferred before the outage, each once, in order.
func TestSharedOutboxSpillGivenBackWhenDatabaseReturns(t *testing.T) {
	url, schema := pgtest.Schema(t)
	outage, s := connectThroughOutage(t, url, schema)
	store := pgstate.New(s.Pool(), 2*time.Second, nil).Outbox(tokenBotID(testToken))
	clock := newFakeClock()
	api := newAPIServer(t, testToken)
	dir := t.TempDir()
	const chat = -100990
	r := request{chatID: chat}
	parts := []string{"part 1 of 4", "part 2 of 4", "part 3 of 4"}
	const poll = 5 * time.Second
	b := startSpillBot(t, api, dir, store, clock, func(b *Bot) { b.outbox.poll = poll })
	t.Cleanup(outage.Up)
	start := clock.Now()
	api.fail("sendMessage", http.StatusTooManyRequests, "Too Many Requests: retry after 150", 150)
	b.reply(context.Background(), r, message{text: parts[0]})
	outage.Down()
	api.fail("sendMessage", http.StatusTooManyRequests, "Too Many Requests: retry after 150", 150)
	b.reply(context.Background(), r, message{text: parts[1]})
	b.reply(context.Background(), r, message{text: parts[2]})
	if n := len(spilled(t, dir)); n != 2 {
		t.Fatalf("%d deliveries in %s during the outage, want 2", n, outboxFile)
	}

	outage.Up()
	// A part deferred now, before the loop looks again, goes behind the
	// parts kept, not into the database ahead of them.
	parts = append(parts, "part 4 of 4")
	b.reply(context.Background(), r, message{text: parts[3]})
	// The loop looks again within a poll: the spill goes to the database.
	// The clock moves a poll at a time, each once the loop sleeps.
	for {
		var rows int
		err := s.Pool().QueryRow(context.Background(),
			"SELECT count(*) FROM telegram_outbox WHERE chat = $1", int64(chat)).Scan(&rows)
		kept, file := b.outbox.len(), len(spilled(t, dir))
		if err == nil && rows == len(parts) && kept == 0 && file == 0 {
			break
		}
		if clock.Now().Sub(start) > 100*time.Second {
			t.Fatalf("the database holds %d of the chat's deliveries (%v), the process %d, %s %d; want %d, 0, 0",
				rows, err, kept, outboxFile, file, len(parts))
		}
		clock.waitSleeperIn(t, clock.Now().Add(time.Nanosecond), time.Time{})
		clock.Advance(poll)
	}
	if got := sentTexts(api, chat); len(got) != 0 {
		t.Fatalf("on screen before the wait ended: %q", got)
	}
	clock.waitSleeperIn(t, clock.Now().Add(time.Nanosecond), time.Time{})
	clock.Advance(start.Add(150*time.Second + 10*time.Millisecond).Sub(clock.Now()))
	waitDrained(t, b, dir, store, api, chat, len(parts))
	b.stop()
	if got := sentTexts(api, chat); !slices.Equal(got, parts) {
		t.Errorf("the chat got %q, want each part once, in order: %q", got, parts)
	}
}
