package corpus

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// legacyExtract is the extractor before go-trafilatura: the text of the
// longest <article>, else <main>, else the body, minus <nav>, <header>,
// <footer>, <aside> and scripts. It is the baseline of
// TestSavedPagesBoilerplate.
func legacyExtract(page string) string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return page
	}
	m := pageMetadata(doc)
	root := m.body
	switch {
	case len(m.articles) > 0:
		best := -1
		for _, a := range m.articles {
			if l := len(textUnder(a, false)); l > best {
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
	return textUnder(root, false)
}

// TestSavedPagesBoilerplate measures, on the saved pages of
// testdata/savedpages, how many menu, share-bar, cookie-banner and
// related-link strings each extractor keeps, and how many article phrases
// it keeps: the shipped extractor must keep fewer boilerplate strings than
// the legacy one and every article phrase. Run with -v for the figures.
func TestSavedPagesBoilerplate(t *testing.T) {
	dir := filepath.Join("testdata", "savedpages")
	data, err := os.ReadFile(filepath.Join(dir, "expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	var expect map[string]struct {
		Boilerplate []string `json:"boilerplate"`
		Article     []string `json:"article"`
	}
	if err := json.Unmarshal(data, &expect); err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(expect))
	for n := range expect {
		names = append(names, n)
	}
	sort.Strings(names)
	count := func(text string, ss []string) int {
		n := 0
		for _, s := range ss {
			if strings.Contains(text, s) {
				n++
			}
		}
		return n
	}
	var totalBP, legacyBP, newBP, totalArt, legacyArt, newArt int
	for _, name := range names {
		e := expect[name]
		page, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		p, err := ExtractHTML(t.Context(), string(page), DefaultHTMLLimits)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		old := legacyExtract(string(page))
		lb, nb := count(old, e.Boilerplate), count(p.Text, e.Boilerplate)
		la, na := count(old, e.Article), count(p.Text, e.Article)
		t.Logf("%-22s boilerplate kept: legacy %2d/%d, go-trafilatura %2d/%d; article phrases kept: legacy %d/%d, go-trafilatura %d/%d",
			name, lb, len(e.Boilerplate), nb, len(e.Boilerplate), la, len(e.Article), na, len(e.Article))
		if na != len(e.Article) {
			t.Errorf("%s: article phrases kept = %d, want %d; text:\n%s", name, na, len(e.Article), p.Text)
		}
		totalBP += len(e.Boilerplate)
		legacyBP += lb
		newBP += nb
		totalArt += len(e.Article)
		legacyArt += la
		newArt += na
	}
	t.Logf("TOTAL boilerplate strings kept: legacy %d/%d, go-trafilatura %d/%d; article phrases kept: legacy %d/%d, go-trafilatura %d/%d",
		legacyBP, totalBP, newBP, totalBP, legacyArt, totalArt, newArt, totalArt)
	if newBP >= legacyBP {
		t.Errorf("boilerplate kept = %d, want fewer than the legacy extractor's %d", newBP, legacyBP)
	}
}
