package engine

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"verbatim/prompts"
)

func TestChatModelStream(t *testing.T) {
	want := "Le 26 avril, « Valéry Guérassimov » a parlé [1]."
	f := newFakeOpenAI(t, func(chatRequest, int) (int, string, time.Duration) { return http.StatusOK, want, 0 })
	m := testModel(f, 5*time.Second)
	var deltas []string
	got, err := m.Stream(context.Background(), []prompts.Message{{Role: "system", Content: "s"}, {Role: "user", Content: "u"}},
		func(d string) bool { deltas = append(deltas, d); return true })
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("reply = %q, want %q", got, want)
	}
	if len(deltas) < 2 || strings.Join(deltas, "") != want {
		t.Errorf("deltas = %q, want several pieces joining to the reply", deltas)
	}
	var stopped []string
	got, err = m.Stream(context.Background(), []prompts.Message{{Role: "user", Content: "u"}},
		func(d string) bool { stopped = append(stopped, d); return len(stopped) < 2 })
	if err != nil || len(stopped) != 2 || got != deltas[0]+deltas[1] {
		t.Errorf("stopped after %q: reply = %q, %v; want the first two pieces %q", stopped, got, err, deltas[:2])
	}
	req := f.Requests()[0]
	if !req.Stream || req.Model != "test-model" || len(req.Messages) != 2 || req.Messages[1].Content != "u" {
		t.Errorf("request = %+v, want a streamed request for test-model with both messages", req)
	}
}

func TestChatModelComplete(t *testing.T) {
	f := newFakeOpenAI(t, func(chatRequest, int) (int, string, time.Duration) { return http.StatusOK, "Qu'a dit Peskov ?", 0 })
	got, err := testModel(f, 5*time.Second).Complete(context.Background(), []prompts.Message{{Role: "user", Content: "u"}})
	if err != nil || got != "Qu'a dit Peskov ?" {
		t.Errorf("Complete = %q, %v; want the reply", got, err)
	}
	if f.Requests()[0].Stream {
		t.Error("Complete sent a streaming request")
	}
}

func TestChatModelErrors(t *testing.T) {
	tests := []struct {
		name      string
		reply     func(chatRequest, int) (int, string, time.Duration)
		timeout   time.Duration
		wantErr   bool
		wantCalls int
		wantEN    string
		wantFR    string
	}{
		{
			name:    "invalid key is not retried",
			reply:   func(chatRequest, int) (int, string, time.Duration) { return http.StatusUnauthorized, "", 0 },
			wantErr: true, wantCalls: 1,
			wantEN: "the model API key is invalid", wantFR: "la clé d'API du modèle n'est pas valide",
		},
		{
			name:    "rate limit retried then busy",
			reply:   func(chatRequest, int) (int, string, time.Duration) { return http.StatusTooManyRequests, "", 0 },
			wantErr: true, wantCalls: 3,
			wantEN: "busy", wantFR: "sollicité",
		},
		{
			name:    "server errors retried then unreachable",
			reply:   func(chatRequest, int) (int, string, time.Duration) { return http.StatusBadGateway, "", 0 },
			wantErr: true, wantCalls: 3,
			wantEN: "could not be reached", wantFR: "injoignable",
		},
		{
			name: "server error then success",
			reply: func(_ chatRequest, n int) (int, string, time.Duration) {
				if n == 1 {
					return http.StatusInternalServerError, "", 0
				}
				return http.StatusOK, "ok", 0
			},
			wantCalls: 2,
		},
		{
			name:    "timeout",
			reply:   func(chatRequest, int) (int, string, time.Duration) { return http.StatusOK, "late", 2 * time.Second },
			timeout: 100 * time.Millisecond,
			wantErr: true, wantCalls: 1,
			wantEN: "took too long", wantFR: "trop de temps",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeOpenAI(t, tt.reply)
			timeout := tt.timeout
			if timeout == 0 {
				timeout = 5 * time.Second
			}
			_, err := testModel(f, timeout).Stream(context.Background(), []prompts.Message{{Role: "user", Content: "u"}}, nil)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error: %v", err, tt.wantErr)
			}
			if got := f.Count(); got != tt.wantCalls {
				t.Errorf("server got %d requests, want %d", got, tt.wantCalls)
			}
			if !tt.wantErr {
				return
			}
			if got := UserMessage(err, "en"); !strings.Contains(got, tt.wantEN) {
				t.Errorf("UserMessage(en) = %q, want it to contain %q", got, tt.wantEN)
			}
			if got := UserMessage(err, "fr"); !strings.Contains(got, tt.wantFR) {
				t.Errorf("UserMessage(fr) = %q, want it to contain %q", got, tt.wantFR)
			}
			if strings.Contains(UserMessage(err, "en"), "sk-test") || strings.Contains(UserMessage(err, "en"), "127.0.0.1") {
				t.Errorf("UserMessage leaks internals: %q", UserMessage(err, "en"))
			}
		})
	}
}
