// Package retry provides an http.RoundTripper that retries requests failing
// with rate limits, server errors, timeouts or connection errors, with
// exponential backoff and jitter, honouring Retry-After.
package retry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Defaults used when the matching Transport field is zero.
const (
	DefaultAttempts  = 4
	DefaultBaseDelay = 500 * time.Millisecond
	DefaultMaxDelay  = 60 * time.Second
)

// Transport is an http.RoundTripper that retries a request on 429, 500, 502,
// 503 and 504 responses and on timeouts and connection errors, but never
// once the request's context is done. It waits as long as Retry-After asks
// (capped at MaxDelay), else an exponential backoff with jitter. The last
// failing response is returned as is, so callers see its status and body.
// Only the initial response status matters: a streamed body is handed over
// untouched once the status is acceptable. The zero value is usable.
type Transport struct {
	// Base sends each attempt; nil means http.DefaultTransport.
	Base http.RoundTripper
	// Attempts is the total number of tries (default 4).
	Attempts int
	// BaseDelay is the first backoff (default 500ms); it doubles each retry.
	BaseDelay time.Duration
	// MaxDelay caps every wait, Retry-After included (default 60s).
	MaxDelay time.Duration
	// Logger records retries; nil discards.
	Logger *slog.Logger
	// Sleep waits d or until ctx is done; nil means a real timer.
	Sleep func(ctx context.Context, d time.Duration) error
}

// RoundTrip sends req, retrying as the Transport describes. A request with
// a body is retried only when req.GetBody can rebuild it.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	attempts := t.Attempts
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		attempts = 1
	}
	ctx := req.Context()
	for attempt := 1; ; attempt++ {
		r := req
		if attempt > 1 && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, fmt.Errorf("retry: rebuild request body: %w", err)
			}
			r = req.Clone(ctx)
			r.Body = body
		}
		resp, err := base.RoundTrip(r)
		if attempt >= attempts || ctx.Err() != nil || !retryable(resp, err) {
			return resp, err
		}
		wait := t.delay(attempt, resp)
		reason := ""
		if err != nil {
			reason = err.Error()
		} else {
			reason = resp.Status
			// Drain a little so the connection can be reused, then close.
			_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
			resp.Body.Close()
		}
		if t.Logger != nil {
			// A retry is routine (info); the final failure is the caller's
			// to report, in words that name the fix.
			t.Logger.LogAttrs(ctx, slog.LevelInfo, "retrying request",
				slog.String("method", req.Method),
				slog.String("host", req.URL.Host),
				slog.String("path", req.URL.Path),
				slog.String("reason", reason),
				slog.Int("attempt", attempt),
				slog.Duration("wait", wait))
		}
		if err := t.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

func (t *Transport) sleep(ctx context.Context, d time.Duration) error {
	if t.Sleep != nil {
		return t.Sleep(ctx, d)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// delay returns the wait before the attempt after the given one.
func (t *Transport) delay(attempt int, resp *http.Response) time.Duration {
	maxDelay := t.MaxDelay
	if maxDelay <= 0 {
		maxDelay = DefaultMaxDelay
	}
	if resp != nil {
		if d, ok := RetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return min(d, maxDelay)
		}
	}
	baseDelay := t.BaseDelay
	if baseDelay <= 0 {
		baseDelay = DefaultBaseDelay
	}
	d := baseDelay << min(attempt-1, 20)
	if d <= 0 || d > maxDelay {
		d = maxDelay
	}
	// Full jitter on the upper half: between d/2 and d.
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

// RetryAfter parses a Retry-After header value, either delay seconds or an
// HTTP date, into a wait relative to now. ok is false for an empty or
// malformed value; a date in the past gives zero.
func RetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 || secs > 1e9 {
			return 0, false
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	when, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(when.Sub(now), 0), true
}

// retryable reports whether an attempt's outcome is worth another try.
func retryable(resp *http.Response, err error) bool {
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return false
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return true
		}
		var oe *net.OpError
		if errors.As(err, &oe) {
			return true
		}
		return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
			errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// Client returns a copy of base (a zero client when nil) whose transport
// retries as Transport does, unless it already is a Transport.
func Client(base *http.Client, logger *slog.Logger) *http.Client {
	var c http.Client
	if base != nil {
		c = *base
	}
	if _, ok := c.Transport.(*Transport); !ok {
		c.Transport = &Transport{Base: c.Transport, Logger: logger}
	}
	return &c
}
