package telegram

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	"verbatim/bot"
)

// ask answers one question: typing indicator, a place in the model queue,
// the core's answer streamed as it is written, then the final verified
// answer with its citation buttons, remembered for /sources and follow-ups.
//
// A question still waiting for the model when shutdown begins is held and
// answered after the restart; one the model is still answering when the
// grace period ends gets a short "restarting, ask again" reply.
func (b *Bot) ask(ctx context.Context, r request, question string) {
	stopTyping := b.keepTyping(ctx, r.chatID)
	defer stopTyping()

	if err := b.waitForSlot(ctx, b.holdCtx, r); err != nil {
		b.hold(r)
		return
	}
	started := b.now()
	key := chatKey(r.chatID)
	st := b.newStream(ctx, r)
	ans, err := b.core.Ask(ctx, bot.Question{
		Text:      question,
		History:   b.convs.Turns(key),
		OnPartial: st.partial,
	})
	b.gate.leave()
	shown := st.stop()
	if err != nil {
		if ctx.Err() != nil {
			b.log.Info("answer interrupted by shutdown", "chat", r.chatID)
			last, cancel := context.WithTimeout(context.WithoutCancel(ctx), lastWordTimeout)
			defer cancel()
			b.deliver(last, r, shown, message{text: r.t.restartingText()}, nil)
			return
		}
		b.log.Warn("answer failed", "chat", r.chatID, "err", err)
		m := message{text: bot.UserMessage(err, r.t.lang)}
		b.deliver(ctx, r, shown, m, nil)
		return
	}
	b.answerTime.observe(b.now().Sub(started))
	b.served.Add(1)
	turn := bot.Turn{Question: question, Answer: ans, At: b.now()}
	b.convs.Append(key, turn)
	b.saveState()
	b.deliver(ctx, r, shown, renderAnswer(ans, answerTexts(ans.Lang, r.t)), sourceKeyboard(ans, turn.At))
}

// waitForSlot takes an answer slot, waiting in the queue when all are
// busy. The user is told their place only when the wait lasts longer than
// queueNoticeAfter: a short wait is not worth a message. The wait ends
// with waitCtx; the notice is sent with ctx.
func (b *Bot) waitForSlot(ctx, waitCtx context.Context, r request) error {
	place, wait := b.gate.enter()
	if place == 0 {
		return nil
	}
	b.cfg.Observer.Queued(1)
	defer b.cfg.Observer.Queued(-1)
	done := make(chan error, 1)
	go func() { done <- wait(waitCtx) }()
	t := time.NewTimer(b.queueNoticeAfter)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		b.reply(ctx, r, message{text: r.t.queuedText(place)})
		return <-done
	}
}

// lastWordTimeout bounds the "restarting" reply sent after the work
// context was cancelled.
const lastWordTimeout = 5 * time.Second

// deliver sends the final message. A group's streaming placeholder is
// edited into it; when it cannot be edited, the message is sent anew and
// the placeholder deleted only then, so the chat never shows less than it
// did. When Telegram asks to wait longer than the sender's budget (a 429
// with a long retry_after), or the network fails, what is left goes to the
// outbox: retried after the wait however long, and across restarts. A
// chat with deliveries already waiting gets this one behind them.
func (b *Bot) deliver(ctx context.Context, r request, shown streamed, m message, markup models.ReplyMarkup) {
	if shown.placeholder != 0 && !m.isHTML && markup == nil && strings.TrimSpace(m.text) == shown.text {
		return // the placeholder already says it: no edit without change
	}
	d := &delivery{Chat: r.chatID, ReplyTo: r.replyTo, Placeholder: shown.placeholder, Pieces: m.pieces(), HTML: m.isHTML}
	if kb, ok := markup.(*models.InlineKeyboardMarkup); ok && kb != nil {
		d.Markup = kb
	}
	if b.outbox.holds(ctx, r.chatID) {
		b.deferDelivery(ctx, d, 0)
		return
	}
	err := push(ctx, b.send, d, unbounded)
	switch {
	case err == nil:
	case retryAfter(err) > 0:
		b.deferDelivery(ctx, d, retryAfter(err))
	case permanent(err):
		b.log.Warn("deliver answer", "chat", r.chatID, "err", err)
	default:
		b.deferDelivery(ctx, d, firstDeliveryBackoff)
	}
}

// answerKey names an answer in callback data: its time in base-36
// milliseconds, short and found again in the persisted turns.
func answerKey(at time.Time) string { return strconv.FormatInt(at.UnixMilli(), 36) }

