package corpus

import (
	"fmt"
	"strings"
	"testing"
)

// makeText builds paragraphs of sentences of the given word counts.
func makeText(paras [][]int) string {
	var b strings.Builder
	n := 0
	for pi, p := range paras {
		if pi > 0 {
			b.WriteString("\n\n")
		}
		for si, words := range p {
			if si > 0 {
				b.WriteString(" ")
			}
			for w := range words {
				if w == 0 {
					fmt.Fprintf(&b, "Mot%d", n)
				} else {
					fmt.Fprintf(&b, " mot%d", n)
				}
				n++
			}
			b.WriteString(".")
		}
	}
	return b.String()
}

// repeat returns n copies of v.
func repeat(v, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// checkChunks fails t unless chunks satisfy Split's invariants for a.
func checkChunks(t *testing.T, a Article, chunks []Chunk) {
	t.Helper()
	prevStart, prevEnd := -1, 0
	for i, c := range chunks {
		if c.Start < 0 || c.End > len(a.Text) || c.Start >= c.End {
			t.Fatalf("chunk %d: offsets [%d,%d) out of bounds (len %d)", i, c.Start, c.End, len(a.Text))
		}
		if c.Text != a.Text[c.Start:c.End] {
			t.Fatalf("chunk %d: Text != a.Text[Start:End]", i)
		}
		if c.Start <= prevStart || c.End <= prevEnd {
			t.Fatalf("chunk %d: [%d,%d) does not advance past [%d,%d)", i, c.Start, c.End, prevStart, prevEnd)
		}
		if i > 0 && c.Start > prevEnd {
			// Nothing between chunks but white space.
			if gap := a.Text[prevEnd:c.Start]; strings.TrimSpace(gap) != "" {
				t.Fatalf("chunk %d: text %q lost between chunks", i, gap)
			}
		}
		if want := fmt.Sprintf("%s#%d", a.ID, i); c.ID != want || c.Index != i || c.DocID != a.ID {
			t.Fatalf("chunk %d: ID %q Index %d DocID %q, want %q %d %q", i, c.ID, c.Index, c.DocID, want, i, a.ID)
		}
		if c.Title != a.Title || c.Date != a.Date || c.Source != a.Source || c.URL != a.URL || c.Lang != a.Lang {
			t.Fatalf("chunk %d: metadata not copied from the article", i)
		}
		prevStart, prevEnd = c.Start, c.End
	}
	if len(chunks) > 0 {
		if lead := a.Text[:chunks[0].Start]; strings.TrimSpace(lead) != "" {
			t.Fatalf("text %q before the first chunk is lost", lead)
		}
		if tail := a.Text[chunks[len(chunks)-1].End:]; strings.TrimSpace(tail) != "" {
			t.Fatalf("text %q after the last chunk is lost", tail)
		}
	}
}

// splitTestOptions are the sizes the expectations below are worked out
// for; the shipped defaults are tuned by the retrieval evaluation.
var splitTestOptions = ChunkOptions{MinWords: 150, MaxWords: 300, TargetWords: 200, OverlapSentences: 1}

func TestSplit(t *testing.T) {
	date, _ := ParseDate("2025-04")
	tests := []struct {
		name  string
		paras [][]int
		// wantChunks is the expected number of chunks; minW/maxW bound the
		// word count of every chunk.
		wantChunks int
		minW, maxW int
	}{
		{"short article is one chunk", [][]int{{20, 30}, {40}}, 1, 90, 90},
		{"empty", nil, 0, 0, 0},
		// 10 sentences, then the overlap sentence and 9 new ones, and a last
		// chunk of 4 new sentences (80 words, too long to merge).
		{"uniform sentences", [][]int{repeat(20, 50)}, 6, 100, 200},
		// Two paragraphs of 100 words; then the overlap, a paragraph and the
		// next one finished (its last 25 words) rather than cut.
		{"many paragraphs", [][]int{repeat(25, 4), repeat(25, 4), repeat(25, 4), repeat(25, 4), repeat(25, 4), repeat(25, 4)}, 3, 200, 225},
		{"one very long sentence is cut at words", [][]int{{1000}}, 4, 250, 250},
		// The 700 words become pieces of 234, 234 and 232 words.
		{"long sentence between short ones", [][]int{{10, 700, 10}}, 3, 234, 244},
		{"short tail is merged", [][]int{append(repeat(20, 10), 15)}, 1, 215, 215},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Article{ID: "doc", Title: "T", Date: date, Source: "S", URL: "u", Lang: "fr", Text: makeText(tt.paras)}
			chunks := Split(a, splitTestOptions)
			checkChunks(t, a, chunks)
			if len(chunks) != tt.wantChunks {
				t.Fatalf("got %d chunks, want %d", len(chunks), tt.wantChunks)
			}
			for i, c := range chunks {
				if w := len(strings.Fields(c.Text)); w < tt.minW || w > tt.maxW {
					t.Errorf("chunk %d has %d words, want %d..%d", i, w, tt.minW, tt.maxW)
				}
			}
		})
	}
}

