package engine

import (
	"context"
	"testing"
)

// TestAskShortQuestionLang checks, end to end over the French seed, that
// a short question's language is detected with the corpus's language and
// the conversation's as priors: "Que dit Zakharova ?" is French (it was
// taken for Dutch), and a bare name asked in an English conversation is
// English.
func TestAskShortQuestionLang(t *testing.T) {
	core := NewCore(seedLibrary(t), Config{Now: fixedNow})
	en := []Turn{{Question: "What did Peskov say?", Answer: Answer{Lang: "en", Found: true}}}
	tests := []struct {
		q         string
		history   []Turn
		wantLang  string
		wantFound bool
	}{
		{"Que dit Zakharova ?", nil, "fr", true},
		{"Qu'a dit Guérassimov ?", nil, "fr", true},
		{"Zakharova?", en, "en", true},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a, err := core.Ask(context.Background(), Question{Text: tt.q, History: tt.history})
			if err != nil {
				t.Fatal(err)
			}
			if a.Lang != tt.wantLang || a.Found != tt.wantFound {
				t.Errorf("Ask(%q): Lang %q, Found %v; want %q, %v (answer %q)", tt.q, a.Lang, a.Found, tt.wantLang, tt.wantFound, a.Text)
			}
		})
	}
}

// TestQuestionLangShort checks that short questions in German, Russian
// and Spanish are read in their language over a French corpus, not in
// English nor in the corpus's language.
func TestQuestionLangShort(t *testing.T) {
	tests := []struct{ q, want string }{
		{"Was sagte Gerassimow?", "de"},
		{"Что сказал Песков?", "ru"},
		{"¿Qué dijo Zajárova?", "es"},
		{"Que dijo Zajárova?", "es"},
		{"What did Peskov say?", "en"},
		{"Qu'a dit Peskov ?", "fr"},
	}
	for _, tt := range tests {
		if got := questionLang(tt.q, nil, []string{"fr"}); got != tt.want {
			t.Errorf("questionLang(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}