// sourceKeyboard is the buttons under an answer, one per
// verified citation; nil when there is none. Callback data is
// "src:<answer key>:<n>", far below Telegram's 64 bytes.
func sourceKeyboard(a bot.Answer, at time.Time) models.ReplyMarkup {
	cites := verified(a)
	if len(cites) == 0 || !a.Found && a.Verdict != bot.VerdictRelated {
		return nil
	}
	// One button a row: its label says what it opens ("[1] 26 avril
	// 2025 · Koursk…"), in the answer's language.
	var rows [][]models.InlineKeyboardButton
	for _, c := range cites {
		rows = append(rows, []models.InlineKeyboardButton{{
			Text:         buttonLabel(c, a.Lang),
			CallbackData: "src:" + answerKey(at) + ":" + strconv.Itoa(c.N),
		}})
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// parseSourceData reads "src:<key>:<n>".
func parseSourceData(data string) (key string, n int, ok bool) {
	rest, found := strings.CutPrefix(data, "src:")
	if !found {
		return "", 0, false
	}
	key, num, found := strings.Cut(rest, ":")
	if !found || key == "" {
		return "", 0, false
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 {
		return "", 0, false
	}
	return key, n, true
}

// keepTyping shows "typing…" in the chat until the returned stop is called.
func (b *Bot) keepTyping(ctx context.Context, chatID int64) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if err := b.send.typing(ctx, chatID); err != nil && ctx.Err() == nil {
				b.log.Debug("typing action", "chat", chatID, "err", err)
			}
			t := time.NewTimer(b.typingEvery)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// stream shows a model answer while it is written: Bot API drafts in
// private chats, a placeholder message edited at a throttled pace in groups
// (at most one call per every, never the same text twice). Drafts and
// placeholder are plain text; only the final message carries formatting
// and verified quotes. A text longer than one message is shown cut, and
// the cut version is not sent again: the split happens at the end.
type stream struct {
	b       *Bot
	r       request
	every   time.Duration
	draftID int64

	mu       sync.Mutex
	latest   string
	pending  bool
	disabled bool

	wake     chan struct{}
	done     chan struct{}
	finished chan struct{}
	// shown is what the chat displays (owned by run until finished).
	shown streamed
}

// streamed is what a stream left on screen: the group placeholder (0 if
// none) and the text last shown.
type streamed struct {
	placeholder int
	text        string
}

// newStream starts the streaming loop for one answer.
func (b *Bot) newStream(ctx context.Context, r request) *stream {
	s := &stream{
		b:        b,
		r:        r,
		every:    b.groupEditEvery,
		wake:     make(chan struct{}, 1),
		done:     make(chan struct{}),
		finished: make(chan struct{}),
	}
	if r.private {
		s.every = b.draftEvery
		s.draftID = b.draftSeq.Add(1)
	}
	go s.run(ctx)
	return s
}

// partial receives the growing draft from the core; it never blocks.
func (s *stream) partial(text string) {
	s.mu.Lock()
	s.latest = text
	s.pending = true
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// stop ends streaming and returns what is left on screen.
func (s *stream) stop() streamed {
	close(s.done)
	<-s.finished
	return s.shown
}

func (s *stream) run(ctx context.Context) {
	defer close(s.finished)
	for {
		select {
		case <-s.done:
			return
		case <-ctx.Done():
			return
		case <-s.wake:
		}
		s.mu.Lock()
		text, pending, disabled := strings.TrimSpace(s.latest), s.pending, s.disabled
		s.pending = false
		s.mu.Unlock()
		if !pending || disabled || text == "" {
			continue
		}
		text = truncateUnits(text, MaxMessageUnits)
		if text == s.shown.text {
			continue
		}
		pause := max(s.every, s.show(ctx, text))
		t := time.NewTimer(pause)
		select {
		case <-s.done:
			t.Stop()
			return
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		// Pick up whatever arrived while waiting.
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
}

// maxStreamBackoff is the longest 429 wait a stream sits out; a longer one
// ends streaming (the final answer is still delivered).
const maxStreamBackoff = 10 * time.Second

// show sends one draft state and returns how long Telegram asked to wait
// (0 unless rate-limited). After another error streaming stops quietly.
func (s *stream) show(ctx context.Context, text string) time.Duration {
	var err error
	switch {
	case s.r.private:
		err = s.b.send.draft(ctx, s.r.chatID, s.draftID, text)
	case s.shown.placeholder == 0:
		var id int
		id, err = s.b.send.placeholder(ctx, s.r.chatID, text, s.r.replyTo)
		s.shown.placeholder = id
	default:
		err = s.b.send.streamEdit(ctx, s.r.chatID, s.shown.placeholder, text)
	}
	if err == nil {
		s.shown.text = text
		return 0
	}
	if ctx.Err() != nil {
		return 0
	}
	if wait := retryAfter(err); wait > 0 && wait <= maxStreamBackoff {
		s.b.log.Info("stream rate-limited, skipping a frame", "chat", s.r.chatID, "retry_after", wait.Seconds())
		return wait
	}
	s.b.log.Warn("stream partial answer", "chat", s.r.chatID, "err", err)
	s.mu.Lock()
	s.disabled = true
	s.mu.Unlock()
	return 0
}
