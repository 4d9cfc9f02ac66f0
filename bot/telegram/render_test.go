package telegram

import (
	"html"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/internal/golden"
	"verbatim/retrieval"
)

// isAnswered reports whether a message is a found answer: it has a source
// line ("[1] — Title, date").
func isAnswered(text string) bool { return sourceLineRe.MatchString(text) }

var sourceLineRe = regexp.MustCompile(`(?m)^\[\d+(?:, \d+)*\] — `)

// shownOnce reports whether a found answer shows quote exactly once, in
// its text or in a blockquote.
func shownOnce(text, quote string) bool {
	return isAnswered(text) && strings.Count(plainText(text), quote) == 1
}

// joinPieces writes split messages for a golden file.
func joinPieces(pieces []string) string {
	return strings.Join(pieces, "\n-----8<----- message boundary -----8<-----\n") + "\n"
}

func month(y int, m time.Month) corpus.Date {
	return corpus.Date{Time: time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionMonth}
}

func day(y int, m time.Month, d int) corpus.Date {
	return corpus.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionDay}
}

// sampleAnswer has what an answer can hold: markers, characters to
// escape, a long quote, a link, an unverified citation.
func sampleAnswer() bot.Answer {
	long := strings.Repeat("Le conseil a voté le budget à 12 voix contre 3 & l’opposition a dénoncé un « passage en force ». ", 4)
	return bot.Answer{
		Question: "Qu’a dit le maire en avril 2025 ?",
		Text:     "Le maire a défendu le projet [1], tandis que l’opposition parlait de <passage en force> [2].\n\nLe vote a eu lieu en avril [2].",
		Found:    true,
		Lang:     "fr",
		Mode:     bot.ModeModel,
		Citations: []bot.Citation{
			{N: 1, Quote: "Ce projet est une chance pour la ville", DocID: "a1", ChunkID: "a1#0", Title: "Le maire défend le projet", Date: month(2025, time.April), URL: "https://example.org/a?x=1&y=2", Verified: true},
			{N: 2, Quote: strings.TrimSpace(long), DocID: "a2", ChunkID: "a2#3", Title: "Budget : <vote> & débat", Date: day(2025, time.April, 1), Verified: true},
			{N: 3, Quote: "jamais dit", DocID: "a3", Title: "Invented", Verified: false},
		},
	}
}

func TestRenderAnswerGolden(t *testing.T) {
	notice := sampleAnswer()
	notice.Notice = "Le modèle est injoignable : réponse extractive."
	notFound := bot.Answer{Text: "Je ne trouve rien à ce sujet dans les articles.", Found: false, Lang: "fr", Notice: "Réponse extractive."}
	english := sampleAnswer()
	english.Lang = "en"
	// The model quotes in its text: the quotes are not repeated, each
	// article has one source line.
	quoting := sampleAnswer()
	quoting.Text = "Le maire a déclaré : « Ce projet est une chance pour la ville » [1]. Le conseil a voté le budget à 12 voix contre 3 [2]."
	quoting.Citations[1].DocID = "a1"
	quoting.Citations[1].Title = "Le maire défend le projet"
	quoting.Citations[1].URL = "https://example.org/a?x=1&y=2"
	quoting.Citations[1].Date = month(2025, time.April)
	tests := []struct {
		name   string
		answer bot.Answer
		t      *texts
		html   bool
	}{
		{"answer_fr.html", sampleAnswer(), &textsFR, true},
		{"answer_notice.html", notice, &textsFR, true},
		{"answer_en_dates.html", english, &textsEN, true},
		{"answer_notfound.txt", notFound, &textsFR, false},
		{"answer_quotes_once.html", quoting, &textsFR, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := renderAnswer(tt.answer, tt.t)
			if m.isHTML != tt.html {
				t.Fatalf("isHTML = %v, want %v", m.isHTML, tt.html)
			}
			if m.isHTML {
				if err := checkHTML(m.text); err != nil {
					t.Fatalf("invalid Telegram HTML: %v", err)
				}
			}
			golden.Check(t, tt.name, m.text+"\n")
		})
	}
}

