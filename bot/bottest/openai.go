package bottest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// OpenAI is a fake OpenAI-compatible chat completions API, the one the
// core's and the adapters' tests share. It speaks the streaming wire
// format (server-sent events, a final usage chunk without choices, then
// "data: [DONE]"): every request is answered with Reply(last user
// message), streamed Runes runes at a time with Pause between chunks. Use
// its URL + "/v1" as the base URL.
type OpenAI struct {
	*httptest.Server
	reply func(prompt string) string
	// Runes (default 40) and Pause (default none) shape the stream; set
	// them before the first request.
	Runes int
	Pause time.Duration

	mu       sync.Mutex
	requests int
	hold     chan struct{}
}

// StartOpenAI starts a fake API answering reply(prompt); it stops with the
// test.
func StartOpenAI(t testing.TB, reply func(prompt string) string) *OpenAI {
	f := &OpenAI{reply: reply, Runes: 40}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

// NewOpenAI starts a fake API answering reply(prompt) and returns its
// server.
func NewOpenAI(t testing.TB, reply func(prompt string) string) *httptest.Server {
	return StartOpenAI(t, reply).Server
}

// Requests returns how many chat completions were requested.
func (f *OpenAI) Requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

// Hold makes every request wait, from now on, until release is called.
func (f *OpenAI) Hold() (release func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	hold := make(chan struct{})
	f.hold = hold
	return func() {
		f.mu.Lock()
		f.hold = nil
		f.mu.Unlock()
		close(hold)
	}
}

func (f *OpenAI) serve(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Model    string `json:"model"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
	}
	if r.URL.Path != "/v1/chat/completions" {
		http.Error(w, `{"error":{"message":"not found"}}`, http.StatusNotFound)
		return
	}
	if json.NewDecoder(r.Body).Decode(&req) != nil {
		http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.requests++
	hold := f.hold
	f.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
			return
		}
	}
	prompt := ""
	for _, m := range req.Messages {
		if m.Role == "user" {
			prompt = m.Content
		}
	}
	w.Header().Set("Content-Type", "text/event-stream")
	flusher := w.(http.Flusher)
	send := func(v any) {
		data, _ := json.Marshal(v)
		fmt.Fprintf(w, "data: %s\n\n", data)
		flusher.Flush()
	}
	chunk := func(delta map[string]any, finish any) map[string]any {
		return map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1714000000, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}}
	}
	send(chunk(map[string]any{"role": "assistant", "content": ""}, nil))
	size := max(f.Runes, 1)
	runes := []rune(f.reply(prompt))
	for len(runes) > 0 && r.Context().Err() == nil {
		k := min(size, len(runes))
		send(chunk(map[string]any{"content": string(runes[:k])}, nil))
		runes = runes[k:]
		if f.Pause > 0 {
			time.Sleep(f.Pause)
		}
	}
	send(chunk(map[string]any{}, "stop"))
	send(map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1714000000, "model": req.Model,
		"choices": []any{}, "usage": map[string]any{"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})
	fmt.Fprint(w, "data: [DONE]\n\n")
	flusher.Flush()
}
