package engine

import "testing"

func TestFoldFind(t *testing.T) {
	source := "Le 26 avril, Valéry Guérassimov, chef de l’état-major russe, a annoncé la fin de l’opération. " +
		"Les positions s’étaient «\u00a0rapprochées\u00a0» — selon lui\u202f: «\u00a0un dialogue productif\u00a0». " +
		"Cafe\u0301 cre\u0300me."
	tests := []struct {
		name  string
		quote string
		want  string // exact source text found; "" when not found
	}{
		{"exact", "a annoncé la fin de l’opération", "a annoncé la fin de l’opération"},
		{"straight apostrophe and case", "A ANNONCÉ la fin de l'opération", "a annoncé la fin de l’opération"},
		{"accents dropped", "Valery Guerassimov", "Valéry Guérassimov"},
		{"whitespace runs", "chef  de\nl’état-major", "chef de l’état-major"},
		{"guillemets spacing", "s'étaient «rapprochées»", "s’étaient «\u00a0rapprochées\u00a0»"},
		{"curly quotes for guillemets", "s’étaient “rapprochées”", "s’étaient «\u00a0rapprochées\u00a0»"},
		{"dash kinds", "» - selon lui: «un dialogue", "» — selon lui\u202f: «\u00a0un dialogue"},
		{"decomposed accents in source", "Café crème", "Cafe\u0301 cre\u0300me"},
		{"no partial word at start", "ssimov, chef", ""},
		{"no partial word at end", "Valéry Guéras", ""},
		{"altered word", "a annoncé la fin de la guerre", ""},
	}
	f := foldText(source, 100)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, e, ok := f.find(foldQuote(tt.quote), source, 100)
			if tt.want == "" {
				if ok {
					t.Fatalf("found %q, want no match", source[s-100:e-100])
				}
				return
			}
			if !ok {
				t.Fatalf("no match for %q, want %q", tt.quote, tt.want)
			}
			if got := source[s-100 : e-100]; got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
