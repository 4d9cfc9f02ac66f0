package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func scrape(t *testing.T, r *Registry) string {
	t.Helper()
	rec := httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("got status %d", rec.Code)
	}
	return rec.Body.String()
}

func TestRegistryRecords(t *testing.T) {
	r := New()
	r.Question(ModeModel, OutcomeFound, 1500*time.Millisecond, 3, 1)
	r.Question(ModeFallback, OutcomeNotFound, 200*time.Millisecond, 0, 0)
	r.Refused()
	r.Retrieval(4 * time.Millisecond)
	r.ModelCall(nil, 100, 20)
	r.ModelCall(errors.New("boom"), 0, 0)
	r.TelegramCall("sendMessage", nil, false)
	r.TelegramCall("sendMessage", errors.New("429"), true)
	r.Queued(1)
	r.Queued(1)
	r.Queued(-1)
	r.Reindex(nil)
	r.IndexRun(TriggerStart, nil)
	r.IndexRun(TriggerFeeds, nil)
	r.IndexRun(TriggerFeeds, nil)
	r.IndexRun(TriggerAdd, errors.New("disk full"))
	r.FeedRun(errors.New("down"))
	built := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := r.WatchIndex(func() (IndexState, bool) { return IndexState{Articles: 7, Chunks: 30, BuiltAt: built}, true },
		func() time.Time { return built.Add(90 * time.Second) }); err != nil {
		t.Fatal(err)
	}
	got := scrape(t, r)
	for _, want := range []string{
		`verbatim_questions_total{mode="model",outcome="found"} 1`,
		`verbatim_questions_total{mode="fallback",outcome="not_found"} 1`,
		`verbatim_questions_total{mode="",outcome="refused"} 1`,
		`verbatim_questions_total{mode="offline",outcome="error"} 0`,
		`verbatim_answer_duration_seconds_bucket{mode="model",le="2"} 1`,
		`verbatim_answer_duration_seconds_bucket{mode="model",le="1"} 0`,
		`verbatim_retrieval_duration_seconds_count 1`,
		`verbatim_model_calls_total 2`,
		`verbatim_model_errors_total 1`,
		`verbatim_model_tokens_total{kind="prompt"} 100`,
		`verbatim_model_tokens_total{kind="completion"} 20`,
		`verbatim_quotes_verified_total 3`,
		`verbatim_quotes_removed_total 1`,
		`verbatim_telegram_api_calls_total{method="sendMessage"} 2`,
		`verbatim_telegram_api_errors_total{method="sendMessage"} 1`,
		`verbatim_telegram_api_rate_limited_total 1`,
		`verbatim_queue_length 1`,
		`verbatim_reindex_runs_total{result="ok",trigger="reindex"} 1`,
		`verbatim_reindex_runs_total{result="ok",trigger="start"} 1`,
		`verbatim_reindex_runs_total{result="ok",trigger="feeds"} 2`,
		`verbatim_reindex_runs_total{result="error",trigger="add"} 1`,
		`verbatim_reindex_runs_total{result="ok",trigger="add"} 0`,
		`verbatim_feed_runs_total{result="error"} 1`,
		`verbatim_index_articles 7`,
		`verbatim_index_chunks 30`,
		`verbatim_index_age_seconds 90`,
		`go_goroutines `,
	} {
		if !strings.Contains(got, want+"\n") && !strings.Contains(got, want) {
			t.Errorf("scrape lacks %q", want)
		}
	}
}

func TestNilRegistryRecordsNothing(t *testing.T) {
	var r *Registry
	r.Question(ModeModel, OutcomeFound, time.Second, 1, 0)
	r.Refused()
	r.Retrieval(time.Millisecond)
	r.ModelCall(nil, 1, 1)
	r.TelegramCall("getMe", nil, false)
	r.Queued(1)
	r.Reindex(nil)
	r.IndexRun(TriggerAdd, nil)
	r.FeedRun(nil)
	if err := r.WatchIndex(nil, nil); err != nil {
		t.Fatal(err)
	}
}

func TestIndexGaugesAbsentBeforeLoad(t *testing.T) {
	r := New()
	if err := r.WatchIndex(func() (IndexState, bool) { return IndexState{}, false }, time.Now); err != nil {
		t.Fatal(err)
	}
	if got := scrape(t, r); strings.Contains(got, "verbatim_index_articles") {
		t.Errorf("got index gauges before any index:\n%s", got)
	}
}

func TestReadiness(t *testing.T) {
	h := NewHealth()
	var loaded atomic.Bool
	h.Add(Check{Name: "index", Probe: func(context.Context) error {
		if !loaded.Load() {
			return errors.New("not loaded yet")
		}
		return nil
	}})
	srv, err := Listen("127.0.0.1:0", New(), h)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		srv.Serve(ctx, nil)
		close(done)
	}()
	defer func() {
		cancel()
		<-done
	}()
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + srv.Addr().String() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	tests := []struct {
		name     string
		loaded   bool
		path     string
		code     int
		contains string
	}{
		{"alive while loading", false, "/healthz", 200, "ok"},
		{"not ready while loading", false, "/readyz", 503, "index: not loaded yet"},
		{"ready once loaded", true, "/readyz", 200, "ok"},
		{"metrics", true, "/metrics", 200, "verbatim_questions_total"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loaded.Store(tt.loaded)
			code, body := get(tt.path)
			if code != tt.code || !strings.Contains(body, tt.contains) {
				t.Errorf("got %d %q, want %d with %q", code, body, tt.code, tt.contains)
			}
		})
	}
}

func TestCachedProbe(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	calls := 0
	probe := Cached(30*time.Second, func() time.Time { return now }, func(context.Context) error {
		calls++
		return nil
	})
	for _, step := range []struct {
		advance time.Duration
		calls   int
	}{{0, 1}, {10 * time.Second, 1}, {25 * time.Second, 2}, {time.Second, 2}} {
		now = now.Add(step.advance)
		_ = probe(context.Background())
		if calls != step.calls {
			t.Errorf("after +%v: got %d probe calls, want %d", step.advance, calls, step.calls)
		}
	}
}
