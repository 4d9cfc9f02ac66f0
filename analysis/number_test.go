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

// TestScaleAbbreviationsAreNoNumbers: an abbreviated scale word scales
// the number before it and is no number on its own; a scale word written
// out is both.
func TestScaleAbbreviationsAreNoNumbers(t *testing.T) {
	tests := []struct {
		word  string
		scale int64 // 0: no scale word
		value int64 // 0: no number word
		term  string
	}{
		{"тыс", 1e3, 0, ""},
		{"млн", 1e6, 0, ""},
		{"млрд", 1e9, 0, ""},
		{"трлн", 1e12, 0, ""},
		{"bn", 1e9, 0, ""},
		{"Mio", 1e6, 0, ""},
		{"Mrd", 1e9, 0, ""},
		{"тысяча", 1e3, 1e3, "1000"},
		{"тысяч", 1e3, 1e3, "1000"},
		{"миллионов", 1e6, 1e6, "\x01e6"},
		{"миллиарда", 1e9, 1e9, "\x01e9"},
		{"триллион", 1e12, 1e12, ""},
		{"mille", 1e3, 1e3, "1000"},
		{"millions", 1e6, 1e6, "\x01e6"},
		{"Milliarden", 1e9, 1e9, "\x01e9"},
		{"millón", 1e6, 1e6, "\x01e6"},
		{"двести", 0, 200, ""},
		{"тысячелетие", 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			f := Fold(tt.word)
			v, ok := NumberValue(f)
			if got, want := ok, tt.value != 0; got != want || v != tt.value {
				t.Errorf("NumberValue(%q) = %d, %v; want %d, %v", f, v, ok, tt.value, want)
			}
			s, ok := ScaleValue(f)
			if got, want := ok, tt.scale != 0; got != want || s != tt.scale {
				t.Errorf("ScaleValue(%q) = %d, %v; want %d, %v", f, s, ok, tt.scale, want)
			}
			if got := NumberTerm(f); got != tt.term {
				t.Errorf("NumberTerm(%q) = %q, want %q", f, got, tt.term)
			}
		})
	}
}
