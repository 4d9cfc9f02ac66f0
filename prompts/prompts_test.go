package prompts

import (
	"strings"
	"testing"
	"time"

	"verbatim/corpus"
	"verbatim/internal/golden"
)

// render joins messages the way the golden files store them.
func renderMessages(msgs []Message) string {
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString("=== " + m.Role + "\n" + m.Content + "\n")
	}
	return b.String()
}

func month(y int, m time.Month) corpus.Date {
	return corpus.Date{Time: time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), Precision: corpus.PrecisionMonth}
}

func TestAnswerGolden(t *testing.T) {
	passages := []Passage{
		{Title: "Koursk : la Russie remercie la Corée du Nord", Source: "seed", Date: month(2025, time.April),
			Text: "Le 26 avril, Valéry Guérassimov, chef de l’état-major russe, a annoncé la fin de l’opération de libération de la région de Koursk."},
		{Title: "", Date: corpus.Date{}, Text: "« La Russie n’oubliera jamais ses amis de Corée du Nord », a-t-elle déclaré."},
	}
	tests := []struct {
		name string
		data AnswerData
	}{
		{"answer_fr.golden", AnswerData{Question: "Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?", Lang: "fr", Passages: passages}},
		{"answer_en.golden", AnswerData{Question: "When did Gerasimov announce the end of the Kursk operation?", Lang: "en", Passages: passages,
			Today: time.Date(2025, 5, 2, 10, 0, 0, 0, time.UTC)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := Answer(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if len(msgs) != 2 || msgs[0].Role != "system" || msgs[1].Role != "user" {
				t.Fatalf("got roles %v, want system then user", msgs)
			}
			golden.Check(t, tt.name, renderMessages(msgs))
		})
	}
}

func TestAnswerNoPassages(t *testing.T) {
	if _, err := Answer(AnswerData{Question: "q", Lang: "fr"}); err == nil {
		t.Error("got no error for a prompt without passages, want one")
	}
}

func TestRewriteGolden(t *testing.T) {
	data := RewriteData{
		Lang:     "fr",
		Question: "Et qu'a dit Peskov ?",
		History: []Exchange{{
			Question: "Quel rôle ont joué les troupes nord-coréennes à Koursk ?",
			Answer:   "D'après « Koursk » (avril 2025) :\n« Le journal nord-coréen note que les militaires de la Corée du Nord ont contribué de manière significative à la défaite des forces néo-nazies ukrainiennes » [1]" + strings.Repeat(" et encore", 100),
		}},
	}
	msgs, err := Rewrite(data)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "rewrite_fr.golden", renderMessages(msgs))
	if _, err := Rewrite(RewriteData{Question: "  "}); err == nil {
		t.Error("got no error for an empty question, want one")
	}
}

func TestParseRewrite(t *testing.T) {
	tests := []struct{ reply, want string }{
		{"Qu'a dit Peskov sur les troupes nord-coréennes ?", "Qu'a dit Peskov sur les troupes nord-coréennes ?"},
		{"\n\n  Question : « Qu'a dit Peskov ? »\nexplication", "Qu'a dit Peskov ?"},
		{"Standalone question: \"When did Gerasimov speak?\"", "When did Gerasimov speak?"},
		{"   \n", ""},
	}
	for _, tt := range tests {
		if got := ParseRewrite(tt.reply); got != tt.want {
			t.Errorf("ParseRewrite(%q) = %q, want %q", tt.reply, got, tt.want)
		}
	}
}

func TestMarkers(t *testing.T) {
	tests := []struct {
		text string
		want [][]int
	}{
		{"a [1] b [2][3] c [1, 4] d [2;5]", [][]int{{1}, {2}, {3}, {1, 4}, {2, 5}}},
		{"no [a] markers [ ] here [12345] [1,] x", [][]int{}},
		{"[7]", [][]int{{7}}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := Markers(tt.text)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d markers %v, want %d", len(got), got, len(tt.want))
			}
			for i, m := range got {
				if !equalInts(m.Numbers, tt.want[i]) {
					t.Errorf("marker %d: got %v, want %v", i, m.Numbers, tt.want[i])
				}
				if s := tt.text[m.Start:m.End]; s[0] != '[' || s[len(s)-1] != ']' {
					t.Errorf("marker %d: span %q is not a bracket group", i, s)
				}
			}
		})
	}
}

