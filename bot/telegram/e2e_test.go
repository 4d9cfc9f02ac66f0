package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"log"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/retrieval"
)

// testToken looks like a real token; it must never reach a log line.
const testToken = "7104392211:AAHt0kEn-SECRET_v4lue9x"

const waitLong = 20 * time.Second

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// library is the index currently served, swapped by the test reindexer.
type library struct {
	mu sync.Mutex
	ix *retrieval.Index
}

func (l *library) get() Library {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ix
}

func (l *library) set(ix *retrieval.Index) {
	l.mu.Lock()
	l.ix = ix
	l.mu.Unlock()
}

// harness runs a real Bot (real core over a real index of the embedded
// seed corpus) against the fake Bot API.
type harness struct {
	api     *apiServer
	bot     *Bot
	core    *bot.Core
	lib     *library
	logs    *syncBuffer
	seed    corpus.Article
	indexTo string
	cancel  context.CancelFunc
	done    chan error

	// sleeps records the sender's waits, which tests make instant: the
	// bot's clock jumps by skipped instead.
	sleepMu sync.Mutex
	sleeps  []time.Duration
	skipped time.Duration
}

// sleep is the bot's wait in tests: recorded, not slept; the bot's clock
// moves forward by d.
func (h *harness) sleep(ctx context.Context, d time.Duration) error {
	h.sleepMu.Lock()
	h.sleeps = append(h.sleeps, d)
	h.skipped += d
	h.sleepMu.Unlock()
	return ctx.Err()
}

// now is the bot's clock in tests: real time plus the waits skipped.
func (h *harness) now() time.Time {
	h.sleepMu.Lock()
	defer h.sleepMu.Unlock()
	return time.Now().Add(h.skipped)
}

// slept returns the waits recorded so far.
func (h *harness) slept() []time.Duration {
	h.sleepMu.Lock()
	defer h.sleepMu.Unlock()
	return append([]time.Duration(nil), h.sleeps...)
}

// buildSeedIndex indexes the embedded seed corpus into dir.
func buildSeedIndex(t *testing.T, dir string) (*retrieval.Index, *corpus.Result) {
	t.Helper()
	res, err := corpus.Load(context.Background(), corpus.Seed(), corpus.LoadOptions{})
	if err != nil {
		t.Fatalf("load seed: %v", err)
	}
	ix, _, err := retrieval.Build(context.Background(), dir, res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{})
	if err != nil {
		t.Fatalf("build index: %v", err)
	}
	return ix, res
}

type harnessOptions struct {
	config    func(*Config)
	reindex   func(h *harness) Reindexer
	coreModel *bot.ChatModel
	// coreK, when set, is the number of passages the core retrieves.
	coreK    int
	stateDir string
	api      *apiServer
	// tune adjusts the bot before it runs (throttles, waits).
	tune func(*Bot)
}

func startHarness(t *testing.T, o harnessOptions) *harness {
	t.Helper()
	h := &harness{logs: &syncBuffer{}, indexTo: t.TempDir()}
	h.api = o.api
	if h.api == nil {
		h.api = newAPIServer(t, testToken)
	}
	ix, res := buildSeedIndex(t, h.indexTo)
	h.seed = res.Articles[0]
	h.lib = &library{ix: ix}
	h.core = bot.NewCore(ix, bot.Config{Model: o.coreModel, K: o.coreK})
	var reindex Reindexer
	if o.reindex != nil {
		reindex = o.reindex(h)
	}
	stateDir := o.stateDir
	if stateDir == "" {
		stateDir = t.TempDir()
	}
	cfg := Config{
		Token:           testToken,
		APIURL:          h.api.URL(),
		AdminIDs:        []int64{1},
		StateDir:        stateDir,
		PollTimeout:     2 * time.Second,
		ShutdownTimeout: 10 * time.Second,
		Logger:          slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if o.config != nil {
		o.config(&cfg)
	}
	b, err := New(cfg, h.core, h.lib.get, reindex)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	b.typingEvery = 200 * time.Millisecond
	b.progressEvery = 50 * time.Millisecond
	b.groupEditEvery = 100 * time.Millisecond
	b.draftEvery = 50 * time.Millisecond
	b.send.sleep = h.sleep
	b.now = h.now
	// A short wait stays under it even on a loaded machine (1 s did not,
	// with the race detector and other tests running).
	b.queueNoticeAfter = 3 * time.Second
	if o.tune != nil {
		o.tune(b)
	}
	h.bot = b
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	h.done = make(chan error, 1)
	go func() { h.done <- b.Run(ctx) }()
	t.Cleanup(func() {
		h.stop(t)
		if strings.Contains(h.logs.String(), testToken) {
			t.Errorf("the bot token appears in the logs:\n%s", h.logs.String())
		}
	})
	return h
}

// stop shuts the bot down and checks Run returned nil.
func (h *harness) stop(t *testing.T) {
	t.Helper()
	if h.cancel == nil {
		return
	}
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		if err != nil {
			t.Errorf("Run returned %v, want nil", err)
		}
	case <-time.After(waitLong):
		t.Fatal("Run did not return after cancel")
	}
}

