package openaitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Chat is a fake chat completions endpoint (any base URL path ending in
// /chat/completions), the one fake of that protocol that the engine's, the
// core's, the adapters' and the command's tests share. Reply decides each
// answer. A streamed answer is sent as the API streams it: server-sent
// events of Runes runes with Pause between them, a chunk without choices
// carrying the usage, then "data: [DONE]"; an answer to a request without
// "stream" is one JSON object. A status other than 200 gets the API's
// error body, with the code go-openai reads ("invalid_api_key" for 401,
// "rate_limit_exceeded" for 429).
type Chat struct {
	*httptest.Server
	// Reply answers the n-th request (from 1): an HTTP status, the text of
	// a 200 answer, and how long to wait before answering (a cancelled
	// request stops waiting). Use Replying for a model that always answers.
	Reply func(req ChatRequest, n int) (status int, text string, wait time.Duration)
	// Runes (default 40) and Pause (default none) shape a stream; set them
	// before the first request.
	Runes int
	Pause time.Duration

	holder
	mu       sync.Mutex
	requests []ChatRequest
}

// ChatRequest is the part of a chat completions request the fake reads.
type ChatRequest struct {
	Model    string        `json:"model"`
	Stream   bool          `json:"stream"`
	Messages []ChatMessage `json:"messages"`
}

// ChatMessage is one message of a ChatRequest.
type ChatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Prompt returns the last user message of r, "" when it has none.
func (r ChatRequest) Prompt() string {
	for i := len(r.Messages) - 1; i >= 0; i-- {
		if r.Messages[i].Role == "user" {
			return r.Messages[i].Content
		}
	}
	return ""
}

// Replying returns a Chat.Reply that answers every request at once with
// status 200 and answer(its prompt).
func Replying(answer func(prompt string) string) func(ChatRequest, int) (int, string, time.Duration) {
	return func(req ChatRequest, _ int) (int, string, time.Duration) {
		return http.StatusOK, answer(req.Prompt()), 0
	}
}

// StartChat starts f, whose Reply must be set, and stops it with the test.
func StartChat(t testing.TB, f *Chat) *Chat {
	t.Helper()
	if f.Reply == nil {
		t.Fatal("openaitest.Chat needs a Reply")
	}
	if f.Runes <= 0 {
		f.Runes = 40
	}
	f.Server = httptest.NewServer(f)
	t.Cleanup(f.Close)
	return f
}

// Requests returns the chat completions requests received so far.
func (f *Chat) Requests() []ChatRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]ChatRequest(nil), f.requests...)
}

// Count returns how many chat completions were requested.
func (f *Chat) Count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

func (f *Chat) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(r.URL.Path, "/chat/completions") || r.Method != http.MethodPost {
		http.Error(w, `{"error":{"message":"not found","type":"invalid_request_error"}}`, http.StatusNotFound)
		return
	}
	var req ChatRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, `{"error":{"message":"bad json","type":"invalid_request_error"}}`, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.requests = append(f.requests, req)
	n := len(f.requests)
	f.mu.Unlock()
	if !f.wait(r) {
		return
	}
	status, text, wait := f.Reply(req, n)
	if wait > 0 {
		select {
		case <-time.After(wait):
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	if status != http.StatusOK {
		w.WriteHeader(status)
		code := map[int]string{http.StatusUnauthorized: "invalid_api_key", http.StatusTooManyRequests: "rate_limit_exceeded"}[status]
		fmt.Fprintf(w, `{"error":{"message":"fake error %d","type":"error","param":null,"code":%q}}`, status, code)
		return
	}
	usage := map[string]any{"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
	if !req.Stream {
		body, _ := json.Marshal(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion", "created": 1714000000, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": text}, "finish_reason": "stop"}},
			"usage":   usage,
		})
		w.Write(body)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	flusher := w.(http.Flusher)
	send := func(v any) {
		b, _ := json.Marshal(v)
		fmt.Fprintf(w, "data: %s\n\n", b)
		flusher.Flush()
	}
	chunk := func(delta map[string]any, finish any) map[string]any {
		return map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1714000000, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}}
	}
	send(chunk(map[string]any{"role": "assistant", "content": ""}, nil))
	runes := []rune(text)
	for len(runes) > 0 && r.Context().Err() == nil {
		k := min(f.Runes, len(runes))
		send(chunk(map[string]any{"content": string(runes[:k])}, nil))
		runes = runes[k:]
		if f.Pause > 0 {
			time.Sleep(f.Pause)
		}
	}
	send(chunk(map[string]any{}, "stop"))
	send(map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1714000000, "model": req.Model,
		"choices": []any{}, "usage": usage})
	fmt.Fprint(w, "data: [DONE]\n\n")
	flusher.Flush()
}
