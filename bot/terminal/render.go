// Package terminal is the terminal adapter over the answer core: plain-text
// rendering of answers and an interactive chat loop.
package terminal

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"verbatim/analysis"
	"verbatim/bot"
	"verbatim/corpus"
)

// Render writes an answer as plain text: the notice, the answer, then its
// sources, each with the exact quote, title, date and link.
func Render(w io.Writer, ans bot.Answer) {
	if ans.Notice != "" {
		fmt.Fprintf(w, "(%s)\n", ans.Notice)
	}
	fmt.Fprintln(w, strings.TrimSpace(ans.Text))
	renderSources(w, ans)
}

// renderAfter writes what follows an answer's text already printed (as it
// streamed): its notice, then its sources.
func renderAfter(w io.Writer, ans bot.Answer) {
	if ans.Notice != "" {
		fmt.Fprintf(w, "(%s)\n", ans.Notice)
	}
	renderSources(w, ans)
}

// renderSources writes the sources of an answer, one line per article
// ("[1, 2] Title, date · link") with, under it, the quotes of that article
// the answer's text does not already show word for word (each quote is
// shown once), then a blank line.
func renderSources(w io.Writer, ans bot.Answer) {
	if len(ans.Citations) > 0 {
		fmt.Fprintf(w, "\n%s\n", say(ans.Lang, "sources"))
		for _, g := range bot.ByArticle(ans.Citations) {
			nums := make([]string, len(g))
			var quotes []string
			for i, c := range g {
				nums[i] = strconv.Itoa(c.N)
				if q := strings.TrimSpace(c.Quote); q != "" && !strings.Contains(ans.Text, q) && !slices.Contains(quotes, q) {
					quotes = append(quotes, q)
				}
			}
			c := g[0]
			fmt.Fprintf(w, "[%s] %s\n", strings.Join(nums, ", "), sourceLine(ans.Lang, c.Title, c.Date, c.URL))
			for _, q := range quotes {
				fmt.Fprintf(w, "    %s\n", quoted(ans.Lang, q))
			}
		}
	}
	fmt.Fprintln(w)
}

// RenderSources lists the articles an answer cites, each once with all
// its citation numbers, without the quotes.
func RenderSources(w io.Writer, ans bot.Answer) {
	if len(ans.Citations) == 0 {
		fmt.Fprintln(w, say(ans.Lang, "noSources"))
		return
	}
	// One line per article, with all its citation numbers: "[1, 3] Title".
	for _, g := range bot.ByArticle(ans.Citations) {
		nums := make([]string, len(g))
		for i, c := range g {
			nums[i] = strconv.Itoa(c.N)
		}
		c := g[0]
		fmt.Fprintf(w, "[%s] %s\n", strings.Join(nums, ", "), sourceLine(ans.Lang, c.Title, c.Date, c.URL))
	}
}

// sourceLine is "Title, date · link", the title without the characters
// that reorder text (a fetched title can hide what it says with them).
func sourceLine(lang, title string, d corpus.Date, url string) string {
	parts := []string{analysis.CleanTitle(title)}
	if s := d.Display(lang); s != "" {
		parts = append(parts, s)
	} else {
		parts = append(parts, say(lang, "undated"))
	}
	line := strings.Join(parts, ", ")
	if url != "" {
		line += " · " + url
	}
	return line
}

// quoted puts q, on one line, between the quotation marks of lang.
func quoted(lang, q string) string {
	return say(lang, "open") + strings.Join(strings.Fields(q), " ") + say(lang, "close")
}