func TestRenderAnswerContent(t *testing.T) {
	m := renderAnswer(sampleAnswer(), &textsFR)
	for _, want := range []string{
		"de &lt;passage en force&gt; [2]",
		"[1] — <a href=\"https://example.org/a?x=1&amp;y=2\">Le maire défend le projet</a>, avril 2025\n<blockquote>Ce projet est une chance pour la ville</blockquote>",
		"<blockquote expandable>Le conseil",
		"Budget : &lt;vote&gt; &amp; débat, 1er avril 2025",
	} {
		if !strings.Contains(m.text, want) {
			t.Errorf("answer lacks %q:\n%s", want, m.text)
		}
	}
	if strings.Contains(m.text, "jamais dit") {
		t.Errorf("unverified quote shown:\n%s", m.text)
	}
}

func TestButtonLabelsGolden(t *testing.T) {
	var b strings.Builder
	for _, tt := range []struct {
		c    bot.Citation
		lang string
	}{
		{bot.Citation{N: 1, Title: "Koursk : Guérassimov annonce la fin de l’opération de libération", Date: day(2025, time.April, 26)}, "fr"},
		{bot.Citation{N: 1, Title: "Koursk : Guérassimov annonce la fin de l’opération de libération", Date: day(2025, time.April, 26)}, "en"},
		{bot.Citation{N: 2, Title: "Nos amis coréens", Date: month(2025, time.April)}, "fr"},
		{bot.Citation{N: 3, Title: "\u202eevil\u202c title"}, "fr"},
		{bot.Citation{N: 12}, "en"},
	} {
		label := buttonLabel(tt.c, tt.lang)
		if n := utf8.RuneCountInString(label); n > maxButtonRunes {
			t.Errorf("label %q has %d runes, want at most %d", label, n, maxButtonRunes)
		}
		b.WriteString(label + "\n")
	}
	golden.Check(t, "buttons.txt", b.String())
}

func TestRenderCommandsGolden(t *testing.T) {
	a := sampleAnswer()
	article := corpus.Article{
		ID:    "a1",
		Title: "Le maire défend le projet",
		Text:  "Premier paragraphe.\n\nLe maire a parlé. « Ce projet est une chance pour la ville », a-t-il dit. Puis il est parti.\n\nDernier paragraphe.",
	}
	cite := a.Citations[0]
	cite.Passage = corpus.Chunk{ID: "a1#1", DocID: "a1", Index: 1, Start: 21, End: 105, Text: article.Text[21:105]}
	withPassage, ok := locatePassage(cite, &article)
	if !ok {
		t.Fatal("locatePassage with chunk: not found")
	}
	noChunk := a.Citations[0]
	afterRestart, ok := locatePassage(noChunk, &article)
	if !ok {
		t.Fatal("locatePassage from article: not found")
	}
	info := retrieval.Info{Articles: 42, Chunks: 420, Langs: []string{"fr", "en"}, Oldest: month(2025, time.April), Newest: day(2025, time.May, 3)}
	results := []retrieval.Result{
		{Rank: 1, Chunk: corpus.Chunk{Title: "Budget <2025>", Date: month(2025, time.April), URL: "https://example.org/b", Text: "Le budget & la dette."}},
		{Rank: 2, Chunk: corpus.Chunk{Title: "Sans lien", Text: strings.Repeat("mot ", 200) + "la DETTE publique " + strings.Repeat("fin ", 200)}},
	}
	articles := []corpus.Article{
		{ID: "x", Title: "Nouvel article", Date: day(2025, time.May, 3), URL: "https://example.org/x"},
		{ID: "y", Title: "", Date: month(2025, time.April)},
	}
	tests := []struct {
		name string
		m    message
	}{
		{"passage_chunk.html", renderPassage(cite, withPassage, &textsFR)},
		{"passage_article.html", renderPassage(noChunk, afterRestart, &textsFR)},
		{"passage_en.html", renderPassage(cite, withPassage, &textsEN)},
		{"sources_fr.html", renderSources(a, &textsFR)},
		{"help_fr.html", renderHelp(info, bot.ExampleQuestions(articles, "fr", 2), &textsFR)},
		{"help_en.html", renderHelp(info, bot.ExampleQuestions(articles, "en", 2), &textsEN)},
		// One article of one month: "1 article", the month shown once.
		{"help_one_fr.html", renderHelp(retrieval.Info{Articles: 1, Chunks: 3, Langs: []string{"fr"}, Oldest: month(2025, time.April), Newest: month(2025, time.April)},
			bot.ExampleQuestions([]corpus.Article{{Title: "Nos amis coréens étaient mus par un authentique sentiment de solidarité, de…", Lang: "fr", Date: month(2025, time.April)}}, "fr", 2), &textsFR)},
		{"help_one_en.html", renderHelp(retrieval.Info{Articles: 1, Chunks: 3, Langs: []string{"en"}, Oldest: month(2025, time.April), Newest: month(2025, time.April)},
			bot.ExampleQuestions([]corpus.Article{{Title: "Harbour budget approved", Lang: "en", Date: day(2025, time.April, 3)}}, "en", 2), &textsEN)},
		{"help_empty_en.html", renderHelp(retrieval.Info{}, nil, &textsEN)},
		{"help_admin_fr.html", renderHelp(info, bot.ExampleQuestions(articles, "fr", 2), &textsFR, "add", "reindex", "stats")},
		{"help_admin_en.html", renderHelp(info, bot.ExampleQuestions(articles, "en", 2), &textsEN, "add", "stats")},
		{"search_en.html", renderSearch(results, "dette", &textsEN)},
		// A fetched title with a right-to-left override reaches /latest
		// without it.
		{"latest_fr.html", renderLatest(append(slices.Clone(articles), corpus.Article{ID: "z", Title: "\u202egnp.exe\u202c Rapport", Date: day(2025, time.May, 2)}), &textsFR)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.m.isHTML {
				t.Fatal("not HTML")
			}
			if err := checkHTML(tt.m.text); err != nil {
				t.Fatalf("invalid Telegram HTML: %v\n%s", err, tt.m.text)
			}
			golden.Check(t, tt.name, tt.m.text+"\n")
		})
	}
	if got, want := withPassage.Text[withPassage.QuoteStart:withPassage.QuoteEnd], cite.Quote; got != want {
		t.Errorf("highlighted %q, want %q", got, want)
	}
}

