package bot

import (
	"context"
	"testing"

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
