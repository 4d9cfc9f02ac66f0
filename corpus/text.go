package corpus

import (
	"strings"
	"unicode"
)

// headerKeys maps the header keys of .txt and .md files, lower-cased, to the
// field they set.
var headerKeys = map[string]string{
	"date": "date", "published": "date", "published_at": "date",
	"title": "title", "titre": "title",
	"source": "source",
	"url":    "url", "lien": "url", "link": "url",
	"lang": "lang", "langue": "lang", "language": "lang",
	"id": "id",
}

// parseText reads a plain-text article: optional header lines, then the
// body kept as it is, trimmed.
func parseText(text string) record {
	r, body := parseHeader(text)
	r.text = strings.TrimSpace(body)
	return r
}

// parseHeader reads the header lines at the start of text and returns the
// record they describe and the rest of the text. A header line is
// "key: value" for the keys of headerKeys, or "date VALUE" without a colon.
// The date value is the longest run of words that is a date, and the body
// may follow it on the same line ("date 2025-04 « Nos amis… »").
func parseHeader(text string) (record, string) {
	var r record
	rest := strings.TrimLeftFunc(text, unicode.IsSpace)
	for rest != "" {
		line, after, _ := strings.Cut(rest, "\n")
		key, value, colon, ok := headerLine(line)
		if !ok {
			break
		}
		field := headerKeys[key]
		if field == "date" {
			d, n, ok := parseDatePrefix(value)
			if !ok {
				if !colon {
					break // "Date limite…" is body text
				}
				r.date = strings.TrimSpace(value) // reported, kept undated
				rest = strings.TrimLeftFunc(after, unicode.IsSpace)
				continue
			}
			r.parsed = &d
			r.date = strings.TrimSpace(value[:n])
			tail := strings.TrimLeftFunc(value[n:], unicode.IsSpace)
			if strings.TrimSpace(tail) != "" {
				// The body starts on the header line.
				return r, tail + "\n" + after
			}
			rest = strings.TrimLeftFunc(after, unicode.IsSpace)
			continue
		}
		r.set(field, unquote(strings.TrimSpace(value)))
		rest = strings.TrimLeftFunc(after, unicode.IsSpace)
	}
	return r, rest
}

// headerLine splits a candidate header line into its lower-case key and its
// value. Keys other than date need a colon.
func headerLine(line string) (key, value string, colon, ok bool) {
	i := 0
	for i < len(line) && (line[i] >= 'a' && line[i] <= 'z' || line[i] >= 'A' && line[i] <= 'Z' || line[i] == '_') {
		i++
	}
	key = strings.ToLower(line[:i])
	if _, known := headerKeys[key]; !known || i == len(line) {
		return "", "", false, false
	}
	rest := line[i:]
	trimmed := strings.TrimLeft(rest, " \t\u00a0")
	if strings.HasPrefix(trimmed, ":") {
		return key, trimmed[1:], true, true
	}
	if key == "date" && len(trimmed) < len(rest) {
		return key, trimmed, false, true
	}
	return "", "", false, false
}

// unquote removes one pair of matching single or double quotes around s.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		inner := s[1 : len(s)-1]
		if s[0] == '"' {
			inner = strings.ReplaceAll(inner, `\"`, `"`)
		} else {
			inner = strings.ReplaceAll(inner, `''`, `'`)
		}
		return inner
	}
	return s
}
