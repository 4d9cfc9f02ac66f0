// Package telegram is the Telegram adapter of the conversation core: it
// receives updates (long polling or webhook), answers questions in private
// and group chats with verified quotes rendered as Telegram HTML, and serves
// the source commands and the admin /reindex.
package telegram

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/retrieval"
)

// Config is the Telegram adapter's configuration.
type Config struct {
	// Token is the bot token. It is never logged nor put in an error.
	Token string
	// APIURL is the Bot API server; "" means https://api.telegram.org.
	APIURL string
	// WebhookURL switches to webhook mode when set; "" means long polling.
	WebhookURL string
	// ListenAddr is the webhook server's address, e.g. ":8080".
	ListenAddr string
	// WebhookSecret is checked on every webhook request; when empty in
	// webhook mode a random one is generated.
	WebhookSecret string
	// AdminIDs may use /stats and /reindex.
	AdminIDs []int64
	// AllowedUserIDs and AllowedChatIDs, when either is set, restrict who is
	// served; admins are always served.
	AllowedUserIDs []int64
	AllowedChatIDs []int64
	// StateDir holds conversations.db, the chats' recent turns; "" keeps
	// them in memory only.
	StateDir string
	// Conversations, when set, keeps the chats' turns instead of StateDir's
	// file: a store shared by replicas (PostgreSQL).
	Conversations ConversationStore
	// RateLimiter, when set, counts the per-user limit instead of the
	// in-process buckets (RatePerMinute): one shared by replicas.
	RateLimiter RateLimiter
	// RatePerMinute is the questions a user may ask per minute (0: 6; negative:
	// unlimited).
	RatePerMinute int
	// MaxConcurrent bounds the questions answered at once (0: 4).
	MaxConcurrent int
	// ShutdownTimeout bounds the wait for answers in flight (0: 30s);
	// answers still running then get a "restarting, ask again" reply.
	ShutdownTimeout time.Duration
	// MaxQueuedPerChat bounds the messages waiting in one chat's queue
	// (0: 20); a question beyond it is refused with a "busy, ask again in
	// N s" reply.
	MaxQueuedPerChat int
	// ConversationTTL and ConversationTurns bound the history kept per chat
	// (0: 24h and 6).
	ConversationTTL   time.Duration
	ConversationTurns int
	// Model names the answering model for /stats; "" means extractive.
	Model string
	// Logger receives the bot's logs (nil: discarded).
	Logger *slog.Logger
	// HTTPClient is used for Bot API calls when set; its timeout must exceed
	// PollTimeout.
	HTTPClient *http.Client
	// PollTimeout is the long-polling wait (0: 50s).
	PollTimeout time.Duration
	// Adder, when set, lets admins add links and documents (/add).
	Adder Adder
	// FeedStatus, when set, adds the feeds' state to /stats and /latest.
	FeedStatus func() FeedStatus
	// ReindexStatus, when set, adds to /stats the reindex run by any
	// process sharing the index (the PostgreSQL store): one running, or
	// the last one that failed.
	ReindexStatus func() ReindexStatus
	// Observer receives API calls, refusals, queue moves and reindex runs
	// (metrics); nil records nothing.
	Observer Observer
	// Watches, when set, keeps the chats' watches (/watch, /watches,
	// /unwatch); alerts are sent with SendAlert.
	Watches WatchStore
	// UpdateLog, when set, is shared by the replicas receiving the same
	// bot's updates (PostgreSQL): an update is handled by the first that
	// records it. Each process also remembers the recent ids itself.
	UpdateLog UpdateLog
	// HealthRoutes are served on the webhook listener beside the webhook
	// (e.g. /healthz and /readyz).
	HealthRoutes map[string]http.Handler
	// Outbox, when set, keeps the deferred answers instead of StateDir's
	// outbox.json: one shared by replicas (PostgreSQL).
	Outbox OutboxStore
	// OutboxSpillDir, with Outbox set and StateDir empty, is where the
	// deferred answers Outbox cannot take (the database out) are written
	// (outbox.json), to be given to it after a restart; "" keeps them in
	// memory only.
	OutboxSpillDir string
}

// Library is what the bot shows about the index: its summary, its newest
// articles, and an article or a passage by id.
type Library interface {
	Info() retrieval.Info
	// Newest returns the n newest articles, undated ones last.
	Newest(n int) []corpus.Article
	Article(id string) (corpus.Article, bool)
	Chunk(id string) (corpus.Chunk, bool)
}

