package engine

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"verbatim/bot/bottest"
)

// TestAskHostileModel streams the hostile reply (true, fabricated,
// altered and deeply nested quotes, a figure in no passage, a marker
// naming no passage, an unclosed « and 200 KB after it) through the core:
// no partial text and not the answer holds any of it, the true quote is
// kept, the removals and the cut are reported, and the answer comes within
// the model timeout.
func TestAskHostileModel(t *testing.T) {
	lib := seedLibrary(t)
	var passages int
	f := newFakeOpenAI(t, func(req chatRequest, _ int) (int, string, time.Duration) {
		passages = bottest.Passages(userContent(req))
		return http.StatusOK, bottest.HostileReply(userContent(req)), 0
	})
	const timeout = 10 * time.Second
	core := NewCore(lib, Config{Model: testModel(f, timeout), Now: fixedNow, K: 3})
	var mu sync.Mutex
	var partials []string
	start := time.Now()
	a, err := core.Ask(context.Background(), Question{Text: bottest.HostileQuestion, OnPartial: func(s string) {
		mu.Lock()
		partials = append(partials, s)
		mu.Unlock()
	}})
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("answer in %v, %d partials: %s\n(%s)", elapsed, len(partials), a.Text, a.Notice)
	if passages != 3 {
		t.Fatalf("the prompt holds %d passages, want 3", passages)
	}
	if elapsed > timeout {
		t.Errorf("answer took %v, more than the model timeout %v", elapsed, timeout)
	}
	for i, p := range append(partials, a.Text, a.Notice) {
		for _, bad := range bottest.Forbidden {
			if strings.Contains(p, bad) {
				t.Errorf("text %d holds %q: %q", i, bad, p)
			}
		}
	}
	if len(partials) == 0 {
		t.Error("no verified partial text was streamed")
	}
	for i, p := range partials {
		if !strings.HasPrefix(a.Text, p) {
			t.Errorf("partial %d %q is not a prefix of the answer %q", i, p, a.Text)
		}
	}
	if !a.Found || a.Mode != ModeModel || !strings.Contains(a.Text, "« "+bottest.TrueQuote+" » [1]") {
		t.Errorf("got found=%v mode=%s text %q, want a model answer keeping the true quote", a.Found, a.Mode, a.Text)
	}
	if a.UnverifiedRemoved != bottest.Removed {
		t.Errorf("UnverifiedRemoved = %d, want %d", a.UnverifiedRemoved, bottest.Removed)
	}
	wantNotice := "La réponse du modèle était trop longue : elle a été coupée. 8 affirmations introuvables dans les sources ont été retirées."
	if a.Notice != wantNotice {
		t.Errorf("notice = %q, want %q", a.Notice, wantNotice)
	}
	checkQuotesExact(t, lib, a)
}

// TestAskHostileShortReply is the hostile reply without the 200 KB: the
// unclosed quotation then ends the reply and is removed like the others.
func TestAskHostileShortReply(t *testing.T) {
	lib := seedLibrary(t)
	f := newFakeOpenAI(t, func(req chatRequest, _ int) (int, string, time.Duration) {
		reply := bottest.HostileReply(userContent(req))
		return http.StatusOK, reply[:strings.Index(reply, "Enfin « ")+len("Enfin « les troupes ont pris Odessa.")], 0
	})
	core := NewCore(lib, Config{Model: testModel(f, 5*time.Second), Now: fixedNow, K: 3})
	a, err := core.Ask(context.Background(), Question{Text: bottest.HostileQuestion})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range bottest.Forbidden {
		if strings.Contains(a.Text, bad) {
			t.Errorf("answer holds %q: %q", bad, a.Text)
		}
	}
	want := "9 affirmations introuvables dans les sources ont été retirées."
	if a.UnverifiedRemoved != bottest.Removed+1 || a.Notice != want {
		t.Errorf("got %d removed, notice %q; want %d, %q", a.UnverifiedRemoved, a.Notice, bottest.Removed+1, want)
	}
}

// TestAskNothingVerified falls back to an extractive answer when the
// model wrote nothing the sources hold.
func TestAskNothingVerified(t *testing.T) {
	lib := seedLibrary(t)
	f := newFakeOpenAI(t, func(chatRequest, int) (int, string, time.Duration) {
		return http.StatusOK, "Guérassimov a dit « Kiev est tombée » [1]. Il y avait 987 000 morts [1].", 0
	})
	var partials []string
	a, err := NewCore(lib, Config{Model: testModel(f, 5*time.Second), Now: fixedNow}).Ask(context.Background(),
		Question{Text: koursk, OnPartial: func(s string) { partials = append(partials, s) }})
	if err != nil {
		t.Fatal(err)
	}
	want := "Rien de ce qu'a écrit le modèle n'a pu être vérifié dans les sources ; cette réponse est extractive. 2 affirmations introuvables dans les sources ont été retirées."
	if a.Mode != ModeOffline || !a.Found || a.Notice != want || !strings.Contains(a.Text, kourskSentence) {
		t.Errorf("got mode=%s found=%v notice=%q text=%q, want the extractive answer with notice %q", a.Mode, a.Found, a.Notice, a.Text, want)
	}
	if len(partials) != 0 {
		t.Errorf("partials %q streamed, want none", partials)
	}
}
