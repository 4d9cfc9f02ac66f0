package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/sashabaranov/go-openai"

	"verbatim/prompts"
	"verbatim/retrieval/openaiapi"
)

// Defaults of a ChatModel.
const (
	DefaultChatModel   = "gpt-4o-mini"
	DefaultChatTimeout = 90 * time.Second
	// DefaultTemperature keeps answers close to the passages.
	DefaultTemperature = 0.2
)

// ChatConfig configures a ChatModel over an OpenAI-compatible chat
// completions API.
type ChatConfig struct {
	APIKey string
	// BaseURL overrides the API root, e.g. "http://localhost:11434/v1".
	BaseURL string
	// Model defaults to DefaultChatModel.
	Model string
	// HTTPClient sends requests; its transport is wrapped in a
	// retry.Transport unless it already is one. Nil means a default client.
	HTTPClient *http.Client
	// Timeout bounds a whole call, streaming included (default 90s).
	Timeout time.Duration
	Logger  *slog.Logger
	// Temperature defaults to DefaultTemperature; a negative value sends 0.
	Temperature float32
	// Observer, when set, receives one record per API call (metrics).
	Observer ModelObserver
}

// ChatModel writes answers with an OpenAI-compatible chat model. Rate
// limits and server errors on the initial response are retried with
// backoff by its HTTP transport.
type ChatModel struct {
	client      *openai.Client
	model       string
	timeout     time.Duration
	temperature float32
	logger      *slog.Logger
	obs         ModelObserver
}

// NewChatModel returns a ChatModel for cfg.
func NewChatModel(cfg ChatConfig) *ChatModel {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	m := &ChatModel{client: openaiapi.NewClient(cfg.APIKey, cfg.BaseURL, cfg.HTTPClient, logger), model: cfg.Model, timeout: cfg.Timeout,
		temperature: cfg.Temperature, logger: logger, obs: cfg.Observer}
	if m.model == "" {
		m.model = DefaultChatModel
	}
	if m.timeout <= 0 {
		m.timeout = DefaultChatTimeout
	}
	switch {
	case m.temperature == 0:
		m.temperature = DefaultTemperature
	case m.temperature < 0:
		m.temperature = 1e-9 // go-openai omits an exact zero
	}
	return m
}

// Model returns the model name.
func (m *ChatModel) Model() string { return m.model }

// Timeout returns the bound of one call.
func (m *ChatModel) Timeout() time.Duration { return m.timeout }

func (m *ChatModel) request(msgs []prompts.Message) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{Model: m.model, Temperature: m.temperature}
	for _, msg := range msgs {
		req.Messages = append(req.Messages, openai.ChatCompletionMessage{Role: msg.Role, Content: msg.Content})
	}
	return req
}

// Stream sends msgs and streams the reply, calling onDelta (if not nil)
// with each piece of text as it arrives; it returns the whole reply, or the
// reply so far once onDelta returns false, which stops the stream. Chunks
// without choices, such as the final usage chunk, are skipped. The call,
// streaming included, is bounded by the configured timeout.
func (m *ChatModel) Stream(ctx context.Context, msgs []prompts.Message, onDelta func(string) bool) (_ string, err error) {
	var usage openai.Usage
	defer func() { m.observe(err, usage) }()
	ctx, cancel := context.WithTimeout(ctx, m.timeout)
	defer cancel()
	start := time.Now()
	req := m.request(msgs)
	// The last chunk then reports the tokens used (for the metrics).
	req.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	stream, err := m.client.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return "", fmt.Errorf("chat completion stream: %w", modelError(ctx, err))
	}
	defer stream.Close()
	var b strings.Builder
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return b.String(), fmt.Errorf("chat completion stream: %w", modelError(ctx, err))
		}
		if resp.Usage != nil {
			usage = *resp.Usage
			m.logger.Debug("chat usage", "model", m.model, "prompt_tokens", resp.Usage.PromptTokens, "completion_tokens", resp.Usage.CompletionTokens)
		}
		if len(resp.Choices) == 0 {
			continue
		}
		if d := resp.Choices[0].Delta.Content; d != "" {
			b.WriteString(d)
			if onDelta != nil && !onDelta(d) {
				m.logger.Info("chat answer stopped", "model", m.model, "chars", b.Len(), "seconds", time.Since(start).Seconds())
				return b.String(), nil
			}
		}
	}
	m.logger.Info("chat answer", "model", m.model, "chars", b.Len(), "seconds", time.Since(start).Seconds())
	return b.String(), nil
}

// Complete sends msgs and returns the reply, without streaming.
func (m *ChatModel) Complete(ctx context.Context, msgs []prompts.Message) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, m.timeout)
	defer cancel()
	resp, err := m.client.CreateChatCompletion(ctx, m.request(msgs))
	m.observe(err, resp.Usage)
	if err != nil {
		return "", fmt.Errorf("chat completion: %w", modelError(ctx, err))
	}
	if len(resp.Choices) == 0 {
		return "", errors.New("chat completion: reply has no choices")
	}
	return resp.Choices[0].Message.Content, nil
}

// observe reports one API call to the observer, if any.
func (m *ChatModel) observe(err error, u openai.Usage) {
	if m.obs != nil {
		m.obs.ModelCall(err, u.PromptTokens, u.CompletionTokens)
	}
}

// modelError adds the timeout to an error caused by the call's deadline,
// which go-openai may report as a bare read error.
func modelError(ctx context.Context, err error) error {
	if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		return fmt.Errorf("%w (%w)", err, ctx.Err())
	}
	return err
}
