// Package openaitest serves the endpoints of an OpenAI-compatible API for
// tests: embeddings (Embeddings) and chat completions (Chat), the one fake
// of each that every package's tests share.
package openaitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Embeddings is a fake /embeddings endpoint (any base URL path ending in
// /embeddings). It answers one vector per input, Vector(input, dims), with
// the items in reverse order so that callers must place them by index. A
// request for /models gets an empty list; chat completions are refused
// with 401, so that answers fall back to extractive ones.
type Embeddings struct {
	*httptest.Server
	// Key, when set, is the only API key accepted (401 otherwise).
	Key string
	// Fail, when set, gives the n-th request (from 0) a status and a
	// Retry-After value instead of an answer; status 0 answers.
	Fail func(n int) (status int, retryAfter string)
	// Vector makes the vector of one input (default TextVector).
	Vector func(text string, dims int) []float32

	holder
	mu       sync.Mutex
	requests []Request
}

// Request is what one embeddings request asked for.
type Request struct {
	Input      []string `json:"input"`
	Model      string   `json:"model"`
	Dimensions int      `json:"dimensions"`
}

// StartEmbeddings starts f (its zero value is usable) and stops it with
// the test.
func StartEmbeddings(t testing.TB, f *Embeddings) *Embeddings {
	if f.Vector == nil {
		f.Vector = TextVector
	}
	f.Server = httptest.NewServer(f)
	t.Cleanup(f.Close)
	return f
}

// TextVector is a deterministic, not normalised vector of dims numbers
// for text.
func TextVector(text string, dims int) []float32 {
	v := make([]float32, dims)
	for i := range v {
		v[i] = float32(len(text)%7+1) * float32(i+1)
	}
	v[0] += float32(len(text))
	return v
}

// Requests returns the embeddings requests received so far.
func (f *Embeddings) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.requests...)
}

func (f *Embeddings) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !f.wait(r) {
		return
	}
	switch {
	case strings.HasSuffix(r.URL.Path, "/models"):
		fmt.Fprint(w, `{"object":"list","data":[]}`)
		return
	case strings.HasSuffix(r.URL.Path, "/chat/completions"):
		refuse(w, http.StatusUnauthorized)
		return
	case !strings.HasSuffix(r.URL.Path, "/embeddings") || r.Method != http.MethodPost:
		http.Error(w, "not found", http.StatusNotFound)
		return
	case f.Key != "" && r.Header.Get("Authorization") != "Bearer "+f.Key:
		refuse(w, http.StatusUnauthorized)
		return
	}
	var req Request
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	n := len(f.requests)
	f.requests = append(f.requests, req)
	f.mu.Unlock()
	if f.Fail != nil {
		if status, retryAfter := f.Fail(n); status != 0 {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			refuse(w, status)
			return
		}
	}
	dims := req.Dimensions
	if dims == 0 {
		dims = 8
	}
	type item struct {
		Object    string    `json:"object"`
		Embedding []float32 `json:"embedding"`
		Index     int       `json:"index"`
	}
	data := make([]item, 0, len(req.Input))
	for i := len(req.Input) - 1; i >= 0; i-- {
		data = append(data, item{Object: "embedding", Embedding: f.Vector(req.Input[i], dims), Index: i})
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"object": "list", "data": data, "model": req.Model,
		"usage": map[string]int{"prompt_tokens": len(req.Input), "total_tokens": len(req.Input)},
	})
}

// refuse answers an OpenAI error body with status: 401 reads as an
// invalid key.
func refuse(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if status == http.StatusUnauthorized {
		fmt.Fprint(w, `{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}`)
		return
	}
	fmt.Fprintf(w, `{"error":{"message":"status %d","type":"server_error"}}`, status)
}

// holder holds requests: Hold, and wait in the handler.
type holder struct {
	mu   sync.Mutex
	hold chan struct{}
}

// Hold makes every request wait, from now on, until release is called.
func (h *holder) Hold() (release func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	hold := make(chan struct{})
	h.hold = hold
	return func() {
		h.mu.Lock()
		h.hold = nil
		h.mu.Unlock()
		close(hold)
	}
}

// wait waits while requests are held; false when r was cancelled first.
func (h *holder) wait(r *http.Request) bool {
	h.mu.Lock()
	hold := h.hold
	h.mu.Unlock()
	if hold == nil {
		return true
	}
	select {
	case <-hold:
		return true
	case <-r.Context().Done():
		return false
	}
}