// ask pushes a message and waits for the next sendMessage to the chat;
// it returns that call.
func (h *harness) ask(t *testing.T, chatID int64, chatType string, from map[string]any, text string, extra map[string]any) apiCall {
	t.Helper()
	before := len(h.api.sentTo(chatID))
	h.api.push(h.api.textMessage(chatID, chatType, from, text, extra))
	return h.nextSent(t, chatID, before)
}

// nextSent waits for sendMessage number before+1 to chatID.
func (h *harness) nextSent(t *testing.T, chatID int64, before int) apiCall {
	t.Helper()
	var got []apiCall
	h.api.waitCalls(t, "sendMessage", waitLong, func([]apiCall) bool {
		got = h.api.sentTo(chatID)
		return len(got) > before
	})
	return got[before]
}

var blockquoteRe = regexp.MustCompile(`(?s)<blockquote(?: expandable)?>(.*?)</blockquote>`)

func TestPrivateQuestionSourcesAndButton(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	const chat = 42
	alice := user(chat, "fr")

	got := h.ask(t, chat, "private", alice, "Qu'a dit Maria Zakharova sur la Corée du Nord ?", nil)
	text := got.Params["text"]
	if got.Params["parse_mode"] != "HTML" {
		t.Fatalf("parse_mode = %q, want HTML; text:\n%s", got.Params["parse_mode"], text)
	}
	if err := checkHTML(text); err != nil {
		t.Fatalf("answer is invalid HTML: %v", err)
	}
	quotes := blockquoteRe.FindAllStringSubmatch(text, -1)
	if len(quotes) == 0 {
		t.Fatalf("answer has no <blockquote>:\n%s", text)
	}
	for _, q := range quotes {
		quote := html.UnescapeString(q[1])
		if !strings.Contains(h.seed.Text, quote) {
			t.Errorf("quote %q is not an exact substring of the article", quote)
		}
	}
	if !strings.Contains(text, "avril 2025") {
		t.Errorf("answer lacks the date \"avril 2025\":\n%s", text)
	}
	var markup struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(got.Params["reply_markup"]), &markup); err != nil || len(markup.InlineKeyboard) == 0 {
		t.Fatalf("answer has no inline keyboard: %q (%v)", got.Params["reply_markup"], err)
	}
	button := markup.InlineKeyboard[0][0]
	if button.Text != "[1] avril 2025 · Nos amis coréens…" || !strings.HasPrefix(button.CallbackData, "src:") || !strings.HasSuffix(button.CallbackData, ":1") {
		t.Errorf("first button = %+v, want [1] with src:<key>:1", button)
	}
	if len(h.api.callsOf("sendChatAction")) == 0 {
		t.Error("no sendChatAction while answering")
	}

	t.Run("sources", func(t *testing.T) {
		got := h.ask(t, chat, "private", alice, "/sources", nil)
		text := got.Params["text"]
		if !strings.Contains(text, "[1]") || !strings.Contains(text, "avril 2025") {
			t.Errorf("/sources = %q, want numbered sources with dates", text)
		}
	})
	t.Run("source 1", func(t *testing.T) {
		got := h.ask(t, chat, "private", alice, "/source 1", nil)
		text := got.Params["text"]
		if err := checkHTML(text); err != nil {
			t.Fatalf("invalid HTML: %v", err)
		}
		bold := regexp.MustCompile(`<b>([^<]*)</b>`).FindAllStringSubmatch(text, -1)
		if len(bold) < 2 || !strings.Contains(h.seed.Text, html.UnescapeString(bold[1][1])) {
			t.Errorf("/source 1 does not highlight a quote of the article:\n%s", text)
		}
		if !regexp.MustCompile(`\n<i>paragraphes? \d+(–\d+)? sur \d+</i>\n`).MatchString(text) || strings.Contains(text, "caractères") {
			t.Errorf("/source 1 lacks the passage's paragraph position (or shows offsets):\n%s", text)
		}
	})
	t.Run("button", func(t *testing.T) {
		before := len(h.api.sentTo(chat))
		answered := len(h.api.callsOf("answerCallbackQuery"))
		h.api.push(map[string]any{"callback_query": map[string]any{
			"id": "cb-1", "from": alice, "chat_instance": "ci", "data": button.CallbackData,
			"message": map[string]any{"message_id": 5000, "date": time.Now().Unix(), "chat": map[string]any{"id": chat, "type": "private"}, "text": "answer"},
		}})
		passage := h.nextSent(t, chat, before)
		h.api.waitCalls(t, "answerCallbackQuery", waitLong, func(c []apiCall) bool { return len(c) > answered })
		if id := h.api.callsOf("answerCallbackQuery")[answered].Params["callback_query_id"]; id != "cb-1" {
			t.Errorf("answered callback %q, want cb-1", id)
		}
		if !strings.Contains(passage.Params["text"], "<b>[1]</b>") {
			t.Errorf("button sent %q, want citation 1's passage", passage.Params["text"])
		}
	})
	t.Run("search", func(t *testing.T) {
		got := h.ask(t, chat, "private", alice, "/search Zakharova", nil)
		text := got.Params["text"]
		if err := checkHTML(text); err != nil {
			t.Fatalf("invalid HTML: %v", err)
		}
		if !strings.Contains(text, "Zakharova") || !strings.Contains(text, "avril 2025") || !strings.HasPrefix(text, "<b>1.</b>") {
			t.Errorf("/search = %q, want numbered passages with dates", text)
		}
	})
	t.Run("latest", func(t *testing.T) {
		got := h.ask(t, chat, "private", alice, "/latest", nil)
		if text := got.Params["text"]; !strings.Contains(text, "avril 2025 — ") || !strings.Contains(text, "Nos amis coréens") {
			t.Errorf("/latest = %q", text)
		}
	})
	t.Run("unknown command", func(t *testing.T) {
		// A command speaks the conversation's language (French here),
		// before the user's Telegram language.
		got := h.ask(t, chat, "private", user(chat, "en"), "/nope", nil)
		if got.Params["text"] != textsFR.notAvailable {
			t.Errorf("/nope = %q, want %q", got.Params["text"], textsFR.notAvailable)
		}
	})
}

