package lexical

import (
	"slices"
	"testing"
)

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"rapport", "rapport", 3, 0},
		{"rapprt", "rapport", 3, 1},       // deletion
		{"appel", "apel", 3, 1},           // insertion
		{"regoinal", "regional", 3, 1},    // adjacent swap
		{"gardien", "gradient", 3, 2},     // swap and insertion
		{"guesaldo", "gouverneur", 3, 3},  // far apart: at least the limit
		{"guesaldo", "gouverneur", 99, 7}, // exact without a limit
		{"", "abc", 9, 3},
		{"éte", "ete", 3, 1}, // runes, not bytes
		{"guesaldo", "gesualdo", 3, 2},
		{"ghandi", "gandhi", 3, 2},
		{"peskov", "peskov", 3, 0},
		{"pakistan", "pologne", 3, 3}, // over the names' limit of 2
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			got := EditDistance([]rune(tt.a), []rune(tt.b), tt.limit)
			if tt.want >= tt.limit && got < tt.limit || tt.want < tt.limit && got != tt.want {
				t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
			}
		})
	}
}

func TestQueryTermsCorrection(t *testing.T) {
	ix := newTestIndex(
		Document{ID: "a", Lang: "fr", Body: "Le rapport du gouverneur Dupont sur la forme institutionnelle des États-Unis."},
		Document{ID: "b", Lang: "fr", Body: "Un autre rapport de Dupond."},
		Document{ID: "c", Lang: "fr", Body: "La mort du gouverneur Dupont en 1832."},
		Document{ID: "d", Lang: "en", Body: "The purchase of Alaska."},
	)
	tests := []struct {
		name, lang, query string
		want              []string
	}{
		{"indexed terms unchanged", "fr", "rapport gouverneur", []string{"rapport", "gouverneur"}},
		{"one edit corrected", "fr", "rapprt instiutionnelle", []string{"rapport", "institutionnel"}},
		{"two edits left alone", "fr", "rappt", []string{"rappt"}},
		{"short terms left alone", "fr", "mot", []string{"mot"}},
		{"first letter must match", "fr", "gapport", []string{"gapport"}},
		{"numbers left alone", "fr", "1833", []string{"1833"}},
		// "Dupon" is no misspelling of a key: it is that of the French
		// reading of "Dupont" and "Dupond", which "Dupnt"'s corrects to.
		{"most frequent neighbour wins, name key too", "fr", "Dupnt", []string{"dupont", "\x02dupont", "\x02dupon"}},
		{"per language", "en", "purhcase", []string{"purchas"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ix.QueryTerms(tt.lang, tt.query); !slices.Equal(got, tt.want) {
				t.Errorf("QueryTerms(%q, %q) = %q, want %q", tt.lang, tt.query, got, tt.want)
			}
		})
	}
}

func TestSearchCorrectsMisspelling(t *testing.T) {
	docs := []Document{
		{ID: "inst", Lang: "fr", Body: "La forme institutionnelle des États-Unis est fédérale."},
		{ID: "other", Lang: "fr", Body: "Les États-Unis ont signé un traité."},
	}
	t.Run("corrected", func(t *testing.T) {
		ix := newTestIndex(docs...)
		got := ix.Search("forme instiutionnelle", 2, nil)
		if len(got) == 0 || got[0].ID != "inst" {
			t.Fatalf("Search = %v, want inst first", ids(got))
		}
		w := ix.TermWeights("fr", "instiutionnelle")
		if _, ok := w["institutionnel"]; !ok || len(w) != 1 {
			t.Errorf("TermWeights = %v, want the corrected term only", w)
		}
	})
	t.Run("exact", func(t *testing.T) {
		ix := NewWithOptions(Options{Exact: true})
		for _, d := range docs {
			ix.Add(d)
		}
		if got := ix.Search("instiutionnelle", 2, nil); len(got) != 0 {
			t.Errorf("Search with Exact = %v, want nothing", ids(got))
		}
	})
	t.Run("vocabulary refreshed after Add", func(t *testing.T) {
		ix := newTestIndex(docs...)
		if got := ix.QueryTerms("fr", "dipomatie"); got[0] != "dipomat" {
			t.Fatalf("QueryTerms before Add = %q, want it unchanged", got)
		}
		ix.Add(Document{ID: "dip", Lang: "fr", Body: "La diplomatie américaine."})
		if got := ix.QueryTerms("fr", "dipomatie"); got[0] != "diplomat" {
			t.Errorf("QueryTerms after Add = %q, want diplomat", got)
		}
	})
}

func TestRarity(t *testing.T) {
	ix := newTestIndex(
		Document{ID: "a", Lang: "fr", Body: "Le rapport du gouverneur."},
		Document{ID: "b", Lang: "fr", Body: "Un autre rapport."},
		Document{ID: "c", Lang: "fr", Body: "La mort du gouverneur."},
	)
	got := ix.Rarity("fr", "rapport gouverneur rapprt Kilkenny")
	for _, term := range []string{"rapport", "gouverneur", "rapprt", "kilkenny"} {
		if _, ok := got[term]; !ok {
			t.Errorf("Rarity lacks %q (not corrected, absent kept): %v", term, got)
		}
	}
	if got["rapprt"] != got["kilkenny"] || got["kilkenny"] <= got["rapport"] {
		t.Errorf("Rarity = %v, want absent terms equal and above indexed ones", got)
	}
	if w := ix.TermWeights("fr", "rapport"); got["rapport"] != w["rapport"] {
		t.Errorf("Rarity(rapport) = %v, TermWeights = %v; want the same idf", got["rapport"], w["rapport"])
	}
}
