package telegram

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestBusyChatToldPlacesAndRealWait: 30 users mention the bot at once in a
// group while the model is busy. The 20 queued are told their places, in
// one message; the 9 beyond the queue's bound are told to ask again once
// the queue is answered, estimated from the pace the chat's queue moves at
// (not 21 times a 15 s guess); every question accepted is answered.
func TestBusyChatToldPlacesAndRealWait(t *testing.T) {
	f := newFakeOpenAI(t, zakharovaReply)
	release := holdModel(f)
	const per = 2 * time.Second // the measured pace of the chat's queue
	h := startHarness(t, harnessOptions{coreModel: newModel(f), tune: func(b *Bot) {
		b.jobTime.observe(per)
	}})
	const group = -100500
	name := func(id int) string { return fmt.Sprintf("User%d", id) }
	for id := 1001; id <= 1030; id++ {
		h.api.push(h.api.textMessage(group, "supergroup", user(int64(id), "en"), "@VerbatimBot What did Maria Zakharova declare?", nil))
		if id == 1001 {
			waitRequests(t, f, 1) // the first is at the model
		}
	}
	// 9 refusals and the places notice.
	h.api.waitCalls(t, "sendMessage", waitLong, func([]apiCall) bool {
		n := 0
		for _, c := range h.api.sentTo(group) {
			if strings.HasPrefix(c.Params["text"], "20 questions are waiting") {
				n++
			}
		}
		return n == 1
	})
	var refusals, notices []string
	for _, c := range h.api.sentTo(group) {
		switch text := c.Params["text"]; {
		case strings.HasPrefix(text, "Too many questions"):
			refusals = append(refusals, text)
		case strings.Contains(text, "questions are waiting"):
			notices = append(notices, text)
		}
	}
	// The queue as it stands (20 waiting, 1 answered) takes 21 answers of
	// 2 s: 42 s, rounded up to 5 s.
	if want := textsEN.busyText(45 * time.Second); len(refusals) != 9 || refusals[0] != want {
		t.Errorf("refusals %q, want 9 of %q", refusals, want)
	}
	if len(notices) != 1 {
		t.Fatalf("%d queue notices, want 1 for the 20 waiting: %q", len(notices), notices)
	}
	for place := 1; place <= 20; place++ {
		line := fmt.Sprintf("\n%d. %s (~%s)", place, name(1001+place), textsEN.aboutText(time.Duration(place)*per))
		if !strings.Contains(notices[0], line) {
			t.Errorf("notice lacks %q:\n%s", line, notices[0])
		}
	}

	release()
	h.api.waitCalls(t, "editMessageText", waitLong, func([]apiCall) bool {
		n := 0
		for _, text := range h.api.screen(group) {
			if isAnswer(text) {
				n++
			}
		}
		return n == 21
	})
}

// TestFloodingUserToldOnce: one user sending 30 questions at once gets the
// 6 a minute the limit allows answered, and one notice saying they are
// answered in order and the others are not; nothing else.
func TestFloodingUserToldOnce(t *testing.T) {
	h := startHarness(t, harnessOptions{})
	const group = -100501
	for range 30 {
		h.api.push(h.api.textMessage(group, "supergroup", user(1100, "en"), "@VerbatimBot What did Maria Zakharova declare?", nil))
	}
	h.api.waitCalls(t, "sendMessage", waitLong, func([]apiCall) bool { return len(h.api.sentTo(group)) >= 7 })
	time.Sleep(300 * time.Millisecond) // room for a wrong extra message
	var answers, notices int
	for _, c := range h.api.sentTo(group) {
		text := c.Params["text"]
		switch {
		case strings.Contains(text, "<blockquote"):
			answers++
		case strings.HasPrefix(text, "You are asking a lot at once") && strings.Contains(text, "will not be answered"):
			notices++
		default:
			t.Errorf("unexpected message %q", text)
		}
	}
	if answers != 6 || notices != 1 {
		t.Errorf("%d answers and %d notices, want 6 and 1", answers, notices)
	}
}

func TestFloodText(t *testing.T) {
	tests := []struct {
		t        *texts
		accepted int
		want     string
	}{
		{&textsEN, 0, "Questions sent before then will not be answered."},
		{&textsEN, 1, "I will answer your 1 question already waiting, in order; questions sent before then will not be answered."},
		{&textsEN, 6, "I will answer your 6 questions already waiting, in order; questions sent before then will not be answered."},
		{&textsFR, 0, "Les questions envoyées d’ici là ne recevront pas de réponse."},
		{&textsFR, 2, "Je réponds dans l’ordre à 2 questions déjà en attente ; les questions envoyées d’ici là ne recevront pas de réponse."},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.t.lang, tt.accepted), func(t *testing.T) {
			if got := tt.t.floodText(tt.accepted); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
