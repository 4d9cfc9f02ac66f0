package telegram

import (
	"strings"

	"verbatim/bot"
)

// markTranslations escapes a model's answer text for Telegram HTML with
// its labelled translations of quotes in italics ("(translation: …)",
// "(traduction : …)" in lang, the answer's language): set apart from the
// quotes they follow, so that a reader never takes them for the source's
// words.
func markTranslations(body, lang string) string {
	open := "(" + bot.Translation(lang)
	var b strings.Builder
	for {
		i := strings.Index(body, open)
		if i < 0 {
			break
		}
		after := body[i+len(open):]
		if !strings.HasPrefix(strings.TrimLeft(after, " \u00a0"), ":") {
			b.WriteString(escape(body[:i+len(open)]))
			body = after
			continue
		}
		end := closingParen(body[i:])
		if end < 0 {
			break
		}
		b.WriteString(escape(body[:i]) + "<i>" + escape(body[i:i+end]) + "</i>")
		body = body[i+end:]
	}
	b.WriteString(escape(body))
	return b.String()
}

// closingParen returns the end (past the ")") of the parenthesis s opens,
// -1 when it is not closed.
func closingParen(s string) int {
	depth := 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}
