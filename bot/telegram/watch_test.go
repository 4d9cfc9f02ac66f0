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
	"verbatim/bot/pgstate"
	"verbatim/corpus"
	"verbatim/feeds"
	"verbatim/feeds/feedstest"
	"verbatim/retrieval"
	"verbatim/retrieval/pgstore"
	"verbatim/retrieval/pgstore/pgtest"
	"verbatim/watch"
	"verbatim/watch/pgwatch"
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

// newsFeeds serves a news site whose feed brings two articles of today,
// one answering the reform watch and one on a fire, and a corpus folder
// holding an older article; it returns the poller filling the folder.
func newsFeeds(t *testing.T) (*feedstest.Site, string, *feeds.Poller) {
	t.Helper()
	site := feedstest.NewSite(t)
	site.Serve("/today.xml", todayFeed(site, feedstest.Reforme, feedstest.Incendie))
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "budget.txt"), []byte("title: Le budget de la ville\ndate: 2025-11-02\n\nLe maire a présenté mardi le budget de la ville, en hausse de trois pour cent."), 0o644); err != nil {
		t.Fatal(err)
	}
	poller, err := feeds.New(feeds.Config{
		Feeds:   []string{site.URL + "/today.xml"},
		Root:    root,
		Fetcher: feeds.NewFetcher(feeds.FetcherConfig{UserAgent: "verbatim-test", AllowPrivate: true}),
	})
	if err != nil {
		t.Fatal(err)
	}
	return site, root, poller
}

// rootSource loads the corpus folder root.
func rootSource(root string) *retrieval.Source {
	return &retrieval.Source{Path: root, Load: func(ctx context.Context, known corpus.Known) (*corpus.Result, error) {
		return corpus.LoadPath(ctx, root, corpus.LoadOptions{Known: known})
	}}
}

// startWatching runs a bot and its watch engine over the holder, as serve
// does; config sets the bot's stores. It returns the stop function.
func startWatching(t *testing.T, api *apiServer, h *librarypkg.Holder, store watch.Store, config func(*Config)) (stop func()) {
	t.Helper()
	hr := startHarness(t, harnessOptions{api: api, config: config})
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
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.Run(ctx, h.Index); close(done) }()
	return func() { cancel(); <-done; hr.stop(t) }
}

// feedPass polls the feeds and indexes what they brought into h, as
// serve's feed loop does, then leaves the engines time to match.
func feedPass(t *testing.T, poller *feeds.Poller, h *librarypkg.Holder) {
	t.Helper()
	ctx := context.Background()
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

// checkReformAlert checks that an alert of the reform watch quotes the new
// reform article and no other.
func checkReformAlert(t *testing.T, text string) {
	t.Helper()
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
}

// TestWatchAlertsEndToEnd runs watches over a fake news site and the fake
// Bot API: /watch in a chat; a feeds pass brings two articles, one
// answering it: exactly one alert in that chat, quoting only the new
// article; a pass with nothing new and a restart: none; /unwatch: none
// after. In a group only administrators may add a watch.
func TestWatchAlertsEndToEnd(t *testing.T) {
	ctx := context.Background()
	site, root, poller := newsFeeds(t)
	src := rootSource(root)
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

	start := func() (stop func()) {
		return startWatching(t, api, h, store, func(c *Config) { c.Watches = store })
	}
	pass := func() { t.Helper(); feedPass(t, poller, h) }

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
	checkReformAlert(t, got[0].Params["text"])
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

// TestWatchAlertsTwoReplicasPostgres runs two replicas as serve does on
// PostgreSQL: each its own bot, library holder and watch engine, sharing
// the index, the update log and the watches in one database and polling
// one Bot API. A watch added with /watch in a chat; a feeds pass bringing
// two articles (one answering it), built by one replica and followed by
// the other, so that both engines match it: exactly one alert in the
// chat, quoting only the new article; a pass with nothing new, then a
// restart of both: none.
func TestWatchAlertsTwoReplicasPostgres(t *testing.T) {
	url, schema := pgtest.Schema(t)
	ctx := context.Background()
	_, root, poller := newsFeeds(t)
	src := rootSource(root)
	api := newAPIServer(t, testToken)

	// replica starts one serve process: its own connections, the holder
	// following the generations the others publish, the bot and the
	// engine. It returns the holder and the stop function.
	replica := func() (*librarypkg.Holder, func()) {
		t.Helper()
		s, err := pgstore.Connect(ctx, pgstore.Config{URL: url, Schema: schema})
		if err != nil {
			t.Fatal(err)
		}
		h, _, err := librarypkg.Open(ctx, librarypkg.Config{Store: librarypkg.Database{Store: s, Poll: 50 * time.Millisecond}, Source: src,
			Embedder: retrieval.NewLocalEmbedder(), Ready: func(ix *retrieval.Index) { ix.SetOptions(retrieval.DefaultSearchOptions()) }})
		if err != nil {
			t.Fatal(err)
		}
		store, err := pgwatch.Open(ctx, s.Pool())
		if err != nil {
			t.Fatal(err)
		}
		updates := pgstate.New(s.Pool(), 10*time.Second, nil).UpdateLog(nil)
		stopWatching := startWatching(t, api, h, store, func(c *Config) { c.Watches, c.UpdateLog = store, updates })
		fctx, cancel := context.WithCancel(ctx)
		following := make(chan struct{})
		go func() { defer close(following); h.Follow(fctx) }()
		return h, func() { cancel(); <-following; stopWatching(); s.Close() }
	}
	// served waits until both replicas serve n articles.
	served := func(n int, hs ...*librarypkg.Holder) {
		t.Helper()
		for deadline := time.Now().Add(waitLong); ; time.Sleep(20 * time.Millisecond) {
			if hs[0].Info().Articles == n && hs[1].Info().Articles == n {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("replicas serve %d and %d articles, want %d", hs[0].Info().Articles, hs[1].Info().Articles, n)
			}
		}
	}

	a, stopA := replica() // the first builds the corpus folder into the empty database
	b, stopB := replica()
	served(1, a, b)
	const chat = 42
	hr := &harness{api: api}
	if got := hr.ask(t, chat, "private", user(chat, "fr"), "/watch Quand la réforme sera-t-elle votée ?", nil); !strings.Contains(got.Params["text"], "Veille 1 ajoutée") {
		t.Errorf("/watch replied %q", got.Params["text"])
	}

	feedPass(t, poller, a)
	served(3, a, b)
	api.waitCalls(t, "sendMessage", waitLong, func([]apiCall) bool { return len(alertsIn(api, chat)) > 0 })
	time.Sleep(time.Second) // both engines have matched the publication by now
	got := alertsIn(api, chat)
	if len(got) != 1 {
		t.Fatalf("after the pass: %d alerts in the chat, want 1", len(got))
	}
	checkReformAlert(t, got[0].Params["text"])

	feedPass(t, poller, b)
	stopA()
	stopB()
	a, stopA = replica()
	b, stopB = replica()
	served(3, a, b)
	time.Sleep(time.Second)
	stopA()
	stopB()
	if n := len(alertsIn(api, chat)); n != 1 {
		t.Errorf("after a pass with nothing new and a restart of both: %d alerts, want still 1", n)
	}
	if n := len(api.sentTo(chat)); n != 2 {
		t.Errorf("%d messages sent to the chat, want 2 (the /watch reply and the alert)", n)
	}
}
