package terminal

import (
	"fmt"
	"io"
	"strings"

	"verbatim/analysis"
	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/quotes"
)

// RenderQuotes writes what a person said (verbatim quotes) for readers of
// lang: a heading with the count, then each quotation with its speaker,
// article, date and link; topic, when not blank, is the one the
// quotations were narrowed to.
func RenderQuotes(w io.Writer, lang string, s quotes.Spoken, topic string) {
	if len(s.Quotes) == 0 {
		if strings.TrimSpace(topic) != "" {
			fmt.Fprintf(w, say(lang, "noQuotesTopic")+"\n", s.Speaker, quoted(lang, topic))
		} else {
			fmt.Fprintf(w, say(lang, "noQuotes")+"\n", s.Speaker)
		}
		return
	}
	fmt.Fprintf(w, say(lang, "quotesHead")+"\n", s.Speaker, count(lang, "quotations", len(s.Quotes)))
	for _, q := range s.Quotes {
		fmt.Fprintf(w, "\n%s\n  — %s\n", quoted(lang, q.Quote), attribution(lang, []string{q.Speaker, analysis.CleanTitle(q.Title)}, q.When, q.URL))
	}
}

// RenderTimeline writes a timeline (verbatim timeline) for readers of
// lang: the topic with the count and the span of dates, then one entry
// per article in date order, its date, title and the sentence quoted.
func RenderTimeline(w io.Writer, lang string, c quotes.Chronicle) {
	if len(c.Entries) == 0 {
		fmt.Fprintf(w, say(lang, "noTimeline")+"\n", quoted(lang, c.Topic))
		return
	}
	fmt.Fprintf(w, say(lang, "timelineHead")+"\n", c.Topic, count(lang, "articles", len(c.Entries)), c.Span(lang))
	for _, e := range c.Entries {
		fmt.Fprintf(w, "\n%s — %s\n  %s", displayDate(lang, e.When), analysis.CleanTitle(e.Title), quoted(lang, e.Quote))
		if e.URL != "" {
			fmt.Fprintf(w, " <%s>", e.URL)
		}
		fmt.Fprintln(w)
	}
}

// RenderCheck writes the verdict on a checked text (verbatim check) for
// readers of lang: exact, altered with the kinds of change in words, or
// not found; then each source with its exact words and, when altered, the
// changes ([-source's words-]{+text's words+}).
func RenderCheck(w io.Writer, lang, text string, c quotes.Checked) {
	switch {
	case c.Verdict == quotes.NotFound || len(c.Matches) == 0:
		fmt.Fprintf(w, say(lang, "notFound")+"\n", quoted(lang, text))
		return
	case c.Verdict == quotes.Exact:
		fmt.Fprintln(w, say(lang, "exact"))
	default:
		kinds := ""
		if ks := c.Matches[0].Kinds; len(ks) > 0 {
			words := make([]string, len(ks))
			for i, k := range ks {
				words[i] = kindWords(lang, k)
			}
			kinds = " (" + strings.Join(words, ", ") + ")"
		}
		fmt.Fprintf(w, say(lang, "altered")+"\n", kinds)
	}
	for _, m := range c.Matches {
		// Match.Date is the article's date at its precision ("2012-08",
		// "2012-08-27"), which ParseDate reads back with that precision.
		d, err := corpus.ParseDate(m.Date)
		if err != nil {
			d = corpus.Date{}
		}
		fmt.Fprintf(w, "  %s\n  — %s\n", quoted(lang, m.Quote), attribution(lang, []string{analysis.CleanTitle(m.Title), m.Speaker}, d, m.URL))
		for _, ch := range m.Changes {
			switch ch.Op {
			case "delete":
				fmt.Fprintf(w, "    [-%s-]\n", ch.Source)
			case "insert":
				fmt.Fprintf(w, "    {+%s+}\n", ch.Text)
			default:
				fmt.Fprintf(w, "    [-%s-]{+%s+}\n", ch.Source, ch.Text)
			}
		}
	}
}

// attribution is "part, part, date <link>": the parts that are not
// blank, the date in lang at its precision ("undated" when unknown).
func attribution(lang string, parts []string, d corpus.Date, url string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	out = append(out, displayDate(lang, d))
	line := strings.Join(out, ", ")
	if url != "" {
		line += " <" + url + ">"
	}
	return line
}

// displayDate is d written for readers of lang, as ask writes dates, or
// the word for undated.
func displayDate(lang string, d corpus.Date) string {
	if s := d.Display(lang); s != "" {
		return s
	}
	return say(lang, "undated")
}

// kindWords names a kind of change of check (quotes.KindNumber, ...) in
// lang; a kind without words is shown as it is.
func kindWords(lang, kind string) string {
	if s := say(lang, "kind."+kind); s != "" {
		return s
	}
	return kind
}

// count writes n with the noun of key in the plural form lang takes for
// it: key's texts are "one|few|many" (Russian) or "one|many".
func count(lang, key string, n int) string {
	forms := strings.Split(say(lang, key), "|")
	i := min(bot.PluralForm(lang, n), len(forms)-1)
	return fmt.Sprintf(forms[i], n)
}
