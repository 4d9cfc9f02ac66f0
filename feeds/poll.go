// Package feeds brings fresh articles into the corpus: it polls RSS, Atom
// and JSON feeds, fetches each new item's page politely and safely (no
// request to a non-public address, bounded sizes, times and redirects),
// extracts its text with the corpus' HTML extractor and stores it as a
// JSON file of the corpus folder, once per canonical URL or text.
package feeds

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"

	"verbatim/corpus"
)

// Folders of the corpus that the poller writes.
const (
	// FeedsFolder holds the articles of feeds, one folder per source.
	FeedsFolder = "feeds"
	// InboxFolder holds the links and files added from Telegram.
	InboxFolder = "inbox"
)

// Poller defaults.
const (
	DefaultInterval = 15 * time.Minute
	// maxItemsPerFeed bounds the items of one feed handled in a pass.
	maxItemsPerFeed = 50
	// maxAttempts is how often an item whose page failed is retried.
	maxAttempts = 3
	// maxBackoff caps the wait after a feed's repeated failures.
	maxBackoff = 6 * time.Hour
	// parallelFeeds is the number of feeds polled at once (the Fetcher
	// still makes one request at a time per host).
	parallelFeeds = 4
	// DefaultItemTimeout bounds the fetch and extraction of one item's
	// page, waiting for its host's turn included.
	DefaultItemTimeout = 45 * time.Second
)

// Config configures a Poller.
type Config struct {
	// Feeds are the feed URLs.
	Feeds []string
	// Root is the corpus folder articles are written to.
	Root string
	// Fetcher makes the requests.
	Fetcher *Fetcher
	// Limits bound the extraction of each page (zero: corpus defaults).
	Limits corpus.HTMLLimits
	// Backoff is the wait after a feed's first failure, doubled after each
	// next one up to 6 h (0: 1 min).
	Backoff time.Duration
	// ItemTimeout is each item's time budget: a page trickling its bytes
	// is abandoned past it, and retried in a later pass
	// (0: DefaultItemTimeout).
	ItemTimeout time.Duration
	Logger      *slog.Logger
	// Now is the clock (nil: time.Now).
	Now func() time.Time
}

// Poller polls the feeds into the corpus folder and adds single links and
// files. Its methods are safe for concurrent use; passes do not overlap,
// additions do not overlap, and an addition never waits for a pass.
type Poller struct {
	cfg  Config
	log  *slog.Logger
	now  func() time.Time
	path string
	// fingerprint identifies the configuration that decides refusals.
	fingerprint string

	pass sync.Mutex // one pass at a time
	add  sync.Mutex // one addition at a time
	mu   sync.Mutex // guards st; never held across a request
	st   *state
}

// New opens the poller's state in the corpus folder.
func New(cfg Config) (*Poller, error) {
	if cfg.Root == "" {
		return nil, errors.New("feeds: no corpus folder")
	}
	if cfg.Fetcher == nil {
		return nil, errors.New("feeds: no fetcher")
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = time.Minute
	}
	if cfg.ItemTimeout <= 0 {
		cfg.ItemTimeout = DefaultItemTimeout
	}
	p := &Poller{cfg: cfg, log: cfg.Logger, now: cfg.Now, path: filepath.Join(cfg.Root, FeedsFolder, stateFile)}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if p.now == nil {
		p.now = time.Now
	}
	p.fingerprint = fingerprint(cfg)
	st, movedTo, err := loadState(p.path, p.now())
	if err != nil {
		return nil, fmt.Errorf("feeds: %w", err)
	}
	st.scan(cfg.Root)
	if movedTo != "" {
		// The stored articles are known again by scan; their items too,
		// where the feed's link is the canonical URL, so they are not
		// fetched again.
		for _, e := range st.Articles {
			if e.URL != "" {
				st.Items[e.URL] = &itemState{URL: e.URL}
			}
		}
		if err := st.save(p.path); err != nil {
			return nil, fmt.Errorf("feeds: %w", err)
		}
		p.log.Warn("feeds: the feed state was empty or damaged; moved aside and rebuilt from the stored articles",
			"moved_to", movedTo, "articles", len(st.Articles))
	}
	p.st = st
	return p, nil
}

