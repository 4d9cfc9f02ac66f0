package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
}
