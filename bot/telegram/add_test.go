package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"verbatim/corpus"
	"verbatim/feeds"
	"verbatim/feeds/feedstest"
	"verbatim/retrieval"
)

// testAdder is an Adder like the one cmd wires, over a real poller and a real
// rebuild of the harness' index.
type testAdder struct {
	h      *harness
	poller *feeds.Poller
	root   string
	mu     sync.Mutex
}

func (a *testAdder) reindex(ctx context.Context) error {
	res, err := corpus.LoadPath(ctx, a.root, corpus.LoadOptions{})
	if err != nil {
		return err
	}
	ix, _, err := retrieval.Build(ctx, a.h.indexTo, res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{})
	if err != nil {
		return err
	}
	a.h.lib.set(ix)
	a.h.core.SetLibrary(ix)
	return nil
}

func (a *testAdder) result(ctx context.Context, ad feeds.Added, err error) (AddResult, error) {
	if err != nil {
		return AddResult{}, err
	}
	if err := a.reindex(ctx); err != nil {
		return AddResult{}, err
	}
	return AddResult{Title: ad.Title, Date: ad.Date, Chunks: 1}, nil
}

func (a *testAdder) AddURL(ctx context.Context, u string) (AddResult, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ad, err := a.poller.AddURL(ctx, u)
	return a.result(ctx, ad, err)
}

func (a *testAdder) AddFile(ctx context.Context, name string, data []byte) (AddResult, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ad, err := a.poller.AddFile(ctx, name, data)
	return a.result(ctx, ad, err)
}

// documentMessage is a message carrying a document.
func (s *apiServer) documentMessage(chatID int64, from map[string]any, fileID, name string, size int) map[string]any {
	upd := s.textMessage(chatID, "private", from, "", nil)
	msg := upd["message"].(map[string]any)
	delete(msg, "text")
	msg["document"] = map[string]any{"file_id": fileID, "file_unique_id": "u" + fileID, "file_name": name, "mime_type": "text/html", "file_size": size}
	return upd
}

// TestAddLinkAndDocument: an admin's link and an admin's uploaded HTML
// file become answerable in the same test; a non-admin's are refused
// without a fetch or a download.
func TestAddLinkAndDocument(t *testing.T) {
	site := feedstest.NewSite(t)
	root := t.TempDir()
	if err := os.CopyFS(root+"/seed", corpus.Seed()); err != nil {
		t.Fatal(err)
	}
	poller, err := feeds.New(feeds.Config{
		Root:    root,
		Fetcher: feeds.NewFetcher(feeds.FetcherConfig{UserAgent: "verbatim-test", AllowPrivate: true, HostDelay: -1}),
	})
	if err != nil {
		t.Fatal(err)
	}
	adder := &testAdder{poller: poller, root: root}
	h := startHarness(t, harnessOptions{config: func(c *Config) { c.Adder = adder }})
	adder.h = h
	admin := user(1, "fr")
	stranger := user(42, "fr")
	h.api.addFile("doc-port", []byte(feedstest.Page(feedstest.Port, site.URL)))
	h.api.addFile("doc-stranger", []byte(feedstest.Page(feedstest.Incendie, site.URL)))

	// A non-admin's link, bare link and document are refused.
	for _, text := range []string{"/add " + site.URL + feedstest.Reforme.Path, site.URL + feedstest.Reforme.Path} {
		got := h.ask(t, 42, "private", stranger, text, nil)
		if !strings.Contains(got.Params["text"], "administrateur") {
			t.Errorf("non-admin %q: reply %q, want a refusal", text, got.Params["text"])
		}
	}
	before := len(h.api.sentTo(42))
	h.api.push(h.api.documentMessage(42, stranger, "doc-stranger", "incendie.html", 1000))
	if got := h.nextSent(t, 42, before); !strings.Contains(got.Params["text"], "administrateur") {
		t.Errorf("non-admin document: reply %q, want a refusal", got.Params["text"])
	}
	if n := site.Hits(feedstest.Reforme.Path); n != 0 {
		t.Errorf("a non-admin's link was fetched %d times", n)
	}
	if n := len(h.api.callsOf("getFile")); n != 0 {
		t.Errorf("a non-admin's document was requested (%d getFile calls)", n)
	}

	// The admin's link: added, then answerable.
	got := h.ask(t, 1, "private", admin, "/add "+site.URL+"/go/tram", nil)
	text := got.Params["text"]
	if got.Params["parse_mode"] != "HTML" || !strings.Contains(text, "Ajouté") || !strings.Contains(text, escape(feedstest.Tram.Title)) {
		t.Fatalf("admin link: reply %q (%s), want the title added", text, got.Params["parse_mode"])
	}
	got = h.ask(t, 1, "private", admin, "Combien de voyageurs par jour la nouvelle ligne de tramway transportera-t-elle ?", nil)
	if !strings.Contains(got.Params["text"], "quarante mille voyageurs") {
		t.Errorf("the added link does not answer:\n%s", got.Params["text"])
	}

	// A bare link from the admin in a private chat is added too.
	got = h.ask(t, 1, "private", admin, site.URL+feedstest.Reforme.Path, nil)
	if !strings.Contains(got.Params["text"], "Ajouté") || !strings.Contains(got.Params["text"], escape(feedstest.Reforme.Title)) {
		t.Errorf("admin bare link: reply %q, want the title added", got.Params["text"])
	}

	// The admin's HTML document: downloaded with getFile, added, answerable.
	before = len(h.api.sentTo(1))
	h.api.push(h.api.documentMessage(1, admin, "doc-port", "port.html", 4000))
	got = h.nextSent(t, 1, before)
	if !strings.Contains(got.Params["text"], "Ajouté") || !strings.Contains(got.Params["text"], escape(feedstest.Port.Title)) {
		t.Fatalf("admin document: reply %q, want the title added", got.Params["text"])
	}
	got = h.ask(t, 1, "private", admin, "Que va devenir l'ancienne douane du port ?", nil)
	if !strings.Contains(got.Params["text"], "bibliothèque publique") {
		t.Errorf("the added document does not answer:\n%s", got.Params["text"])
	}
	for _, bp := range feedstest.Boilerplate {
		if strings.Contains(got.Params["text"], bp) {
			t.Errorf("answer quotes boilerplate %q", bp)
		}
	}

	// A link to a private address is refused even for an admin when the
	// fetcher does not allow it.
	strict, err := feeds.New(feeds.Config{Root: root, Fetcher: feeds.NewFetcher(feeds.FetcherConfig{UserAgent: "verbatim-test", HostDelay: -1})})
	if err != nil {
		t.Fatal(err)
	}
	adder.mu.Lock()
	adder.poller = strict
	adder.mu.Unlock()
	got = h.ask(t, 1, "private", admin, "/add http://169.254.169.254/latest/meta-data/", nil)
	if got.Params["text"] != addFR.notPublic {
		t.Errorf("metadata link: reply %q, want a refusal naming the reason", got.Params["text"])
	}
}

