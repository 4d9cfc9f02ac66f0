package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"verbatim/internal/golden"
)

// TestEvalMarkdownGolden renders docs/evaluation.md from saved "eval
// --json" lines.
func TestEvalMarkdownGolden(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "eval-results.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	results, err := readEvalResults(f)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := writeEvalMarkdown(&b, results, time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "evaluation.md", b.String())
}

// TestEvalMarkdownFromARun evaluates a small set, then renders its --json
// line: the document's figures are the run's.
func TestEvalMarkdownFromARun(t *testing.T) {
	set := t.TempDir()
	writeCorpus(t, set, 12, "")
	var q strings.Builder
	for _, i := range []int{3, 7, 11} {
		line, _ := json.Marshal(map[string]string{
			"id": fmt.Sprintf("q%d", i), "lang": "fr", "question": fmt.Sprintf("Quel budget la ville numéro %d a-t-elle voté ?", i),
			"answer": "budget du port", "doc_id": fmt.Sprintf("a%05d", i), "evidence": fmt.Sprintf("Le conseil municipal de la ville numéro %d a voté le budget du port.", i),
		})
		q.Write(line)
		q.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(set, "queries.jsonl"), []byte(q.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runCmd(t, nil, "", "eval", "--set", set, "--answers", "--json")
	if code != 0 {
		t.Fatalf("eval: exit %d: %s", code, stderr)
	}
	var res evalResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Answers == nil || len(res.Retrieval) != 3 {
		t.Fatalf("got %q (%v), want retrieval and answer figures", out, err)
	}
	doc, stderr, code := runCmd(t, nil, out, "eval", "--markdown")
	if code != 0 {
		t.Fatalf("eval --markdown: exit %d: %s", code, stderr)
	}
	m := res.Retrieval[0].Metrics
	for _, want := range []string{
		"| `" + filepath.Base(set) + "` | 3 | **shipped (local embedder + BM25)** | " + fmt.Sprintf("%.3f", m.Hits1) + " | " + fmt.Sprintf("%.3f", m.Hits5),
		"| `" + filepath.Base(set) + "` | 3 | **" + fmt.Sprintf("%.3f", res.Answers.GoldRate) + "** |",
		evalDocCommand,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("got document\n%s\nwant %q", doc, want)
		}
	}
}

func TestEvalMarkdownBadInput(t *testing.T) {
	tests := []struct{ stdin, want string }{
		{"", "eval --markdown needs --set DIR"},
		{`{"set":"fr","retrieval":[]}` + "\n", "line 1: no set or no retrieval figures"},
		{"\nnot json\n", "line 2:"},
	}
	for _, tt := range tests {
		_, stderr, code := runCmd(t, nil, tt.stdin, "eval", "--markdown")
		if code == 0 || !strings.Contains(stderr, tt.want) {
			t.Errorf("stdin %q: got exit %d, stderr %q; want an error with %q", tt.stdin, code, stderr, tt.want)
		}
	}
}
