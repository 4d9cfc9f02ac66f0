package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"verbatim/feeds/feedstest"
)

type syncOutput struct {
	Feeds struct {
		Polled      int `json:"polled"`
		NotModified int `json:"not_modified"`
		Added       []struct {
			Title, Date, Source, URL, Path string
		} `json:"added"`
		Duplicates int `json:"duplicates"`
		Skipped    []struct{ URL, Reason string }
		Failures   []struct{ Feed, Error string }
	} `json:"feeds"`
	Index struct {
		Articles int `json:"articles"`
		Embedded int `json:"embedded"`
	} `json:"index"`
}

func feedsSync(t *testing.T, env map[string]string) syncOutput {
	t.Helper()
	stdout, stderr, code := runCmd(t, env, "", "feeds", "sync", "--json")
	if code != 0 {
		t.Fatalf("feeds sync: exit %d: %s", code, stderr)
	}
	var out syncOutput
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("decode %q: %v", stdout, err)
	}
	return out
}

// TestFeedsSyncEndToEnd runs "verbatim feeds sync" against a fake news
// site: new articles are stored with their titles, dates, sources and
// canonical URLs, without boilerplate, once each, and become answerable; a
// second sync fetches only the feeds (304) and embeds nothing.
func TestFeedsSyncEndToEnd(t *testing.T) {
	site := feedstest.NewSite(t)
	corpusDir := t.TempDir()
	os.WriteFile(filepath.Join(corpusDir, "rapport.pdf"), []byte("%PDF-1.7"), 0o644)
	env := map[string]string{
		"CORPUS_DIR":          corpusDir,
		"INDEX_DIR":           t.TempDir(),
		"FEEDS":               site.URL + feedstest.RSSPath + "," + site.URL + feedstest.AtomPath,
		"FEEDS_ALLOW_PRIVATE": "1",
		"FEED_HOST_DELAY":     "0",
	}
	out := feedsSync(t, env)
	want := map[string][3]string{ // path -> title, date, source
		feedstest.Reforme.Path: {feedstest.Reforme.Title, "2025-04-03", "Le Quotidien"},
		feedstest.Tram.Path:    {feedstest.Tram.Title, "2025-03-18", "Le Quotidien"},
		feedstest.Port.Path:    {feedstest.Port.Title, "2024-11-02", "Dépêches"},
		// In both feeds: stored once, with the Atom feed's earlier date.
		feedstest.Incendie.Path: {feedstest.Incendie.Title, "2025-02-10", ""},
	}
	if len(out.Feeds.Added) != len(want) {
		t.Fatalf("added %+v, want %d articles", out.Feeds.Added, len(want))
	}
	for _, a := range out.Feeds.Added {
		w, ok := want[strings.TrimPrefix(a.URL, site.URL)]
		if !ok {
			t.Errorf("unexpected article %+v", a)
			continue
		}
		if a.Title != w[0] || (w[2] != "" && a.Source != w[2]) {
			t.Errorf("article %s: title %q source %q, want %q %q", a.URL, a.Title, a.Source, w[0], w[2])
		}
	}
	if out.Index.Embedded == 0 {
		t.Errorf("index embedded nothing: %+v", out.Index)
	}

	// inspect reads what was stored, and lists the PDF as unsupported.
	stdout, stderr, code := runCmd(t, env, "", "inspect", "--json")
	if code != 0 {
		t.Fatalf("inspect: exit %d: %s", code, stderr)
	}
	var rep struct {
		Articles []struct{ Title, Date, DatePrecision, Source, URL string }
		Skipped  []struct{ Path, Reason string }
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Articles) != len(want) {
		t.Errorf("inspect: %d articles, want %d (one copy of the duplicates)", len(rep.Articles), len(want))
	}
	for _, a := range rep.Articles {
		w := want[strings.TrimPrefix(a.URL, site.URL)]
		if a.Date != w[1] || a.Title != w[0] {
			t.Errorf("stored %q dated %q, want %q dated %q", a.Title, a.Date, w[0], w[1])
		}
	}
	if len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0].Reason, "unsupported format") {
		t.Errorf("inspect skipped %+v, want rapport.pdf as unsupported format", rep.Skipped)
	}

	// The new articles answer questions, boilerplate-free.
	stdout, stderr, code = runCmd(t, env, "", "ask", "--json", "Combien de voyageurs par jour la ligne de tramway transportera-t-elle ?")
	if code != 0 {
		t.Fatalf("ask: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "quarante mille voyageurs") {
		t.Errorf("ask did not quote the tram article: %s", stdout)
	}
	for _, bp := range feedstest.Boilerplate {
		if strings.Contains(stdout, bp) {
			t.Errorf("answer quotes boilerplate %q: %s", bp, stdout)
		}
	}

	// Nothing new: the feeds answer 304, no page is fetched, nothing embedded.
	site.ResetHits()
	out = feedsSync(t, env)
	if out.Feeds.NotModified != 2 || len(out.Feeds.Added) != 0 || out.Index.Embedded != 0 {
		t.Errorf("second sync: %+v, want 2 not modified, nothing added, nothing embedded", out)
	}
	if hits := site.AllHits(); len(hits) != 2 {
		t.Errorf("second sync requested %v, want only the two feeds", hits)
	}
}

