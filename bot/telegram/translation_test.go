package telegram

import (
	"html"
	"strconv"
	"strings"
	"testing"

	"verbatim/bot"
	"verbatim/bot/bottest"
)

func TestMarkTranslations(t *testing.T) {
	tests := []struct{ body, lang, want string }{
		{`"A" [1] (translation: B & C).`, "en", `"A" [1] <i>(translation: B &amp; C)</i>.`},
		{"« A » [1] (traduction\u00a0: B (ici)) et (traduction : C)", "fr", "« A » [1] <i>(traduction\u00a0: B (ici))</i> et <i>(traduction : C)</i>"},
		{"„A“ [1] (Übersetzung: B)", "de", "„A“ [1] <i>(Übersetzung: B)</i>"},
		{"(translation without colon) <x>", "en", "(translation without colon) &lt;x&gt;"},
		{"(translation: never closed <", "en", "(translation: never closed &lt;"},
	}
	for _, tt := range tests {
		if got := markTranslations(tt.body, tt.lang); got != tt.want {
			t.Errorf("markTranslations(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

// TestModelTranslationOverBotAPI asks in English about the French seed
// article with a model behind the bot (the fake OpenAI API). A model that
// follows the prompt has its French quote shown verbatim and its English
// translation after it in italics, labelled; a hostile model that puts
// its translation between quotation marks has it shown neither as a
// quote nor in a blockquote.
func TestModelTranslationOverBotAPI(t *testing.T) {
	const english = "Russia will never forget its friends in North Korea"
	tests := []struct {
		name   string
		reply  func(n string) string
		wantIn string // in the final message, unescaped
	}{
		{"labelled", func(n string) string {
			return "Maria Zakharova said: \"" + zakharovaQuote + "\" [" + n + "] (translation: " + english + ")."
		}, "<i>(translation: " + english + ")</i>"},
		{"hostile", func(n string) string {
			return "Maria Zakharova said: \"" + zakharovaQuote + "\" [" + n + "] \"" + english + "\"."
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeOpenAI(t, func(prompt string) string {
				if strings.HasPrefix(prompt, "Languages:") {
					return "{}"
				}
				return tt.reply(strconv.Itoa(max(1, bottest.PassageNumber(prompt, zakharovaQuote))))
			})
			h := startHarness(t, harnessOptions{coreModel: newModel(f), coreK: 3, config: func(c *Config) { c.Model = "test-model" }})
			const chat = 61
			final := h.ask(t, chat, "private", user(chat, "fr"), "What did Maria Zakharova say about North Korea?", nil)
			raw := final.Params["text"]
			text := html.UnescapeString(raw)
			if tt.wantIn != "" && !strings.Contains(text, tt.wantIn) {
				t.Errorf("final answer lacks %q:\n%s", tt.wantIn, raw)
			}
			if !strings.Contains(text, zakharovaQuote) {
				t.Errorf("final answer lacks the French quote:\n%s", raw)
			}
			for _, q := range blockquoteRe.FindAllStringSubmatch(raw, -1) {
				if strings.Contains(html.UnescapeString(q[1]), english) {
					t.Errorf("the translation is shown as a quote:\n%s", raw)
				}
			}
			for _, marks := range [][2]string{{`"`, `"`}, {"«", "»"}, {"“", "”"}, {"„", "“"}} {
				if strings.Contains(text, marks[0]+english) {
					t.Errorf("the translation is shown between quotation marks:\n%s", raw)
				}
			}
			if turn, ok := h.bot.convs.Last(chatKey(chat)); ok {
				for _, c := range turn.Answer.Citations {
					if strings.Contains(c.Quote, english) {
						t.Errorf("citation %d quotes the translation", c.N)
					}
				}
				if turn.Answer.Lang != "en" || turn.Answer.Mode != bot.ModeModel && tt.wantIn != "" {
					t.Errorf("answer lang %q mode %s, want an English model answer", turn.Answer.Lang, turn.Answer.Mode)
				}
			}
		})
	}
}
