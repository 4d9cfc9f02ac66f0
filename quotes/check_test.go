package quotes

import (
	"context"
	"slices"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval"
)

// checkIndex builds an index of a few articles in a temporary directory.
func checkIndex(t *testing.T) *retrieval.Index {
	t.Helper()
	d, _ := corpus.ParseDate("2025-04")
	res := &corpus.Result{Articles: []corpus.Article{
		{ID: "kursk", Lang: "fr", Title: "Koursk", Date: d, Hash: "1", Text: "Le 26 avril, Valéry Guérassimov a annoncé la fin de l'opération. Selon lui, les pertes des militaires ukrainiens s'élèvent à plus de 76 000 tués et blessés. Maria Zakharova a salué leur courage. « La Russie n'oubliera jamais ses amis de Corée du Nord », a-t-elle déclaré."},
		{ID: "talks", Lang: "fr", Title: "Pourparlers", Date: d, Hash: "2", Text: "Iouri Ouchakov a déclaré que les positions s'étaient rapprochées. « Cette conversation a permis de rapprocher davantage les positions russe et américaine », a déclaré I. Ouchakov. Les deux hommes ont parlé pendant trois heures dans un climat constructif."},
		{ID: "weather", Lang: "fr", Title: "Météo", Date: d, Hash: "3", Text: "Il a plu toute la journée sur la Bretagne et les rivières sont sorties de leur lit près de Rennes."},
		{ID: "ubuntu", Lang: "fr", Title: "Ubuntu", Hash: "4", Text: "Ubuntu 12.10 sort officiellement le 18 octobre 2012, six mois après la version 12.04 d'avril dernier. Le chercheur a précisé : « au 17ème mois, on observe cinq fois plus de mâles morts », a-t-il ajouté."},
	}}
	ix, _, err := retrieval.Build(context.Background(), t.TempDir(), res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestCheck(t *testing.T) {
	ix := checkIndex(t)
	tests := []struct {
		name, text  string
		verdict     string
		doc         string
		kind        string
		speaker     string
		wantChanges int
	}{
		{"exact, other quote marks and case", `"la Russie n’oubliera JAMAIS ses amis de Corée du Nord"`, Exact, "kursk", "", "Maria Zakharova", 0},
		{"number changed", "les pertes des militaires ukrainiens s'élèvent à plus de 96 000 tués et blessés", Altered, "kursk", KindNumber, "", 1},
		{"negation removed", "La Russie oubliera ses amis de Corée du Nord", Altered, "kursk", KindNegationDropped, "", 1},
		{"word replaced", "Cette conversation a permis de rapprocher davantage les positions russe et chinoise", Altered, "talks", KindReplaced, "", 1},
		{"words cut", "Cette conversation a permis de rapprocher les positions", Altered, "talks", KindDropped, "", 1},
		{"spliced", "Maria Zakharova a salué leur courage. Les deux hommes ont parlé pendant trois heures dans un climat constructif.", Altered, "", KindSpliced, "", -1},
		{"undated article, a date in the text", "Ubuntu 12.10 sort officiellement le 18 octobre 2012", Exact, "ubuntu", "", "", 0},
		{"undated article, altered", "Ubuntu 12.10 sort officiellement le 18 novembre 2012", Altered, "ubuntu", KindReplaced, "", 1},
		{"exact, quote marks moved against punctuation", `au 17ème mois, on observe cinq fois plus de mâles morts", a-t-il ajouté`, Exact, "ubuntu", "", "", 0},
		{"not in the archive", "Le gouvernement a annoncé une baisse des impôts pour les ménages modestes dès janvier", NotFound, "", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Check(context.Background(), ix, tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if got.Verdict != tt.verdict {
				t.Fatalf("verdict = %q, want %q (%+v)", got.Verdict, tt.verdict, got.Matches)
			}
			if tt.verdict == NotFound {
				if len(got.Matches) != 0 {
					t.Errorf("got %d matches for a text not found", len(got.Matches))
				}
				return
			}
			m := got.Matches[0]
			if tt.doc != "" && m.DocID != tt.doc {
				t.Errorf("source = %q, want %q", m.DocID, tt.doc)
			}
			art, _ := ix.Article(m.DocID)
			if art.Text[m.Start:m.End] != m.Quote {
				t.Errorf("quote %q is not the article's text at its offsets", m.Quote)
			}
			if tt.kind != "" && !slices.Contains(m.Kinds, tt.kind) {
				t.Errorf("kinds = %v, want %s (changes %+v)", m.Kinds, tt.kind, m.Changes)
			}
			if tt.wantChanges >= 0 && len(m.Changes) != tt.wantChanges {
				t.Errorf("got %d changes %+v, want %d", len(m.Changes), m.Changes, tt.wantChanges)
			}
			if tt.speaker != "" && m.Speaker != tt.speaker {
				t.Errorf("speaker = %q, want %q", m.Speaker, tt.speaker)
			}
			if tt.kind == KindSpliced && len(got.Matches) != 2 {
				t.Errorf("got %d sources of a spliced text, want 2", len(got.Matches))
			}
		})
	}
}

func TestNormalise(t *testing.T) {
	tests := []struct {
		a, b  string
		equal bool
	}{
		{"« morts », a-t-il dit", `"morts", a-t-il dit`, true},
		{"qu’« il ne pourra plus »", `qu'"il ne pourra plus"`, true},
		{"Il  a\ndit", "il a dit", true},
		{"il a dit", "ila dit", false},
		{"les 2 et 5 mai", "les 2 et 6 mai", false},
	}
	for _, tt := range tests {
		t.Run(tt.a, func(t *testing.T) {
			if got := normalise(tt.a) == normalise(tt.b); got != tt.equal {
				t.Errorf("normalise(%q) = %q, normalise(%q) = %q, equal %v, want %v", tt.a, normalise(tt.a), tt.b, normalise(tt.b), got, tt.equal)
			}
		})
	}
}

func TestChangesOps(t *testing.T) {
	tests := []struct {
		src, txt string
		want     []Change
	}{
		{"il y a 76 000 morts", "il y a 96 000 morts", []Change{{Op: "replace", Source: "76", Text: "96"}}},
		{"nous ne renoncerons pas à la paix", "nous renoncerons à la paix", []Change{{Op: "delete", Source: "ne"}, {Op: "delete", Source: "pas"}}},
		{"la paix est proche", "la paix est très proche", []Change{{Op: "insert", Text: "très"}}},
	}
	for _, tt := range tests {
		t.Run(tt.txt, func(t *testing.T) {
			src, txt := splitWords(tt.src), splitWords(tt.txt)
			got := changes(tt.src, src, tt.txt, txt, align(src, txt))
			if !slices.Equal(got, tt.want) {
				t.Errorf("changes = %+v, want %+v", got, tt.want)
			}
		})
	}
}
