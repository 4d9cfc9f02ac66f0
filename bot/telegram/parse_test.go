package telegram

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"verbatim/bot"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		text   string
		ok     bool
		want   command
		forUs  bool
		reason string
	}{
		{"/start", true, command{Name: "start"}, true, "bare command"},
		{"/start@VerbatimBot", true, command{Name: "start", Target: "VerbatimBot"}, true, "our name"},
		{"/START@verbatimbot extra  words ", true, command{Name: "start", Target: "verbatimbot", Args: "extra  words"}, true, "case-insensitive"},
		{"/start@OtherBot", true, command{Name: "start", Target: "OtherBot"}, false, "another bot"},
		{"/ask Qu’a dit 🇫🇷 Macron ?", true, command{Name: "ask", Args: "Qu’a dit 🇫🇷 Macron ?"}, true, "args with emoji"},
		{"/source\n2", true, command{Name: "source", Args: "2"}, true, "newline separator"},
		{"hello /start", false, command{}, false, "not leading"},
		{"/", false, command{}, false, "slash alone"},
		{"/été", false, command{}, false, "non-ASCII name"},
		{"/path/to/file", false, command{}, false, "a path"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			got, ok := parseCommand(tt.text)
			if ok != tt.ok || got != tt.want {
				t.Fatalf("parseCommand(%q) = %+v, %v; want %+v, %v", tt.text, got, ok, tt.want, tt.ok)
			}
			if ok && got.forUs("VerbatimBot") != tt.forUs {
				t.Errorf("forUs = %v, want %v", !tt.forUs, tt.forUs)
			}
		})
	}
}

