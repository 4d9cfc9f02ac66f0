package telegram

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"verbatim/corpus"
	"verbatim/quotes"
)

// The pages of /quotes and /timeline.
const (
	// pageItems is the most quotations or timeline lines on one page.
	pageItems = 5
	// pageUnits is the most UTF-16 units of one page's text, under
	// Telegram's limit so that a page is edited in as one message.
	pageUnits = 3800
	// pageDataPrefix starts the callback data of a page button:
	// "qp:<page>", far below Telegram's 64 bytes. The command is read
	// again from the message the page replies to, so that the buttons
	// keep working across restarts without any state.
	pageDataPrefix = "qp:"
)

// quoteTexts are the words of /quotes, /timeline and /check in one
// interface language.
type quoteTexts struct {
	usageQuotes, usageTimeline, usageCheck string
	noQuotes, noQuotesTopic, noTimeline    string
	quotesHead, timelineHead               string
	exact, altered, notFound               string
	kinds                                  map[string]string
	expired, unavailable                   string
}

var quoteTextsEN = quoteTexts{
	usageQuotes:   "Usage: /quotes NAME [topic], e.g. /quotes Maria Zakharova sanctions",
	usageTimeline: "Usage: /timeline topic, e.g. /timeline Sandy in November",
	usageCheck:    "Usage: /check TEXT, or forward me the message to check.",
	noQuotes:      "No quotation of %s in the archive.",
	noQuotesTopic: "No quotation of %s about “%s” in the archive.",
	noTimeline:    "No dated article about “%s” in the archive.",
	quotesHead:    "<b>%s</b>: %s, newest first",
	timelineHead:  "<b>%s</b>: %s, %s",
	exact:         "✅ <b>Exact</b>: the archive has these words.",
	altered:       "⚠️ <b>Altered</b> (%s): the source says something else.",
	notFound:      "❌ <b>Not found</b>: nothing in the archive is close to this text.",
	kinds: map[string]string{
		quotes.KindNumber: "a number changed", quotes.KindNegationAdded: "a negation added", quotes.KindNegationDropped: "a negation removed",
		quotes.KindReplaced: "words replaced", quotes.KindAdded: "words added", quotes.KindDropped: "words dropped",
		quotes.KindCut: "a cut", quotes.KindSpliced: "two passages spliced",
	},
	expired:     "This list is no longer available: send the command again.",
	unavailable: "The archive cannot be searched this way right now.",
}

var quoteTextsFR = quoteTexts{
	usageQuotes:   "Usage : /quotes NOM [sujet], par exemple /quotes Maria Zakharova sanctions",
	usageTimeline: "Usage : /timeline sujet, par exemple /timeline Sandy en novembre",
	usageCheck:    "Usage : /check TEXTE, ou transférez-moi le message à vérifier.",
	noQuotes:      "Aucune citation de %s dans les archives.",
	noQuotesTopic: "Aucune citation de %s sur « %s » dans les archives.",
	noTimeline:    "Aucun article daté sur « %s » dans les archives.",
	quotesHead:    "<b>%s</b> : %s, des plus récentes aux plus anciennes",
	timelineHead:  "<b>%s</b> : %s, %s",
	exact:         "✅ <b>Exact</b> : les archives contiennent ces mots.",
	altered:       "⚠️ <b>Modifié</b> (%s) : la source dit autre chose.",
	notFound:      "❌ <b>Introuvable</b> : rien dans les archives n’est proche de ce texte.",
	kinds: map[string]string{
		quotes.KindNumber: "un nombre changé", quotes.KindNegationAdded: "une négation ajoutée", quotes.KindNegationDropped: "une négation retirée",
		quotes.KindReplaced: "des mots remplacés", quotes.KindAdded: "des mots ajoutés", quotes.KindDropped: "des mots retirés",
		quotes.KindCut: "une coupe", quotes.KindSpliced: "deux passages raccordés",
	},
	expired:     "Cette liste n’est plus disponible : renvoyez la commande.",
	unavailable: "Les archives ne peuvent pas être consultées ainsi pour le moment.",
}

