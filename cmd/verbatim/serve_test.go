package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeBotAPI is a minimal Telegram Bot API server: it serves one queued
// private message through getUpdates and records sendMessage calls.
type fakeBotAPI struct {
	mu      sync.Mutex
	pending []map[string]any
	sent    chan map[string]string
}

func (f *fakeBotAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		_ = r.ParseMultipartForm(1 << 20)
	} else if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var m map[string]any
		_ = json.NewDecoder(r.Body).Decode(&m)
		r.Form = map[string][]string{}
		for k, v := range m {
			b, _ := json.Marshal(v)
			s := string(b)
			if str, ok := v.(string); ok {
				s = str
			}
			r.Form[k] = []string{s}
		}
	} else {
		_ = r.ParseForm()
	}
	method := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	var result any = true
	switch method {
	case "getMe":
		result = map[string]any{"id": 42, "is_bot": true, "first_name": "Verbatim", "username": "VerbatimBot"}
	case "getUpdates":
		f.mu.Lock()
		ups := f.pending
		f.pending = nil
		f.mu.Unlock()
		if len(ups) == 0 {
			select {
			case <-time.After(200 * time.Millisecond):
			case <-r.Context().Done():
			}
			ups = []map[string]any{}
		}
		result = ups
	case "sendMessage":
		params := map[string]string{}
		for k := range r.Form {
			params[k] = r.Form.Get(k)
		}
		f.sent <- params
		result = map[string]any{"message_id": 7, "date": time.Now().Unix(), "chat": map[string]any{"id": 1001, "type": "private"}, "text": params["text"]}
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

func TestServeAnswersSeedQuestionOffline(t *testing.T) {
	const token = "123456:TEST-token-value"
	api := &fakeBotAPI{sent: make(chan map[string]string, 8)}
	api.pending = []map[string]any{{
		"update_id": 1,
		"message": map[string]any{
			"message_id": 1, "date": time.Now().Unix(),
			"chat": map[string]any{"id": 1001, "type": "private"},
			"from": map[string]any{"id": 1001, "is_bot": false, "first_name": "Ana", "language_code": "fr"},
			"text": "Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?",
		},
	}}
	srv := httptest.NewServer(api)
	defer srv.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr strings.Builder
	errc := make(chan error, 1)
	go func() {
		env := mapEnv(map[string]string{"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_URL": srv.URL, "INDEX_DIR": t.TempDir(), "LOG_LEVEL": "debug"})
		errc <- run(ctx, nil, env, strings.NewReader(""), &strings.Builder{}, &syncWriter{w: &stderr})
	}()
	select {
	case msg := <-api.sent:
		if !strings.Contains(msg["text"], "Le 26 avril, Valéry Guérassimov") || !strings.Contains(msg["text"], "avril 2025") {
			t.Errorf("got reply %q, want the seed's quote and its date", msg["text"])
		}
		if msg["parse_mode"] != "HTML" || !strings.Contains(msg["text"], "<blockquote") {
			t.Errorf("got parse_mode %q, want an HTML reply with a blockquote", msg["parse_mode"])
		}
	case err := <-errc:
		t.Fatalf("serve stopped early: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("no reply within 30s")
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("got %v, want a clean exit on shutdown", err)
	}
	if strings.Contains(stderr.String(), "TEST-token-value") {
		t.Error("the bot token appears in the logs")
	}
}

// push queues an update for the next getUpdates.
func (f *fakeBotAPI) push(update map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pending = append(f.pending, update)
}

// httptestServer serves h on loopback until the test ends.
func httptestServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// syncWriter serialises writes from the bot's goroutines.
type syncWriter struct {
	mu sync.Mutex
	w  *strings.Builder
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// String returns what was written so far.
func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.String()
}
