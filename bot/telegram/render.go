package telegram

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"verbatim/analysis"
	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/retrieval"
)

// expandableAbove is the quote length (in runes) above which a citation
// is shown as an expandable blockquote.
const expandableAbove = 300

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
)

// escape makes text safe inside Telegram HTML.
func escape(s string) string { return textEscaper.Replace(s) }

// message is the text of one reply before splitting: HTML or plain.
type message struct {
	text   string
	isHTML bool
}

// pieces splits the message into Telegram-sized parts.
func (m message) pieces() []string { return splitMessage(m.text, MaxMessageUnits, m.isHTML) }

// renderAnswer writes an answer for Telegram, readable on a phone. A found
// answer is HTML: the notice in italics, the escaped answer text with its
// [n] markers (a model's; an extractive answer's text is only its quotes,
// so it is not shown), then one source line per article (its numbers,
// title, date, link) with its quotes under it as blockquotes. Each quote
// is shown once: one the answer text already holds is not repeated under
// its source. A not-found answer is plain text without citations. A
// related answer (no direct answer, the closest passages) opens with that
// warning in bold and shows only its quotes, so that it never reads as an
// answer.
func renderAnswer(a bot.Answer, t *texts) message {
	lang := a.Lang
	if lang == "" {
		lang = t.lang
	}
	related := a.Verdict == bot.VerdictRelated && len(verified(a)) > 0
	if !a.Found && !related {
		var b strings.Builder
		if a.Notice != "" {
			b.WriteString(a.Notice + "\n\n")
		}
		b.WriteString(strings.TrimSpace(a.Text))
		return message{text: b.String()}
	}
	var blocks []string
	if related {
		blocks = append(blocks, "⚠️ <b>"+escape(bot.RelatedLine(lang))+"</b>")
	}
	if a.Notice != "" {
		blocks = append(blocks, "<i>"+escape(a.Notice)+"</i>")
	}
	cites := verified(a)
	body := strings.TrimSpace(a.Text)
	if related || a.Mode == bot.ModeOffline && len(cites) > 0 {
		// An extractive answer's text is only its quotes: they are shown
		// under their sources.
		body = ""
	}
	if body != "" {
		blocks = append(blocks, markTranslations(body, lang))
	}
	for _, g := range bot.ByArticle(cites) {
		var quotes []string
		for _, c := range g {
			q := strings.TrimSpace(c.Quote)
			if strings.Contains(body, q) {
				continue
			}
			if c.CutBefore {
				q = "…" + q // the quote begins inside a sentence
			}
			if c.CutAfter {
				q += "…"
			}
			if !slices.Contains(quotes, q) {
				quotes = append(quotes, q)
			}
		}
		blocks = append(blocks, articleBlock(g, quotes, lang))
	}
	return message{text: strings.Join(blocks, "\n\n"), isHTML: true}
}

// verified returns the citations that may be shown as quotes.
func verified(a bot.Answer) []bot.Citation {
	var out []bot.Citation
	for _, c := range a.Citations {
		if c.Verified && strings.TrimSpace(c.Quote) != "" {
			out = append(out, c)
		}
	}
	return out
}

// Rendering budgets, in UTF-16 units.
const (
	// maxURLUnits is the longest link kept in a source line; a longer one
	// is dropped (the title stays) rather than split or sent in a message
	// of its own.
	maxURLUnits = 1024
	// blockMargin is kept free in a message beside a citation block for
	// the blank lines and markers around it.
	blockMargin = 64
)

// articleBlock renders the source line of one article's citations
// ("[1, 2] — Title, date") and the quotes to show under it. A quote too
// long to fit in one message with the source line is cut at a word and
// ends with "…"; the [n] button shows it whole.
func articleBlock(cites []bot.Citation, quotes []string, lang string) string {
	nums := make([]string, len(cites))
	for i, c := range cites {
		nums[i] = strconv.Itoa(c.N)
	}
	c := cites[0]
	source := "[" + strings.Join(nums, ", ") + "] — " + sourceLine(c.Title, c.URL, c.Date, lang)
	var b strings.Builder
	b.WriteString(source)
	for _, q := range quotes {
		open := "<blockquote>"
		if utf8.RuneCountInString(q) > expandableAbove || strings.Contains(q, "\n") {
			open = "<blockquote expandable>"
		}
		budget := MaxMessageUnits - blockMargin - utf16Len(open+"</blockquote>\n"+source)
		b.WriteString("\n" + open + escape(cutAtWord(q, budget)) + "</blockquote>")
	}
	return b.String()
}

