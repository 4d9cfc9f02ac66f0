package feeds

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"verbatim/corpus"
	"verbatim/internal/atomicfile"
)

// MaxFileBytes is the largest document AddFile takes; Telegram's getFile
// serves at most 20 MB, the loader reads at most corpus.DefaultMaxFileSize.
const MaxFileBytes = 20 << 20

// ErrDuplicate reports an addition already in the corpus; the Added
// returned with it is the stored copy.
var ErrDuplicate = errors.New("already in the corpus")

// AddURL fetches the page at rawURL, extracts its article and stores it in
// the inbox folder. The source is the site's host name.
func (p *Poller) AddURL(ctx context.Context, rawURL string) (Added, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Added{}, fmt.Errorf("not an http(s) link: %q", rawURL)
	}
	// Additions wait for each other, never for a feed pass: the state is
	// only locked while it is read or written.
	p.add.Lock()
	defer p.add.Unlock()
	a, err := p.fetchArticle(ctx, u.String())
	if err != nil {
		return Added{}, err
	}
	if pu, err := url.Parse(a.URL); err == nil {
		a.Source = strings.TrimPrefix(pu.Hostname(), "www.")
	}
	return p.storeOne(a)
}

// AddFile stores a document sent by a user in the inbox folder: an HTML
// page is extracted like a fetched one, a TXT, MD, JSON or JSONL file is
// kept as it is once the loader reads at least one article from it.
func (p *Poller) AddFile(ctx context.Context, name string, data []byte) (Added, error) {
	if len(data) > MaxFileBytes {
		return Added{}, fmt.Errorf("file too large: %d bytes (limit %d)", len(data), MaxFileBytes)
	}
	ext := strings.ToLower(path.Ext(name))
	p.add.Lock()
	defer p.add.Unlock()
	switch ext {
	case ".html", ".htm", ".xhtml":
		a, err := p.extract(ctx, "", "text/html", data)
		if err != nil {
			return Added{}, err
		}
		return p.storeOne(a)
	case ".txt", ".md", ".markdown", ".json", ".jsonl", ".ndjson":
	default:
		return Added{}, fmt.Errorf("unsupported format %q: send HTML, TXT, MD, JSON or JSONL", ext)
	}
	text, err := corpus.DecodeText(data)
	if err != nil {
		return Added{}, err
	}
	hash := contentHash(text)
	p.mu.Lock()
	if key, ok := p.st.Hashes[hash]; ok {
		e := p.st.Articles[key]
		p.mu.Unlock()
		return Added{Title: e.Title, Date: e.Date, Source: e.Source, URL: e.URL, Path: e.Path}, ErrDuplicate
	}
	p.mu.Unlock()
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	rel := InboxFolder + "/" + p.now().UTC().Format("2006-01-02") + "-" + slug(base, 60) + ext
	for i := 2; ; i++ {
		if _, err := os.Stat(filepath.Join(p.cfg.Root, filepath.FromSlash(rel))); os.IsNotExist(err) {
			break
		}
		rel = fmt.Sprintf("%s/%s-%s-%d%s", InboxFolder, p.now().UTC().Format("2006-01-02"), slug(base, 60), i, ext)
	}
	full := filepath.Join(p.cfg.Root, filepath.FromSlash(rel))
	if err := atomicfile.WriteFile(full, data); err != nil {
		return Added{}, err
	}
	res, err := corpus.LoadPath(ctx, full, corpus.LoadOptions{})
	if err == nil && len(res.Articles) == 0 {
		reason := "no article in the file"
		if len(res.Skipped) > 0 {
			reason = res.Skipped[0].Reason
		}
		err = errors.New(reason)
	}
	if err != nil {
		os.Remove(full)
		return Added{}, err
	}
	first := res.Articles[0]
	e := &Entry{URL: first.URL, Hash: hash, Path: rel, Title: first.Title, Date: first.Date.String(), Source: first.Source, Added: p.now()}
	key := "hash:" + hash
	p.mu.Lock()
	p.st.Articles[key] = e
	p.st.Hashes[hash] = key
	err = p.st.save(p.path)
	p.mu.Unlock()
	if err != nil {
		return Added{}, fmt.Errorf("feeds: %w", err)
	}
	return Added{Title: e.Title, Date: e.Date, Source: e.Source, URL: e.URL, Path: e.Path}, nil
}

// storeOne stores a single article in the inbox and saves the state.
func (p *Poller) storeOne(a Article) (Added, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, dup, err := p.st.store(p.cfg.Root, InboxFolder, a, p.now())
	if err != nil {
		return Added{}, err
	}
	if err := p.st.save(p.path); err != nil {
		return Added{}, fmt.Errorf("feeds: %w", err)
	}
	added := Added{Title: e.Title, Date: e.Date, Source: e.Source, URL: e.URL, Path: e.Path}
	if dup {
		return added, ErrDuplicate
	}
	return added, nil
}

// Status is the feeds' state for /stats and /latest.
type Status struct {
	Feeds []FeedState
	// LastPoll is the most recent poll of any feed.
	LastPoll time.Time
	// NewToday counts the articles stored since midnight (local time).
	NewToday int
	// Failing counts the feeds whose last poll failed.
	Failing int
}

// Status returns the feeds' state.
func (p *Poller) Status() Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	var s Status
	for _, u := range p.cfg.Feeds {
		fs, ok := p.st.Feeds[u]
		if !ok {
			s.Feeds = append(s.Feeds, FeedState{URL: u})
			continue
		}
		s.Feeds = append(s.Feeds, *fs)
		if fs.LastPoll.After(s.LastPoll) {
			s.LastPoll = fs.LastPoll
		}
		if fs.Failures > 0 {
			s.Failing++
		}
	}
	now := p.now()
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	for _, e := range p.st.Articles {
		if !e.Added.Before(midnight) {
			s.NewToday++
		}
	}
	sort.SliceStable(s.Feeds, func(i, j int) bool { return s.Feeds[i].URL < s.Feeds[j].URL })
	return s
}

// Run polls every interval until ctx ends, calling after with each pass's
// report (also when it failed).
func (p *Poller) Run(ctx context.Context, interval time.Duration, after func(ctx context.Context, rep Report, err error)) {
	if interval <= 0 {
		interval = DefaultInterval
	}
	for {
		rep, err := p.Sync(ctx)
		if ctx.Err() != nil {
			return
		}
		if after != nil {
			after(ctx, rep, err)
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}