// fingerprint identifies the parts of cfg that decide whether a feed or
// page is refused: the address guard, the size, time and redirect bounds,
// the User-Agent.
func fingerprint(cfg Config) string {
	f := cfg.Fetcher.cfg
	sum := sha256.Sum256(fmt.Appendf(nil, "%t|%d|%d|%s|%s|%d|%d|%s|%s",
		f.AllowPrivate, f.MaxBytes, f.MaxRedirects, f.Timeout, f.UserAgent,
		cfg.Limits.MaxBytes, cfg.Limits.MaxDepth, cfg.Limits.Timeout, cfg.ItemTimeout))
	return hex.EncodeToString(sum[:6])
}

// Added is an article stored by a pass or an addition.
type Added struct {
	Title  string `json:"title"`
	Date   string `json:"date,omitempty"`
	Source string `json:"source,omitempty"`
	URL    string `json:"url"`
	Path   string `json:"path"`
}

// Skip is an item not stored, and why.
type Skip struct {
	URL    string `json:"url"`
	Reason string `json:"reason"`
}

// Failure is a feed that could not be polled.
type Failure struct {
	Feed  string `json:"feed"`
	Error string `json:"error"`
	// Failures counts the failures in a row; NextTry is the next poll.
	Failures int       `json:"failures"`
	NextTry  time.Time `json:"next_try"`
}

// Report sums up a pass.
type Report struct {
	Feeds       int       `json:"feeds"`
	Polled      int       `json:"polled"`
	NotModified int       `json:"not_modified"`
	Deferred    int       `json:"deferred"` // feeds waiting out a backoff
	Added       []Added   `json:"added"`
	Duplicates  int       `json:"duplicates"`
	Skipped     []Skip    `json:"skipped"`
	Failures    []Failure `json:"failures"`
	// Requests counts the HTTP requests made.
	Requests int `json:"requests"`
}

// SyncOptions tune one pass.
type SyncOptions struct {
	// Force polls the feeds waiting out a backoff and retries the items
	// given up on, now.
	Force bool
}

// Sync polls every feed once: a conditional GET of the feed, then a fetch
// of each item not seen before. A failing feed is reported and retried
// after a backoff (at once when the configuration that refused it has
// changed), never fatal; Sync fails only when ctx ends or the state cannot
// be saved.
func (p *Poller) Sync(ctx context.Context) (Report, error) {
	return p.SyncWith(ctx, SyncOptions{})
}