// Reindexer rebuilds the corpus index, reporting progress, and swaps the new
// index into the core on success; on failure the previous index keeps
// serving.
type Reindexer func(ctx context.Context, progress func(done, total int)) (retrieval.Report, error)

// Bot is a running Telegram adapter.
type Bot struct {
	cfg     Config
	core    *bot.Core
	lib     func() Library
	reindex Reindexer
	log     *slog.Logger
	scrub   scrubber
	api     *tgbot.Bot
	send    *sender
	outbox  *outbox
	// botID is the bot's id, from its token; recent are the updates
	// handled last.
	botID   int64
	recent  *recentUpdates
	convs   ConversationStore
	limiter RateLimiter
	gate    *gate
	tasks   *tasks
	now     func() time.Time

	me        *models.User
	started   time.Time
	served    atomic.Int64
	draftSeq  atomic.Int64
	reindexOn atomic.Bool
	stopping  atomic.Bool
	workCtx   context.Context
	// holdCtx ends when shutdown begins: questions still waiting for the
	// model are then held for the restart.
	holdCtx context.Context

	heldMu sync.Mutex
	held   []*models.Message
	// lastUpdate is the last update id received; resume is what the last
	// shutdown kept.
	lastUpdate atomic.Int64
	resume     pendingState

	answerTime durationAverage
	// jobTime is the average time one job of a chat's queue takes, from
	// its start to its delivery: the pace queues actually move at.
	jobTime durationAverage

	noticesMu sync.Mutex
	// notices are the requests queued behind others, by chat, waiting to
	// be told their place in one notice.
	notices map[int64][]request
	// startBackoff is the first wait between start-up retries.
	startBackoff time.Duration

	refusedMu sync.Mutex
	refused   map[int64]bool

	// webhookAddr receives the webhook listener's address once it listens.
	webhookAddr chan net.Addr

	// Streaming throttles.
	draftEvery, groupEditEvery, typingEvery, progressEvery time.Duration
	// queueNoticeAfter is the wait for a slot after which the user is
	// told their place in the queue.
	queueNoticeAfter time.Duration
}

