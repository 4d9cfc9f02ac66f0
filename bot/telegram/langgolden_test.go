package telegram

import (
	"strings"
	"testing"
	"time"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/internal/golden"
	"verbatim/prompts"
	"verbatim/retrieval"
)

// TestFiveLanguagesGolden keeps, for each interface language, what a
// reader sees (run with -update to rewrite): an answered answer over a
// French article with its buttons, a related answer, a not-found answer
// naming the period searched, /sources, /help, a passage and the queue
// notices.
func TestFiveLanguagesGolden(t *testing.T) {
	article := corpus.Article{ID: "k1", Title: "Koursk : Guérassimov annonce la fin de l’opération",
		Text: "Premier paragraphe.\n\n« La libération de la région de Koursk est achevée », a déclaré Valéri Guérassimov.\n\nDernier paragraphe."}
	quoteAt := strings.Index(article.Text, "« La")
	quoteEnd := strings.Index(article.Text, "Guérassimov.") + len("Guérassimov.")
	cites := []bot.Citation{
		{N: 1, Quote: article.Text[quoteAt:quoteEnd], DocID: "k1", ChunkID: "k1#1", Title: article.Title, Date: day(2025, time.April, 26),
			URL: "https://example.org/koursk", Verified: true, QuoteStart: quoteAt, QuoteEnd: quoteEnd},
		{N: 2, Quote: "Nos amis coréens étaient mus par un authentique sentiment de solidarité", DocID: "c1", ChunkID: "c1#0",
			Title: "Corée du Nord : Moscou salue ses soldats", Date: day(2025, time.May, 1), Verified: true},
	}
	info := retrieval.Info{Articles: 42, Chunks: 420, Langs: []string{"fr", "ru"}, Oldest: month(2025, time.April), Newest: day(2025, time.May, 3)}
	articles := []corpus.Article{
		{ID: "x", Title: "Koursk : Guérassimov annonce la fin de l’opération", Date: day(2025, time.April, 26), Lang: "fr"},
		{ID: "y", Title: "Le SMIC augmente", Lang: "fr"},
	}
	from := time.Date(2012, time.March, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2012, time.March, 31, 0, 0, 0, 0, time.UTC)
	for _, tx := range catalogues() {
		t.Run(tx.lang, func(t *testing.T) {
			l := tx.lang
			var b strings.Builder
			section := func(name string, m message) {
				if m.isHTML {
					if err := checkHTML(m.text); err != nil {
						t.Errorf("%s: invalid Telegram HTML: %v", name, err)
					}
				}
				b.WriteString("=== " + name + "\n" + m.text + "\n\n")
			}
			answered := bot.Answer{Lang: l, Found: true, Verdict: bot.VerdictAnswered, Mode: bot.ModeOffline, Citations: cites}
			if l != "fr" {
				answered.Notice = bot.QuotesInNotice(l, "fr")
			}
			section("answered", renderAnswer(answered, tx))
			translated := answered
			translated.Mode = bot.ModeModel
			translated.Text = "Guérassimov: \"" + cites[0].Quote + "\" [1] " + prompts.Translated(l, "<the model's translation>") + "."
			section("model_translated", renderAnswer(translated, tx))
			var labels []string
			for _, c := range verified(answered) {
				labels = append(labels, buttonLabel(c, l))
			}
			section("buttons", message{text: strings.Join(labels, "\n")})
			related := answered
			related.Found, related.Verdict, related.Notice = false, bot.VerdictRelated, ""
			section("related", renderAnswer(related, tx))
			day := func(t time.Time) string { return corpus.Date{Time: t, Precision: corpus.PrecisionDay}.Display(l) }
			notFound := bot.Answer{Lang: l, Verdict: bot.VerdictNotFound, Text: bot.NotFoundText(l, bot.PeriodText(l, day(from), day(to)))}
			section("not_found", renderAnswer(notFound, tx))
			section("not_found_anytime", renderAnswer(bot.Answer{Lang: l, Verdict: bot.VerdictNotFound, Text: bot.NotFoundText(l, "")}, tx))
			section("sources", renderSources(answered, tx))
			p, ok := locatePassage(cites[0], &article)
			if !ok {
				t.Fatal("locatePassage: not found")
			}
			section("passage", renderPassage(cites[0], p, tx))
			section("help", renderHelp(info, bot.ExampleQuestions(articles, l, 2), tx, "add", "stats"))
			section("queue", message{text: strings.Join([]string{tx.queuedText(1), tx.queuedText(3),
				tx.queuePlaceText(2, 150*time.Second), tx.busyText(45 * time.Second), tx.restartingText(),
				tx.slowDownText(61*time.Second) + " " + tx.floodText(2)}, "\n")})
			section("error", message{text: bot.UserMessage(context500{}, l)})
			golden.Check(t, "ui_"+l+".txt", b.String())
		})
	}
}

// context500 is an error of no known kind: the generic user message.
type context500 struct{}

func (context500) Error() string { return "server said 500" }
