package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"verbatim/bot"
	"verbatim/bot/bottest"
)

// waitRequests waits until the fake model has received n requests.
func waitRequests(t *testing.T, f *fakeOpenAI, n int) {
	t.Helper()
	deadline := time.Now().Add(waitLong)
	for {
		got := f.Count()
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the model received %d requests, want %d", got, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// holdModel makes the fake model wait until the returned release is
// called.
func holdModel(f *fakeOpenAI) (release func()) { return f.Hold() }

func newModel(f *fakeOpenAI) *bot.ChatModel {
	return bot.NewChatModel(bot.ChatConfig{APIKey: "sk-test", BaseURL: f.URL + "/v1", Model: "test-model", Timeout: 10 * time.Second})
}

// isAnswer reports whether a message text is a final answer with the
// verified quote.
func isAnswer(text string) bool {
	return shownOnce(text, zakharovaQuote)
}

// isHostileAnswer reports whether a message text is the verified final
// answer to the hostile model.
func isHostileAnswer(text string) bool {
	return isAnswered(text) && strings.Contains(html.UnescapeString(text), bottest.TrueQuote)
}

func TestFinalEditFailureLeavesNoDraft(t *testing.T) {
	tooMany := func(api *apiServer) {
		api.fail("editMessageText", http.StatusTooManyRequests, "Too Many Requests: retry after 3600", 3600)
	}
	tests := []struct {
		name string
		// fail injects the failures before the question is asked.
		fail func(api *apiServer)
		// wantDeleted says whether the placeholder must have been deleted.
		wantDeleted bool
		hostile     bool
	}{
		// Waited out by the outbox: the placeholder becomes the answer.
		{"429 beyond the budget on the final edit", tooMany, false, false},
		{"429 beyond the budget, hostile model", tooMany, false, true},
		{"final edit refused", func(api *apiServer) {
			api.fail("editMessageText", http.StatusBadRequest, "Bad Request: message to edit not found", 0)
		}, true, false},
		{"final edit succeeds", func(*apiServer) {}, false, false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reply, question, answered, k := zakharovaReply, "Qu’a déclaré Maria Zakharova ?", isAnswer, 0
			if tt.hostile {
				reply, question, answered, k = bottest.HostileReply, bottest.HostileQuestion, isHostileAnswer, 3
			}
			f := newFakeOpenAI(t, reply)
			f.Runes, f.Pause = 40, time.Millisecond
			h := startHarness(t, harnessOptions{coreModel: newModel(f), coreK: k, tune: func(b *Bot) {
				// One placeholder, then only the final edit.
				b.groupEditEvery = time.Hour
			}})
			group := int64(-100900 - i)
			tt.fail(h.api)
			placeholder := h.ask(t, group, "supergroup", user(9, "fr"), "/ask@VerbatimBot "+question, nil)
			if answered(placeholder.Params["text"]) {
				t.Fatalf("first message is already the answer; want a streaming placeholder:\n%s", placeholder.Params["text"])
			}
			// Wait until the chat shows the answer (edited in or sent anew).
			h.api.waitCalls(t, "sendMessage", waitLong, func([]apiCall) bool {
				for _, text := range h.api.screen(group) {
					if answered(text) {
						return true
					}
				}
				return false
			})
			h.stop(t)
			screen := h.api.screen(group)
			if len(screen) != 1 {
				t.Errorf("the chat shows %d messages, want only the answer: %q", len(screen), screen)
			}
			for id, text := range screen {
				if !answered(text) {
					t.Errorf("message %d left on screen is not the verified answer:\n%s", id, text)
				}
			}
			deleted := slices.ContainsFunc(h.api.callsOf("deleteMessage"), func(c apiCall) bool {
				return c.Params["message_id"] == strconv.Itoa(placeholder.MessageID) && c.Status == http.StatusOK
			})
			if deleted != tt.wantDeleted {
				t.Errorf("placeholder deleted = %v, want %v", deleted, tt.wantDeleted)
			}
			for _, method := range []string{"sendMessage", "editMessageText"} {
				for _, c := range h.api.callsOf(method) {
					text := html.UnescapeString(c.Params["text"])
					for _, bad := range bottest.Forbidden {
						if strings.Contains(text, bad) {
							t.Errorf("%s shows %q", method, bad)
						}
					}
				}
			}
		})
	}
}

func TestRateLimitStorm(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	q := "Qu’a déclaré Maria Zakharova ?"
	tests := []struct {
		name     string
		retries  int // 429s in a row, each asking 40 s
		deferred bool
	}{
		{"three 429s (2 min) are waited out inline", 3, false},
		{"a fourth 429 goes to the outbox, which waits it out", 4, true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chat := int64(700 + i)
			for range tt.retries {
				h.api.fail("sendMessage", http.StatusTooManyRequests, "Too Many Requests: retry after 40", 40)
			}
			before := len(h.slept())
			logged := strings.Count(h.logs.String(), "answer deferred")
			h.api.push(h.api.textMessage(chat, "private", user(chat, "fr"), q, nil))
			// A second question in the same chat is answered after the
			// first one was delivered.
			h.api.push(h.api.textMessage(chat, "private", user(chat, "en"), "/help", nil))
			h.api.waitCalls(t, "sendMessage", waitLong, func([]apiCall) bool {
				return slices.ContainsFunc(h.api.sentTo(chat), func(c apiCall) bool { return strings.Contains(c.Params["text"], "news article") })
			})
			waits := h.slept()[before:]
			for _, w := range waits {
				// The outbox waits what is left of the 40 s at its turn.
				if w > 40*time.Second || w < 39*time.Second {
					t.Errorf("waited %v, want retry_after 40s", w)
				}
			}
			if len(waits) != tt.retries {
				t.Errorf("waits = %v, want %d of 40s", waits, tt.retries)
			}
			sent := h.api.sentTo(chat)
			if len(sent) != 2 || !strings.Contains(sent[0].Params["text"], "<blockquote") || !strings.Contains(sent[1].Params["text"], "news article") {
				t.Errorf("chat got %d messages %+v, want the answer then /help", len(sent), sent)
			}
			if got := strings.Count(h.logs.String(), "answer deferred") - logged; got != 0 != tt.deferred {
				t.Errorf("%d deferrals logged, want deferred %v", got, tt.deferred)
			}
		})
	}
}