// longAnswer is an answer of about 10,000 characters: long paragraphs,
// emoji outside the BMP, entities, and many citations.
func longAnswer() bot.Answer {
	var para []string
	for i := 0; i < 12; i++ {
		para = append(para, strings.Repeat("Selon les archives 📰, le conseil & la mairie ont débattu <longuement> du budget [1]. ", 9))
	}
	a := bot.Answer{Text: strings.Join(para, "\n\n"), Found: true, Lang: "fr"}
	for n := 1; n <= 6; n++ {
		a.Citations = append(a.Citations, bot.Citation{
			N: n, Quote: strings.Repeat("Une phrase citée mot pour mot & vérifiée 🗞️. ", 8), Title: "Article", Date: month(2025, time.April),
			URL: "https://example.org/" + string(rune('a'+n)), Verified: true,
		})
	}
	return a
}

func TestLongAnswerSplitsIntoValidMessages(t *testing.T) {
	m := renderAnswer(longAnswer(), &textsFR)
	if n := len([]rune(m.text)); n < 10000 {
		t.Fatalf("fixture is %d characters, want >= 10000", n)
	}
	pieces := m.pieces()
	if len(pieces) < 3 {
		t.Fatalf("got %d pieces, want >= 3", len(pieces))
	}
	for i, p := range pieces {
		if n := utf16Len(p); n > MaxMessageUnits {
			t.Errorf("piece %d is %d UTF-16 units, want <= %d", i, n, MaxMessageUnits)
		}
		if err := checkHTML(p); err != nil {
			t.Errorf("piece %d is invalid HTML: %v", i, err)
		}
	}
	if got, want := normalizeSpace(plainText(strings.Join(pieces, " "))), normalizeSpace(plainText(m.text)); got != want {
		t.Errorf("split lost or changed text:\ngot  %q\nwant %q", got, want)
	}
	golden.Check(t, "answer_long_split.html", joinPieces(pieces))
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestSplitMessage(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		limit  int
		isHTML bool
		want   []string
	}{
		{"fits", "<b>short</b>", 100, true, []string{"<b>short</b>"}},
		{"paragraphs", "first paragraph\n\nsecond paragraph", 20, false, []string{"first paragraph", "second paragraph"}},
		{"prefers paragraph over sentence", "One. Two.\n\nThree four five six.", 24, false, []string{"One. Two.", "Three four five six."}},
		{"tags closed and reopened", "<blockquote>alpha beta gamma delta</blockquote>", 40, true,
			[]string{"<blockquote>alpha beta</blockquote>", "<blockquote>gamma delta</blockquote>"}},
		{"nested link reopened", `<b><a href="https://x.y">one two three four</a></b>`, 46, true,
			[]string{`<b><a href="https://x.y">one two three</a></b>`, `<b><a href="https://x.y">four</a></b>`}},
		{"entity never cut", "a &amp; b &amp; c &amp; d", 8, true, []string{"a &amp;", "b &amp;", "c &amp;", "d"}},
		{"entity at the limit", "ab&amp;cd", 6, true, []string{"ab", "&amp;c", "d"}},
		{"sentence boundary", "Alpha beta. Gamma delta epsilon.", 20, false, []string{"Alpha beta.", "Gamma delta epsilon."}},
		{"hard cut without spaces", "abcdefghij", 4, false, []string{"abcd", "efgh", "ij"}},
		{"astral runes count two", "😀😀😀😀", 4, false, []string{"😀😀", "😀😀"}},
		{"plain mode keeps ampersands", "a & b < c", 100, false, []string{"a & b < c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitMessage(tt.text, tt.limit, tt.isHTML)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("splitMessage(%q, %d) = %q, want %q", tt.text, tt.limit, got, tt.want)
			}
			for i, p := range got {
				if utf16Len(p) > tt.limit {
					t.Errorf("piece %d %q is %d units, over %d", i, p, utf16Len(p), tt.limit)
				}
				if tt.isHTML {
					if err := checkHTML(p); err != nil {
						t.Errorf("piece %d %q: %v", i, p, err)
					}
				}
			}
		})
	}
}

