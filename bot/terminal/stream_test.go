package terminal

import (
	"context"
	"strings"
	"testing"
	"time"

	"verbatim/bot"
	"verbatim/bot/bottest"
	"verbatim/corpus"
	"verbatim/retrieval"
	"verbatim/retrieval/openaiapi/openaitest"
)

// TestChatStreamsOnlyVerifiedText asks the hostile model through the
// terminal chat: the answer is printed as it is verified, once, and the
// output never holds a fabricated or altered span.
func TestChatStreamsOnlyVerifiedText(t *testing.T) {
	ctx := context.Background()
	res, err := corpus.Load(ctx, corpus.Seed(), corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := retrieval.Build(ctx, t.TempDir(), res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srv := openaitest.StartChat(t, &openaitest.Chat{Reply: openaitest.Replying(bottest.HostileReply)})
	model := bot.NewChatModel(bot.ChatConfig{APIKey: "sk-test", BaseURL: srv.URL + "/v1", Model: "test-model", Timeout: 10 * time.Second})
	core := bot.NewCore(ix, bot.Config{Model: model, K: 3})
	var out strings.Builder
	if err := New(core, &out, Options{Lang: "fr"}).Run(ctx, strings.NewReader(bottest.HostileQuestion+"\n/quit\n")); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, bad := range bottest.Forbidden {
		if strings.Contains(got, bad) {
			t.Errorf("output holds %q:\n%s", bad, got)
		}
	}
	answer := "Maria Zakharova a déclaré : « " + bottest.TrueQuote + " » [1].\n"
	notice := "(La réponse du modèle était trop longue : elle a été coupée. 8 affirmations introuvables dans les sources ont été retirées.)\n"
	if !strings.Contains(got, answer+notice) || strings.Count(got, bottest.TrueQuote) != 1 {
		t.Errorf("output does not show the verified answer once, then the notice:\n%s", got)
	}
	if !strings.Contains(got, "\nSources :\n[1] ") {
		t.Errorf("output lacks the sources:\n%s", got)
	}
}