func TestBusyQueueRefusesExplicitly(t *testing.T) {
	f := newFakeOpenAI(t, zakharovaReply)
	release := holdModel(f)
	h := startHarness(t, harnessOptions{coreModel: newModel(f), config: func(c *Config) {
		c.MaxQueuedPerChat = 2
	}})
	const group = -100800
	ask := func(from int64) {
		h.api.push(h.api.textMessage(group, "supergroup", user(from, "en"), "/ask@VerbatimBot What did Maria Zakharova declare?", nil))
	}
	ask(81) // answered by the model, held
	waitRequests(t, f, 1)
	ask(82) // waiting
	ask(83) // waiting
	ask(84) // refused: the queue holds 2
	busy := h.nextSent(t, group, 0)
	if !strings.HasPrefix(busy.Params["text"], "Too many questions are waiting in this chat: please ask again in ") {
		t.Errorf("refusal = %q", busy.Params["text"])
	}
	if busy.Params["reply_parameters"] == "" {
		t.Error("the refusal does not reply to the refused question")
	}
	release()
	h.api.waitCalls(t, "editMessageText", waitLong, func([]apiCall) bool {
		n := 0
		for _, text := range h.api.screen(group) {
			if isAnswer(text) {
				n++
			}
		}
		return n == 3
	})
	h.stop(t)
	var answers, refusals int
	for _, text := range h.api.screen(group) {
		switch {
		case isAnswer(text):
			answers++
		case strings.HasPrefix(text, "Too many questions"):
			refusals++
		default:
			t.Errorf("unexpected message left on screen: %q", text)
		}
	}
	if answers != 3 || refusals != 1 {
		t.Errorf("%d answers and %d refusals for 4 questions, want 3 and 1", answers, refusals)
	}
}

