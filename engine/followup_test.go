package engine

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestIsFollowUp(t *testing.T) {
	tests := []struct {
		text, lang string
		want       bool
	}{
		{"Et qu'a dit Peskov ?", "fr", true},
		{"Quand ?", "fr", true},
		{"Et la Corée du Nord ?", "fr", true},
		{"Qu'a-t-il déclaré ensuite ?", "fr", true},
		{"Pourquoi a-t-elle salué leur courage ?", "fr", true},
		{"when was that?", "en", true},
		{"What about Peskov?", "en", true},
		{"Did he confirm the military aid to North Korea?", "en", true},
		{"Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?", "fr", false},
		{"Qu'a dit Iouri Ouchakov sur la rencontre entre Poutine et Witkoff ?", "fr", false},
		{"Who announced the fourth meeting between Putin and Witkoff in April?", "en", false},
		{"Qui est Ouchakov ?", "fr", false},
		{"Qui est Philippe Varin ?", "fr", false},
		{"Combien d'employeurs", "fr", false},
		{"En quelle année le club devient-il amateur ?", "fr", false},
		{"Quels matériaux l'artiste utilise-t-il ?", "fr", false},
		{"Dans quelle ville prend-elle sa retraite ?", "fr", true},
		{"et Peskov ?", "fr", true},
		{"and in 2012?", "en", true},
		{"Qui a dit ça ?", "fr", true},
		{"When did Tesla say he would retire?", "en", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := isFollowUp(tt.text, tt.lang); got != tt.want {
				t.Errorf("isFollowUp(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

// TestFollowUpDialogues measures the offline rewrite: on hand-built
// dialogues about the seed, the follow-up's answer quotes the passage it
// asks about.
func TestFollowUpDialogues(t *testing.T) {
	lib := seedLibrary(t)
	core := NewCore(lib, Config{Now: fixedNow})
	dialogues := []struct {
		first, followUp, want string
	}{
		{"Quel rôle ont joué les troupes nord-coréennes à Koursk ?", "Et qu'a dit Peskov ?", "Dmitri Peskov, porte-parole du Kremlin, a confirmé"},
		{"Qui a annoncé la fin de l'opération de libération de Koursk ?", "Quand ?", "Le 26 avril, Valéry Guérassimov"},
		{"Qu'a déclaré Ouchakov après la rencontre entre Poutine et Witkoff ?", "Et qui avait annoncé cette rencontre ?", "Karoline Leavitt"},
		{"Qu'a dit Maria Zakharova des militaires nord-coréens ?", "Et Poutine, qu'a-t-il souligné ?", "Vladimir Poutine a également souligné"},
	}
	hits := 0
	for _, d := range dialogues {
		t.Run(d.followUp, func(t *testing.T) {
			ctx := context.Background()
			first, err := core.Ask(ctx, Question{Text: d.first})
			if err != nil {
				t.Fatal(err)
			}
			history := []Turn{{Question: d.first, Answer: first, At: fixedNow()}}
			a, err := core.Ask(ctx, Question{Text: d.followUp, History: history})
			if err != nil {
				t.Fatal(err)
			}
			if a.Query == "" || !strings.HasPrefix(a.Query, d.followUp) {
				t.Errorf("Query = %q, want the follow-up completed from the first question", a.Query)
			}
			for _, c := range a.Citations {
				if strings.Contains(c.Quote, d.want) {
					hits++
					return
				}
			}
			t.Errorf("answer to %q (searched as %q) does not quote %q: %q", d.followUp, a.Query, d.want, a.Text)
		})
	}
	t.Logf("follow-ups answered from the right passage: %d of %d", hits, len(dialogues))
}

func TestFollowUpModelRewrite(t *testing.T) {
	lib := seedLibrary(t)
	const standalone = "Qu'a dit Dmitri Peskov sur une aide militaire à la Corée du Nord ?"
	f := newFakeOpenAI(t, func(req chatRequest, _ int) (int, string, time.Duration) {
		if isRewrite(req) {
			return http.StatusOK, "Question : " + standalone, 0
		}
		return http.StatusOK, "Le 28 avril, Peskov a confirmé que « la Russie pourrait, si nécessaire, assurer une aide militaire à la Corée du Nord » [1].", 0
	})
	core := NewCore(lib, Config{Model: testModel(f, 5*time.Second), Now: fixedNow})
	history := []Turn{{Question: "Quel rôle ont joué les troupes nord-coréennes à Koursk ?", Answer: Answer{Text: "Elles ont aidé.", Lang: "fr"}}}
	a, err := core.Ask(context.Background(), Question{Text: "Et qu'a dit Peskov ?", History: history})
	if err != nil {
		t.Fatal(err)
	}
	if a.Query != standalone {
		t.Errorf("Query = %q, want the model's rewrite %q", a.Query, standalone)
	}
	if f.Count() != 2 || f.Requests()[0].Stream || !strings.Contains(userContent(f.Requests()[0]), "troupes nord-coréennes") {
		t.Errorf("want a non-streamed rewrite request carrying the history, then the answer; got %d requests", f.Count())
	}
	if !strings.Contains(userContent(f.Requests()[1]), "Question: "+standalone) {
		t.Errorf("answer prompt does not ask the standalone question: %q", userContent(f.Requests()[1]))
	}
	if !a.Found || len(a.Citations) != 1 || a.UnverifiedRemoved != 0 {
		t.Errorf("got found=%v citations=%d unverified=%d, want one verified citation", a.Found, len(a.Citations), a.UnverifiedRemoved)
	}
}

func TestContextWords(t *testing.T) {
	tests := []struct {
		prev, text, lang string
		want             []string
	}{
		// The date range of the earlier question is not inherited.
		{"Qu'a dit Zakharova des militaires nord-coréens en avril 2025 ?", "Quand ?", "fr", []string{"dit", "Zakharova", "militaires", "nord-coréens"}},
		// A follow-up that names someone replaces the earlier names.
		{"Qu'a dit Zakharova des militaires nord-coréens ?", "et Peskov ?", "fr", []string{"dit", "militaires", "nord-coréens"}},
		{"What did Peskov say in 2012?", "and in 2013?", "en", []string{"Peskov", "say"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := contextWords(tt.prev, tt.text, tt.lang)
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("contextWords(%q, %q) = %q, want %q", tt.prev, tt.text, got, tt.want)
			}
		})
	}
}

// TestStandaloneQuestionInConversation checks that a question standing on
// its own is answered on its own after another one, and that an elliptic
// one says which question it was understood as.
func TestStandaloneQuestionInConversation(t *testing.T) {
	lib := seedLibrary(t)
	core := NewCore(lib, Config{Now: fixedNow})
	ctx := context.Background()
	first, err := core.Ask(ctx, Question{Text: "Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?"})
	if err != nil {
		t.Fatal(err)
	}
	history := []Turn{{Question: first.Question, Answer: first, At: fixedNow()}}
	alone, err := core.Ask(ctx, Question{Text: "Qui est Ouchakov ?"})
	if err != nil {
		t.Fatal(err)
	}
	inRow, err := core.Ask(ctx, Question{Text: "Qui est Ouchakov ?", History: history})
	if err != nil {
		t.Fatal(err)
	}
	if inRow.Query != "" || len(inRow.Citations) != len(alone.Citations) || len(alone.Citations) > 0 && inRow.Citations[0].Quote != alone.Citations[0].Quote {
		t.Errorf("\"Qui est Ouchakov ?\" after another question: query %q, first quote differs from the one asked alone", inRow.Query)
	}
	follow, err := core.Ask(ctx, Question{Text: "Et Peskov ?", History: history})
	if err != nil {
		t.Fatal(err)
	}
	// The notice is readable: the follow-up continues the question asked
	// before, not the words searched ("Et Peskov ? déclaré").
	wantNotice := "Compris comme la suite de\u00a0: «\u00a0" + first.Question + "\u00a0»."
	if follow.Query == "" || !strings.Contains(follow.Notice, wantNotice) || strings.Contains(follow.Notice, follow.Query) {
		t.Errorf("\"Et Peskov ?\": query %q, notice %q; want the notice %q", follow.Query, follow.Notice, wantNotice)
	}
	if len(follow.Citations) == 0 || !strings.Contains(follow.Citations[0].Quote, "Peskov") {
		t.Errorf("\"Et Peskov ?\": first quote is not about Peskov: %q", follow.Text)
	}
	if strings.Contains(follow.Query, "Guérassimov") {
		t.Errorf("\"Et Peskov ?\" understood as %q: it carries the earlier name", follow.Query)
	}
}

func TestQuestionLang(t *testing.T) {
	fr := []Turn{{Question: "Qui est Peskov ?", Answer: Answer{Lang: "fr"}}}
	tests := []struct {
		text        string
		history     []Turn
		corpusLangs []string
		want        string
	}{
		{"Que dit Zakharova ?", nil, []string{"fr"}, "fr"},
		{"Peskov ?", nil, []string{"en"}, "en"},
		{"Peskov ?", fr, []string{"en"}, "fr"},
		{"What did Putin say about the North Korean soldiers?", nil, []string{"fr"}, "en"},
		{"Kto?", nil, nil, "fr"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := questionLang(tt.text, tt.history, tt.corpusLangs); got != tt.want {
				t.Errorf("questionLang(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}
