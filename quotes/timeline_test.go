package quotes

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"verbatim/corpus"
	"verbatim/retrieval"
)

var (
	wikinewsOnce sync.Once
	wikinewsIx   *retrieval.Index
	wikinewsErr  error
)

// wikinewsIndex returns an index of the Wikinews corpus, built once for
// the package's tests; the test is skipped when the corpus is absent.
func wikinewsIndex(t *testing.T) *retrieval.Index {
	t.Helper()
	path := filepath.Join(sharedCorpus, "wikinews-fr-2012", "corpus.jsonl")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("Wikinews corpus not found: %v", err)
	}
	wikinewsOnce.Do(func() {
		dir, err := os.MkdirTemp("", "timeline-index")
		if err != nil {
			wikinewsErr = err
			return
		}
		defer os.RemoveAll(dir) // the index stays in memory
		res, err := corpus.LoadPath(context.Background(), path, corpus.LoadOptions{})
		if err != nil {
			wikinewsErr = err
			return
		}
		wikinewsIx, _, wikinewsErr = retrieval.Build(context.Background(), dir, res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{})
	})
	if wikinewsErr != nil {
		t.Fatal(wikinewsErr)
	}
	return wikinewsIx
}

func TestTimelineWikinews(t *testing.T) {
	ix := wikinewsIndex(t)
	now := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		topic    string
		min      int
		from, to string // the range every entry must lie in, "" open
		want     []string
	}{
		{"Obama Romney", 2, "", "", []string{"2012-09-04", "2012-11-02"}},
		{"Vendée Globe", 3, "", "", []string{"2012-11-10", "2012-11-11", "2012-11-12"}},
		{"Moody's", 2, "", "", []string{"2012-06-26", "2012-07-13"}},
		{"Égypte", 3, "", "", []string{"2012-06-23", "2012-06-24", "2012-10-20"}},
		{"Égypte en octobre", 1, "2012-10-01", "2012-11-01", []string{"2012-10-20"}},
		{"Québec en juillet 2012", 2, "2012-07-01", "2012-08-01", nil},
	}
	for _, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			got, err := Timeline(context.Background(), ix, tt.topic, now)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Entries) < tt.min {
				t.Fatalf("got %d entries, want at least %d: %+v", len(got.Entries), tt.min, got.Entries)
			}
			seen := map[string]bool{}
			dates := map[string]bool{}
			for i, e := range got.Entries {
				art, ok := ix.Article(e.DocID)
				if !ok || art.Text[e.Start:e.End] != e.Quote {
					t.Errorf("entry %d: %q is not the text of %s at its offsets", i, e.Quote, e.DocID)
				}
				if seen[e.DocID] {
					t.Errorf("entry %d: a second line of %s", i, e.DocID)
				}
				seen[e.DocID] = true
				if e.Date != art.Date.String() || e.Date == "" {
					t.Errorf("entry %d: date %q, want the article's %q", i, e.Date, art.Date)
				}
				if i > 0 && e.When.Time.Before(got.Entries[i-1].When.Time) {
					t.Errorf("entry %d (%s) comes before entry %d (%s)", i, e.Date, i-1, got.Entries[i-1].Date)
				}
				if tt.from != "" && (e.Date < tt.from || e.Date >= tt.to) {
					t.Errorf("entry %d: %s outside [%s, %s)", i, e.Date, tt.from, tt.to)
				}
				dates[e.Date] = true
			}
			for _, d := range tt.want {
				if !dates[d] {
					t.Errorf("no entry of %s in %+v", d, got.Entries)
				}
			}
			if n := len(got.Entries); got.From != got.Entries[0].Date || got.To != got.Entries[n-1].Date {
				t.Errorf("span %s – %s, want %s – %s", got.From, got.To, got.Entries[0].Date, got.Entries[n-1].Date)
			}
			for _, e := range got.Entries {
				t.Logf("%s %s | %.100s", e.Date, e.Title, e.Quote)
			}
		})
	}
}

func TestChronicleSpan(t *testing.T) {
	date := func(s string) corpus.Date {
		d, err := corpus.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		first, last, lang, want string
	}{
		{"2012-05-03", "2012-10-28", "fr", "3 mai – 28 octobre 2012"},
		{"2012-05-03", "2013-01-28", "fr", "3 mai 2012 – 28 janvier 2013"},
		{"2012-05-03", "2012-10-28", "en", "May 3 – October 28, 2012"},
		{"2012-05", "2012-10-28", "fr", "mai – 28 octobre 2012"},
		{"2012-05-03", "2012-05-03", "fr", "3 mai 2012"},
		{"2012-11-01", "2012-11-12", "fr", "1er – 12 novembre 2012"},
		{"2012-11-10", "2012-11-12", "en", "November 10 – 12, 2012"},
		{"2012-11-10", "2012-11-12", "de", "10. – 12. November 2012"},
		{"2012-11-10", "2012-11-12", "es", "10 – 12 de noviembre de 2012"},
		{"2012-11-10", "2012-11-12", "ru", "10 – 12 ноября 2012"},
		{"2012-05-03", "2012-10-28", "es", "3 de mayo – 28 de octubre de 2012"},
		{"2012-05-03", "2012-10-28", "de", "3. Mai – 28. Oktober 2012"},
		{"2012-05-03", "2012-10-28", "ru", "3 мая – 28 октября 2012"},
		{"2011", "2012-10-28", "fr", "2011 – 28 octobre 2012"},
	}
	for _, tt := range tests {
		c := Chronicle{Entries: []Entry{{}}, First: date(tt.first), Last: date(tt.last)}
		if got := c.Span(tt.lang); got != tt.want {
			t.Errorf("Span(%s, %s, %s) = %q, want %q", tt.first, tt.last, tt.lang, got, tt.want)
		}
	}
}