// SyncWith is Sync with options.
func (p *Poller) SyncWith(ctx context.Context, opts SyncOptions) (Report, error) {
	p.pass.Lock()
	defer p.pass.Unlock()
	rep := Report{Feeds: len(p.cfg.Feeds), Added: []Added{}, Skipped: []Skip{}, Failures: []Failure{}}
	var repMu sync.Mutex
	sem := make(chan struct{}, parallelFeeds)
	var wg sync.WaitGroup
	for _, feedURL := range p.cfg.Feeds {
		p.mu.Lock()
		fs := p.st.Feeds[feedURL]
		if fs == nil {
			fs = &FeedState{URL: feedURL}
			p.st.Feeds[feedURL] = fs
		}
		wait := !opts.Force && !fs.NextTry.IsZero() && p.now().Before(fs.NextTry) && fs.FailedConfig == p.fingerprint
		p.mu.Unlock()
		if wait {
			rep.Deferred++
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			var local Report
			p.pollFeed(ctx, fs, opts, &local)
			repMu.Lock()
			rep.Polled += local.Polled
			rep.NotModified += local.NotModified
			rep.Added = append(rep.Added, local.Added...)
			rep.Duplicates += local.Duplicates
			rep.Skipped = append(rep.Skipped, local.Skipped...)
			rep.Failures = append(rep.Failures, local.Failures...)
			rep.Requests += local.Requests
			repMu.Unlock()
		}()
	}
	wg.Wait()
	sort.Slice(rep.Added, func(i, j int) bool { return rep.Added[i].Path < rep.Added[j].Path })
	p.mu.Lock()
	err := p.st.save(p.path)
	p.mu.Unlock()
	if err != nil {
		return rep, fmt.Errorf("feeds: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	return rep, nil
}

// pollFeed polls one feed into rep.
func (p *Poller) pollFeed(ctx context.Context, fs *FeedState, opts SyncOptions, rep *Report) {
	p.mu.Lock()
	cond := Conditional{ETag: fs.ETag, LastModified: fs.LastModified}
	p.mu.Unlock()
	rep.Requests++
	resp, err := p.cfg.Fetcher.Get(ctx, fs.URL, cond)
	var feed *gofeed.Feed
	if err == nil && !resp.NotModified {
		feed, err = gofeed.NewParser().Parse(bytes.NewReader(resp.Body))
		if err != nil {
			err = fmt.Errorf("parse feed: %w", err)
		}
	}
	now := p.now()
	p.mu.Lock()
	fs.LastPoll = now
	if err != nil {
		fs.Failures++
		fs.LastError = err.Error()
		fs.FailedConfig = p.fingerprint
		backoff := time.Duration(float64(p.cfg.Backoff) * math.Pow(2, float64(min(fs.Failures-1, 20))))
		fs.NextTry = now.Add(min(backoff, maxBackoff))
		f := Failure{Feed: fs.URL, Error: fs.LastError, Failures: fs.Failures, NextTry: fs.NextTry}
		rep.Failures = append(rep.Failures, f)
		p.mu.Unlock()
		p.log.Warn("feed failed", "feed", f.Feed, "err", err, "failures", f.Failures, "next_try", f.NextTry)
		return
	}
	fs.Failures, fs.LastError, fs.NextTry, fs.LastSuccess, fs.FailedConfig = 0, "", time.Time{}, now, ""
	rep.Polled++
	if resp.NotModified {
		rep.NotModified++
		p.mu.Unlock()
		return
	}
	fs.ETag, fs.LastModified = resp.ETag, resp.LastModified
	if t := strings.TrimSpace(feed.Title); t != "" {
		fs.Title = t
	}
	source := fs.Title
	p.mu.Unlock()
	if source == "" {
		if u, err := url.Parse(fs.URL); err == nil {
			source = u.Hostname()
		}
	}
	base, _ := url.Parse(resp.URL)
	items := feed.Items
	if len(items) > maxItemsPerFeed {
		items = items[:maxItemsPerFeed]
	}
	for _, it := range items {
		if ctx.Err() != nil {
			break
		}
		p.handleItem(ctx, base, source, it, opts, rep)
	}
	// Saved after each feed: a pass cut short keeps what it stored.
	p.mu.Lock()
	err = p.st.save(p.path)
	p.mu.Unlock()
	if err != nil {
		p.log.Error("save feed state", "err", err)
	}
}

// handleItem fetches, extracts and stores one feed item unless it was
// handled before.
func (p *Poller) handleItem(ctx context.Context, base *url.URL, source string, it *gofeed.Item, opts SyncOptions, rep *Report) {
	link := resolve(base, strings.TrimSpace(it.Link))
	if link == "" {
		return
	}
	key := link
	if g := strings.TrimSpace(it.GUID); g != "" {
		key = g
	}
	date := ""
	switch {
	case it.PublishedParsed != nil:
		date = it.PublishedParsed.Format("2006-01-02")
	case it.UpdatedParsed != nil:
		date = it.UpdatedParsed.Format("2006-01-02")
	}
	p.mu.Lock()
	seen := p.st.Items[key]
	if seen != nil && seen.URL != "" {
		// Stored already (maybe from another feed): keep the earliest date.
		if e := p.st.Articles[seen.URL]; e != nil && earlier(date, e.Date) {
			if err := rewriteDate(filepath.Join(p.cfg.Root, filepath.FromSlash(e.Path)), date); err != nil {
				p.log.Error("update article date", "path", e.Path, "err", err)
			} else {
				e.Date = date
				rep.Duplicates++
			}
		}
		p.mu.Unlock()
		return
	}
	if seen != nil && (seen.Final || seen.Attempts >= maxAttempts) && seen.Config == p.fingerprint && !opts.Force {
		p.mu.Unlock()
		return
	}
	p.mu.Unlock()
	rep.Requests++
	a, err := p.fetchItem(ctx, link)
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		p.mu.Lock()
		if seen == nil {
			seen = &itemState{}
			p.st.Items[key] = seen
		}
		if seen.Config != p.fingerprint || opts.Force {
			seen.Attempts = 0 // a new configuration, or a forced retry
		}
		seen.Reason = err.Error()
		seen.Attempts++
		seen.Final = permanent(err)
		seen.Config = p.fingerprint
		p.mu.Unlock()
		rep.Skipped = append(rep.Skipped, Skip{URL: link, Reason: err.Error()})
		p.log.Warn("article skipped", "url", link, "reason", err)
		return
	}
	if date != "" {
		a.Date = date
	}
	if t := strings.Join(strings.Fields(it.Title), " "); t != "" {
		a.Title = t
	}
	a.Source = source
	p.mu.Lock()
	e, dup, err := p.st.store(p.cfg.Root, FeedsFolder, a, p.now())
	if err == nil {
		p.st.Items[key] = &itemState{URL: e.URL}
	}
	if err == nil && !dup {
		if fs := p.feedBySource(source); fs != nil {
			fs.Added++
		}
	}
	p.mu.Unlock()
	switch {
	case err != nil:
		rep.Skipped = append(rep.Skipped, Skip{URL: link, Reason: err.Error()})
		p.log.Error("store article", "url", link, "err", err)
	case dup:
		rep.Duplicates++
	default:
		rep.Added = append(rep.Added, Added{Title: e.Title, Date: e.Date, Source: e.Source, URL: e.URL, Path: e.Path})
		p.log.Info("article added", "title", e.Title, "date", e.Date, "source", e.Source, "url", e.URL)
	}
}

// feedBySource finds the feed titled source; p.mu must be held.
func (p *Poller) feedBySource(source string) *FeedState {
	for _, fs := range p.st.Feeds {
		if fs.Title == source {
			return fs
		}
	}
	return nil
}

// permanentError marks a failure that a retry would not fix.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// permanent reports whether err is not worth a retry: a refused address,
// a page too large, too deep or without text, a 4xx answer.
func permanent(err error) bool {
	var pe *permanentError
	var fe *ForbiddenError
	var te *TooLargeError
	var se *StatusError
	switch {
	case errors.As(err, &pe), errors.As(err, &fe), errors.As(err, &te):
		return true
	case errors.As(err, &se):
		return se.Code >= 400 && se.Code < 500 && se.Code != 408 && se.Code != 429
	}
	return false
}

// fetchItem fetches and extracts an item's page within the item's time
// budget.
func (p *Poller) fetchItem(ctx context.Context, link string) (Article, error) {
	ictx, cancel := context.WithTimeout(ctx, p.cfg.ItemTimeout)
	defer cancel()
	a, err := p.fetchArticle(ictx, link)
	if err != nil && ctx.Err() == nil && errors.Is(ictx.Err(), context.DeadlineExceeded) {
		return Article{}, fmt.Errorf("page not fetched and read within its %s budget", p.cfg.ItemTimeout)
	}
	return a, err
}

// fetchArticle fetches the page at link and extracts its article; the URL
// is the page's canonical one, else the URL after redirects.
func (p *Poller) fetchArticle(ctx context.Context, link string) (Article, error) {
	resp, err := p.cfg.Fetcher.Get(ctx, link, Conditional{})
	if err != nil {
		return Article{}, err
	}
	return p.extract(ctx, resp.URL, resp.ContentType, resp.Body)
}

// extract reads the article of an HTML page fetched from pageURL (""
// for a file sent by an admin), decoded by the charset its Content-Type
// or its markup declares.
func (p *Poller) extract(ctx context.Context, pageURL, contentType string, body []byte) (Article, error) {
	if contentType == "" {
		contentType = "text/html"
	}
	dec, err := corpus.Decode(body, contentType)
	if err != nil {
		return Article{}, &permanentError{err}
	}
	if w := dec.Warning(); w != "" {
		p.log.Warn("page decoded with a caveat", "url", pageURL, "warning", w)
	}
	page, err := corpus.ExtractHTML(ctx, dec.Text, p.cfg.Limits)
	if err != nil {
		if ctx.Err() != nil {
			return Article{}, ctx.Err()
		}
		return Article{}, &permanentError{err}
	}
	if strings.TrimSpace(page.Text) == "" {
		return Article{}, &permanentError{errors.New("no article text found in the page")}
	}
	base, _ := url.Parse(pageURL)
	canonical := resolve(base, page.URL)
	if canonical == "" || !sameSite(base, canonical) {
		// A page may not claim another site's address: it would take the
		// place of that site's article in the duplicate check.
		canonical = pageURL
	}
	return Article{Title: page.Title, Date: page.Date, URL: canonical, Text: page.Text}, nil
}

// sameSite reports whether rawURL is on base's host (with or without
// "www."); any URL is when base is unknown (a file sent by an admin).
func sameSite(base *url.URL, rawURL string) bool {
	if base == nil || base.Host == "" {
		return true
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	host := func(h string) string { return strings.TrimPrefix(strings.ToLower(h), "www.") }
	return host(u.Hostname()) == host(base.Hostname())
}

// resolve makes ref absolute against base, without its fragment; "" when
// it is not an http(s) URL.
func resolve(base *url.URL, ref string) string {
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}
