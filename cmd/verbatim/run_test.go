package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// runCmd runs the program with args and a fresh index folder, returning
// stdout, stderr and the exit status main would use.
func runCmd(t *testing.T, env map[string]string, stdin string, args ...string) (string, string, int) {
	t.Helper()
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["INDEX_DIR"]; !ok {
		env["INDEX_DIR"] = t.TempDir()
	}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, mapEnv(env), strings.NewReader(stdin), &stdout, &stderr)
	code := exitCode(err, &stderr)
	return stdout.String(), stderr.String(), code
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want int
	}{
		{"help", nil, []string{"--help"}, 0},
		{"version", nil, []string{"version"}, 0},
		{"subcommand help", nil, []string{"inspect", "--help"}, 0},
		{"search help", nil, []string{"search", "-h"}, 0},
		{"unknown command", nil, []string{"frobnicate"}, 2},
		{"unknown flag", nil, []string{"inspect", "--nope"}, 2},
		{"malformed variable", map[string]string{"ADMIN_USER_IDS": "abc"}, []string{"inspect"}, 2},
		{"missing corpus", nil, []string{"inspect", "/does/not/exist"}, 1},
		{"serve without token", nil, []string{"serve"}, 2},
		{"bad --from", nil, []string{"search", "--from", "someday", "x"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runCmd(t, tt.env, "", tt.args...)
			if code != tt.want {
				t.Fatalf("got exit %d, want %d (stderr %q)", code, tt.want, stderr)
			}
			// One line; a usage error adds one saying where the usage is.
			if lines := strings.Count(strings.TrimSpace(stderr), "\n") + 1; code == 1 && lines != 1 || code == 2 && lines != 2 {
				t.Errorf("got stderr %q, want one line (and a hint for a usage error)", stderr)
			}
		})
	}
}

func TestMalformedVariableNamed(t *testing.T) {
	_, stderr, _ := runCmd(t, map[string]string{"ADMIN_USER_IDS": "abc"}, "", "inspect")
	if !strings.Contains(stderr, "ADMIN_USER_IDS") {
		t.Errorf("got %q, want the variable named", stderr)
	}
}

func TestInspectSeed(t *testing.T) {
	stdout, stderr, code := runCmd(t, nil, "", "inspect", "--json")
	if code != 0 {
		t.Fatalf("got exit %d: %s", code, stderr)
	}
	var rep inspectReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("decode %q: %v", stdout, err)
	}
	if len(rep.Articles) != 1 {
		t.Fatalf("got %d articles, want the one seed article", len(rep.Articles))
	}
	got := rep.Articles[0]
	if got.Date != "2025-04" || got.DatePrecision != "month" || got.Lang != "fr" {
		t.Errorf("got date %q precision %q lang %q, want 2025-04 month fr", got.Date, got.DatePrecision, got.Lang)
	}
	if got.Title == "" || got.Chunks < 2 {
		t.Errorf("got title %q and %d chunks, want a derived title and several chunks", got.Title, got.Chunks)
	}
	if rep.Totals.Articles != 1 || rep.Totals.Chunks != got.Chunks {
		t.Errorf("got totals %+v, want them to match the articles", rep.Totals)
	}
}

func TestInspectBrokenInputs(t *testing.T) {
	stdout, stderr, code := runCmd(t, nil, "", "inspect", "--json", "testdata/broken")
	if code != 0 {
		t.Fatalf("got exit %d, want 0 (stderr %q)", code, stderr)
	}
	var rep inspectReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Articles) != 1 || rep.Articles[0].Title != "Valid article" {
		t.Errorf("got %+v, want only the valid article", rep.Articles)
	}
	skipped := map[string]string{}
	for _, s := range rep.Skipped {
		skipped[s.Path] = s.Reason
	}
	for _, p := range []string{"binary.txt", "empty.txt", "truncated.json"} {
		if skipped[p] == "" {
			t.Errorf("got skipped %v, want %s reported with a reason", skipped, p)
		}
	}
}

func TestInspectText(t *testing.T) {
	stdout, _, code := runCmd(t, nil, "", "inspect")
	if code != 0 || !strings.Contains(stdout, "2025-04") || !strings.Contains(stdout, "1 articles") {
		t.Errorf("got exit %d and %q, want a table with the seed", code, stdout)
	}
}