// feedsSyncCode runs "verbatim feeds sync --json" with extra arguments and
// returns its report and exit status.
func feedsSyncCode(t *testing.T, env map[string]string, args ...string) (syncOutput, int, string) {
	t.Helper()
	stdout, stderr, code := runCmd(t, env, "", append([]string{"feeds", "sync", "--json"}, args...)...)
	var out syncOutput
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("decode %q (stderr %s): %v", stdout, stderr, err)
	}
	return out, code, stderr
}

// TestFeedsSyncRefusesPrivate checks that without FEEDS_ALLOW_PRIVATE a feed
// on a loopback address is refused and reported, that the command then
// fails (every feed failed), and that once FEEDS_ALLOW_PRIVATE is set the
// next sync polls the feed at once instead of waiting out its backoff.
func TestFeedsSyncRefusesPrivate(t *testing.T) {
	site := feedstest.NewSite(t)
	env := map[string]string{
		"CORPUS_DIR":      t.TempDir(),
		"INDEX_DIR":       t.TempDir(),
		"FEEDS":           site.URL + feedstest.RSSPath,
		"FEED_HOST_DELAY": "0",
	}
	out, code, stderr := feedsSyncCode(t, env)
	if len(out.Feeds.Failures) != 1 || !strings.Contains(out.Feeds.Failures[0].Error, "not a public address") {
		t.Errorf("failures %+v, want the loopback feed refused", out.Feeds.Failures)
	}
	if code != 1 || !strings.Contains(stderr, "no feed could be polled") {
		t.Errorf("exit %d, stderr %q; want 1 and the reason when every feed failed", code, stderr)
	}
	if n := len(site.AllHits()); n != 0 {
		t.Errorf("the site received %d requests, want none", n)
	}
	env["FEEDS_ALLOW_PRIVATE"] = "1"
	out, code, stderr = feedsSyncCode(t, env)
	if code != 0 || out.Feeds.Polled != 1 || len(out.Feeds.Added) == 0 {
		t.Errorf("after allowing private addresses: exit %d (%s), polled %d, added %d; want the feed polled at once",
			code, stderr, out.Feeds.Polled, len(out.Feeds.Added))
	}
}

// TestFeedsSyncForce: a feed that failed waits out its backoff (with a
// hint), and "feeds sync --force" polls it now, with its pages given up
// on.
func TestFeedsSyncForce(t *testing.T) {
	site := feedstest.NewSite(t)
	site.Serve("/flaky.xml", "<html>maintenance</html>")
	env := map[string]string{
		"CORPUS_DIR":          t.TempDir(),
		"INDEX_DIR":           t.TempDir(),
		"FEEDS":               site.URL + "/flaky.xml",
		"FEEDS_ALLOW_PRIVATE": "1",
		"FEED_HOST_DELAY":     "0",
	}
	if _, code, _ := feedsSyncCode(t, env); code != 1 {
		t.Fatalf("exit %d, want 1: the only feed failed", code)
	}
	// The site is back, and serves a page that was missing (404, final).
	site.Serve("/flaky.xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Revenu</title>`+
		`<item><title>Port</title><link>`+site.URL+`/late</link></item></channel></rss>`)
	stdout, _, code := runCmd(t, env, "", "feeds", "sync")
	if code != 1 || !strings.Contains(stdout, "1 waiting after failures") || !strings.Contains(stdout, "--force retries them now") {
		t.Errorf("exit %d, output %q; want the feed waiting, with the hint", code, stdout)
	}
	out, code, stderr := feedsSyncCode(t, env, "--force")
	if code != 0 || out.Feeds.Polled != 1 || len(out.Feeds.Skipped) != 1 {
		t.Fatalf("--force: exit %d (%s), report %+v; want the feed polled and /late skipped", code, stderr, out.Feeds)
	}
	site.Serve("/late", feedstest.Page(feedstest.Port, site.URL))
	if out, _, _ := feedsSyncCode(t, env); len(out.Feeds.Added) != 0 {
		t.Errorf("a page given up on (404) was fetched again without --force: %+v", out.Feeds.Added)
	}
	out, code, _ = feedsSyncCode(t, env, "--force")
	if code != 0 || len(out.Feeds.Added) != 1 {
		t.Errorf("--force: exit %d, added %+v; want the page given up on retried and added", code, out.Feeds.Added)
	}
}

