package telegram

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/retrieval"
)

// helpExamples is the number of example questions /help shows, drawn from
// the exampleArticles newest articles.
const (
	helpExamples    = 2
	exampleArticles = 500
)

// runCommand answers one slash command (all but /ask and /reindex).
func (b *Bot) runCommand(ctx context.Context, r request, cmd command) {
	t := r.t
	switch cmd.Name {
	case "start", "help":
		lib := b.library()
		var admin []string // shown in an admin's private chat, as their menu
		if r.private && b.isAdmin(r.user.ID) {
			admin = b.adminCommands()
		}
		b.reply(ctx, r, renderHelp(lib.Info(), bot.ExampleQuestions(lib.Newest(exampleArticles), t.lang, helpExamples), t, admin...))
	case "sources":
		turn, ok := b.convs.Last(chatKey(r.chatID))
		if !ok || len(turn.Answer.Citations) == 0 {
			b.reply(ctx, r, message{text: t.noLastAnswer})
			return
		}
		b.reply(ctx, r, renderSources(turn.Answer, t))
	case "source":
		n, err := strconv.Atoi(cmd.Args)
		if err != nil || n < 1 {
			b.reply(ctx, r, message{text: t.usageSource})
			return
		}
		turn, ok := b.convs.Last(chatKey(r.chatID))
		if !ok {
			b.reply(ctx, r, message{text: t.noLastAnswer})
			return
		}
		b.reply(ctx, r, b.passageMessage(turn.Answer, n, t))
	case "search":
		if cmd.Args == "" {
			b.reply(ctx, r, message{text: t.usageSearch})
			return
		}
		if !b.rateOK(r) {
			return
		}
		results, err := b.core.Search(ctx, cmd.Args, 5)
		if err != nil {
			b.log.Warn("search failed", "chat", r.chatID, "err", err)
			b.reply(ctx, r, message{text: bot.UserMessage(err, t.lang)})
			return
		}
		b.reply(ctx, r, renderSearch(results, cmd.Args, t))
	case "latest":
		articles := b.library().Newest(10)
		b.reply(ctx, r, b.withFeeds(renderLatest(articles, t), t))
	case "watch", "watches", "unwatch":
		b.cmdWatch(ctx, r, cmd)
	case "quotes", "timeline", "check":
		b.runQuoteCommand(ctx, r, cmd)
	case "stats":
		if !b.isAdmin(r.user.ID) {
			b.reply(ctx, r, message{text: t.notAvailable})
			return
		}
		b.reply(ctx, r, b.withFeeds(b.statsMessage(t), t))
	default:
		// An unknown command gets the help, not silence nor an answer.
		b.reply(ctx, r, message{text: t.notAvailable})
		b.runCommand(ctx, r, command{Name: "help"})
	}
}

// statsMessage is the admin /stats text.
func (b *Bot) statsMessage(t *texts) message {
	info := b.library().Info()
	model := b.cfg.Model
	if model == "" {
		model = t.unknownModel
	}
	embedder := info.Embedder
	if info.Model != "" {
		embedder += " (" + info.Model + ")"
	}
	built, age := "—", "—"
	if !info.BuiltAt.IsZero() {
		built = info.BuiltAt.UTC().Format("2006-01-02 15:04 UTC")
		age = t.ago(b.now().Sub(info.BuiltAt))
	}
	text := fmt.Sprintf(t.stats, info.Articles, info.Chunks, built, age, b.served.Load(), embedder, model)
	if b.cfg.ReindexStatus != nil {
		switch st := b.cfg.ReindexStatus(); {
		case !st.Running.IsZero():
			text += "\n" + fmt.Sprintf(t.reindexRunning, st.Running.UTC().Format("2006-01-02 15:04 UTC"))
		case !st.Failed.IsZero():
			text += "\n" + fmt.Sprintf(t.reindexLastFailed, st.Failed.UTC().Format("2006-01-02 15:04 UTC"), st.Why)
		}
	}
	return message{text: text}
}

// ReindexStatus is a reindex seen by /stats: Running is when one still
// running started; else Failed is when the last one failed, and Why why
// (zero when it succeeded).
type ReindexStatus struct {
	Running, Failed time.Time
	Why             string
}

// passageMessage shows citation n of an answer in full.
func (b *Bot) passageMessage(a bot.Answer, n int, t *texts) message {
	var cite *bot.Citation
	for i := range a.Citations {
		if a.Citations[i].N == n {
			c := a.Citations[i] // the saved turn's is shared: not changed
			cite = &c
		}
	}
	if cite == nil {
		return message{text: fmt.Sprintf(t.noSuchSource, n, len(a.Citations))}
	}
	article := b.article(cite.DocID)
	if cite.Passage.Text == "" {
		// A turn saved before a restart: the chunk by its id.
		if ch, ok := b.library().Chunk(cite.ChunkID); ok && quoteAt(ch.Text, ch.Start, *cite) {
			cite.Passage = ch
		}
	}
	p, ok := locatePassage(*cite, article)
	if !ok {
		// Neither the passage nor the article is at hand: the quote alone.
		p = passage{Text: cite.Quote, Index: -1, Start: -1, End: -1, QuoteEnd: len(cite.Quote)}
	}
	return renderPassage(*cite, p, t)
}

