package engine

import (
	"reflect"
	"testing"

	"verbatim/corpus"
)

func TestExampleQuestions(t *testing.T) {
	month, _ := corpus.ParseDate("2025-04-26")
	year, _ := corpus.ParseDate("2024")
	articles := []corpus.Article{
		{ID: "1", Title: "Budget du port voté.", Lang: "fr", Date: month},
		{ID: "2", Title: "Ports", Lang: "fr", Date: month}, // one word: passed over
		{ID: "3", Title: "Harbour budget approved", Lang: "en", Date: year},
		{ID: "4", Title: "« Nos amis coréens »", Lang: "fr"},
		{ID: "5", Title: "Nos amis coréens étaient mus par un authentique sentiment de solidarité, de…", Lang: "fr"},
		{ID: "6", Title: "Le conseil municipal a voté le budget du port et de la…", Lang: "fr"},
	}
	tests := []struct {
		lang string
		n    int
		want []string
	}{
		{"fr", 2, []string{"Qu’a-t-on rapporté sur « Budget du port voté » en avril 2025 ?", "Que disent les articles sur « Nos amis coréens » ?"}},
		{"en", 2, []string{"What was reported about “Harbour budget approved” in 2024?", "What was reported about “Budget du port voté” in April 2025?"}},
		{"fr", 4, []string{"Qu’a-t-on rapporté sur « Budget du port voté » en avril 2025 ?", "Que disent les articles sur « Nos amis coréens » ?",
			"Que disent les articles sur « Nos amis coréens étaient mus par un authentique sentiment de solidarité » ?",
			"Que disent les articles sur « Le conseil municipal a voté le budget du port » ?"}},
		{"fr", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			if got := ExampleQuestions(articles, tt.lang, tt.n); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