// TestServeStartsWithDamagedFeedState: an empty or damaged feeds state
// stopped serve from starting, with FEEDS or without it (an admin's /add
// opens it too); serve now moves it aside, rebuilds it and answers.
func TestServeStartsWithDamagedFeedState(t *testing.T) {
	site := feedstest.NewSite(t)
	for _, tt := range []struct {
		name, content string
		env           map[string]string
	}{
		{"empty, admins without FEEDS", "", map[string]string{"ADMIN_USER_IDS": "1001"}},
		// A feed that fails fast: its pass adds nothing, so nothing is
		// written once it ends (serve does not wait for the feeds' goroutine).
		{"truncated, with FEEDS", `{"feeds": {`, map[string]string{"FEEDS": site.URL + "/missing.xml", "FEEDS_ALLOW_PRIVATE": "1", "FEED_HOST_DELAY": "0", "FEED_INTERVAL": "1h"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			corpusDir := t.TempDir()
			os.WriteFile(filepath.Join(corpusDir, "note.txt"), []byte("date: 2025-01-05\n\nLe maire a inauguré le nouveau pont sur le fleuve."), 0o644)
			os.MkdirAll(filepath.Join(corpusDir, "feeds"), 0o755)
			state := filepath.Join(corpusDir, "feeds", ".state.json")
			os.WriteFile(state, []byte(tt.content), 0o644)
			api := &fakeBotAPI{sent: make(chan map[string]string, 8)}
			api.push(map[string]any{
				"update_id": 1,
				"message": map[string]any{
					"message_id": 1, "date": time.Now().Unix(),
					"chat": map[string]any{"id": 1001, "type": "private"},
					"from": map[string]any{"id": 1001, "is_bot": false, "first_name": "Ana", "language_code": "fr"},
					"text": "Qu'a inauguré le maire ?",
				},
			})
			srv := httptestServer(t, api)
			env := map[string]string{"TELEGRAM_BOT_TOKEN": "123456:TEST-token-value", "TELEGRAM_API_URL": srv.URL,
				"INDEX_DIR": t.TempDir(), "CORPUS_DIR": corpusDir}
			for k, v := range tt.env {
				env[k] = v
			}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			logs := &syncWriter{w: &strings.Builder{}}
			errc := make(chan error, 1)
			go func() { errc <- run(ctx, nil, mapEnv(env), strings.NewReader(""), io.Discard, logs) }()
			select {
			case msg := <-api.sent:
				if !strings.Contains(msg["text"], "pont") {
					t.Errorf("reply %q, want the bridge", msg["text"])
				}
			case err := <-errc:
				t.Fatalf("serve stopped: %v\n%s", err, logs.String())
			case <-time.After(30 * time.Second):
				t.Fatalf("no reply\n%s", logs.String())
			}
			deadline := time.After(30 * time.Second)
			for _, ok := tt.env["FEEDS"]; ok && !strings.Contains(logs.String(), "feeds polled"); {
				select {
				case err := <-errc:
					t.Fatalf("serve stopped: %v\n%s", err, logs.String())
				case <-time.After(20 * time.Millisecond):
				case <-deadline:
					t.Fatalf("the feeds pass never ended\n%s", logs.String())
				}
			}
			cancel()
			if err := <-errc; err != nil {
				t.Errorf("serve: %v", err)
			}
			if aside, _ := filepath.Glob(state + ".damaged-*"); len(aside) != 1 {
				t.Errorf("moved aside: %v, want the damaged state kept as .state.json.damaged-TIME", aside)
			}
			if !strings.Contains(logs.String(), "moved aside and rebuilt") {
				t.Errorf("the logs do not say the state was rebuilt:\n%s", logs.String())
			}
		})
	}
}

