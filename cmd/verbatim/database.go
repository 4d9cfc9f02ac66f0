package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"verbatim/bot/pgstate"
	"verbatim/bot/telegram"
	"verbatim/corpus"
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

// openDatabaseIndex loads the current generation of the PostgreSQL store.
// A database with none yet is indexed from the configured corpus (the
// seed by default) so that a first run works; afterwards only "verbatim
// index" and /reindex write, so that replicas never rebuild on start.
func (a *app) openDatabaseIndex(ctx context.Context, f corpusFlags) (*retrieval.Index, error) {
	s, err := a.connectStore(ctx, a.databaseURL(f))
	if err != nil {
		return nil, err
	}
	emb := a.embedder()
	ix, gen, err := s.Open(ctx, emb)
	a.storeGen = gen
	var mismatch *retrieval.EmbedderMismatchError
	switch {
	case err == nil:
		return ix, nil
	case errors.As(err, &mismatch):
		return nil, fmt.Errorf("%w (in the database)", err)
	case !errors.Is(err, retrieval.ErrNoIndex):
		return nil, err
	}
	cdir := a.corpusDir(f)
	res, err := a.loadCorpus(ctx, cdir)
	if err != nil {
		return nil, err
	}
	a.reportSkipped(res)
	a.logger.Info("the database has no index yet: building it", "corpus", corpusLabel(cdir))
	ix, _, err = s.Build(ctx, res, emb, pgstore.BuildOptions{
		Chunking: corpus.DefaultChunkOptions,
		Progress: newProgress(a.stderr, "embedding"),
	})
	if err != nil {
		return nil, err
	}
	if a.storeGen, err = s.Generation(ctx); err != nil {
		return nil, err
	}
	return ix, nil
}

// indexDatabase is "verbatim index" with a database: a new generation,
// published atomically, unless another writer holds the lock.
func (a *app) indexDatabase(ctx context.Context, cf corpusFlags, res *corpus.Result) (retrieval.Report, error) {
	s, err := a.connectStore(ctx, a.databaseURL(cf))
	if err != nil {
		return retrieval.Report{}, err
	}
	_, rep, err := s.Build(ctx, res, a.embedder(), pgstore.BuildOptions{
		Chunking: corpus.DefaultChunkOptions,
		Progress: newProgress(a.stderr, "embedding"),
	})
	return rep, err
}

// shareDatabase makes serve one replica among several over the store: the
// chats' turns and rate limits in the database, a watcher swapping in each
// generation another process publishes, /reindex writing a generation, and,
// in long-polling mode, the one poller slot of the bot. It returns the
// reindexer to use.
func (a *app) shareDatabase(ctx context.Context, tcfg *telegram.Config, cdir string, current int64, swap func(*retrieval.Index)) (telegram.Reindexer, error) {
	s := a.store
	if tcfg.WebhookURL == "" {
		release, err := s.ClaimPoller(ctx, botID(tcfg.Token))
		if err != nil {
			return nil, err
		}
		a.storeStop = append(a.storeStop, release)
	}
	tcfg.StateDir = "" // nothing kept on this machine
	state := pgstate.New(s.Pool(), a.cfg.DatabaseTimeout, a.logger)
	tcfg.Conversations = state.Conversations(tcfg.ConversationTTL, tcfg.ConversationTurns, nil)
	if n := tcfg.RatePerMinute; n > 0 {
		tcfg.RateLimiter = state.RateLimiter(n, nil)
	}
	emb := a.embedder()
	var mu sync.Mutex
	gen := current
	install := func(ix *retrieval.Index, g int64) {
		mu.Lock()
		defer mu.Unlock()
		if g > gen {
			gen = g
			swap(ix)
		}
	}
	wctx, cancel := context.WithCancel(ctx)
	watching := make(chan struct{})
	go func() {
		defer close(watching)
		s.Watch(wctx, emb, current, a.cfg.DatabaseWatch, install)
	}()
	a.storeStop = append(a.storeStop, func() { cancel(); <-watching })
	return func(ctx context.Context, progress func(done, total int)) (retrieval.Report, error) {
		res, err := a.loadCorpus(ctx, cdir)
		if err != nil {
			return retrieval.Report{}, err
		}
		ix, rep, err := s.Build(ctx, res, emb, pgstore.BuildOptions{Chunking: corpus.DefaultChunkOptions, Progress: progress})
		if err != nil {
			return rep, fmt.Errorf("reindex %s: %w", corpusLabel(cdir), err)
		}
		if _, g, err := s.Open(ctx, emb); err == nil {
			install(ix, g)
		}
		return rep, nil
	}, nil
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
