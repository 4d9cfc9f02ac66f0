package analysis

import "testing"

func TestTransliterate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Герасимов", "gerasimov"},
		{"Курск", "kursk"},
		{"Щукин", "shchukin"},
		{"Объём", "obem"},
		{"Latin stays", "latin stays"},
	}
	for _, tt := range tests {
		if got := Transliterate(tt.in); got != tt.want {
			t.Errorf("Transliterate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNameKey(t *testing.T) {
	// Each group spells one name in several languages and scripts.
	groups := [][]string{
		{"Guérassimov", "Gerasimov", "Gerassimow", "Герасимов"},
		{"Koursk", "Kursk", "Курск"},
		{"Poutine", "Putin", "Путин"},
		{"Ouchakov", "Ushakov", "Ушаков"},
		{"Tchaïkovski", "Tchaikovsky", "Tschaikowski", "Чайковский"},
		{"Zelensky", "Zelenski", "Zelenskyj", "Зеленский"},
		{"Broncos", "Бронкос"},
		{"Luther", "Лютер"},
		{"Turing", "Тьюринг"},
		{"Jared", "Джаред"},
		{"William", "Уильям"},
		{"Pittsburgh", "Питтсбург"},
		{"Gandhi", "Ганди"},
	}
	for _, g := range groups {
		want := NameKey(g[0])
		if want == "" {
			t.Errorf("NameKey(%q) is empty", g[0])
			continue
		}
		for _, w := range g[1:] {
			if got := NameKey(w); got != want {
				t.Errorf("NameKey(%q) = %q, want %q (as %q)", w, got, want, g[0])
			}
		}
	}
	for _, tt := range []struct{ a, b string }{{"Paris", "Berlin"}, {"Kursk", "Kazan"}, {"Uganda", "Vanda"}, {"Corée", "Cori"}} {
		if NameKey(tt.a) == NameKey(tt.b) {
			t.Errorf("NameKey(%q) == NameKey(%q) = %q, want them apart", tt.a, tt.b, NameKey(tt.a))
		}
	}
	for _, short := range []string{"Li", "Ан", "X2", "2024"} {
		if got := NameKey(short); got != "" {
			t.Errorf("NameKey(%q) = %q, want \"\"", short, got)
		}
	}
}