func TestGroupMentionsAndCommands(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	const group = -100123
	bob := user(7, "en")

	// Not addressed: ignored. The next, addressed message is answered in
	// order, so by then the first one has been handled.
	h.api.push(h.api.textMessage(group, "supergroup", bob, "Qu’a déclaré Maria Zakharova ?", nil))
	h.api.push(h.api.textMessage(group, "supergroup", bob, "/start@OtherBot", nil))
	got := h.ask(t, group, "supergroup", bob, "/ask@VerbatimBot Qu’a déclaré Maria Zakharova ?", nil)
	if n := len(h.api.sentTo(group)); n != 1 {
		t.Fatalf("group got %d messages, want 1 (only /ask@VerbatimBot answered)", n)
	}
	if !strings.Contains(got.Params["text"], "<blockquote") {
		t.Errorf("/ask@VerbatimBot answer has no quote:\n%s", got.Params["text"])
	}
	if got.Params["reply_parameters"] == "" {
		t.Error("group answer does not reply to the question")
	}

	tests := []struct {
		name  string
		text  string
		extra map[string]any
	}{
		{"mention entity", "@VerbatimBot qui a parlé de la Corée du Nord ?", map[string]any{
			"entities": []map[string]any{{"type": "mention", "offset": 0, "length": 12}}}},
		{"plain mention any case", "dis-moi @verbatimbot : qui est Iouri Ouchakov ?", nil},
		{"reply to the bot", "Et Dmitri Peskov ?", map[string]any{"reply_to_message": map[string]any{
			"message_id": 1, "date": time.Now().Unix(), "chat": map[string]any{"id": group, "type": "supergroup"},
			"from": map[string]any{"id": testBotID, "is_bot": true, "first_name": "Verbatim", "username": testBotUsername}, "text": "…"}}},
		{"help with bot name", "/help@verbatimbot", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := h.ask(t, group, "supergroup", bob, tt.text, tt.extra)
			if got.Params["text"] == "" {
				t.Error("empty answer")
			}
		})
	}
}

