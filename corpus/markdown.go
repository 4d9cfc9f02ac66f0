package corpus

import (
	"html"
	"regexp"
	"strings"
	"unicode"
)

// parseMarkdown reads a Markdown article: YAML front matter between "---"
// lines or header lines as in .txt files, then the body reduced to plain
// text. A first "# Heading" is the title when none is given.
func parseMarkdown(text string) record {
	var r record
	body := strings.TrimLeftFunc(text, unicode.IsSpace)
	if fm, rest, ok := frontMatter(body); ok {
		r = fm
		body = rest
	} else {
		r, body = parseHeader(body)
	}
	plain, h1 := markdownText(body, r.title == "")
	if r.title == "" && h1 != "" {
		r.title = h1
	}
	r.text = strings.TrimSpace(plain)
	return r
}

// frontMatter reads YAML front matter ("---" lines around "key: value"
// lines) at the start of text.
func frontMatter(text string) (record, string, bool) {
	var r record
	first, rest, ok := strings.Cut(text, "\n")
	if !ok || strings.TrimSpace(first) != "---" {
		return r, text, false
	}
	for rest != "" {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		t := strings.TrimSpace(line)
		if t == "---" || t == "..." {
			return r, rest, true
		}
		key, value, ok := strings.Cut(t, ":")
		if !ok {
			continue
		}
		r.set(headerKeys[strings.ToLower(strings.TrimSpace(key))], unquote(strings.TrimSpace(value)))
	}
	// No closing line: not front matter after all.
	return record{}, text, false
}

var (
	mdImage      = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]`)
	mdLink       = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdRefLink    = regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`)
	mdAutolink   = regexp.MustCompile(`<((?:https?|mailto|ftp):[^>\s]+)>`)
	mdComment    = regexp.MustCompile(`(?s)<!--.*?-->`)
	mdTag        = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>`)
	mdStrong     = regexp.MustCompile(`\*\*([^*]+?)\*\*|__([^_]+?)__`)
	mdStrike     = regexp.MustCompile(`~~([^~]+?)~~`)
	mdEmStar     = regexp.MustCompile(`(^|[^\pL\pN*\\])\*([^*\s](?:[^*]*[^*\s])?)\*`)
	mdEmUnder    = regexp.MustCompile(`(^|[^\pL\pN_\\])_([^_\s](?:[^_]*[^_\s])?)_`)
	mdCode       = regexp.MustCompile("`+([^`]+)`+")
	mdHeading    = regexp.MustCompile(`^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$`)
	mdBareHash   = regexp.MustCompile(`^ {0,3}#{1,6}\s*$`)
	mdList       = regexp.MustCompile(`^\s*(?:[-*+•]|\d{1,9}[.)])\s+`)
	mdTask       = regexp.MustCompile(`^\[[ xX]\]\s+`)
	mdRule       = regexp.MustCompile(`^ {0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$`)
	mdSetext     = regexp.MustCompile(`^ {0,3}(?:=+|-+)\s*$`)
	mdRefDef     = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s*\S+`)
	mdTableRule  = regexp.MustCompile(`^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$`)
	mdBackslash  = regexp.MustCompile(`\\([\\` + "`" + `*_{}\[\]()#+\-.!|>~])`)
	mdBlockquote = regexp.MustCompile(`^\s*(?:>\s?)+`)
	mdSpaces     = regexp.MustCompile(`[ \t]{2,}`)
)

// markdownText reduces Markdown to plain text: headings without #, emphasis
// markers removed, links to their text, images dropped, code fences kept as
// plain text, list and blockquote markers removed, HTML tags stripped. It
// also returns the text of the first level-one heading when it comes before
// any other text; with wantTitle, that heading is then left out of the body.
func markdownText(md string, wantTitle bool) (string, string) {
	md = mdComment.ReplaceAllString(md, "")
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	h1 := ""
	seenText := false
	fence := ""
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				fence = ""
				continue
			}
			out = append(out, line)
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		line = mdBlockquote.ReplaceAllString(line, "")
		t = strings.TrimSpace(line)
		switch {
		case t == "":
			out = append(out, "")
			continue
		case mdRule.MatchString(line) && !(isSetextUnderline(line) && i > 0 && strings.TrimSpace(lines[i-1]) != ""):
			out = append(out, "")
			continue
		case mdSetext.MatchString(line) && i > 0 && strings.TrimSpace(lines[i-1]) != "":
			// The underline of a heading: the heading line stays, alone.
			out = append(out, "")
			continue
		case mdRefDef.MatchString(line), mdTableRule.MatchString(line) && strings.Contains(line, "-") && strings.Contains(line, "|"):
			continue
		case mdBareHash.MatchString(line):
			continue
		}
		if m := mdHeading.FindStringSubmatch(line); m != nil {
			text := inlineMarkdown(m[2])
			if len(m[1]) == 1 && !seenText && h1 == "" {
				h1 = strings.TrimSpace(text)
				seenText = true
				if wantTitle {
					continue
				}
			}
			seenText = true
			out = append(out, "", text, "")
			continue
		}
		line = mdList.ReplaceAllString(line, "")
		line = mdTask.ReplaceAllString(line, "")
		if strings.Count(line, "|") >= 2 {
			var cells []string
			for _, c := range strings.Split(line, "|") {
				if c = strings.TrimSpace(c); c != "" {
					cells = append(cells, c)
				}
			}
			line = strings.Join(cells, " ")
		}
		seenText = true
		out = append(out, strings.TrimSpace(mdSpaces.ReplaceAllString(inlineMarkdown(line), " ")))
	}
	return collapseBlankLines(strings.Join(out, "\n")), h1
}

// isSetextUnderline reports whether line is made of "=" or "-" only.
func isSetextUnderline(line string) bool {
	return mdSetext.MatchString(line)
}

// inlineMarkdown removes inline Markdown from one line.
func inlineMarkdown(s string) string {
	s = mdImage.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdRefLink.ReplaceAllString(s, "$1")
	s = mdAutolink.ReplaceAllString(s, "$1")
	s = mdCode.ReplaceAllString(s, "$1")
	s = mdTag.ReplaceAllString(s, "")
	for range 3 {
		s = mdStrong.ReplaceAllString(s, "$1$2")
	}
	s = mdStrike.ReplaceAllString(s, "$1")
	s = mdEmStar.ReplaceAllString(s, "$1$2")
	s = mdEmUnder.ReplaceAllString(s, "$1$2")
	s = mdBackslash.ReplaceAllString(s, "$1")
	return html.UnescapeString(s)
}

// collapseBlankLines keeps at most one blank line between paragraphs and
// trims the text.
func collapseBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := true
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			if !blank {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
