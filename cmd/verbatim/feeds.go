package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"verbatim/bot/telegram"
	"verbatim/corpus"
	"verbatim/feeds"
	"verbatim/metrics"
	"verbatim/retrieval"
)

// projectURL is the address the feeds' User-Agent gives for verbatim.
const projectURL = "https://github.com/verbatim-news/verbatim"

// userAgent names verbatim, its version and where to learn about it, and
// the operator's contact (FEEDS_CONTACT, an email address or a URL) when
// set, so a site's operator knows who fetches its pages and whom to ask.
func userAgent(contact string) string {
	if contact == "" {
		return fmt.Sprintf("verbatim/%s (news question answering; +%s)", version, projectURL)
	}
	return fmt.Sprintf("verbatim/%s (news question answering; +%s; contact: %s)", version, projectURL, contact)
}

// checkContact validates FEEDS_CONTACT: an email address or an http(s)
// URL, printable, without the characters that would end a User-Agent
// comment.
func checkContact(contact string) error {
	if contact == "" {
		return nil
	}
	if len(contact) > 200 || strings.ContainsAny(contact, "()\\") || strings.IndexFunc(contact, func(r rune) bool { return r <= ' ' || r >= 0x7f }) >= 0 {
		return usagef("FEEDS_CONTACT must be an email address or a URL without spaces or parentheses, not %q", contact)
	}
	if u, err := url.Parse(contact); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return nil
	}
	if at := strings.Index(contact, "@"); at > 0 && at < len(contact)-1 && !strings.Contains(contact, "://") {
		return nil
	}
	return usagef("FEEDS_CONTACT must be an email address or an http(s) URL, not %q", contact)
}

// feedURLs reads FEEDS: a comma- or space-separated list of URLs, or the
// path of a file with one URL per line (blank lines and # comments
// ignored).
func feedURLs(spec string) ([]string, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return nil, nil
	}
	var fields []string
	if !strings.Contains(spec, "://") {
		f, err := os.Open(spec)
		if err != nil {
			return nil, usagef("FEEDS is neither a list of URLs nor a readable file: %v", err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			fields = append(fields, strings.Fields(line)[0])
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("read FEEDS file %s: %w", spec, err)
		}
	} else {
		fields = strings.FieldsFunc(spec, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == ';' })
	}
	var urls []string
	seen := map[string]bool{}
	for _, u := range fields {
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return nil, usagef("FEEDS: %q is not an http(s) URL", u)
		}
		if !seen[u] {
			seen[u] = true
			urls = append(urls, u)
		}
	}
	return urls, nil
}

// newPoller opens the poller writing into the corpus folder root.
func (a *app) newPoller(root string) (*feeds.Poller, error) {
	urls, err := feedURLs(a.cfg.Feeds)
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(root); err == nil && !info.IsDir() {
		return nil, usagef("the corpus %s is a file: feeds and added articles need a corpus folder", root)
	}
	return feeds.New(feeds.Config{
		Feeds: urls,
		Root:  root,
		Fetcher: feeds.NewFetcher(feeds.FetcherConfig{
			UserAgent:    userAgent(a.cfg.FeedsContact),
			AllowPrivate: a.cfg.FeedsAllowPrivate,
			HostDelay:    a.cfg.FeedHostDelay,
		}),
		Logger: a.logger,
		Now:    a.now,
	})
}

// feedsRoot is the corpus folder feeds write into: the corpus, else (the
// embedded seed) the data folder, seeded with the embedded article so that
// it reads as the seed plus what was added.
func (a *app) feedsRoot(cdir string) (string, error) {
	if cdir != "" {
		return cdir, nil
	}
	dir := a.cfg.DataDir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create the data folder %s (set CORPUS_DIR or DATA_DIR): %w", dir, err)
	}
	if err := copySeed(filepath.Join(dir, "seed")); err != nil {
		return "", err
	}
	return dir, nil
}

