package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"verbatim/bot/telegram"
	"verbatim/metrics"
	"verbatim/retrieval/pgstore"
	"verbatim/watch"
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
	// Not ready until every part has started: a check added later (the
	// database's, Telegram's) cannot be missing from an early "ok".
	var started atomic.Bool
	a.obs.health.Add(metrics.Check{Name: "serve", Probe: func(context.Context) error {
		if !started.Load() {
			return errors.New("starting")
		}
		return nil
	}})
	h, dir, err := a.openLibrary(ctx, cf)
	if err != nil {
		return err
	}
	core := a.newCore(h)
	cdir := a.corpusDir(cf)
	// The feeds stop, and are waited for, before serve returns, whether it
	// was stopped or failed: nothing writes the corpus or the index after.
	feedsCtx, stopFeeds := context.WithCancel(ctx)
	var feedsRunning sync.WaitGroup
	defer func() {
		stopFeeds()
		feedsRunning.Wait()
	}()
	adder, feedState, err := a.startFeeds(feedsCtx, &feedsRunning, &cdir, func(ctx context.Context) error {
		_, err := h.Reindex(ctx, nil)
		return err
	})
	if err != nil {
		return err
	}
	h.SetSource(a.corpusSource(cdir)) // the feeds' folder, once they write one

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
	var guard *pgstore.PollerGuard
	if a.store != nil {
		if guard, err = a.shareDatabase(ctx, &tcfg, h); err != nil {
			return err
		}
	}
	watches, err := a.watchStore(ctx, dir)
	if err != nil {
		return err
	}
	tcfg.Watches = watches
	// Alerts go through the bot running now (a new one after the poller
	// slot is taken again).
	var current atomic.Pointer[telegram.Bot]
	newBot := func() (*telegram.Bot, error) {
		b, err := telegram.New(tcfg, core, func() telegram.Library { return h }, h.Reindex)
		if err != nil {
			return nil, fmt.Errorf("start the Telegram bot: %w", err)
		}
		current.Store(b)
		return b, nil
	}
	b, err := newBot()
	if err != nil {
		return err
	}
	if err := a.startWatches(ctx, h, watches, func(ctx context.Context, al watch.Alert) error { return current.Load().SendAlert(ctx, al) }); err != nil {
		return err
	}
	a.obs.health.Add(metrics.Check{Name: "telegram", Probe: metrics.Cached(readinessTTL, a.now, b.Ping)})
	started.Store(true)
	a.logger.Info("serving on Telegram", "articles", h.Info().Articles, "model", a.cfg.modelConfigured())
	if guard == nil {
		return b.Run(ctx)
	}
	return pollWhileHeld(ctx, guard, b, newBot, a.logger)
}

// pollWhileHeld runs the bot while this process holds the poller slot:
// when the slot is lost (the database session died with its advisory
// lock) the bot stops, and a new one starts once the slot is held again,
// so that two processes never poll at once.
func pollWhileHeld(ctx context.Context, guard *pgstore.PollerGuard, b *telegram.Bot, newBot func() (*telegram.Bot, error), logger *slog.Logger) error {
	for {
		held, changed := guard.Held()
		if !held {
			select {
			case <-ctx.Done():
				return nil
			case <-changed:
				continue
			}
		}
		runCtx, cancel := context.WithCancel(ctx)
		go func() {
			select {
			case <-changed: // held no more
				cancel()
			case <-runCtx.Done():
			}
		}()
		err := b.Run(runCtx)
		cancel()
		if err != nil || ctx.Err() != nil {
			return err
		}
		logger.Warn("poller slot lost: long polling stopped until it is taken again")
		if b, err = newBot(); err != nil {
			return err
		}
	}
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
