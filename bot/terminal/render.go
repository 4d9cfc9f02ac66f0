// Package terminal is the terminal adapter over the answer core: plain-text
// rendering of answers and an interactive chat loop.
package terminal

import (
	"fmt"
	"io"
	"strconv"
	"strings"

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

// renderSources writes the sources of an answer, each with the exact quote
// unless the answer shows it, title, date and link, then a blank line.
func renderSources(w io.Writer, ans bot.Answer) {
	if len(ans.Citations) > 0 {
		fmt.Fprintf(w, "\n%s\n", label(ans.Lang, "Sources :", "Sources:"))
		// Citations whose quote the answer already shows word for word are
		// listed once per article: "[1, 2] Title, date".
		shown := map[string]int{} // article -> index in lines
		var lines []string
		var nums [][]string
		for _, c := range ans.Citations {
			if c.Quote != "" && !strings.Contains(ans.Text, c.Quote) {
				lines = append(lines, quoted(ans.Lang, c.Quote)+"\n    — "+sourceLine(ans.Lang, c.Title, c.Date, c.URL))
				nums = append(nums, []string{strconv.Itoa(c.N)})
				continue
			}
			if i, ok := shown[c.DocID]; ok {
				nums[i] = append(nums[i], strconv.Itoa(c.N))
				continue
			}
			shown[c.DocID] = len(lines)
			lines = append(lines, sourceLine(ans.Lang, c.Title, c.Date, c.URL))
			nums = append(nums, []string{strconv.Itoa(c.N)})
		}
		for i, l := range lines {
			fmt.Fprintf(w, "[%s] %s\n", strings.Join(nums[i], ", "), l)
		}
	}
	fmt.Fprintln(w)
}

// RenderSources lists the articles an answer cites, each once with all
// its citation numbers, without the quotes.
func RenderSources(w io.Writer, ans bot.Answer) {
	if len(ans.Citations) == 0 {
		fmt.Fprintln(w, label(ans.Lang, "La dernière réponse n'a pas de source.", "The last answer has no sources."))
		return
	}
	// One line per article, with all its citation numbers: "[1, 3] Title".
	var order []string
	nums := map[string][]string{}
	first := map[string]bot.Citation{}
	for _, c := range ans.Citations {
		key := c.DocID
		if key == "" {
			key = c.Title + "\x00" + c.URL
		}
		if _, ok := first[key]; !ok {
			order = append(order, key)
			first[key] = c
		}
		nums[key] = append(nums[key], strconv.Itoa(c.N))
	}
	for _, key := range order {
		c := first[key]
		fmt.Fprintf(w, "[%s] %s\n", strings.Join(nums[key], ", "), sourceLine(ans.Lang, c.Title, c.Date, c.URL))
	}
}

func sourceLine(lang, title string, d corpus.Date, url string) string {
	parts := []string{title}
	if s := d.Display(lang); s != "" {
		parts = append(parts, s)
	} else {
		parts = append(parts, label(lang, "sans date", "undated"))
	}
	line := strings.Join(parts, ", ")
	if url != "" {
		line += " · " + url
	}
	return line
}

func quoted(lang, q string) string {
	q = strings.Join(strings.Fields(q), " ")
	if lang == "fr" {
		return "« " + q + " »"
	}
	return "“" + q + "”"
}

// label picks the French or the English text.
func label(lang, fr, en string) string {
	if lang == "fr" {
		return fr
	}
	return en
}
