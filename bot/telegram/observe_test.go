package telegram

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"verbatim/bot"
	"verbatim/internal/golden"
)

// recorder is an Observer that keeps what it is told.
type recorder struct {
	mu sync.Mutex
	recorded
}

// recorded is what a recorder was told.
type recorded struct {
	calls    map[string]int
	errors   int
	limited  int
	refused  int
	queued   int // current
	maxQueue int
	reindex  []error
}

func (r *recorder) TelegramCall(method string, err error, rateLimited bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.calls == nil {
		r.calls = map[string]int{}
	}
	r.calls[method]++
	if err != nil {
		r.errors++
	}
	if rateLimited {
		r.limited++
	}
}

func (r *recorder) Refused() { r.mu.Lock(); r.refused++; r.mu.Unlock() }

func (r *recorder) Queued(d int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.queued += d
	r.maxQueue = max(r.maxQueue, r.queued)
}

func (r *recorder) Reindex(err error) { r.mu.Lock(); r.reindex = append(r.reindex, err); r.mu.Unlock() }

func (r *recorder) snapshot() recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := recorded{errors: r.errors, limited: r.limited, refused: r.refused, queued: r.queued, maxQueue: r.maxQueue, calls: map[string]int{}}
	for k, v := range r.calls {
		c.calls[k] = v
	}
	return c
}

func TestQueueNoticeOnlyAfterAWait(t *testing.T) {
	// A one-chunk reply: the first answer frees its slot as soon as the
	// model is let go.
	f := newFakeOpenAI(t, func(string) string { return "Non." })
	model := bot.NewChatModel(bot.ChatConfig{APIKey: "sk-test", BaseURL: f.URL + "/v1", Model: "test-model", Timeout: 10 * time.Second})
	rec := &recorder{}
	h := startHarness(t, harnessOptions{coreModel: model, config: func(c *Config) {
		c.MaxConcurrent = 1
		c.Observer = rec
	}})
	q := "Qu’a déclaré Maria Zakharova ?"
	tests := []struct {
		name       string
		hold       time.Duration // how long the first answer keeps the slot
		wantNotice bool
	}{
		{"short wait: no notice", 0, false},
		{"long wait: notice", 3 * h.bot.queueNoticeAfter, true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, second := int64(601+10*i), int64(602+10*i)
			release := f.Hold()
			before := f.Count()
			h.api.push(h.api.textMessage(first, "private", user(first, "fr"), q, nil))
			for deadline := time.Now().Add(waitLong); ; time.Sleep(5 * time.Millisecond) {
				n := f.Count()
				if n > before {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the first question never reached the model")
				}
			}
			h.api.push(h.api.textMessage(second, "private", user(second, "en"), "What did Maria Zakharova declare?", nil))
			for deadline := time.Now().Add(waitLong); rec.snapshot().queued == 0; time.Sleep(5 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("the second question never waited")
				}
			}
			time.AfterFunc(tt.hold, release)
			h.nextSent(t, first, 0)
			got := h.nextSent(t, second, 0)
			notice := strings.Contains(got.Params["text"], "in the queue")
			if notice != tt.wantNotice {
				t.Errorf("got first message %q to the waiting user, want a queue notice: %v", got.Params["text"], tt.wantNotice)
			}
			if notice {
				h.nextSent(t, second, 1) // the answer
			}
		})
	}
	got := rec.snapshot()
	if got.maxQueue != 1 || got.queued != 0 {
		t.Errorf("got queue max %d and now %d, want 1 then 0", got.maxQueue, got.queued)
	}
	if got.calls["sendMessage"] < 4 || got.calls["getMe"] != 0 && got.calls["getMe"] > 1 {
		t.Errorf("got calls %v, want every sendMessage recorded", got.calls)
	}
}

func TestSlowDownSaysWhenToRetry(t *testing.T) {
	rec := &recorder{}
	h := startHarness(t, harnessOptions{config: func(c *Config) {
		c.RatePerMinute = 1
		c.Observer = rec
	}})
	const chat = 77
	q := "Qu’a déclaré Maria Zakharova ?"
	h.ask(t, chat, "private", user(chat, "fr"), q, nil)
	got := h.ask(t, chat, "private", user(chat, "fr"), q, nil)
	// One question a minute, one just asked: wait about a minute.
	// Then, explicitly, that the questions sent meanwhile are dropped.
	text := got.Params["text"]
	if want := "Vous posez beaucoup de questions à la fois : merci d’attendre 1 minute avant la prochaine."; !strings.HasPrefix(text, want) && !strings.Contains(text, "secondes avant la prochaine") {
		t.Errorf("got %q, want %q (or a number of seconds)", text, want)
	}
	if !strings.HasSuffix(text, "les questions envoyées d’ici là ne recevront pas de réponse.") && !strings.HasSuffix(text, "Les questions envoyées d’ici là ne recevront pas de réponse.") {
		t.Errorf("got %q, want it to say the questions sent meanwhile are not answered", text)
	}
	if r := rec.snapshot(); r.refused != 1 {
		t.Errorf("got %d refusals recorded, want 1", r.refused)
	}
}