func TestReindexCommand(t *testing.T) {
	release := make(chan struct{})
	var fail bool
	h := startHarness(t, harnessOptions{reindex: func(h *harness) Reindexer {
		return func(ctx context.Context, progress func(done, total int)) (retrieval.Report, error) {
			<-release
			if fail {
				return retrieval.Report{}, errors.New("load corpus: permission denied")
			}
			res, err := corpus.Load(ctx, corpus.Seed(), corpus.LoadOptions{})
			if err != nil {
				return retrieval.Report{}, err
			}
			ix, report, err := retrieval.Build(ctx, h.indexTo, res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{Progress: progress})
			if err != nil {
				return retrieval.Report{}, err
			}
			h.core.SetLibrary(ix)
			h.lib.set(ix)
			return report, nil
		}
	}})
	admin := user(1, "en")
	const adminChat, otherChat = 1, 2

	got := h.ask(t, otherChat, "private", user(2, "en"), "/reindex", nil)
	if got.Params["text"] != textsEN.notAvailable {
		t.Errorf("non-admin /reindex = %q, want %q", got.Params["text"], textsEN.notAvailable)
	}
	got = h.ask(t, otherChat, "private", user(2, "en"), "/stats", nil)
	if got.Params["text"] != textsEN.notAvailable {
		t.Errorf("non-admin /stats = %q, want %q", got.Params["text"], textsEN.notAvailable)
	}

	progress := h.ask(t, adminChat, "private", admin, "/reindex", nil)
	if progress.Params["text"] != textsEN.reindexStart {
		t.Errorf("progress message = %q, want %q", progress.Params["text"], textsEN.reindexStart)
	}
	busy := h.ask(t, adminChat, "private", admin, "/reindex", nil)
	if busy.Params["text"] != textsEN.reindexBusy {
		t.Errorf("second /reindex = %q, want %q", busy.Params["text"], textsEN.reindexBusy)
	}
	close(release)
	edits := h.api.waitCalls(t, "editMessageText", waitLong, func(c []apiCall) bool {
		return len(c) > 0 && strings.HasPrefix(c[len(c)-1].Params["text"], "Reindex done")
	})
	final := edits[len(edits)-1].Params["text"]
	if !strings.Contains(final, "0 added, 0 updated, 0 removed, 1 unchanged, 0 skipped") {
		t.Errorf("final reindex message = %q, want the counts", final)
	}
	if !strings.Contains(final, "1 article, ") {
		t.Errorf("final reindex message = %q, want the new index size", final)
	}

	stats := h.ask(t, adminChat, "private", admin, "/stats", nil)
	if !strings.Contains(stats.Params["text"], "Articles: 1") || !strings.Contains(stats.Params["text"], "Embedder: local") {
		t.Errorf("/stats = %q", stats.Params["text"])
	}

	t.Run("failure keeps the old index", func(t *testing.T) {
		fail = true
		release = make(chan struct{})
		close(release)
		before := len(h.api.callsOf("editMessageText"))
		h.ask(t, adminChat, "private", admin, "/reindex", nil)
		edits := h.api.waitCalls(t, "editMessageText", waitLong, func(c []apiCall) bool {
			return len(c) > before && strings.HasPrefix(c[len(c)-1].Params["text"], "Reindex failed")
		})
		if last := edits[len(edits)-1].Params["text"]; !strings.Contains(last, "permission denied") {
			t.Errorf("failure message = %q, want the error", last)
		}
		got := h.ask(t, adminChat, "private", admin, "Qu’a déclaré Maria Zakharova ?", nil)
		if !strings.Contains(got.Params["text"], "<blockquote") {
			t.Errorf("after a failed reindex the old index should answer:\n%s", got.Params["text"])
		}
	})
}

