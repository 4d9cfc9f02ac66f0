package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"verbatim/corpus"
	"verbatim/metrics"
	"verbatim/retrieval"
)

// metricsAddr waits for the "metrics listening" log line in logs and
// returns the address.
func metricsAddr(t *testing.T, logs func() string) string {
	t.Helper()
	re := regexp.MustCompile(`msg="metrics listening" addr=(\S+)`)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(logs()); m != nil {
			return m[1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no metrics address in the logs:\n%s", logs())
	return ""
}

// get fetches http://addr/path and returns the status and body.
func get(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// metricValue returns the value of the sample named series (name and
// labels exactly as exposed), or -1 when absent.
func metricValue(scrape, series string) float64 {
	for _, line := range strings.Split(scrape, "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			if err == nil {
				return v
			}
		}
	}
	return -1
}

// waitReady polls /readyz until it answers want.
func waitReady(t *testing.T, addr string, want int) string {
	t.Helper()
	var code int
	var body string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if code, body = get(t, addr, "/readyz"); code == want {
			return body
		}
	}
	t.Fatalf("/readyz: got %d %q, want %d", code, body, want)
	return ""
}

func TestServeMetricsAndReadiness(t *testing.T) {
	const token = "123456:TEST-token-value"
	api := &fakeBotAPI{sent: make(chan map[string]string, 16)}
	srv := httptestServer(t, api)
	release := make(chan struct{})
	emb := fakeEmbeddings(t, nil, release)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr strings.Builder
	logs := &syncWriter{w: &stderr}
	errc := make(chan error, 1)
	go func() {
		env := mapEnv(map[string]string{
			"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_URL": srv.URL, "INDEX_DIR": t.TempDir(),
			"METRICS_ADDR": "127.0.0.1:0", "LOG_FORMAT": "json",
			// The embeddings API holds the index build until release.
			"EMBEDDER": "openai", "EMBEDDING_DIMENSIONS": "8", "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": emb.URL,
		})
		errc <- run(ctx, nil, env, strings.NewReader(""), io.Discard, logs)
	}()
	addr := metricsAddrJSON(t, logs.String)
	if code, body := get(t, addr, "/healthz"); code != http.StatusOK {
		t.Errorf("/healthz while loading: got %d %q, want 200", code, body)
	}
	if code, body := get(t, addr, "/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "index: not loaded yet") {
		t.Errorf("/readyz while loading: got %d %q, want 503 naming the index", code, body)
	}
	close(release)
	waitReady(t, addr, http.StatusOK)

	// Three questions through the Telegram adapter: two the seed answers,
	// one it does not cover.
	questions := []string{
		"Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?",
		"Qu'a déclaré Dmitri Peskov ?",
		"Quelle est la recette de la tarte aux pommes normande ?",
	}
	for i, q := range questions {
		api.push(map[string]any{
			"update_id": i + 1,
			"message": map[string]any{
				"message_id": i + 1, "date": time.Now().Unix(),
				"chat": map[string]any{"id": 1001, "type": "private"},
				"from": map[string]any{"id": 1001, "is_bot": false, "first_name": "Ana", "language_code": "fr"},
				"text": q,
			},
		})
		select {
		case <-api.sent:
		case err := <-errc:
			t.Fatalf("serve stopped: %v", err)
		case <-time.After(30 * time.Second):
			t.Fatalf("no reply to %q", q)
		}
	}
	// The last reply is seen by the fake API a moment before the adapter
	// records the call: scrape until the figures settle.
	var scrape string
	var failures []string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		_, scrape = get(t, addr, "/metrics")
		if failures = checkServeMetrics(scrape); len(failures) == 0 || time.Now().After(deadline) {
			break
		}
	}
	for _, f := range failures {
		t.Error(f)
	}
	if v := metricValue(scrape, `verbatim_queue_length`); v != 0 {
		t.Errorf("queue length: got %v, want 0 once every answer is sent", v)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("got %v, want a clean exit", err)
	}
	if strings.Contains(stderr.String(), "TEST-token-value") {
		t.Error("the bot token appears in the logs")
	}
}

