package terminal

import (
	"context"
	"strings"
	"testing"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/retrieval"
)

// seedCore is the real answer core, offline, over the embedded seed.
func seedCore(t *testing.T) *bot.Core {
	t.Helper()
	ctx := context.Background()
	res, err := corpus.Load(ctx, corpus.Seed(), corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := retrieval.Build(ctx, t.TempDir(), res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return bot.NewCore(ix, bot.Config{})
}

func TestChatSession(t *testing.T) {
	core := seedCore(t)
	var out strings.Builder
	chat := New(core, &out, Options{Welcome: "bienvenue", Lang: "fr"})
	input := strings.Join([]string{
		"Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?",
		"/sources",
		"/source 1",
		"/source 9",
		"/search Peskov",
		"/nope",
		"/help",
		"/quit",
		"this line is never read",
	}, "\n")
	if err := chat.Run(context.Background(), strings.NewReader(input)); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"bienvenue",
		"Le 26 avril, Valéry Guérassimov, chef de l’état-major russe, a annoncé la fin de l’opération de libération de la région de Koursk.",
		"avril 2025",
		"[1] Nos amis coréens",     // /sources
		"paragraphes 3–5 sur 9",    // /source 1 position
		"Usage : /source N",        // /source 9
		"Dmitri Peskov",            // /search
		"Commande inconnue",        // /nope
		"/source N     le passage", // /help
	} {
		if !strings.Contains(got, want) {
			t.Errorf("got output without %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "never read") {
		t.Error("got input after /quit processed")
	}
}

func TestChatBeforeAnyQuestion(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{"/sources", "Ask a question first."},
		{"/source 1", "Ask a question first."},
		{"/search", "Usage: /search TERMS"},
		{"/ask", "Usage: /ask QUESTION"},
	}
	core := seedCore(t)
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			var out strings.Builder
			New(core, &out, Options{Lang: "en"}).Handle(context.Background(), tt.line)
			if !strings.Contains(out.String(), tt.want) {
				t.Errorf("got %q, want %q", out.String(), tt.want)
			}
		})
	}
}

func TestRenderNotFound(t *testing.T) {
	var out strings.Builder
	Render(&out, bot.Answer{Text: "The corpus does not cover this question.", Lang: "en", Notice: "model unreachable"})
	if got, want := out.String(), "(model unreachable)\nThe corpus does not cover this question.\n\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRenderGroupsSources(t *testing.T) {
	d, _ := corpus.ParseDate("2025-04")
	ans := bot.Answer{Lang: "en", Found: true, Text: "According to \"T\" (April 2025):\n\"A.\" [1]\n\"B.\" [2]\nAnd X said \"C\" [3].",
		Citations: []bot.Citation{
			{N: 1, Quote: "A.", DocID: "a", Title: "T", Date: d},
			{N: 2, Quote: "B.", DocID: "a", Title: "T", Date: d},
			{N: 3, Quote: "C, in full.", DocID: "b", Title: "U", URL: "https://u"},
		}}
	var out strings.Builder
	Render(&out, ans)
	for _, want := range []string{"[1, 2] T, April 2025\n", "[3] U, undated · https://u\n    “C, in full.”\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("got %q, want it to contain %q", out.String(), want)
		}
	}
}

// TestChatSlashAlone checks that a lone "/" or an unknown command after a
// question prints the help and never answers the previous question again.
func TestChatSlashAlone(t *testing.T) {
	core := seedCore(t)
	for _, line := range []string{"/", "/unknown"} {
		t.Run(line, func(t *testing.T) {
			var out strings.Builder
			chat := New(core, &out, Options{Lang: "fr"})
			chat.Handle(context.Background(), "Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?")
			before := out.Len()
			chat.Handle(context.Background(), line)
			got := out.String()[before:]
			if !strings.Contains(got, "/source N") {
				t.Errorf("%q printed no help:\n%s", line, got)
			}
			if strings.Contains(got, "Koursk") {
				t.Errorf("%q answered the previous question again:\n%s", line, got)
			}
		})
	}
}

// TestChatArchiveCommands: /quotes, /timeline and /check in the chat, as
// in Telegram, in the chat's language.
func TestChatArchiveCommands(t *testing.T) {
	core := seedCore(t)
	const said = "La Russie n’oubliera jamais ses amis de Corée du Nord"
	tests := []struct {
		line string
		want []string
	}{
		{"/quotes Maria Zakharova", []string{"Maria Zakharova : 1 citation", said, "avril 2025"}},
		{"/quotes Zakharova football", []string{"Aucune citation de Zakharova sur « football »"}},
		{"/quotes", []string{"Usage : /quotes NOM [sujet]"}},
		{"/timeline Corée du Nord", []string{"1 article", "avril 2025"}},
		{"/timeline", []string{"Usage : /timeline sujet"}},
		{"/check La Russie oubliera toujours ses amis de Corée du Nord", []string{"Modifié", "négation retirée", said}},
		{"/check « " + said + " »", []string{"Exact", "Maria Zakharova"}},
		{"/check", []string{"Usage : /check TEXTE"}},
		{"/help", []string{"/quotes NOM [sujet]", "/timeline SUJET", "/check TEXTE"}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			var out strings.Builder
			New(core, &out, Options{Lang: "fr"}).Handle(context.Background(), tt.line)
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("%s: output lacks %q:\n%s", tt.line, w, out.String())
				}
			}
		})
	}
}