func TestTelegramErrors(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	q := "Qu’a déclaré Maria Zakharova ?"

	t.Run("429 is retried after retry_after", func(t *testing.T) {
		const chat = 301
		h.api.fail("sendMessage", http.StatusTooManyRequests, "Too Many Requests: retry after 1", 1)
		before := len(h.slept())
		got := h.ask(t, chat, "private", user(chat, "fr"), q, nil)
		if !strings.Contains(got.Params["text"], "<blockquote") {
			t.Errorf("retried message = %q", got.Params["text"])
		}
		if waited := h.slept()[before:]; !slices.Equal(waited, []time.Duration{time.Second}) {
			t.Errorf("waits = %v, want [1s] (retry_after)", waited)
		}
		var limited int
		for _, c := range h.api.callsOf("sendMessage") {
			if c.Status == http.StatusTooManyRequests {
				limited++
			}
		}
		if limited != 1 {
			t.Errorf("%d calls got 429, want 1", limited)
		}
	})
	t.Run("can't parse entities falls back to plain text", func(t *testing.T) {
		const chat = 302
		h.api.fail("sendMessage", http.StatusBadRequest, "Bad Request: can't parse entities: Unsupported start tag \"blockquote\" at byte offset 10", 0)
		got := h.ask(t, chat, "private", user(chat, "fr"), q, nil)
		if got.Params["parse_mode"] != "" {
			t.Errorf("fallback parse_mode = %q, want none", got.Params["parse_mode"])
		}
		text := got.Params["text"]
		if strings.Contains(text, "<blockquote") || strings.Contains(text, "&amp;") || !strings.Contains(text, "avril 2025") {
			t.Errorf("fallback text is not plain:\n%s", text)
		}
	})
	t.Run("403 is logged and not retried", func(t *testing.T) {
		const chat = 303
		h.api.fail("sendMessage", http.StatusForbidden, "Forbidden: bot was blocked by the user", 0)
		h.api.push(h.api.textMessage(chat, "private", user(chat, "fr"), q, nil))
		// The next question in the same chat is answered after the
		// refused one, in order.
		got := h.ask(t, chat, "private", user(chat, "fr"), "/help", nil)
		if !strings.Contains(got.Params["text"], "1 article de presse") {
			t.Errorf("/help = %q", got.Params["text"])
		}
		var tries int
		for _, c := range h.api.callsOf("sendMessage") {
			if c.Params["chat_id"] == strconv.Itoa(chat) {
				tries++
			}
		}
		if tries != 2 {
			t.Errorf("%d sendMessage calls to the chat, want 2 (the refused answer once, then /help)", tries)
		}
		if !strings.Contains(h.logs.String(), "bot was blocked by the user") {
			t.Error("the 403 was not logged")
		}
	})
}

