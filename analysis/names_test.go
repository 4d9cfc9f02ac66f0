package analysis

import (
	"slices"
	"testing"
)

func TestNameTerm(t *testing.T) {
	tests := []struct {
		lang  string
		words []string
		want  string
	}{
		{"fr", []string{"Égypte", "égyptien", "égyptienne", "égyptiens", "Egypte"}, "egypt"},
		{"en", []string{"Egypt", "Egyptian", "Egyptians"}, "egypt"},
		{"de", []string{"Ägypten", "Ägyptens", "ägyptisch", "ägyptischen", "Ägypter"}, "egypt"},
		{"ru", []string{"Египет", "Египта", "Египте", "египетский", "египетского", "египтяне"}, "egypt"},
		{"es", []string{"Egipto", "egipcio", "egipcia", "egipcios"}, "egypt"},
		{"fr", []string{"Moscou", "moscovite"}, "moscow"},
		{"en", []string{"Moscow"}, "moscow"},
		{"de", []string{"Moskau", "Moskaus"}, "moscow"},
		{"ru", []string{"Москва", "Москве", "Москвы", "московский", "московской"}, "moscow"},
		{"es", []string{"Moscú"}, "moscow"},
		{"fr", []string{"Poutine"}, "putin"},
		{"en", []string{"Putin"}, "putin"},
		{"ru", []string{"Путин", "Путина", "Путиным"}, "putin"},
		{"ru", []string{"Сирия", "Сирии", "Сирию"}, "syria"},
		{"de", []string{"Syrien", "Syriens", "syrische"}, "syria"},
		{"es", []string{"Pekín", "chino", "chinas"}, "china"},
		{"es", []string{"español", "española", "españoles"}, "spain"},
		{"ru", []string{"Мадриде", "Мадрида"}, "madrid"},
		{"de", []string{"Kroatien", "kroatischen", "Kroaten"}, "croatia"},
		{"fr", []string{"Croatie", "croate", "croates"}, "croatia"},
		{"en", []string{"Burma", "Burmese", "Myanmar"}, "myanmar"},
		{"fr", []string{"Birmanie", "birmane", "birmans"}, "myanmar"},
		{"ru", []string{"Литва", "Литве", "литовского"}, "lithuania"},
		{"es", []string{"búlgaro", "búlgaras"}, "bulgaria"},
	}
	for _, tt := range tests {
		for _, w := range tt.words {
			t.Run(tt.lang+"/"+w, func(t *testing.T) {
				var lower string
				words(w, func(b []byte, _ bool) { lower = string(b) })
				if got, want := NameTerm(lower), namePrefix+tt.want; got != want {
					t.Errorf("NameTerm(%q) = %q, want %q", lower, got, want)
				}
			})
		}
	}
}

func TestNameTermLeavesCommonWords(t *testing.T) {
	// Common words that look like names, in the languages that write
	// them: a verb, a noun, an adjective.
	for _, w := range []string{"vienne", "berline", "малый", "газа", "un", "eu", "us", "who", "colonia", "romain", "мал", "island"} {
		if got := NameTerm(w); got != "" {
			t.Errorf("NameTerm(%q) = %q, want none", w, got)
		}
	}
}

func TestAnalyzeNamesAcrossLanguages(t *testing.T) {
	tests := []struct {
		name, lang, text, want string
	}{
		{"german genitive", "de", "Wer ist der neue Präsident Ägyptens?", "\x01n:egypt"},
		{"french", "fr", "Le nouveau président de l'Égypte", "\x01n:egypt"},
		{"russian", "ru", "Что случилось в Мадриде на Хэллоуин?", "\x01n:madrid"},
		{"spanish pair", "es", "los daños en el metro de Nueva York", "\x01n:newyork"},
		{"spanish abbreviation", "es", "un estado de EE. UU. recorta", "\x01n:usa"},
		{"russian pair, inflected", "ru", "посол Соединённых Штатов", "\x01n:usa"},
		{"english pair", "en", "the United Nations said", "\x01n:un"},
		{"german pair", "de", "die Vereinten Nationen", "\x01n:un"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Analyze(tt.lang, tt.text)
			if !slices.Contains(got, tt.want) {
				t.Errorf("Analyze(%q, %q) = %q, want it to hold %q", tt.lang, tt.text, got, tt.want)
			}
			if slices.Contains(Terms(tt.lang, tt.text), tt.want) {
				t.Errorf("Terms(%q, %q) holds %q, want only the words' own terms", tt.lang, tt.text, tt.want)
			}
		})
	}
}

func TestTranslateNames(t *testing.T) {
	tests := []struct {
		text, lang, want string
	}{
		{"Wer ist der neue Präsident Ägyptens?", "fr", "Égypte"},
		{"Что сказал Путин о северокорейских солдатах?", "fr", "Poutine\nCorée"},
		{"¿Qué pasó en Moscú?", "de", "Moskau"},
		{"What did the United Nations say about Syria?", "ru", "ООН\nСирия"},
		{"Qu'a dit Poutine à Moscou ?", "es", "Putin\nMoscú"},
		{"Nothing named here", "fr", ""},
	}
	for _, tt := range tests {
		if got := TranslateNames(tt.text, tt.lang); got != tt.want {
			t.Errorf("TranslateNames(%q, %q) = %q, want %q", tt.text, tt.lang, got, tt.want)
		}
	}
}