// TestReindexListsUnsupportedAndFeedState: the /reindex report names the
// files skipped as unsupported, and /stats and /latest show the feeds'
// state, fetched titles escaped where the message is HTML.
func TestReindexListsUnsupportedAndFeedState(t *testing.T) {
	files := fstest.MapFS{"report.pdf": {Data: []byte("%PDF-1.7")}, "note.txt": {Data: []byte("date: 2025-04-03\n\nLe maire a inauguré le pont.")}}
	polled := time.Date(2025, 4, 3, 9, 30, 0, 0, time.UTC)
	h := startHarness(t, harnessOptions{
		reindex: func(h *harness) Reindexer {
			return func(ctx context.Context, progress func(done, total int)) (retrieval.Report, error) {
				res, err := corpus.Load(ctx, files, corpus.LoadOptions{})
				if err != nil {
					return retrieval.Report{}, err
				}
				ix, rep, err := retrieval.Build(ctx, h.indexTo, res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{Progress: progress})
				if err == nil {
					h.core.SetLibrary(ix)
					h.lib.set(ix)
				}
				return rep, err
			}
		},
		config: func(c *Config) {
			c.FeedStatus = func() FeedStatus {
				return FeedStatus{Sources: []string{"Le Quotidien", "<b>Dépêches</b>"}, LastPoll: polled, NewToday: 3, Failing: 1,
					Failures: []string{"https://x.example/rss: HTTP 500 Internal Server Error (2 in a row)"}}
			}
		},
	})
	admin := user(1, "en")
	h.ask(t, 1, "private", admin, "/reindex", nil)
	edits := h.api.waitCalls(t, "editMessageText", waitLong, func(c []apiCall) bool {
		return len(c) > 0 && strings.HasPrefix(c[len(c)-1].Params["text"], "Reindex done")
	})
	if final := edits[len(edits)-1].Params["text"]; !strings.Contains(final, "report.pdf: unsupported format: .pdf") {
		t.Errorf("reindex report = %q, want report.pdf listed as unsupported", final)
	}
	for _, cmd := range []string{"/stats", "/latest"} {
		got := h.ask(t, 1, "private", admin, cmd, nil)
		text := got.Params["text"]
		if got.Params["parse_mode"] == "HTML" {
			if err := checkHTML(text); err != nil {
				t.Errorf("%s: invalid HTML: %v", cmd, err)
			}
			text = plainText(text)
		}
		for _, want := range []string{"2 sources", "Le Quotidien", "<b>Dépêches</b>", "2025-04-03 09:30 UTC", "3 new articles today", "1 failing", "HTTP 500"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s = %q, want it to show %q", cmd, text, want)
			}
		}
	}
}

