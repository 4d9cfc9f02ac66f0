package telegram

import (
	"context"
	"errors"
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
func (b *Bot) ask(ctx context.Context, r request, question string) {
	stopTyping := b.keepTyping(ctx, r.chatID)
	defer stopTyping()

	place, wait := b.gate.enter()
	if place > 0 {
		b.reply(ctx, r, message{text: r.t.queuedText(place)})
	}
	if err := wait(ctx); err != nil {
		return
	}
	key := chatKey(r.chatID)
	st := b.newStream(ctx, r)
	ans, err := b.core.Ask(ctx, bot.Question{
		Text:      question,
		History:   b.convs.Turns(key),
		OnPartial: st.partial,
	})
	b.gate.leave()
	placeholder := st.stop()
	if err != nil {
		if errors.Is(ctx.Err(), context.Canceled) {
			return
		}
		b.log.Warn("answer failed", "chat", r.chatID, "err", err)
		m := message{text: bot.UserMessage(err, r.t.lang)}
		b.deliver(ctx, r, placeholder, m, nil)
		return
	}
	b.served.Add(1)
	turn := bot.Turn{Question: question, Answer: ans, At: b.now()}
	b.convs.Append(key, turn)
	b.saveState()
	b.deliver(ctx, r, placeholder, renderAnswer(ans, r.t), sourceKeyboard(ans, turn.At))
}

// deliver sends the final message, editing the streaming placeholder into
// it when there is one.
func (b *Bot) deliver(ctx context.Context, r request, placeholder int, m message, markup models.ReplyMarkup) {
	opts := sendOptions{replyTo: r.replyTo}
	if markup != nil {
		opts.markup = markup
	}
	if placeholder != 0 {
		if err := b.send.replace(ctx, r.chatID, placeholder, m, opts); err != nil {
			b.log.Warn("deliver answer", "chat", r.chatID, "err", err)
		}
		return
	}
	if _, err := b.send.send(ctx, r.chatID, m, opts); err != nil {
		b.log.Warn("deliver answer", "chat", r.chatID, "err", err)
	}
}

// answerKey names an answer in callback data: its time in base-36
// milliseconds, short and found again in the persisted turns.
func answerKey(at time.Time) string { return strconv.FormatInt(at.UnixMilli(), 36) }

// sourceKeyboard is the row of [n] buttons under an answer, one per
// verified citation; nil when there is none. Callback data is
// "src:<answer key>:<n>", far below Telegram's 64 bytes.
func sourceKeyboard(a bot.Answer, at time.Time) models.ReplyMarkup {
	cites := verified(a)
	if !a.Found || len(cites) == 0 {
		return nil
	}
	var rows [][]models.InlineKeyboardButton
	var row []models.InlineKeyboardButton
	for _, c := range cites {
		row = append(row, models.InlineKeyboardButton{
			Text:         "[" + strconv.Itoa(c.N) + "]",
			CallbackData: "src:" + answerKey(at) + ":" + strconv.Itoa(c.N),
		})
		if len(row) == 8 {
			rows = append(rows, row)
			row = nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
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
// private chats, a placeholder message edited at a throttled pace in groups.
// Drafts and placeholder are plain text; only the final message carries
// formatting and verified quotes.
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
	// placeholder is the group message being edited (0 until sent).
	placeholder int
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

// stop ends streaming and returns the placeholder message id (0 if none).
func (s *stream) stop() int {
	close(s.done)
	<-s.finished
	return s.placeholder
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
		s.show(ctx, truncateUnits(text, MaxMessageUnits))
		t := time.NewTimer(s.every)
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

// show sends one draft state; after an error streaming stops quietly (the
// final answer is still delivered).
func (s *stream) show(ctx context.Context, text string) {
	var err error
	switch {
	case s.r.private:
		err = s.b.send.draft(ctx, s.r.chatID, s.draftID, text)
	case s.placeholder == 0:
		var sent []*models.Message
		sent, err = s.b.send.send(ctx, s.r.chatID, message{text: text}, sendOptions{replyTo: s.r.replyTo})
		if len(sent) > 0 {
			s.placeholder = sent[0].ID
		}
	default:
		err = s.b.send.edit(ctx, s.r.chatID, s.placeholder, text, false, nil)
	}
	if err != nil && ctx.Err() == nil {
		s.b.log.Warn("stream partial answer", "chat", s.r.chatID, "err", err)
		s.mu.Lock()
		s.disabled = true
		s.mu.Unlock()
	}
}
