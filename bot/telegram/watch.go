package telegram

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"verbatim/watch"
)

// WatchStore keeps the chats' watches (/watch, /watches, /unwatch).
type WatchStore interface {
	Add(ctx context.Context, w watch.Watch) (watch.Watch, error)
	List(ctx context.Context, chat int64, all bool) ([]watch.Watch, error)
	Remove(ctx context.Context, chat, id int64) error
}

// maxWatchesPerChat bounds a chat's watches.
const maxWatchesPerChat = 50

// watchTexts are the watch commands' texts in one language.
type watchTexts struct {
	usage, added, none, list, removed, noSuch, adminsOnly, tooMany, alertHead, stop, stopped, off string
}

var watchTextsEN = watchTexts{
	usage:      "Usage: /watch QUESTION OR TOPIC: I will send a verified answer as soon as new articles answer it. /watches lists them, /unwatch N stops one.",
	added:      "Watch %d added: %s\nI will alert this chat when new articles answer it.",
	none:       "No watches in this chat. Add one with /watch QUESTION.",
	list:       "Watches of this chat:",
	removed:    "Watch %d removed: %s",
	noSuch:     "No watch %s here: /watches numbers them 1 to %d.",
	adminsOnly: "In a group, only the chat's administrators can change its watches.",
	tooMany:    "This chat already has %d watches: remove one with /unwatch N first.",
	alertHead:  "🔔 New articles answer your watch:",
	stop:       "Stop this watch",
	stopped:    "Watch stopped.",
	off:        "Watches are not available on this bot.",
}

var watchTextsFR = watchTexts{
	usage:      "Usage : /watch QUESTION OU SUJET : j'enverrai une réponse vérifiée dès que de nouveaux articles y répondent. /watches les liste, /unwatch N en arrête une.",
	added:      "Veille %d ajoutée : %s\nJ'alerterai cette conversation quand de nouveaux articles y répondront.",
	none:       "Aucune veille dans cette conversation. Ajoutez-en une avec /watch QUESTION.",
	list:       "Veilles de cette conversation :",
	removed:    "Veille %d supprimée : %s",
	noSuch:     "Pas de veille %s ici : /watches les numérote de 1 à %d.",
	adminsOnly: "Dans un groupe, seuls les administrateurs peuvent changer ses veilles.",
	tooMany:    "Cette conversation a déjà %d veilles : supprimez-en une avec /unwatch N d'abord.",
	alertHead:  "🔔 De nouveaux articles répondent à votre veille :",
	stop:       "Arrêter cette veille",
	stopped:    "Veille arrêtée.",
	off:        "Les veilles ne sont pas disponibles sur ce bot.",
}

func watchTextsFor(lang string) *watchTexts {
	if lang == "fr" {
		return &watchTextsFR
	}
	return &watchTextsEN
}

// cmdWatch runs /watch, /watches and /unwatch.
func (b *Bot) cmdWatch(ctx context.Context, r request, cmd command) {
	wt := watchTextsFor(r.t.lang)
	store := b.cfg.Watches
	if store == nil {
		b.reply(ctx, r, message{text: wt.off})
		return
	}
	if cmd.Name != "watches" && !r.private && !b.chatAdmin(ctx, r.chatID, r.user.ID) {
		b.reply(ctx, r, message{text: wt.adminsOnly})
		return
	}
	ws, err := store.List(ctx, r.chatID, false)
	if err != nil {
		b.log.Error("list watches", "chat", r.chatID, "err", err)
		b.reply(ctx, r, message{text: r.t.notAvailable})
		return
	}
	switch cmd.Name {
	case "watch":
		text := strings.Join(strings.Fields(cmd.Args), " ")
		switch {
		case text == "":
			b.reply(ctx, r, message{text: wt.usage})
			return
		case len(ws) >= maxWatchesPerChat:
			b.reply(ctx, r, message{text: fmt.Sprintf(wt.tooMany, len(ws))})
			return
		}
		if len(text) > 500 {
			text = cutAtWord(text, 500)
		}
		if _, err := store.Add(ctx, watch.Watch{Chat: r.chatID, Text: text, Created: b.now()}); err != nil {
			b.log.Error("add watch", "chat", r.chatID, "err", err)
			b.reply(ctx, r, message{text: r.t.notAvailable})
			return
		}
		b.reply(ctx, r, message{text: fmt.Sprintf(wt.added, len(ws)+1, text)})
	case "watches":
		if len(ws) == 0 {
			b.reply(ctx, r, message{text: wt.none})
			return
		}
		lines := []string{wt.list}
		for i, w := range ws {
			lines = append(lines, fmt.Sprintf("%d. %s (%s)", i+1, w.Text, firedText(w.LastFired, r.t.lang)))
		}
		b.reply(ctx, r, message{text: strings.Join(lines, "\n")})
	case "unwatch":
		n, err := strconv.Atoi(cmd.Args)
		if err != nil || n < 1 || n > len(ws) {
			b.reply(ctx, r, message{text: fmt.Sprintf(wt.noSuch, strconv.Quote(cmd.Args), len(ws))})
			return
		}
		if err := store.Remove(ctx, r.chatID, ws[n-1].ID); err != nil && !errors.Is(err, watch.ErrNotFound) {
			b.log.Error("remove watch", "chat", r.chatID, "err", err)
			b.reply(ctx, r, message{text: r.t.notAvailable})
			return
		}
		b.reply(ctx, r, message{text: fmt.Sprintf(wt.removed, n, ws[n-1].Text)})
	}
}

