package retrieval

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"verbatim/corpus"
)

func TestLoadEvalQueries(t *testing.T) {
	got, err := LoadEvalQueries(filepath.Join("testdata", "eval_queries.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	want := []EvalQuery{
		{ID: "q1", Lang: "fr", Question: "Combien de salariés ?", Answer: "100 000", DocID: "sport"},
		{ID: "q2", Lang: "en", Question: "Who won Super Bowl 50?", Answer: "Denver Broncos", DocID: "sb50"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d queries, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("query %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	for _, path := range []string{"testdata/eval_queries_bad.jsonl", "testdata/missing.jsonl"} {
		if _, err := LoadEvalQueries(path); err == nil {
			t.Errorf("LoadEvalQueries(%s): got no error", path)
		}
	}
}

func TestIsHit(t *testing.T) {
	q := EvalQuery{Answer: "100 000", DocID: "sport"}
	tests := []struct {
		name  string
		chunk corpus.Chunk
		want  bool
	}{
		{"exact", corpus.Chunk{DocID: "sport", Text: "estime à 100 000 salariés"}, true},
		{"whitespace removed", corpus.Chunk{DocID: "sport", Text: "estime à 100000 salariés"}, true},
		{"narrow no-break space", corpus.Chunk{DocID: "sport", Text: "estime à 100\u202f000"}, true},
		{"other article", corpus.Chunk{DocID: "other", Text: "estime à 100 000 salariés"}, false},
		{"absent", corpus.Chunk{DocID: "sport", Text: "estime à 10 000 salariés"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsHit(q, tt.chunk); got != tt.want {
				t.Errorf("IsHit = %v, want %v", got, tt.want)
			}
		})
	}
	accents := EvalQuery{Answer: "Élysée Palace", DocID: "d"}
	if !IsHit(accents, corpus.Chunk{DocID: "d", Text: "at the ELYSEE palace"}) {
		t.Error("IsHit does not fold case and accents")
	}
}

func TestEvaluate(t *testing.T) {
	queries := []EvalQuery{
		{ID: "a", Question: "qa", Answer: "alpha", DocID: "d1"},
		{ID: "b", Question: "qb", Answer: "beta", DocID: "d2"},
		{ID: "c", Question: "qc", Answer: "gamma", DocID: "d3"},
		{ID: "d", Question: "qd", Answer: "delta", DocID: "d4"},
	}
	miss := corpus.Chunk{DocID: "dx", Text: "nothing here at all"}
	results := map[string][]corpus.Chunk{
		// hit at rank 1
		"qa": {{DocID: "d1", Text: "the alpha one"}, miss},
		// hit at rank 3; the rank-2 passage has the answer but from another article
		"qb": {miss, {DocID: "dx", Text: "beta"}, {DocID: "d2", Text: "beta two"}},
		// hit at rank 7
		"qc": {miss, miss, miss, miss, miss, miss, {DocID: "d3", Text: "gamma"}},
		// no hit in the first ten
		"qd": {miss, miss, miss, miss, miss, miss, miss, miss, miss, miss, {DocID: "d4", Text: "delta"}},
	}
	var asked []int
	search := func(_ context.Context, q string, k int) ([]corpus.Chunk, error) {
		asked = append(asked, k)
		return results[q], nil
	}
	got, err := Evaluate(context.Background(), queries, search)
	if err != nil {
		t.Fatal(err)
	}
	want := Metrics{Queries: 4, Hits1: 0.25, Hits5: 0.5, Hits10: 0.75, MRR10: (1 + 1.0/3 + 1.0/7) / 4}
	if got.Queries != want.Queries || got.Hits1 != want.Hits1 || got.Hits5 != want.Hits5 || got.Hits10 != want.Hits10 || math.Abs(got.MRR10-want.MRR10) > 1e-12 {
		t.Errorf("Evaluate = %+v, want %+v", got, want)
	}
	// Passages counted: 2 + 3 + 7 + 10 (the 11th is beyond ten).
	words := float64((3+4)+(4+1+2)+(6*4+1)+10*4) / 22
	if math.Abs(got.AvgPassageWords-words) > 1e-9 {
		t.Errorf("AvgPassageWords = %v, want %v", got.AvgPassageWords, words)
	}
	for _, k := range asked {
		if k != 10 {
			t.Errorf("search asked for k=%d, want 10", k)
		}
	}

	boom := errors.New("boom")
	_, err = Evaluate(context.Background(), queries, func(context.Context, string, int) ([]corpus.Chunk, error) { return nil, boom })
	if !errors.Is(err, boom) {
		t.Errorf("Evaluate with failing search: err = %v, want %v", err, boom)
	}
}

func TestBaselineSearch(t *testing.T) {
	long := strings.Repeat("Une phrase de remplissage sans intérêt particulier ici. ", 60)
	articles := []corpus.Article{
		{ID: "sport", Lang: "fr", Title: "Sport", Text: long + "Le ministère estime à 100 000 le nombre de salariés du sport. " + long},
		{ID: "eiffel", Lang: "fr", Title: "Tour Eiffel", Text: "La tour Eiffel a été construite en 1889 pour l'Exposition universelle."},
	}
	search := BaselineSearch(articles)
	got, err := search(context.Background(), "nombre de salariés du ministère", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0].DocID != "sport" || !strings.Contains(got[0].Text, "100 000") {
		t.Fatalf("top passage = %+v, want the sport window with the answer", got)
	}
	for _, c := range got {
		if n := len(strings.Fields(c.Text)); n > 320 {
			t.Errorf("window %s has %d words, want about 200", c.ID, n)
		}
		if a := articles[0]; c.DocID == a.ID && a.Text[c.Start:c.End] != c.Text {
			t.Errorf("window %s text is not Article.Text[Start:End]", c.ID)
		}
	}
	// No stemming: a plural query word does not match the singular.
	got, err = search(context.Background(), "tours", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("baseline matched an inflected form: %+v", got)
	}
}