func TestShutdownHandsOverAcrossRestart(t *testing.T) {
	f := newFakeOpenAI(t, zakharovaReply)
	release := holdModel(f)
	state := t.TempDir()
	api := newAPIServer(t, testToken)
	model := newModel(f)
	opts := harnessOptions{coreModel: model, stateDir: state, api: api, config: func(c *Config) {
		c.MaxConcurrent = 1
		c.ShutdownTimeout = 300 * time.Millisecond
	}}
	h := startHarness(t, opts)
	const chatA, chatB = 610, 620
	q := "Qu’a déclaré Maria Zakharova ?"
	api.push(api.textMessage(chatA, "private", user(chatA, "fr"), q, nil)) // at the model when shutdown comes
	waitRequests(t, f, 1)
	queued := h.ask(t, chatB, "private", user(chatB, "en"), "What did Maria Zakharova declare?", nil) // waits for the model
	if queued.Params["text"] != "You are number 1 in the queue." {
		t.Fatalf("second chat got %q, want its queue place", queued.Params["text"])
	}
	last := api.push(api.textMessage(chatA, "private", user(chatA, "fr"), q, nil)) // waits in chat A's queue
	// Once the bot has taken the update, shutdown lets it finish queueing it.
	for deadline := time.Now().Add(waitLong); h.bot.lastUpdate.Load() < last; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the third message never reached the bot")
		}
	}

	h.stop(t) // the model never answers within the grace period
	restarting := api.sentTo(chatA)
	if len(restarting) != 1 || restarting[0].Params["text"] != textsFR.restartingText() {
		t.Fatalf("answer cut by the shutdown got %+v, want one %q", restarting, textsFR.restartingText())
	}
	data, err := os.ReadFile(filepath.Join(state, pendingFile))
	if err != nil {
		t.Fatalf("questions not answered were not kept: %v", err)
	}
	var kept pendingState
	if err := json.Unmarshal(data, &kept); err != nil || len(kept.Messages) != 2 {
		t.Fatalf("kept %s (%v), want 2 messages", data, err)
	}

	release()
	h2 := startHarness(t, opts)
	answers := func(chat int64) int {
		n := 0
		for _, c := range api.sentTo(chat) {
			if isAnswered(c.Params["text"]) {
				n++
			}
		}
		return n
	}
	api.waitCalls(t, "sendMessage", waitLong, func([]apiCall) bool { return answers(chatA) > 0 && answers(chatB) > 0 })
	if _, err := os.Stat(filepath.Join(state, pendingFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("pending file still there after the restart: %v", err)
	}
	h2.stop(t)
	// Chat A: the question cut by the shutdown was told to ask again, the
	// one waiting was answered after the restart. Chat B: answered.
	if a, b := answers(chatA), answers(chatB); a != 1 || b != 1 {
		t.Errorf("answers after the restart: chat A %d, chat B %d; want 1 each", a, b)
	}
	for _, chat := range []int64{chatA, chatB} {
		for _, c := range api.sentTo(chat) {
			text := c.Params["text"]
			if !isAnswered(text) && text != textsFR.restartingText() && !strings.Contains(text, "in the queue") && !strings.Contains(text, "file d’attente") {
				t.Errorf("chat %d got %q", chat, text)
			}
		}
	}
}

func TestStartRetriesUntilTelegramAnswers(t *testing.T) {
	api := newAPIServer(t, testToken)
	api.fail("getMe", http.StatusBadGateway, "Bad Gateway", 0)
	api.fail("getMe", http.StatusBadGateway, "Bad Gateway", 0)
	api.fail("deleteWebhook", http.StatusInternalServerError, "Internal Server Error", 0)
	h := startHarness(t, harnessOptions{api: api})
	got := h.ask(t, 31, "private", user(31, "en"), "/help", nil)
	if !strings.Contains(got.Params["text"], "news article") {
		t.Errorf("/help after start-up retries = %q", got.Params["text"])
	}
	if want := []time.Duration{time.Second, 2 * time.Second, time.Second}; !slices.Equal(h.slept()[:3], want) {
		t.Errorf("start-up waits = %v, want %v", h.slept(), want)
	}

	t.Run("webhook registration retried", func(t *testing.T) {
		api := newAPIServer(t, testToken)
		api.fail("setWebhook", http.StatusBadGateway, "Bad Gateway", 0)
		h := startHarness(t, harnessOptions{api: api, config: func(c *Config) {
			c.WebhookURL = "https://bot.example.org/hook"
			c.ListenAddr = "127.0.0.1:0"
		}})
		api.waitCalls(t, "setWebhook", waitLong, func(c []apiCall) bool { return len(c) == 2 && c[1].Status == http.StatusOK })
		h.stop(t)
	})
	t.Run("a rejected token stops at once", func(t *testing.T) {
		api := newAPIServer(t, testToken)
		api.fail("getMe", http.StatusUnauthorized, "Unauthorized", 0)
		b, err := New(Config{Token: testToken, APIURL: api.URL(), PollTimeout: 2 * time.Second, Logger: slog.New(slog.DiscardHandler)},
			h.core, h.lib.get, nil)
		if err != nil {
			t.Fatal(err)
		}
		b.send.sleep = h.sleep
		ctx, cancel := context.WithTimeout(context.Background(), waitLong)
		defer cancel()
		err = b.Run(ctx)
		if err == nil || !strings.Contains(err.Error(), "Unauthorized") {
			t.Errorf("Run = %v, want the unauthorized error", err)
		}
		if n := len(api.callsOf("getMe")); n != 1 {
			t.Errorf("%d getMe calls, want 1", n)
		}
	})
}

