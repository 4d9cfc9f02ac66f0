package retrieval

import (
	"context"
	"testing"

	"verbatim/corpus"
)

func TestUpToDate(t *testing.T) {
	dir := t.TempDir()
	res := &corpus.Result{Articles: []corpus.Article{
		{ID: "a", Title: "Port", Lang: "fr", Text: "Le conseil a voté le budget du port. Les élus ont débattu des quais.", Hash: "h1"},
		{ID: "b", Title: "Gare", Lang: "fr", Text: "La gare rouvrira en mai. Les trains reviendront.", Hash: "h2"},
	}}
	e := NewLocalEmbedder()
	if _, ok, err := UpToDate(dir, e, res, corpus.ChunkOptions{}); ok || err != nil {
		t.Fatalf("no index: got %v, %v; want not up to date, no error", ok, err)
	}
	_, built, err := Build(context.Background(), dir, res, e, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	changed := &corpus.Result{Articles: append([]corpus.Article(nil), res.Articles...)}
	changed.Articles[1].Hash = "h3"
	other := e
	other.Model += "-other"
	tests := []struct {
		name string
		res  *corpus.Result
		e    Embedder
		opts corpus.ChunkOptions
		want bool
	}{
		{"same corpus", res, e, corpus.ChunkOptions{}, true},
		{"changed article", changed, e, corpus.ChunkOptions{}, false},
		{"removed article", &corpus.Result{Articles: res.Articles[:1]}, e, corpus.ChunkOptions{}, false},
		{"other embedder", res, other, corpus.ChunkOptions{}, false},
		{"other chunking", res, e, corpus.ChunkOptions{MinWords: 5, MaxWords: 10, TargetWords: 8}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, ok, err := UpToDate(dir, tt.e, tt.res, tt.opts)
			if err != nil || ok != tt.want {
				t.Fatalf("got %v, %v; want %v", ok, err, tt.want)
			}
			if ok && (rep.Unchanged != 2 || rep.Chunks != built.Chunks || rep.Embedded != 0) {
				t.Errorf("got report %+v, want 2 unchanged and %d chunks", rep, built.Chunks)
			}
		})
	}
}
