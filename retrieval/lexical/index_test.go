package lexical

import (
	"fmt"
	"slices"
	"sync"
	"testing"
)

func ids(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	return out
}

func newTestIndex(docs ...Document) *Index {
	ix := New()
	for _, d := range docs {
		ix.Add(d)
	}
	return ix
}

func TestSearchRanking(t *testing.T) {
	ix := newTestIndex(
		Document{ID: "kursk", Lang: "fr", Title: "Offensive", Body: "Les troupes ukrainiennes sont entrées dans la région de Koursk en août."},
		Document{ID: "kursk2", Lang: "fr", Title: "Koursk", Body: "La région de Koursk a été évacuée. Koursk reste sous tension."},
		Document{ID: "weather", Lang: "fr", Title: "Météo", Body: "Il fera beau dans la région parisienne en août."},
		Document{ID: "sport", Lang: "fr", Title: "Sport", Body: "Le ministère des sports estime à 100 000 le nombre de salariés."},
		Document{ID: "en", Lang: "en", Title: "Elections", Body: "The presidential elections were held in May."},
	)
	tests := []struct {
		name  string
		query string
		k     int
		want  []string
	}{
		{"more occurrences and title rank first", "région de Koursk", 2, []string{"kursk2", "kursk"}},
		{"inflected query", "troupe ukrainienne", 5, []string{"kursk"}},
		{"accent-less query", "meteo", 5, []string{"weather"}},
		{"numbers", "100 000 salariés", 1, []string{"sport"}},
		{"english stemming for english docs", "election president", 5, []string{"en"}},
		{"stop words only", "de la le", 5, nil},
		{"unknown term", "zzzz", 5, nil},
		{"k caps results", "Koursk", 1, []string{"kursk2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(ix.Search(tt.query, tt.k, nil))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) = %q, want %q", tt.query, got, tt.want)
			}
		})
	}
}

func TestSearchScoresDescending(t *testing.T) {
	ix := New()
	for i := range 50 {
		ix.Add(Document{ID: fmt.Sprint(i), Lang: "en", Body: fmt.Sprintf("apple %s banana", repeat("cherry ", i%7))})
	}
	hits := ix.Search("apple cherry", 20, nil)
	if len(hits) != 20 {
		t.Fatalf("got %d hits, want 20", len(hits))
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score {
			t.Errorf("hit %d score %v > hit %d score %v", i, hits[i].Score, i-1, hits[i-1].Score)
		}
	}
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

func TestSearchLanguageOfDocument(t *testing.T) {
	// "Les élections" analysed in French gives "elect"; in English the
	// French word is kept whole ("election") and the English doc, stemmed
	// "elect", would not match it. Each document must be scored with the
	// query in its own language.
	ix := newTestIndex(
		Document{ID: "fr", Lang: "fr", Body: "les élections municipales"},
		Document{ID: "en", Lang: "en", Body: "the municipal elections"},
	)
	got := ids(ix.Search("elections", 5, nil))
	slices.Sort(got)
	if want := []string{"en", "fr"}; !slices.Equal(got, want) {
		t.Errorf("Search = %q, want %q", got, want)
	}
	// An English stop word is a French content word and vice versa.
	ix = newTestIndex(
		Document{ID: "fr", Lang: "fr", Body: "le chat boit du lait"},
		Document{ID: "en", Lang: "en", Body: "the cat drinks milk"},
	)
	if got, want := ids(ix.Search("the", 5, nil)), []string(nil); !slices.Equal(got, want) {
		t.Errorf("Search(the) = %q, want %q", got, want)
	}
}

func TestSearchTitleAndDate(t *testing.T) {
	ix := newTestIndex(
		Document{ID: "a", Lang: "fr", Title: "Réforme des retraites", Date: "2023-03 mars 2023 march 2023", Body: "Le texte a été adopté."},
		Document{ID: "b", Lang: "fr", Title: "Budget", Date: "2024-10 octobre 2024 october 2024", Body: "Le texte a été adopté."},
	)
	tests := []struct{ query, want string }{
		{"retraites", "a"},
		{"octobre 2024", "b"},
		{"mars", "a"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			hits := ix.Search(tt.query, 1, nil)
			if len(hits) != 1 || hits[0].ID != tt.want {
				t.Errorf("Search(%q) = %q, want [%s]", tt.query, ids(hits), tt.want)
			}
		})
	}
}

func TestSearchKeep(t *testing.T) {
	ix := newTestIndex(
		Document{ID: "a", Lang: "en", Body: "solar power solar power"},
		Document{ID: "b", Lang: "en", Body: "solar power"},
		Document{ID: "c", Lang: "en", Body: "solar"},
	)
	got := ids(ix.Search("solar power", 2, func(id string) bool { return id != "a" }))
	if want := []string{"b", "c"}; !slices.Equal(got, want) {
		t.Errorf("Search with keep = %q, want %q", got, want)
	}
}