// New checks cfg, opens the conversation state and prepares the Bot API
// client; it does no network I/O (Run does).
func New(cfg Config, core *bot.Core, lib func() Library, reindex Reindexer) (*Bot, error) {
	if cfg.Token == "" {
		return nil, errors.New("telegram: empty bot token")
	}
	if core == nil || lib == nil {
		return nil, errors.New("telegram: core and library are required")
	}
	if cfg.WebhookURL != "" {
		u, err := url.Parse(cfg.WebhookURL)
		if err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
			return nil, fmt.Errorf("telegram: invalid webhook url %q", cfg.WebhookURL)
		}
		if cfg.ListenAddr == "" {
			return nil, errors.New("telegram: webhook mode needs a listen address")
		}
		if cfg.WebhookSecret == "" {
			secret := make([]byte, 24)
			if _, err := rand.Read(secret); err != nil {
				return nil, fmt.Errorf("telegram: webhook secret: %w", err)
			}
			cfg.WebhookSecret = hex.EncodeToString(secret)
		}
	}
	// Unset fields take their defaults; so do negative ones, but for the
	// rate, where a negative value turns the limit off.
	cfg.RatePerMinute = cmp.Or(cfg.RatePerMinute, 6)
	cfg.MaxConcurrent = cmp.Or(max(cfg.MaxConcurrent, 0), 4)
	cfg.MaxQueuedPerChat = cmp.Or(max(cfg.MaxQueuedPerChat, 0), 20)
	cfg.ShutdownTimeout = cmp.Or(max(cfg.ShutdownTimeout, 0), 30*time.Second)
	cfg.ConversationTTL = cmp.Or(max(cfg.ConversationTTL, 0), 24*time.Hour)
	cfg.ConversationTurns = cmp.Or(max(cfg.ConversationTurns, 0), 6)
	cfg.PollTimeout = cmp.Or(max(cfg.PollTimeout, 0), 50*time.Second)
	if cfg.Observer == nil {
		cfg.Observer = noObserver{}
	}
	scrub := newScrubber(cfg.Token)
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	logger = slog.New(&scrubHandler{next: logger.Handler(), scrub: scrub}).With("component", "telegram")

	b := &Bot{
		cfg:         cfg,
		core:        core,
		lib:         lib,
		reindex:     reindex,
		log:         logger,
		scrub:       scrub,
		now:         time.Now,
		refused:     map[int64]bool{},
		notices:     map[int64][]request{},
		webhookAddr: make(chan net.Addr, 1),
		gate:        newGate(cfg.MaxConcurrent),
		tasks:       newTasks(cfg.MaxQueuedPerChat),

		draftEvery:     time.Second,
		groupEditEvery: 3 * time.Second,
		typingEvery:    4 * time.Second,
		progressEvery:  2 * time.Second,
		startBackoff:   firstStartBackoff,

		queueNoticeAfter: 2 * time.Second,
	}
	b.limiter = newRateLimiter(cfg.RatePerMinute, func() time.Time { return b.now() })
	if cfg.RateLimiter != nil {
		b.limiter = cfg.RateLimiter
	}

	statePath := "" // reads as a missing file: an empty store
	if cfg.StateDir != "" {
		statePath = filepath.Join(cfg.StateDir, "conversations.db")
	}
	convs, err := bot.OpenConversations(statePath, cfg.ConversationTTL, cfg.ConversationTurns, func() time.Time { return b.now() })
	if convs == nil {
		return nil, fmt.Errorf("telegram: %w", err)
	}
	if err != nil {
		// A corrupt file was moved aside; the store starts empty.
		logger.Warn("conversation state reset", "err", err)
	}
	b.convs = convs
	if cfg.Conversations != nil {
		b.convs = cfg.Conversations
	}

	opts := []tgbot.Option{
		tgbot.WithSkipGetMe(),
		tgbot.WithDefaultHandler(b.onUpdate),
		tgbot.WithNotAsyncHandlers(),
		tgbot.WithAllowedUpdates(tgbot.AllowedUpdates{"message", "callback_query"}),
		tgbot.WithErrorsHandler(func(err error) {
			b.log.Warn("telegram client error", "err", b.scrub.Error(err))
			b.pollFailed(err)
		}),
		tgbot.WithDebugHandler(func(format string, args ...any) {
			b.log.Debug(b.scrub.String(fmt.Sprintf(format, args...)))
		}),
	}
	if cfg.APIURL != "" {
		opts = append(opts, tgbot.WithServerURL(cfg.APIURL))
	}
	resume, err := readPending(cfg.StateDir)
	if err != nil {
		logger.Error("questions kept at the last shutdown are lost", "err", err)
	}
	b.botID = tokenBotID(cfg.Token)
	resume = checkBot(resume, b.botID, logger)
	b.resume = resume
	b.recent = newRecentUpdates(resume.RecentUpdateIDs)
	outboxDir := cfg.StateDir
	if cfg.Outbox != nil && outboxDir == "" {
		outboxDir = cfg.OutboxSpillDir
	}
	b.outbox, err = openOutbox(outboxDir, func() time.Time { return b.now() })
	if err != nil {
		logger.Error("answers deferred before the restart are lost", "err", err)
	}
	if cfg.Outbox != nil {
		b.outbox.share(cfg.Outbox, logger)
	}
	if resume.LastUpdateID > 0 && cfg.WebhookURL == "" {
		// Updates up to this one were handled or kept: confirm them.
		opts = append(opts, tgbot.WithInitialOffset(resume.LastUpdateID))
	}
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: cfg.PollTimeout + 10*time.Second}
	}
	opts = append(opts, tgbot.WithHTTPClient(cfg.PollTimeout, scrubbingClient{next: client, scrub: scrub}))
	if cfg.WebhookURL != "" {
		opts = append(opts, tgbot.WithWebhookSecretToken(cfg.WebhookSecret))
	}
	api, err := tgbot.New(cfg.Token, opts...)
	if err != nil {
		return nil, fmt.Errorf("telegram: %w", scrub.Error(err))
	}
	b.api = api
	b.send = &sender{api: api, log: logger, scrub: scrub, budget: defaultRetryBudget, sleep: sleepCtx, obs: cfg.Observer}
	return b, nil
}

