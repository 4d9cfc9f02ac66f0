package engine

import (
	"fmt"
	"strings"
)

// Position says where the bytes [start, end) of an article's text sit in
// it, in paragraphs, for a reader: "paragraph 3 of 12", "paragraphs 3–4 of
// 12" ("paragraphe 3 sur 12" in French, lang "fr"); "" when the span is not
// in text. Every adapter shows a passage's place with it.
func Position(lang, text string, start, end int) string {
	if start < 0 || end <= start || end > len(text) {
		return ""
	}
	first, last, total := paragraphs(text, start, end)
	if total == 0 {
		return ""
	}
	if first == last {
		return fmt.Sprintf(frameFor(lang).paragraph, first, total)
	}
	return fmt.Sprintf(frameFor(lang).paragraphs, first, last, total)
}

// paragraphs returns the paragraphs (1-based) of text holding the bytes
// start and end-1, and how many paragraphs it has. Paragraphs are
// separated by blank lines, or by line breaks in a text that has no blank
// line.
func paragraphs(text string, start, end int) (first, last, total int) {
	nl := "\n"
	if strings.Contains(text, "\r\n") {
		nl = "\r\n"
	}
	sep := nl + nl
	if !strings.Contains(text, sep) {
		sep = nl
	}
	pos := 0
	for _, para := range strings.SplitAfter(text, sep) {
		if strings.TrimSpace(para) != "" {
			total++
			if first == 0 && start < pos+len(para) {
				first = total
			}
			if last == 0 && end-1 < pos+len(para) {
				last = total
			}
		}
		pos += len(para)
	}
	if first == 0 {
		first = total
	}
	if last < first {
		last = first
	}
	return first, last, total
}
