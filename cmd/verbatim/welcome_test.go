package main

import (
	"testing"

	"verbatim/retrieval"
)

// TestChatLang: the chat's first language is the reader's locale when it
// names one, else the corpus's.
func TestChatLang(t *testing.T) {
	tests := []struct {
		name       string
		env        map[string]string
		corpusLang string
		want       string
	}{
		{"no locale, French corpus", nil, "fr", "fr"},
		{"no locale, Russian corpus", nil, "ru", "ru"},
		{"no locale, Italian corpus", nil, "it", "en"},
		{"C locale is no choice", map[string]string{"LANG": "C.UTF-8"}, "fr", "fr"},
		{"POSIX locale is no choice", map[string]string{"LC_MESSAGES": "POSIX", "LANG": "de_DE.UTF-8"}, "ru", "ru"},
		{"LC_ALL=C hides LANG", map[string]string{"LC_ALL": "C", "LANG": "de_DE.UTF-8"}, "fr", "fr"},
		{"locale without texts is English", map[string]string{"LANG": "it_IT.UTF-8"}, "fr", "en"},
		{"German locale", map[string]string{"LANG": "de_DE.UTF-8"}, "fr", "de"},
		{"LC_ALL first", map[string]string{"LC_ALL": "es_ES.UTF-8", "LANG": "de_DE.UTF-8"}, "fr", "es"},
		{"English locale", map[string]string{"LANG": "en_GB.UTF-8"}, "fr", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &app{env: &envSource{getenv: mapEnv(tt.env), dotenv: map[string]string{}}}
			if got := a.chatLang(retrieval.Info{Langs: []string{tt.corpusLang}}); got != tt.want {
				t.Errorf("chatLang = %q, want %q", got, tt.want)
			}
		})
	}
}
