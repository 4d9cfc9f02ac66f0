package retrieval

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"verbatim/retrieval/openaiapi/openaitest"
	"verbatim/retrieval/retry"
)

// fakeEmbeddings is the shared fake /embeddings endpoint, accepting the
// key sk-test only.
type fakeEmbeddings = openaitest.Embeddings

// textVector is the fake's vector of a text.
var textVector = openaitest.TextVector

// noSleep records retry waits without waiting.
type noSleep struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *noSleep) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func newTestOpenAI(t *testing.T, f *fakeEmbeddings, cfg OpenAIConfig) (Embedder, *noSleep) {
	t.Helper()
	f.Key = "sk-test"
	srv := openaitest.StartEmbeddings(t, f)
	sl := &noSleep{}
	cfg.APIKey = "sk-test"
	cfg.BaseURL = srv.URL + "/v1"
	cfg.HTTPClient = &http.Client{Transport: &retry.Transport{Sleep: sl.sleep, Attempts: 3}}
	return NewOpenAIEmbedder(cfg), sl
}

func texts(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("text number %d %s", i, strings.Repeat("x", i%5))
	}
	return out
}

func TestOpenAIEmbedderBatching(t *testing.T) {
	tests := []struct {
		name         string
		n            int
		cfg          OpenAIConfig
		wantRequests int
	}{
		{"one request under the input cap", 10, OpenAIConfig{MaxBatchInputs: 10, Dimensions: 4}, 1},
		{"split by input count", 25, OpenAIConfig{MaxBatchInputs: 10, Dimensions: 4}, 3},
		{"split by token budget", 12, OpenAIConfig{MaxBatchInputs: 100, MaxBatchTokens: 20, Dimensions: 4}, 4},
		{"default cap is 512", 1030, OpenAIConfig{Dimensions: 4}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeEmbeddings{}
			e, _ := newTestOpenAI(t, f, tt.cfg)
			in := texts(tt.n)
			got, err := e.Embed(context.Background(), in)
			if err != nil {
				t.Fatalf("Embed: %v", err)
			}
			if len(f.Requests()) != tt.wantRequests {
				t.Errorf("requests = %d, want %d", len(f.Requests()), tt.wantRequests)
			}
			if len(got) != tt.n {
				t.Fatalf("vectors = %d, want %d", len(got), tt.n)
			}
			seen := 0
			for _, r := range f.Requests() {
				seen += len(r.Input)
			}
			if seen != tt.n {
				t.Errorf("inputs sent = %d, want %d", seen, tt.n)
			}
			for i, v := range got {
				want := textVector(in[i], len(v))
				if !parallel(v, want) {
					t.Fatalf("vector %d is not the one for %q", i, in[i])
				}
			}
		})
	}
}

// parallel reports whether unit vector u points along v.
func parallel(u, v []float32) bool {
	var dot, nv float64
	for i := range u {
		dot += float64(u[i]) * float64(v[i])
		nv += float64(v[i]) * float64(v[i])
	}
	return math.Abs(dot/math.Sqrt(nv)-1) < 1e-5
}

func TestOpenAIEmbedderNormalisesAndPassesDimensions(t *testing.T) {
	tests := []struct {
		name     string
		dims     int
		wantSent int
		wantLen  int
		wantID   string
	}{
		{"dimensions passed through", 256, 256, 256, "openai/text-embedding-3-small/256"},
		{"no dimensions sent when zero", 0, 0, 8, "openai/text-embedding-3-large/3072"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeEmbeddings{}
			cfg := OpenAIConfig{Dimensions: tt.dims}
			if tt.dims == 0 {
				cfg.Model = "text-embedding-3-large"
			}
			e, _ := newTestOpenAI(t, f, cfg)
			if e.ID() != tt.wantID {
				t.Errorf("ID = %q, want %q", e.ID(), tt.wantID)
			}
			if tt.dims == 0 {
				// The fake answers 8 dimensions, which the known model refuses.
				_, err := e.Embed(context.Background(), []string{"a"})
				if err == nil || !strings.Contains(err.Error(), "has 8 dimensions, want 3072") {
					t.Fatalf("Embed err = %v, want a dimensions mismatch", err)
				}
				if f.Requests()[0].Dimensions != 0 {
					t.Errorf("dimensions sent = %d, want none", f.Requests()[0].Dimensions)
				}
				return
			}
			got, err := e.Embed(context.Background(), []string{"alpha", "beta gamma"})
			if err != nil {
				t.Fatalf("Embed: %v", err)
			}
			if f.Requests()[0].Dimensions != tt.wantSent {
				t.Errorf("dimensions sent = %d, want %d", f.Requests()[0].Dimensions, tt.wantSent)
			}
			if f.Requests()[0].Model != "text-embedding-3-small" {
				t.Errorf("model sent = %q, want text-embedding-3-small", f.Requests()[0].Model)
			}
			for i, v := range got {
				if len(v) != tt.wantLen {
					t.Errorf("vector %d has %d dimensions, want %d", i, len(v), tt.wantLen)
				}
				var sum float64
				for _, x := range v {
					sum += float64(x) * float64(x)
				}
				if math.Abs(sum-1) > 1e-5 {
					t.Errorf("vector %d has squared norm %v, want 1", i, sum)
				}
			}
		})
	}
}

