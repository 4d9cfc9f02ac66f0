package quotes

import (
	"context"
	"slices"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval"
)

// speakerIndex builds an index of articles quoting one person under the
// spellings of four languages, and someone else.
func speakerIndex(t *testing.T) *retrieval.Index {
	t.Helper()
	date := func(s string) corpus.Date {
		d, err := corpus.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	res := &corpus.Result{Articles: []corpus.Article{
		{ID: "fr", Lang: "fr", Title: "Koursk", Date: date("2025-04-26"), Hash: "1", Text: "Maria Zakharova a salué leur courage. « La Russie n'oubliera jamais ses amis de Corée du Nord », a-t-elle déclaré. « Le pont est réparé », a dit Iouri Ouchakov."},
		{ID: "en", Lang: "en", Title: "Talks", Date: date("2025-05"), Hash: "2", Text: "Spokeswoman Maria Zakharova spoke on Monday. \"The talks with Washington are over,\" Zakharova said. Zakharova's remark was widely reported."},
		{ID: "ru", Lang: "ru", Title: "Брифинг", Date: date("2025-03-02"), Hash: "3", Text: "На брифинге выступила Мария Захарова. «Мы не допустим эскалации на Украине», — заявила Захарова."},
		{ID: "de", Lang: "de", Title: "Pressekonferenz", Date: date("2025-06-10"), Hash: "4", Text: "Die Sprecherin Maria Sacharowa äußerte sich am Dienstag. „Die Sanktionen schaden Europa selbst“, sagte Sacharowa."},
		{ID: "undated", Lang: "fr", Title: "Sans date", Hash: "5", Text: "« Nous répondrons aux sanctions », a déclaré Maria Zakharova."},
	}}
	ix, _, err := retrieval.Build(context.Background(), t.TempDir(), res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestBySpeaker(t *testing.T) {
	ix := speakerIndex(t)
	tests := []struct {
		name, who, topic string
		want             []string // doc ids, newest first
	}{
		{"full name", "Maria Zakharova", "", []string{"de", "en", "fr", "ru", "undated"}},
		{"surname", "Zakharova", "", []string{"de", "en", "fr", "ru", "undated"}},
		{"possessive", "Zakharova's", "", []string{"de", "en", "fr", "ru", "undated"}},
		{"cyrillic", "Захарова", "", []string{"de", "en", "fr", "ru", "undated"}},
		{"german", "Sacharowa", "", []string{"de", "en", "fr", "ru", "undated"}},
		{"someone else", "Ouchakov", "", []string{"fr"}},
		{"nobody", "Guérassimov", "", nil},
		{"topic", "Zakharova", "sanctions", []string{"undated"}},
		{"topic, other language", "Zakharova", "Sanktionen", []string{"de"}},
		{"topic, every word", "Zakharova", "sanctions Europe", nil},
		{"topic, stemmed", "Zakharova", "Corée", []string{"fr"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := BySpeaker(context.Background(), ix, tt.who, tt.topic)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, q := range got.Quotes {
				ids = append(ids, q.DocID)
				art, ok := ix.Article(q.DocID)
				if !ok || art.Text[q.Start:q.End] != q.Quote {
					t.Errorf("quote %q is not the text of %s at its offsets", q.Quote, q.DocID)
				}
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("sources = %v, want %v", ids, tt.want)
			}
			if len(tt.want) == 5 && got.Speaker != "Maria Zakharova" {
				t.Errorf("speaker = %q, want the fullest form %q", got.Speaker, "Maria Zakharova")
			}
		})
	}
}

// TestSpeakerMatches: a name asked matches a speaker written in another
// script or language, not another person of the same surname.
func TestSpeakerMatches(t *testing.T) {
	tests := []struct {
		name, speaker string
		want          bool
	}{
		{"Zakharova", "Maria Zakharova", true},
		{"Maria Zakharova", "Мария Захарова", true},
		{"Maria Sacharowa", "Maria Zakharova", true},
		{"Песков", "Dmitri Peskov", true}, // nominative -ов, stemmed away
		{"Лавров", "Sergueï Lavrov", true},
		{"Ушаков", "Iouri Ouchakov", true},
		{"Dmitri Peskov", "Дмитрий Песков", true},
		{"V. Poutine", "Vladimir Poutine", true},
		{"Le Pen", "Marine Le Pen", true},
		{"Antoni Pastor", "Ana Pastor", false},
		{"Gilles-Éric Séralini", "AFP Gilles-Éric Séralini", true}, // a word glued before the name
		{"Marine Le Pen", "Jean-Marie Le Pen", false},
		{"Хиллари Клинтон", "Bill Clinton", false},
		{"Peskov", "", false},
	}
	for _, tt := range tests {
		if got := SpeakerMatches(tt.name, tt.speaker); got != tt.want {
			t.Errorf("SpeakerMatches(%q, %q) = %v, want %v", tt.name, tt.speaker, got, tt.want)
		}
	}
}