// TestFeedsSyncDataDir checks that with no CORPUS_DIR the articles go to the
// data folder, read together with the seed by the other commands.
func TestFeedsSyncDataDir(t *testing.T) {
	site := feedstest.NewSite(t)
	data := t.TempDir()
	env := map[string]string{
		"DATA_DIR":            data,
		"INDEX_DIR":           t.TempDir(),
		"FEEDS":               site.URL + feedstest.AtomPath,
		"FEEDS_ALLOW_PRIVATE": "1",
		"FEED_HOST_DELAY":     "0",
	}
	out := feedsSync(t, env)
	if len(out.Feeds.Added) != 2 {
		t.Fatalf("added %+v, want the fire and the port", out.Feeds.Added)
	}
	stdout, stderr, code := runCmd(t, map[string]string{"DATA_DIR": data}, "", "search", "--json", "bibliothèque publique ancienne douane")
	if code != 0 {
		t.Fatalf("search: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "ancienne douane") {
		t.Errorf("search did not find the feed article: %s", stdout)
	}
	stdout, _, _ = runCmd(t, map[string]string{"DATA_DIR": data}, "", "search", "--json", "Guérassimov Koursk")
	if !strings.Contains(stdout, "Koursk") {
		t.Errorf("search did not find the seed article: %s", stdout)
	}
	stdout, _, _ = runCmd(t, map[string]string{"DATA_DIR": data}, "", "inspect", "--json")
	if !strings.Contains(stdout, "ancienne douane") && !strings.Contains(stdout, feedstest.Port.Title) || !strings.Contains(stdout, "seed/") {
		t.Errorf("inspect does not show the data folder (seed and feeds): %s", stdout)
	}
}

// TestServePollsFeeds: serve polls FEEDS at start and indexes the new
// articles while it keeps answering; a question about one is then answered
// from it, and the metrics count both index publications by trigger.
func TestServePollsFeeds(t *testing.T) {
	site := feedstest.NewSite(t)
	corpusDir := t.TempDir()
	os.WriteFile(filepath.Join(corpusDir, "note.txt"), []byte("date: 2025-01-05\n\nLe maire a inauguré le nouveau pont sur le fleuve."), 0o644)
	api := &fakeBotAPI{sent: make(chan map[string]string, 64)}
	srv := httptestServer(t, api)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	logs := &syncWriter{w: &strings.Builder{}}
	errc := make(chan error, 1)
	go func() {
		env := mapEnv(map[string]string{
			"TELEGRAM_BOT_TOKEN": "123456:TEST-token-value", "TELEGRAM_API_URL": srv.URL, "INDEX_DIR": t.TempDir(),
			"CORPUS_DIR": corpusDir, "FEEDS": site.URL + feedstest.RSSPath, "FEED_INTERVAL": "1h",
			"FEEDS_ALLOW_PRIVATE": "1", "FEED_HOST_DELAY": "0", "LOG_LEVEL": "debug", "METRICS_ADDR": "127.0.0.1:0",
		})
		errc <- run(ctx, nil, env, strings.NewReader(""), io.Discard, logs)
	}()
	addr := metricsAddr(t, logs.String)
	deadline := time.Now().Add(60 * time.Second)
	for i := 1; ; i++ {
		api.push(map[string]any{
			"update_id": i,
			"message": map[string]any{
				"message_id": i, "date": time.Now().Unix(),
				"chat": map[string]any{"id": 1001, "type": "private"},
				"from": map[string]any{"id": 1001, "is_bot": false, "first_name": "Ana", "language_code": "fr"},
				"text": "Combien de voyageurs par jour la nouvelle ligne de tramway transportera-t-elle ?",
			},
		})
		select {
		case msg := <-api.sent:
			if strings.Contains(msg["text"], "quarante mille voyageurs") {
				_, scrape := get(t, addr, "/metrics")
				for _, series := range []string{`verbatim_reindex_runs_total{result="ok",trigger="start"}`, `verbatim_reindex_runs_total{result="ok",trigger="feeds"}`} {
					if v := metricValue(scrape, series); v != 1 {
						t.Errorf("%s: got %v, want 1 (the index opened at start, then the feed's articles published)", series, v)
					}
				}
				cancel()
				if err := <-errc; err != nil {
					t.Errorf("serve: %v", err)
				}
				return
			}
		case err := <-errc:
			t.Fatalf("serve stopped: %v\n%s", err, logs.String())
		case <-time.After(30 * time.Second):
			t.Fatalf("no reply\n%s", logs.String())
		}
		if time.Now().After(deadline) {
			t.Fatalf("the feed article never answered\n%s", logs.String())
		}
		time.Sleep(300 * time.Millisecond)
	}
}
