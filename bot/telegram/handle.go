package telegram

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// onUpdate is the library's only handler. It runs on the update loop (one
// worker, synchronous), so it only classifies the update and queues work:
// per-chat FIFO for messages, a background task for button presses.
func (b *Bot) onUpdate(ctx context.Context, _ *tgbot.Bot, upd *models.Update) {
	b.log.Debug("update received", "update_id", upd.ID, "message", upd.Message != nil, "callback", upd.CallbackQuery != nil)
	if !b.firstSeen(ctx, upd.ID) {
		b.log.Info("update delivered again: ignored", "update_id", upd.ID)
		return
	}
	if upd.ID > b.lastUpdate.Load() {
		b.lastUpdate.Store(upd.ID)
	}
	switch {
	case upd.Message != nil:
		b.onMessage(upd.Message)
	case upd.CallbackQuery != nil:
		q := upd.CallbackQuery
		if b.stopping.Load() || !b.tasks.goTracked(func() { b.onCallback(b.workCtx, q) }) {
			b.callbackRestarting(q)
		}
	}
}

// callbackRestarting answers a button pressed during shutdown with the
// "restarting, ask again" text, so that the press is not lost silently (a
// callback query cannot be kept for after the restart: it expires).
func (b *Bot) callbackRestarting(q *models.CallbackQuery) {
	answer := func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(b.workCtx), 5*time.Second)
		defer cancel()
		if err := b.send.answerCallback(ctx, q.ID, textsFor(q.From.LanguageCode).restartingText()); err != nil {
			b.log.Warn("answer callback during shutdown", "err", err)
		}
	}
	if !b.tasks.goTracked(answer) {
		answer()
	}
}

// request is one message addressed to the bot.
type request struct {
	chatID  int64
	private bool
	msg     *models.Message
	user    *models.User
	t       *texts
	// replyTo is the message to reply to in groups (0 in private chats).
	replyTo int
}

// onMessage decides whether a message is for the bot and queues it.
func (b *Bot) onMessage(msg *models.Message) {
	if b.addRequest(msg) {
		return
	}
	b.accept(msg, false)
}

// accept classifies msg and queues its job. A replayed message (held at the
// last shutdown) was already admitted and counted by the rate limiter.
func (b *Bot) accept(msg *models.Message, replayed bool) {
	if msg.From == nil || msg.From.IsBot || msg.Text == "" {
		return
	}
	var private bool
	switch msg.Chat.Type {
	case models.ChatTypePrivate:
		private = true
	case models.ChatTypeGroup, models.ChatTypeSupergroup:
	default:
		return
	}
	// A command is answered in the conversation's language; a question,
	// below, in its own.
	r := request{chatID: msg.Chat.ID, private: private, msg: msg, user: msg.From,
		t: textsFor(replyLang("", b.convLang(msg.Chat.ID), msg.From.LanguageCode))}
	if !private {
		r.replyTo = msg.ID
	}

	cmd, isCmd := parseCommand(msg.Text)
	if isCmd && !cmd.forUs(b.me.Username) {
		return
	}
	if isCmd && cmd.Name != "ask" {
		if !private && cmd.Target == "" && !knownCommand(cmd.Name) {
			// "/foo" in a group is probably another bot's.
			return
		}
		if !b.admitted(r) {
			return
		}
		if cmd.Name == "reindex" {
			// Runs in the background, outside the chat's queue.
			b.cmdReindex(r)
			return
		}
		b.queueMessage(r, msg, func(ctx context.Context) { b.runCommand(ctx, r, cmd) })
		return
	}

	if !isCmd && private && msg.ForwardOrigin != nil {
		// A forwarded message is checked against the archive.
		if b.admitted(r) {
			b.queueMessage(r, msg, func(ctx context.Context) { b.runQuoteCommand(ctx, r, command{Name: "check", Args: msg.Text}) })
		}
		return
	}
	var question string
	switch {
	case isCmd: // /ask
		question = cmd.Args
	case private:
		question = msg.Text
	default:
		q, ok := addressed(msg, b.me)
		if !ok {
			return
		}
		question = q
	}
	if !strings.HasPrefix(question, "/") {
		r.t = textsFor(replyLang(question, b.convLang(msg.Chat.ID), msg.From.LanguageCode))
	}
	if !b.admitted(r) {
		return
	}
	if strings.HasPrefix(question, "/") {
		// A lone "/" or a slash word that is no command ("/?", "/ x") is
		// not a question: answering it would answer the previous one again.
		b.queueMessage(r, msg, func(ctx context.Context) { b.runCommand(ctx, r, command{Name: "help"}) })
		return
	}
	if question == "" {
		b.queue(r, func(ctx context.Context) { b.reply(ctx, r, message{text: r.t.usageAsk}) })
		return
	}
	if !replayed && !b.rateOK(r) {
		return
	}
	b.queueMessage(r, msg, func(ctx context.Context) { b.ask(ctx, r, question) })
}

// knownCommand reports whether name is one of the bot's commands.
func knownCommand(name string) bool {
	switch name {
	case "start", "help", "ask", "sources", "source", "search", "latest", "stats", "reindex", "quotes", "timeline", "check",
		"watch", "watches", "unwatch":
		return true
	}
	return false
}