// copySeed writes the embedded seed articles into dir once.
func copySeed(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	tmp := dir + ".tmp"
	os.RemoveAll(tmp)
	if err := os.CopyFS(tmp, corpus.Seed()); err != nil {
		return fmt.Errorf("copy the seed corpus: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("copy the seed corpus: %w", err)
	}
	return nil
}

// refreshIndex brings the index of the corpus at cdir up to date, embedding
// only the chunks it does not hold yet.
func (a *app) refreshIndex(ctx context.Context, cdir, idir string) (retrieval.Report, error) {
	dir, err := indexDirFor(idir, cdir)
	if err != nil {
		return retrieval.Report{}, err
	}
	state, err := a.corpusSource(cdir).State(ctx, corpus.State{})
	if err != nil {
		state = corpus.State{}
	}
	res, err := a.loadCorpus(ctx, cdir)
	if err != nil {
		return retrieval.Report{}, err
	}
	if a.cfg.DatabaseURL != "" {
		rep, err := a.indexDatabase(ctx, corpusFlags{}, res)
		if err != nil {
			return rep, fmt.Errorf("index %s: %w", corpusLabel(cdir), err)
		}
		return rep, nil
	}
	emb := a.embedder()
	rep, current, err := retrieval.UpToDate(dir, emb, res, corpus.DefaultChunkOptions)
	if err != nil {
		return rep, fmt.Errorf("index %s: %w", corpusLabel(cdir), err)
	}
	if current {
		return rep, nil
	}
	o := a.buildOptions()
	o.Logger, o.Corpus = a.logger, state
	_, rep, err = retrieval.Build(ctx, dir, res, emb, o)
	if err != nil {
		return rep, fmt.Errorf("index %s: %w", corpusLabel(cdir), err)
	}
	return rep, nil
}

func runFeeds(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 || args[0] != "sync" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprintln(a.stdout, "Usage: verbatim feeds sync [--corpus DIR] [--index DIR] [--json] [--force]")
			fmt.Fprintln(a.stdout, "Polls every feed of FEEDS once, stores the new articles in the corpus and indexes them.")
			fmt.Fprintln(a.stdout, "Exits with status 1 when no feed could be polled; --force retries failed feeds and pages now.")
			return nil
		}
		return usagef("usage: verbatim feeds sync [--corpus DIR] [--index DIR] [--json] [--force]")
	}
	fs := a.flags("feeds sync", "[--corpus DIR] [--index DIR] [--json] [--force]")
	var cf corpusFlags
	cf.register(fs, true)
	asJSON := fs.Bool("json", false, "print the report as one JSON object")
	force := fs.Bool("force", false, "retry now the feeds waiting after failures and the pages given up on")
	if err := a.parse(fs, args[1:]); err != nil {
		return done(err)
	}
	if fs.NArg() > 0 {
		return usagef("feeds sync takes no arguments")
	}
	if cf.database != "" {
		a.cfg.DatabaseURL = cf.database
	}
	if strings.TrimSpace(a.cfg.Feeds) == "" {
		return usagef("feeds sync needs FEEDS: a file of feed URLs, one per line, or a comma-separated list")
	}
	root, err := a.feedsRoot(a.corpusDir(cf))
	if err != nil {
		return err
	}
	p, err := a.newPoller(root)
	if err != nil {
		return err
	}
	rep, err := p.SyncWith(ctx, feeds.SyncOptions{Force: *force})
	if err != nil {
		return err
	}
	// No feed polled: the command failed, though the report still says why.
	var allFailed error
	if rep.Feeds > 0 && rep.Polled == 0 {
		allFailed = fmt.Errorf("feeds sync: no feed could be polled (%d failed, %d waiting after failures; --force retries now)",
			len(rep.Failures), rep.Deferred)
	}
	idir := cf.index
	if idir == "" {
		idir = a.cfg.IndexDir
	}
	ixRep, err := a.refreshIndex(ctx, root, idir)
	if err != nil {
		return err
	}
	if *asJSON {
		if err := json.NewEncoder(a.stdout).Encode(struct {
			Feeds feeds.Report     `json:"feeds"`
			Index retrieval.Report `json:"index"`
		}{rep, ixRep}); err != nil {
			return err
		}
		return allFailed
	}
	fmt.Fprintf(a.stdout, "%d feeds: %d polled (%d not modified), %d waiting after failures, %d failed\n",
		rep.Feeds, rep.Polled, rep.NotModified, rep.Deferred, len(rep.Failures))
	fmt.Fprintf(a.stdout, "%d new articles, %d duplicates, %d skipped\n", len(rep.Added), rep.Duplicates, len(rep.Skipped))
	for _, ad := range rep.Added {
		fmt.Fprintf(a.stdout, "  + %s  %s  %s\n    %s\n", orDash(ad.Date), ad.Source, ad.Title, ad.URL)
	}
	for _, s := range rep.Skipped {
		fmt.Fprintf(a.stdout, "  skipped %s: %s\n", s.URL, s.Reason)
	}
	for _, f := range rep.Failures {
		fmt.Fprintf(a.stdout, "  failed %s: %s (%d in a row, next try %s)\n", f.Feed, f.Error, f.Failures, f.NextTry.Format(time.RFC3339))
	}
	if rep.Deferred > 0 && !*force {
		fmt.Fprintf(a.stdout, "  %d feed(s) waiting after failures are retried once their backoff ends, or the fetch settings change; --force retries them now\n", rep.Deferred)
	}
	fmt.Fprintf(a.stdout, "Index: %d articles, %d chunks; %d chunks embedded\n", ixRep.Articles, ixRep.Chunks, ixRep.Embedded)
	return allFailed
}

// corpusAdder adds links and documents sent to the bot: stored by the
// poller in the corpus' inbox folder, then indexed by reindex (which embeds
// only the new chunks).
type corpusAdder struct {
	poller  *feeds.Poller
	root    string
	reindex func(ctx context.Context) error
	mu      sync.Mutex
}