var quoteTextsDE = quoteTexts{
	usageQuotes:   "Aufruf: /quotes NAME [Thema], z. B. /quotes Maria Sacharowa Sanktionen",
	usageTimeline: "Aufruf: /timeline Thema, z. B. /timeline Sandy im November",
	usageCheck:    "Aufruf: /check TEXT, oder leiten Sie mir die zu prüfende Nachricht weiter.",
	noQuotes:      "Kein Zitat von %s im Archiv.",
	noQuotesTopic: "Kein Zitat von %s zu „%s“ im Archiv.",
	noTimeline:    "Kein datierter Artikel zu „%s“ im Archiv.",
	quotesHead:    "<b>%s</b>: %s, die neuesten zuerst",
	timelineHead:  "<b>%s</b>: %s, %s",
	exact:         "✅ <b>Wörtlich</b>: Das Archiv enthält genau diese Worte.",
	altered:       "⚠️ <b>Verändert</b> (%s): Die Quelle sagt etwas anderes.",
	notFound:      "❌ <b>Nicht gefunden</b>: Nichts im Archiv kommt diesem Text nahe.",
	kinds: map[string]string{
		quotes.KindNumber: "eine Zahl geändert", quotes.KindNegationAdded: "eine Verneinung hinzugefügt", quotes.KindNegationDropped: "eine Verneinung entfernt",
		quotes.KindReplaced: "Wörter ersetzt", quotes.KindAdded: "Wörter hinzugefügt", quotes.KindDropped: "Wörter weggelassen",
		quotes.KindCut: "eine Kürzung", quotes.KindSpliced: "zwei Stellen zusammengefügt",
	},
	expired:     "Diese Liste ist nicht mehr verfügbar: Senden Sie den Befehl erneut.",
	unavailable: "Das Archiv kann gerade nicht so durchsucht werden.",
}

var quoteTextsES = quoteTexts{
	usageQuotes:   "Uso: /quotes NOMBRE [tema], por ejemplo /quotes María Zajárova sanciones",
	usageTimeline: "Uso: /timeline tema, por ejemplo /timeline Sandy en noviembre",
	usageCheck:    "Uso: /check TEXTO, o reenvíeme el mensaje que quiere comprobar.",
	noQuotes:      "Ninguna cita de %s en el archivo.",
	noQuotesTopic: "Ninguna cita de %s sobre «%s» en el archivo.",
	noTimeline:    "Ningún artículo fechado sobre «%s» en el archivo.",
	quotesHead:    "<b>%s</b>: %s, de la más reciente a la más antigua",
	timelineHead:  "<b>%s</b>: %s, %s",
	exact:         "✅ <b>Exacta</b>: el archivo contiene estas palabras.",
	altered:       "⚠️ <b>Alterada</b> (%s): la fuente dice otra cosa.",
	notFound:      "❌ <b>No encontrada</b>: nada en el archivo se parece a este texto.",
	kinds: map[string]string{
		quotes.KindNumber: "un número cambiado", quotes.KindNegationAdded: "una negación añadida", quotes.KindNegationDropped: "una negación quitada",
		quotes.KindReplaced: "palabras sustituidas", quotes.KindAdded: "palabras añadidas", quotes.KindDropped: "palabras omitidas",
		quotes.KindCut: "un corte", quotes.KindSpliced: "dos pasajes empalmados",
	},
	expired:     "Esta lista ya no está disponible: envíe de nuevo el comando.",
	unavailable: "El archivo no se puede consultar así en este momento.",
}

