package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"verbatim/bot/library"
	"verbatim/bot/pgstate"
	"verbatim/bot/telegram"
	"verbatim/corpus"
	"verbatim/metrics"
	"verbatim/quotes"
	"verbatim/retrieval"
	"verbatim/retrieval/pgstore"
)

// databaseURL is the PostgreSQL store to use: --database, else
// DATABASE_URL; "" keeps the embedded store.
func (a *app) databaseURL(f corpusFlags) string {
	if f.database != "" {
		return f.database
	}
	return a.cfg.DatabaseURL
}

// connectStore opens (and migrates) the PostgreSQL store once per run.
func (a *app) connectStore(ctx context.Context, url string) (*pgstore.Store, error) {
	if a.store != nil {
		return a.store, nil
	}
	s, err := pgstore.Connect(ctx, pgstore.Config{
		URL:          url,
		MaxConns:     int32(a.cfg.DatabasePoolSize),
		QueryTimeout: a.cfg.DatabaseTimeout,
		EfSearch:     a.cfg.DatabaseEfSearch,
		Logger:       a.logger,
	})
	if err != nil {
		return nil, err
	}
	a.store = s
	return s, nil
}

// closeStore closes the store when a command opened one.
func (a *app) closeStore() {
	for _, stop := range a.storeStop {
		stop()
	}
	a.storeStop = nil
	if a.store != nil {
		a.store.Close()
		a.store = nil
	}
}

// indexDatabase is "verbatim index" with a database: a new generation,
// published atomically, unless another writer holds the lock.
func (a *app) indexDatabase(ctx context.Context, cf corpusFlags, res *corpus.Result) (retrieval.Report, error) {
	s, err := a.connectStore(ctx, a.databaseURL(cf))
	if err != nil {
		return retrieval.Report{}, err
	}
	return s.Publish(ctx, res, a.embedder(), pgstore.BuildOptions{
		Chunking: corpus.DefaultChunkOptions,
		Progress: newProgress(a.stderr, "embedding"),
		Quoter:   quotes.Indexer(),
	})
}

// shareDatabase makes serve one replica among several over the store: the
// chats' turns, rate limits and deferred answers in the database, the holder following each
// generation another process publishes, and, in long-polling mode, the
// guard of the one poller slot of the bot (nil in webhook mode). The
// database and the slot are readiness checks.
func (a *app) shareDatabase(ctx context.Context, tcfg *telegram.Config, h *library.Holder) (*pgstore.PollerGuard, error) {
	s := a.store
	a.obs.health.Add(metrics.Check{Name: "database", Probe: func(ctx context.Context) error {
		if err := s.Pool().Ping(ctx); err != nil {
			return fmt.Errorf("unreachable: %w", err)
		}
		return nil
	}})
	var guard *pgstore.PollerGuard
	if tcfg.WebhookURL == "" {
		var err error
		guard, err = s.GuardPoller(ctx, botID(tcfg.Token), pgstore.GuardOptions{Logger: a.logger})
		if err != nil {
			return nil, err
		}
		a.storeStop = append(a.storeStop, guard.Close)
		a.obs.health.Add(metrics.Check{Name: "poller", Probe: func(context.Context) error { return guard.Err() }})
	}
	stateDir := tcfg.StateDir
	tcfg.StateDir = "" // nothing kept on this machine but what waits for the database
	state := pgstate.New(s.Pool(), a.cfg.DatabaseTimeout, a.logger)
	convs := state.Conversations(tcfg.ConversationTTL, tcfg.ConversationTurns, nil)
	if err := convs.SetSpillFile(filepath.Join(stateDir, pgstate.SpillFile)); err != nil {
		a.logger.Error("conversation turns kept in memory only during a database outage", "err", err)
	}
	a.storeStop = append(a.storeStop, convs.Close) // the turns kept during an outage
	tcfg.Conversations = convs
	tcfg.UpdateLog = state.UpdateLog(nil)         // each update answered by one replica
	tcfg.Outbox = state.Outbox(botID(tcfg.Token)) // deferred answers delivered once, by any replica
	tcfg.OutboxSpillDir = stateDir                // and those it cannot take during an outage kept here
	if n := tcfg.RatePerMinute; n > 0 {
		tcfg.RateLimiter = state.RateLimiter(n, nil)
	}
	tcfg.ReindexStatus = func() telegram.ReindexStatus {
		st, err := s.BuildStatus(ctx)
		if err != nil {
			a.logger.Warn("reindex status for /stats", "err", err)
			return telegram.ReindexStatus{}
		}
		return telegram.ReindexStatus{Running: st.Running, Failed: st.Failed, Why: st.Why}
	}
	wctx, cancel := context.WithCancel(ctx)
	following := make(chan struct{})
	go func() {
		defer close(following)
		h.Follow(wctx)
	}()
	a.storeStop = append(a.storeStop, func() { cancel(); <-following })
	return guard, nil
}

// botID is the numeric id that starts a bot token ("123456:ABC…").
func botID(token string) int64 {
	id, _ := strconv.ParseInt(strings.SplitN(token, ":", 2)[0], 10, 64)
	return id
}

func runMigrate(ctx context.Context, a *app, args []string) error {
	fs := a.flags("migrate", "[--database URL]")
	database := fs.String("database", "", "PostgreSQL URL (default DATABASE_URL)")
	if err := a.parse(fs, args); err != nil {
		return done(err)
	}
	if fs.NArg() > 0 {
		return usagef("migrate takes no arguments")
	}
	url := *database
	if url == "" {
		url = a.cfg.DatabaseURL
	}
	if url == "" {
		return usagef("migrate needs DATABASE_URL or --database postgres://…")
	}
	start := time.Now()
	before, after, err := pgstore.Migrate(ctx, pgstore.Config{URL: url, QueryTimeout: a.cfg.DatabaseTimeout, Logger: a.logger})
	if err != nil {
		return err
	}
	if before == after {
		fmt.Fprintf(a.stdout, "database schema up to date (version %d)\n", after)
		return nil
	}
	fmt.Fprintf(a.stdout, "database schema migrated from version %d to %d in %.2fs\n", before, after, time.Since(start).Seconds())
	return nil
}
