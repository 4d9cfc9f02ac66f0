package engine

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"verbatim/retrieval/retry"
)

// chatRequest is the part of a chat completions request the fake reads.
type chatRequest struct {
	Model    string `json:"model"`
	Stream   bool   `json:"stream"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
}

// fakeOpenAI is an httptest server speaking the OpenAI chat completions
// wire format: JSON replies, or server-sent events ending with a usage chunk
// that has no choices and "data: [DONE]".
type fakeOpenAI struct {
	*httptest.Server
	// reply decides each answer: an HTTP status and the text (status 200),
	// and how long to wait before answering.
	reply func(req chatRequest, n int) (status int, text string, wait time.Duration)

	mu       sync.Mutex
	requests []chatRequest
}

func newFakeOpenAI(t *testing.T, reply func(req chatRequest, n int) (int, string, time.Duration)) *fakeOpenAI {
	t.Helper()
	f := &fakeOpenAI{reply: reply}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

// count returns how many requests were received.
func (f *fakeOpenAI) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

func (f *fakeOpenAI) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/chat/completions" || r.Method != http.MethodPost {
		http.Error(w, `{"error":{"message":"not found","type":"invalid_request_error"}}`, http.StatusNotFound)
		return
	}
	var req chatRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, `{"error":{"message":"bad json","type":"invalid_request_error"}}`, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.requests = append(f.requests, req)
	n := len(f.requests)
	f.mu.Unlock()
	status, text, wait := f.reply(req, n)
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
		code := map[int]string{401: "invalid_api_key", 429: "rate_limit_exceeded"}[status]
		fmt.Fprintf(w, `{"error":{"message":"fake error %d","type":"error","param":null,"code":%q}}`, status, code)
		return
	}
	if !req.Stream {
		body, _ := json.Marshal(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion", "created": 1714000000, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": text}, "finish_reason": "stop"}},
			"usage":   map[string]any{"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
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
	for _, piece := range pieces(text, 7) {
		send(chunk(map[string]any{"content": piece}, nil))
	}
	send(chunk(map[string]any{}, "stop"))
	send(map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1714000000, "model": req.Model,
		"choices": []any{}, "usage": map[string]any{"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})
	fmt.Fprint(w, "data: [DONE]\n\n")
	flusher.Flush()
}

// pieces cuts s into runs of about n runes, as a model streams tokens.
func pieces(s string, n int) []string {
	var out []string
	r := []rune(s)
	for len(r) > 0 {
		k := min(n, len(r))
		out = append(out, string(r[:k]))
		r = r[k:]
	}
	return out
}

// testModel returns a ChatModel talking to f with fast retries.
func testModel(f *fakeOpenAI, timeout time.Duration) *ChatModel {
	return NewChatModel(ChatConfig{
		APIKey:     "sk-test",
		BaseURL:    f.URL + "/v1",
		Model:      "test-model",
		Timeout:    timeout,
		HTTPClient: &http.Client{Transport: &retry.Transport{Attempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}},
	})
}

// userContent returns the last user message of a request.
func userContent(req chatRequest) string {
	for i := len(req.Messages) - 1; i >= 0; i-- {
		if req.Messages[i].Role == "user" {
			return req.Messages[i].Content
		}
	}
	return ""
}

// isRewrite reports whether req is a rewrite request.
func isRewrite(req chatRequest) bool {
	return strings.Contains(userContent(req), "Last question:")
}
