package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestFeedURLs(t *testing.T) {
	file := filepath.Join(t.TempDir(), "feeds.txt")
	os.WriteFile(file, []byte("# outlets\nhttps://a.example/rss\n\nhttps://b.example/atom.xml  Dépêches\nhttps://a.example/rss\n"), 0o644)
	tests := []struct {
		spec    string
		want    []string
		wantErr bool
	}{
		{"", nil, false},
		{"https://a.example/rss, https://b.example/feed.json", []string{"https://a.example/rss", "https://b.example/feed.json"}, false},
		{file, []string{"https://a.example/rss", "https://b.example/atom.xml"}, false},
		{"https://a.example/rss,ftp://b.example/x", nil, true},
		{filepath.Join(t.TempDir(), "missing.txt"), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := feedURLs(tt.spec)
			if (err != nil) != tt.wantErr || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("feedURLs(%q) = %q, %v; want %q, error %v", tt.spec, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestFeedsConfig(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		code int
	}{
		{"bad interval", map[string]string{"FEED_INTERVAL": "soon", "FEEDS": "https://a.example/rss"}, 2},
		{"bad allow-private", map[string]string{"FEEDS_ALLOW_PRIVATE": "maybe", "FEEDS": "https://a.example/rss"}, 2},
		{"no feeds", map[string]string{"CORPUS_DIR": "."}, 2},
		{"corpus is a file", map[string]string{"FEEDS": "https://a.example/rss", "CORPUS_DIR": "feeds.go"}, 2},
		{"contact neither email nor URL", map[string]string{"FEEDS": "https://a.example/rss", "FEEDS_CONTACT": "call me"}, 2},
		{"contact closing the comment", map[string]string{"FEEDS": "https://a.example/rss", "FEEDS_CONTACT": "ops@example.org) evil/1.0 ("}, 2},
		{"contact of another scheme", map[string]string{"FEEDS": "https://a.example/rss", "FEEDS_CONTACT": "ftp://example.org"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runCmd(t, tt.env, "", "feeds", "sync")
			if code != tt.code {
				t.Errorf("exit %d, want %d: %s", code, tt.code, stderr)
			}
		})
	}
}

func TestUserAgentContact(t *testing.T) {
	tests := []struct {
		contact string
		want    string
	}{
		{"", "(news question answering; +" + projectURL + ")"},
		{"ops@example.org", "(news question answering; +" + projectURL + "; contact: ops@example.org)"},
		{"https://news.example.org/bot", "(news question answering; +" + projectURL + "; contact: https://news.example.org/bot)"},
	}
	for _, tt := range tests {
		t.Run(tt.contact, func(t *testing.T) {
			if err := checkContact(tt.contact); err != nil {
				t.Fatalf("checkContact(%q) = %v, want nil", tt.contact, err)
			}
			if got := userAgent(tt.contact); !strings.HasPrefix(got, "verbatim/") || !strings.HasSuffix(got, tt.want) {
				t.Errorf("userAgent(%q) = %q, want verbatim/<version> %s", tt.contact, got, tt.want)
			}
		})
	}
}

// TestFeedsContactSent: the feeds are fetched with FEEDS_CONTACT in the
// User-Agent.
func TestFeedsContactSent(t *testing.T) {
	var mu sync.Mutex
	var agents []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents = append(agents, r.UserAgent())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title><link>https://example.org/</link></channel></rss>`))
	}))
	defer srv.Close()
	feedsSync(t, map[string]string{
		"CORPUS_DIR": t.TempDir(), "INDEX_DIR": t.TempDir(), "FEEDS": srv.URL + "/rss",
		"FEEDS_ALLOW_PRIVATE": "1", "FEED_HOST_DELAY": "0", "FEEDS_CONTACT": "newsroom@example.org",
	})
	mu.Lock()
	defer mu.Unlock()
	if len(agents) == 0 {
		t.Fatal("the feed was never fetched")
	}
	for _, ua := range agents {
		if !strings.Contains(ua, "verbatim/") || !strings.Contains(ua, "contact: newsroom@example.org)") {
			t.Errorf("User-Agent %q, want verbatim's naming the contact newsroom@example.org", ua)
		}
	}
}