var quoteTextsRU = quoteTexts{
	usageQuotes:   "Использование: /quotes ИМЯ [тема], например /quotes Мария Захарова санкции",
	usageTimeline: "Использование: /timeline тема, например /timeline Сэнди в ноябре",
	usageCheck:    "Использование: /check ТЕКСТ, или перешлите мне сообщение для проверки.",
	noQuotes:      "В архиве нет цитат: %s.",
	noQuotesTopic: "В архиве нет цитат (%s) на тему «%s».",
	noTimeline:    "В архиве нет датированных статей на тему «%s».",
	quotesHead:    "<b>%s</b>: %s, сначала новые",
	timelineHead:  "<b>%s</b>: %s, %s",
	exact:         "✅ <b>Дословно</b>: в архиве есть именно эти слова.",
	altered:       "⚠️ <b>Изменено</b> (%s): источник говорит иное.",
	notFound:      "❌ <b>Не найдено</b>: в архиве нет ничего близкого к этому тексту.",
	kinds: map[string]string{
		quotes.KindNumber: "изменено число", quotes.KindNegationAdded: "добавлено отрицание", quotes.KindNegationDropped: "убрано отрицание",
		quotes.KindReplaced: "заменены слова", quotes.KindAdded: "добавлены слова", quotes.KindDropped: "пропущены слова",
		quotes.KindCut: "сокращение", quotes.KindSpliced: "склеены два отрывка",
	},
	expired:     "Этот список больше недоступен: отправьте команду ещё раз.",
	unavailable: "Сейчас архив нельзя просмотреть таким образом.",
}

// quoteTextsFor returns the texts of the quotation commands for t's
// language (English for a language without them).
func quoteTextsFor(t *texts) *quoteTexts {
	switch t.lang {
	case "fr":
		return &quoteTextsFR
	case "de":
		return &quoteTextsDE
	case "es":
		return &quoteTextsES
	case "ru":
		return &quoteTextsRU
	}
	return &quoteTextsEN
}

// isQuoteCommand reports whether name is /quotes, /timeline or /check.
func isQuoteCommand(name string) bool {
	return name == "quotes" || name == "timeline" || name == "check"
}

// runQuoteCommand answers /quotes, /timeline and /check, for any allowed
// user. The pages of a long list reply to the command, whose text the
// page buttons read again.
func (b *Bot) runQuoteCommand(ctx context.Context, r request, cmd command) {
	qt := quoteTextsFor(r.t)
	args := cmd.Args
	if cmd.Name == "check" && args == "" && r.msg != nil && r.msg.ReplyToMessage != nil {
		// "/check" in reply to the message to check.
		args = strings.TrimSpace(r.msg.ReplyToMessage.Text)
	}
	if args == "" {
		usage := map[string]string{"quotes": qt.usageQuotes, "timeline": qt.usageTimeline, "check": qt.usageCheck}[cmd.Name]
		b.reply(ctx, r, message{text: usage})
		return
	}
	if !b.rateOK(r) {
		return
	}
	if cmd.Name == "check" {
		b.checkText(ctx, r, args)
		return
	}
	pages, err := b.quotePages(ctx, cmd.Name, args, r.t)
	if err != nil {
		b.log.Warn(cmd.Name+" failed", "chat", r.chatID, "err", err)
		b.reply(ctx, r, message{text: qt.unavailable})
		return
	}
	replyTo := r.replyTo
	if r.msg != nil && len(pages) > 1 {
		replyTo = r.msg.ID
	}
	if _, err := b.send.send(ctx, r.chatID, message{text: pages[0], isHTML: true}, sendOptions{replyTo: replyTo, markup: pageKeyboard(0, len(pages))}); err != nil {
		b.log.Warn("send reply", "chat", r.chatID, "err", err)
	}
}