func TestParseQuotes(t *testing.T) {
	type want struct {
		text    string
		markers []int
	}
	tests := []struct {
		name string
		in   string
		want []want
	}{
		{"guillemets with nbsp", "Il a dit «\u00a0la fin de l’opération\u00a0» [1].", []want{{"la fin de l’opération", []int{1}}}},
		{"several markers", "« A b c » [2][3] puis « d » [1, 4]", []want{{"A b c", []int{2, 3}}, {"d", []int{1, 4}}}},
		{"punctuation before marker", "« Ils ont rempli leur devoir », [2] dit-il.", []want{{"Ils ont rempli leur devoir", []int{2}}}},
		{"marker later in sentence", "« Nos amis coréens », a déclaré Poutine le 28 avril [3]. Ensuite [4].", []want{{"Nos amis coréens", []int{3}}}},
		{"marker in next sentence is not attached", "« Nos amis ». Puis autre chose [3].", []want{{"Nos amis", nil}}},
		{"nested quotes", "« positions « rapprochées » ici » [1]", []want{{"positions « rapprochées » ici", []int{1}}}},
		{"curly quotes", "He said “the war is over” [2].", []want{{"the war is over", []int{2}}}},
		{"straight quotes", `He said "the war is over" [2] and "more" [1]`, []want{{"the war is over", []int{2}}, {"more", []int{1}}}},
		{"inch mark is not a quote", `a 12" screen [1]`, nil},
		{"unclosed", "« jamais fermé [1]", nil},
		{"no blank line inside", "« début\n\nfin » [1]", nil},
		{"empty", "«  » [1]", nil},
		{"no markers", "« seul »", []want{{"seul", nil}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseQuotes(tt.in)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d quotes %+v, want %d", len(got), got, len(tt.want))
			}
			for i, q := range got {
				if q.Text != tt.want[i].text {
					t.Errorf("quote %d: got text %q, want %q", i, q.Text, tt.want[i].text)
				}
				if tt.in[q.TextStart:q.TextEnd] != q.Text {
					t.Errorf("quote %d: offsets give %q, want %q", i, tt.in[q.TextStart:q.TextEnd], q.Text)
				}
				if !strings.HasPrefix(tt.in[q.Start:], q.Open) || !strings.HasSuffix(tt.in[:q.End], q.Close) {
					t.Errorf("quote %d: span %q does not run from %q to %q", i, tt.in[q.Start:q.End], q.Open, q.Close)
				}
				var nums []int
				for _, m := range q.Markers {
					nums = append(nums, m.Numbers...)
				}
				if !equalInts(nums, tt.want[i].markers) {
					t.Errorf("quote %d: got markers %v, want %v", i, nums, tt.want[i].markers)
				}
			}
		})
	}
}

func TestIsNotFound(t *testing.T) {
	tests := []struct {
		reply    string
		wantOK   bool
		wantRest string
	}{
		{"NOT_FOUND\nLe corpus ne couvre pas cette question.", true, "Le corpus ne couvre pas cette question."},
		{"  **NOT_FOUND**\nThe corpus does not cover this.", true, "The corpus does not cover this."},
		{"not found: nothing here", true, "nothing here"},
		{"NOT_FOUND", true, ""},
		{"NOT_FOUNDATION of the claim", false, ""},
		{"Le 26 avril, « Guérassimov » [1]. NOT_FOUND", false, ""},
	}
	for _, tt := range tests {
		rest, ok := IsNotFound(tt.reply)
		if ok != tt.wantOK || rest != tt.wantRest {
			t.Errorf("IsNotFound(%q) = %q, %v; want %q, %v", tt.reply, rest, ok, tt.wantRest, tt.wantOK)
		}
	}
}

func TestMayBeNotFound(t *testing.T) {
	tests := []struct {
		partial string
		want    bool
	}{
		{"", true}, {"NOT", true}, {"**NOT_F", true}, {"NOT_FOUND\nLe", true},
		{"Le 26", false}, {"NOTE", false}, {"According to", false},
	}
	for _, tt := range tests {
		if got := MayBeNotFound(tt.partial); got != tt.want {
			t.Errorf("MayBeNotFound(%q) = %v, want %v", tt.partial, got, tt.want)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
