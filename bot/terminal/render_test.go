package terminal

import (
	"strings"
	"testing"
	"time"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/internal/golden"
)

// TestRenderGolden renders the shapes of answer the terminal shows: each
// quote once, one source line per article with its quotes under it.
func TestRenderGolden(t *testing.T) {
	april := corpus.Date{Time: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionMonth}
	day := corpus.Date{Time: time.Date(2025, 4, 26, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionDay}
	tests := []struct {
		name string
		ans  bot.Answer
	}{
		{"answer_model_fr.txt", bot.Answer{Lang: "fr", Found: true, Mode: bot.ModeModel,
			Text: "Guérassimov a annoncé : « la fin de l’opération de libération de la région de Koursk » [1]. Il a remercié les troupes [2].",
			Citations: []bot.Citation{
				{N: 1, Quote: "la fin de l’opération de libération de la région de Koursk", DocID: "a", Title: "Koursk", Date: day, URL: "https://example.org/k", Verified: true},
				{N: 2, Quote: "Il a remercié les troupes nord-coréennes.", DocID: "a", Title: "Koursk", Date: day, URL: "https://example.org/k", Verified: true},
				{N: 3, Quote: "Une autre phrase.", DocID: "b", Title: "\u202eevil\u202c Autre", Date: april, Verified: true},
			}}},
		{"answer_extractive_en.txt", bot.Answer{Lang: "en", Found: true, Mode: bot.ModeOffline, Notice: "The quotes are in French, the articles' language.",
			Text: "According to “Koursk” (April 26, 2025):\n“Le 26 avril, Valéry Guérassimov a annoncé la fin.” [1]",
			Citations: []bot.Citation{
				{N: 1, Quote: "Le 26 avril, Valéry Guérassimov a annoncé la fin.", DocID: "a", Title: "Koursk", Date: day, Verified: true},
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			Render(&b, tt.ans)
			golden.Check(t, tt.name, b.String())
		})
	}
}
