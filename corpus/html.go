package corpus

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"
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

// HTMLLimits bound the work spent on one HTML page, so that a hostile or
// broken page is skipped with its reason instead of stalling a load: the
// parser's cost grows with the square of the nesting depth (100,000 nested
// <div>s took 73 s), so depth is checked by a linear scan before parsing.
type HTMLLimits struct {
	// MaxBytes is the largest page parsed (0: DefaultHTMLLimits.MaxBytes).
	MaxBytes int
	// MaxDepth is the deepest nesting of elements that need an end tag
	// (0: DefaultHTMLLimits.MaxDepth).
	MaxDepth int
	// Timeout bounds parsing and extraction (0: DefaultHTMLLimits.Timeout).
	// A page past it is abandoned; its extraction finishes in the
	// background, which the size and depth bounds keep short.
	Timeout time.Duration
}

// DefaultHTMLLimits are the bounds of saved pages and fetched articles.
var DefaultHTMLLimits = HTMLLimits{MaxBytes: 5 << 20, MaxDepth: 512, Timeout: 10 * time.Second}

func (l HTMLLimits) withDefaults() HTMLLimits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultHTMLLimits.MaxBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultHTMLLimits.MaxDepth
	}
	if l.Timeout <= 0 {
		l.Timeout = DefaultHTMLLimits.Timeout
	}
	return l
}

// HTMLPage is the article an HTML page holds.
type HTMLPage struct {
	Title string
	// Date is the publication date as the page gives it (meta tags, <time>,
	// else the date go-htmldate finds, at day precision); "" when unknown.
	Date string
	// URL is the canonical URL (link rel=canonical, else og:url).
	URL  string
	Lang string
	// Text is the main content, paragraphs separated by blank lines;
	// menus, share bars, cookie banners and related links are left out.
	Text string
}

// ExtractHTML reads the article of an HTML page within lim: its main text,
// found by go-trafilatura (with its readability and DOM-distiller
// fallbacks, and the page's main element when all of them find nothing),
// and its metadata. A page past a bound is refused with the reason.
func ExtractHTML(ctx context.Context, page string, lim HTMLLimits) (HTMLPage, error) {
	lim = lim.withDefaults()
	if len(page) > lim.MaxBytes {
		return HTMLPage{}, fmt.Errorf("page too large: %d bytes (limit %d)", len(page), lim.MaxBytes)
	}
	if d := nestingDepth(page, lim.MaxDepth); d > lim.MaxDepth {
		return HTMLPage{}, fmt.Errorf("page nested too deep: more than %d levels", lim.MaxDepth)
	}
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	type result struct {
		page HTMLPage
		err  error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			// A page that crashes the extractor is skipped, not fatal.
			if v := recover(); v != nil {
				done <- result{err: fmt.Errorf("page extraction failed: %v", v)}
			}
		}()
		done <- result{page: extractPage(page)}
	}()
	select {
	case r := <-done:
		return r.page, r.err
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return HTMLPage{}, fmt.Errorf("page extraction took longer than %s", lim.Timeout)
		}
		return HTMLPage{}, ctx.Err()
	}
}

// parseHTML reads a saved HTML page into a record within the default
// limits.
func parseHTML(text string) (record, error) {
	p, err := ExtractHTML(context.Background(), text, DefaultHTMLLimits)
	if err != nil {
		return record{}, err
	}
	return record{title: p.Title, date: p.Date, url: p.URL, lang: p.Lang, text: p.Text}, nil
}

// optionalEnd are the elements whose end tag may be left out: they do not
// count towards the nesting depth.
var optionalEnd = map[atom.Atom]bool{
	atom.P: true, atom.Li: true, atom.Dt: true, atom.Dd: true, atom.Option: true, atom.Optgroup: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true,
	atom.Colgroup: true, atom.Caption: true, atom.Rb: true, atom.Rt: true, atom.Rtc: true, atom.Rp: true,
	atom.Html: true, atom.Head: true, atom.Body: true,
	// Void elements have no end tag at all.
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true,
	atom.Track: true, atom.Wbr: true,
}

// nestingDepth scans page once, without building a tree, and returns the
// deepest nesting of elements that need an end tag, stopping as soon as it
// passes limit.
func nestingDepth(page string, limit int) int {
	z := html.NewTokenizer(strings.NewReader(page))
	depth, deepest := 0, 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return deepest
		case html.StartTagToken:
			name, _ := z.TagName()
			if optionalEnd[atom.Lookup(name)] {
				continue
			}
			depth++
			if depth > deepest {
				deepest = depth
				if deepest > limit {
					return deepest
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if !optionalEnd[atom.Lookup(name)] && depth > 0 {
				depth--
			}
		}
	}
}

// extractPage parses page and extracts its article; it is only called on
// pages within the size and depth bounds.
func extractPage(text string) HTMLPage {
	var p HTMLPage
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		// html.Parse only fails on reader errors; keep the text as is.
		p.Text = text
		return p
	}
	m := pageMetadata(doc)
	p.URL = strings.TrimSpace(firstNonEmpty(m.canonical, m.ogURL))
	p.Lang = m.lang
	p.Date = firstNonEmpty(m.published, m.timeTag)
	var tTitle string
	res, err := trafilatura.ExtractDocument(doc, trafilatura.Options{
		ExcludeComments: true,
		EnableFallback:  true,
		Config:          trafilaturaConfig(),
	})
	if err == nil && res != nil {
		if res.ContentNode != nil {
			p.Text = extractText(res.ContentNode)
		}
		tTitle = res.Metadata.Title
		if p.Date == "" && !res.Metadata.Date.IsZero() {
			p.Date = res.Metadata.Date.Format("2006-01-02")
		}
	}
	// On pages too short for its thresholds trafilatura falls back to the
	// whole body, menus included: the page's main element then reads better.
	if main := mainText(doc, m); strings.TrimSpace(p.Text) == "" || len(p.Text) > len(main) {
		p.Text = main
	}
	p.Title = firstNonEmpty(m.ogTitle, tTitle, m.titleTag, m.h1)
	return p
}

