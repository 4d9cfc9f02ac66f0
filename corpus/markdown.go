package corpus

import (
	"html"
	"regexp"
	"strings"
	"sync"
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

// markdownRegexps are the expressions markdownText reads Markdown with.
type markdownRegexps struct {
	image      *regexp.Regexp
	link       *regexp.Regexp
	refLink    *regexp.Regexp
	autolink   *regexp.Regexp
	comment    *regexp.Regexp
	tag        *regexp.Regexp
	strong     *regexp.Regexp
	strike     *regexp.Regexp
	emStar     *regexp.Regexp
	emUnder    *regexp.Regexp
	code       *regexp.Regexp
	heading    *regexp.Regexp
	bareHash   *regexp.Regexp
	list       *regexp.Regexp
	task       *regexp.Regexp
	rule       *regexp.Regexp
	setext     *regexp.Regexp
	refDef     *regexp.Regexp
	tableRule  *regexp.Regexp
	backslash  *regexp.Regexp
	blockquote *regexp.Regexp
	spaces     *regexp.Regexp
}

// mdRegexps compiles the expressions on first use: compiling them in
// package init cost every command, "verbatim --help" included, about a
// millisecond.
var mdRegexps = sync.OnceValue(func() *markdownRegexps {
	return &markdownRegexps{
		image:      regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]`),
		link:       regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`),
		refLink:    regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`),
		autolink:   regexp.MustCompile(`<((?:https?|mailto|ftp):[^>\s]+)>`),
		comment:    regexp.MustCompile(`(?s)<!--.*?-->`),
		tag:        regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>`),
		strong:     regexp.MustCompile(`\*\*([^*]+?)\*\*|__([^_]+?)__`),
		strike:     regexp.MustCompile(`~~([^~]+?)~~`),
		emStar:     regexp.MustCompile(`(^|[^\pL\pN*\\])\*([^*\s](?:[^*]*[^*\s])?)\*`),
		emUnder:    regexp.MustCompile(`(^|[^\pL\pN_\\])_([^_\s](?:[^_]*[^_\s])?)_`),
		code:       regexp.MustCompile("`+([^`]+)`+"),
		heading:    regexp.MustCompile(`^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$`),
		bareHash:   regexp.MustCompile(`^ {0,3}#{1,6}\s*$`),
		list:       regexp.MustCompile(`^\s*(?:[-*+•]|\d{1,9}[.)])\s+`),
		task:       regexp.MustCompile(`^\[[ xX]\]\s+`),
		rule:       regexp.MustCompile(`^ {0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$`),
		setext:     regexp.MustCompile(`^ {0,3}(?:=+|-+)\s*$`),
		refDef:     regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s*\S+`),
		tableRule:  regexp.MustCompile(`^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$`),
		backslash:  regexp.MustCompile(`\\([\\` + "`" + `*_{}\[\]()#+\-.!|>~])`),
		blockquote: regexp.MustCompile(`^\s*(?:>\s?)+`),
		spaces:     regexp.MustCompile(`[ \t]{2,}`),
	}
})

// markdownText reduces Markdown to plain text: headings without #, emphasis
// markers removed, links to their text, images dropped, code fences kept as
// plain text, list and blockquote markers removed, HTML tags stripped. It
// also returns the text of the first level-one heading when it comes before
// any other text; with wantTitle, that heading is then left out of the body.
func markdownText(md string, wantTitle bool) (string, string) {
	re := mdRegexps()
	md = re.comment.ReplaceAllString(md, "")
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
		line = re.blockquote.ReplaceAllString(line, "")
		t = strings.TrimSpace(line)
		switch {
		case t == "":
			out = append(out, "")
			continue
		case re.rule.MatchString(line) && !(isSetextUnderline(line) && i > 0 && strings.TrimSpace(lines[i-1]) != ""):
			out = append(out, "")
			continue
		case re.setext.MatchString(line) && i > 0 && strings.TrimSpace(lines[i-1]) != "":
			// The underline of a heading: the heading line stays, alone.
			out = append(out, "")
			continue
		case re.refDef.MatchString(line), re.tableRule.MatchString(line) && strings.Contains(line, "-") && strings.Contains(line, "|"):
			continue
		case re.bareHash.MatchString(line):
			continue
		}
		if m := re.heading.FindStringSubmatch(line); m != nil {
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
		line = re.list.ReplaceAllString(line, "")
		line = re.task.ReplaceAllString(line, "")
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
		out = append(out, strings.TrimSpace(re.spaces.ReplaceAllString(inlineMarkdown(line), " ")))
	}
	return collapseBlankLines(strings.Join(out, "\n")), h1
}

// isSetextUnderline reports whether line is made of "=" or "-" only.
func isSetextUnderline(line string) bool {
	re := mdRegexps()
	return re.setext.MatchString(line)
}

// inlineMarkdown removes inline Markdown from one line.
func inlineMarkdown(s string) string {
	re := mdRegexps()
	s = re.image.ReplaceAllString(s, "")
	s = re.link.ReplaceAllString(s, "$1")
	s = re.refLink.ReplaceAllString(s, "$1")
	s = re.autolink.ReplaceAllString(s, "$1")
	s = re.code.ReplaceAllString(s, "$1")
	s = re.tag.ReplaceAllString(s, "")
	for range 3 {
		s = re.strong.ReplaceAllString(s, "$1$2")
	}
	s = re.strike.ReplaceAllString(s, "$1")
	s = re.emStar.ReplaceAllString(s, "$1$2")
	s = re.emUnder.ReplaceAllString(s, "$1$2")
	s = re.backslash.ReplaceAllString(s, "$1")
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