// buttonLabel is the text of the button that opens citation c's passage:
// its number, date and the start of its title ("[1] 26 avril 2025 ·
// Koursk…"), so that a reader on a phone knows what it opens.
func buttonLabel(c bot.Citation, lang string) string {
	label := "[" + strconv.Itoa(c.N) + "]"
	if d := c.Date.Display(lang); d != "" {
		label += " " + d
	}
	if title := analysis.CleanTitle(c.Title); title != "" {
		sep := " "
		if c.Date.Display(lang) != "" {
			sep = " · "
		}
		label += sep + clipRunes(title, maxButtonRunes-utf8.RuneCountInString(label)-utf8.RuneCountInString(sep))
	}
	return label
}

// maxButtonRunes keeps a button's label on one line of a phone's screen.
const maxButtonRunes = 40

// clipRunes shortens s to at most n runes (at least 8), cut at a word
// when one ends after its first third, with "…".
func clipRunes(s string, n int) string {
	n = max(n, 8)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/3 {
		cut = cut[:i]
	}
	return strings.TrimRightFunc(cut, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}

// cutAtWord shortens s so that its escaped form takes at most limit UTF-16
// units, cutting after the last whole word that fits and adding "…".
func cutAtWord(s string, limit int) string {
	if utf16Len(escape(s)) <= limit {
		return s
	}
	limit -= utf16Len("…")
	n, lastSpace, end := 0, -1, 0
	for i, r := range s {
		w := utf16Len(escape(string(r)))
		if n+w > limit {
			break
		}
		n += w
		end = i + utf8.RuneLen(r)
		if unicode.IsSpace(r) {
			lastSpace = i
		}
	}
	if lastSpace > 0 {
		end = lastSpace
	}
	return strings.TrimRightFunc(s[:end], func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) && r != ')' && r != '»' && r != '"'
	}) + "…"
}

// sourceLine is "Title, date" with the title linking to url when there is
// one.
func sourceLine(title, url string, date corpus.Date, lang string) string {
	title = analysis.CleanTitle(title)
	if title == "" {
		title = "—"
	}
	s := escape(title)
	if link := safeURL(url); link != "" {
		s = `<a href="` + attrEscaper.Replace(link) + `">` + s + "</a>"
	}
	if d := date.Display(lang); d != "" {
		s += ", " + escape(d)
	}
	return s
}

// safeURL returns url if it is an http(s) link Telegram will accept and
// short enough to stay whole in a message (see maxURLUnits).
func safeURL(url string) string {
	u := strings.TrimSpace(url)
	if utf16Len(attrEscaper.Replace(u)) > maxURLUnits {
		return ""
	}
	if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		return u
	}
	return ""
}

// renderSources lists the citations of an answer: number, title, date, link.
func renderSources(a bot.Answer, t *texts) message {
	lang := a.Lang
	if lang == "" {
		lang = t.lang
	}
	var b strings.Builder
	b.WriteString("<b>" + escape(t.sourcesTitle) + "</b>")
	for _, c := range a.Citations {
		b.WriteString("\n[" + strconv.Itoa(c.N) + "] " + sourceLine(c.Title, c.URL, c.Date, lang))
	}
	return message{text: b.String(), isHTML: true}
}

// passage is a citation's full passage and where it sits in its article.
type passage struct {
	Text string
	// Index is the zero-based chunk index, -1 when unknown.
	Index int
	// Article is the text of the cited article, "" when unknown; Start and
	// End are the byte offsets of Text in it, -1 when unknown.
	Article    string
	Start, End int
	// QuoteStart and QuoteEnd are byte offsets of the quote in Text
	// (equal when the quote is not in it).
	QuoteStart, QuoteEnd int
}

