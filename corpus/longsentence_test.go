package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// longSentence is one sentence of about 6,500 characters, as in the issue:
// clauses joined by commas, no full stop before the end.
func longSentence() string {
	clauses := []string{
		"le train de marchandises n°30 entre Moscou et Koursk a été retardé de plusieurs heures",
		"selon les cheminots interrogés sur place",
		"qui évoquent des contrôles renforcés aux abords de la frontière",
		"tandis que les autorités régionales assurent que la circulation reprendra normalement dans la soirée",
		"malgré les intempéries qui touchent la région depuis le début de la semaine",
	}
	var b strings.Builder
	b.WriteString("Le ministère a indiqué mardi que")
	for i := 0; utf8.RuneCountInString(b.String()) < 6500; i++ {
		b.WriteString(" " + clauses[i%len(clauses)] + ",")
	}
	b.WriteString(" a conclu le porte-parole.")
	return b.String()
}

// TestLongSentenceCutMarked loads an article with a 6,500-character
// sentence through the loader and checks its chunks: the sentence is cut
// at word boundaries, after a clause, and each passage and each quote of
// a piece is known as partial and marked with "…" at the cut on both
// sides.
func TestLongSentenceCutMarked(t *testing.T) {
	dir := t.TempDir()
	long := longSentence()
	text := "Le trafic reprend lentement.\n\n" + long + "\n\nLa gare a rouvert mercredi."
	if err := os.WriteFile(filepath.Join(dir, "train.txt"), []byte("date: 2025-04-22\n\n"+text), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := LoadPath(t.Context(), dir, LoadOptions{})
	if err != nil || len(res.Articles) != 1 {
		t.Fatalf("LoadPath: %v, %+v", err, res)
	}
	a := res.Articles[0]
	ls := strings.Index(a.Text, long)
	le := ls + len(long)
	chunks := Split(a, DefaultChunkOptions)
	checkChunks(t, a, chunks)
	if len(chunks) < 3 {
		t.Fatalf("got %d chunks, want the long sentence cut in several", len(chunks))
	}
	inside := func(off int) bool { return off > ls && off < le }
	for i, c := range chunks {
		// Cuts inside the sentence fall between words, after a clause.
		if inside(c.Start) && a.Text[c.Start-1] != ' ' {
			t.Errorf("chunk %d starts mid-word: %q", i, a.Text[c.Start-10:c.Start+10])
		}
		if inside(c.End) {
			if a.Text[c.End] != ' ' {
				t.Errorf("chunk %d ends mid-word: %q", i, a.Text[c.End-10:c.End+10])
			}
			if !strings.HasSuffix(c.Text, ",") {
				t.Errorf("chunk %d is cut after %q, want after a clause", i, c.Text[len(c.Text)-20:])
			}
		}
		head, tail := Partial(a.Text, c.Start, c.End)
		if head != inside(c.Start) || tail != inside(c.End) {
			t.Errorf("chunk %d: Partial = %v, %v; want %v, %v", i, head, tail, inside(c.Start), inside(c.End))
		}
		m := Marked(a.Text, c.Start, c.End)
		if strings.HasPrefix(m, "…") != head || strings.HasSuffix(m, "…") != tail || strings.Trim(m, "…") != strings.TrimSpace(c.Text) {
			t.Errorf("chunk %d: Marked = %.40q…%.40q, want the text with … at the cuts (%v, %v)", i, m, m[max(0, len(m)-40):], head, tail)
		}
		// A quote of a chunk's sentences, as the answer engine takes them
		// from the passage: the pieces of the long one are partial.
		for _, sp := range Sentences(c.Text) {
			s, e := c.Start+sp[0], c.Start+sp[1]
			h, tl := Partial(a.Text, s, e)
			if want := (s > ls && s < le) || (e > ls && e < le); (h || tl) != want {
				t.Errorf("chunk %d: quote %.30q… partial = %v, want %v", i, a.Text[s:e], h || tl, want)
			}
		}
	}
	// Whole sentences are not partial.
	for _, q := range []string{"Le trafic reprend lentement.", "La gare a rouvert mercredi.", long} {
		s := strings.Index(a.Text, q)
		if h, tl := Partial(a.Text, s, s+len(q)); h || tl {
			t.Errorf("whole sentence %.30q… reported partial (%v, %v)", q, h, tl)
		}
		if got := Marked(a.Text, s, s+len(q)); got != q {
			t.Errorf("Marked(whole sentence) = %.30q…, want it unmarked", got)
		}
	}
}
