// Package openaiapi sets up the client of an OpenAI-compatible API, the
// one way the chat model (package bot) and the embedder (package
// retrieval) reach it: the key, the base URL (OpenAI, Ollama, vLLM,
// Azure…) and an HTTP transport that retries rate limits, server errors
// and connection failures with backoff.
package openaiapi

import (
	"log/slog"
	"net/http"

	"github.com/sashabaranov/go-openai"

	"verbatim/retrieval/retry"
)

// NewClient returns a client of the API at baseURL ("" for OpenAI's) with
// apiKey. httpClient sends the requests (nil: a default client); its
// transport is wrapped in a retry.Transport unless it already is one.
// Retries are logged to logger (nil: discarded).
func NewClient(apiKey, baseURL string, httpClient *http.Client, logger *slog.Logger) *openai.Client {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg := openai.DefaultConfig(apiKey)
	if baseURL != "" {
		cfg.BaseURL = baseURL
	}
	cfg.HTTPClient = retry.Client(httpClient, logger)
	return openai.NewClientWithConfig(cfg)
}
