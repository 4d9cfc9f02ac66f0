package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"verbatim/corpus/corpustest"
)

// TestCommittedBenchmark regenerates the benchmark from ../shared and
// compares it with the committed quotes/testdata/check-perturb.jsonl: the
// file is this program's output, and the program is deterministic.
func TestCommittedBenchmark(t *testing.T) {
	shared := filepath.Dir(corpustest.RequireShared(t, "corpus"))
	out := filepath.Join(t.TempDir(), "check-perturb.jsonl")
	if err := run(context.Background(), []string{"-shared", shared, "-out", out}, io.Discard); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "testdata", "check-perturb.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("generated benchmark (%d bytes) differs from the committed one (%d bytes): run go run ./quotes/internal/perturb", len(got), len(want))
	}
}

func TestPerturbations(t *testing.T) {
	sent := func(s string) sentence { return sentence{doc: "d", text: s, words: words(s)} }
	tests := []struct {
		name string
		f    func(sentence, int) (string, sentence, bool)
		in   string
		want string
	}{
		{"negation removed", removeNegation, "Le gouvernement n'acceptait pas le plan en l'état.", "Le gouvernement acceptait le plan en l'état."},
		{"negation removed, ne", removeNegation, "Ne sont pas concernés les mineurs.", "Sont concernés les mineurs."},
		{"negation added", addNegation, "Une vingtaine d'états sont victimes d'inondations.", "Une vingtaine d'états ne sont pas victimes d'inondations."},
		{"negation added, elided", addNegation, "Le système est conçu pour les ordinateurs portables.", "Le système n'est pas conçu pour les ordinateurs portables."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, ok := tt.f(sent(tt.in), 0)
			if !ok || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}