func TestStreamingEtiquette(t *testing.T) {
	b, err := New(Config{Token: testToken, APIURL: "http://127.0.0.1:1"}, bot.NewCore(nil, bot.Config{}), func() Library { return nil }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.draftEvery != time.Second || b.groupEditEvery != 3*time.Second {
		t.Errorf("throttles: drafts every %v, group edits every %v; want 1s and 3s", b.draftEvery, b.groupEditEvery)
	}

	h := startHarness(t, harnessOptions{})
	long := strings.Repeat("Une phrase vérifiée de la réponse. ", 200) // about 7,000 units
	tests := []struct {
		name    string
		private bool
		chat    int64
		method  string
		every   time.Duration
	}{
		{"private drafts", true, 950, "sendMessageDraft", h.bot.draftEvery},
		{"group edits", false, -100950, "editMessageText", h.bot.groupEditEvery},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := request{chatID: tt.chat, private: tt.private, t: &textsFR}
			st := h.bot.newStream(t.Context(), r)
			var parts []string
			for i := 100; i <= len(long); i += 700 {
				parts = append(parts, long[:i])
			}
			parts = append(parts, long, long) // the same text again
			for _, p := range parts {
				st.partial(p)
				time.Sleep(tt.every / 2)
			}
			// Let the loop show what it holds, then stop.
			time.Sleep(2 * tt.every)
			shown := st.stop()
			var calls []apiCall
			for _, c := range h.api.callsOf(tt.method) {
				if c.Params["chat_id"] == strconv.FormatInt(tt.chat, 10) {
					calls = append(calls, c)
				}
			}
			if !tt.private {
				// The placeholder is the first state.
				calls = append(h.api.sentTo(tt.chat), calls...)
			}
			if len(calls) < 2 {
				t.Fatalf("%d streamed states, want several", len(calls))
			}
			cut := 0
			for i, c := range calls {
				text := c.Params["text"]
				if utf16Len(text) > MaxMessageUnits {
					t.Errorf("state %d has %d units", i, utf16Len(text))
				}
				if strings.HasSuffix(text, "…") {
					cut++
				}
				if i == 0 {
					continue
				}
				if text == calls[i-1].Params["text"] {
					t.Errorf("state %d repeats the previous text", i)
				}
				if gap := c.At.Sub(calls[i-1].At); gap < tt.every {
					t.Errorf("states %d and %d are %v apart, want at least %v", i-1, i, gap, tt.every)
				}
			}
			if cut != 1 {
				t.Errorf("%d states show the cut long text, want 1 (never re-sent)", cut)
			}
			if last := calls[len(calls)-1].Params["text"]; shown.text != last {
				t.Errorf("stream reports %q shown, last sent %q", shown.text, last)
			}
		})
	}
}

// TestButtonDuringShutdownAnswered: a [n] button pressed while the bot
// shuts down, or once it no longer takes work, is answered with the
// "restarting, ask again" text instead of leaving the button spinning.
func TestButtonDuringShutdownAnswered(t *testing.T) {
	tests := []struct {
		name  string
		lang  string
		press func(h *harness, q map[string]any)
	}{
		{"pressed while stopping", "fr", func(h *harness, q map[string]any) {
			h.bot.stopping.Store(true) // what Run sets once the shutdown signal comes
			h.api.push(map[string]any{"callback_query": q})
		}},
		{"pressed once work has stopped", "en", func(h *harness, q map[string]any) {
			h.stop(t)
			var cq models.CallbackQuery
			data, _ := json.Marshal(q)
			if err := json.Unmarshal(data, &cq); err != nil {
				t.Fatal(err)
			}
			h.bot.onUpdate(context.Background(), nil, &models.Update{ID: 999, CallbackQuery: &cq})
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := startHarness(t, harnessOptions{})
			defer h.stop(t)
			chat := int64(700 + i)
			h.ask(t, chat, "private", user(chat, tt.lang), "/help", nil) // the bot is serving
			id := fmt.Sprintf("cb-stop-%d", i)
			tt.press(h, map[string]any{
				"id": id, "from": user(chat, tt.lang), "chat_instance": "ci", "data": "src:k1:1",
				"message": map[string]any{"message_id": 5000, "date": time.Now().Unix(), "chat": map[string]any{"id": chat, "type": "private"}, "text": "answer"},
			})
			calls := h.api.waitCalls(t, "answerCallbackQuery", waitLong, func(c []apiCall) bool { return len(c) > 0 })
			want := textsFor(tt.lang).restartingText()
			if got := calls[0].Params; got["callback_query_id"] != id || got["text"] != want {
				t.Errorf("answerCallbackQuery %v, want id %s with %q", got, id, want)
			}
			if sent := h.api.sentTo(chat); len(sent) != 1 {
				t.Errorf("sent %+v, want only the /help reply before the shutdown and the callback answer", sent)
			}
		})
	}
}
