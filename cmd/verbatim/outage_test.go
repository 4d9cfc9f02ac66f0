package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"verbatim/retrieval/pgstore/pgtest"
)

// indexedDatabase returns a database of the test's own with the replicas'
// corpus published in it, and the corpus folder.
func indexedDatabase(t *testing.T) (db, corpusDir string) {
	t.Helper()
	db = testDatabase(t)
	corpusDir = t.TempDir()
	for name, text := range replicaArticles {
		if err := os.WriteFile(filepath.Join(corpusDir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"DATABASE_URL": db, "CORPUS_DIR": corpusDir, "INDEX_DIR": t.TempDir()}
	var stderr strings.Builder
	if err := run(context.Background(), []string{"index"}, mapEnv(env), strings.NewReader(""), &strings.Builder{}, &stderr); err != nil {
		t.Fatalf("index: %v\n%s", err, stderr.String())
	}
	return db, corpusDir
}

// TestServeReadyzReportsDatabaseOutage: while the database cannot be
// reached, /readyz on the metrics server answers 503 naming the database
// (and the poller slot lost with it); once it is back, 200.
func TestServeReadyzReportsDatabaseOutage(t *testing.T) {
	db, corpusDir := indexedDatabase(t)
	outage, proxied := pgtest.NewOutage(t, db)
	api := &fakeBotAPI{sent: make(chan map[string]string, 16)}
	srv := httptestServer(t, api)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncWriter{w: &strings.Builder{}}
	errc := make(chan error, 1)
	go func() {
		env := mapEnv(map[string]string{
			"TELEGRAM_BOT_TOKEN": "123456:TEST-token-value", "TELEGRAM_API_URL": srv.URL,
			"DATABASE_URL": proxied, "DATABASE_TIMEOUT": "2s", "CORPUS_DIR": corpusDir, "INDEX_DIR": t.TempDir(),
			"METRICS_ADDR": "127.0.0.1:0", "RATE_LIMIT_PER_MINUTE": "0",
		})
		errc <- run(ctx, []string{"serve"}, env, strings.NewReader(""), &strings.Builder{}, logs)
	}()
	addr := metricsAddr(t, logs.String)
	waitReady(t, addr, http.StatusOK)

	outage.Down()
	body := waitReady(t, addr, http.StatusServiceUnavailable)
	if !strings.Contains(body, "database: unreachable") {
		t.Errorf("/readyz during the outage: %q, want the database named", body)
	}
	// The poller slot died with its session: the guard notices within its
	// ping interval.
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(body, "poller: not long-polling"); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Errorf("/readyz during the outage: %q, want the poller slot named", body)
			break
		}
		_, body = get(t, addr, "/readyz")
	}

	outage.Up()
	waitReady(t, addr, http.StatusOK)
	// Polling resumed: a question is answered.
	api.push(map[string]any{"update_id": 1, "message": map[string]any{
		"message_id": 1, "date": time.Now().Unix(), "chat": map[string]any{"id": 1001, "type": "private"},
		"from": map[string]any{"id": 1001, "is_bot": false, "first_name": "Ana", "language_code": "fr"},
		"text": "Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?",
	}})
	select {
	case msg := <-api.sent:
		if !strings.Contains(msg["text"], "Le 26 avril, Valéry Guérassimov") {
			t.Errorf("answer after the outage: %q", msg["text"])
		}
	case err := <-errc:
		t.Fatalf("serve stopped: %v\n%s", err, logs.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("no answer after the outage\n%s", logs.String())
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("serve exit: %v", err)
	}
	// The answer went through the shared outbox (empty: nothing deferred).
	conn, err := pgx.Connect(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var outbox *string
	if err := conn.QueryRow(context.Background(), "SELECT to_regclass('telegram_outbox')::text").Scan(&outbox); err != nil || outbox == nil {
		t.Errorf("serve with DATABASE_URL keeps no outbox table (%v): deferred answers would live in memory only", err)
	}
}

// pollAPI is a fake Bot API shared by several serve processes, each given
// a URL prefix of its own (/a, /b): it hands out the queued updates as
// Telegram does (an offset confirms and drops the updates before it),
// records which process polls, and notes two getUpdates at once, which
// Telegram refuses with a 409 Conflict.
type pollAPI struct {
	mu       sync.Mutex
	updates  []map[string]any // not confirmed yet
	inflight map[string]int
	pollers  []string // who polled, consecutive repeats collapsed
	overlap  []string
	answers  map[string]int // sendMessage calls per chat
	sent     chan string    // the chat of each sendMessage
}

func newPollAPI() *pollAPI {
	return &pollAPI{inflight: map[string]int{}, answers: map[string]int{}, sent: make(chan string, 64)}
}

func (f *pollAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	who, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	params := map[string]string{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		_ = r.ParseMultipartForm(1 << 20)
	} else if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var m map[string]any
		_ = json.NewDecoder(r.Body).Decode(&m)
		for k, v := range m {
			params[k] = fmt.Sprint(v)
		}
	} else {
		_ = r.ParseForm()
	}
	for k := range r.Form {
		params[k] = r.Form.Get(k)
	}
	method := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	var result any = true
	switch method {
	case "getMe":
		result = map[string]any{"id": 42, "is_bot": true, "first_name": "Verbatim", "username": "VerbatimBot"}
	case "getUpdates":
		offset, _ := strconv.Atoi(params["offset"])
		f.mu.Lock()
		f.inflight[who]++
		for other, n := range f.inflight {
			if other != who && n > 0 {
				f.overlap = append(f.overlap, other+"+"+who)
			}
		}
		if len(f.pollers) == 0 || f.pollers[len(f.pollers)-1] != who {
			f.pollers = append(f.pollers, who)
		}
		var ups []map[string]any
		for _, u := range f.updates {
			if u["update_id"].(int) >= offset {
				ups = append(ups, u)
			}
		}
		f.updates = ups
		f.mu.Unlock()
		if len(ups) == 0 {
			select {
			case <-time.After(200 * time.Millisecond):
			case <-r.Context().Done():
			}
			ups = []map[string]any{}
		}
		f.mu.Lock()
		f.inflight[who]--
		f.mu.Unlock()
		result = ups
	case "sendMessage":
		chat := params["chat_id"]
		f.mu.Lock()
		f.answers[chat]++
		f.mu.Unlock()
		f.sent <- chat
		result = map[string]any{"message_id": 7, "date": time.Now().Unix(), "chat": map[string]any{"id": 1, "type": "private"}, "text": params["text"]}
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

// ask queues a private question from chat for the next getUpdates.
func (f *pollAPI) ask(id, chat int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updates = append(f.updates, map[string]any{"update_id": id, "message": map[string]any{
		"message_id": id, "date": time.Now().Unix(), "chat": map[string]any{"id": chat, "type": "private"},
		"from": map[string]any{"id": chat, "is_bot": false, "first_name": "Ana", "language_code": "fr"},
		"text": "Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?",
	}})
}

// lastPoller returns who polled last.
func (f *pollAPI) lastPoller() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.pollers) == 0 {
		return ""
	}
	return f.pollers[len(f.pollers)-1]
}

// waitPoller waits until who is the one polling.
func (f *pollAPI) waitPoller(t *testing.T, who string, within time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(within); f.lastPoller() != who; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s not polling after %v (pollers %v)", who, within, f.pollers)
		}
	}
}

