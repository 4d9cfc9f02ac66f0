package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestCheckJSONLines checks texts read one per line from stdin against the
// seed corpus: one JSON verdict per line, in the contract.
func TestCheckJSONLines(t *testing.T) {
	env := map[string]string{"INDEX_DIR": t.TempDir(), "HOME": t.TempDir()}
	getenv := func(k string) string { return env[k] }
	in := strings.NewReader("« La Russie n’oubliera jamais ses amis de Corée du Nord »\nLa Russie oubliera ses amis de Corée du Nord\nLe prix du pain a doublé à Lyon depuis le printemps dernier\n")
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"check", "--json"}, getenv, in, &out, &errb); err != nil {
		t.Fatalf("check: %v\n%s", err, errb.String())
	}
	want := []string{"exact", "altered", "not_found"}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, l := range lines {
		var got struct {
			Verdict string `json:"verdict"`
			Matches []struct {
				DocID   string            `json:"doc_id"`
				Quote   string            `json:"quote"`
				Changes []json.RawMessage `json:"changes"`
			} `json:"matches"`
		}
		if err := json.Unmarshal([]byte(l), &got); err != nil {
			t.Fatal(err)
		}
		if got.Verdict != want[i] {
			t.Errorf("line %d: verdict = %q, want %q", i+1, got.Verdict, want[i])
		}
		if got.Matches == nil {
			t.Errorf("line %d: matches is null, want a list", i+1)
		}
	}
}
