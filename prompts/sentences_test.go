package prompts

import (
	"reflect"
	"strings"
	"testing"
)

// sentenceView is what the tests compare of a Sentence.
type sentenceView struct {
	Text       string
	Quotes     []string
	Markers    [][]int
	Unbalanced bool
}

func view(text string, sents []Sentence) []sentenceView {
	var out []sentenceView
	for _, s := range sents {
		v := sentenceView{Text: text[s.Start:s.End], Unbalanced: s.Unbalanced}
		for _, q := range s.Quotes {
			v.Quotes = append(v.Quotes, q.Text)
		}
		for _, m := range s.Markers {
			v.Markers = append(v.Markers, m.Numbers)
		}
		out = append(out, v)
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []sentenceView
	}{
		{"two sentences with trailing markers", "Il l'a dit. [1] Puis « ceci. Et cela » [2]. Fin",
			[]sentenceView{{Text: "Il l'a dit. [1]", Markers: [][]int{{1}}}, {Text: "Puis « ceci. Et cela » [2].", Quotes: []string{"ceci. Et cela"}, Markers: [][]int{{2}}}, {Text: "Fin"}}},
		{"abbreviation and initial", "M. Poutine et V. Zelensky ont parlé le 3 mai. Ensuite rien.",
			[]sentenceView{{Text: "M. Poutine et V. Zelensky ont parlé le 3 mai."}, {Text: "Ensuite rien."}}},
		{"decimal and lower case", "Il y a 3.5 millions etc. et plus! Oui", []sentenceView{{Text: "Il y a 3.5 millions etc. et plus!"}, {Text: "Oui"}}},
		{"line breaks", "- premier\n- second « cité\nsur deux lignes » [1]\n\nParagraphe", []sentenceView{{Text: "- premier"},
			{Text: "- second « cité\nsur deux lignes » [1]", Quotes: []string{"cité\nsur deux lignes"}, Markers: [][]int{{1}}}, {Text: "Paragraphe"}}},
		{"unclosed quote ends at the blank line", "A « jamais fermé. B.\n\nC « x » [1].", []sentenceView{{Text: "A « jamais fermé. B.", Unbalanced: true},
			{Text: "C « x » [1].", Quotes: []string{"x"}, Markers: [][]int{{1}}}}},
		{"inner quote of an unclosed one", "« a “b” c", []sentenceView{{Text: "« a “b” c", Quotes: []string{"b"}, Unbalanced: true}}},
		{"stray closing mark", "Il a dit » non [1].", []sentenceView{{Text: "Il a dit » non [1].", Markers: [][]int{{1}}, Unbalanced: true}}},
		{"mixed marks", "« a “b » c” [2].", []sentenceView{{Text: "« a “b » c” [2].", Quotes: []string{"a “b"}, Markers: [][]int{{2}}, Unbalanced: true}}},
		{"curly nest", "“a “b” c” [1]", []sentenceView{{Text: "“a “b” c” [1]", Quotes: []string{"a “b” c"}, Markers: [][]int{{1}}}}},
		{"numbered list", "1. Poutine a dit. 2. Non\n12. Oui. 3. Fin", []sentenceView{{Text: "1. Poutine a dit."}, {Text: "2. Non"}, {Text: "12. Oui."}, {Text: "3. Fin"}}},
		{"inch mark", `Un écran de 12" [1].`, []sentenceView{{Text: `Un écran de 12" [1].`, Markers: [][]int{{1}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := view(tt.in, Sentences(tt.in)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q):\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
		})
	}
}

// TestSplitterStreaming feeds texts a byte at a time: the sentences
// returned while streaming are those of the whole text, and none is
// returned before it is complete.
func TestSplitterStreaming(t *testing.T) {
	texts := []string{
		"Il l'a dit. [1] Puis « ceci. Et cela » [2]. Fin",
		"M. Poutine a dit : « non » [1][2]. Ensuite [3].\nPuis \"yes\" [1]. Le 3.5. Fin",
		"A « jamais fermé. B.\n  \nC « x » [1]. D [12",
		"Fin. [1, 2] [3]",
	}
	for _, text := range texts {
		t.Run(text, func(t *testing.T) {
			want := view(text, Sentences(text))
			var s Splitter
			var got []Sentence
			for n := 0; n <= len(text); n++ {
				for {
					sent, ok := s.Next(text[:n], n == len(text))
					if !ok {
						break
					}
					if n < len(text) && !strings.HasPrefix(text, text[:sent.End]) {
						t.Fatalf("sentence past the text")
					}
					got = append(got, sent)
				}
			}
			if g := view(text, got); !reflect.DeepEqual(g, want) {
				t.Errorf("streamed:\n got %+v\nwant %+v", g, want)
			}
		})
	}
}

// TestSplitterDeepNesting checks that quotation marks nested far deeper
// than any fixed pass count are parsed as one outermost quotation.
func TestSplitterDeepNesting(t *testing.T) {
	for _, depth := range []int{1, 6, 100, 5000} {
		text := "Il dit " + strings.Repeat("« x ", depth) + "fin" + strings.Repeat(" »", depth) + " [1]."
		sents := Sentences(text)
		if len(sents) != 1 || len(sents[0].Quotes) != 1 || sents[0].Unbalanced {
			t.Fatalf("depth %d: got %+v, want one balanced sentence with one quotation", depth, view(text, sents))
		}
		q := sents[0].Quotes[0]
		if q.Start != strings.Index(text, "«") || q.End != strings.LastIndex(text, "»")+len("»") || len(q.Markers) != 1 {
			t.Errorf("depth %d: quotation %d-%d with %d markers, want the outermost one with its marker", depth, q.Start, q.End, len(q.Markers))
		}
	}
}

// FuzzSplitter checks that any text, streamed in pieces, gives the same
// sentences as whole, in order and within the text, with their quotations
// and markers inside them.
func FuzzSplitter(f *testing.F) {
	for _, seed := range []string{
		"Il l'a dit. [1] Puis « ceci. Et cela » [2]. Fin",
		"A « jamais fermé. B.\n  \nC « x » [1]. D [12",
		`« a “b » c” "d" [1, 2]. M. X. 3.5 etc. et`,
		strings.Repeat("« ", 50) + "x" + strings.Repeat(" »", 49),
	} {
		f.Add(seed, uint8(3))
	}
	f.Fuzz(func(t *testing.T, text string, step uint8) {
		want := Sentences(text)
		var s Splitter
		var got []Sentence
		n := 0
		for {
			final := n >= len(text)
			if final {
				n = len(text)
			}
			for {
				sent, ok := s.Next(text[:n], final)
				if !ok {
					break
				}
				got = append(got, sent)
			}
			if final {
				break
			}
			n += int(step%16) + 1
		}
		if !reflect.DeepEqual(view(text, got), view(text, want)) {
			t.Fatalf("streamed in steps of %d:\n got %+v\nwant %+v", step%16+1, view(text, got), view(text, want))
		}
		end := 0
		for i, st := range want {
			if st.Start < end || st.End < st.Start || st.End > len(text) {
				t.Fatalf("sentence %d spans %d-%d after %d in a text of %d bytes", i, st.Start, st.End, end, len(text))
			}
			end = st.End
			for _, q := range st.Quotes {
				if q.Start < st.Start || q.End > st.End || q.TextStart < q.Start || q.TextEnd > q.End || text[q.TextStart:q.TextEnd] != q.Text {
					t.Fatalf("quotation %+v outside sentence %d-%d", q, st.Start, st.End)
				}
			}
			for _, m := range st.Markers {
				if m.Start < st.Start || m.End > st.End {
					t.Fatalf("marker %+v outside sentence %d-%d", m, st.Start, st.End)
				}
			}
		}
	})
}
