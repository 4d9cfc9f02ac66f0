package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestServeStopsItsFeeds: when serve returns, stopped or failing to
// start, its feeds polling has stopped: no feed is fetched after, nothing
// writes into the corpus a test (or an operator) removes next.
func TestServeStopsItsFeeds(t *testing.T) {
	tests := []struct {
		name     string
		getMe    int  // the Bot API's status for getMe
		stop     bool // serve is stopped (else it fails on its own)
		wantFail bool
	}{
		{"stopped", http.StatusOK, true, false},
		{"Telegram refuses the token", http.StatusUnauthorized, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fetches atomic.Int64
			feed := httptestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				fetches.Add(1)
				w.Header().Set("Content-Type", "application/rss+xml")
				fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title><link>http://example.org/</link></channel></rss>`)
			}))
			api := &fakeBotAPI{sent: make(chan map[string]string, 16)}
			apiSrv := httptestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/getMe") && tt.getMe != http.StatusOK {
					// Refused once the feeds are polling.
					for end := time.Now().Add(10 * time.Second); fetches.Load() == 0 && time.Now().Before(end); {
						time.Sleep(10 * time.Millisecond)
					}
					w.WriteHeader(tt.getMe)
					fmt.Fprintf(w, `{"ok":false,"error_code":%d,"description":"Unauthorized"}`, tt.getMe)
					return
				}
				api.ServeHTTP(w, r)
			}))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			logs := &syncWriter{w: &strings.Builder{}}
			errc := make(chan error, 1)
			go func() {
				env := mapEnv(map[string]string{
					"TELEGRAM_BOT_TOKEN": "123456:TEST-token-value", "TELEGRAM_API_URL": apiSrv.URL,
					"INDEX_DIR": t.TempDir(), "CORPUS_DIR": t.TempDir(),
					"FEEDS": feed.URL + "/rss", "FEED_INTERVAL": "50ms", "FEEDS_ALLOW_PRIVATE": "1", "FEED_HOST_DELAY": "0",
				})
				errc <- run(ctx, []string{"serve"}, env, strings.NewReader(""), io.Discard, logs)
			}()
			var err error
			if tt.stop {
				for deadline := time.Now().Add(30 * time.Second); fetches.Load() < 2; time.Sleep(20 * time.Millisecond) {
					if time.Now().After(deadline) {
						t.Fatalf("the feed was never polled\n%s", logs.String())
					}
				}
				cancel()
			}
			select {
			case err = <-errc:
			case <-time.After(60 * time.Second):
				t.Fatalf("serve did not return\n%s", logs.String())
			}
			if (err != nil) != tt.wantFail {
				t.Errorf("serve: %v, want failure %v", err, tt.wantFail)
			}
			if fetches.Load() == 0 {
				t.Fatalf("the feed was never polled: the test proves nothing\n%s", logs.String())
			}
			after := fetches.Load()
			time.Sleep(500 * time.Millisecond) // ten polling intervals
			if got := fetches.Load(); got != after {
				t.Errorf("%d feed fetches after serve returned, want none", got-after)
			}
		})
	}
}
