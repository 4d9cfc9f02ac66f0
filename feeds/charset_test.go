package feeds

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"

	"verbatim/corpus"
	"verbatim/feeds/feedstest"
)

// TestSyncDecodesDeclaredCharsets polls a feed whose pages are declared
// windows-1251 and shift_jis (refused as "not valid UTF-8" before), and
// one declared utf-8 with a few bad bytes (read as Windows-1252 before,
// losing its words): each is stored with its words intact.
func TestSyncDecodesDeclaredCharsets(t *testing.T) {
	site := feedstest.NewSite(t)
	enc := func(e encoding.Encoding, s string) []byte {
		b, err := e.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	page := func(title string, paras ...string) string {
		var b strings.Builder
		b.WriteString("<!DOCTYPE html><html><head><title>" + title + "</title></head><body><article><h1>" + title + "</h1>")
		for _, p := range paras {
			b.WriteString("<p>" + p + "</p>")
		}
		b.WriteString("</article></body></html>")
		return b.String()
	}
	ru := []string{
		"Президент заявил в среду, что переговоры о прекращении огня продолжатся на следующей неделе в Москве.",
		"По словам источников, делегации обсудят обмен пленными и гуманитарные коридоры для мирных жителей.",
	}
	ja := []string{
		"東京証券取引所の株価は三日続けて上昇し、日経平均は年初来の高値を更新した。",
		"市場関係者によると、海外投資家の買いが続いており、今週も堅調な展開が予想されるという。",
	}
	fr := []string{
		"La fusée Falcon 9, développée par SpaceX, a décollé mardi à l'heure prévue depuis la base de Vandenberg.",
		"Le lanceur a placé en orbite vingt-deux satellites, a précisé l'entreprise dans un communiqué publié après le tir.",
		"Le premier étage est revenu se poser sur une barge au large de la Californie, pour la vingtième fois.",
	}
	site.ServeRaw("/ru", "text/html; charset=windows-1251", enc(charmap.Windows1251, page("Переговоры", ru...)))
	// Declared only in the page, served without a charset.
	site.ServeRaw("/ja", "text/html", append([]byte(`<meta charset="shift_jis">`), enc(japanese.ShiftJIS, page("株価", ja...))...))
	// Declared utf-8, two stray bytes in the second paragraph.
	bad := strings.Replace(page("Falcon 9", fr...), "vingt-deux", "vingt\xff-deux\x92", 1)
	site.ServeRaw("/fr", "text/html; charset=utf-8", []byte(bad))
	item := func(path string) string {
		return fmt.Sprintf("<item><title>%s</title><link>%s%s</link><pubDate>Thu, 03 Apr 2025 08:00:00 +0200</pubDate></item>", path, site.URL, path)
	}
	site.ServeRaw("/charsets.xml", "application/rss+xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Monde</title>`+
		item("/ru")+item("/ja")+item("/fr")+`</channel></rss>`))

	root := t.TempDir()
	p, err := New(Config{
		Feeds:   []string{site.URL + "/charsets.xml"},
		Root:    root,
		Fetcher: NewFetcher(FetcherConfig{UserAgent: "verbatim-test", AllowPrivate: true, HostDelay: -1}),
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := p.Sync(t.Context())
	if err != nil {
		t.Fatalf("Sync: %v", err)
	}
	if len(rep.Added) != 3 || len(rep.Skipped) != 0 {
		t.Fatalf("added %+v, skipped %+v; want the 3 pages added", rep.Added, rep.Skipped)
	}
	res, err := corpus.Load(t.Context(), os.DirFS(root), corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for _, a := range res.Articles {
		texts[strings.TrimPrefix(a.URL, site.URL)] = a.Text
	}
	for path, paras := range map[string][]string{"/ru": ru, "/ja": ja, "/fr": {fr[0], fr[2]}} {
		for _, para := range paras {
			if !strings.Contains(texts[path], para) {
				t.Errorf("%s: text misses %q:\n%s", path, para, texts[path])
			}
		}
	}
	// Every word of the damaged paragraph is kept; the two bad bytes are
	// marked, not turned into letters.
	for _, w := range strings.Fields(strings.Replace(fr[1], "vingt-deux", "", 1)) {
		if !strings.Contains(texts["/fr"], w) {
			t.Errorf("/fr: lost the word %q:\n%s", w, texts["/fr"])
		}
	}
	if !strings.Contains(texts["/fr"], "vingt\uFFFD-deux\uFFFD") || strings.ContainsAny(texts["/fr"], "ÿ’Ã") {
		t.Errorf("/fr: bad bytes not marked as U+FFFD:\n%s", texts["/fr"])
	}
}
