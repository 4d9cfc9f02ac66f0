package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"verbatim/feeds/feedstest"
)

// watchFeed is an RSS feed publishing two of the site's stories today: the
// reform one answers the watch, the fire one does not.
func watchFeed(site *feedstest.Site) string {
	today := time.Now().Format(time.RFC1123Z)
	item := func(s feedstest.Story) string {
		return fmt.Sprintf("<item><title>%s</title><link>%s%s</link><guid>%s%s</guid><pubDate>%s</pubDate></item>", s.Title, site.URL, s.Path, site.URL, s.Path, today)
	}
	return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Le Quotidien</title><link>` + site.URL + `/</link>` +
		item(feedstest.Reforme) + item(feedstest.Incendie) + `</channel></rss>`
}

type watchRunOutput struct {
	Alerts []struct {
		Watch     string `json:"watch"`
		Verdict   string `json:"verdict"`
		Citations []struct {
			Quote    string `json:"quote"`
			DocID    string `json:"doc_id"`
			Title    string `json:"title"`
			Date     string `json:"date"`
			URL      string `json:"url"`
			Verified bool   `json:"verified"`
		} `json:"citations"`
	} `json:"alerts"`
}

// TestWatchRunAfterFeedsSync: a watch added in the terminal, then a feeds
// sync bringing two articles, one answering it: "watch run" prints one
// alert quoting only that article, with its date and source; a second
// run prints none; list shows when it fired; remove stops it.
func TestWatchRunAfterFeedsSync(t *testing.T) {
	site := feedstest.NewSite(t)
	site.Serve("/today.xml", watchFeed(site))
	corpusDir := t.TempDir()
	os.WriteFile(filepath.Join(corpusDir, "budget.txt"), []byte("title: Le budget de la ville\ndate: 2025-11-02\n\nLe maire a présenté mardi le budget de la ville, en hausse de trois pour cent."), 0o644)
	env := map[string]string{
		"CORPUS_DIR":          corpusDir,
		"INDEX_DIR":           t.TempDir(),
		"FEEDS":               site.URL + "/today.xml",
		"FEEDS_ALLOW_PRIVATE": "1",
		"FEED_HOST_DELAY":     "0",
	}
	run := func(args ...string) string {
		t.Helper()
		stdout, stderr, code := runCmd(t, env, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		return stdout
	}
	runJSON := func() watchRunOutput {
		t.Helper()
		var out watchRunOutput
		if err := json.Unmarshal([]byte(run("watch", "run", "--json")), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	const question = "Quand la réforme sera-t-elle votée ?"
	if got := run("watch", "add", question); !strings.Contains(got, "Watch 1 added") {
		t.Errorf("watch add printed %q", got)
	}
	if out := runJSON(); len(out.Alerts) != 0 {
		t.Errorf("before the sync: %d alerts, want none", len(out.Alerts))
	}
	if out := feedsSync(t, env); len(out.Feeds.Added) != 2 {
		t.Fatalf("feeds sync added %d articles, want 2", len(out.Feeds.Added))
	}
	out := runJSON()
	if len(out.Alerts) != 1 {
		t.Fatalf("after the sync: %d alerts, want 1: %+v", len(out.Alerts), out)
	}
	al := out.Alerts[0]
	if al.Watch != question || al.Verdict != "answered" || len(al.Citations) == 0 {
		t.Errorf("alert %+v, want the watch answered with citations", al)
	}
	for _, c := range al.Citations {
		if c.URL != site.URL+feedstest.Reforme.Path || c.Title != feedstest.Reforme.Title || c.Date == "" || !c.Verified {
			t.Errorf("citation %+v, want a verified, dated quote of the reform article only", c)
		}
	}
	if out := runJSON(); len(out.Alerts) != 0 {
		t.Errorf("second run: %d alerts, want none", len(out.Alerts))
	}
	if got := run("watch", "list"); !strings.Contains(got, "1. "+question+" (last fired ") {
		t.Errorf("watch list printed %q, want the watch with when it fired", got)
	}
	run("watch", "remove", "1")
	if got := run("watch", "list"); !strings.Contains(got, "No watches") {
		t.Errorf("after remove, list printed %q", got)
	}
	if _, _, code := runCmd(t, env, "", "watch", "remove", "1"); code != 2 {
		t.Errorf("removing a missing watch: exit %d, want 2", code)
	}
}