func TestWebhookServesHealthRoutes(t *testing.T) {
	h := startHarness(t, harnessOptions{config: func(c *Config) {
		c.WebhookURL = "https://bot.example.org/"
		c.ListenAddr = "127.0.0.1:0"
		c.HealthRoutes = map[string]http.Handler{
			"/readyz": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "index: not loaded yet", http.StatusServiceUnavailable)
			}),
		}
	}})
	var addr string
	select {
	case a := <-h.bot.webhookAddr:
		addr = a.String()
	case <-time.After(waitLong):
		t.Fatal("webhook server did not start")
	}
	// Let the start-up finish before the test ends and cancels it.
	for deadline := time.Now().Add(waitLong); !strings.Contains(h.logs.String(), "telegram webhook started"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("webhook never registered")
		}
	}
	resp, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "not loaded") {
		t.Errorf("got %d %q, want the health route's 503 beside the webhook at /", resp.StatusCode, body)
	}
}

func TestSlowDownText(t *testing.T) {
	tests := []struct {
		lang string
		wait time.Duration
		want string
	}{
		{"en", 0, "please wait 1 second before"},
		{"en", 9200 * time.Millisecond, "please wait 10 seconds before"},
		{"en", 61 * time.Second, "please wait 2 minutes before"},
		{"fr", 1500 * time.Millisecond, "merci d’attendre 2 secondes avant"},
		{"fr", 40 * time.Second, "merci d’attendre 40 secondes avant"},
		{"fr", 60 * time.Second, "merci d’attendre 1 minute avant"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+tt.wait.String(), func(t *testing.T) {
			if got := textsFor(tt.lang).slowDownText(tt.wait); !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

// TestFixedTexts keeps the texts built from counts and waits in golden
// files (run with -update to rewrite them).
func TestFixedTexts(t *testing.T) {
	for _, tx := range catalogues() {
		t.Run(tx.lang, func(t *testing.T) {
			var b strings.Builder
			for _, n := range []int{0, 1, 2, 5, 21, 42} {
				b.WriteString(tx.articles(n) + " · " + tx.passages(n) + " · " + tx.newsArticles(n) + "\n")
				b.WriteString(fmt.Sprintf(tx.reindexSwap, tx.articles(n), tx.passages(n)) + "\n")
			}
			for _, place := range []int{1, 2} {
				b.WriteString(tx.queuedText(place) + "\n")
			}
			for _, wait := range []time.Duration{0, time.Second, 9200 * time.Millisecond, 59 * time.Second, 61 * time.Second} {
				b.WriteString(tx.slowDownText(wait) + "\n")
			}
			for _, d := range []time.Duration{30 * time.Second, 3 * time.Minute, 5 * time.Hour, 49 * time.Hour, 5 * 24 * time.Hour, 21 * 24 * time.Hour} {
				b.WriteString(tx.ago(d) + "\n")
			}
			for _, n := range []int{0, 1, 3, 5} {
				b.WriteString(tx.floodText(n) + "\n")
			}
			b.WriteString(tx.busyText(45*time.Second) + "\n")
			b.WriteString(tx.queuePlaceText(2, 150*time.Second) + "\n")
			b.WriteString(tx.restartingText() + "\n")
			b.WriteString(tx.span("avril 2025", "avril 2025") + "\n")
			b.WriteString(tx.span("April 2025", "May 3, 2025") + "\n")
			golden.Check(t, "texts_"+tx.lang+".txt", b.String())
		})
	}
}

func TestFailedPollsCounted(t *testing.T) {
	rec := &recorder{}
	h := startHarness(t, harnessOptions{config: func(c *Config) {
		c.HTTPClient = &http.Client{Transport: &failingTransport{method: "getUpdates", left: 2}, Timeout: 10 * time.Second}
		c.Observer = rec
	}})
	// The question is only fetched once both failed polls are behind.
	const chat = 91
	h.ask(t, chat, "private", user(chat, "en"), "/help", nil)
	h.stop(t)
	got := rec.snapshot()
	if got.calls["getUpdates"] != 2 || got.errors < 2 {
		t.Errorf("got %d getUpdates calls and %d errors recorded, want the 2 failed polls counted as failed calls", got.calls["getUpdates"], got.errors)
	}
	if got.limited != 0 {
		t.Errorf("got %d rate-limited calls, want 0", got.limited)
	}
}
