package terminal

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"verbatim/bot"
	"verbatim/corpus"
)

func TestSourcesOncePerArticle(t *testing.T) {
	d, _ := corpus.ParseDate("2025-04")
	ans := bot.Answer{Lang: "fr", Found: true, Citations: []bot.Citation{
		{N: 1, DocID: "a", Title: "T", Date: d},
		{N: 2, DocID: "b", Title: "U", URL: "https://u"},
		{N: 3, DocID: "a", Title: "T", Date: d},
	}}
	var out strings.Builder
	RenderSources(&out, ans)
	if got, want := out.String(), "[1, 3] T, avril 2025\n[2] U, sans date · https://u\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSourceShowsParagraph(t *testing.T) {
	core := seedCore(t)
	var out strings.Builder
	chat := New(core, &out, Options{Lang: "fr"})
	chat.Handle(context.Background(), "Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?")
	out.Reset()
	chat.Handle(context.Background(), "/source 1")
	if !regexp.MustCompile(`\n    paragraphes? \d+(–\d+)? sur \d+\n`).MatchString(out.String()) {
		t.Errorf("got %q, want the paragraph position", out.String())
	}
	if strings.Contains(out.String(), "octets") {
		t.Errorf("got byte offsets in %q", out.String())
	}
}

func TestSearchHighlightsTerms(t *testing.T) {
	tests := []struct {
		query, text string
		color       bool
		want        string
	}{
		{"Peskov Corée", "Dmitri Peskov parle de la Corée et de la coree.", false, "Dmitri *Peskov* parle de la *Corée* et de la *coree*."},
		{"budget", "Les budgets du port.", true, "Les \x1b[1mbudgets\x1b[0m du port."},
		{"de la", "de la Corée", false, "de la Corée"},                // short words are not marked
		{"armée", "l'armée russe", false, "l'*armée* russe"},          // after an apostrophe
		{"koursk", "KOURSK, Koursk-2", false, "*KOURSK*, *Koursk-2*"}, // case, hyphenated word
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			if got := highlighter(tt.query, tt.color)(tt.text); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	core := seedCore(t)
	var out strings.Builder
	New(core, &out, Options{Lang: "fr"}).Handle(context.Background(), "/search Peskov")
	if !strings.Contains(out.String(), "Dmitri *Peskov*") {
		t.Errorf("got %q, want Peskov highlighted", out.String())
	}
}

// failingCore is an answerer whose every question fails.
type failingCore struct{ *bot.Core }

func (failingCore) Ask(context.Context, bot.Question) (bot.Answer, error) {
	return bot.Answer{}, bot.ErrNoLibrary
}

func TestErrorInQuestionLanguage(t *testing.T) {
	core := failingCore{seedCore(t)}
	tests := []struct{ start, q, want string }{
		{"en", "Qu'a déclaré Dmitri Peskov sur la Corée du Nord ?", "index"},
		{"fr", "What did Dmitri Peskov say about North Korea?", "index"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			var out strings.Builder
			New(core, &out, Options{Lang: tt.start}).Handle(context.Background(), tt.q)
			want := bot.UserMessage(bot.ErrNoLibrary, map[string]string{"en": "fr", "fr": "en"}[tt.start])
			if strings.TrimSpace(out.String()) != want {
				t.Errorf("got %q, want %q", out.String(), want)
			}
		})
	}
}
