package quotes

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"verbatim/corpus"
)

// sharedCorpus is the directory of the shared corpora, beside the worktree.
const sharedCorpus = "../../shared/corpus"

// labelled is one quotation of testdata/attribution.jsonl, labelled by
// reading its article: the speaker the article gives it ("" when it gives
// none, or none unambiguously).
type labelled struct {
	DocID   string `json:"doc_id"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Quote   string `json:"quote"`
	Speaker string `json:"speaker"`
}

// loadShared loads the Wikinews corpus and the seed, skipping the test when
// they are not beside the worktree.
func loadShared(t testing.TB) map[string]corpus.Article {
	arts, _ := loadSharedParts(t)
	return arts
}

// loadSharedParts is loadShared with the part of each article: "train" for
// an article at an even position of its corpus (0, 2, …), "heldout" for an
// odd one.
func loadSharedParts(t testing.TB) (map[string]corpus.Article, map[string]string) {
	t.Helper()
	if _, err := os.Stat(sharedCorpus); err != nil {
		t.Skipf("shared corpora not found: %v", err)
	}
	arts := map[string]corpus.Article{}
	parts := map[string]string{}
	for _, dir := range []string{"wikinews-fr-2012", "seed"} {
		res, err := corpus.LoadPath(context.Background(), filepath.Join(sharedCorpus, dir), corpus.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range res.Articles {
			arts[a.ID] = a
			parts[a.ID] = "train"
			if i%2 == 1 {
				parts[a.ID] = "heldout"
			}
		}
	}
	return arts, parts
}

func readLabels(t testing.TB, path string) []labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l labelled
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
	return out
}

// attribution is how well the speakers found match a labelled sample.
type attribution struct {
	labels, withSpeaker int
	given, right        int // quotations given a speaker, the right one
	precision, recall   float64
}

// measureAttribution compares the speakers of the quotations (Attribute)
// and reported sentences (Reported) of arts with the labels. A labelled
// quotation neither returns counts as given no speaker, unless
// mustExtract, when it fails the test.
func measureAttribution(t *testing.T, arts map[string]corpus.Article, labels []labelled, mustExtract bool) attribution {
	t.Helper()
	found := map[string]map[[2]int]Quote{}
	for id, a := range arts {
		found[id] = map[[2]int]Quote{}
		for _, q := range append(Attribute(a), Reported(a)...) {
			if q.Start < 0 || q.End > len(a.Text) || q.Start >= q.End {
				t.Fatalf("quote offsets of %s out of the text: %d-%d", id, q.Start, q.End)
			}
			found[id][[2]int{q.Start, q.End}] = q
		}
	}
	var m attribution
	m.labels = len(labels)
	for _, l := range labels {
		a, ok := arts[l.DocID]
		if !ok {
			t.Fatalf("labelled article %q not in the corpus", l.DocID)
		}
		if l.End > len(a.Text) || a.Text[l.Start:l.End] != l.Quote {
			t.Fatalf("label %s@%d: text at the offsets is not the labelled quote %q", l.DocID, l.Start, l.Quote)
		}
		q, ok := found[l.DocID][[2]int{l.Start, l.End}]
		if !ok && mustExtract {
			t.Errorf("%s@%d: quotation %q not extracted with these offsets", l.DocID, l.Start, clip(l.Quote, 60))
			continue
		}
		same := q.Speaker != "" && l.Speaker != "" && sameSpeaker(q.Speaker, l.Speaker)
		if q.Speaker != "" {
			m.given++
			if same {
				m.right++
			} else {
				t.Logf("wrong speaker %s@%d %q: got %q, want %q", l.DocID, l.Start, clip(l.Quote, 50), q.Speaker, l.Speaker)
			}
		}
		if l.Speaker != "" {
			m.withSpeaker++
			if !same && q.Speaker == "" {
				t.Logf("missed speaker %s@%d %q: want %q", l.DocID, l.Start, clip(l.Quote, 50), l.Speaker)
			}
		}
	}
	m.precision = float64(m.right) / float64(max(m.given, 1))
	m.recall = float64(m.right) / float64(max(m.withSpeaker, 1))
	return m
}

// TestAttributionSample measures the speakers the rules give two labelled
// samples: precision among the quotations given a speaker, and the share
// of the labelled speakers found.
//
// The quotation sample (testdata/attribution.jsonl) is every quotation
// between marks of the corpora, in two parts by article (even positions
// train, odd held out). The rules up to RulesVersion 2 were written by
// reading the whole sample; a rule is now written by reading the train
// part only, and the held-out part is what it is judged on.
// The reported-speech sample (testdata/attribution-heldout.jsonl, drawn
// by internal/attrsample and labelled before the rules were run on it)
// measures Reported. See docs/quotes.md.
func TestAttributionSample(t *testing.T) {
	arts, parts := loadSharedParts(t)
	for _, tc := range []struct {
		name, path, part string
		mustExtract      bool
		// precision and recall floors: the targets are 0.95
		// and 0.85.
		precision, recall float64
	}{
		// The aims (0.95, 0.85) are reached for precision only; these
		// floors guard what RulesVersion 2 gives (whole 0.978 / 0.760,
		// train 0.973 / 0.777, held out 0.984 / 0.741).
		{"quotations", "testdata/attribution.jsonl", "", true, 0.95, 0.75},
		{"quotations-train", "testdata/attribution.jsonl", "train", true, 0.95, 0.76},
		{"quotations-heldout", "testdata/attribution.jsonl", "heldout", true, 0.95, 0.73},
		// The aims (0.95, 0.85) are not reached: Reported was written
		// without a training sample of reported speech and reached 0.750
		// (75/100) and 0.484 (75/155) when first run on this sample;
		// these floors guard that, honestly below the aims, and were not
		// tuned on it.
		{"reported", "testdata/attribution-heldout.jsonl", "", false, 0.74, 0.48},
	} {
		t.Run(tc.name, func(t *testing.T) {
			all := readLabels(t, tc.path)
			if len(all) < 200 {
				t.Fatalf("got %d labelled quotations, want at least 200", len(all))
			}
			var labels []labelled
			for _, l := range all {
				if tc.part == "" || parts[l.DocID] == tc.part {
					labels = append(labels, l)
				}
			}
			m := measureAttribution(t, arts, labels, tc.mustExtract)
			t.Logf("%s: %d labelled, %d with a speaker: precision %.3f (%d/%d), speakers found %.3f (%d/%d)",
				tc.name, m.labels, m.withSpeaker, m.precision, m.right, m.given, m.recall, m.right, m.withSpeaker)
			if m.precision < tc.precision {
				t.Errorf("speaker precision %.3f, want >= %.2f", m.precision, tc.precision)
			}
			if m.recall < tc.recall {
				t.Errorf("speakers found for %.3f of the labelled quotations, want >= %.2f", m.recall, tc.recall)
			}
		})
	}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// sameSpeaker reports whether two ways of writing a speaker name the same
// one: the same surname key ("Jean-Marie Le Pen", "Le Pen"), or one's
// first word for an organisation written in part ("Association" for
// "Association des leaders religieux du Mali").
func sameSpeaker(got, want string) bool {
	if surnameKey(got) == surnameKey(want) {
		return true
	}
	g, w := strings.Fields(got), strings.Fields(want)
	return len(g) > 0 && len(w) > 0 && surnameKey(g[0]) == surnameKey(w[0])
}

// TestReportedSpeaker checks the speaker Reported gives sentences of
// reported speech.
func TestReportedSpeaker(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"subject before an apposition and que", "Le 28 avril, Dmitri Peskov, porte-parole du Kremlin, a confirmé que la Russie pourrait aider la Corée du Nord.", "Dmitri Peskov"},
		{"subject after the verb", "Les salariés seront reclassés, a indiqué la direction d'Hewlett-Packard.", "Hewlett-Packard"},
		{"selon", "Selon Météo France, les orages dureront jusqu'à demain.", "Météo France"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs := Reported(corpus.Article{ID: "a", Lang: "fr", Text: tt.text})
			got := ""
			if len(qs) > 0 {
				got = qs[0].Speaker
			}
			if got != tt.want {
				t.Errorf("speaker of %q: got %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}
