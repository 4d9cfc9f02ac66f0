package corpus

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// droppedElements hold no article text.
var droppedElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Menu: true, atom.Svg: true,
	atom.Iframe: true, atom.Template: true, atom.Button: true, atom.Head: true, atom.Select: true,
	atom.Object: true, atom.Canvas: true, atom.Dialog: true, atom.Math: true,
}

// blockElements start and end a paragraph.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true,
	atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Section: true, atom.Article: true,
	atom.Main: true, atom.Figure: true, atom.Figcaption: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Hr: true, atom.Address: true, atom.Details: true, atom.Summary: true,
	atom.Body: true, atom.Caption: true, atom.Fieldset: true, atom.Center: true, atom.Hgroup: true,
	atom.Thead: true, atom.Tbody: true, atom.Tfoot: true,
}

// parseHTML reads an HTML article: the text of its main content and its
// metadata (title, date, canonical URL, language).
func parseHTML(text string) record {
	var r record
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		// html.Parse only fails on reader errors; keep the text as is.
		r.text = text
		return r
	}
	var titleTag, ogTitle, h1, ogURL, canonical, published, timeTag, lang string
	var articles []*html.Node
	var mainEl, roleMain, body *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				lang = attr(n, "lang")
			case atom.Title:
				if titleTag == "" {
					titleTag = nodeText(n)
				}
			case atom.Meta:
				prop := strings.ToLower(attr(n, "property"))
				name := strings.ToLower(attr(n, "name"))
				content := attr(n, "content")
				switch {
				case prop == "og:title" && ogTitle == "":
					ogTitle = content
				case prop == "og:url" && ogURL == "":
					ogURL = content
				case (prop == "article:published_time" || name == "date" || name == "pubdate" ||
					name == "publish-date" || name == "publication_date" || name == "dc.date" ||
					name == "dcterms.date" || name == "article:published_time" ||
					attr(n, "itemprop") == "datePublished") && published == "":
					published = content
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && canonical == "" {
					canonical = attr(n, "href")
				}
			case atom.Time:
				if dt := attr(n, "datetime"); dt != "" {
					if attr(n, "itemprop") == "datePublished" && published == "" {
						published = dt
					} else if timeTag == "" {
						timeTag = dt
					}
				}
			case atom.H1:
				if h1 == "" {
					h1 = nodeText(n)
				}
			case atom.Article:
				articles = append(articles, n)
			case atom.Main:
				if mainEl == nil {
					mainEl = n
				}
			case atom.Body:
				body = n
			}
			if roleMain == nil && strings.EqualFold(attr(n, "role"), "main") {
				roleMain = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)

	root := body
	switch {
	case len(articles) > 0:
		// Pages list teasers in <article> too: take the longest.
		best := -1
		for _, a := range articles {
			if l := len(extractText(a)); l > best {
				root, best = a, l
			}
		}
	case mainEl != nil:
		root = mainEl
	case roleMain != nil:
		root = roleMain
	}
	if root == nil {
		root = doc
	}
	r.text = extractText(root)
	r.title = firstNonEmpty(ogTitle, titleTag, h1)
	r.date = firstNonEmpty(published, timeTag)
	r.url = strings.TrimSpace(firstNonEmpty(canonical, ogURL))
	r.lang = lang
	return r
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// hasAttr reports whether n has the attribute key, with any value.
func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return true
		}
	}
	return false
}

// nodeText is the collapsed text of n and its descendants.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// textBuilder collects paragraphs: white space collapses inside a paragraph,
// <br> is a line break, and paragraphs are separated by a blank line.
type textBuilder struct {
	paras []string
	cur   strings.Builder
}

func (t *textBuilder) text(s string) { t.cur.WriteString(s) }

func (t *textBuilder) lineBreak() { t.cur.WriteString("\x00") }

func (t *textBuilder) flush() {
	raw := t.cur.String()
	t.cur.Reset()
	var lines []string
	for _, l := range strings.Split(raw, "\x00") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > 0 {
		t.paras = append(t.paras, strings.Join(lines, "\n"))
	}
}

// flushPre ends a preformatted paragraph, keeping its lines.
func (t *textBuilder) flushPre() {
	raw := strings.Trim(strings.ReplaceAll(t.cur.String(), "\x00", "\n"), "\n")
	t.cur.Reset()
	if strings.TrimSpace(raw) != "" {
		t.paras = append(t.paras, raw)
	}
}

// extractText returns the readable text under n.
func extractText(n *html.Node) string {
	var t textBuilder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			t.text(n.Data)
			return
		case html.CommentNode, html.DoctypeNode:
			return
		case html.ElementNode:
			if droppedElements[n.DataAtom] || hasAttr(n, "hidden") || attr(n, "aria-hidden") == "true" {
				return
			}
			switch n.DataAtom {
			case atom.Br:
				t.lineBreak()
				return
			case atom.Img:
				return
			case atom.Td, atom.Th:
				t.text(" ")
			case atom.Pre:
				t.flush()
				var inner textBuilder
				var collect func(*html.Node)
				collect = func(c *html.Node) {
					if c.Type == html.TextNode {
						inner.text(c.Data)
					}
					for k := c.FirstChild; k != nil; k = k.NextSibling {
						collect(k)
					}
				}
				collect(n)
				inner.flushPre()
				t.paras = append(t.paras, inner.paras...)
				return
			}
		}
		block := n.Type == html.ElementNode && blockElements[n.DataAtom]
		if block {
			t.flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			t.flush()
		}
	}
	walk(n)
	t.flush()
	return strings.Join(t.paras, "\n\n")
}

// firstNonEmpty returns the first of ss that is not blank, trimmed and
// collapsed.
func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			return s
		}
	}
	return ""
}
