package engine

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"verbatim/bot/bottest"
	"verbatim/prompts"
)

// TestModelTranslationLabelled asks in English and German about the French
// seed article through the fake OpenAI API. The model quotes in French and
// adds its labelled translation: the quote stays French and verified, the
// translation follows it outside quotation marks and is no citation. A
// hostile model that puts its translation between quotation marks, in the
// quote's sentence or in one of its own, never has it shown as a quote.
func TestModelTranslationLabelled(t *testing.T) {
	lib := seedLibrary(t)
	const peskov = "Le 28 avril, Dmitri Peskov, porte-parole du Kremlin, a confirmé que la Russie pourrait, si nécessaire, assurer une aide militaire à la Corée du Nord, conformément à l’accord entre Moscou et Pyongyang."
	const english = "On April 28, Dmitry Peskov, the Kremlin spokesman, confirmed that Russia could, if necessary, provide military aid to North Korea"
	tests := []struct {
		name, question, lang string
		reply                func(n string) string
		wantText             string // the model's answer holds it; "" when no sentence of it survives
	}{
		{"labelled", "What did Peskov say about North Korea?", "en",
			func(n string) string {
				return "Peskov answered: \"" + peskov + "\" [" + n + "] " + prompts.Translated("en", english+".") + "."
			},
			"[1] (translation: " + english + ".)."},
		{"labelled in German", "Was hat Peskow über Nordkorea gesagt?", "de",
			func(n string) string {
				return "Peskow sagte: „" + peskov + "“ [" + n + "] " + prompts.Translated("de", "Am 28. April bestätigte Kremlsprecher Dmitri Peskow, Russland könne Nordkorea notfalls militärisch helfen.") + "."
			},
			"(Übersetzung: Am 28. April bestätigte Kremlsprecher Dmitri Peskow"},
		{"translation quoted in the quote's sentence", "What did Peskov say about North Korea?", "en",
			func(n string) string { return "Peskov answered: \"" + peskov + "\" [" + n + "] (\"" + english + "\")." },
			""},
		{"translation quoted in a sentence of its own", "What did Peskov say about North Korea?", "en",
			func(n string) string {
				return "Peskov answered: \"" + peskov + "\" [" + n + "]. In English: \"" + english + ".\" [" + n + "]"
			},
			"Peskov answered: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var asked atomic.Bool // the prompt asks for the labelled translation
			f := newFakeOpenAI(t, func(req chatRequest, _ int) (int, string, time.Duration) {
				if strings.HasPrefix(userContent(req), "Languages:") {
					return http.StatusBadRequest, `{"error":{"message":"no translation today"}}`, 0
				}
				asked.Store(strings.Contains(req.Messages[0].Content, "[1] "+prompts.Translated(tt.lang, "your translation")))
				return http.StatusOK, tt.reply(strconv.Itoa(bottest.PassageNumber(userContent(req), "Dmitri Peskov"))), 0
			})
			a, err := NewCore(lib, Config{Now: fixedNow, Model: testModel(f, 5*time.Second)}).Ask(context.Background(), Question{Text: tt.question})
			if err != nil {
				t.Fatal(err)
			}
			if !asked.Load() {
				t.Errorf("the answer prompt does not ask for a labelled translation in %s", tt.lang)
			}
			if a.Lang != tt.lang {
				t.Errorf("answer language %q, want %q", a.Lang, tt.lang)
			}
			checkQuotesExact(t, lib, a)
			for _, c := range a.Citations {
				if strings.Contains(c.Quote, "Peskow") || strings.Contains(c.Quote, "Dmitry") {
					t.Errorf("citation %d quotes the translation: %q", c.N, c.Quote)
				}
			}
			for _, hostile := range []string{`"` + english, "„Am 28"} {
				if strings.Contains(a.Text, hostile) {
					t.Errorf("the translation is shown between quotation marks:\n%s", a.Text)
				}
			}
			if tt.wantText == "" {
				if a.Mode == ModeModel && strings.Contains(a.Text, english) {
					t.Errorf("the hostile sentence was kept:\n%s", a.Text)
				}
				return
			}
			if a.Mode != ModeModel || !strings.Contains(a.Text, tt.wantText) {
				t.Errorf("got mode %s text:\n%s\nwant the model's answer holding %q", a.Mode, a.Text, tt.wantText)
			}
			if len(a.Citations) == 0 || a.Citations[0].Quote != peskov || !a.Citations[0].Verified {
				t.Errorf("got citations %+v, want the verified French quote first", a.Citations)
			}
		})
	}
}
