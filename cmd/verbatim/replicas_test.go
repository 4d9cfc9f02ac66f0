package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The replicas' corpus: two articles, then a third added before /reindex.
var replicaArticles = map[string]string{
	"guerassimov.txt": "date 2025-04\n\nLe 26 avril, Valéry Guérassimov, chef de l'état-major russe, a annoncé la fin de l'opération de libération de la région de Koursk. " +
		"Selon lui, les pertes des militaires ukrainiens s'élèvent à plus de 76 000 tués et blessés.\n",
	"budget.txt": "date 2025-03\n\nLe ministre des Finances a présenté le budget rectificatif au Parlement le 12 mars. " +
		"Il prévoit une baisse des dépenses de fonctionnement de trois milliards d'euros.\n",
}

const replicaNewArticle = "date 2025-05\n\nLe 3 mai, la maire de Lyon a inauguré la nouvelle ligne de tramway T10 entre Vénissieux et Gerland. " +
	"La ligne transportera quarante mille voyageurs par jour selon la métropole.\n"

// testDatabaseURL is DATABASE_URL as the tests started, removed from the
// environment by TestMain.
var testDatabaseURL string

// testDatabase creates a database of its own on DATABASE_URL's server,
// dropped at the end, and returns its URL; it skips without DATABASE_URL.
func testDatabase(t *testing.T) string {
	t.Helper()
	base := testDatabaseURL
	if base == "" {
		t.Skip("DATABASE_URL unset: PostgreSQL tests skipped (.ci/run sets up a throwaway cluster)")
	}
	b := make([]byte, 5)
	rand.Read(b)
	name := "verbatim_e2e_" + hex.EncodeToString(b)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), base)
		if err != nil {
			return
		}
		defer conn.Close(context.Background())
		conn.Exec(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// webhookAPI is a fake Bot API for replicas in webhook mode: every
// sendMessage lands in sent.
type webhookAPI struct{ fakeBotAPI }

// replica is one "verbatim serve" in webhook mode.
type replica struct {
	hook   string
	secret string
	stderr *syncWriter
	errc   chan error
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func startReplica(ctx context.Context, t *testing.T, env map[string]string) *replica {
	t.Helper()
	addr := freeAddr(t)
	r := &replica{hook: "http://" + addr + "/hook", secret: "s3cret-" + addr[strings.LastIndex(addr, ":")+1:],
		stderr: &syncWriter{w: &strings.Builder{}}, errc: make(chan error, 1)}
	e := map[string]string{"WEBHOOK_URL": r.hook, "WEBHOOK_LISTEN_ADDR": addr, "WEBHOOK_SECRET": r.secret}
	for k, v := range env {
		e[k] = v
	}
	go func() {
		r.errc <- run(ctx, []string{"serve"}, mapEnv(e), strings.NewReader(""), &strings.Builder{}, r.stderr)
	}()
	return r
}

// post delivers an update to the replica's webhook, retrying while it
// starts.
func (r *replica) post(t *testing.T, update map[string]any) {
	t.Helper()
	body, _ := json.Marshal(update)
	deadline := time.Now().Add(30 * time.Second)
	for {
		req, _ := http.NewRequest(http.MethodPost, r.hook, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", r.secret)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case err := <-r.errc:
			t.Fatalf("replica stopped: %v\n%s", err, r.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("webhook %s not ready: %v\n%s", r.hook, err, r.stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

var updateIDs struct {
	sync.Mutex
	n int
}

func nextUpdateID() int {
	updateIDs.Lock()
	defer updateIDs.Unlock()
	updateIDs.n++
	return updateIDs.n
}

func textUpdate(text string) map[string]any {
	return map[string]any{
		"update_id": nextUpdateID(),
		"message": map[string]any{
			"message_id": nextUpdateID(), "date": time.Now().Unix(),
			"chat": map[string]any{"id": 1001, "type": "private"},
			"from": map[string]any{"id": 1001, "is_bot": false, "first_name": "Ana", "language_code": "fr"},
			"text": text,
		},
	}
}

// await returns the next sendMessage whose text contains want.
func await(t *testing.T, api *webhookAPI, want string, within time.Duration) map[string]string {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case msg := <-api.sent:
			if strings.Contains(msg["text"], want) {
				return msg
			}
		case <-deadline:
			t.Fatalf("no message containing %q within %v", want, within)
			return nil
		}
	}
}

// TestReplicasShareOneDatabase runs two serve replicas in webhook mode on
// one PostgreSQL database: an answer given by A is the one /source 1 and
// its [1] button read on B; an admin /reindex through A is what B answers
// from next; a writer killed mid-index leaves both answering from the
// generation before.
func TestReplicasShareOneDatabase(t *testing.T) {
	db := testDatabase(t)
	corpusDir := t.TempDir()
	for name, text := range replicaArticles {
		if err := os.WriteFile(filepath.Join(corpusDir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"DATABASE_URL": db, "CORPUS_DIR": corpusDir, "INDEX_DIR": t.TempDir()}
	var out strings.Builder
	if err := run(context.Background(), []string{"index"}, mapEnv(env), strings.NewReader(""), &out, &strings.Builder{}); err != nil {
		t.Fatalf("index: %v", err)
	}

	api := &webhookAPI{fakeBotAPI{sent: make(chan map[string]string, 64)}}
	srv := httptestServer(t, api)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	renv := map[string]string{
		"TELEGRAM_BOT_TOKEN": "123456:TEST-token-value", "TELEGRAM_API_URL": srv.URL,
		"ADMIN_USER_IDS": "1001", "RATE_LIMIT_PER_MINUTE": "0", "DATABASE_WATCH_INTERVAL": "500ms",
		"LOG_LEVEL": "debug",
	}
	for k, v := range env {
		renv[k] = v
	}
	a, b := startReplica(ctx, t, renv), startReplica(ctx, t, renv)
	defer func() {
		cancel()
		for _, r := range []*replica{a, b} {
			if err := <-r.errc; err != nil {
				t.Errorf("replica exit: %v", err)
			}
		}
	}()

	// A answers; B serves its sources.
	a.post(t, textUpdate("Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?"))
	answer := await(t, api, "Le 26 avril, Valéry Guérassimov", 30*time.Second)
	data := regexp.MustCompile(`"callback_data":"(src:[^"]+)"`).FindStringSubmatch(answer["reply_markup"])
	if data == nil {
		t.Fatalf("the answer has no [n] button: reply_markup %q", answer["reply_markup"])
	}
	b.post(t, textUpdate("/source 1"))
	await(t, api, "76 000 tués et blessés", 15*time.Second)
	b.post(t, map[string]any{
		"update_id": nextUpdateID(),
		"callback_query": map[string]any{
			"id": "cb1", "data": data[1], "chat_instance": "1",
			"from":    map[string]any{"id": 1001, "is_bot": false, "first_name": "Ana", "language_code": "fr"},
			"message": map[string]any{"message_id": 7, "date": time.Now().Unix(), "chat": map[string]any{"id": 1001, "type": "private"}, "text": "…"},
		},
	})
	await(t, api, "76 000 tués et blessés", 15*time.Second)

	// /reindex through A, seen by B's next answer.
	if err := os.WriteFile(filepath.Join(corpusDir, "tramway.txt"), []byte(replicaNewArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	a.post(t, textUpdate("/reindex"))
	askUntil := func(r *replica, q, want string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			r.post(t, textUpdate(q))
			select {
			case msg := <-api.sent:
				if strings.Contains(msg["text"], want) {
					return
				}
			case <-time.After(3 * time.Second):
			}
			if time.Now().After(deadline) {
				t.Fatalf("no answer containing %q within 30s", want)
			}
		}
	}
	askUntil(b, "Qui a inauguré la ligne de tramway T10 ?", "la maire de Lyon a inauguré")

	// A writer killed while indexing: both keep answering from the
	// published generation.
	killWriter(t, db, corpusDir)
	for _, r := range []*replica{a, b} {
		askUntil(r, "Qui a inauguré la ligne de tramway T10 ?", "la maire de Lyon a inauguré")
	}
	if strings.Contains(a.stderr.String()+b.stderr.String(), "TEST-token-value") {
		t.Error("the bot token appears in the logs")
	}
}

// killWriter starts "verbatim index" in a child process on a changed
// corpus, with an embedding API that hangs, and kills the process with
// SIGKILL once it is embedding.
func killWriter(t *testing.T, db, corpusDir string) {
	t.Helper()
	var mu sync.Mutex
	calls := 0
	started := make(chan struct{})
	release := make(chan struct{})
	embed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		// The build is under way: hang until the writer is killed.
		if n == 1 {
			close(started)
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer func() { close(release); embed.Close() }()
	dir := t.TempDir()
	for name, text := range map[string]string{"other.txt": "date 2025-06\n\nLe conseil municipal a voté le budget.\n", "tramway.txt": replicaNewArticle} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(os.Args[0], "index") // TestMain runs main
	cmd.Env = append(os.Environ(), "VERBATIM_RUN_MAIN=1", "DATABASE_URL="+db, "CORPUS_DIR="+dir,
		"EMBEDDER=openai", "OPENAI_API_KEY=sk-test", "OPENAI_BASE_URL="+embed.URL+"/v1", "EMBEDDING_DIMENSIONS=8")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the writer never asked for embeddings:\n%s", out.String())
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	conn, err := pgx.Connect(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var building int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM generations WHERE state = 'building'").Scan(&building); err != nil {
		t.Fatal(err)
	}
	if building != 1 {
		t.Fatalf("%d generations left building by the killed writer, want 1", building)
	}
}
