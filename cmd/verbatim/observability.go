package main

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"verbatim/bot"
	"verbatim/bot/telegram"
	"verbatim/metrics"
	"verbatim/retrieval"
)

// readinessTTL is how long a remote readiness probe (Telegram, the model)
// is trusted before it is run again.
const readinessTTL = 30 * time.Second

// observability is the metrics and health state of one command run.
type observability struct {
	// reg is nil when METRICS_ADDR is unset: nothing is recorded.
	reg    *metrics.Registry
	health *metrics.Health
	// index is the index being served, nil until it is loaded.
	index atomic.Pointer[retrieval.Index]
}

// startObservability prepares the health checks and, when METRICS_ADDR is
// set, the registry and its server (/metrics, /healthz, /readyz), which
// runs until ctx is done. It is called before the index is loaded, so
// that /readyz says 503 while it loads.
func (a *app) startObservability(ctx context.Context) error {
	o := &observability{health: metrics.NewHealth()}
	a.obs = o
	o.health.Add(metrics.Check{Name: "index", Probe: func(context.Context) error {
		if o.index.Load() == nil {
			return errors.New("not loaded yet")
		}
		return nil
	}})
	if a.cfg.MetricsAddr == "" {
		return nil
	}
	o.reg = metrics.New()
	if err := o.reg.WatchIndex(o.indexState, a.now); err != nil {
		return err
	}
	srv, err := metrics.Listen(a.cfg.MetricsAddr, o.reg, o.health)
	if err != nil {
		return err
	}
	a.logger.Info("metrics listening", "addr", srv.Addr().String())
	go srv.Serve(ctx, a.logger)
	return nil
}

// indexState is what the index gauges show.
func (o *observability) indexState() (metrics.IndexState, bool) {
	ix := o.index.Load()
	if ix == nil {
		return metrics.IndexState{}, false
	}
	info := ix.Info()
	return metrics.IndexState{Articles: info.Articles, Chunks: info.Chunks, BuiltAt: info.BuiltAt}, true
}

// served records the index now answering (after loading or a reindex) and
// returns the library the core should search: the index, timed when
// metrics are on.
func (o *observability) served(ix *retrieval.Index) bot.Library {
	if o == nil {
		return ix
	}
	o.index.Store(ix)
	if o.reg == nil {
		return ix
	}
	return timedLibrary{Index: ix, reg: o.reg}
}

// timedLibrary records the time of every search; the index's other
// methods (Info, which gives the core the corpus languages) stay visible.
type timedLibrary struct {
	*retrieval.Index
	reg *metrics.Registry
}

func (l timedLibrary) Find(ctx context.Context, q retrieval.Query) (retrieval.Found, error) {
	start := time.Now()
	f, err := l.Index.Find(ctx, q)
	l.reg.Retrieval(time.Since(start))
	return f, err
}

// modelCheck adds the model's readiness check when a model is configured.
func (o *observability) modelCheck(m *bot.ChatModel, now func() time.Time) {
	if o == nil || m == nil {
		return
	}
	o.health.Add(metrics.Check{Name: "model", Probe: metrics.Cached(readinessTTL, now, m.Ping)})
}

// coreObserver is the core's observer: the registry, or none.
func (o *observability) coreObserver() bot.Observer {
	if o == nil || o.reg == nil {
		return nil
	}
	return o.reg
}

// modelObserver is the model client's observer: the registry, or none.
func (o *observability) modelObserver() bot.ModelObserver {
	if o == nil || o.reg == nil {
		return nil
	}
	return o.reg
}

// telegramObserver is the Telegram adapter's observer: the registry, or
// none.
func (o *observability) telegramObserver() telegram.Observer {
	if o == nil || o.reg == nil {
		return nil
	}
	return o.reg
}

// indexRun records one index build published to the answers (or failed),
// by what triggered it (metrics.TriggerFeeds, TriggerAdd, TriggerStart;
// /reindex is recorded by the Telegram adapter).
func (o *observability) indexRun(trigger string, err error) {
	if o != nil {
		o.reg.IndexRun(trigger, err) // a nil registry records nothing
	}
}

// feedRun records one pass over the feeds.
func (o *observability) feedRun(err error) {
	if o != nil {
		o.reg.FeedRun(err) // a nil registry records nothing
	}
}
