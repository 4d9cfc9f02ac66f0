package engine

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"verbatim/retrieval/openaiapi/openaitest"
	"verbatim/retrieval/retry"
)

// chatRequest and fakeOpenAI are the shared fake of the chat completions
// API (retrieval/openaiapi/openaitest).
type (
	chatRequest = openaitest.ChatRequest
	fakeOpenAI  = openaitest.Chat
)

// newFakeOpenAI starts the fake answering reply, streaming 7 runes a chunk
// so that a stream has several deltas.
func newFakeOpenAI(t *testing.T, reply func(req chatRequest, n int) (int, string, time.Duration)) *fakeOpenAI {
	t.Helper()
	return openaitest.StartChat(t, &openaitest.Chat{Reply: reply, Runes: 7})
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
func userContent(req chatRequest) string { return req.Prompt() }

// isRewrite reports whether req is a rewrite request.
func isRewrite(req chatRequest) bool {
	return strings.Contains(userContent(req), "Last question:")
}
