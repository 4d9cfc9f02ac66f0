package retrieval

import (
	"math"
	"slices"
	"testing"
)

func rankedIDs(rs []Ranked) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func list(ids ...string) []Ranked {
	out := make([]Ranked, len(ids))
	for i, id := range ids {
		out[i] = Ranked{ID: id, Score: float64(len(ids) - i)}
	}
	return out
}

func TestFuse(t *testing.T) {
	equal := FuseOptions{K: 60, VectorWeight: 1, LexicalWeight: 1}
	tests := []struct {
		name            string
		vector, lexical []Ranked
		opts            FuseOptions
		want            []string
	}{
		{"agreement wins", list("a", "b", "c"), list("b", "d", "a"), equal, []string{"b", "a", "d", "c"}},
		{"tie keeps lexical order first", list("x"), list("y"), equal, []string{"y", "x"}},
		{"empty vector list", nil, list("a", "b"), equal, []string{"a", "b"}},
		{"empty lexical list", list("a", "b"), nil, equal, []string{"a", "b"}},
		{"both empty", nil, nil, equal, []string{}},
		{"weights favour lexical", list("v1", "v2"), list("l1", "l2"), FuseOptions{K: 5, VectorWeight: 0.1, LexicalWeight: 1}, []string{"l1", "l2", "v1", "v2"}},
		{"weights favour vector", list("v1", "v2"), list("l1", "l2"), FuseOptions{K: 5, VectorWeight: 1, LexicalWeight: 0.1}, []string{"v1", "v2", "l1", "l2"}},
		{"zero K takes the default", list("a"), list("b", "a"), FuseOptions{VectorWeight: 1, LexicalWeight: 1}, []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rankedIDs(Fuse(tt.vector, tt.lexical, tt.opts))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Fuse = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFuseScores(t *testing.T) {
	got := Fuse(list("a", "b"), list("b"), FuseOptions{K: 10, VectorWeight: 2, LexicalWeight: 1})
	want := map[string]float64{"b": 2.0/12 + 1.0/11, "a": 2.0 / 11}
	for _, r := range got {
		if math.Abs(r.Score-want[r.ID]) > 1e-12 {
			t.Errorf("score of %s = %v, want %v", r.ID, r.Score, want[r.ID])
		}
	}
	if len(got) != 2 || got[0].ID != "b" {
		t.Errorf("Fuse = %q, want b first of 2", rankedIDs(got))
	}
}

func TestDefaultFuseKeepsLexicalHitsFirst(t *testing.T) {
	// With the default options a candidate only the vectors found ranks
	// after every lexical hit among the first 50.
	var lex []string
	for i := range 50 {
		lex = append(lex, string(rune('A'+i%26))+string(rune('a'+i/26)))
	}
	got := rankedIDs(Fuse(list("vec-only"), list(lex...), DefaultFuseOptions()))
	if got[len(got)-1] != "vec-only" {
		t.Errorf("vector-only candidate at %d of %d, want last", slices.Index(got, "vec-only"), len(got))
	}
	// and breaks ties between neighbouring lexical ranks.
	got = rankedIDs(Fuse(list("l6"), list("l1", "l2", "l3", "l4", "l5", "l6"), DefaultFuseOptions()))
	if want := []string{"l1", "l2", "l3", "l4", "l6", "l5"}; !slices.Equal(got, want) {
		t.Errorf("Fuse = %q, want %q", got, want)
	}
}
