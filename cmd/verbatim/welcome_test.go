package main

import (
	"strings"
	"testing"
	"time"

	"verbatim/corpus"
	"verbatim/internal/golden"
	"verbatim/retrieval"
)

func TestWelcomeGolden(t *testing.T) {
	april := corpus.Date{Time: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionMonth}
	may3 := corpus.Date{Time: time.Date(2025, 5, 3, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionDay}
	one := retrieval.Info{Articles: 1, Chunks: 3, Langs: []string{"fr"}, Oldest: april, Newest: april}
	many := retrieval.Info{Articles: 42, Chunks: 420, Langs: []string{"en", "fr"}, Oldest: april, Newest: may3}
	var b strings.Builder
	for _, w := range []string{
		welcome(one, false, "fr", "Qu’a-t-on rapporté sur « Nos amis coréens » en avril 2025 ?", "/home/ana/.cache/verbatim/chat.log", nil),
		welcome(one, true, "en", "", "", nil),
		welcome(many, false, "en", "What was reported about “Harbour budget approved” in May 2025?", "", []string{"de→fr", "en→fr"}),
		welcome(one, false, "fr", "", "", []string{"de→fr", "ru→fr"}),
		welcome(retrieval.Info{}, false, "en", "", "", nil),
		welcome(many, false, "de", "Was wurde über „Harbour budget approved“ berichtet (Mai 2025)?", "", nil),
		welcome(many, true, "es", "", "", nil),
		welcome(many, false, "ru", "", "", []string{"de→fr"}),
		welcome(retrieval.Info{Articles: 2, Chunks: 5, Langs: []string{"ru"}}, false, "ru", "", "", nil),
	} {
		b.WriteString(w + "\n---\n")
	}
	golden.Check(t, "welcome.txt", b.String())
}

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
