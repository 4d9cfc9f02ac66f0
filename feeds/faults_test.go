package feeds

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"verbatim/corpus"
	"verbatim/feeds/feedstest"
	"verbatim/internal/atomicfile"
)

// TestDamagedStateRebuilt: an empty or damaged state file (which stopped
// New, and serve with it) is moved aside and the state rebuilt from the
// stored articles, so the next pass stores nothing twice.
func TestDamagedStateRebuilt(t *testing.T) {
	for _, tt := range []struct{ name, content string }{
		{"empty", ""},
		{"truncated", `{"feeds": {"http://x/rss": {"url": "http://x/rss"`},
		{"garbage", "\x00\x00\x00\x00"},
		{"wrong shape", `["not", "a", "state"]`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := feedstest.NewSite(t)
			root := t.TempDir()
			if _, err := newTestPoller(t, site, root).Sync(t.Context()); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(root, FeedsFolder, stateFile)
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			p := newTestPoller(t, site, root) // fails on a damaged state today
			aside, _ := filepath.Glob(path + ".damaged-*")
			if len(aside) != 1 {
				t.Fatalf("moved aside: %v, want one %s.damaged-TIME", aside, stateFile)
			}
			if got, _ := os.ReadFile(aside[0]); string(got) != tt.content {
				t.Errorf("the damaged file kept %q, want %q", got, tt.content)
			}
			if st := p.Status(); len(p.st.Articles) != 4 {
				t.Errorf("rebuilt state knows %d articles (%+v), want the 4 stored", len(p.st.Articles), st)
			}
			site.ResetHits()
			rep, err := p.Sync(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Added) != 0 {
				t.Errorf("after the rebuild a pass added %+v, want nothing new", rep.Added)
			}
			if n := site.Hits(feedstest.Reforme.Path); n != 0 {
				t.Errorf("a stored article was fetched again %d times", n)
			}
			res, err := corpus.Load(t.Context(), os.DirFS(root), corpus.LoadOptions{})
			if err != nil || len(res.Articles) != 4 {
				t.Fatalf("corpus: %v, %d articles, want the 4 stored once", err, len(res.Articles))
			}
			if _, err := loadStateFile(path); err != nil {
				t.Errorf("the rebuilt state does not read back: %v", err)
			}
		})
	}
}

// loadStateFile reads a state file strictly, as a test of what was saved.
func loadStateFile(path string) (*state, error) {
	st, moved, err := loadState(path, time.Now())
	if err == nil && moved != "" {
		err = os.ErrInvalid
	}
	return st, err
}

// TestWriteAtomicLeavesNoTemp: writeAtomic replaces the file whole and
// leaves no temporary file, also over an existing one.
func TestWriteAtomicLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "f.json")
	for _, want := range []string{"first", "second, longer"} {
		if err := atomicfile.WriteFile(path, []byte(want)); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != want {
			t.Errorf("content %q, want %q", got, want)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want only f.json", len(entries))
	}
}

// TestItemTimeBudget: an item whose page trickles at 1 byte/s is abandoned
// at its budget, not at the fetcher's 30 s timeout, and the pass goes on.
func TestItemTimeBudget(t *testing.T) {
	site := feedstest.NewSite(t)
	site.ServeSlow("/slow", []byte(feedstest.Page(feedstest.Tram, "")), 1)
	site.Serve("/slow.xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Lent</title>`+
		`<item><title>Lent</title><link>`+site.URL+`/slow</link></item>`+
		`<item><title>Port</title><link>`+site.URL+feedstest.Port.Path+`</link></item></channel></rss>`)
	p, err := New(Config{
		Feeds:       []string{site.URL + "/slow.xml"},
		Root:        t.TempDir(),
		Fetcher:     NewFetcher(FetcherConfig{UserAgent: "verbatim-test", AllowPrivate: true, HostDelay: -1}),
		ItemTimeout: time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	// The bound is the fetcher's own timeout: past it the budget was not
	// applied.
	ctx, cancel := context.WithTimeout(t.Context(), DefaultTimeout/2)
	defer cancel()
	rep, err := p.Sync(ctx)
	if err != nil {
		t.Fatalf("Sync: %v (the slow item held the pass)", err)
	}
	if len(rep.Added) != 1 || len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0].Reason, "within its 1s budget") {
		t.Errorf("added %+v, skipped %+v; want the port added and the slow page skipped past its budget", rep.Added, rep.Skipped)
	}
}

// TestAddDoesNotWaitForPass: an admin's file addition completes while a
// pass is stuck on a slow item (it waited for the whole pass before).
func TestAddDoesNotWaitForPass(t *testing.T) {
	site := feedstest.NewSite(t)
	site.ServeSlow("/slow", []byte(feedstest.Page(feedstest.Tram, "")), 1)
	site.Serve("/slow.xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Lent</title>`+
		`<item><title>Lent</title><link>`+site.URL+`/slow</link></item></channel></rss>`)
	root := t.TempDir()
	p, err := New(Config{
		Feeds:       []string{site.URL + "/slow.xml"},
		Root:        root,
		Fetcher:     NewFetcher(FetcherConfig{UserAgent: "verbatim-test", AllowPrivate: true, HostDelay: -1}),
		ItemTimeout: time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	passDone := make(chan struct{})
	go func() {
		defer close(passDone)
		p.Sync(ctx)
	}()
	for site.Hits("/slow") == 0 {
		select {
		case <-passDone:
			t.Fatal("the pass ended before fetching the slow item")
		case <-time.After(10 * time.Millisecond):
		}
	}
	addCtx, addCancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer addCancel()
	added, err := p.AddFile(addCtx, "note.txt", []byte("date: 2025-05-02\n\nLe maire a inauguré le pont.\n"))
	if err != nil {
		t.Fatalf("AddFile during a pass: %v", err)
	}
	select {
	case <-passDone:
		t.Fatal("AddFile returned only once the pass ended")
	default:
	}
	if !strings.HasPrefix(added.Path, InboxFolder+"/") {
		t.Errorf("added %+v, want a file of the inbox", added)
	}
	cancel()
	<-passDone
}