// locatePassage finds citation c's passage: the retrieved chunk (still
// carried by the answer, or looked up by id after a restart), else a
// window of the article around the quote. The quote is placed by its
// saved offsets when they still hold; it is searched for only in turns
// saved without them. article is the cited article when known.
func locatePassage(c bot.Citation, article *corpus.Article) (passage, bool) {
	p := passage{Index: -1}
	inArticle := article != nil && quoteAt(article.Text, 0, c)
	inChunk := quoteAt(c.Passage.Text, c.Passage.Start, c)
	switch {
	case c.Passage.Text != "" && (inChunk || !inArticle):
		p.Text = c.Passage.Text
		p.Index = c.Passage.Index
		if article != nil && validSpan(article.Text, c.Passage.Start, c.Passage.End) && article.Text[c.Passage.Start:c.Passage.End] == p.Text {
			p.Article, p.Start, p.End = article.Text, c.Passage.Start, c.Passage.End
		} else {
			p.Start, p.End = -1, -1
		}
		if inChunk {
			p.QuoteStart, p.QuoteEnd = c.QuoteStart-c.Passage.Start, c.QuoteEnd-c.Passage.Start
			return p, true
		}
	case article != nil:
		at, end := c.QuoteStart, c.QuoteEnd
		if !inArticle {
			// A turn saved before quotes kept their offsets.
			at = strings.Index(article.Text, c.Quote)
			if at < 0 || c.Quote == "" {
				return passage{}, false
			}
			end = at + len(c.Quote)
		}
		start, stop := contextWindow(article.Text, at, end, 600)
		p.Text = article.Text[start:stop]
		p.Article, p.Start, p.End = article.Text, start, stop
		p.QuoteStart, p.QuoteEnd = at-start, end-start
		return p, true
	default:
		return passage{}, false
	}
	if i := strings.Index(p.Text, c.Quote); i >= 0 && c.Quote != "" {
		p.QuoteStart, p.QuoteEnd = i, i+len(c.Quote)
	}
	return p, true
}

// quoteAt reports whether c's quote lies at its saved offsets in text,
// which starts at byte offset base of the article.
func quoteAt(text string, base int, c bot.Citation) bool {
	s, e := c.QuoteStart-base, c.QuoteEnd-base
	return c.Quote != "" && e > s && validSpan(text, s, e) && text[s:e] == c.Quote
}

// validSpan reports whether text[start:end] is a valid slice.
func validSpan(text string, start, end int) bool {
	return start >= 0 && start <= end && end <= len(text)
}

// contextWindow widens [start,end) by about margin bytes on each side,
// stopping at paragraph breaks and snapping to rune and word boundaries.
func contextWindow(text string, start, end, margin int) (int, int) {
	lo := max(0, start-margin)
	if i := strings.LastIndex(text[lo:start], "\n\n"); i >= 0 {
		lo += i + 2
	} else if lo > 0 {
		if i := strings.IndexAny(text[lo:start], " \n"); i >= 0 {
			lo += i + 1
		}
	}
	hi := min(len(text), end+margin)
	if i := strings.Index(text[end:hi], "\n\n"); i >= 0 {
		hi = end + i
	} else if hi < len(text) {
		if i := strings.LastIndexAny(text[end:hi], " \n"); i >= 0 {
			hi = end + i
		}
	}
	for lo > 0 && !utf8.RuneStart(text[lo]) {
		lo--
	}
	for hi < len(text) && !utf8.RuneStart(text[hi]) {
		hi++
	}
	return lo, hi
}

// renderPassage shows citation c's full passage with the quote in bold,
// under a header giving the source and the passage's position in its
// article, as the terminal does ("paragraph 2 of 5"), both in the reader's
// language t.
func renderPassage(c bot.Citation, p passage, t *texts) message {
	var b strings.Builder
	// The date in the reader's language, as the position line under it.
	b.WriteString("<b>[" + strconv.Itoa(c.N) + "]</b> " + sourceLine(c.Title, c.URL, c.Date, t.lang))
	if where := bot.Position(t.lang, p.Article, p.Start, p.End); where != "" {
		b.WriteString("\n<i>" + escape(where) + "</i>")
	}
	b.WriteString("\n\n")
	if p.QuoteEnd > p.QuoteStart {
		b.WriteString(escape(p.Text[:p.QuoteStart]))
		b.WriteString("<b>" + escape(p.Text[p.QuoteStart:p.QuoteEnd]) + "</b>")
		b.WriteString(escape(p.Text[p.QuoteEnd:]))
	} else {
		b.WriteString(escape(p.Text))
	}
	return message{text: strings.TrimSpace(b.String()), isHTML: true}
}

