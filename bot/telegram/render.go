package telegram

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/prompts"
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

// renderAnswer writes an answer for Telegram. A found answer is HTML: the
// notice in italics, the escaped answer text with its [n] markers, then every
// verified quote as a blockquote followed by its source line. Each verified
// quotation of the text gets its blockquote, also when two cite the same
// [n]. An extractive answer's text is only its quotes under their source,
// so it is not shown: its blockquotes say it all, each quote once. A
// not-found answer is plain text without citations. A related answer (no
// direct answer, the closest passages) opens with that warning in bold,
// so that it never reads as an answer.
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
	extractive := related || a.Mode == bot.ModeOffline && len(verified(a)) > 0
	if body := strings.TrimSpace(a.Text); body != "" && !extractive {
		blocks = append(blocks, escape(body))
	}
	quotes := textQuotes(a)
	for _, c := range verified(a) {
		for _, q := range quotesOf(c, quotes) {
			blocks = append(blocks, citationBlock(c, q, lang))
		}
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

// textQuotes returns the quotations of a model answer's text with the
// citation numbers attributed to them.
func textQuotes(a bot.Answer) []prompts.Quote {
	if a.Mode == bot.ModeOffline {
		return nil
	}
	return prompts.ParseQuotes(a.Text)
}

// quotesOf lists the quotes shown for citation c: its own, then every other
// quotation of the text attributed to c.N and found verbatim in c's passage,
// each once (a quotation inside one already listed is not repeated).
func quotesOf(c bot.Citation, quotes []prompts.Quote) []string {
	out := []string{strings.TrimSpace(c.Quote)}
	for _, q := range quotes {
		text := strings.TrimSpace(q.Text)
		if text == "" || !citesNumber(q, c.N) || c.Passage.Text == "" || !strings.Contains(c.Passage.Text, text) {
			continue
		}
		overlaps := false
		for _, seen := range out {
			if strings.Contains(seen, text) || strings.Contains(text, seen) {
				overlaps = true
				break
			}
		}
		if !overlaps {
			out = append(out, text)
		}
	}
	return out
}

// citesNumber reports whether q is attributed to passage n.
func citesNumber(q prompts.Quote, n int) bool {
	for _, m := range q.Markers {
		if slices.Contains(m.Numbers, n) {
			return true
		}
	}
	return false
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

// citationBlock renders one quote of citation c and its source line. A
// quote too long to fit in one message with its source line is cut at a
// word and ends with "…"; the [n] button shows it whole.
func citationBlock(c bot.Citation, quote, lang string) string {
	source := "[" + strconv.Itoa(c.N) + "] — " + sourceLine(c.Title, c.URL, c.Date, lang)
	open := "<blockquote>"
	if utf8.RuneCountInString(quote) > expandableAbove || strings.Contains(quote, "\n") {
		open = "<blockquote expandable>"
	}
	budget := MaxMessageUnits - blockMargin - utf16Len(open+"</blockquote>\n"+source)
	if c.CutBefore {
		quote = "…" + quote // the quote begins inside a sentence
	}
	if c.CutAfter {
		quote += "…"
	}
	return open + escape(cutAtWord(quote, budget)) + "</blockquote>\n" + source
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
// article, as the terminal does ("paragraph 2 of 5").
func renderPassage(c bot.Citation, p passage, lang string, t *texts) message {
	var b strings.Builder
	b.WriteString("<b>[" + strconv.Itoa(c.N) + "]</b> " + sourceLine(c.Title, c.URL, c.Date, lang))
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
		title := escape(a.Title)
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
