package pgstore

import (
	"context"
	"slices"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval"
)

// TestVectorSearch: by default a replica answers vector queries from its
// own copy of the vectors (the database may be gone); with EfSearch set
// they go to pgvector's HNSW index. Both give the exact top on a small
// index.
func TestVectorSearch(t *testing.T) {
	s, cfg := testStore(t)
	ctx := context.Background()
	e := retrieval.NewLocalEmbedder()
	if _, _, err := s.Build(ctx, &corpus.Result{Articles: testArticles(40, nil)}, e, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	questions := []string{"réforme des retraites votée en avril", "syndicats reçus à Matignon", "le budget 77"}
	ids := func(rs []retrieval.Ranked) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = r.ID
		}
		return out
	}

	for _, tc := range []struct {
		name   string
		ef     int
		usesDB bool
	}{
		{name: "in memory (default)", ef: 0, usesDB: false},
		{name: "HNSW", ef: 40, usesDB: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg
			c.EfSearch = tc.ef
			other, err := Connect(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			ix, _, err := other.Open(ctx, e)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range questions {
				want, err := ix.VectorTop(ctx, q, 10, true)
				if err != nil {
					t.Fatal(err)
				}
				got, err := ix.VectorTop(ctx, q, 10, false)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ids(got), ids(want)) {
					t.Errorf("%q: vector top 10 %v, want the exact %v", q, ids(got), ids(want))
				}
			}
			other.Close()
			_, err = ix.VectorTop(ctx, questions[0], 10, false)
			if gotErr := err != nil; gotErr != tc.usesDB {
				t.Errorf("vector query with the pool closed: err = %v; want an error: %v", err, tc.usesDB)
			}
		})
	}
}
