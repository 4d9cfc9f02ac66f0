package analysis

import "testing"

func TestNumberWordsFiveLanguages(t *testing.T) {
	tests := []struct {
		lang, word string
		value      int64
		term       string
	}{
		{"fr", "quatorze", 14, "14"},
		{"en", "fourteen", 14, "14"},
		{"de", "vierzehn", 14, "14"},
		{"es", "catorce", 14, "14"},
		{"ru", "четырнадцать", 14, "14"},
		{"de", "zwanzig", 20, "20"},
		{"es", "veinte", 20, "20"},
		{"de", "fünfzig", 50, "50"},
		{"es", "sesenta", 60, "60"},
		{"es", "dos", 2, ""}, // also French "dos": a value, but no index term
	}
	for _, tt := range tests {
		f := Fold(tt.word)
		if v, ok := NumberValue(f); !ok || v != tt.value {
			t.Errorf("%s: NumberValue(%q) = %d, %v, want %d", tt.lang, f, v, ok, tt.value)
		}
		if got := NumberTerm(f); got != tt.term {
			t.Errorf("%s: NumberTerm(%q) = %q, want %q", tt.lang, f, got, tt.term)
		}
	}
	scales := []struct {
		lang, word string
		want       int64
	}{
		{"de", "Millionen", 1e6}, {"de", "Mrd", 1e9}, {"de", "Milliarden", 1e9},
		{"es", "millones", 1e6}, {"es", "millón", 1e6},
		{"fr", "milliards", 1e9}, {"ru", "млн", 1e6}, {"en", "billion", 1e9},
	}
	for _, tt := range scales {
		if v, ok := ScaleValue(Fold(tt.word)); !ok || v != tt.want {
			t.Errorf("%s: ScaleValue(%q) = %d, %v, want %d", tt.lang, tt.word, v, ok, tt.want)
		}
	}
}
