package feeds

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"verbatim/corpus"
	"verbatim/feeds/feedstest"
)

func newTestPoller(t *testing.T, site *feedstest.Site, root string) *Poller {
	t.Helper()
	p, err := New(Config{
		Feeds:   []string{site.URL + feedstest.RSSPath, site.URL + feedstest.AtomPath},
		Root:    root,
		Fetcher: NewFetcher(FetcherConfig{UserAgent: "verbatim-test", AllowPrivate: true, HostDelay: -1}),
		Limits:  corpus.HTMLLimits{Timeout: 30 * time.Second},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

func TestSync(t *testing.T) {
	site := feedstest.NewSite(t)
	root := t.TempDir()
	p := newTestPoller(t, site, root)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()

	rep, err := p.Sync(ctx)
	if err != nil {
		t.Fatalf("Sync: %v", err)
	}
	type want struct{ title, date, source, url string }
	wants := map[string]want{
		feedstest.Reforme.Path:  {feedstest.Reforme.Title, "2025-04-03", "Le Quotidien", site.URL + feedstest.Reforme.Path},
		feedstest.Tram.Path:     {feedstest.Tram.Title, "2025-03-18", "Le Quotidien", site.URL + feedstest.Tram.Path},
		feedstest.Incendie.Path: {feedstest.Incendie.Title, "2025-02-10", "", site.URL + feedstest.Incendie.Path},
		feedstest.Port.Path:     {feedstest.Port.Title, "2024-11-02", "Dépêches", site.URL + feedstest.Port.Path},
	}
	if len(rep.Added) != len(wants) {
		t.Fatalf("added %d articles, want %d: %+v", len(rep.Added), len(wants), rep.Added)
	}
	res, err := corpus.Load(ctx, os.DirFS(root), corpus.LoadOptions{})
	if err != nil {
		t.Fatalf("load the corpus: %v", err)
	}
	if len(res.Articles) != len(wants) || len(res.Skipped) != 0 {
		t.Fatalf("corpus holds %d articles (skipped %+v), want %d", len(res.Articles), res.Skipped, len(wants))
	}
	stories := map[string]feedstest.Story{feedstest.Reforme.Path: feedstest.Reforme, feedstest.Tram.Path: feedstest.Tram,
		feedstest.Incendie.Path: feedstest.Incendie, feedstest.Port.Path: feedstest.Port}
	for _, a := range res.Articles {
		path := strings.TrimPrefix(a.URL, site.URL)
		w, ok := wants[path]
		if !ok {
			t.Errorf("unexpected article %s (%s)", a.ID, a.URL)
			continue
		}
		delete(wants, path)
		if a.Title != w.title || a.Date.String() != w.date || a.URL != w.url || (w.source != "" && a.Source != w.source) {
			t.Errorf("%s: got title %q date %q source %q url %q, want %q %q %q %q", a.ID, a.Title, a.Date, a.Source, a.URL, w.title, w.date, w.source, w.url)
		}
		if a.Date.Precision != corpus.PrecisionDay {
			t.Errorf("%s: date precision %v, want day", a.ID, a.Date.Precision)
		}
		for _, para := range stories[path].Paras {
			if !strings.Contains(a.Text, para) {
				t.Errorf("%s: text misses %q:\n%s", a.ID, para, a.Text)
			}
		}
		for _, bp := range feedstest.Boilerplate {
			if strings.Contains(a.Text, bp) {
				t.Errorf("%s: text keeps boilerplate %q:\n%s", a.ID, bp, a.Text)
			}
		}
	}
	// The fire is in both feeds (one copy, the Atom feed's earlier date
	// kept); the port is republished at another address (same text).
	if rep.Duplicates < 1 {
		t.Errorf("duplicates = %d, want the republished port counted", rep.Duplicates)
	}
	reasons := map[string]string{}
	for _, s := range rep.Skipped {
		reasons[strings.TrimPrefix(s.URL, site.URL)] = s.Reason
	}
	for path, want := range map[string]string{
		"/articles/panne":    "HTTP 500",
		"/articles/enorme":   "too large",
		"/articles/profonde": "nested too deep",
	} {
		if !strings.Contains(reasons[path], want) {
			t.Errorf("skip reason of %s = %q, want it to mention %q", path, reasons[path], want)
		}
	}

	// Nothing new: only the feeds are fetched, and both answer 304.
	site.ResetHits()
	rep, err = p.Sync(ctx)
	if err != nil {
		t.Fatalf("second Sync: %v", err)
	}
	if len(rep.Added) != 0 || rep.NotModified != 2 {
		t.Errorf("second sync: added %d, not modified %d; want 0 and 2", len(rep.Added), rep.NotModified)
	}
	hits := site.AllHits()
	if len(hits) != 2 || hits[feedstest.RSSPath] != 1 || hits[feedstest.AtomPath] != 1 {
		t.Errorf("second sync requested %v, want only the two feeds once", hits)
	}
	st := p.Status()
	if len(st.Feeds) != 2 || st.Failing != 0 || st.NewToday != 4 || st.LastPoll.IsZero() {
		t.Errorf("status = %+v, want 2 feeds, none failing, 4 new today", st)
	}
}

func TestSyncFailingFeedBacksOff(t *testing.T) {
	site := feedstest.NewSite(t)
	site.Serve("/bad.xml", "<html>not a feed</html>")
	now := time.Date(2025, 4, 3, 12, 0, 0, 0, time.UTC)
	p, err := New(Config{
		Feeds:   []string{site.URL + "/bad.xml", site.URL + "/missing.xml"},
		Root:    t.TempDir(),
		Fetcher: NewFetcher(FetcherConfig{UserAgent: "verbatim-test", AllowPrivate: true, HostDelay: -1}),
		Now:     func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct {
		failures int
		deferred int
	}{{1, 0}, {0, 2}} {
		rep, err := p.Sync(t.Context())
		if err != nil {
			t.Fatalf("pass %d: Sync must not fail on bad feeds: %v", i, err)
		}
		if len(rep.Failures) != 2*want.failures || rep.Deferred != want.deferred {
			t.Errorf("pass %d: failures %+v, deferred %d; want %d failures, %d deferred", i, rep.Failures, rep.Deferred, 2*want.failures, want.deferred)
		}
	}
	now = now.Add(2 * time.Minute)
	rep, _ := p.Sync(t.Context())
	if len(rep.Failures) != 2 || rep.Failures[0].Failures != 2 {
		t.Errorf("after the backoff: failures %+v, want both retried, 2 failures in a row", rep.Failures)
	}
	if st := p.Status(); st.Failing != 2 {
		t.Errorf("status failing = %d, want 2", st.Failing)
	}
	data, err := os.ReadFile(filepath.Join(p.cfg.Root, FeedsFolder, stateFile))
	if err != nil {
		t.Fatal(err)
	}
	var saved state
	if err := json.Unmarshal(data, &saved); err != nil || len(saved.Feeds) != 2 {
		t.Errorf("saved state: %v, %d feeds", err, len(saved.Feeds))
	}
}

func TestSyncJSONFeed(t *testing.T) {
	site := feedstest.NewSite(t)
	site.Serve("/feed.json", `{"version": "https://jsonfeed.org/version/1.1", "title": "Le Fil", "items": [
		{"id": "1", "url": "`+site.URL+feedstest.Port.Path+`", "title": "Le port rouvre", "date_published": "2024-11-02T10:00:00+01:00"}]}`)
	p, err := New(Config{
		Feeds:   []string{site.URL + "/feed.json"},
		Root:    t.TempDir(),
		Fetcher: NewFetcher(FetcherConfig{UserAgent: "verbatim-test", AllowPrivate: true, HostDelay: -1}),
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := p.Sync(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Added) != 1 || rep.Added[0].Source != "Le Fil" || rep.Added[0].Date != "2024-11-02" || rep.Added[0].Title != "Le port rouvre" {
		t.Errorf("added %+v, want the port from Le Fil dated 2024-11-02", rep.Added)
	}
}

// TestSyncAfterLostState: a pass whose state was lost (killed before it
// saved) stores the same articles again in the same files, not in copies.
func TestSyncAfterLostState(t *testing.T) {
	site := feedstest.NewSite(t)
	root := t.TempDir()
	p := newTestPoller(t, site, root)
	if _, err := p.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, FeedsFolder, stateFile)); err != nil {
		t.Fatal(err)
	}
	p = newTestPoller(t, site, root)
	if _, err := p.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	res, err := corpus.Load(t.Context(), os.DirFS(root), corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Articles) != 4 {
		var ids []string
		for _, a := range res.Articles {
			ids = append(ids, a.ID)
		}
		t.Errorf("corpus holds %d articles %v, want the 4 stored once", len(res.Articles), ids)
	}
}

func TestCanonicalFromAnotherSiteIgnored(t *testing.T) {
	site := feedstest.NewSite(t)
	hostile := strings.Replace(feedstest.Page(feedstest.Port, site.URL), `href="`+site.URL+feedstest.Port.Path+`"`, `href="https://victim.example/port"`, 1)
	site.Serve("/hostile", hostile)
	site.Serve("/alias", feedstest.Page(feedstest.Tram, site.URL))
	p := newTestPoller(t, site, t.TempDir())
	for path, want := range map[string]string{
		"/hostile": site.URL + "/hostile",          // another site's canonical: ignored
		"/alias":   site.URL + feedstest.Tram.Path, // the same site's: kept
	} {
		a, err := p.fetchArticle(t.Context(), site.URL+path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if a.URL != want {
			t.Errorf("%s: URL = %q, want %q", path, a.URL, want)
		}
	}
}
