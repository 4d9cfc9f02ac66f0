package telegram

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"verbatim/bot"
	librarypkg "verbatim/bot/library"
	"verbatim/corpus"
	"verbatim/feeds"
	"verbatim/feeds/feedstest"
	"verbatim/retrieval"
	"verbatim/watch"
)

// groupAdminID administers the test groups (getChatMember).
const groupAdminID = 5

// todayFeed publishes stories of the site today.
func todayFeed(site *feedstest.Site, stories ...feedstest.Story) string {
	today := time.Now().Format(time.RFC1123Z)
	var items strings.Builder
	for _, s := range stories {
		fmt.Fprintf(&items, "<item><title>%s</title><link>%s%s</link><guid>%s%s</guid><pubDate>%s</pubDate></item>", s.Title, site.URL, s.Path, site.URL, s.Path, today)
	}
	return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Le Quotidien</title><link>` + site.URL + `/</link>` + items.String() + `</channel></rss>`
}

// alertsIn returns the alerts sent to chat: messages with a stop button.
func alertsIn(api *apiServer, chat int64) []apiCall {
	var out []apiCall
	for _, c := range api.sentTo(chat) {
		if strings.Contains(c.Params["reply_markup"], "unwatch:") {
			out = append(out, c)
		}
	}
	return out
}

// TestWatchAlertsEndToEnd runs watches over a fake news site and the fake
// Bot API: /watch in a chat; a feeds pass brings two articles, one
// answering it: exactly one alert in that chat, quoting only the new
// article; a pass with nothing new and a restart: none; /unwatch: none
// after. In a group only administrators may add a watch.
func TestWatchAlertsEndToEnd(t *testing.T) {
	ctx := context.Background()
	site := feedstest.NewSite(t)
	site.Serve("/today.xml", todayFeed(site, feedstest.Reforme, feedstest.Incendie))
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "budget.txt"), []byte("title: Le budget de la ville\ndate: 2025-11-02\n\nLe maire a présenté mardi le budget de la ville, en hausse de trois pour cent."), 0o644)
	poller, err := feeds.New(feeds.Config{
		Feeds:   []string{site.URL + "/today.xml"},
		Root:    root,
		Fetcher: feeds.NewFetcher(feeds.FetcherConfig{UserAgent: "verbatim-test", AllowPrivate: true}),
	})
	if err != nil {
		t.Fatal(err)
	}
	src := &retrieval.Source{Path: root, Load: func(ctx context.Context, known corpus.Known) (*corpus.Result, error) {
		return corpus.LoadPath(ctx, root, corpus.LoadOptions{Known: known})
	}}
	indexDir := t.TempDir()
	h, _, err := librarypkg.Open(ctx, librarypkg.Config{Store: librarypkg.Dir{Path: indexDir}, Source: src, Embedder: retrieval.NewLocalEmbedder(),
		Ready: func(ix *retrieval.Index) { ix.SetOptions(retrieval.DefaultSearchOptions()) }})
	if err != nil {
		t.Fatal(err)
	}
	store, err := watch.OpenBolt(filepath.Join(indexDir, "watches.db"))
	if err != nil {
		t.Fatal(err)
	}
	api := newAPIServer(t, testToken)

	// start runs a bot and its watch engine over the holder, as serve
	// does; it returns the stop function.
	start := func() (stop func()) {
		hr := startHarness(t, harnessOptions{api: api, config: func(c *Config) { c.Watches = store }})
		hr.core.SetLibrary(h)
		e, err := watch.NewEngine(watch.Config{
			Store: store, Consumer: "telegram",
			NewCore: func(lib bot.Library) *bot.Core { return bot.NewCore(lib, bot.Config{}) },
			Deliver: hr.bot.SendAlert,
			Window:  10 * time.Millisecond,
		})
		if err != nil {
			t.Fatal(err)
		}
		h.OnSwap(e.Publish)
		ectx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { e.Run(ectx, h.Index); close(done) }()
		return func() { cancel(); <-done; hr.stop(t) }
	}
	// pass polls the feeds and indexes what they brought, as serve's feed
	// loop does, then leaves the engine time to match.
	pass := func() {
		t.Helper()
		rep, err := poller.Sync(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Added) > 0 {
			if _, err := h.Reindex(ctx, nil); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(500 * time.Millisecond)
	}

	stop := start()
	const chat, group = 42, -100
	alice := user(chat, "fr")
	hr := &harness{api: api}
	if got := hr.ask(t, chat, "private", alice, "/watch Quand la réforme sera-t-elle votée ?", nil); !strings.Contains(got.Params["text"], "Veille 1 ajoutée") {
		t.Errorf("/watch replied %q", got.Params["text"])
	}
	if got := hr.ask(t, group, "supergroup", user(7, "fr"), "/watch Incendie à Lyon", nil); !strings.Contains(got.Params["text"], "administrateurs") {
		t.Errorf("/watch by a group member replied %q, want admins only", got.Params["text"])
	}
	if got := hr.ask(t, group, "supergroup", user(groupAdminID, "fr"), "/watch Combien de pompiers pour l'incendie de Lyon ?", nil); !strings.Contains(got.Params["text"], "ajoutée") {
		t.Errorf("/watch by the group's admin replied %q", got.Params["text"])
	}

	pass()
	got := alertsIn(api, chat)
	if len(got) != 1 {
		t.Fatalf("after the pass: %d alerts in the chat, want 1", len(got))
	}
	text := got[0].Params["text"]
	for _, want := range []string{"Quand la réforme sera-t-elle votée ?", "la réforme sera votée avant l'été", feedstest.Reforme.Title} {
		if !strings.Contains(text, want) {
			t.Errorf("alert lacks %q:\n%s", want, text)
		}
	}
	for _, other := range []string{"incendie", "budget"} {
		if strings.Contains(strings.ToLower(text), other) {
			t.Errorf("alert quotes another article (%q):\n%s", other, text)
		}
	}
	if n := len(alertsIn(api, group)); n != 1 {
		t.Errorf("group: %d alerts, want 1 (the fire answers its watch)", n)
	}

	pass()
	stop()
	stop = start()
	time.Sleep(500 * time.Millisecond)
	if n := len(alertsIn(api, chat)); n != 1 {
		t.Errorf("after a pass with nothing new and a restart: %d alerts, want still 1", n)
	}
	if got := hr.ask(t, chat, "private", alice, "/watches", nil); !strings.Contains(got.Params["text"], "1. Quand la réforme sera-t-elle votée ? (dernière alerte ") {
		t.Errorf("/watches replied %q", got.Params["text"])
	}
	if got := hr.ask(t, chat, "private", alice, "/unwatch 1", nil); !strings.Contains(got.Params["text"], "Veille 1 supprimée") {
		t.Errorf("/unwatch replied %q", got.Params["text"])
	}
	site.Serve("/today.xml", todayFeed(site, feedstest.Reforme, feedstest.Incendie, feedstest.Tram, feedstest.Port))
	os.WriteFile(filepath.Join(root, "reforme-bis.txt"), []byte("title: Retraites\ndate: "+time.Now().Format("2006-01-02")+"\n\nLa ministre a confirmé que la réforme sera votée avant l'été."), 0o644)
	pass()
	stop()
	if n := len(alertsIn(api, chat)); n != 1 {
		t.Errorf("after /unwatch: %d alerts, want still 1", n)
	}
}
