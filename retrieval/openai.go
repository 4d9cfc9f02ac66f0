package retrieval

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"sync"

	"github.com/sashabaranov/go-openai"

	"verbatim/retrieval/openaiapi"
)

// Limits of the OpenAI embeddings endpoint and the defaults used under them.
const (
	// DefaultOpenAIModel is the embedding model used when none is configured.
	DefaultOpenAIModel = "text-embedding-3-small"
	// maxOpenAIBatchInputs is the API's limit on inputs per request.
	maxOpenAIBatchInputs     = 2048
	defaultOpenAIBatchInputs = 512
	// defaultOpenAIBatchTokens stays under the API's 300k tokens per request
	// even when the estimate (bytes/3) is low.
	defaultOpenAIBatchTokens = 200_000
	defaultOpenAIConcurrency = 4
)

// openAIModelDimensions are the native vector lengths of known models, used
// when no Dimensions is configured.
var openAIModelDimensions = map[string]int{
	"text-embedding-3-small": 1536,
	"text-embedding-3-large": 3072,
	"text-embedding-ada-002": 1536,
}

// OpenAIConfig configures an embedder that calls an OpenAI-compatible
// /embeddings endpoint.
type OpenAIConfig struct {
	APIKey string
	// BaseURL overrides the API root, e.g. "http://localhost:11434/v1".
	BaseURL string
	// Model defaults to DefaultOpenAIModel.
	Model string
	// Dimensions asks the model for shorter vectors when > 0 (text-embedding-3
	// models); it is recorded with the index either way.
	Dimensions int
	// HTTPClient sends requests; its transport is wrapped in a retry.Transport
	// unless it already is one. Nil means a default client.
	HTTPClient *http.Client
	// MaxBatchInputs caps the texts per request (default 512, at most 2048).
	MaxBatchInputs int
	// MaxBatchTokens caps the estimated tokens per request (default 200000,
	// estimating one token per 3 bytes).
	MaxBatchTokens int
	// Concurrency is the number of requests in flight (default 4).
	Concurrency int
	Logger      *slog.Logger
}

// NewOpenAIEmbedder returns an Embedder that embeds texts with an
// OpenAI-compatible API: many inputs per request, a few requests in flight,
// retries on rate limits and server errors, every vector normalised to unit
// length.
func NewOpenAIEmbedder(cfg OpenAIConfig) Embedder {
	if cfg.Model == "" {
		cfg.Model = DefaultOpenAIModel
	}
	if cfg.MaxBatchInputs <= 0 {
		cfg.MaxBatchInputs = defaultOpenAIBatchInputs
	}
	cfg.MaxBatchInputs = min(cfg.MaxBatchInputs, maxOpenAIBatchInputs)
	if cfg.MaxBatchTokens <= 0 {
		cfg.MaxBatchTokens = defaultOpenAIBatchTokens
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = defaultOpenAIConcurrency
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	e := &openAIEmbedder{cfg: cfg, client: openaiapi.NewClient(cfg.APIKey, cfg.BaseURL, cfg.HTTPClient, logger), logger: logger}
	dims := cfg.Dimensions
	if dims <= 0 {
		dims = openAIModelDimensions[cfg.Model]
	}
	e.dims = dims
	return Embedder{Name: "openai", Model: cfg.Model, Dimensions: dims, Embed: e.embed}
}

type openAIEmbedder struct {
	cfg    OpenAIConfig
	dims   int // expected vector length; 0 when unknown
	client *openai.Client
	logger *slog.Logger
}

// embed sends texts in batches, a few at a time, and returns their unit
// vectors in order. The first failing batch cancels the others.
func (e *openAIEmbedder) embed(ctx context.Context, texts []string) ([][]float32, error) {
	if len(texts) == 0 {
		return nil, nil
	}
	out := make([][]float32, len(texts))
	batches := splitBatches(texts, e.cfg.MaxBatchInputs, e.cfg.MaxBatchTokens)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	sem := make(chan struct{}, e.cfg.Concurrency)
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	for i, b := range batches {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := e.embedBatch(ctx, texts[b.start:b.end], out[b.start:b.end]); err != nil {
				once.Do(func() {
					firstErr = fmt.Errorf("embed batch %d: %w", i, err)
					cancel(firstErr)
				})
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("embed: %w", context.Cause(ctx))
	}
	return out, nil
}

// embedBatch embeds one request's texts into dst, placing vectors by the
// response's Index field.
func (e *openAIEmbedder) embedBatch(ctx context.Context, texts []string, dst [][]float32) error {
	input := make([]string, len(texts))
	for i, t := range texts {
		if t == "" {
			t = " " // the API rejects empty inputs
		}
		input[i] = t
	}
	resp, err := e.client.CreateEmbeddings(ctx, openai.EmbeddingRequest{
		Input:      input,
		Model:      openai.EmbeddingModel(e.cfg.Model),
		Dimensions: max(e.cfg.Dimensions, 0),
	})
	if err != nil {
		return err
	}
	if len(resp.Data) != len(texts) {
		return fmt.Errorf("got %d vectors for %d inputs", len(resp.Data), len(texts))
	}
	for _, d := range resp.Data {
		if d.Index < 0 || d.Index >= len(texts) {
			return fmt.Errorf("vector index %d out of range [0, %d)", d.Index, len(texts))
		}
		if dst[d.Index] != nil {
			return fmt.Errorf("vector index %d returned twice", d.Index)
		}
		if len(d.Embedding) == 0 {
			return fmt.Errorf("empty vector for input %d", d.Index)
		}
		if e.dims > 0 && len(d.Embedding) != e.dims {
			return fmt.Errorf("vector for input %d has %d dimensions, want %d", d.Index, len(d.Embedding), e.dims)
		}
		v, err := unit(d.Embedding)
		if err != nil {
			return fmt.Errorf("vector for input %d: %w", d.Index, err)
		}
		dst[d.Index] = v
	}
	return nil
}

// batch is a half-open range of texts sent in one request.
type batch struct{ start, end int }

// splitBatches cuts texts into consecutive batches of at most maxInputs
// texts and about maxTokens estimated tokens (a text larger than the budget
// goes alone).
func splitBatches(texts []string, maxInputs, maxTokens int) []batch {
	var out []batch
	start, tokens := 0, 0
	for i, t := range texts {
		n := estimateTokens(t)
		if i > start && (i-start >= maxInputs || tokens+n > maxTokens) {
			out = append(out, batch{start, i})
			start, tokens = i, 0
		}
		tokens += n
	}
	return append(out, batch{start, len(texts)})
}

// estimateTokens overestimates the tokens of t for typical European text.
func estimateTokens(t string) int { return len(t)/3 + 1 }

// errZeroVector reports a vector that cannot be normalised.
var errZeroVector = errors.New("zero vector")

// unit scales v to unit length in place and returns it.
func unit(v []float32) ([]float32, error) {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 || math.IsNaN(sum) || math.IsInf(sum, 0) {
		return nil, errZeroVector
	}
	inv := 1 / math.Sqrt(sum)
	for i, x := range v {
		v[i] = float32(float64(x) * inv)
	}
	return v, nil
}