// firedText says when a watch last fired.
func firedText(t time.Time, lang string) string {
	switch {
	case t.IsZero() && lang == "fr":
		return "jamais déclenchée"
	case t.IsZero():
		return "never fired"
	case lang == "fr":
		return "dernière alerte " + t.UTC().Format("2006-01-02 15:04 UTC")
	}
	return "last fired " + t.UTC().Format("2006-01-02 15:04 UTC")
}

// chatAdmin reports whether user administers the group chat (Bot API
// getChatMember); a failed call counts as no.
func (b *Bot) chatAdmin(ctx context.Context, chat, user int64) bool {
	var m *models.ChatMember
	err := b.send.call(ctx, "getChatMember", chat, func(ctx context.Context) error {
		var err error
		m, err = b.api.GetChatMember(ctx, &tgbot.GetChatMemberParams{ChatID: chat, UserID: user})
		return err
	})
	if err != nil {
		b.log.Warn("get chat member", "chat", chat, "err", err)
		return false
	}
	return m.Type == models.ChatMemberTypeOwner || m.Type == models.ChatMemberTypeAdministrator
}

// SendAlert sends an alert to its watch's chat: the watch, then the
// verified answer from the new articles (quotes with dates and sources),
// with a button to stop the watch.
func (b *Bot) SendAlert(ctx context.Context, a watch.Alert) error {
	t := textsFor(a.Answer.Lang)
	wt := watchTextsFor(t.lang)
	body := renderAnswer(a.Answer, t)
	head := wt.alertHead + " <b>" + escape(a.Watch.Text) + "</b>"
	if !body.isHTML {
		body.text = escape(body.text)
	}
	m := message{text: head + "\n\n" + body.text, isHTML: true}
	markup := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{
		{Text: wt.stop, CallbackData: "unwatch:" + strconv.FormatInt(a.Watch.ID, 10)},
	}}}
	_, err := b.send.send(ctx, a.Watch.Chat, m, sendOptions{markup: markup})
	return err
}

// onUnwatchButton handles a press on an alert's stop button: the watch is
// removed when the one pressing may change the chat's watches. It reports
// whether the press was such a button.
func (b *Bot) onUnwatchButton(ctx context.Context, q *models.CallbackQuery) bool {
	rest, ok := strings.CutPrefix(q.Data, "unwatch:")
	if !ok {
		return false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	var chat int64
	private := false
	if msg := q.Message.Message; msg != nil {
		chat, private = msg.Chat.ID, msg.Chat.Type == models.ChatTypePrivate
	}
	wt := watchTextsFor(textsFor(q.From.LanguageCode).lang)
	answer := ""
	switch {
	case err != nil || chat == 0 || b.cfg.Watches == nil || !b.allowed(q.From.ID, chat):
	case !private && !b.chatAdmin(ctx, chat, q.From.ID):
		answer = wt.adminsOnly
	default:
		if err := b.cfg.Watches.Remove(ctx, chat, id); err != nil && !errors.Is(err, watch.ErrNotFound) {
			b.log.Error("remove watch", "chat", chat, "err", err)
		} else {
			answer = wt.stopped
		}
	}
	if err := b.send.answerCallback(ctx, q.ID, answer); err != nil {
		b.log.Warn("answer callback", "err", err)
	}
	return true
}