func TestOpenAIEmbedderRetriesRateLimit(t *testing.T) {
	f := &fakeEmbeddings{Fail: func(n int) (int, string) {
		if n == 0 {
			return http.StatusTooManyRequests, "3"
		}
		return 0, ""
	}}
	e, sl := newTestOpenAI(t, f, OpenAIConfig{Dimensions: 4})
	got, err := e.Embed(context.Background(), []string{"a", "b"})
	if err != nil {
		t.Fatalf("Embed: %v", err)
	}
	if len(got) != 2 {
		t.Errorf("vectors = %d, want 2", len(got))
	}
	if len(f.Requests()) != 2 {
		t.Errorf("requests = %d, want 2", len(f.Requests()))
	}
	if len(sl.waits) != 1 || sl.waits[0] != 3*time.Second {
		t.Errorf("waits = %v, want [3s] from Retry-After", sl.waits)
	}
	if len(f.Requests()) == 2 && strings.Join(f.Requests()[1].Input, "|") != "a|b" {
		t.Errorf("retried inputs = %q, want [a b]", f.Requests()[1].Input)
	}
}

func TestOpenAIEmbedderErrors(t *testing.T) {
	tests := []struct {
		name    string
		fail    func(n int) (int, string)
		key     string
		wantErr []string
		wantReq int
	}{
		{
			name:    "repeated 503 gives up after the retry attempts",
			fail:    func(int) (int, string) { return http.StatusServiceUnavailable, "" },
			wantErr: []string{"embed batch 0", "503"},
			wantReq: 3,
		},
		{
			name:    "invalid key is not retried",
			key:     "sk-wrong",
			wantErr: []string{"embed batch 0", "401"},
			wantReq: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := openaitest.StartEmbeddings(t, &fakeEmbeddings{Fail: tt.fail, Key: "sk-test"})
			srv := f.Server
			sl := &noSleep{}
			key := tt.key
			if key == "" {
				key = "sk-test"
			}
			e := NewOpenAIEmbedder(OpenAIConfig{
				APIKey: key, BaseURL: srv.URL + "/v1", Dimensions: 4,
				HTTPClient: &http.Client{Transport: &retry.Transport{Sleep: sl.sleep, Attempts: 3}},
			})
			_, err := e.Embed(context.Background(), []string{"a"})
			if err == nil {
				t.Fatal("Embed succeeded, want an error")
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %q, want it to contain %q", err, w)
				}
			}
			if len(f.Requests()) != tt.wantReq {
				t.Errorf("requests = %d, want %d", len(f.Requests()), tt.wantReq)
			}
		})
	}
}

func TestOpenAIEmbedderBadResponses(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		wantErr string
	}{
		{"wrong count", `{"object":"list","data":[{"object":"embedding","embedding":[1,0],"index":0}]}`, "got 1 vectors for 2 inputs"},
		{"empty vector", `{"object":"list","data":[{"object":"embedding","embedding":[],"index":0},{"object":"embedding","embedding":[1,0],"index":1}]}`, "empty vector for input 0"},
		{"duplicate index", `{"object":"list","data":[{"object":"embedding","embedding":[1,0],"index":1},{"object":"embedding","embedding":[1,0],"index":1}]}`, "index 1 returned twice"},
		{"zero vector", `{"object":"list","data":[{"object":"embedding","embedding":[0,0],"index":0},{"object":"embedding","embedding":[1,0],"index":1}]}`, "zero vector"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, tt.body)
			}))
			defer srv.Close()
			e := NewOpenAIEmbedder(OpenAIConfig{APIKey: "k", BaseURL: srv.URL + "/v1", Model: "custom"})
			_, err := e.Embed(context.Background(), []string{"a", "b"})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "embed batch 0") {
				t.Errorf("err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestSplitBatches(t *testing.T) {
	tests := []struct {
		name      string
		lens      []int
		maxInputs int
		maxTokens int
		want      []batch
	}{
		{"all in one", []int{3, 3, 3}, 10, 100, []batch{{0, 3}}},
		{"by count", []int{3, 3, 3, 3, 3}, 2, 100, []batch{{0, 2}, {2, 4}, {4, 5}}},
		// each text of 30 bytes estimates 11 tokens
		{"by tokens", []int{30, 30, 30}, 10, 25, []batch{{0, 2}, {2, 3}}},
		{"oversized text alone", []int{3, 300, 3}, 10, 25, []batch{{0, 1}, {1, 2}, {2, 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := make([]string, len(tt.lens))
			for i, n := range tt.lens {
				in[i] = strings.Repeat("a", n)
			}
			got := splitBatches(in, tt.maxInputs, tt.maxTokens)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("splitBatches = %v, want %v", got, tt.want)
			}
		})
	}
}