// AddURL fetches, stores and indexes the article at rawURL.
func (c *corpusAdder) AddURL(ctx context.Context, rawURL string) (telegram.AddResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ad, err := c.poller.AddURL(ctx, rawURL)
	return c.added(ctx, ad, err)
}

// AddFile stores and indexes a document.
func (c *corpusAdder) AddFile(ctx context.Context, name string, data []byte) (telegram.AddResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ad, err := c.poller.AddFile(ctx, name, data)
	return c.added(ctx, ad, err)
}

// added indexes a stored article and describes it for the bot: its title,
// date and chunk count.
func (c *corpusAdder) added(ctx context.Context, ad feeds.Added, addErr error) (telegram.AddResult, error) {
	dup := errors.Is(addErr, feeds.ErrDuplicate)
	if addErr != nil && !dup {
		return telegram.AddResult{}, addErr
	}
	r := telegram.AddResult{Title: ad.Title, Date: ad.Date, Duplicate: dup}
	if !dup {
		if err := c.reindex(ctx); err != nil {
			return r, err
		}
	}
	res, err := corpus.LoadPath(ctx, filepath.Join(c.root, filepath.FromSlash(ad.Path)), corpus.LoadOptions{})
	if err != nil {
		return r, nil
	}
	for _, art := range res.Articles {
		r.Chunks += len(corpus.Split(art, corpus.DefaultChunkOptions))
	}
	return r, nil
}

// feedStatus renders the feeds' state for /stats and /latest.
func feedStatus(p *feeds.Poller) func() telegram.FeedStatus {
	return func() telegram.FeedStatus {
		st := p.Status()
		out := telegram.FeedStatus{LastPoll: st.LastPoll, NewToday: st.NewToday, Failing: st.Failing}
		for _, f := range st.Feeds {
			name := f.Title
			if name == "" {
				name = f.URL
			}
			out.Sources = append(out.Sources, name)
			if f.Failures > 0 {
				out.Failures = append(out.Failures, fmt.Sprintf("%s: %s (%d in a row)", name, f.LastError, f.Failures))
			}
		}
		return out
	}
}

// startFeeds wires feeds and /add into serve when FEEDS or admins are
// configured: the poller writes into the corpus folder (or, with the seed,
// the data folder, which *cdir then names), polls every FEED_INTERVAL and
// reindexes after a pass that added articles. It returns the bot's adder
// and feed status, both nil when neither is configured. The polling runs
// on ctx, counted in running so that serve waits for it before returning.
func (a *app) startFeeds(ctx context.Context, running *sync.WaitGroup, cdir *string, reindex func(ctx context.Context) error) (telegram.Adder, func() telegram.FeedStatus, error) {
	if a.cfg.Feeds == "" && len(a.cfg.AdminIDs) == 0 {
		return nil, nil, nil
	}
	if *cdir == "" && a.cfg.DataDir == "" {
		a.logger.Warn("feeds and /add are off: set CORPUS_DIR or DATA_DIR for the articles they add")
		return nil, nil, nil
	}
	if info, err := os.Stat(*cdir); *cdir != "" && err == nil && !info.IsDir() {
		if a.cfg.Feeds != "" {
			return nil, nil, usagef("FEEDS needs a corpus folder, and the corpus %s is a file", *cdir)
		}
		a.logger.Warn("/add is off: the corpus is a single file", "corpus", *cdir)
		return nil, nil, nil
	}
	root, err := a.feedsRoot(*cdir)
	if err != nil {
		return nil, nil, err
	}
	*cdir = root
	p, err := a.newPoller(root)
	if err != nil {
		return nil, nil, err
	}
	adder := &corpusAdder{poller: p, root: root, reindex: func(ctx context.Context) error {
		err := reindex(ctx)
		a.obs.indexRun(metrics.TriggerAdd, err)
		return err
	}}
	if a.cfg.Feeds != "" {
		after := func(ctx context.Context, rep feeds.Report, err error) {
			if err != nil {
				a.logger.Error("feeds pass", "err", err)
			}
			a.obs.feedRun(err)
			a.logger.Info("feeds polled", "feeds", rep.Feeds, "not_modified", rep.NotModified, "added", len(rep.Added),
				"duplicates", rep.Duplicates, "skipped", len(rep.Skipped), "failed", len(rep.Failures))
			if len(rep.Added) == 0 {
				return
			}
			adder.mu.Lock()
			defer adder.mu.Unlock()
			ierr := reindex(ctx)
			a.obs.indexRun(metrics.TriggerFeeds, ierr)
			if ierr != nil {
				a.logger.Error("index the new articles", "err", ierr)
			}
		}
		running.Add(1)
		go func() {
			defer running.Done()
			p.Run(ctx, a.cfg.FeedInterval, after)
		}()
	}
	return adder, feedStatus(p), nil
}
