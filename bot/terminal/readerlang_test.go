package terminal

import "testing"

func TestReaderLang(t *testing.T) {
	tests := []struct {
		name, chosen, text string
		locales            []string
		want               string
	}{
		{"flag first", "de", "La Russie n'oubliera jamais ses amis", []string{"fr_FR.UTF-8"}, "de"},
		{"flag in capitals", "RU", "", nil, "ru"},
		{"flag the terminal does not write", "it", "", []string{"es_ES.UTF-8"}, "es"},
		{"French text", "", "La Russie n'oubliera jamais ses amis", []string{"de_DE.UTF-8"}, "fr"},
		{"Spanish text", "", "¿Qué dijo la portavoz sobre las sanciones?", nil, "es"},
		{"Russian text", "", "Мы не допустим эскалации", []string{"fr_FR.UTF-8"}, "ru"},
		{"short topic is a name", "", "Vendée Globe", []string{"de_DE.UTF-8"}, "de"},
		{"short topic, no locale", "", "Égypte", nil, "en"},
		{"text in a language without texts", "", "Il governo italiano ha detto che non ci sono problemi", []string{"fr_FR.UTF-8"}, "fr"},
		{"LC_ALL first", "", "", []string{"ru_RU.UTF-8", "es_ES", "de_DE"}, "ru"},
		{"LC_MESSAGES when LC_ALL is unset", "", "", []string{"", "es_ES.UTF-8", "de_DE"}, "es"},
		{"LANG last", "", "", []string{"", "", "de_DE@euro"}, "de"},
		{"bare language", "", "", []string{"", "", "fr"}, "fr"},
		{"C locale is English", "", "", []string{"C", "", "fr_FR.UTF-8"}, "en"},
		{"POSIX locale is English", "", "", []string{"", "POSIX", "fr_FR.UTF-8"}, "en"},
		{"C.UTF-8 locale is English", "", "", []string{"", "", "C.UTF-8"}, "en"},
		{"locale without texts", "", "", []string{"", "", "it_IT.UTF-8"}, "en"},
		{"nothing", "", "", nil, "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReaderLang(tt.chosen, tt.text, tt.locales...); got != tt.want {
				t.Errorf("ReaderLang(%q, %q, %q) = %q, want %q", tt.chosen, tt.text, tt.locales, got, tt.want)
			}
		})
	}
}

// TestLocaleLang: the one rule for the locale, read by the chat (a locale
// that names no language falls back to the corpus's) and by quotes,
// timeline and check (to English, TestReaderLang).
func TestLocaleLang(t *testing.T) {
	tests := []struct {
		name      string
		locales   []string
		wantLang  string
		wantNamed bool
	}{
		{"nothing set", nil, "", false},
		{"all empty", []string{"", " ", ""}, "", false},
		{"French", []string{"", "", "fr_FR.UTF-8"}, "fr", true},
		{"bare language", []string{"", "", "ru"}, "ru", true},
		{"modifier", []string{"", "", "de_DE@euro"}, "de", true},
		{"capitals", []string{"", "", "ES_es.utf8"}, "es", true},
		{"LC_ALL first", []string{"ru_RU.UTF-8", "es_ES", "de_DE"}, "ru", true},
		{"LC_MESSAGES before LANG", []string{"", "es_ES.UTF-8", "de_DE"}, "es", true},
		{"C", []string{"", "", "C"}, "", false},
		{"C.UTF-8", []string{"", "", "C.UTF-8"}, "", false},
		{"POSIX", []string{"", "", "POSIX"}, "", false},
		{"C first hides a later locale", []string{"C", "", "fr_FR.UTF-8"}, "", false},
		{"POSIX first hides a later locale", []string{"", "POSIX", "fr_FR.UTF-8"}, "", false},
		{"a language without texts is English", []string{"", "", "it_IT.UTF-8"}, "en", true},
		{"no language part is English", []string{"", "", ".UTF-8"}, "en", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lang, named := LocaleLang(tt.locales...)
			if lang != tt.wantLang || named != tt.wantNamed {
				t.Errorf("LocaleLang(%q) = %q, %v; want %q, %v", tt.locales, lang, named, tt.wantLang, tt.wantNamed)
			}
		})
	}
}