// answered waits for the answer to chat.
func (f *pollAPI) answered(t *testing.T, chat int) {
	t.Helper()
	want := strconv.Itoa(chat)
	deadline := time.After(30 * time.Second)
	for {
		select {
		case got := <-f.sent:
			if got == want {
				return
			}
		case <-deadline:
			t.Fatalf("chat %d not answered within 30s", chat)
		}
	}
}

// endPollerSession ends the backend session holding the poller slot's advisory
// lock in db, as a PostgreSQL restart does, and returns its pid.
func endPollerSession(t *testing.T, db string) int32 {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var pid int32
	err = conn.QueryRow(context.Background(), `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&pid)
	if err != nil {
		t.Fatalf("the poller slot's session: %v", err)
	}
	if _, err := conn.Exec(context.Background(), "SELECT pg_terminate_backend($1)", pid); err != nil {
		t.Fatal(err)
	}
	return pid
}

// TestServeNeverTwoPollers runs serve A in long-polling mode on a
// database, ends the session holding its poller slot (as a PostgreSQL
// restart does) and starts serve B on the same database and bot: B takes
// the slot, A stops polling, and they never poll at once; when B stops, A
// takes the slot again. Every question is answered once.
func TestServeNeverTwoPollers(t *testing.T) {
	db, corpusDir := indexedDatabase(t)
	api := newPollAPI()
	srv := httptestServer(t, api)
	start := func(ctx context.Context, who string) (chan error, *syncWriter) {
		logs := &syncWriter{w: &strings.Builder{}}
		errc := make(chan error, 1)
		env := mapEnv(map[string]string{
			"TELEGRAM_BOT_TOKEN": "123456:TEST-token-value", "TELEGRAM_API_URL": srv.URL + "/" + who,
			"DATABASE_URL": db, "CORPUS_DIR": corpusDir, "INDEX_DIR": t.TempDir(), "RATE_LIMIT_PER_MINUTE": "0",
		})
		go func() { errc <- run(ctx, []string{"serve"}, env, strings.NewReader(""), &strings.Builder{}, logs) }()
		return errc, logs
	}
	ctxA, cancelA := context.WithCancel(context.Background())
	defer cancelA()
	errA, logsA := start(ctxA, "a")
	api.waitPoller(t, "a", 30*time.Second)
	api.ask(1, 2001)
	api.answered(t, 2001)

	// The holder's session dies; B starts meanwhile. A's guard may take
	// the slot again before B asks for it: then B exits as busy, and the
	// session is ended again.
	ctxB, cancelB := context.WithCancel(context.Background())
	defer cancelB()
	var errB chan error
	var logsB *syncWriter
	for attempt := 0; ; attempt++ {
		endPollerSession(t, db)
		errB, logsB = start(ctxB, "b")
		polling := false
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && !polling; time.Sleep(50 * time.Millisecond) {
			select {
			case err := <-errB:
				if err == nil || !strings.Contains(err.Error(), "already long-polling") || attempt == 4 {
					t.Fatalf("serve B: %v\n%s", err, logsB.String())
				}
				errB = nil
			default:
			}
			if errB == nil {
				break
			}
			polling = api.lastPoller() == "b"
		}
		if polling {
			break
		}
		if errB != nil {
			t.Fatalf("B neither polls nor exits\nA:\n%s\nB:\n%s", logsA.String(), logsB.String())
		}
	}
	api.ask(2, 2002)
	api.answered(t, 2002)
	time.Sleep(3 * time.Second) // A's guard would have taken the slot back by now

	// B stops: A takes the slot again and answers.
	cancelB()
	if err := <-errB; err != nil {
		t.Errorf("serve B exit: %v", err)
	}
	api.waitPoller(t, "a", 30*time.Second)
	api.ask(3, 2003)
	api.answered(t, 2003)
	time.Sleep(time.Second) // a second answer would come by now
	cancelA()
	if err := <-errA; err != nil {
		t.Errorf("serve A exit: %v", err)
	}

	api.mu.Lock()
	defer api.mu.Unlock()
	if len(api.overlap) > 0 {
		t.Errorf("two getUpdates at once: %v", api.overlap)
	}
	if want := []string{"a", "b", "a"}; !slices.Equal(api.pollers, want) {
		t.Errorf("pollers in turn: %v, want %v", api.pollers, want)
	}
	for _, chat := range []string{"2001", "2002", "2003"} {
		if n := api.answers[chat]; n != 1 {
			t.Errorf("chat %s answered %d times, want once", chat, n)
		}
	}
	if t.Failed() {
		t.Logf("A:\n%s\nB:\n%s", logsA.String(), logsB.String())
	}
}
