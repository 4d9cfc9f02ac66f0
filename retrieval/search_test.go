package retrieval

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"verbatim/corpus"
)

func TestSearch(t *testing.T) {
	res := testCorpus(24)
	ix, _ := build(t, t.TempDir(), res, NewLocalEmbedder())
	march2024 := res.Articles[2].Date // art-002 is March 2024
	tests := []struct {
		name string
		q    Query
		// check inspects the results.
		check func(t *testing.T, rs []Result)
	}{
		{"French topic first", Query{Text: "Piaf aimait le cyclisme et le Tour de France"}, func(t *testing.T, rs []Result) {
			if !strings.HasPrefix(rs[0].Chunk.Title, "Piaf") {
				t.Errorf("top result %s %q, want a Piaf article", rs[0].Chunk.ID, rs[0].Chunk.Title)
			}
		}},
		{"English topic first", Query{Text: "grandmaster sacrificed a queen"}, func(t *testing.T, rs []Result) {
			if !strings.HasPrefix(rs[0].Chunk.Title, "Chess") {
				t.Errorf("top result %s %q, want a chess article", rs[0].Chunk.ID, rs[0].Chunk.Title)
			}
		}},
		{"explicit date range", Query{Text: "chess grandmaster", From: march2024.Start(), To: march2024.End()}, func(t *testing.T, rs []Result) {
			for _, r := range rs {
				if r.Chunk.DocID != "art-002" {
					t.Errorf("result %s dated %s, want only art-002 (March 2024)", r.Chunk.ID, r.Chunk.Date)
				}
			}
		}},
		{"date range written in the question", Query{Text: "Que dit le budget en mars 2024 ?"}, func(t *testing.T, rs []Result) {
			for _, r := range rs {
				if r.Chunk.Date != march2024 {
					t.Errorf("result %s dated %s, want March 2024", r.Chunk.ID, r.Chunk.Date)
				}
			}
		}},
		{"relative date range uses Now", Query{Text: "storm last month", Now: time.Date(2025, 4, 10, 0, 0, 0, 0, time.UTC)}, func(t *testing.T, rs []Result) {
			for _, r := range rs {
				if r.Chunk.Date.String() != "2025-03" {
					t.Errorf("result %s dated %s, want March 2025", r.Chunk.ID, r.Chunk.Date)
				}
			}
		}},
		{"a date without year is the latest one the corpus has", Query{Text: "storm en mars", Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}, func(t *testing.T, rs []Result) {
			if len(rs) == 0 {
				t.Fatal("no results, want the March 2025 articles")
			}
			for _, r := range rs {
				if r.Chunk.Date.String() != "2025-03" {
					t.Errorf("result %s dated %s, want March 2025 (no article of March 2026)", r.Chunk.ID, r.Chunk.Date)
				}
			}
		}},
		{"a date without year in the current year when the corpus has it", Query{Text: "budget en mars", Now: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}, func(t *testing.T, rs []Result) {
			if len(rs) == 0 {
				t.Fatal("no results, want the March 2024 articles")
			}
			for _, r := range rs {
				if r.Chunk.Date != march2024 {
					t.Errorf("result %s dated %s, want March 2024", r.Chunk.ID, r.Chunk.Date)
				}
			}
		}},
		{"open range excludes undated articles", Query{Text: "Piaf cyclisme", From: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), K: 50, MaxPerArticle: -1}, func(t *testing.T, rs []Result) {
			for _, r := range rs {
				if r.Chunk.Date.IsZero() {
					t.Errorf("undated result %s with a date range", r.Chunk.ID)
				}
			}
		}},
		{"default cap of 3 per article", Query{Text: "Piaf cyclisme boxe Cerdan", K: 30}, func(t *testing.T, rs []Result) {
			if n := maxPerDoc(rs); n != 3 {
				t.Errorf("max results per article = %d, want 3", n)
			}
		}},
		{"cap of 1", Query{Text: "Piaf cyclisme boxe Cerdan", K: 10, MaxPerArticle: 1}, func(t *testing.T, rs []Result) {
			if n := maxPerDoc(rs); n != 1 {
				t.Errorf("max results per article = %d, want 1", n)
			}
		}},
		{"no cap", Query{Text: "Piaf cyclisme boxe Cerdan", K: 30, MaxPerArticle: -1}, func(t *testing.T, rs []Result) {
			if n := maxPerDoc(rs); n <= 3 {
				t.Errorf("max results per article = %d, want more than 3", n)
			}
		}},
		{"k results ranked", Query{Text: "storm flood rescue", K: 7}, func(t *testing.T, rs []Result) {
			if len(rs) != 7 {
				t.Fatalf("got %d results, want 7", len(rs))
			}
			for i, r := range rs {
				if r.Rank != i+1 {
					t.Errorf("result %d has rank %d", i, r.Rank)
				}
				if i > 0 && r.Score > rs[i-1].Score {
					t.Errorf("result %d scores %v above result %d (%v)", i, r.Score, i-1, rs[i-1].Score)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			if len(rs) == 0 {
				t.Fatal("no results")
			}
			k := tt.q.K
			if k == 0 {
				k = defaultK
			}
			if len(rs) > k {
				t.Errorf("got %d results, want at most %d", len(rs), k)
			}
			tt.check(t, rs)
		})
	}
	t.Run("a date without year before the oldest article finds nothing", func(t *testing.T) {
		rs, err := ix.Search(context.Background(), Query{Text: "storm en mars", Now: time.Date(1990, 6, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil || len(rs) != 0 {
			t.Errorf("Search = %d results, %v; want none", len(rs), err)
		}
	})

	t.Run("no results", func(t *testing.T) {
		for _, q := range []Query{
			{Text: ""},
			{Text: "   "},
			{Text: "Piaf", From: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(1991, 1, 1, 0, 0, 0, 0, time.UTC)},
			{Text: "Piaf en 1990"},
		} {
			rs, err := ix.Search(context.Background(), q)
			if err != nil || len(rs) != 0 {
				t.Errorf("Search(%+v) = %d results, %v; want none", q, len(rs), err)
			}
		}
	})
}

func maxPerDoc(rs []Result) int {
	per := map[string]int{}
	most := 0
	for _, r := range rs {
		per[r.Chunk.DocID]++
		most = max(most, per[r.Chunk.DocID])
	}
	return most
}

func TestSearchCollapsesDuplicates(t *testing.T) {
	res := testCorpus(8)
	// A wire copy of art-001 under another id and a slightly different title.
	cp := res.Articles[1]
	cp.ID, cp.Path, cp.Title = "wire-copy", "wire-copy.txt", cp.Title+" (AFP)"
	res.Articles = append(res.Articles, rehash(cp))
	overlapping := corpus.ChunkOptions{MinWords: 60, MaxWords: 150, TargetWords: 80, OverlapSentences: 1}
	ix, _, err := Build(context.Background(), t.TempDir(), res, NewLocalEmbedder(), BuildOptions{Chunking: overlapping})
	if err != nil {
		t.Fatal(err)
	}
	overlaps := 0
	for i := 1; i < len(ix.chunks); i++ {
		if ix.chunks[i].DocID == ix.chunks[i-1].DocID && ix.chunks[i].Start < ix.chunks[i-1].End {
			overlaps++
		}
	}
	if overlaps == 0 {
		t.Fatal("test setup: no overlapping chunks")
	}
	rs, err := ix.Search(context.Background(), Query{Text: res.Articles[1].Text[:200], K: 20, MaxPerArticle: -1})
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	docs := map[string]bool{}
	for _, r := range rs {
		docs[r.Chunk.DocID] = true
		if prev, ok := texts[r.Chunk.Text]; ok {
			t.Errorf("results %s and %s have the same text", prev, r.Chunk.ID)
		}
		texts[r.Chunk.Text] = r.Chunk.ID
		for _, o := range rs {
			ov := min(o.Chunk.End, r.Chunk.End) - max(o.Chunk.Start, r.Chunk.Start)
			shorter := min(o.Chunk.End-o.Chunk.Start, r.Chunk.End-r.Chunk.Start)
			if o.Chunk.ID != r.Chunk.ID && o.Chunk.DocID == r.Chunk.DocID && 2*ov > shorter {
				t.Errorf("results %s [%d,%d) and %s [%d,%d) mostly overlap", r.Chunk.ID, r.Chunk.Start, r.Chunk.End, o.Chunk.ID, o.Chunk.Start, o.Chunk.End)
			}
		}
	}
	if !docs["art-001"] && !docs["wire-copy"] {
		t.Error("neither art-001 nor its copy found by its own text")
	}
}

// TestVectorCandidatesFiltered checks both filtered vector paths (scan of
// the matching chunks, over-fetch from chromem-go) against an exhaustive
// ranking computed here.
func TestVectorCandidatesFiltered(t *testing.T) {
	res := testCorpus(40)
	ix, _ := build(t, t.TempDir(), res, NewLocalEmbedder())
	qv, err := ix.embedQuery(context.Background(), "storm flood chess budget")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		keep func(i int) bool
	}{
		{"selective: one article", func(i int) bool { return i == 7 }},
		{"broad: all but one article", func(i int) bool { return i != 3 }},
		{"half the articles", func(i int) bool { return i%2 == 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inRange := make([]bool, len(ix.articles))
			matching := 0
			var want []Ranked
			for i, sp := range ix.spans {
				if !tt.keep(i) {
					continue
				}
				inRange[i] = true
				matching += int(sp.hi - sp.lo)
				for p := sp.lo; p < sp.hi; p++ {
					want = append(want, Ranked{ID: ix.chunks[p].ID, Score: float64(dot(qv, ix.vectors[p]))})
				}
			}
			sort.SliceStable(want, func(a, b int) bool { return want[a].Score > want[b].Score })
			depth := min(20, matching)
			want = want[:depth]
			got, err := ix.vectorCandidates(context.Background(), qv, depth, inRange, matching, true)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("got %d candidates, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i].ID != want[i].ID && abs(got[i].Score-want[i].Score) > 1e-5 {
					t.Errorf("candidate %d = %s (%.5f), want %s (%.5f)", i, got[i].ID, got[i].Score, want[i].ID, want[i].Score)
				}
			}
		})
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestSearchConcurrent(t *testing.T) {
	ix, _ := build(t, t.TempDir(), testCorpus(16), NewLocalEmbedder())
	queries := []string{"Piaf cyclisme", "budget déficit en 2024", "storm flood", "chess grandmaster", "Cerdan boxe", "dette publique"}
	want := make([]string, len(queries))
	for i, q := range queries {
		want[i] = queryIDs(t, ix, q)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range 10 {
				i := (g + n) % len(queries)
				rs, err := ix.Search(context.Background(), Query{Text: queries[i], K: 5})
				if err != nil {
					errs <- err.Error()
					return
				}
				got := queries[i] + ":"
				for _, r := range rs {
					got += " " + r.Chunk.ID
				}
				if got+"\n" != want[i] {
					errs <- fmt.Sprintf("concurrent %q = %s, want %s", queries[i], got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// openWordsOnly opens the index in dir with a local embedder whose query
// vectors have the wrong length: every search falls back on words.
func openWordsOnly(t *testing.T, dir string) *Index {
	t.Helper()
	broken := NewLocalEmbedder()
	broken.Embed = func(ctx context.Context, texts []string) ([][]float32, error) {
		return [][]float32{make([]float32, 3)}, nil
	}
	ix, err := Open(dir, broken)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestSearchQueryEmbeddingErrors checks that a query the embedder fails
// on is answered from the lexical half, flagged WordsOnly.
func TestSearchQueryEmbeddingErrors(t *testing.T) {
	dir := t.TempDir()
	build(t, dir, testCorpus(3), NewLocalEmbedder())
	ix := openWordsOnly(t, dir)
	rs, err := ix.Search(context.Background(), Query{Text: "Piaf cyclisme"})
	if err != nil {
		t.Fatalf("Search err = %v, want the lexical half's results", err)
	}
	if len(rs) == 0 {
		t.Fatal("Search gave no results, want the lexical half's")
	}
	for _, r := range rs {
		if !r.WordsOnly || !strings.Contains(r.Chunk.Text, "Piaf") {
			t.Errorf("result %s: WordsOnly %v, text %q; want words-only results about Piaf", r.Chunk.ID, r.WordsOnly, r.Chunk.Text)
		}
	}
}

// TestSearchDeterministicOnTies checks that near-identical passages, whose
// scores tie, come back in the same order on every search.
func TestSearchDeterministicOnTies(t *testing.T) {
	res := &corpus.Result{}
	for i := 0; i < 40; i++ {
		text := fmt.Sprintf("Article %d. Le conseil a voté le budget du port. ", i) + strings.Repeat("La séance a duré et les élus ont débattu des quais et des tarifs. ", 10)
		res.Articles = append(res.Articles, corpus.Article{ID: fmt.Sprintf("a%02d", i), Title: "Budget du port", Lang: "fr", Text: text, Hash: fmt.Sprint(i)})
	}
	ix, _, err := Build(context.Background(), t.TempDir(), res, NewLocalEmbedder(), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ids := func() string {
		rs, err := ix.Search(context.Background(), Query{Text: "budget du port", K: 10})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, r := range rs {
			fmt.Fprintf(&b, "%s=%.6f ", r.Chunk.ID, r.Score)
		}
		return b.String()
	}
	first := ids()
	for i := 0; i < 20; i++ {
		if got := ids(); got != first {
			t.Fatalf("search %d: got %s, want %s", i, got, first)
		}
	}
}
