package retrieval

import (
	"context"
	"testing"
	"time"

	"verbatim/corpus"
)

// news2012 is a small French news corpus of 2012 whose articles talk
// about other years: 1962 in Oran, 2006 for Wikiversity.
func news2012() *corpus.Result {
	d := mustDate
	return &corpus.Result{Articles: []corpus.Article{
		{ID: "oran", Lang: "fr", Title: "Cinquantenaire de l'indépendance de l'Algérie", Date: d("2012-07-05"),
			Text: "Le 5 juillet 1962, le général De Gaulle proclamait l'indépendance de l'Algérie. À Oran, une fusillade éclate dans le défilé célébrant l'indépendance, provoquant un massacre dans la population européenne."},
		{ID: "sandy", Lang: "fr", Title: "L'ouragan Sandy frappe New York", Date: d("2012-11-01"),
			Text: "L'ouragan Sandy a inondé le métro de New York et privé d'électricité des millions d'habitants de la côte est."},
		{ID: "wikidata", Lang: "fr", Title: "La Fondation Wikimedia lance Wikidata", Date: d("2012-10-30"),
			Text: "Wikidata est le premier nouveau projet de la Fondation Wikimedia depuis le lancement de Wikiversity en 2006."},
		{ID: "smic", Lang: "fr", Title: "Le SMIC augmente", Date: d("2012-06-27"),
			Text: "Le gouvernement annonce que le SMIC augmentera de 2 % au 1er juillet, un coup de pouce modeste selon les syndicats."},
	}}
}

// TestFindDatePeriodOrContent checks the one rule reading a question's
// date phrase: the period of publication asked about when its range holds
// articles or the question asks for articles, else part of the content,
// searched in the articles' text, in the five languages.
func TestFindDatePeriodOrContent(t *testing.T) {
	ix, _ := build(t, t.TempDir(), news2012(), NewLocalEmbedder())
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	const (
		period  = "period"
		content = "content"
		relaxed = "relaxed" // content that no article found writes
		none    = "none"
	)
	tests := []struct {
		name, question string
		want           string
		wantFrom       string // the range applied, for a period
		wantFirst      string // the first article found, "" for none
	}{
		{"fr event date", "Que s'est-il passé le 5 juillet 1962 ?", content, "", "oran"},
		{"en event date", "What happened in Oran on July 5, 1962?", content, "", "oran"},
		{"de event month", "Was geschah im Juli 1962 in Oran?", content, "", "oran"},
		{"es event month", "¿Qué pasó en julio de 1962 en Orán?", content, "", "oran"},
		{"ru event date", "Что случилось 5 июля 1962 года?", content, "", "oran"},
		{"ru event year", "Какой проект Фонд Викимедиа запустил в 2006 году?", content, "", "wikidata"},
		{"fr month without year filters", "Qu'est-ce qui s'est passé en novembre ?", period, "2012-11-01", "sandy"},
		{"en month without year filters", "What did Sandy flood in November?", period, "2012-11-01", "sandy"},
		{"de month without year filters", "Was geschah im November mit Sandy?", period, "2012-11-01", "sandy"},
		{"es month with year filters", "¿Qué pasó en noviembre de 2012?", period, "2012-11-01", "sandy"},
		{"ru month without year filters", "Что случилось в ноябре?", period, "2012-11-01", "sandy"},
		{"fr articles of a period without any", "Les articles de mai 2011 sur le SMIC ?", period, "2011-05-01", ""},
		{"en news of a period without any", "news in May 2011 about the minimum wage", period, "2011-05-01", ""},
		{"de Artikel of a period without any", "Artikel vom Juni 2010 über Sandy", period, "2010-06-01", ""},
		{"ru статьи of a period without any", "статьи за май 2011 года", period, "2011-05-01", ""},
		{"es noticias of a period without any", "noticias de mayo de 2011 sobre Sandy", period, "2011-05-01", ""},
		{"fr a relative date is the period", "Qu'a dit le maire de New York hier ?", period, "2026-12-06", ""},
		{"en a relative date is the period", "What happened last week in New York?", period, "2026-11-30", ""},
		{"de a relative date is the period", "Was sagte der Bürgermeister von New York gestern?", period, "2026-12-06", ""},
		{"es a relative date is the period", "¿Qué pasó en Nueva York la semana pasada?", period, "2026-11-30", ""},
		{"ru a relative date is the period", "Что случилось в Нью-Йорке 3 дня назад?", period, "2026-12-04", ""},
		{"de an open range with articles filters", "Was geschah nach Oktober 2012 mit Sandy in New York?", period, "2012-11-01", "sandy"},
		{"es an open range with articles filters", "¿Qué pasó en Nueva York después de octubre de 2012?", period, "2012-11-01", "sandy"},
		{"ru an open range with articles filters", "Что случилось в Нью-Йорке после октября 2012 года?", period, "2012-11-01", "sandy"},
		{"en the article read is no cue", "According to the article, what happened in Oran in July 1962?", content, "", "oran"},
		{"de the article read is no cue", "Was geschah laut dem Artikel im Juli 1962 in Oran?", content, "", "oran"},
		{"es the article read is no cue", "Según el artículo, ¿qué pasó en Orán en julio de 1962?", content, "", "oran"},
		{"ru the article read is no cue", "Что, судя по тексту из статьи, случилось в Оране в июле 1962 года?", content, "", "oran"},
		{"fr published by someone is no cue", "Quel projet la Fondation Wikimedia a-t-elle publié en 2006 ?", content, "", "wikidata"},
		{"articles about a date are about it", "Quels articles sur juillet 1962 ?", content, "", "oran"},
		{"a month without its year nor articles", "Qu'est-ce que le SMIC en janvier ?", relaxed, "", "smic"},
		{"a date no article writes", "Qu'a dit De Gaulle en mars 1990 ?", relaxed, "", "oran"},
		{"no date", "L'ouragan Sandy à New York", none, "", "sandy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ix.Find(context.Background(), Query{Text: tt.question, K: 3, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			got := none
			switch {
			case f.DatePhrase:
				got = period
			case f.Relaxed:
				got = relaxed
			case f.DateInText:
				got = content
			}
			from := ""
			if !f.From.IsZero() {
				from = f.From.Format("2006-01-02")
			}
			first := ""
			if len(f.Results) > 0 {
				first = f.Results[0].Chunk.DocID
			}
			if got != tt.want || from != tt.wantFrom || first != tt.wantFirst {
				t.Errorf("Find(%q) = %s from %q, first %q; want %s from %q, first %q", tt.question, got, from, first, tt.want, tt.wantFrom, tt.wantFirst)
			}
			if got == content && !WritesDate(f.Results[0].Chunk.Text, f.TextFrom, f.TextTo) {
				t.Errorf("Find(%q): the passage of %s does not write [%s, %s)", tt.question, tt.wantFirst, f.TextFrom, f.TextTo)
			}
		})
	}
}

func TestWritesDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	jul5, jul6 := day(1962, 7, 5), day(1962, 7, 6)
	var open time.Time
	tests := []struct {
		name     string
		from, to time.Time
		text     string
		want     bool
	}{
		{"the day", jul5, jul6, "Le 5 juillet 1962, De Gaulle proclamait l'indépendance.", true},
		{"its month", jul5, jul6, "En juillet 1962, l'Algérie devient indépendante.", true},
		{"its year", jul5, jul6, "L'indépendance de 1962 est fêtée.", true},
		{"a year after a word for it", jul5, jul6, "Сколько лет прошло с 1962 года?", true},
		{"English", jul5, jul6, "On July 5, 1962, Algeria became independent.", true},
		{"German", jul5, jul6, "Am 5. Juli 1962 wurde Algerien unabhängig.", true},
		{"Spanish", jul5, jul6, "El 5 de julio de 1962 Argelia se independizó.", true},
		{"the day without its year", jul5, jul6, "Le 5 juillet, la foule défile.", false},
		{"another day", jul5, jul6, "Le 1er juillet 1962, le référendum a lieu.", false},
		{"another year", jul5, jul6, "Le 5 juillet 2012, Alger fête le cinquantenaire.", false},
		{"a number that is no year", jul5, jul6, "Il y avait 1962 manifestants.", false},
		{"an open range", open, day(1970, 1, 1), "La guerre s'achève en 1962.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WritesDate(tt.text, tt.from, tt.to); got != tt.want {
				t.Errorf("WritesDate(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}
