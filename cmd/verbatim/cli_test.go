package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary act as the verbatim command when
// VERBATIM_RUN_MAIN is set, so tests can run (and kill) a real process.
func TestMain(m *testing.M) {
	if os.Getenv("VERBATIM_RUN_MAIN") == "1" {
		main()
		return
	}
	// Only the tests that ask for the PostgreSQL store get it: a child
	// process inheriting DATABASE_URL would switch to the database.
	testDatabaseURL = os.Getenv("DATABASE_URL")
	os.Unsetenv("DATABASE_URL")
	os.Exit(m.Run())
}

func TestAskSeedOffline(t *testing.T) {
	stdout, stderr, code := runCmd(t, nil, "", "ask", "--json", "Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?")
	if code != 0 {
		t.Fatalf("got exit %d: %s", code, stderr)
	}
	var ans struct {
		Found     bool   `json:"found"`
		Verdict   string `json:"verdict"`
		Mode      string `json:"mode"`
		Citations []struct {
			Quote string `json:"quote"`
			Date  string `json:"date"`
		} `json:"citations"`
	}
	if err := json.Unmarshal([]byte(stdout), &ans); err != nil {
		t.Fatalf("decode %q: %v", stdout, err)
	}
	if !ans.Found || ans.Verdict != "answered" || ans.Mode != "offline" || len(ans.Citations) == 0 {
		t.Fatalf("got %+v, want an answered offline answer with citations", ans)
	}
	const want = "Le 26 avril, Valéry Guérassimov, chef de l’état-major russe, a annoncé la fin de l’opération de libération de la région de Koursk."
	ok := false
	for _, c := range ans.Citations {
		ok = ok || (strings.Contains(c.Quote, want) && c.Date == "2025-04")
	}
	if !ok {
		t.Errorf("got %+v, want the seed's sentence about 26 April dated 2025-04", ans.Citations)
	}
	text, _, _ := runCmd(t, nil, "", "ask", "Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?")
	if !strings.Contains(text, "avril 2025") {
		t.Errorf("got %q, want the date shown as avril 2025", text)
	}
}

