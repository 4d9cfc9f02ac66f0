package engine

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval"
	"verbatim/retrieval/openaiapi/openaitest"
)

// TestAskEmbeddingOutage checks that when the embedding API fails for the
// question, the answer comes from the lexical half, with a one-line notice.
func TestAskEmbeddingOutage(t *testing.T) {
	local := retrieval.NewLocalEmbedder()
	var down atomic.Bool
	srv := openaitest.StartEmbeddings(t, &openaitest.Embeddings{
		// The local embedder's vectors, so that the vector half finds what
		// it should while the API is up.
		Vector: func(text string, _ int) []float32 {
			vs, err := local.Embed(context.Background(), []string{text})
			if err != nil {
				t.Error(err)
				return nil
			}
			return vs[0]
		},
		Fail: func(int) (int, string) {
			if down.Load() {
				return http.StatusUnauthorized, ""
			}
			return 0, ""
		},
	})

	ctx := context.Background()
	e := retrieval.NewOpenAIEmbedder(retrieval.OpenAIConfig{APIKey: "k", BaseURL: srv.URL + "/v1", Model: "test-embedding", Dimensions: 768})
	res, err := corpus.Load(ctx, corpus.Seed(), corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := retrieval.Build(ctx, t.TempDir(), res, e, retrieval.BuildOptions{})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	core := NewCore(ix, Config{Now: fixedNow})
	up, err := core.Ask(ctx, Question{Text: koursk})
	if err != nil || !up.Found {
		t.Fatalf("Ask with the API up: found %v, err %v", up.Found, err)
	}
	if up.Notice != "" {
		t.Errorf("notice with the API up = %q, want none", up.Notice)
	}

	down.Store(true)
	tests := []struct{ lang, question, notice string }{
		{"fr", koursk, "recherche par mots seulement"},
		{"en", "When did Gerasimov announce the end of the Kursk operation?", "searched by words only"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			a, err := core.Ask(ctx, Question{Text: tt.question})
			if err != nil {
				t.Fatalf("Ask during the outage: %v", err)
			}
			if tt.lang == "fr" && (!a.Found || !strings.Contains(a.Text, "Koursk")) {
				t.Errorf("answer during the outage: found %v, text %q; want the Koursk sentence", a.Found, a.Text)
			}
			if !strings.Contains(a.Notice, tt.notice) || strings.Contains(a.Notice, "\n") {
				t.Errorf("notice = %q, want one line containing %q", a.Notice, tt.notice)
			}
		})
	}
}
