package quotes

import (
	"context"
	"slices"
	"testing"

	"verbatim/corpus"
)

func TestNameSplits(t *testing.T) {
	tests := []struct {
		args string
		want [][2]string
	}{
		{"Maria Zakharova sanctions", [][2]string{{"Maria Zakharova", "sanctions"}, {"Maria", "Zakharova sanctions"}}},
		{"zakharova sanctions Europe", [][2]string{{"zakharova", "sanctions Europe"}}},
		{"Захарова", [][2]string{{"Захарова", ""}}},
		{"de Gaulle: Algérie", [][2]string{{"de Gaulle", "Algérie"}}},
	}
	for _, tt := range tests {
		if got := NameSplits(tt.args); !slices.Equal(got, tt.want) {
			t.Errorf("NameSplits(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}

// archiveOf is an Archive of fixed articles.
type archiveOf []corpus.Article

func (a archiveOf) Newest(n int) []corpus.Article { return a[:min(n, len(a))] }

func TestBySpeakerArgs(t *testing.T) {
	d, _ := corpus.ParseDate("2025-04-28")
	lib := archiveOf{{ID: "a", Lang: "fr", Date: d, Title: "Briefing",
		Text: "Maria Zakharova a parlé de la Corée. « La Russie n'oubliera jamais ses amis de Corée du Nord », a-t-elle déclaré."}}
	tests := []struct {
		args, name, topic string
		quotes            int
	}{
		{"Maria Zakharova Corée", "Maria Zakharova", "Corée", 1},
		{"zakharova Corée", "zakharova", "Corée", 1},
		{"Zakharova football", "Zakharova", "football", 0},
		// Several cuts possible and none finds any: no guessed cut.
		{"Guérassimov Corée du Nord", "Guérassimov Corée du Nord", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			s, name, topic, err := BySpeakerArgs(context.Background(), lib, tt.args)
			if err != nil {
				t.Fatal(err)
			}
			if name != tt.name || topic != tt.topic || len(s.Quotes) != tt.quotes {
				t.Errorf("got name %q, topic %q, %d quotations; want %q, %q, %d", name, topic, len(s.Quotes), tt.name, tt.topic, tt.quotes)
			}
		})
	}
}