func TestRemoveAndReplace(t *testing.T) {
	ix := newTestIndex(
		Document{ID: "a", Lang: "en", Body: "nuclear reactor"},
		Document{ID: "b", Lang: "en", Body: "wind turbine"},
	)
	ix.Remove("a")
	ix.Remove("missing")
	if got := ix.Len(); got != 1 {
		t.Errorf("Len after Remove = %d, want 1", got)
	}
	if got := ix.Search("nuclear", 5, nil); len(got) != 0 {
		t.Errorf("Search(nuclear) after Remove = %q, want none", ids(got))
	}
	ix.Add(Document{ID: "b", Lang: "en", Body: "nuclear fusion"})
	if got := ix.Len(); got != 1 {
		t.Errorf("Len after replace = %d, want 1", got)
	}
	if got := ids(ix.Search("turbine", 5, nil)); len(got) != 0 {
		t.Errorf("Search(turbine) after replace = %q, want none", got)
	}
	if got, want := ids(ix.Search("nuclear", 5, nil)), []string{"b"}; !slices.Equal(got, want) {
		t.Errorf("Search(nuclear) after replace = %q, want %q", got, want)
	}
}

func TestCompaction(t *testing.T) {
	ix := New()
	const n = 3000
	for i := range n {
		ix.Add(Document{ID: fmt.Sprint(i), Lang: "en", Body: fmt.Sprintf("common word%d", i)})
	}
	for i := range n - 10 {
		ix.Remove(fmt.Sprint(i))
	}
	ix.mu.RLock()
	docs := len(ix.docs)
	ix.mu.RUnlock()
	if docs >= n {
		t.Errorf("docs kept after removing %d of %d = %d, want compaction", n-10, n, docs)
	}
	if got := ix.Len(); got != 10 {
		t.Errorf("Len = %d, want 10", got)
	}
	got := ids(ix.Search(fmt.Sprintf("word%d", n-3), 5, nil))
	if want := []string{fmt.Sprint(n - 3)}; !slices.Equal(got, want) {
		t.Errorf("Search after compaction = %q, want %q", got, want)
	}
	if got := len(ix.Search("common", 100, nil)); got != 10 {
		t.Errorf("Search(common) after compaction = %d hits, want 10", got)
	}
}

func TestConcurrentSearchAndAdd(t *testing.T) {
	ix := New()
	for i := range 200 {
		ix.Add(Document{ID: fmt.Sprint(i), Lang: "fr", Body: fmt.Sprintf("article numéro %d sur la politique", i)})
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				// "numro" is corrected: the vocabulary grows meanwhile.
				for _, q := range []string{"politique", "numro"} {
					if hits := ix.Search(q, 10, nil); len(hits) != 10 {
						t.Errorf("worker %d: %q: got %d hits, want 10", w, q, len(hits))
						return
					}
				}
				if w == 0 {
					ix.Add(Document{ID: fmt.Sprint("new", i), Lang: "fr", Body: fmt.Sprintf("politique étrangère %d", i)})
					ix.Remove(fmt.Sprint(i))
				}
			}
		}()
	}
	wg.Wait()
}

func TestPlainAnalyzerOption(t *testing.T) {
	ix := NewWithOptions(Options{TitleWeight: -1, Analyzer: func(_, text string) []string { return Tokens(text) }})
	ix.Add(Document{ID: "a", Lang: "fr", Title: "Opérations", Body: "les opérations"})
	ix.Add(Document{ID: "b", Lang: "fr", Title: "Opérations", Body: "une opération"})
	// No stemming: "operation" only matches the singular; the title is ignored.
	if got, want := ids(ix.Search("operation", 5, nil)), []string{"b"}; !slices.Equal(got, want) {
		t.Errorf("Search = %q, want %q", got, want)
	}
}

func TestTermWeights(t *testing.T) {
	ix := New()
	for i, body := range []string{"the cat sat", "the cat ran", "a dog barked", "a bird sang"} {
		ix.Add(Document{ID: string(rune('a' + i)), Lang: "en", Body: body})
	}
	w := ix.TermWeights("en", "Which cats barked at the unicorn?")
	tests := []struct {
		term    string
		present bool
	}{
		{"cat", true}, {"bark", true}, {"unicorn", false}, {"the", false}, {"which", false},
	}
	for _, tt := range tests {
		t.Run(tt.term, func(t *testing.T) {
			if _, ok := w[tt.term]; ok != tt.present {
				t.Errorf("TermWeights has %q = %v, want %v (got %v)", tt.term, ok, tt.present, w)
			}
		})
	}
	if w["bark"] <= w["cat"] {
		t.Errorf("idf(bark) = %.3f, want more than idf(cat) = %.3f: rarer terms weigh more", w["bark"], w["cat"])
	}
}
