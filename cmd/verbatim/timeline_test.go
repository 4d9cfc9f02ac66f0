package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTimelineJSON runs verbatim timeline --json over the Wikinews
// corpus: the contract, entries in date order, one per article,
// each quote the text of its article; a date phrase narrows them.
func TestTimelineJSON(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "corpus", "wikinews-fr-2012", "corpus.jsonl")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("Wikinews corpus not found: %v", err)
	}
	texts := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var a struct{ ID, Text string }
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatal(err)
		}
		texts[a.ID] = a.Text
	}
	idir := t.TempDir()
	env := map[string]string{"INDEX_DIR": idir, "HOME": t.TempDir()}
	tests := []struct {
		topic      []string
		min        int
		from, till string // every entry's date in [from, till)
	}{
		{[]string{"Vendée", "Globe"}, 3, "", ""},
		{[]string{"Égypte"}, 3, "", ""},
		{[]string{"Égypte en octobre 2012"}, 1, "2012-10", "2012-11"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.topic, " "), func(t *testing.T) {
			args := append([]string{"timeline", "--json", "--corpus", path, "--index", idir}, tt.topic...)
			out, stderr, code := runCmd(t, env, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got struct {
				Topic   string `json:"topic"`
				From    string `json:"from"`
				To      string `json:"to"`
				Entries []struct {
					Date  string `json:"date"`
					DocID string `json:"doc_id"`
					Title string `json:"title"`
					Quote string `json:"quote"`
				} `json:"entries"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v in %q", err, out)
			}
			if got.Topic != strings.Join(tt.topic, " ") {
				t.Errorf("topic = %q, want %q", got.Topic, strings.Join(tt.topic, " "))
			}
			if len(got.Entries) < tt.min {
				t.Fatalf("got %d entries, want at least %d", len(got.Entries), tt.min)
			}
			seen := map[string]bool{}
			for i, e := range got.Entries {
				if seen[e.DocID] {
					t.Errorf("entry %d: a second line of %s", i, e.DocID)
				}
				seen[e.DocID] = true
				if !strings.Contains(texts[e.DocID], e.Quote) || e.Quote == "" {
					t.Errorf("entry %d: %q is not text of %s", i, e.Quote, e.DocID)
				}
				if i > 0 && e.Date < got.Entries[i-1].Date {
					t.Errorf("entry %d (%s) before entry %d (%s)", i, e.Date, i-1, got.Entries[i-1].Date)
				}
				if tt.from != "" && (e.Date < tt.from || e.Date >= tt.till) {
					t.Errorf("entry %d: %s outside [%s, %s)", i, e.Date, tt.from, tt.till)
				}
			}
			if got.From != got.Entries[0].Date || got.To != got.Entries[len(got.Entries)-1].Date {
				t.Errorf("from/to = %s/%s, want the first and last dates", got.From, got.To)
			}
		})
	}
}

func TestTimelineUsage(t *testing.T) {
	if _, _, code := runCmd(t, nil, "", "timeline"); code != 2 {
		t.Errorf("timeline without a topic: exit %d, want 2", code)
	}
}