// TestAdminMenuAndHelp: admins get the admin commands (/add first) in their
// own command menu and in /help; everyone else gets neither.
func TestAdminMenuAndHelp(t *testing.T) {
	h := startHarness(t, harnessOptions{config: func(c *Config) { c.Adder = &testAdder{} }})
	calls := h.api.waitCalls(t, "setMyCommands", waitLong, func(c []apiCall) bool { return len(c) >= 2*len(catalogues()) })
	menus := map[string]string{} // scope + language -> commands
	for _, c := range calls {
		var commands []struct{ Command, Description string }
		if err := json.Unmarshal([]byte(c.Params["commands"]), &commands); err != nil {
			t.Fatalf("setMyCommands commands %q: %v", c.Params["commands"], err)
		}
		var names []string
		for _, cmd := range commands {
			names = append(names, cmd.Command)
		}
		menus[c.Params["scope"]+" "+c.Params["language_code"]] = strings.Join(names, " ")
	}
	const everyone, admin = "help ask sources source search latest", "help ask sources source search latest add stats"
	for key, want := range map[string]string{
		" ":                              everyone,
		" fr":                            everyone,
		`{"type":"chat","chat_id":1} `:   admin,
		`{"type":"chat","chat_id":1} fr`: admin,
		" de":                            everyone,
		" es":                            everyone,
		`{"type":"chat","chat_id":1} ru`: admin,
	} {
		if got := menus[key]; got != want {
			t.Errorf("menu %q: got %q, want %q (menus: %q)", key, got, want, menus)
		}
	}

	tests := []struct {
		name      string
		chat      int64
		from      map[string]any
		wantAdmin string
	}{
		{"admin, French", 1, user(1, "fr"), "/add URL – ajouter l’article de cette adresse"},
		{"admin, English", 1, user(1, "en"), "/add URL – add the article at URL"},
		{"not an admin", 42, user(42, "en"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := h.ask(t, tt.chat, "private", tt.from, "/help", nil).Params["text"]
			if tt.wantAdmin == "" && strings.Contains(got, "/add") {
				t.Errorf("/help for a non-admin shows /add:\n%s", got)
			}
			if tt.wantAdmin != "" && (!strings.Contains(got, tt.wantAdmin) || !strings.Contains(got, "/stats")) {
				t.Errorf("/help for an admin:\n%s\nwant it to contain %q and /stats", got, tt.wantAdmin)
			}
			if strings.Contains(got, "/reindex") {
				t.Errorf("/help shows /reindex, which this bot cannot run:\n%s", got)
			}
		})
	}
}

// TestAddFailureNamesNoInternals maps the errors an addition meets to the
// catalogue's texts: no resolver address, status line or loader reason
// reaches the user.
func TestAddFailureNamesNoInternals(t *testing.T) {
	dns := &url.Error{Op: "Get", URL: "https://example.org/a", Err: &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "example.org", Server: "10.0.0.1:53"}}}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"DNS failure", fmt.Errorf("fetch: %w", dns), addFR.unreachable},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}, addFR.unreachable},
		{"HTTP error", errors.New("fetch https://example.org/a: HTTP 404 Not Found"), fmt.Sprintf(addFR.httpStatus, 404)},
		{"private address", errors.New("refused: 10.0.0.5 is not a public address (FEEDS_ALLOW_PRIVATE=1 allows it)"), addFR.notPublic},
		{"empty file", errors.New("a.txt: empty file"), addFR.noText},
		{"timeout", fmt.Errorf("fetch: %w", context.DeadlineExceeded), addFR.timedOut},
		{"too large", errors.New("too large: more than 5242880 bytes"), addFR.tooLargeBody},
		{"not a link", errors.New(`not an http(s) link: "ftp://x"`), addFR.notALink},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := addFailure(tt.err, &addFR)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			for _, leak := range []string{"10.0.0", "HTTP 404", "empty file", "lookup", "FEEDS_ALLOW_PRIVATE"} {
				if strings.Contains(got, leak) {
					t.Errorf("got %q, which shows %q", got, leak)
				}
			}
		})
	}
	if en := addFailure(errors.New("HTTP 500 Internal Server Error"), &addEN); en != "Not added: the site answered with an error (500)." {
		t.Errorf("English: got %q", en)
	}
}