// renderSearch lists search results: title, date and an excerpt of the
// passage around the first search term it holds.
func renderSearch(results []retrieval.Result, terms string, t *texts) message {
	if len(results) == 0 {
		return message{text: t.searchNone}
	}
	blocks := make([]string, 0, len(results))
	for i, r := range results {
		ch := r.Chunk
		quote := excerptAround(strings.TrimSpace(ch.Text), terms, 600)
		open := "<blockquote>"
		if utf8.RuneCountInString(quote) > expandableAbove {
			open = "<blockquote expandable>"
		}
		blocks = append(blocks, "<b>"+strconv.Itoa(i+1)+".</b> "+sourceLine(ch.Title, ch.URL, ch.Date, t.lang)+
			"\n"+open+escape(quote)+"</blockquote>")
	}
	return message{text: strings.Join(blocks, "\n\n"), isHTML: true}
}

// excerptAround cuts text to about n runes, centred on the first word of
// terms (3 letters or more, any case) it contains, at word boundaries, with
// ellipses where it was cut.
func excerptAround(text, terms string, n int) string {
	rs := []rune(text)
	if len(rs) <= n {
		return text
	}
	lower := []rune(strings.ToLower(text))
	if len(lower) != len(rs) {
		lower = rs // a rune changed length when lowered: no centring
	}
	at := -1
	for _, term := range strings.Fields(strings.ToLower(terms)) {
		tr := []rune(term)
		if len(tr) < 3 {
			continue
		}
		if i := indexRunes(lower, tr); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	start := 0
	if at > n/3 {
		start = at - n/3
	}
	end := min(len(rs), start+n)
	start = max(0, min(start, end-n))
	for start > 0 && start < end && !unicode.IsSpace(rs[start-1]) {
		start++
	}
	for end < len(rs) && end > start && !unicode.IsSpace(rs[end]) {
		end--
	}
	out := strings.TrimSpace(string(rs[start:end]))
	if start > 0 {
		out = "… " + out
	}
	if end < len(rs) {
		out += " …"
	}
	return out
}

// indexRunes is strings.Index over rune slices.
func indexRunes(s, sub []rune) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		match := true
		for j := range sub {
			if s[i+j] != sub[j] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

// renderLatest lists articles newest first: date, linked title.
func renderLatest(articles []corpus.Article, t *texts) message {
	if len(articles) == 0 {
		return message{text: t.latestNone}
	}
	var b strings.Builder
	b.WriteString("<b>" + escape(t.latestTitle) + "</b>")
	for _, a := range articles {
		title := escape(analysis.CleanTitle(a.Title))
		if title == "" {
			title = escape(a.ID)
		}
		if link := safeURL(a.URL); link != "" {
			title = `<a href="` + attrEscaper.Replace(link) + `">` + title + "</a>"
		}
		b.WriteString("\n")
		if d := a.Date.Display(t.lang); d != "" {
			b.WriteString(escape(d) + " — ")
		}
		b.WriteString(title)
	}
	return message{text: b.String(), isHTML: true}
}

// renderHelp writes /start and /help: what the library holds and how to
// ask, and for an administrator the admin commands named in admin.
func renderHelp(info retrieval.Info, examples []string, t *texts, admin ...string) message {
	var b strings.Builder
	if info.Articles == 0 {
		b.WriteString(escape(t.helpEmpty))
	} else {
		b.WriteString(escape(fmt.Sprintf(t.helpIntro, t.newsArticles(info.Articles))))
		if !info.Oldest.IsZero() && !info.Newest.IsZero() {
			b.WriteString(" " + escape(t.span(info.Oldest.Display(t.lang), info.Newest.Display(t.lang))))
		}
		if len(info.Langs) > 0 {
			names := make([]string, len(info.Langs))
			for i, l := range info.Langs {
				names[i] = t.langName(l)
			}
			b.WriteString(" " + escape(fmt.Sprintf(t.helpLangs, strings.Join(names, ", "))))
		}
	}
	b.WriteString("\n\n" + escape(t.helpHowTo))
	if len(examples) > 0 {
		b.WriteString("\n\n<i>" + escape(t.helpExamples))
		for _, e := range examples {
			b.WriteString("\n• " + escape(e))
		}
		b.WriteString("</i>")
	}
	if lines := adminLines(t, admin); len(lines) > 0 {
		b.WriteString("\n\n<b>" + escape(t.helpAdmin) + "</b>")
		for _, l := range lines {
			b.WriteString("\n" + escape(l))
		}
	}
	return message{text: b.String(), isHTML: true}
}

// adminLines returns the /help lines of the admin commands named in admin.
func adminLines(t *texts, admin []string) []string {
	var out []string
	for _, c := range t.adminCommands {
		if slices.Contains(admin, c[0]) {
			out = append(out, c[2])
		}
	}
	return out
}