func TestAddressed(t *testing.T) {
	me := &models.User{ID: 99, IsBot: true, Username: "VerbatimBot"}
	mention := func(text, handle string) models.MessageEntity {
		i := strings.Index(text, handle)
		return models.MessageEntity{Type: models.MessageEntityTypeMention, Offset: len(utf16Encode(text[:i])), Length: len(utf16Encode(handle))}
	}
	emojiText := "😀😀 @VerbatimBot qui a parlé ?"
	tests := []struct {
		name string
		msg  models.Message
		ok   bool
		want string
	}{
		{"no mention", models.Message{Text: "qui a parlé ?"}, false, ""},
		{"mention entity after astral emoji", models.Message{Text: emojiText, Entities: []models.MessageEntity{mention(emojiText, "@VerbatimBot")}}, true, "😀😀 qui a parlé ?"},
		{"plain mention any case", models.Message{Text: "@verbatimBOT, qui a parlé ?"}, true, "qui a parlé ?"},
		{"another bot's name", models.Message{Text: "@VerbatimBot2 qui a parlé ?"}, false, ""},
		{"text mention", models.Message{Text: "Verbatim qui a parlé ?", Entities: []models.MessageEntity{{Type: models.MessageEntityTypeTextMention, Offset: 0, Length: 8, User: me}}}, true, "qui a parlé ?"},
		{"reply to the bot", models.Message{Text: "et ensuite ?", ReplyToMessage: &models.Message{From: me}}, true, "et ensuite ?"},
		{"reply to someone else", models.Message{Text: "et ensuite ?", ReplyToMessage: &models.Message{From: &models.User{ID: 5}}}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := addressed(&tt.msg, me)
			if ok != tt.ok || got != tt.want {
				t.Errorf("addressed(%q) = %q, %v; want %q, %v", tt.msg.Text, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestSourceKeyboard(t *testing.T) {
	a := bot.Answer{Found: true}
	for n := 1; n <= 12; n++ {
		a.Citations = append(a.Citations, bot.Citation{N: n, Quote: "q", Verified: n != 3, ChunkID: strings.Repeat("very-long-chunk-id/", 10) + "#9"})
	}
	at := time.Date(2099, 12, 31, 23, 59, 59, 999e6, time.UTC)
	kb := sourceKeyboard(a, at).(*models.InlineKeyboardMarkup)
	var buttons []models.InlineKeyboardButton
	for _, row := range kb.InlineKeyboard {
		if len(row) > 8 {
			t.Errorf("row of %d buttons, want <= 8", len(row))
		}
		buttons = append(buttons, row...)
	}
	if len(buttons) != 11 {
		t.Fatalf("%d buttons, want 11 (one per verified citation)", len(buttons))
	}
	for _, b := range buttons {
		if len(b.CallbackData) > 64 {
			t.Errorf("callback data %q is %d bytes, over 64", b.CallbackData, len(b.CallbackData))
		}
		key, n, ok := parseSourceData(b.CallbackData)
		if !ok || key != answerKey(at) || b.Text != buttonLabel(a.Citations[n-1], a.Lang) {
			t.Errorf("button %+v does not round-trip (key %q n %d ok %v)", b, key, n, ok)
		}
	}
	if sourceKeyboard(bot.Answer{Found: false}, at) != nil {
		t.Error("keyboard for a not-found answer")
	}
	for _, bad := range []string{"", "src:", "src:abc", "src::1", "src:abc:0", "src:abc:x", "other:abc:1"} {
		if _, _, ok := parseSourceData(bad); ok {
			t.Errorf("parseSourceData(%q) accepted", bad)
		}
	}
}

func TestRateLimiter(t *testing.T) {
	now := time.Date(2025, 4, 1, 12, 0, 0, 0, time.UTC)
	l := newRateLimiter(3, func() time.Time { return now })
	type step struct {
		advance  time.Duration
		ok, warn bool
	}
	steps := []step{
		{0, true, false}, {0, true, false}, {0, true, false},
		{0, false, true},                // over: told once
		{0, false, false},               // then silence
		{20 * time.Second, true, false}, // one token back after 20s at 3/min
		{0, false, true},                // warned again after a success
		{time.Hour, true, false},        // full bucket, capped at 3
		{0, true, false}, {0, true, false}, {0, false, true},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		ok, warn := l.allow(1)
		if ok != s.ok || warn != s.warn {
			t.Errorf("step %d: allow = %v, %v; want %v, %v", i, ok, warn, s.ok, s.warn)
		}
	}
	if ok, _ := l.allow(2); !ok {
		t.Error("another user shares the bucket")
	}
	if ok, _ := newRateLimiter(-1, time.Now).allow(1); !ok {
		t.Error("negative rate should mean unlimited")
	}
}

func TestGateQueuePlaces(t *testing.T) {
	g := newGate(2)
	for i := 0; i < 2; i++ {
		if place, wait := g.enter(); place != 0 || wait(context.Background()) != nil {
			t.Fatalf("enter %d: place %d, want a free slot", i, place)
		}
	}
	place3, wait3 := g.enter()
	place4, wait4 := g.enter()
	place5, wait5 := g.enter()
	if place3 != 1 || place4 != 2 || place5 != 3 {
		t.Fatalf("places = %d, %d, %d; want 1, 2, 3", place3, place4, place5)
	}
	// The third waiter gives up; the others get slots in order.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := wait5(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait = %v", err)
	}
	got := make(chan int, 2)
	go func() { wait4(context.Background()); got <- 4 }()
	go func() { wait3(context.Background()); got <- 3 }()
	g.leave()
	if first := <-got; first != 3 {
		t.Errorf("slot went to waiter %d, want 3 (first in line)", first)
	}
	g.leave()
	if second := <-got; second != 4 {
		t.Errorf("slot went to waiter %d, want 4", second)
	}
	g.leave()
	g.leave()
	if place, _ := g.enter(); place != 0 {
		t.Errorf("after all left, place %d, want 0", place)
	}
}

func TestTasksKeepChatOrder(t *testing.T) {
	ts := newTasks(100)
	var order []int // one chat's jobs run one at a time
	for i := 0; i < 50; i++ {
		ts.enqueue(7, nil, func() {
			time.Sleep(time.Duration(50-i) * 10 * time.Microsecond)
			order = append(order, i)
		})
	}
	if !ts.close(5 * time.Second) {
		t.Fatal("tasks did not finish")
	}
	if len(order) != 50 {
		t.Fatalf("%d jobs ran, want 50", len(order))
	}
	for i, v := range order {
		if v != i {
			t.Fatalf("job %d ran at position %d: order %v", v, i, order)
		}
	}
	if ok, _ := ts.enqueue(7, nil, func() {}); ok {
		t.Error("enqueue accepted after close")
	}
}

func TestTasksFullQueueAndTakeWaiting(t *testing.T) {
	ts := newTasks(3)
	release := make(chan struct{})
	started := make(chan struct{})
	ran := make(chan int, 10)
	msg := func(id int) *models.Message { return &models.Message{ID: id} }
	// Chat 1: one running job, two waiting; the next is refused.
	ts.enqueue(1, msg(1), func() { close(started); <-release; ran <- 1 })
	<-started
	for _, id := range []int{2, 3} {
		if ok, waiting := ts.enqueue(1, msg(id), func() { ran <- id }); !ok || waiting != id-1 {
			t.Fatalf("enqueue %d = %v, %d waiting; want true, %d", id, ok, waiting, id-1)
		}
	}
	// A notice (no message) stays queued through takeWaiting.
	ts.enqueue(1, nil, func() { ran <- 0 })
	if ok, waiting := ts.enqueue(1, msg(4), func() {}); ok || waiting != 3 {
		t.Fatalf("enqueue on a full queue = %v, %d waiting; want false, 3", ok, waiting)
	}
	var got []int
	for _, m := range ts.takeWaiting() {
		got = append(got, m.ID)
	}
	if want := []int{2, 3}; !slices.Equal(got, want) {
		t.Errorf("takeWaiting = %v, want %v", got, want)
	}
	close(release)
	if !ts.close(5 * time.Second) {
		t.Fatal("tasks did not finish")
	}
	close(ran)
	var runs []int
	for id := range ran {
		runs = append(runs, id)
	}
	if want := []int{1, 0}; !slices.Equal(runs, want) {
		t.Errorf("jobs run = %v, want %v (the taken ones never run)", runs, want)
	}
}

func TestTruncateUnits(t *testing.T) {
	tests := []struct {
		s     string
		limit int
		want  string
	}{
		{"abc", 3, "abc"},
		{"abcdef", 4, "abc…"},
		{"a😀b", 3, "a…"},
	}
	for _, tt := range tests {
		if got := truncateUnits(tt.s, tt.limit); got != tt.want || utf16Len(got) > tt.limit {
			t.Errorf("truncateUnits(%q, %d) = %q, want %q", tt.s, tt.limit, got, tt.want)
		}
	}
}

func TestScrubber(t *testing.T) {
	s := newScrubber("123:ab/c")
	err := s.Error(errors.Join(context.Canceled, errors.New(`Post "https://api.telegram.org/bot123:ab/c/getMe": 123%3Aab%2Fc`)))
	if strings.Contains(err.Error(), "123:ab/c") || strings.Contains(err.Error(), "123%3Aab%2Fc") {
		t.Errorf("token left in %q", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Error("scrubbed error lost its chain")
	}
}
