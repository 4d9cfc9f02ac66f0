package main

import (
	"os"
	"path/filepath"
	"reflect"
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