// quotePages renders the result of /quotes or /timeline with args as
// pages of HTML, at least one.
func (b *Bot) quotePages(ctx context.Context, name, args string, t *texts) ([]string, error) {
	qt := quoteTextsFor(t)
	switch name {
	case "quotes":
		s, who, topic, err := quotes.BySpeakerArgs(ctx, b.library(), args)
		if err != nil {
			return nil, err
		}
		if len(s.Quotes) == 0 {
			if topic != "" {
				return []string{fmt.Sprintf(escape(qt.noQuotesTopic), escape(who), escape(topic))}, nil
			}
			return []string{fmt.Sprintf(escape(qt.noQuotes), escape(who))}, nil
		}
		head := fmt.Sprintf(qt.quotesHead, escape(s.Speaker), t.count(len(s.Quotes), "quotation"))
		items := make([]string, len(s.Quotes))
		for i, q := range s.Quotes {
			items[i] = "<blockquote>" + escape(q.Quote) + "</blockquote>\n— " + escape(q.Speaker) + ", " + sourceLine(q.Title, q.URL, q.When, t.lang)
		}
		return paginate(head, items), nil
	case "timeline":
		lib, ok := b.library().(quotes.Library)
		if !ok {
			return []string{escape(qt.unavailable)}, nil
		}
		c, err := quotes.Timeline(ctx, lib, args, b.now())
		if err != nil {
			return nil, err
		}
		if len(c.Entries) == 0 {
			return []string{fmt.Sprintf(escape(qt.noTimeline), escape(args))}, nil
		}
		head := fmt.Sprintf(qt.timelineHead, escape(c.Topic), t.articles(len(c.Entries)), escape(c.Span(t.lang)))
		items := make([]string, len(c.Entries))
		for i, e := range c.Entries {
			items[i] = "<b>" + escape(e.When.Display(t.lang)) + "</b> — " + sourceLine(e.Title, e.URL, corpus.Date{}, t.lang) +
				"\n<blockquote>" + escape(e.Quote) + "</blockquote>"
		}
		return paginate(head, items), nil
	}
	return nil, fmt.Errorf("no pages for /%s", name)
}

// paginate lays items out under head, at most pageItems and pageUnits a
// page, each page numbered when there are several. An item too long for
// a page of its own has a page of its own (the splitter cuts it when it
// is sent).
func paginate(head string, items []string) []string {
	var pages [][]string
	var cur []string
	units := utf16Len(head) + 20
	for _, it := range items {
		n := utf16Len(it) + 2
		if len(cur) > 0 && (len(cur) == pageItems || units+n > pageUnits) {
			pages = append(pages, cur)
			cur, units = nil, utf16Len(head)+20
		}
		cur = append(cur, it)
		units += n
	}
	pages = append(pages, cur)
	out := make([]string, len(pages))
	for i, p := range pages {
		h := head
		if len(pages) > 1 {
			h += fmt.Sprintf(" (%d/%d)", i+1, len(pages))
		}
		out[i] = h + "\n\n" + strings.Join(p, "\n\n")
	}
	return out
}

// pageKeyboard is the ◀ n/N ▶ row under page (0-based) of n pages; nil
// for a single page.
func pageKeyboard(page, n int) models.ReplyMarkup {
	if n <= 1 {
		return nil
	}
	var row []models.InlineKeyboardButton
	if page > 0 {
		row = append(row, models.InlineKeyboardButton{Text: "◀", CallbackData: pageDataPrefix + strconv.Itoa(page-1)})
	}
	row = append(row, models.InlineKeyboardButton{Text: fmt.Sprintf("%d/%d", page+1, n), CallbackData: pageDataPrefix + strconv.Itoa(page)})
	if page+1 < n {
		row = append(row, models.InlineKeyboardButton{Text: "▶", CallbackData: pageDataPrefix + strconv.Itoa(page+1)})
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{row}}
}

// onPageCallback turns the page of a /quotes or /timeline list on a page
// button press; it reports whether the press was a page button.
func (b *Bot) onPageCallback(ctx context.Context, q *models.CallbackQuery) bool {
	rest, ok := strings.CutPrefix(q.Data, pageDataPrefix)
	if !ok {
		return false
	}
	t := textsFor(q.From.LanguageCode)
	answer := func(text string) {
		if err := b.send.answerCallback(ctx, q.ID, text); err != nil {
			b.log.Warn("answer callback", "err", err)
		}
	}
	page, err := strconv.Atoi(rest)
	msg := q.Message.Message
	if err != nil || page < 0 || msg == nil || !b.allowed(q.From.ID, msg.Chat.ID) {
		answer("")
		return true
	}
	var cmd command
	if msg.ReplyToMessage != nil {
		cmd, ok = parseCommand(msg.ReplyToMessage.Text)
	}
	if !ok || (cmd.Name != "quotes" && cmd.Name != "timeline") || cmd.Args == "" {
		answer(quoteTextsFor(t).expired)
		return true
	}
	pages, err := b.quotePages(ctx, cmd.Name, cmd.Args, t)
	if err != nil || page >= len(pages) {
		answer(quoteTextsFor(t).expired)
		return true
	}
	answer("")
	m, markup := message{text: pages[page], isHTML: true}, pageKeyboard(page, len(pages))
	if len(m.pieces()) > 1 {
		// A page too long for one message (one long quotation): sent
		// anew, split, replying to the command like the first page.
		if _, err := b.send.send(ctx, msg.Chat.ID, m, sendOptions{replyTo: msg.ReplyToMessage.ID, markup: markup}); err != nil {
			b.log.Warn("send page", "chat", msg.Chat.ID, "err", err)
		}
		return true
	}
	if err := b.send.edit(ctx, msg.Chat.ID, msg.ID, pages[page], true, markup); err != nil && !isNotModified(err) {
		b.log.Warn("turn page", "chat", msg.Chat.ID, "err", err)
	}
	return true
}

