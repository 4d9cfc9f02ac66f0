package retrieval

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
)

func cosine(a, b []float32) float64 {
	var dot float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
	}
	return dot
}

func embedLocalTexts(t *testing.T, texts ...string) [][]float32 {
	t.Helper()
	vs, err := NewLocalEmbedder().Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != len(texts) {
		t.Fatalf("got %d vectors for %d texts", len(vs), len(texts))
	}
	return vs
}

func TestLocalEmbedderIdentity(t *testing.T) {
	e := NewLocalEmbedder()
	if e.Name != "local" || e.Model != localModel || e.Dimensions != localDims {
		t.Errorf("embedder = %s/%s/%d, want local/%s/%d", e.Name, e.Model, e.Dimensions, localModel, localDims)
	}
}

func TestLocalEmbedderUnitVectors(t *testing.T) {
	texts := []string{
		"",
		"   ",
		"de la le",
		"Koursk",
		"Les troupes ukrainiennes sont entrées dans la région de Koursk en août 2024.",
		strings.Repeat("The quick brown fox jumps over the lazy dog. ", 200),
		"Генерал Герасимов посетил Курскую область",
		"東京の天気",
	}
	for i, v := range embedLocalTexts(t, texts...) {
		if len(v) != localDims {
			t.Errorf("text %d: %d dimensions, want %d", i, len(v), localDims)
		}
		var norm float64
		for _, x := range v {
			if math.IsNaN(float64(x)) {
				t.Fatalf("text %d: NaN in vector", i)
			}
			norm += float64(x) * float64(x)
		}
		if d := math.Abs(math.Sqrt(norm) - 1); d > 1e-5 {
			t.Errorf("text %d %q: norm %v, want 1 ± 1e-5", i, texts[i][:min(20, len(texts[i]))], math.Sqrt(norm))
		}
	}
}

func TestLocalEmbedderDeterministic(t *testing.T) {
	text := "Le général Guérassimov a inspecté les troupes à Koursk."
	a := embedLocalTexts(t, text)[0]
	// Embedding in a large batch (run in parallel) gives the same vector.
	batch := make([]string, 100)
	for i := range batch {
		batch[i] = "autre texte numéro " + strings.Repeat("x", i)
	}
	batch[57] = text
	b := embedLocalTexts(t, batch...)[57]
	if !slices.Equal(a, b) {
		t.Error("same text embedded twice gives different vectors")
	}
}

func TestLocalEmbedderSimilarityOrder(t *testing.T) {
	tests := []struct {
		name                 string
		query, near, unrelat string
	}{
		{"transliteration", "Koursk", "Kursk", "Lisbonne"},
		{"transliteration in context", "l'offensive de Koursk", "the Kursk offensive", "la réforme des retraites"},
		{"transliterated name", "Guérassimov", "Gerasimov", "Macron"},
		{"french inflection", "élections présidentielles", "l'élection présidentielle", "le championnat de football"},
		{"english inflection", "running elections", "the election was run", "a recipe for chocolate cake"},
		{"misspelling", "Zelensky", "Zelenskyy", "Biden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := embedLocalTexts(t, tt.query, tt.near, tt.unrelat)
			near, far := cosine(v[0], v[1]), cosine(v[0], v[2])
			if near <= far {
				t.Errorf("cos(%q, %q) = %.3f, want > cos(%q, %q) = %.3f", tt.query, tt.near, near, tt.query, tt.unrelat, far)
			}
		})
	}
}

func TestLocalEmbedderPassageRetrieval(t *testing.T) {
	passages := []string{
		"Le Ministère de la Jeunesse et des Sports estime à 100 000 le nombre de salariés travaillant pour le secteur sportif.",
		"Les dépenses des ménages représentent plus de 50 % de ces montants, contre 7,9 milliards pour les collectivités.",
		"The Denver Broncos defeated the Carolina Panthers to earn their third Super Bowl title.",
		"La tour Eiffel a été construite pour l'Exposition universelle de 1889.",
	}
	queries := []struct {
		q    string
		want int
	}{
		{"Combien de salariés travaillent dans le sport ?", 0},
		{"Quelle part des dépenses pour les ménages", 1},
		{"Which team won the Super Bowl?", 2},
		{"Quand la tour Eiffel fut-elle construite ?", 3},
	}
	pv := embedLocalTexts(t, passages...)
	for _, q := range queries {
		t.Run(q.q, func(t *testing.T) {
			qv := embedLocalTexts(t, q.q)[0]
			best, bestScore := -1, -2.0
			for i, v := range pv {
				if s := cosine(qv, v); s > bestScore {
					best, bestScore = i, s
				}
			}
			if best != q.want {
				t.Errorf("best passage = %d, want %d", best, q.want)
			}
		})
	}
}

func TestLocalEmbedderCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewLocalEmbedder().Embed(ctx, make([]string, 1000)); err == nil {
		t.Error("Embed with a cancelled context: got no error")
	}
}

func BenchmarkLocalEmbed(b *testing.B) {
	text := strings.Repeat("Les troupes ukrainiennes sont entrées dans la région de Koursk en août, selon le général Guérassimov. ", 12)
	e := NewLocalEmbedder()
	batch := []string{text}
	for b.Loop() {
		if _, err := e.Embed(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "chunks/s")
}
