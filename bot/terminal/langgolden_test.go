package terminal

import (
	"strings"
	"testing"
	"time"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/internal/golden"
)

// TestFiveLanguagesGolden keeps what the terminal writes in each interface
// language (run with -update to rewrite): a model's answer over a French
// article with the notice that the quotes are French, a related answer,
// a not-found answer, /sources and /help.
func TestFiveLanguagesGolden(t *testing.T) {
	day := corpus.Date{Time: time.Date(2025, 4, 26, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionDay}
	cites := []bot.Citation{
		{N: 1, Quote: "la fin de l’opération de libération de la région de Koursk", DocID: "a", Title: "Koursk", Date: day, URL: "https://example.org/k", Verified: true},
		{N: 2, Quote: "Nos amis coréens étaient mus par un authentique sentiment de solidarité", DocID: "b", Title: "Corée du Nord", Verified: true},
	}
	for _, lang := range []string{"fr", "en", "de", "es", "ru"} {
		t.Run(lang, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("=== answered\n")
			notice := ""
			if lang != "fr" {
				notice = bot.QuotesInNotice(lang, "fr")
			}
			Render(&b, bot.Answer{Lang: lang, Found: true, Verdict: bot.VerdictAnswered, Mode: bot.ModeModel, Notice: notice, Text: "[1] [2]", Citations: cites})
			b.WriteString("=== related\n")
			Render(&b, bot.Answer{Lang: lang, Verdict: bot.VerdictRelated, Text: bot.RelatedLine(lang), Citations: cites})
			b.WriteString("=== not_found\n")
			Render(&b, bot.Answer{Lang: lang, Verdict: bot.VerdictNotFound, Text: bot.NotFoundText(lang, "")})
			b.WriteString("=== sources\n")
			RenderSources(&b, bot.Answer{Lang: lang, Citations: cites})
			b.WriteString("=== help\n")
			chat := New(nil, &b, Options{Lang: lang})
			chat.help()
			golden.Check(t, "ui_"+lang+".txt", b.String())
		})
	}
}