// article returns an article of the current library by id, nil when it
// is gone.
func (b *Bot) article(id string) *corpus.Article {
	if a, ok := b.library().Article(id); ok {
		return &a
	}
	return nil
}

// onCallback handles a press on a [n] button: it acknowledges the press and
// sends the citation's full passage.
func (b *Bot) onCallback(ctx context.Context, q *models.CallbackQuery) {
	if b.onUnwatchButton(ctx, q) {
		return
	}
	if b.onPageCallback(ctx, q) {
		return
	}
	key, n, ok := parseSourceData(q.Data)
	msg := q.Message.Message
	var chatID int64
	if msg != nil {
		chatID = msg.Chat.ID
	} else if q.Message.InaccessibleMessage != nil {
		chatID = q.Message.InaccessibleMessage.Chat.ID
	}
	t := textsFor(replyLang("", b.convLang(chatID), q.From.LanguageCode))
	if !ok || chatID == 0 || !b.allowed(q.From.ID, chatID) {
		if err := b.send.answerCallback(ctx, q.ID, ""); err != nil {
			b.log.Warn("answer callback", "err", err)
		}
		return
	}
	var turn *bot.Turn
	for _, tr := range b.convs.Turns(chatKey(chatID)) {
		if answerKey(tr.At) == key {
			turn = &tr
		}
	}
	if turn == nil {
		if err := b.send.answerCallback(ctx, q.ID, t.expired); err != nil {
			b.log.Warn("answer callback", "err", err)
		}
		return
	}
	if err := b.send.answerCallback(ctx, q.ID, ""); err != nil {
		b.log.Warn("answer callback", "err", err)
	}
	r := request{chatID: chatID, private: msg != nil && msg.Chat.Type == models.ChatTypePrivate, user: &q.From, t: t}
	if msg != nil && !r.private {
		r.replyTo = msg.ID
	}
	b.reply(ctx, r, b.passageMessage(turn.Answer, n, t))
}

// cmdReindex starts the Reindexer in the background (admins only): one
// progress message, edited at a throttled pace, ends with the counts or the
// error. A second /reindex while one runs is refused.
func (b *Bot) cmdReindex(r request) {
	t := r.t
	if !b.isAdmin(r.user.ID) || b.reindex == nil {
		b.queue(r, func(ctx context.Context) { b.reply(ctx, r, message{text: t.notAvailable}) })
		return
	}
	if !b.reindexOn.CompareAndSwap(false, true) {
		b.queue(r, func(ctx context.Context) { b.reply(ctx, r, message{text: t.reindexBusy}) })
		return
	}
	started := b.tasks.goTracked(func() {
		defer b.reindexOn.Store(false) // also when the reindexer panics
		ctx := b.workCtx
		sent := b.reply(ctx, r, message{text: t.reindexStart})
		msgID := 0
		if len(sent) > 0 {
			msgID = sent[0].ID
		}
		var (
			mu       sync.Mutex
			shown    = -1
			lastEdit time.Time
		)
		progress := func(d, n int) {
			mu.Lock()
			due := msgID != 0 && d != shown && b.now().Sub(lastEdit) >= b.progressEvery
			if due {
				shown, lastEdit = d, b.now()
			}
			mu.Unlock()
			if due {
				if err := b.send.edit(ctx, r.chatID, msgID, fmt.Sprintf(t.reindexProg, d, n), false, nil); err != nil {
					b.log.Debug("reindex progress", "err", err)
				}
			}
		}
		b.log.Info("reindex started", "admin", r.user.ID)
		report, err := b.reindex(ctx, progress)
		b.cfg.Observer.Reindex(err)
		var final string
		if err != nil {
			b.log.Error("reindex failed", "err", err)
			final = fmt.Sprintf(t.reindexFailed, b.scrub.String(err.Error()))
		} else {
			b.log.Info("reindex done", "added", report.Added, "updated", report.Updated, "removed", report.Removed,
				"unchanged", report.Unchanged, "skipped", len(report.Skipped), "seconds", report.Seconds)
			final = fmt.Sprintf(t.reindexDone, report.Seconds, report.Added, report.Updated, report.Removed, report.Unchanged, len(report.Skipped))
			info := b.library().Info()
			final += "\n" + fmt.Sprintf(t.reindexSwap, t.articles(info.Articles), t.passages(info.Chunks))
			final += skippedList(report.Skipped)
		}
		// The reindex is over: another may start while this one reports.
		b.reindexOn.Store(false)
		if msgID != 0 {
			if err := b.send.edit(ctx, r.chatID, msgID, final, false, nil); err == nil {
				return
			}
		}
		b.reply(ctx, r, message{text: final})
	})
	if !started {
		b.reindexOn.Store(false)
	}
}

// library returns the current library, or an empty one before any index
// is loaded.
func (b *Bot) library() Library {
	if lib := b.lib(); lib != nil {
		return lib
	}
	return emptyLibrary{}
}

// emptyLibrary stands for a missing index.
type emptyLibrary struct{}

func (emptyLibrary) Info() retrieval.Info        { return retrieval.Info{} }
func (emptyLibrary) Newest(int) []corpus.Article { return nil }

func (emptyLibrary) Article(string) (corpus.Article, bool) { return corpus.Article{}, false }
func (emptyLibrary) Chunk(string) (corpus.Chunk, bool)     { return corpus.Chunk{}, false }