// Run connects to Telegram and serves updates until ctx is done. While
// Telegram cannot be reached at start, it retries with backoff. Shutdown
// is graceful: no new update is taken; messages still waiting in the chats'
// queues or for the model are kept in StateDir and answered after the
// restart; answers in flight are finished within ShutdownTimeout, and those
// still running then get a short "restarting, ask again" reply; the
// conversation state is saved. It returns nil after a clean shutdown and an
// error when the bot cannot start (a rejected token).
func (b *Bot) Run(ctx context.Context) error {
	b.started = b.now()
	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	holdCtx, stopHolding := context.WithCancel(workCtx)
	defer stopHolding()
	b.workCtx, b.holdCtx = workCtx, holdCtx

	var me *models.User
	err := b.startCall(ctx, "getMe", func(ctx context.Context) error {
		var err error
		me, err = b.api.GetMe(ctx)
		return err
	})
	if ctx.Err() != nil {
		return nil
	}
	if err != nil {
		return fmt.Errorf("telegram: get bot identity: %w", err)
	}
	b.me = me
	b.log.Info("telegram bot connected", "username", me.Username, "id", me.ID)
	b.setCommands(ctx)

	intake := make(chan struct{})
	var server *http.Server
	if b.cfg.WebhookURL != "" {
		server, err = b.startWebhook(ctx, intake)
		if err != nil && ctx.Err() != nil {
			return nil // stopped while Telegram was unreachable
		}
		if err != nil {
			return err
		}
	} else {
		err := b.startCall(ctx, "deleteWebhook", func(ctx context.Context) error {
			_, err := b.api.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{})
			return err
		})
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return fmt.Errorf("telegram: delete webhook: %w", err)
		}
		go func() {
			defer close(intake)
			b.api.Start(ctx)
		}()
		b.log.Info("telegram long polling started")
	}
	b.resumePending()
	outboxDone := make(chan struct{})
	go func() {
		defer close(outboxDone)
		b.runOutbox(holdCtx)
	}()

	<-ctx.Done()
	b.stopping.Store(true)
	b.log.Info("telegram bot stopping")
	if server != nil {
		shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := server.Shutdown(shutCtx); err != nil {
			b.log.Warn("webhook server shutdown", "err", err)
		}
		cancel()
	}
	<-intake
	b.holdMessages(b.tasks.takeWaiting()...)
	stopHolding()
	<-outboxDone
	if !b.tasks.close(b.cfg.ShutdownTimeout) {
		b.log.Warn("shutdown timeout: cancelling answers in flight")
		cancelWork()
		b.tasks.close(5*time.Second + lastWordTimeout)
	}
	b.savePending()
	b.closeState()
	if n := b.outbox.len(); n > 0 {
		b.log.Info("deferred answers kept for the restart", "count", n)
	}
	b.log.Info("telegram bot stopped")
	return nil
}

// setCommands publishes the command menu in English (default) and French,
// and to each admin, in their private chat, the menu with the admin
// commands the configuration enables.
func (b *Bot) setCommands(ctx context.Context) {
	admin := b.adminCommands()
	for _, t := range catalogues() {
		var commands, adminMenu []models.BotCommand
		for _, c := range t.commands {
			commands = append(commands, models.BotCommand{Command: c[0], Description: c[1]})
		}
		for _, c := range t.adminCommands {
			if slices.Contains(admin, c[0]) {
				adminMenu = append(adminMenu, models.BotCommand{Command: c[0], Description: c[1]})
			}
		}
		lang := ""
		if t != &textsEN {
			lang = t.lang
		}
		b.setMenu(ctx, &tgbot.SetMyCommandsParams{Commands: commands, LanguageCode: lang})
		for _, id := range b.cfg.AdminIDs {
			b.setMenu(ctx, &tgbot.SetMyCommandsParams{Commands: append(slices.Clip(commands), adminMenu...),
				Scope: &models.BotCommandScopeChat{ChatID: id}, LanguageCode: lang})
		}
	}
}

// setMenu publishes one command menu; a failure is logged.
func (b *Bot) setMenu(ctx context.Context, params *tgbot.SetMyCommandsParams) {
	err := b.send.call(ctx, "setMyCommands", 0, func(ctx context.Context) error {
		_, err := b.api.SetMyCommands(ctx, params)
		return err
	})
	if err != nil {
		b.log.Warn("set bot commands", "lang", params.LanguageCode, "err", err)
	}
}

// adminCommands names the admin commands this bot runs: /add when it can
// add articles, /reindex when it can rebuild the index, /stats.
func (b *Bot) adminCommands() []string {
	var out []string
	if b.cfg.Adder != nil {
		out = append(out, "add")
	}
	if b.reindex != nil {
		out = append(out, "reindex")
	}
	return append(out, "stats")
}

// closeState saves the conversations and releases their file, at
// shutdown: a bot started again on StateDir opens it.
func (b *Bot) closeState() {
	if convs, ok := b.convs.(*bot.Conversations); ok {
		if err := convs.Close(); err != nil {
			b.log.Error("save conversations", "err", err)
		}
	}
}

// saveState persists the conversations when a StateDir is set.
func (b *Bot) saveState() {
	if b.cfg.StateDir == "" {
		return
	}
	convs, ok := b.convs.(*bot.Conversations)
	if !ok {
		return // a shared store saves as it goes
	}
	if err := convs.Save(); err != nil {
		b.log.Error("save conversations", "err", err)
	}
}
