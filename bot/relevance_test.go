package bot

import (
	"context"
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"verbatim/analysis"
	"verbatim/corpus"
	"verbatim/retrieval"
)

func TestWithinOneEdit(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"guerasimov", "guerassimov", true},
		{"moscovicci", "moscovici", true},
		{"peskov", "pesokv", true},
		{"peskov", "peskow", true},
		{"peskov", "peskov", false},
		{"peskov", "pekosv", false},
		{"kursk", "koursk", true},
		{"abc", "abcde", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			if got := withinOneEdit([]rune(tt.a), []rune(tt.b)); got != tt.want {
				t.Errorf("withinOneEdit(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestDropChitChat(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Salut, dis-moi stp ce qu'a dit Peskov le 28 avril", "ce qu'a dit Peskov le 28 avril"},
		{"Hi, could you please tell me what Peskov said?", "what Peskov said?"},
		{"Qu'a dit Peskov ?", "Qu'a dit Peskov ?"},
		{"Merci !", "Merci !"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := dropChitChat(tt.in); got != tt.want {
				t.Errorf("dropChitChat(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCorrectSpelling(t *testing.T) {
	results := []retrieval.Result{{Chunk: corpus.Chunk{Lang: "fr", Text: "Le 26 avril, Valéry Guérassimov a annoncé la fin de l'opération de Koursk."}}}
	tests := []struct {
		in, want string
		fixed    int
	}{
		{"Qu'a dit Guérasimov ?", "Qu'a dit Guérassimov ?", 1},
		{"Qu'a annoncé Guérasimov sur Kursk ?", "Qu'a annoncé Guérassimov sur Koursk ?", 2},
		{"Qu'a dit Poutine ?", "Qu'a dit Poutine ?", 0},
		{"What did Guérasimov's staff say?", "What did Guérassimov's staff say?", 1},    // a possessive
		{"Qu'a dit Valéry-Guérasimov ?", "Qu'a dit Valéry-Guérassimov ?", 1},            // a compound name
		{"Que s'est-il passé à l'opératoin ?", "Que s'est-il passé à l'opératoin ?", 0}, // common words are left alone
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, n := correctSpelling(tt.in, "fr", results)
			if got != tt.want || n != tt.fixed {
				t.Errorf("correctSpelling(%q) = %q, %d; want %q, %d", tt.in, got, n, tt.want, tt.fixed)
			}
		})
	}
}

// TestRelevanceOfSeedQuestions checks the not-found gate on the seed with
// misspelt names and chit-chat (answered) and off-topic questions (not).
func TestRelevanceOfSeedQuestions(t *testing.T) {
	core := NewCore(seedLibrary(t), Config{Now: fixedNow})
	tests := []struct {
		q         string
		wantFound bool
	}{
		{"Qu'a dit Guérasimov ?", true},
		{"Salut, dis-moi stp ce qu'a dit Peskov le 28 avril", true},
		{"Quelle est la recette de la tarte aux pommes normande ?", false},
		{"Who won the 2012 Tour de France?", false},
		{"What did Putin say about the North Korean soldiers?", true}, // Poutine, Corée du Nord: names across languages
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a, err := core.Ask(context.Background(), Question{Text: tt.q})
			if err != nil {
				t.Fatal(err)
			}
			if a.Found != tt.wantFound {
				t.Errorf("Found = %v, want %v (answer %q)", a.Found, tt.wantFound, a.Text)
			}
		})
	}
}

// TestCrossLanguageTerms checks which terms of a question count as
// evidence against passages in another language: its names' spelling
// keys and its numbers always, its other words' keys only when the
// passage holds them.
func TestCrossLanguageTerms(t *testing.T) {
	passage := map[string]bool{}
	for _, term := range analysis.Analyze("ru", "Программа Герасимова в 2012 году") {
		passage[term] = true
	}
	tests := []struct {
		name, question, lang string
		want                 []string // the terms kept, as Analyze gives them
	}{
		{"names and numbers", "What did Gerasimov say in 2012?", "fr", []string{analysisKey("Gerasimov"), "2012"}},
		{"number word and month", "What happened on three April?", "fr", []string{analysisKey("April"), monthTerm(t, "fr", "avril"), "3"}},
		{"a small number alone", "how many were there in 12 days?", "fr", nil},
		{"a cognate the passage holds", "Which program did Gerasimov run?", "ru", []string{analysisKey("program"), analysisKey("Gerasimov")}},
		{"no name, no number", "what did they say?", "fr", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, w := range crossLanguageTerms(tt.question, tt.lang, passage) {
				got = append(got, w.term)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("crossLanguageTerms(%q, %q) = %q, want %q", tt.question, tt.lang, got, tt.want)
			}
		})
	}
}

// analysisKey is the spelling-key term Analyze gives the capitalised word w.
func analysisKey(w string) string {
	r, size := utf8.DecodeRuneInString(w)
	for _, t := range analysis.Analyze("en", "x "+string(unicode.ToUpper(r))+w[size:]) {
		if analysis.IsNameKey(t) {
			return t
		}
	}
	return ""
}

func monthTerm(t *testing.T, lang, w string) string {
	t.Helper()
	for _, term := range analysis.Analyze(lang, w) {
		if analysis.IsValue(term) {
			return term
		}
	}
	t.Fatalf("no month term for %q", w)
	return ""
}

func TestKeyNear(t *testing.T) {
	keys := map[string]bool{analysisKey("Luther"): true, analysisKey("Kublai"): true, "luther": true}
	tests := []struct {
		word string
		want bool
	}{
		{"Лютер", true}, // liuter / luter: one edit
		{"Luther", true},
		{"Хубилай", false},
		{"Lutheran", true}, // a prefix
		{"Мартин", false},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			k := analysisKey(tt.word)
			if got := keyNear(k, keys); got != tt.want {
				t.Errorf("keyNear(%q) = %v, want %v", k, got, tt.want)
			}
		})
	}
	if keyNear("luthor", keys) {
		t.Errorf("keyNear of a word, not a key: true, want false")
	}
}
