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

func TestParagraphs(t *testing.T) {
	text := "Premier paragraphe.\n\nDeuxième, plus long.\nSuite du deuxième.\n\n\nTroisième."
	second := strings.Index(text, "Deuxième")
	third := strings.Index(text, "Troisième")
	tests := []struct {
		name               string
		text               string
		start, end         int
		first, last, total int
	}{
		{"first", text, 0, 5, 1, 1, 3},
		{"second, line inside", text, strings.Index(text, "Suite"), strings.Index(text, "Suite") + 5, 2, 2, 3},
		{"second to third", text, second, third + 3, 2, 3, 3},
		{"last", text, third, len(text), 3, 3, 3},
		{"lines only", "Un.\nDeux.\nTrois.", 4, 9, 2, 2, 3},
		{"windows ends", "Un.\r\n\r\nDeux.", 7, 12, 2, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, l, n := paragraphs(tt.text, tt.start, tt.end)
			if f != tt.first || l != tt.last || n != tt.total {
				t.Errorf("got %d–%d of %d, want %d–%d of %d", f, l, n, tt.first, tt.last, tt.total)
			}
		})
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
