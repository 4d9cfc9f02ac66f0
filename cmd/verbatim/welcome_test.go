package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"verbatim/corpus"
	"verbatim/retrieval"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from golden file\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestWelcomeGolden(t *testing.T) {
	april := corpus.Date{Time: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionMonth}
	may3 := corpus.Date{Time: time.Date(2025, 5, 3, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionDay}
	one := retrieval.Info{Articles: 1, Chunks: 3, Langs: []string{"fr"}, Oldest: april, Newest: april}
	many := retrieval.Info{Articles: 42, Chunks: 420, Langs: []string{"en", "fr"}, Oldest: april, Newest: may3}
	var b strings.Builder
	for _, w := range []string{
		welcome(one, false, "fr", "Qu’a-t-on rapporté sur « Nos amis coréens » en avril 2025 ?", "/home/ana/.cache/verbatim/chat.log", nil),
		welcome(one, true, "en", "", "", nil),
		welcome(many, false, "en", "What was reported about “Harbour budget approved” in May 2025?", "", []string{"de→fr", "en→fr"}),
		welcome(one, false, "fr", "", "", []string{"de→fr", "ru→fr"}),
		welcome(retrieval.Info{}, false, "en", "", "", nil),
	} {
		b.WriteString(w + "\n---\n")
	}
	golden(t, "welcome.txt", b.String())
}