func TestAccessAndRateLimits(t *testing.T) {
	h := startHarness(t, harnessOptions{config: func(c *Config) {
		c.AllowedUserIDs = []int64{10}
		c.RatePerMinute = 2
	}})
	q := "Qu’a déclaré Maria Zakharova ?"

	t.Run("stranger refused once", func(t *testing.T) {
		const chat = 20
		got := h.ask(t, chat, "private", user(chat, "fr"), q, nil)
		if got.Params["text"] != textsFR.refused {
			t.Errorf("stranger got %q, want %q", got.Params["text"], textsFR.refused)
		}
		h.api.push(h.api.textMessage(chat, "private", user(chat, "fr"), q, nil))
		// An allowed user's answer proves the stranger's second message
		// was handled (updates are dispatched in order).
		h.ask(t, 10, "private", user(10, "fr"), "/help", nil)
		if n := len(h.api.sentTo(chat)); n != 1 {
			t.Errorf("stranger got %d replies, want 1", n)
		}
	})
	t.Run("rate limit warns once", func(t *testing.T) {
		const chat = 10
		before := len(h.api.sentTo(chat))
		for i := 0; i < 4; i++ {
			h.api.push(h.api.textMessage(chat, "private", user(chat, "en"), q, nil))
		}
		// Two answers and one "slow down"; the fourth is dropped.
		got := h.api.waitCalls(t, "sendMessage", waitLong, func([]apiCall) bool { return len(h.api.sentTo(chat)) >= before+3 })
		_ = got
		time.Sleep(300 * time.Millisecond)
		sent := h.api.sentTo(chat)[before:]
		var slow, answers int
		for _, c := range sent {
			switch {
			case strings.HasPrefix(c.Params["text"], strings.Split(textsFor(replyLang(q, "", "en")).slowDown, "%")[0]):
				slow++
			case strings.Contains(c.Params["text"], "<blockquote"):
				answers++
			}
		}
		if slow != 1 || answers != 2 || len(sent) != 3 {
			t.Errorf("got %d answers, %d slow-downs, %d messages; want 2, 1, 3", answers, slow, len(sent))
		}
	})
}

