package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// postUpdate posts update to the bot's webhook with the right secret and
// returns the status.
func postUpdate(t *testing.T, h *harness, addr string, update map[string]any) int {
	t.Helper()
	data, _ := json.Marshal(update)
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/hook", bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(secretHeader, h.bot.cfg.WebhookSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// webhookAddr waits for the webhook listener's address.
func webhookAddr(t *testing.T, h *harness) string {
	t.Helper()
	select {
	case a := <-h.bot.webhookAddr:
		return a.String()
	case <-time.After(waitLong):
		t.Fatal("webhook server did not start")
		return ""
	}
}

// memUpdateLog is an UpdateLog shared by two bots, as PostgreSQL is by
// replicas.
type memUpdateLog struct {
	mu   sync.Mutex
	seen map[[2]int64]bool
}

func (l *memUpdateLog) FirstSeen(_ context.Context, botID, updateID int64) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := [2]int64{botID, updateID}
	if l.seen[k] {
		return false, nil
	}
	l.seen[k] = true
	return true, nil
}

// TestWebhookUpdateHandledOnce: Telegram delivering the same update_id
// again (a retried webhook) gets it answered once, also after a restart,
// and, with replicas sharing an update log, by one replica only.
func TestWebhookUpdateHandledOnce(t *testing.T) {
	state := t.TempDir()
	api := newAPIServer(t, testToken)
	webhook := func(c *Config) {
		c.WebhookURL = "https://bot.example.org/hook"
		c.ListenAddr = "127.0.0.1:0"
		c.WebhookSecret = "s3cret"
	}
	const chat = 56
	help := func(id int64) map[string]any {
		u := api.textMessage(chat, "private", user(chat, "en"), "/help", nil)
		u["update_id"] = id
		return u
	}
	replies := func() int { return len(api.sentTo(chat)) }
	waitReplies := func(n int) {
		t.Helper()
		api.waitCalls(t, "sendMessage", waitLong, func([]apiCall) bool { return replies() >= n })
		time.Sleep(200 * time.Millisecond) // room for a wrong second answer
		if got := replies(); got != n {
			t.Errorf("%d replies, want %d", got, n)
		}
	}

	h := startHarness(t, harnessOptions{api: api, stateDir: state, config: webhook})
	addr := webhookAddr(t, h)
	for range 2 {
		if status := postUpdate(t, h, addr, help(9)); status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
	}
	waitReplies(1)
	h.stop(t)

	h = startHarness(t, harnessOptions{api: api, stateDir: state, config: webhook})
	addr = webhookAddr(t, h)
	postUpdate(t, h, addr, help(9))  // delivered again after the restart
	postUpdate(t, h, addr, help(10)) // a new one
	waitReplies(2)
	h.stop(t)

	t.Run("replicas sharing an update log", func(t *testing.T) {
		log := &memUpdateLog{seen: map[[2]int64]bool{}}
		shared := func(c *Config) {
			webhook(c)
			c.UpdateLog = log
		}
		a := startHarness(t, harnessOptions{api: api, config: shared})
		b := startHarness(t, harnessOptions{api: api, config: shared})
		postUpdate(t, a, webhookAddr(t, a), help(11))
		postUpdate(t, b, webhookAddr(t, b), help(11))
		waitReplies(3)
	})
}

// TestOffsetOfAnotherBotReset: a pending.json left by another bot (the
// token changed) or by an older version with a high offset does not make
// the bot ignore its own updates; the bot's own offset is still honoured.
func TestOffsetOfAnotherBotReset(t *testing.T) {
	const ownID = 7104392211 // testToken's
	tests := []struct {
		name    string
		pending string
		// handled says whether the update already pending at Telegram
		// before the start is answered.
		handled bool
	}{
		{"another bot's offset", `{"version":1,"bot_id":123456,"last_update_id":5000,"messages":[]}`, true},
		{"an offset without bot id", `{"version":1,"last_update_id":5000,"messages":[]}`, true},
		{"the bot's own offset", `{"version":1,"bot_id":7104392211,"last_update_id":101,"messages":[]}`, false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			state := t.TempDir()
			if err := os.WriteFile(filepath.Join(state, pendingFile), []byte(tt.pending), 0o600); err != nil {
				t.Fatal(err)
			}
			api := newAPIServer(t, testToken)
			chat := int64(400 + i)
			// Update 101: before the start; 102: after.
			api.push(api.textMessage(chat, "private", user(chat, "en"), "/start", nil))
			h := startHarness(t, harnessOptions{api: api, stateDir: state})
			api.push(api.textMessage(chat, "private", user(chat, "en"), "/help", nil))
			want := 1
			if tt.handled {
				want = 2
			}
			api.waitCalls(t, "sendMessage", waitLong, func([]apiCall) bool { return len(api.sentTo(chat)) >= want })
			time.Sleep(200 * time.Millisecond) // room for a wrong extra answer
			h.stop(t)
			sent := api.sentTo(chat)
			if len(sent) != want || !strings.Contains(sent[len(sent)-1].Params["text"], "news article") {
				t.Errorf("%d replies %+v, want %d ending with /help", len(sent), sent, want)
			}
			data, err := os.ReadFile(filepath.Join(state, pendingFile))
			if err != nil {
				t.Fatal(err)
			}
			var st pendingState
			if err := json.Unmarshal(data, &st); err != nil || st.BotID != ownID || st.LastUpdateID != 102 {
				t.Errorf("pending after the run = %s, want bot %d at update 102", data, ownID)
			}
		})
	}
}