func TestSplitOverlap(t *testing.T) {
	a := Article{ID: "doc", Text: makeText([][]int{repeat(20, 30)})}
	chunks := Split(a, DefaultChunkOptions)
	if len(chunks) < 2 {
		t.Fatalf("got %d chunks, want several", len(chunks))
	}
	for i := 1; i < len(chunks); i++ {
		prev, c := chunks[i-1], chunks[i]
		if c.Start >= prev.End {
			t.Fatalf("chunk %d starts at %d, after the previous end %d: no overlap", i, c.Start, prev.End)
		}
		overlap := a.Text[c.Start:prev.End]
		if got := len(Sentences(overlap)); got != 1 {
			t.Errorf("chunk %d overlaps the previous by %d sentences (%q), want 1", i, got, overlap)
		}
	}
	o := DefaultChunkOptions
	o.OverlapSentences = 0
	for i, c := range Split(a, o)[1:] {
		prev := Split(a, o)[i]
		if c.Start < prev.End {
			t.Errorf("without overlap, chunk %d starts at %d before the previous end %d", i+1, c.Start, prev.End)
		}
	}
}

func TestSplitPrefersParagraphs(t *testing.T) {
	// Paragraphs of 160 words: each chunk should be one paragraph (cut at
	// the paragraph break once past MinWords) plus the overlap sentence.
	a := Article{ID: "doc", Text: makeText([][]int{repeat(20, 8), repeat(20, 8), repeat(20, 8)})}
	o := splitTestOptions
	o.OverlapSentences = 0
	chunks := Split(a, o)
	if len(chunks) != 3 {
		t.Fatalf("got %d chunks, want 3", len(chunks))
	}
	for i, c := range chunks {
		if strings.Contains(c.Text, "\n\n") {
			t.Errorf("chunk %d spans a paragraph break", i)
		}
	}
}

func TestSplitSeed(t *testing.T) {
	res, err := Load(t.Context(), Seed(), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Articles[0]
	chunks := Split(a, DefaultChunkOptions)
	checkChunks(t, a, chunks)
	if len(chunks) < 3 || len(chunks) > 5 {
		t.Errorf("seed gives %d chunks, want 3 to 5", len(chunks))
	}
	for i, c := range chunks {
		if w := len(strings.Fields(c.Text)); w > DefaultChunkOptions.MaxWords {
			t.Errorf("chunk %d has %d words, over %d", i, w, DefaultChunkOptions.MaxWords)
		}
		if strings.Contains(c.Text, "Pyongyang. Entente") {
			t.Errorf("chunk %d glues the heading to the previous sentence", i)
		}
	}
}

func TestChunkOptionsDefaults(t *testing.T) {
	a := Article{ID: "doc", Text: makeText([][]int{repeat(20, 50)})}
	d := DefaultChunkOptions
	got, want := Split(a, ChunkOptions{}), Split(a, ChunkOptions{MinWords: d.MinWords, MaxWords: d.MaxWords, TargetWords: d.TargetWords})
	if len(got) != len(want) {
		t.Fatalf("zero options give %d chunks, defaults without overlap %d", len(got), len(want))
	}
	small := Split(a, ChunkOptions{MinWords: 30, MaxWords: 60, TargetWords: 40})
	checkChunks(t, a, small)
	for i, c := range small {
		if w := len(strings.Fields(c.Text)); w > 60 {
			t.Errorf("chunk %d has %d words, over 60", i, w)
		}
	}
}

func FuzzSplit(f *testing.F) {
	f.Add(makeText([][]int{repeat(20, 30)}), 150, 300, 200, 1)
	f.Add(makeText([][]int{{500}, {3, 4}}), 10, 20, 15, 2)
	f.Add("« Quoi ? » dit-il.\n\nTitre\nM. Macron. U.S. 76 000.", 1, 2, 1, 3)
	f.Add("", 0, 0, 0, 0)
	f.Add("\xff\xfe a. B", -1, 5, 100, -2)
	f.Fuzz(func(t *testing.T, text string, minW, maxW, target, overlap int) {
		o := ChunkOptions{MinWords: minW % 1000, MaxWords: maxW % 1000, TargetWords: target % 1000, OverlapSentences: overlap % 5}
		a := Article{ID: "f", Text: text}
		chunks := Split(a, o)
		checkChunks(t, a, chunks)
	})
}
