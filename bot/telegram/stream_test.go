package telegram

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"verbatim/bot"
	"verbatim/bot/bottest"
	"verbatim/retrieval/openaiapi/openaitest"
)

// fakeOpenAI is the shared fake chat completions API, streaming a few
// runes per chunk with a pause so that drafts show.
type fakeOpenAI = openaitest.Chat

func newFakeOpenAI(t *testing.T, reply func(prompt string) string) *fakeOpenAI {
	return openaitest.StartChat(t, &openaitest.Chat{Reply: openaitest.Replying(reply), Runes: 12, Pause: 15 * time.Millisecond})
}

const zakharovaQuote = "La Russie n’oubliera jamais ses amis de Corée du Nord"

// zakharovaReply is a model answer quoting the seed exactly, in several
// sentences so that several (verified) drafts are streamed.
func zakharovaReply(prompt string) string {
	n := bottest.PassageNumber(prompt, zakharovaQuote)
	return "Selon l’article d’avril 2025, la porte-parole a salué le courage des militaires nord-coréens. " +
		"Maria Zakharova a déclaré : «\u00a0" + zakharovaQuote + "\u00a0» [" + strconv.Itoa(n) + "]. " +
		"Elle parlait au nom de la diplomatie russe."
}

func TestModelModeStreaming(t *testing.T) {
	f := newFakeOpenAI(t, zakharovaReply)
	model := bot.NewChatModel(bot.ChatConfig{APIKey: "sk-test", BaseURL: f.URL + "/v1", Model: "test-model", Timeout: 10 * time.Second})
	h := startHarness(t, harnessOptions{coreModel: model, config: func(c *Config) {
		c.Model = "test-model"
		c.MaxConcurrent = 1
	}})
	q := "Qu’a déclaré Maria Zakharova ?"

	t.Run("private chat drafts", func(t *testing.T) {
		const chat = 400
		got := h.ask(t, chat, "private", user(chat, "fr"), q, nil)
		drafts := h.api.callsOf("sendMessageDraft")
		if len(drafts) < 2 {
			t.Fatalf("%d sendMessageDraft calls, want several", len(drafts))
		}
		id := drafts[0].Params["draft_id"]
		for i, d := range drafts {
			if d.Params["draft_id"] != id || id == "0" || id == "" {
				t.Errorf("draft %d has draft_id %q, want the same non-zero id %q", i, d.Params["draft_id"], id)
			}
			if d.Params["parse_mode"] != "" {
				t.Errorf("draft %d has parse_mode %q, want plain text", i, d.Params["parse_mode"])
			}
			if i > 0 && len(d.Params["text"]) < len(drafts[i-1].Params["text"]) {
				t.Errorf("draft %d shrank", i)
			}
		}
		if last := drafts[len(drafts)-1]; !last.At.Before(got.At) {
			t.Error("a draft came after the final answer: a draft must never be the last word")
		}
		text := got.Params["text"]
		if got.Params["parse_mode"] != "HTML" || !shownOnce(text, zakharovaQuote) {
			t.Errorf("final answer lacks the verified quote:\n%s", text)
		}
		if !strings.Contains(text, "avril 2025") {
			t.Errorf("final answer lacks the date:\n%s", text)
		}
	})

	t.Run("group placeholder edited into the answer", func(t *testing.T) {
		const group = -100400
		before := len(h.api.callsOf("editMessageText"))
		placeholder := h.ask(t, group, "supergroup", user(5, "fr"), "/ask@VerbatimBot "+q, nil)
		if placeholder.Params["parse_mode"] != "" {
			t.Errorf("placeholder parse_mode = %q, want plain", placeholder.Params["parse_mode"])
		}
		edits := h.api.waitCalls(t, "editMessageText", waitLong, func(c []apiCall) bool {
			return len(c) > before && c[len(c)-1].Params["parse_mode"] == "HTML"
		})
		final := edits[len(edits)-1].Params["text"]
		if !shownOnce(final, zakharovaQuote) {
			t.Errorf("edited answer lacks the verified quote:\n%s", final)
		}
		if edits[len(edits)-1].Params["reply_markup"] == "" {
			t.Error("final edit has no source buttons")
		}
		if n := len(h.api.callsOf("sendMessageDraft")); n == 0 {
			t.Error("no drafts at all")
		}
	})

	t.Run("queue place", func(t *testing.T) {
		release := f.Hold()
		h.api.push(h.api.textMessage(401, "private", user(401, "fr"), q, nil))
		// Wait until the first question reached the model.
		deadline := time.Now().Add(waitLong)
		for {
			n := f.Count()
			if n >= 3 || time.Now().After(deadline) {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		got := h.ask(t, 402, "private", user(402, "en"), "What did Maria Zakharova declare?", nil)
		if want := "You are number 1 in the queue."; got.Params["text"] != want {
			t.Errorf("waiting user got %q, want %q", got.Params["text"], want)
		}
		release()
		h.nextSent(t, 401, 0)
		h.nextSent(t, 402, 1)
	})
}

func TestShutdownFinishesAnswersInFlight(t *testing.T) {
	f := newFakeOpenAI(t, zakharovaReply)
	release := f.Hold()
	model := bot.NewChatModel(bot.ChatConfig{APIKey: "sk-test", BaseURL: f.URL + "/v1", Model: "test-model", Timeout: 10 * time.Second})
	state := t.TempDir()
	h := startHarness(t, harnessOptions{coreModel: model, stateDir: state})
	const chat = 500
	h.api.push(h.api.textMessage(chat, "private", user(chat, "fr"), "Qu’a déclaré Maria Zakharova ?", nil))
	deadline := time.Now().Add(waitLong)
	for {
		n := f.Count()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the question never reached the model")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Shut down while the model is answering, then let it answer.
	h.cancel()
	time.AfterFunc(200*time.Millisecond, release)
	select {
	case err := <-h.done:
		if err != nil {
			t.Fatalf("Run = %v, want nil", err)
		}
	case <-time.After(waitLong):
		t.Fatal("Run did not return")
	}
	h.cancel = nil
	sent := h.api.sentTo(chat)
	if len(sent) != 1 || !strings.Contains(sent[0].Params["text"], zakharovaQuote) {
		t.Fatalf("answer in flight not delivered before shutdown: %+v", sent)
	}
	data, err := os.ReadFile(filepath.Join(state, "conversations.db"))
	if err != nil || !strings.Contains(string(data), "Zakharova") {
		t.Errorf("state not saved with the last answer: %v", err)
	}
}
