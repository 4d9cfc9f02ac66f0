package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"verbatim/bot/telegram"
	"verbatim/metrics"
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
	h, dir, err := a.openLibrary(ctx, cf)
	if err != nil {
		return err
	}
	core := a.newCore(h)
	cdir := a.corpusDir(cf)
	adder, feedState, err := a.startFeeds(ctx, &cdir, func(ctx context.Context) error {
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
	if a.store != nil {
		if err := a.shareDatabase(ctx, &tcfg, h); err != nil {
			return err
		}
	}
	watches, err := a.watchStore(ctx, dir)
	if err != nil {
		return err
	}
	tcfg.Watches = watches
	b, err := telegram.New(tcfg, core, func() telegram.Library { return h }, h.Reindex)
	if err != nil {
		return fmt.Errorf("start the Telegram bot: %w", err)
	}
	if err := a.startWatches(ctx, h, watches, b.SendAlert); err != nil {
		return err
	}
	a.obs.health.Add(metrics.Check{Name: "telegram", Probe: metrics.Cached(readinessTTL, a.now, b.Ping)})
	a.logger.Info("serving on Telegram", "articles", h.Info().Articles, "model", a.cfg.modelConfigured())
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