// queue runs a notice in the chat's FIFO queue with the work context.
func (b *Bot) queue(r request, job func(ctx context.Context)) {
	if ok, _ := b.tasks.enqueue(r.chatID, nil, func() { job(b.workCtx) }); !ok {
		b.log.Warn("chat queue full or closed, notice not sent", "chat", r.chatID)
	}
}

// queueMessage runs the job answering msg in the chat's FIFO queue with
// the work context. Held at shutdown, msg is handled again after the
// restart. A message queued behind others is told its place and the
// expected wait (see noticeLater). When the chat's queue is full the user
// is told, at once, when the queue will have been answered: nothing is
// dropped silently.
func (b *Bot) queueMessage(r request, msg *models.Message, job func(ctx context.Context)) {
	ok, waiting := b.tasks.enqueue(r.chatID, msg, func() {
		start := b.now()
		job(b.workCtx)
		b.jobTime.observe(b.now().Sub(start))
	})
	if ok {
		b.noticeLater(r)
		return
	}
	// Each waiting job and the running one take about one job's time.
	wait := time.Duration(waiting+1) * b.perAnswer(r.private)
	// Rounded up: asking again too early meets the same refusal.
	wait = min(max((wait+5*time.Second-1)/(5*time.Second)*(5*time.Second), 5*time.Second), 10*time.Minute)
	b.log.Info("chat queue full, question refused", "chat", r.chatID, "waiting", waiting, "ask_again_in", wait.Seconds())
	if !b.tasks.goTracked(func() { b.reply(b.workCtx, r, message{text: r.t.busyText(wait)}) }) {
		b.hold(r)
	}
}

// defaultAnswerTime is the answer time assumed before any was measured.
const defaultAnswerTime = 15 * time.Second

// isAdmin reports whether user may run admin commands.
func (b *Bot) isAdmin(user int64) bool { return slices.Contains(b.cfg.AdminIDs, user) }

// allowed reports whether user in chat may be served.
func (b *Bot) allowed(user, chat int64) bool {
	if b.isAdmin(user) || len(b.cfg.AllowedUserIDs) == 0 && len(b.cfg.AllowedChatIDs) == 0 {
		return true
	}
	return slices.Contains(b.cfg.AllowedUserIDs, user) || slices.Contains(b.cfg.AllowedChatIDs, chat)
}

// admitted applies AllowedUserIDs and AllowedChatIDs. A refused user (in a
// private chat) or group gets one polite refusal, then silence.
func (b *Bot) admitted(r request) bool {
	if b.allowed(r.user.ID, r.chatID) {
		return true
	}
	key := r.user.ID
	if !r.private {
		key = r.chatID
	}
	b.refusedMu.Lock()
	first := !b.refused[key]
	b.refused[key] = true
	b.refusedMu.Unlock()
	b.log.Info("refused a user not allowed", "user", r.user.ID, "chat", r.chatID, "first", first)
	b.cfg.Observer.Refused()
	if first {
		b.queue(r, func(ctx context.Context) { b.reply(ctx, r, message{text: r.t.refused}) })
	}
	return false
}

// rateOK applies the per-user rate limit, telling the user once to slow
// down.
func (b *Bot) rateOK(r request) bool {
	ok, warn := b.limiter.Allow(r.user.ID)
	if ok {
		return true
	}
	b.log.Info("rate limited", "user", r.user.ID, "chat", r.chatID)
	b.cfg.Observer.Refused()
	if warn {
		// Said once: the questions dropped from now on must not meet
		// silence, nor the ones accepted look dropped.
		text := r.t.slowDownText(b.limiter.Wait(r.user.ID)) + " " + r.t.floodText(b.tasks.from(r.chatID, r.user.ID))
		b.queue(r, func(ctx context.Context) { b.reply(ctx, r, message{text: text}) })
	}
	return false
}

// reply sends m in r's chat (as a reply in groups), logging failures. Like
// answers, a reply Telegram defers with a long retry_after, or one for a
// chat whose answers wait in the outbox, is delivered from the outbox.
func (b *Bot) reply(ctx context.Context, r request, m message) []*models.Message {
	if b.outbox.holds(ctx, r.chatID) {
		b.deferDelivery(ctx, &delivery{Chat: r.chatID, ReplyTo: r.replyTo, Pieces: m.pieces(), HTML: m.isHTML}, 0)
		return nil
	}
	sent, err := b.send.send(ctx, r.chatID, m, sendOptions{replyTo: r.replyTo})
	if wait := retryAfter(err); wait > 0 {
		d := &delivery{Chat: r.chatID, ReplyTo: r.replyTo, Pieces: m.pieces()[len(sent):], HTML: m.isHTML}
		if len(sent) > 0 {
			d.ReplyTo = 0
		}
		b.deferDelivery(ctx, d, wait)
		return sent
	}
	if err != nil {
		b.log.Warn("send reply", "chat", r.chatID, "err", err)
	}
	return sent
}

// chatKey keys a chat's conversation state.
func chatKey(chatID int64) string { return strconv.FormatInt(chatID, 10) }
