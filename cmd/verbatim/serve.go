package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"verbatim/bot/telegram"
	"verbatim/corpus"
	"verbatim/metrics"
	"verbatim/retrieval"
)

func runServe(ctx context.Context, a *app, args []string) error {
	fs := a.flags("serve", "[--corpus DIR] [--index DIR] [--listen ADDR]")
	var cf corpusFlags
	cf.register(fs, true)
	listen := fs.String("listen", "", "webhook listen address (default WEBHOOK_LISTEN_ADDR or :8080)")
	if err := a.parse(fs, args); err != nil {
		return done(err)
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments")
	}
	if a.cfg.TelegramToken == "" {
		return usagef("serve needs TELEGRAM_BOT_TOKEN (see README: create the bot with @BotFather)")
	}
	if *listen != "" {
		a.cfg.WebhookListen = *listen
	}
	if err := a.startObservability(ctx); err != nil {
		return err
	}
	ix, dir, err := a.openIndex(ctx, cf)
	if err != nil {
		return err
	}
	core := a.newCore(ix)

	var mu sync.Mutex
	current := ix
	lib := func() telegram.Library {
		mu.Lock()
		defer mu.Unlock()
		return current
	}
	swap := func(next *retrieval.Index) {
		next = a.searchOptions(next)
		mu.Lock()
		current = next
		mu.Unlock()
		core.SetLibrary(a.obs.served(next))
	}
	cdir := a.corpusDir(cf)
	var buildMu sync.Mutex // /reindex, feeds and /add build one at a time
	reindex := func(ctx context.Context, progress func(done, total int)) (retrieval.Report, error) {
		buildMu.Lock()
		defer buildMu.Unlock()
		res, err := a.loadCorpus(ctx, cdir)
		if err != nil {
			return retrieval.Report{}, err
		}
		next, rep, err := retrieval.Build(ctx, dir, res, a.embedder(), retrieval.BuildOptions{
			Chunking: corpus.DefaultChunkOptions, Progress: progress, Logger: a.logger,
		})
		if err != nil {
			return rep, fmt.Errorf("reindex %s: %w", corpusLabel(cdir), err)
		}
		swap(next)
		return rep, nil
	}

	adder, feedState, err := a.startFeeds(ctx, &cdir, func(ctx context.Context) error {
		_, err := reindex(ctx, nil)
		return err
	})
	if err != nil {
		return err
	}

	tcfg := telegram.Config{
		Token:           a.cfg.TelegramToken,
		APIURL:          a.cfg.TelegramAPIURL,
		WebhookURL:      a.cfg.WebhookURL,
		ListenAddr:      a.cfg.WebhookListen,
		WebhookSecret:   a.cfg.WebhookSecret,
		AdminIDs:        a.cfg.AdminIDs,
		AllowedUserIDs:  a.cfg.AllowedUserIDs,
		AllowedChatIDs:  a.cfg.AllowedChatIDs,
		StateDir:        filepath.Clean(dir),
		RatePerMinute:   ratePerMinute(a.cfg.RatePerMinute),
		MaxConcurrent:   a.cfg.MaxConcurrent,
		ShutdownTimeout: 20 * time.Second,
		Adder:           adder,
		FeedStatus:      feedState,
		Model:           modelName(a.cfg),
		Logger:          a.logger,
		Observer:        a.obs.telegramObserver(),
		HealthRoutes:    a.obs.health.Routes(),
	}
	if a.store != nil {
		if reindex, err = a.shareDatabase(ctx, &tcfg, cdir, a.storeGen, swap); err != nil {
			return err
		}
	}
	b, err := telegram.New(tcfg, core, lib, reindex)
	if err != nil {
		return fmt.Errorf("start the Telegram bot: %w", err)
	}
	a.obs.health.Add(metrics.Check{Name: "telegram", Probe: metrics.Cached(readinessTTL, a.now, b.Ping)})
	a.logger.Info("serving on Telegram", "articles", ix.Info().Articles, "model", a.cfg.modelConfigured())
	return b.Run(ctx)
}

// ratePerMinute maps RATE_LIMIT_PER_MINUTE to the adapter's setting: 0
// means unlimited (the adapter reads 0 as its default, negative as none).
func ratePerMinute(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

// modelName is the model that writes answers, "" when they are extractive.
func modelName(c config) string {
	if !c.modelConfigured() {
		return ""
	}
	return c.ChatModel
}
