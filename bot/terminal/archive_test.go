package terminal

import (
	"strings"
	"testing"
	"time"

	"verbatim/corpus"
	"verbatim/quotes"
)

// TestCountPlural checks the counts of quotations and articles in the
// plural forms of each language: Russian has three.
func TestCountPlural(t *testing.T) {
	tests := []struct {
		lang, key string
		n         int
		want      string
	}{
		{"ru", "quotations", 1, "1 цитата"},
		{"ru", "quotations", 2, "2 цитаты"},
		{"ru", "quotations", 5, "5 цитат"},
		{"ru", "quotations", 11, "11 цитат"},
		{"ru", "quotations", 21, "21 цитата"},
		{"ru", "quotations", 22, "22 цитаты"},
		{"ru", "articles", 3, "3 статьи"},
		{"ru", "articles", 12, "12 статей"},
		{"fr", "quotations", 0, "0 citation"},
		{"fr", "quotations", 2, "2 citations"},
		{"en", "quotations", 0, "0 quotations"},
		{"en", "quotations", 1, "1 quotation"},
		{"de", "quotations", 4, "4 Zitate"},
		{"de", "articles", 1, "1 Artikel"},
		{"es", "articles", 7, "7 artículos"},
		{"it", "articles", 2, "2 articles"},
	}
	for _, tt := range tests {
		if got := count(tt.lang, tt.key, tt.n); got != tt.want {
			t.Errorf("count(%s, %s, %d) = %q, want %q", tt.lang, tt.key, tt.n, got, tt.want)
		}
	}
}

// TestKindWords checks that every kind of change of check has words in
// every language, distinct within a language.
func TestKindWords(t *testing.T) {
	kinds := []string{quotes.KindNumber, quotes.KindNegationAdded, quotes.KindNegationDropped, quotes.KindReplaced, quotes.KindAdded, quotes.KindDropped, quotes.KindCut, quotes.KindSpliced}
	for _, lang := range Langs() {
		seen := map[string]string{}
		for _, k := range kinds {
			got := kindWords(lang, k)
			if got == k && lang != "en" || got == "" {
				t.Errorf("%s: kind %s has no words", lang, k)
			}
			if other, ok := seen[got]; ok {
				t.Errorf("%s: kinds %s and %s are both %q", lang, other, k, got)
			}
			seen[got] = k
		}
	}
	if got := kindWords("fr", "new_kind"); got != "new_kind" {
		t.Errorf("a kind without words = %q, want it as it is", got)
	}
}

// TestRenderCheckDates checks that check writes a source's date in the
// reader's language at the article's precision (a month stays a month),
// never as ISO, and "undated" in words.
func TestRenderCheckDates(t *testing.T) {
	tests := []struct {
		lang, date string
		want       string
	}{
		{"fr", "2012-08-27", "27 août 2012"},
		{"fr", "2012-08", "août 2012"},
		{"en", "2012-08", "August 2012"},
		{"de", "2012-08-01", "1. August 2012"},
		{"es", "2012", "2012"},
		{"ru", "2012-08-27", "27 августа 2012"},
		{"ru", "", "без даты"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.date, func(t *testing.T) {
			var b strings.Builder
			RenderCheck(&b, tt.lang, "x", quotes.Checked{Verdict: quotes.Exact, Matches: []quotes.Match{{Title: "T", Date: tt.date, Quote: "q"}}})
			if !strings.Contains(b.String(), "— T, "+tt.want+"\n") {
				t.Errorf("got\n%s\nwant the date %q", b.String(), tt.want)
			}
			if tt.date != "" && tt.date != "2012" && strings.Contains(b.String(), tt.date) {
				t.Errorf("got\n%s\nwith the ISO date %s", b.String(), tt.date)
			}
		})
	}
}

// TestRenderAlteredWithoutKinds checks that an altered verdict without
// kinds of change, or without a match, is still written in words.
func TestRenderAlteredWithoutKinds(t *testing.T) {
	var b strings.Builder
	RenderCheck(&b, "fr", "x", quotes.Checked{Verdict: quotes.Altered, Matches: []quotes.Match{{Title: "T", Quote: "q"}}})
	if got, want := strings.SplitN(b.String(), "\n", 2)[0], "Modifié : la source dit"; got != want {
		t.Errorf("first line = %q, want %q", got, want)
	}
	b.Reset()
	RenderCheck(&b, "en", "x", quotes.Checked{Verdict: quotes.Altered})
	if !strings.HasPrefix(b.String(), "Not found") {
		t.Errorf("altered without a source: got %q, want not found", b.String())
	}
}

// TestRenderTimelineSpan checks that a timeline's heading and entries
// write their dates in the reader's language, not the articles'.
func TestRenderTimelineSpan(t *testing.T) {
	day := func(d int) corpus.Date {
		return corpus.Date{Time: time.Date(2012, 11, d, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionDay}
	}
	c := quotes.Chronicle{Topic: "Vendée Globe", First: day(10), Last: day(12), Entries: []quotes.Entry{
		{Title: "A", Quote: "a", When: day(10), Lang: "fr"},
		{Title: "B", Quote: "b", When: day(12), Lang: "fr"},
	}}
	tests := []struct{ lang, head string }{
		{"fr", "Vendée Globe : 2 articles, 10 – 12 novembre 2012"},
		{"en", "Vendée Globe: 2 articles, November 10 – 12, 2012"},
		{"ru", "Vendée Globe: 2 статьи, 10 – 12 ноября 2012"},
	}
	for _, tt := range tests {
		var b strings.Builder
		RenderTimeline(&b, tt.lang, c)
		if got := strings.SplitN(b.String(), "\n", 2)[0]; got != tt.head {
			t.Errorf("%s: heading = %q, want %q", tt.lang, got, tt.head)
		}
	}
}
