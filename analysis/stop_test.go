package analysis

import (
	"slices"
	"testing"
)

func TestStopWords(t *testing.T) {
	tests := []struct {
		lang, word string
		want       bool
	}{
		{"fr", "les", true},
		{"fr", "etaient", true}, // listed with its accents, matched folded
		{"fr", "selon", true},
		{"en", "the", true},
		{"en", "soldier", false},
		{"ru", "что", true},
		{"nl", "het", true},
		{"xx", "the", false},
	}
	for _, tt := range tests {
		if got := IsStopWord(tt.lang, tt.word); got != tt.want {
			t.Errorf("IsStopWord(%q, %q) = %v, want %v", tt.lang, tt.word, got, tt.want)
		}
	}
	if ws := StopWords("de"); !slices.Contains(ws, "uber") || slices.Contains(ws, "über") {
		t.Errorf("StopWords(de) should hold folded words such as \"uber\", got %d words", len(ws))
	}
	if ws := StopWords("xx"); len(ws) != 0 {
		t.Errorf("StopWords(xx) = %q, want none", ws)
	}
}

func TestIsInterrogative(t *testing.T) {
	tests := []struct {
		lang, word string
		want       bool
	}{
		{"de", "welchem", true},
		{"de", "wofur", true},
		{"ru", "каков", true},
		{"es", "cuantos", true},
		{"de", "besatzung", false},
		{"fr", "welchem", false}, // another language's
		{"en", "which", false},   // en's are all in its stop list
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.word, func(t *testing.T) {
			if got := IsInterrogative(tt.lang, tt.word); got != tt.want {
				t.Errorf("IsInterrogative(%q, %q) = %v, want %v", tt.lang, tt.word, got, tt.want)
			}
		})
	}
}
