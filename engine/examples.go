package engine

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"verbatim/corpus"
)

// Bounds of a title usable in an example question.
const (
	exampleMinWords = 2
	exampleMaxRunes = 90
)

// ExampleQuestions returns up to n example questions about the newest
// articles (articles are newest first), in lang ("fr", else English), for
// help and welcome texts: each asks about an article's title at the month
// it is dated, so that it is answered from the corpus actually loaded.
// Articles in lang are preferred; titles too short or too long are passed
// over.
func ExampleQuestions(articles []corpus.Article, lang string, n int) []string {
	var out []string
	seen := map[string]bool{}
	for _, sameLang := range []bool{true, false} {
		for _, a := range articles {
			if len(out) == n {
				return out
			}
			if (a.Lang == lang) != sameLang {
				continue
			}
			title := exampleTitle(a.Title)
			if title == "" || seen[strings.ToLower(title)] {
				continue
			}
			seen[strings.ToLower(title)] = true
			out = append(out, exampleQuestion(title, a.Date, lang))
		}
	}
	return out
}

// exampleTitle is title cleaned for a question, or "" when unfit.
func exampleTitle(title string) string {
	title = strings.Join(strings.Fields(title), " ")
	if cut, ok := strings.CutSuffix(title, "…"); ok {
		// A title derived from the first words, cut: keep it up to its
		// last comma, and without the short words left dangling ("de la").
		if i := strings.LastIndex(cut, ","); i > 0 {
			cut = cut[:i]
		}
		words := strings.Fields(cut)
		for len(words) > exampleMinWords && utf8.RuneCountInString(words[len(words)-1]) <= 3 && strings.ToLower(words[len(words)-1]) == words[len(words)-1] {
			words = words[:len(words)-1]
		}
		title = strings.Join(words, " ")
	}
	title = strings.TrimRight(title, " .,:;!?…")
	title = strings.Trim(title, "\"«»“”' ")
	if len(strings.Fields(title)) < exampleMinWords || utf8.RuneCountInString(title) > exampleMaxRunes {
		return ""
	}
	return title
}

// exampleQuestion asks about title at the month (or year) of d.
func exampleQuestion(title string, d corpus.Date, lang string) string {
	when := ""
	switch {
	case d.Precision >= corpus.PrecisionMonth:
		when = corpus.Date{Time: d.Time, Precision: corpus.PrecisionMonth}.Display(lang)
	case d.Precision == corpus.PrecisionYear:
		when = d.Display(lang)
	}
	if when == "" {
		return fmt.Sprintf(frameFor(lang).example, title)
	}
	return fmt.Sprintf(frameFor(lang).exampleWhen, title, when)
}
