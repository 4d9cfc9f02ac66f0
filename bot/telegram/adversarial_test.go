package telegram

import (
	"html"
	"strings"
	"testing"
	"time"

	"verbatim/bot"
	"verbatim/bot/bottest"
)

// TestHostileModelNeverShown puts the hostile model (true, fabricated,
// altered and 50-deep nested quotes, a figure in no passage, [9] with 3
// passages, an unclosed « and 200 KB after it, streamed in the OpenAI SSE
// format) behind the bot, in a private chat (drafts) and a group
// (placeholder edits). No sendMessageDraft, sendMessage or editMessageText
// ever shows any of its fabricated or altered spans; the final answer keeps
// the true quote and reports the removals, within the model timeout.
func TestHostileModelNeverShown(t *testing.T) {
	f := newFakeOpenAI(t, bottest.HostileReply)
	f.Runes, f.Pause = 40, time.Millisecond
	const timeout = 10 * time.Second
	model := bot.NewChatModel(bot.ChatConfig{APIKey: "sk-test", BaseURL: f.URL + "/v1", Model: "test-model", Timeout: timeout})
	h := startHarness(t, harnessOptions{coreModel: model, coreK: 3, config: func(c *Config) { c.Model = "test-model" }})
	const removals = "8 affirmations introuvables dans les sources ont été retirées."

	checkFinal := func(t *testing.T, final apiCall, elapsed time.Duration) {
		t.Helper()
		text := html.UnescapeString(final.Params["text"])
		if final.Params["parse_mode"] != "HTML" || !strings.Contains(text, bottest.TrueQuote) {
			t.Errorf("final answer lacks the true quote:\n%s", final.Params["text"])
		}
		if !strings.Contains(text, removals) {
			t.Errorf("final answer does not report the removals (%q):\n%s", removals, text)
		}
		if elapsed > timeout {
			t.Errorf("answer took %v, more than the model timeout %v", elapsed, timeout)
		}
	}

	t.Run("private chat", func(t *testing.T) {
		const chat = 900
		start := time.Now()
		final := h.ask(t, chat, "private", user(chat, "fr"), bottest.HostileQuestion, nil)
		checkFinal(t, final, time.Since(start))
		drafts := 0
		for _, d := range h.api.callsOf("sendMessageDraft") {
			if d.Params["chat_id"] == "900" && strings.Contains(d.Params["text"], bottest.TrueQuote) {
				drafts++
			}
		}
		if drafts == 0 {
			t.Error("the verified sentence was never shown as a draft")
		}
	})

	t.Run("group", func(t *testing.T) {
		const group = -100900
		before := len(h.api.callsOf("editMessageText"))
		start := time.Now()
		first := h.ask(t, group, "supergroup", user(5, "fr"), "/ask@VerbatimBot "+bottest.HostileQuestion, nil)
		final := first
		if first.Params["parse_mode"] != "HTML" {
			// The placeholder: wait for it to be edited into the answer.
			edits := h.api.waitCalls(t, "editMessageText", waitLong, func(c []apiCall) bool {
				return len(c) > before && c[len(c)-1].Params["parse_mode"] == "HTML"
			})
			final = edits[len(edits)-1]
		}
		checkFinal(t, final, time.Since(start))
	})

	calls := 0
	for _, method := range []string{"sendMessageDraft", "sendMessage", "editMessageText"} {
		t.Logf("%d %s calls", len(h.api.callsOf(method)), method)
		for _, c := range h.api.callsOf(method) {
			calls++
			text := html.UnescapeString(c.Params["text"])
			for _, bad := range bottest.Forbidden {
				if strings.Contains(text, bad) {
					t.Errorf("%s shows %q:\n%s", method, bad, text)
				}
			}
		}
	}
	if calls < 4 {
		t.Errorf("%d calls recorded, want drafts, placeholder, edits and answers", calls)
	}
}
