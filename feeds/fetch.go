package feeds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Fetcher defaults.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBytes     = 5 << 20
	DefaultMaxRedirects = 5
	DefaultHostDelay    = 2 * time.Second
)

// FetcherConfig configures a Fetcher.
type FetcherConfig struct {
	// UserAgent names the program and where to learn about it.
	UserAgent string
	// Timeout bounds one request, redirects and body included
	// (0: DefaultTimeout).
	Timeout time.Duration
	// MaxBytes is the largest body read (0: DefaultMaxBytes); a larger one
	// is refused.
	MaxBytes int64
	// MaxRedirects is the longest chain of redirects followed
	// (0: DefaultMaxRedirects).
	MaxRedirects int
	// HostDelay is the pause between two requests to the same host
	// (0: DefaultHostDelay; negative: none).
	HostDelay time.Duration
	// AllowPrivate lets requests reach loopback, private and link-local
	// addresses (tests, intranets); by default they are refused.
	AllowPrivate bool
	// Resolver resolves host names (nil: the system resolver).
	Resolver Resolver
}

// Fetcher makes the polite, bounded HTTP GETs of feeds and articles: one
// request at a time per host with a pause between them, a User-Agent naming
// verbatim, timeouts, size and redirect limits, and no connection to a
// non-public address.
type Fetcher struct {
	cfg    FetcherConfig
	client *http.Client
	dialer *guardedDialer

	mu    sync.Mutex
	hosts map[string]*hostSlot
}

// hostSlot serialises the requests to one host.
type hostSlot struct {
	turn chan struct{} // holds a token while a request runs
	last time.Time     // end of the previous request
}

// NewFetcher returns a Fetcher for cfg.
func NewFetcher(cfg FetcherConfig) *Fetcher {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	if cfg.MaxRedirects <= 0 {
		cfg.MaxRedirects = DefaultMaxRedirects
	}
	if cfg.HostDelay == 0 {
		cfg.HostDelay = DefaultHostDelay
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "verbatim (news question answering)"
	}
	f := &Fetcher{cfg: cfg, hosts: map[string]*hostSlot{}}
	f.dialer = &guardedDialer{resolver: cfg.Resolver, allowPrivate: cfg.AllowPrivate, timeout: 10 * time.Second}
	transport := &http.Transport{
		DialContext:            f.dialer.DialContext,
		Proxy:                  nil, // a proxy would connect on our behalf, unchecked
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           16,
		IdleConnTimeout:        60 * time.Second,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  cfg.Timeout,
		MaxResponseHeaderBytes: 64 << 10,
	}
	f.client = &http.Client{
		Transport: transport,
		Timeout:   cfg.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > cfg.MaxRedirects {
				return fmt.Errorf("more than %d redirects", cfg.MaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to a %s URL refused", req.URL.Scheme)
			}
			// The dialer checks the new address when it connects.
			return nil
		},
	}
	return f
}

// Conditional carries the validators of a previous response, for a
// conditional GET.
type Conditional struct {
	ETag         string
	LastModified string
}

// Response is a fetched document.
type Response struct {
	// URL is the final URL, after redirects.
	URL string
	// NotModified is true on a 304 answer to a conditional GET: Body is
	// empty and the previous copy is current.
	NotModified bool
	Body        []byte
	ContentType string
	// ETag and LastModified validate the next conditional GET.
	ETag         string
	LastModified string
}

// StatusError is a non-2xx, non-304 answer.
type StatusError struct {
	Code int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.Code, http.StatusText(e.Code))
}

// TooLargeError is a body past MaxBytes.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("too large: more than %d bytes", e.Limit)
}

// Get fetches rawURL politely; cond, when set, makes it a conditional GET.
func (f *Fetcher) Get(ctx context.Context, rawURL string, cond Conditional) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("not an http(s) URL: %q", rawURL)
	}
	release, err := f.acquire(ctx, u.Hostname())
	if err != nil {
		return nil, err
	}
	defer release()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", u.Redacted(), err)
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/html;q=0.9, */*;q=0.5")
	if cond.ETag != "" {
		req.Header.Set("If-None-Match", cond.ETag)
	}
	if cond.LastModified != "" {
		req.Header.Set("If-Modified-Since", cond.LastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		var fe *ForbiddenError
		if errors.As(err, &fe) {
			return nil, fe
		}
		return nil, fmt.Errorf("get %s: %w", u.Redacted(), unwrapURLError(err))
	}
	defer resp.Body.Close()
	out := &Response{
		URL:          resp.Request.URL.String(),
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}
	if resp.StatusCode == http.StatusNotModified {
		out.NotModified = true
		return out, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &StatusError{Code: resp.StatusCode}
	}
	if resp.ContentLength > f.cfg.MaxBytes {
		return nil, &TooLargeError{Limit: f.cfg.MaxBytes}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.cfg.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", u.Redacted(), err)
	}
	if int64(len(body)) > f.cfg.MaxBytes {
		return nil, &TooLargeError{Limit: f.cfg.MaxBytes}
	}
	out.Body = body
	return out, nil
}

// unwrapURLError drops *url.Error's "Get URL:" prefix, the caller names
// the URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// acquire waits for host's turn and the pause after its last request; the
// returned func ends the turn.
func (f *Fetcher) acquire(ctx context.Context, host string) (func(), error) {
	host = strings.ToLower(host)
	f.mu.Lock()
	slot, ok := f.hosts[host]
	if !ok {
		slot = &hostSlot{turn: make(chan struct{}, 1)}
		f.hosts[host] = slot
	}
	f.mu.Unlock()
	select {
	case slot.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if f.cfg.HostDelay > 0 && !slot.last.IsZero() {
		if wait := f.cfg.HostDelay - time.Since(slot.last); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				<-slot.turn
				return nil, ctx.Err()
			}
		}
	}
	return func() {
		slot.last = time.Now()
		<-slot.turn
	}, nil
}
