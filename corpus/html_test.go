package corpus

import "testing"

func TestParseHTML(t *testing.T) {
	tests := []struct {
		name                         string
		page                         string
		title, date, url, lang, text string
	}{
		{
			name:  "role main, meta name date, first h1 as title",
			page:  `<html><body><div class="nav">Menu</div><div role="main"><h1>Grand titre</h1><p>Texte <b>gras</b>.</p><div hidden>Caché.</div></div><p>Pied.</p></body></html>`,
			title: "Grand titre", text: "Grand titre\n\nTexte gras.",
		},
		{
			name:  "longest article wins, meta name date, og:url, heading as title",
			page:  `<html lang="EN"><head><meta name="date" content="2025-04-26"><meta property="og:url" content="https://e.org/a"></head><body><article><p>Teaser.</p></article><article><h2>Main story</h2><p>The long main story text.</p></article></body></html>`,
			title: "Main story", date: "2025-04-26", url: "https://e.org/a", lang: "en", text: "Main story\n\nThe long main story text.",
		},
		{
			name: "time datetime, pre kept, table cells spaced, entities",
			page: "<body><main><p>Le <time datetime=\"2012-05-22\">22 mai</time> &laquo;&nbsp;oui&nbsp;&raquo; &amp; non.</p><pre>a  b\n  c</pre><table><tr><td>x</td><td>y</td></tr></table></main></body>",
			date: "2012-05-22", text: "Le 22 mai « oui » & non.\n\na  b\n  c\n\nx y",
		},
		{
			name:  "body fallback drops scripts and forms",
			page:  `<title> Page   title </title><body><script>alert(1)</script><form><input value="q"><button>Go</button></form><p>Seul texte.</p><noscript>Activez JS.</noscript></body>`,
			title: "Page title", text: "Seul texte.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parseHTML(tt.page)
			if err != nil {
				t.Fatalf("parseHTML: %v", err)
			}
			got := []string{r.title, r.date, r.url, normLang(r.lang), r.text}
			want := []string{tt.title, tt.date, tt.url, tt.lang, tt.text}
			for i, field := range []string{"title", "date", "url", "lang", "text"} {
				if got[i] != want[i] {
					t.Errorf("%s = %q, want %q", field, got[i], want[i])
				}
			}
		})
	}
}