// metricsAddrJSON finds the metrics address in JSON log lines.
func metricsAddrJSON(t *testing.T, logs func() string) string {
	t.Helper()
	re := regexp.MustCompile(`"msg":"metrics listening","addr":"([^"]+)"`)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(logs()); m != nil {
			return m[1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no metrics address in the JSON logs:\n%s", logs())
	return ""
}

// TestChatMetrics asks questions through the terminal chat (stdin is a
// pipe) and scrapes the metrics while it runs.
func TestChatMetrics(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in, feed := io.Pipe()
	var stdout, stderr strings.Builder
	out, logs := &syncWriter{w: &stdout}, &syncWriter{w: &stderr}
	errc := make(chan error, 1)
	go func() {
		env := mapEnv(map[string]string{"INDEX_DIR": t.TempDir(), "METRICS_ADDR": "127.0.0.1:0", "LOG_LEVEL": "info"})
		errc <- run(ctx, []string{"chat"}, env, in, out, logs)
	}()
	addr := metricsAddr(t, logs.String)
	waitReady(t, addr, http.StatusOK)
	for _, q := range []string{"Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?", "Quelle est la recette de la tarte aux pommes normande ?"} {
		if _, err := io.WriteString(feed, q+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	// The third prompt appears once both answers are written.
	for deadline := time.Now().Add(30 * time.Second); strings.Count(out.String(), "> ") < 3; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no answers:\n%s", out.String())
		}
	}
	_, scrape := get(t, addr, "/metrics")
	for series, want := range map[string]float64{
		`verbatim_questions_total{mode="offline",outcome="found"}`:     1,
		`verbatim_questions_total{mode="offline",outcome="not_found"}`: 1,
		`verbatim_answer_duration_seconds_count{mode="offline"}`:       2,
		`verbatim_model_calls_total`:                                   0,
	} {
		if got := metricValue(scrape, series); got != want {
			t.Errorf("%s: got %v, want %v", series, got, want)
		}
	}
	feed.Close()
	if err := <-errc; err != nil {
		t.Errorf("chat: %v", err)
	}
}

// checkServeMetrics lists the figures of a scrape after the three
// Telegram questions that are not as expected.
func checkServeMetrics(scrape string) []string {
	// The model is configured (OPENAI_BASE_URL) but the fake speaks only
	// embeddings: answers fall back to extractive ones.
	found := metricValue(scrape, `verbatim_questions_total{mode="fallback",outcome="found"}`)
	notFound := metricValue(scrape, `verbatim_questions_total{mode="model",outcome="not_found"}`) +
		metricValue(scrape, `verbatim_questions_total{mode="fallback",outcome="not_found"}`)
	var failures []string
	for _, c := range []struct {
		series string
		got    float64
		min    float64
	}{
		{"questions found", found, 1},
		{"questions not found", notFound, 1},
		{"answer latency count", metricValue(scrape, `verbatim_answer_duration_seconds_count{mode="fallback"}`) + metricValue(scrape, `verbatim_answer_duration_seconds_count{mode="model"}`), 3},
		{"retrieval latency count", metricValue(scrape, `verbatim_retrieval_duration_seconds_count`), 3},
		{"model calls", metricValue(scrape, `verbatim_model_calls_total`), 1},
		{"model errors", metricValue(scrape, `verbatim_model_errors_total`), 1},
		{"sendMessage calls", metricValue(scrape, `verbatim_telegram_api_calls_total{method="sendMessage"}`), 3},
		{"verified quotes", metricValue(scrape, `verbatim_quotes_verified_total`), 1},
		{"index articles", metricValue(scrape, `verbatim_index_articles`), 1},
		{"index chunks", metricValue(scrape, `verbatim_index_chunks`), 2},
		{"index published at start", metricValue(scrape, `verbatim_reindex_runs_total{result="ok",trigger="start"}`), 1},
	} {
		if c.got < c.min {
			failures = append(failures, fmt.Sprintf("%s: got %v, want at least %v", c.series, c.got, c.min))
		}
	}
	return failures
}

// TestTimedLibraryTellsCorpusLanguages: with metrics on, the library the
// core searches still tells the corpus languages (the core's prior for the
// language of a short question).
func TestTimedLibraryTellsCorpusLanguages(t *testing.T) {
	res, err := corpus.Load(context.Background(), corpus.Seed(), corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := retrieval.Build(context.Background(), t.TempDir(), res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o := &observability{reg: metrics.New(), health: metrics.NewHealth()}
	lib, ok := o.served(ix).(interface{ Info() retrieval.Info })
	if !ok {
		t.Fatal("the timed library hides Info")
	}
	if got := lib.Info().Langs; len(got) != 1 || got[0] != "fr" {
		t.Errorf("Langs = %v, want [fr]", got)
	}
}