func TestWebhookSecret(t *testing.T) {
	h := startHarness(t, harnessOptions{config: func(c *Config) {
		c.WebhookURL = "https://bot.example.org/telegram/hook"
		c.ListenAddr = "127.0.0.1:0"
		c.WebhookSecret = "s3cret-Token_1"
	}})
	var addr string
	select {
	case a := <-h.bot.webhookAddr:
		addr = a.String()
	case <-time.After(waitLong):
		t.Fatal("webhook server did not start")
	}
	set := h.api.waitCalls(t, "setWebhook", waitLong, func(c []apiCall) bool { return len(c) > 0 })
	if got := set[0].Params; got["url"] != "https://bot.example.org/telegram/hook" || got["secret_token"] != "s3cret-Token_1" {
		t.Errorf("setWebhook params = %v", got)
	}
	if n := len(h.api.callsOf("deleteWebhook")); n != 0 {
		t.Errorf("deleteWebhook called %d times in webhook mode", n)
	}

	const chat = 55
	update := func() []byte {
		u := h.api.textMessage(chat, "private", user(chat, "en"), "/help", nil)
		u["update_id"] = 9
		data, _ := json.Marshal(u)
		return data
	}
	tests := []struct {
		name   string
		secret string
		want   int
	}{
		{"missing secret", "", http.StatusUnauthorized},
		{"wrong secret", "nope", http.StatusUnauthorized},
		{"right secret", "s3cret-Token_1", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/telegram/hook", bytes.NewReader(update()))
			req.Header.Set("Content-Type", "application/json")
			if tt.secret != "" {
				req.Header.Set(secretHeader, tt.secret)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
	h.api.waitCalls(t, "sendMessage", waitLong, func([]apiCall) bool { return len(h.api.sentTo(chat)) >= 1 })
	time.Sleep(200 * time.Millisecond)
	if n := len(h.api.sentTo(chat)); n != 1 {
		t.Errorf("%d replies, want 1: only the update with the right secret is processed", n)
	}
}

func TestRestartKeepsConversations(t *testing.T) {
	state := t.TempDir()
	api := newAPIServer(t, testToken)
	const chat = 77
	h := startHarness(t, harnessOptions{stateDir: state, api: api})
	first := h.ask(t, chat, "private", user(chat, "fr"), "Qu’a déclaré Maria Zakharova ?", nil)
	h.stop(t)
	saved, err := os.ReadFile(filepath.Join(state, "conversations.db"))
	if err != nil {
		t.Fatalf("state not saved at shutdown: %v", err)
	}
	// The citations keep their chunk id and quote offsets.
	for _, field := range []string{`"chunk_id":"`, `"quote_end":`} {
		if !strings.Contains(string(saved), field) {
			t.Errorf("saved turns lack %s:\n%s", field, saved)
		}
	}

	h2 := startHarness(t, harnessOptions{stateDir: state, api: api})
	got := h2.ask(t, chat, "private", user(chat, "fr"), "/sources", nil)
	if !strings.Contains(got.Params["text"], "[1]") {
		t.Errorf("/sources after restart = %q", got.Params["text"])
	}
	// A button of the answer given before the restart still works: the
	// passage looked up by its id, the quote placed by its offsets.
	var markup struct {
		InlineKeyboard [][]struct {
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(first.Params["reply_markup"]), &markup); err != nil {
		t.Fatal(err)
	}
	before := len(api.sentTo(chat))
	api.push(map[string]any{"callback_query": map[string]any{
		"id": "cb-2", "from": user(chat, "fr"), "chat_instance": "ci", "data": markup.InlineKeyboard[0][0].CallbackData,
		"message": map[string]any{"message_id": 5000, "date": time.Now().Unix(), "chat": map[string]any{"id": chat, "type": "private"}, "text": "answer"},
	}})
	passage := h2.nextSent(t, chat, before)
	if text := passage.Params["text"]; !strings.Contains(text, "<b>[1]</b>") || !regexp.MustCompile(`<i>paragraphes? \d+(–\d+)? sur \d+</i>`).MatchString(text) {
		t.Errorf("passage after restart = %q", passage.Params["text"])
	}
}

// failingTransport fails Bot API calls of one method with an error whose
// text carries the full request URL, hence the token, as some transports
// do.
type failingTransport struct {
	method string
	mu     sync.Mutex
	left   int
}

func (f *failingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	f.mu.Lock()
	fail := f.left > 0 && strings.HasSuffix(r.URL.Path, "/"+f.method)
	if fail {
		f.left--
	}
	f.mu.Unlock()
	if fail {
		return nil, fmt.Errorf("proxy refused %s", r.URL.String())
	}
	return http.DefaultTransport.RoundTrip(r)
}

func TestTokenNeverLogged(t *testing.T) {
	// Whatever the library writes through the standard logger is captured
	// too.
	var std syncBuffer
	log.SetOutput(&std)
	defer log.SetOutput(os.Stderr)

	h := startHarness(t, harnessOptions{config: func(c *Config) {
		c.HTTPClient = &http.Client{Transport: &failingTransport{method: "getUpdates", left: 2}, Timeout: 10 * time.Second}
	}})
	const chat = 88
	h.api.fail("sendMessage", http.StatusForbidden, "Forbidden: bot was blocked by the user", 0)
	h.api.push(h.api.textMessage(chat, "private", user(chat, "en"), "What did Maria Zakharova say?", nil))
	h.ask(t, chat, "private", user(chat, "en"), "/latest", nil)
	h.stop(t)

	logs := h.logs.String()
	if !strings.Contains(logs, "proxy refused") {
		t.Fatalf("the transport error path was not exercised; logs:\n%s", logs)
	}
	if !strings.Contains(logs, "level=DEBUG") {
		t.Error("no debug-level line was captured")
	}
	for _, out := range []string{logs, std.String()} {
		if strings.Contains(out, testToken) || strings.Contains(out, "AAHt0kEn-SECRET") {
			t.Errorf("token found in logs:\n%s", out)
		}
	}
}

// TestSlashAloneGetsHelp checks that a lone "/" and an unknown command get
// the help, never the previous question answered again.
func TestSlashAloneGetsHelp(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	const chat = 43
	alice := user(chat, "fr")
	h.ask(t, chat, "private", alice, "Qu'a dit Maria Zakharova sur la Corée du Nord ?", nil)
	for _, text := range []string{"/", "/nope"} {
		t.Run(text, func(t *testing.T) {
			before := len(h.api.sentTo(chat))
			h.api.push(h.api.textMessage(chat, "private", alice, text, nil))
			var got []apiCall
			h.api.waitCalls(t, "sendMessage", waitLong, func([]apiCall) bool {
				got = h.api.sentTo(chat)
				for _, c := range got[min(before, len(got)):] {
					if strings.Contains(c.Params["text"], "/source N") {
						return true
					}
				}
				return false
			})
			for _, c := range got[before:] {
				if strings.Contains(c.Params["text"], "<blockquote") {
					t.Errorf("%q answered a question:\n%s", text, c.Params["text"])
				}
			}
		})
	}
}