// trafilaturaConfig keeps short articles (a dispatch of two sentences) that
// trafilatura's defaults would discard as too small.
func trafilaturaConfig() *trafilatura.Config {
	c := trafilatura.DefaultConfig()
	c.MinExtractedSize = 50
	c.MinOutputSize = 1
	return c
}

// pageMeta is what the page's head and markup say about it.
type pageMeta struct {
	titleTag, ogTitle, h1, ogURL, canonical, published, timeTag, lang string

	articles               []*html.Node
	mainEl, roleMain, body *html.Node
}

// pageMetadata walks doc for its metadata and candidate content roots.
func pageMetadata(doc *html.Node) pageMeta {
	var m pageMeta
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				m.lang = attr(n, "lang")
			case atom.Title:
				if m.titleTag == "" {
					m.titleTag = nodeText(n)
				}
			case atom.Meta:
				prop := strings.ToLower(attr(n, "property"))
				name := strings.ToLower(attr(n, "name"))
				content := attr(n, "content")
				switch {
				case prop == "og:title" && m.ogTitle == "":
					m.ogTitle = content
				case prop == "og:url" && m.ogURL == "":
					m.ogURL = content
				case (prop == "article:published_time" || name == "date" || name == "pubdate" ||
					name == "publish-date" || name == "publication_date" || name == "dc.date" ||
					name == "dcterms.date" || name == "article:published_time" ||
					attr(n, "itemprop") == "datePublished") && m.published == "":
					m.published = content
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && m.canonical == "" {
					m.canonical = attr(n, "href")
				}
			case atom.Time:
				if dt := attr(n, "datetime"); dt != "" {
					if attr(n, "itemprop") == "datePublished" && m.published == "" {
						m.published = dt
					} else if m.timeTag == "" {
						m.timeTag = dt
					}
				}
			case atom.H1:
				if m.h1 == "" {
					m.h1 = nodeText(n)
				}
			case atom.Article:
				m.articles = append(m.articles, n)
			case atom.Main:
				if m.mainEl == nil {
					m.mainEl = n
				}
			case atom.Body:
				m.body = n
			}
			if m.roleMain == nil && strings.EqualFold(attr(n, "role"), "main") {
				m.roleMain = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return m
}

// mainText is the text of the page's main element: the longest <article>,
// else <main>, else role=main, else the body. It was the whole extractor
// before go-trafilatura, and still serves pages too short for it.
func mainText(doc *html.Node, m pageMeta) string {
	root := m.body
	switch {
	case len(m.articles) > 0:
		// Pages list teasers in <article> too: take the longest.
		best := -1
		for _, a := range m.articles {
			if l := len(extractText(a)); l > best {
				root, best = a, l
			}
		}
	case m.mainEl != nil:
		root = m.mainEl
	case m.roleMain != nil:
		root = m.roleMain
	}
	if root == nil {
		root = doc
	}
	return extractText(root)
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

// extractText returns the readable text under n, leaving out the parts a
// class or id names as boilerplate.
func extractText(n *html.Node) string { return textUnder(n, true) }

// textUnder returns the readable text under n; dropBoilerplate leaves out
// menus, share bars and the like named by their class or id.
func textUnder(n *html.Node, dropBoilerplate bool) string {
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
			if droppedElements[elemAtom(n)] || hasAttr(n, "hidden") || attr(n, "aria-hidden") == "true" || dropBoilerplate && boilerplate(n) {
				return
			}
			switch elemAtom(n) {
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
		block := n.Type == html.ElementNode && blockElements[elemAtom(n)]
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

// elemAtom is n's tag as an atom, also for elements built without one
// (go-trafilatura's output tree sets only the tag name).
func elemAtom(n *html.Node) atom.Atom {
	if n.DataAtom != 0 {
		return n.DataAtom
	}
	return atom.Lookup([]byte(n.Data))
}

// boilerplateWords name, in a class or id, the parts of a page around an
// article: menus, share bars, cookie banners, related links.
var boilerplateWords = map[string]bool{
	"menu": true, "nav": true, "navbar": true, "navigation": true, "breadcrumb": true, "breadcrumbs": true,
	"share": true, "sharing": true, "social": true, "cookie": true, "cookies": true, "consent": true,
	"gdpr": true, "related": true, "newsletter": true, "sidebar": true, "promo": true, "advert": true,
	"subscribe": true, "paywall": true, "outbrain": true, "taboola": true,
}

// boilerplate reports whether n's class or id names a part of the page
// around the article, such as "menu", "share-bar" or "cookie-banner".
func boilerplate(n *html.Node) bool {
	for _, key := range []string{"class", "id", "role"} {
		v := attr(n, key)
		if v == "" {
			continue
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(v), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
		}) {
			if boilerplateWords[w] {
				return true
			}
		}
	}
	return false
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
