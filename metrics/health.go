package metrics

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Check is one readiness condition: Probe returns nil when it holds.
type Check struct {
	Name  string
	Probe func(ctx context.Context) error
}

// Health answers /healthz (the process is alive) and /readyz (every check
// holds: the index is loaded, Telegram and the model are reachable).
type Health struct {
	timeout time.Duration

	mu     sync.Mutex
	checks []Check
}

// NewHealth returns a Health with no check: ready until checks are added.
func NewHealth() *Health { return &Health{timeout: 3 * time.Second} }

// Add adds a readiness check.
func (h *Health) Add(c Check) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.checks = append(h.checks, c)
}

// Ready runs every check and returns the failures, "name: reason", in the
// order the checks were added.
func (h *Health) Ready(ctx context.Context) []string {
	h.mu.Lock()
	checks := append([]Check(nil), h.checks...)
	h.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, h.timeout)
	defer cancel()
	failures := make([]string, len(checks))
	var wg sync.WaitGroup
	for i, c := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.Probe(ctx); err != nil {
				failures[i] = c.Name + ": " + err.Error()
			}
		}()
	}
	wg.Wait()
	var out []string
	for _, f := range failures {
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

// LiveHandler answers 200 while the process serves HTTP at all.
func (h *Health) LiveHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
}

// ReadyHandler answers 200 when every check holds, 503 with one line per
// failed check otherwise.
func (h *Health) ReadyHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if failures := h.Ready(r.Context()); len(failures) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, strings.Join(failures, "\n"))
			return
		}
		fmt.Fprintln(w, "ok")
	})
}

// Routes maps /healthz and /readyz to their handlers, for a server that
// also serves something else (the Telegram webhook listener).
func (h *Health) Routes() map[string]http.Handler {
	return map[string]http.Handler{"/healthz": h.LiveHandler(), "/readyz": h.ReadyHandler()}
}

// Cached wraps a probe that costs a network call: its result is reused for
// ttl, so that frequent /readyz polls do not hammer the remote API.
func Cached(ttl time.Duration, now func() time.Time, probe func(ctx context.Context) error) func(ctx context.Context) error {
	var (
		mu   sync.Mutex
		at   time.Time
		last error
	)
	return func(ctx context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		if !at.IsZero() && now().Sub(at) < ttl {
			return last
		}
		last = probe(ctx)
		at = now()
		return last
	}
}