// writeCorpus writes n small dated JSONL articles about distinct topics.
func writeCorpus(t testing.TB, dir string, n int, salt string) {
	t.Helper()
	var b strings.Builder
	for i := 0; i < n; i++ {
		text := fmt.Sprintf("Article %d %s. Le conseil municipal de la ville numéro %d a voté le budget du port. ", i, salt, i)
		for s := 0; s < 12; s++ {
			text += fmt.Sprintf("La séance a duré %s et les élus ont débattu de %s, de %s et de %s. ", word(i, s, 0), word(i, s, 1), word(i, s, 2), word(i, s, 3))
		}
		rec := map[string]string{"id": fmt.Sprintf("a%05d", i), "title": fmt.Sprintf("Budget du port %d", i), "date": "2024-03-0" + fmt.Sprint(1+i%9), "text": text}
		line, _ := json.Marshal(rec)
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(dir, "corpus.jsonl"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestIndexAndSearchCLI(t *testing.T) {
	cdir, idir := t.TempDir(), t.TempDir()
	writeCorpus(t, cdir, 30, "")
	env := map[string]string{"INDEX_DIR": idir}
	var rep struct {
		Articles, Chunks, Added, Unchanged, Embedded int
		Skipped                                      []any
	}
	out, stderr, code := runCmd(t, env, "", "index", "--corpus", cdir, "--index", idir, "--json")
	if code != 0 {
		t.Fatalf("index: exit %d: %s", code, stderr)
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Articles != 30 || rep.Added != 30 || rep.Embedded != rep.Chunks || rep.Skipped == nil {
		t.Errorf("first index: got %+v, want 30 added and every chunk embedded", rep)
	}
	out, _, _ = runCmd(t, env, "", "index", "--corpus", cdir, "--index", idir, "--json")
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Embedded != 0 || rep.Unchanged != 30 {
		t.Errorf("second index: got %+v, want nothing embedded and 30 unchanged", rep)
	}

	// Touch one article: only its chunks are embedded again.
	raw, err := os.ReadFile(filepath.Join(cdir, "corpus.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	touched := strings.Replace(string(raw), "Article 3 .", "Article 3 (corrigé).", 1)
	if touched == string(raw) {
		t.Fatal("test setup: article 3 not found")
	}
	if err := os.WriteFile(filepath.Join(cdir, "corpus.jsonl"), []byte(touched), 0o644); err != nil {
		t.Fatal(err)
	}
	var third struct{ Updated, Unchanged, Embedded int }
	out, _, _ = runCmd(t, env, "", "index", "--corpus", cdir, "--index", idir, "--json")
	if err := json.Unmarshal([]byte(out), &third); err != nil {
		t.Fatal(err)
	}
	perArticle := rep.Chunks / rep.Articles
	if third.Updated != 1 || third.Unchanged != 29 || third.Embedded < 1 || third.Embedded > perArticle+1 {
		t.Errorf("after touching one article: got %+v, want 1 updated, 29 unchanged and at most its %d chunks embedded", third, perArticle)
	}

	out, stderr, code = runCmd(t, env, "conseil municipal ville numéro 7\nbudget du port 12\n", "search", "--index", idir, "--k", "3", "--json")
	if code != 0 {
		t.Fatalf("search: exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want one per query: %q", len(lines), out)
	}
	for i, want := range []string{"a00007", "a00012"} {
		var got searchLine
		if err := json.Unmarshal([]byte(lines[i]), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Results) == 0 || got.Results[0].DocID != want || got.Results[0].Rank != 1 || got.Results[0].Date == "" {
			t.Errorf("query %q: got %+v, want %s first", got.Query, got.Results, want)
		}
	}
	_, stderr, code = runCmd(t, env, "", "search", "--index", idir, "--from", "2025-01", "budget")
	if code != 0 || stderr != "" {
		t.Errorf("filtered search: exit %d, stderr %q", code, stderr)
	}
}

// TestIndexKilledMidway kills a real "verbatim index" process while it
// embeds a changed corpus and checks the previous index still answers the
// same way.
func TestIndexKilledMidway(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large corpus")
	}
	cdir, idir := t.TempDir(), t.TempDir()
	writeCorpus(t, cdir, 40, "")
	env := map[string]string{"INDEX_DIR": idir}
	if _, stderr, code := runCmd(t, env, "", "index", "--corpus", cdir, "--index", idir); code != 0 {
		t.Fatalf("index: %s", stderr)
	}
	before, _, _ := runCmd(t, env, "budget du port 12\n", "search", "--index", idir, "--json")

	writeCorpus(t, cdir, 6000, "modifié")
	cmd := exec.Command(os.Args[0], "index", "--corpus", cdir, "--index", idir)
	cmd.Env = append(os.Environ(), "VERBATIM_RUN_MAIN=1", "INDEX_DIR="+idir)
	stderrPipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderrPipe)
		for sc.Scan() {
			// Kill once embedding is under way, well before the end.
			if strings.Contains(sc.Text(), "embedding:") && !strings.Contains(sc.Text(), " 0/") {
				_ = cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
		close(killed)
		_, _ = bufio.NewReader(stderrPipe).WriteTo(devNull{})
	}()
	select {
	case <-killed:
	case <-time.After(2 * time.Minute):
		_ = cmd.Process.Kill()
		t.Fatal("index did not report progress")
	}
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("got %v, want the index process killed midway (did it finish first?)", err)
	}
	after, stderr, code := runCmd(t, env, "budget du port 12\n", "search", "--index", idir, "--json")
	if code != 0 {
		t.Fatalf("search after kill: exit %d: %s", code, stderr)
	}
	if after != before {
		t.Errorf("got results\n%s\nwant the previous index's\n%s", after, before)
	}
}

// word makes a deterministic pseudo-word so that articles differ enough
// for their rankings to have no ties.
func word(i, s, k int) string {
	syl := []string{"ba", "ko", "ri", "mu", "ste", "fla", "gor", "ni", "pa", "vel", "zu", "tra"}
	h := uint32(i*7919 + s*104729 + k*1299709 + 17)
	var b strings.Builder
	for n := 0; n < 3; n++ {
		h = h*1664525 + 1013904223
		b.WriteString(syl[(h>>16)%uint32(len(syl))])
	}
	return b.String()
}

type devNull struct{}

func (devNull) Write(p []byte) (int, error) { return len(p), nil }
