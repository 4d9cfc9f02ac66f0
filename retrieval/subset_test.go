package retrieval

import (
	"context"
	"slices"
	"testing"
)

// TestSubset keeps only the named articles, their chunks and the vectors
// already computed: nothing is embedded, and search finds only them.
func TestSubset(t *testing.T) {
	res := testCorpus(6)
	c := newCounting()
	ix, _ := build(t, t.TempDir(), res, c.embedder())
	embedded := c.texts.Load()
	tests := []struct {
		name string
		ids  []string
		want []string
	}{
		{"two of six", []string{res.Articles[1].ID, res.Articles[4].ID}, []string{res.Articles[1].ID, res.Articles[4].ID}},
		{"unknown and repeated ids left out", []string{"nope", res.Articles[2].ID, res.Articles[2].ID}, []string{res.Articles[2].ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub, err := ix.Subset(context.Background(), tt.ids)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range sub.Articles() {
				got = append(got, a.ID)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("articles %v, want %v", got, tt.want)
			}
			for _, id := range tt.want {
				a, _ := ix.Article(id)
				f, err := sub.Find(context.Background(), Query{Text: a.Title, K: 20})
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range f.Results {
					if !slices.Contains(tt.want, r.Chunk.DocID) {
						t.Errorf("search %q found %q, outside the subset", a.Title, r.Chunk.DocID)
					}
				}
				if len(f.Results) == 0 || f.Results[0].Chunk.DocID != id {
					t.Errorf("search %q: first result not %q: %+v", a.Title, id, f.Results)
				}
			}
			// Vectors are the index's; only the queries were embedded.
			if got := c.texts.Load() - embedded; got > int64(len(tt.want)) {
				t.Errorf("%d texts embedded, want only the %d queries", got, len(tt.want))
			}
			embedded = c.texts.Load()
		})
	}
}