// checkText answers /check or a forwarded message: where the text comes
// from, exact, altered (the source's words with the changes marked:
// struck out what the text dropped, underlined what it put instead) or
// not found.
func (b *Bot) checkText(ctx context.Context, r request, text string) {
	qt := quoteTextsFor(r.t)
	lib, ok := b.library().(quotes.Library)
	if !ok {
		b.reply(ctx, r, message{text: qt.unavailable})
		return
	}
	c, err := quotes.Check(ctx, lib, text)
	if err != nil {
		b.log.Warn("check failed", "chat", r.chatID, "err", err)
		b.reply(ctx, r, message{text: qt.unavailable})
		return
	}
	b.reply(ctx, r, renderChecked(c, lib, r.t))
}

// renderChecked writes a verdict of quotes.Check for Telegram.
func renderChecked(c quotes.Checked, lib quotes.Library, t *texts) message {
	qt := quoteTextsFor(t)
	var b strings.Builder
	switch c.Verdict {
	case quotes.NotFound:
		return message{text: qt.notFound, isHTML: true}
	case quotes.Exact:
		b.WriteString(qt.exact)
	default:
		var kinds []string
		if len(c.Matches) > 0 {
			for _, k := range c.Matches[0].Kinds {
				if s, ok := qt.kinds[k]; ok {
					kinds = append(kinds, s)
				} else {
					kinds = append(kinds, k)
				}
			}
		}
		b.WriteString(fmt.Sprintf(qt.altered, escape(strings.Join(kinds, ", "))))
	}
	for _, m := range c.Matches {
		quote, added := markChanges(m)
		b.WriteString("\n\n<blockquote>" + quote + "</blockquote>\n")
		if added != "" {
			b.WriteString("+ " + added + "\n")
		}
		b.WriteString("— ")
		if m.Speaker != "" {
			b.WriteString(escape(m.Speaker) + ", ")
		}
		date := corpus.Date{}
		if art, ok := lib.Article(m.DocID); ok {
			date = art.Date
		}
		b.WriteString(sourceLine(m.Title, m.URL, date, t.lang))
	}
	return message{text: b.String(), isHTML: true}
}

// markChanges writes the source's words of m with each change marked:
// the source's words the text dropped or replaced struck out, the text's
// words in their place underlined after them; words the text added
// where the source has none follow the quotation, underlined.
func markChanges(m quotes.Match) (quote, added string) {
	var b strings.Builder
	var extra []string
	rest := m.Quote
	for _, ch := range m.Changes {
		k := -1
		if ch.Source != "" {
			k = strings.Index(rest, ch.Source)
		}
		if k < 0 {
			if ch.Text != "" {
				extra = append(extra, "<u>"+escape(ch.Text)+"</u>")
			}
			continue
		}
		b.WriteString(escape(rest[:k]) + "<s>" + escape(ch.Source) + "</s>")
		rest = rest[k+len(ch.Source):]
		if ch.Text != "" {
			b.WriteString(" <u>" + escape(ch.Text) + "</u>")
		}
	}
	b.WriteString(escape(rest))
	return b.String(), strings.Join(extra, " … ")
}