func TestUTF16Len(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0}, {"abc", 3}, {"été", 3}, {"😀", 2}, {"a😀b", 4}, {"🗞️", 3},
	}
	for _, tt := range tests {
		if got := utf16Len(tt.s); got != tt.want {
			t.Errorf("utf16Len(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	got := plainText(`<i>Note</i> &lt;b&gt; &amp; <a href="https://x?a=1&amp;b=2">lien</a> &quot;ok&quot;`)
	want := `Note <b> & lien "ok"`
	if got != want {
		t.Errorf("plainText = %q, want %q", got, want)
	}
}

func TestRenderExtractiveShowsEachQuoteOnce(t *testing.T) {
	ix, _ := buildSeedIndex(t, t.TempDir())
	core := bot.NewCore(ix, bot.Config{})
	ans, err := core.Ask(t.Context(), bot.Question{Text: "Quand Guérassimov a-t-il annoncé la fin de l’opération de Koursk ?"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != bot.ModeOffline || len(ans.Citations) < 2 {
		t.Fatalf("fixture: mode %s, %d citations; want an extractive answer with several quotes", ans.Mode, len(ans.Citations))
	}
	m := renderAnswer(ans, &textsFR)
	shown := plainText(m.text)
	for _, c := range ans.Citations {
		if n := strings.Count(shown, strings.TrimSpace(c.Quote)); n != 1 {
			t.Errorf("quote [%d] shown %d times, want 1:\n%s", c.N, n, m.text)
		}
	}
	if n := strings.Count(m.text, "<blockquote"); n != len(ans.Citations) {
		t.Errorf("%d blockquotes for %d quotes", n, len(ans.Citations))
	}
}

func TestRenderEdgeCases(t *testing.T) {
	passage := "Le maire a parlé. « Nous tiendrons parole », a-t-il dit. Il a ajouté : « Le budget sera voté en mai. » Fin."
	longQuote := strings.TrimSpace(strings.Repeat("Une longue phrase citée mot pour mot, sans fin apparente. ", 120))
	longURL := "https://example.org/" + strings.Repeat("segment/", 700)
	cite := func(n int, quote, text, url string) bot.Citation {
		return bot.Citation{N: n, Quote: quote, Title: "Le maire parle", Date: month(2025, time.April), URL: url,
			Verified: true, Passage: corpus.Chunk{Text: text}}
	}
	tests := []struct {
		name   string
		answer bot.Answer
		// want are the blockquote contents, in order.
		want []string
		// check inspects the rendered HTML.
		check func(t *testing.T, html string)
	}{
		{
			name: "quotes the model's text holds are not repeated under their source",
			answer: bot.Answer{Found: true, Mode: bot.ModeModel, Lang: "fr",
				Text:      "Le maire a promis : « Nous tiendrons parole » [1]. Il a précisé : « Le budget sera voté en mai. » [1]",
				Citations: []bot.Citation{cite(1, "Nous tiendrons parole", passage, "")}},
			want: []string{},
			check: func(t *testing.T, html string) {
				shown := plainText(html)
				for _, q := range []string{"Nous tiendrons parole", "Le budget sera voté en mai."} {
					if n := strings.Count(shown, q); n != 1 {
						t.Errorf("%q shown %d times, want once:\n%s", q, n, html)
					}
				}
				if n := strings.Count(html, "[1] — Le maire parle, avril 2025"); n != 1 {
					t.Errorf("source line shown %d times, want once:\n%s", n, html)
				}
			},
		},
		{
			name: "a quote the text does not hold is shown under its source",
			answer: bot.Answer{Found: true, Mode: bot.ModeModel, Lang: "fr",
				Text:      "Le maire a tenu à rassurer [1].",
				Citations: []bot.Citation{cite(1, "Nous tiendrons parole", passage, "")}},
			want: []string{"Nous tiendrons parole"},
		},
		{
			name: "one source line per article, its quotes under it",
			answer: bot.Answer{Found: true, Mode: bot.ModeOffline, Lang: "fr",
				Text: "ignored",
				Citations: []bot.Citation{
					{N: 1, Quote: "Nous tiendrons parole", DocID: "a1", Title: "Le maire parle", Date: month(2025, time.April), Verified: true},
					{N: 2, Quote: "Autre article", DocID: "a2", Title: "Autre", Date: month(2025, time.May), Verified: true},
					{N: 3, Quote: "Le budget sera voté en mai.", DocID: "a1", Title: "Le maire parle", Date: month(2025, time.April), Verified: true},
				}},
			want: []string{"Nous tiendrons parole", "Le budget sera voté en mai.", "Autre article"},
			check: func(t *testing.T, html string) {
				want := "[1, 3] — Le maire parle, avril 2025\n<blockquote>Nous tiendrons parole</blockquote>\n<blockquote>Le budget sera voté en mai.</blockquote>\n\n[2] — Autre, mai 2025\n<blockquote>Autre article</blockquote>"
				if html != want {
					t.Errorf("got\n%s\nwant\n%s", html, want)
				}
			},
		},
		{
			name: "a quote longer than a message is cut at a word",
			answer: bot.Answer{Found: true, Mode: bot.ModeModel, Lang: "fr", Text: "Il l’a dit [1].",
				Citations: []bot.Citation{cite(1, longQuote, longQuote, "https://example.org/a")}},
			check: func(t *testing.T, html string) {
				quote := blockquoteRe.FindStringSubmatch(html)[1]
				cut, found := strings.CutSuffix(quote, "…")
				if !found || !strings.HasPrefix(longQuote, cut) || strings.IndexAny(longQuote[len(cut):len(cut)+1], " ,.") != 0 {
					t.Errorf("quote not cut at a word with an ellipsis: …%q", quote[max(0, len(quote)-40):])
				}
				block := html[strings.Index(html, "[1] — "):]
				if n := utf16Len(block); n > MaxMessageUnits {
					t.Errorf("citation block is %d units, over one message", n)
				}
				if !strings.Contains(block, `<a href="https://example.org/a">`) {
					t.Error("source link lost")
				}
			},
		},
		{
			name: "a URL too long is dropped, the title stays",
			answer: bot.Answer{Found: true, Mode: bot.ModeModel, Lang: "fr", Text: "Il l’a dit [1].",
				Citations: []bot.Citation{cite(1, "Nous tiendrons parole", passage, longURL)}},
			want: []string{"Nous tiendrons parole"},
			check: func(t *testing.T, html string) {
				if strings.Contains(html, "<a ") || !strings.Contains(html, "[1] — Le maire parle, avril 2025") {
					t.Errorf("source line = %q", html[strings.Index(html, "[1] —"):])
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := renderAnswer(tt.answer, &textsFR)
			for i, p := range m.pieces() {
				if err := checkHTML(p); err != nil || utf16Len(p) > MaxMessageUnits {
					t.Errorf("piece %d: %d units, %v", i, utf16Len(p), err)
				}
			}
			if tt.want != nil {
				var got []string
				for _, q := range blockquoteRe.FindAllStringSubmatch(m.text, -1) {
					got = append(got, html.UnescapeString(q[1]))
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("blockquotes = %q, want %q", got, tt.want)
				}
			}
			if tt.check != nil {
				tt.check(t, m.text)
			}
		})
	}

	t.Run("the [n] button shows a cut quote whole", func(t *testing.T) {
		c := cite(1, longQuote, longQuote, "")
		p, ok := locatePassage(c, nil)
		if !ok {
			t.Fatal("passage not found")
		}
		pieces := renderPassage(c, p, &textsFR).pieces()
		if got := normalizeSpace(plainText(strings.Join(pieces, " "))); !strings.Contains(got, longQuote) {
			t.Error("the passage view lacks the full quote")
		}
	})
}

func TestLocatePassagePlacesTheQuoteByItsOffsets(t *testing.T) {
	// The quoted words occur twice: the answer quoted the second time.
	article := corpus.Article{ID: "a1", Text: "Il a dit « non » hier.\n\nLe lendemain, il a redit « non » au conseil."}
	second := strings.LastIndex(article.Text, "« non »")
	chunk := corpus.Chunk{ID: "a1#1", DocID: "a1", Index: 1, Start: 24, End: len(article.Text), Text: article.Text[24:]}
	quote := "« non »"
	saved := bot.Citation{N: 1, Quote: quote, DocID: "a1", ChunkID: "a1#1", QuoteStart: second, QuoteEnd: second + len(quote)}
	withChunk := saved
	withChunk.Passage = chunk
	edited := corpus.Article{ID: "a1", Text: "Il a dit « non ».\n\nAutre chose."}
	tests := []struct {
		name      string
		cite      bot.Citation
		article   *corpus.Article
		wantIndex int
		// wantBefore is the text before the bold quote.
		wantBefore string
	}{
		{"chunk carried by the answer", withChunk, &article, 1, "Le lendemain, il a redit "},
		{"chunk looked up after a restart, no article", withChunk, nil, 1, "Le lendemain, il a redit "},
		{"article window at the offsets", saved, &article, -1, "Le lendemain, il a redit "},
		{"turn saved without offsets: searched", bot.Citation{N: 1, Quote: quote, DocID: "a1"}, &article, -1, "Il a dit "},
		{"article edited since: searched", saved, &edited, -1, "Il a dit "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := locatePassage(tt.cite, tt.article)
			if !ok {
				t.Fatal("passage not found")
			}
			if p.Index != tt.wantIndex {
				t.Errorf("index = %d, want %d", p.Index, tt.wantIndex)
			}
			if got := p.Text[p.QuoteStart:p.QuoteEnd]; got != quote {
				t.Fatalf("bold text = %q, want %q", got, quote)
			}
			if got := p.Text[:p.QuoteStart]; !strings.HasSuffix(got, tt.wantBefore) {
				t.Errorf("text before the quote = %q, want it to end with %q", got, tt.wantBefore)
			}
		})
	}
}

func TestAgo(t *testing.T) {
	tests := []struct {
		d      time.Duration
		fr, en string
	}{
		{4 * time.Second, "à l’instant", "just now"},
		{64 * time.Second, "il y a 1 min", "1 min ago"},
		{59 * time.Minute, "il y a 59 min", "59 min ago"},
		{3*time.Hour + 20*time.Minute, "il y a 3 h", "3 h ago"},
		{50 * time.Hour, "il y a 2 jours", "2 days ago"},
	}
	for _, tt := range tests {
		if got := textsFR.ago(tt.d); got != tt.fr {
			t.Errorf("fr %v: got %q, want %q", tt.d, got, tt.fr)
		}
		if got := textsEN.ago(tt.d); got != tt.en {
			t.Errorf("en %v: got %q, want %q", tt.d, got, tt.en)
		}
	}
}

// TestCataloguesComplete checks that every language's catalogue fills
// every text, so that a new language file cannot leave one blank.
func TestCataloguesComplete(t *testing.T) {
	for _, c := range catalogues() {
		for _, v := range []reflect.Value{reflect.ValueOf(*c), reflect.ValueOf(*c.add)} {
			for i := 0; i < v.NumField(); i++ {
				f := v.Field(i)
				if f.Kind() == reflect.String && f.String() == "" {
					t.Errorf("%s: %s.%s is empty", c.lang, v.Type().Name(), v.Type().Field(i).Name)
				}
			}
		}
		for unit := range textsEN.units {
			forms := c.units[unit]
			if forms[0] == "" || forms[2] == "" || c.lang == "ru" && forms[1] == "" {
				t.Errorf("%s: unit %s has forms %q, want every form the language needs", c.lang, unit, forms)
			}
		}
		if got := textsFor(c.lang + "-XX"); got != c {
			t.Errorf("textsFor(%q) = %s, want %s", c.lang+"-XX", got.lang, c.lang)
		}
	}
	for _, code := range []string{"it", "pt-BR", "dea", ""} {
		if got := textsFor(code); got != &textsEN {
			t.Errorf("textsFor(%q) = %s, want the English default", code, got.lang)
		}
	}
}
