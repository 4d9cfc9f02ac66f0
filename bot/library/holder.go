// Package library holds the index a process serves: it builds or opens it
// at start, rebuilds it on demand (an admin's reindex, a feeds pass, an
// added article) reusing the index being served, swaps the new one in, and
// serves articles and passages by id. The core and the adapters read the
// index only through it.
package library

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/retrieval"
)

// Store is where the index is kept: an index directory (Dir) or a
// PostgreSQL database (Database).
type Store interface {
	// Open returns the stored index, built or brought up to date from src
	// when needed; src nil opens it as it is. gen orders the indexes a
	// store hands out (0 when it does not number them).
	Open(ctx context.Context, src *retrieval.Source, e retrieval.Embedder, opts retrieval.BuildOptions) (ix *retrieval.Index, gen int64, rep retrieval.Report, err error)
	// Rebuild loads src and updates the stored index from it, reusing
	// what it can of served, the index being served.
	Rebuild(ctx context.Context, served *retrieval.Index, src *retrieval.Source, e retrieval.Embedder, opts retrieval.BuildOptions) (ix *retrieval.Index, gen int64, rep retrieval.Report, err error)
}

// follower is a Store other processes publish indexes to.
type follower interface {
	// Follow calls install with each index published after since, until
	// ctx is done.
	Follow(ctx context.Context, e retrieval.Embedder, since int64, install func(ix *retrieval.Index, gen int64))
}

// Config configures a Holder.
type Config struct {
	Store Store
	// Source is the corpus the index is built from.
	Source *retrieval.Source
	// AsIs opens the stored index without checking it against Source (an
	// index given without its corpus); Reindex still rebuilds from Source.
	AsIs     bool
	Embedder retrieval.Embedder
	// Build tunes builds: chunking, logger; its Progress reports the build
	// at Open only (Reindex takes its own).
	Build retrieval.BuildOptions
	// Ready, when set, prepares each index before it serves (search
	// options).
	Ready func(*retrieval.Index)
	// Wrap, when set, is the library the core searches for an index (e.g.
	// timed for the metrics); nil means the index itself.
	Wrap   func(*retrieval.Index) bot.Library
	Logger *slog.Logger
}

// Holder holds the index being served. It is safe for concurrent use.
type Holder struct {
	cfg Config
	log *slog.Logger
	src atomic.Pointer[retrieval.Source]
	cur atomic.Pointer[served]

	// swapMu orders swaps by generation.
	swapMu sync.Mutex
	gen    int64
	// buildMu runs rebuilds one at a time.
	buildMu sync.Mutex
	// onSwap, when set, is called after each swap (see OnSwap).
	onSwap atomic.Pointer[func()]
}

// OnSwap sets f to be called after each index swapped in: a feeds pass,
// /add, /reindex, or another replica's publication. It is the one place
// every publication passes through (the watches match its new articles).
func (h *Holder) OnSwap(f func()) { h.onSwap.Store(&f) }

// served is one index being served and the library the core searches.
type served struct {
	ix  *retrieval.Index
	lib bot.Library
}

// Open builds or opens the index (see Store.Open) and returns a Holder
// serving it.
func Open(ctx context.Context, cfg Config) (*Holder, retrieval.Report, error) {
	if cfg.Store == nil {
		return nil, retrieval.Report{}, errors.New("library: no store")
	}
	h := &Holder{cfg: cfg, log: cfg.Logger}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	h.cfg.Build.Logger = h.log
	h.src.Store(cfg.Source)
	src := cfg.Source
	if cfg.AsIs {
		src = nil
	}
	ix, gen, rep, err := cfg.Store.Open(ctx, src, cfg.Embedder, h.cfg.Build)
	if err != nil {
		return nil, rep, err
	}
	h.swap(ix, gen)
	return h, rep, nil
}

// SetSource changes the corpus later rebuilds read (feeds writing into a
// new folder).
func (h *Holder) SetSource(src *retrieval.Source) { h.src.Store(src) }

// swap serves ix unless an index of a later generation already is. It
// reports whether ix is served.
func (h *Holder) swap(ix *retrieval.Index, gen int64) bool {
	h.swapMu.Lock()
	defer h.swapMu.Unlock()
	if gen != 0 && gen <= h.gen && h.cur.Load() != nil {
		return false
	}
	if gen != 0 {
		h.gen = gen
	}
	if h.cfg.Ready != nil {
		h.cfg.Ready(ix)
	}
	s := &served{ix: ix, lib: ix}
	if h.cfg.Wrap != nil {
		s.lib = h.cfg.Wrap(ix)
	}
	h.cur.Store(s)
	if f := h.onSwap.Load(); f != nil {
		(*f)()
	}
	return true
}

// Reindex rebuilds the index from the corpus, reusing the vectors and
// texts of the unchanged articles of the one being served, and swaps it in.
// Rebuilds run one at a time; on failure the previous index keeps serving.
func (h *Holder) Reindex(ctx context.Context, progress func(done, total int)) (retrieval.Report, error) {
	h.buildMu.Lock()
	defer h.buildMu.Unlock()
	src := h.src.Load()
	if src == nil {
		return retrieval.Report{}, errors.New("reindex: no corpus")
	}
	opts := h.cfg.Build
	opts.Progress = progress
	ix, gen, rep, err := h.cfg.Store.Rebuild(ctx, h.Index(), src, h.cfg.Embedder, opts)
	if err != nil {
		return rep, fmt.Errorf("reindex %s: %w", sourceLabel(src), err)
	}
	h.swap(ix, gen)
	return rep, nil
}

// Follow serves each index other processes publish to the store (a
// database shared by replicas) until ctx is done; with a store of one
// process it returns at once.
func (h *Holder) Follow(ctx context.Context) {
	f, ok := h.cfg.Store.(follower)
	if !ok {
		return
	}
	h.swapMu.Lock()
	since := h.gen
	h.swapMu.Unlock()
	f.Follow(ctx, h.cfg.Embedder, since, func(ix *retrieval.Index, gen int64) { h.swap(ix, gen) })
}

// Index returns the index being served.
func (h *Holder) Index() *retrieval.Index { return h.cur.Load().ix }

// Current returns the library being served: a question reads it from
// start to end, even when a reindex swaps another in meanwhile.
func (h *Holder) Current() bot.Library { return h.cur.Load().lib }

// Find searches the index being served.
func (h *Holder) Find(ctx context.Context, q retrieval.Query) (retrieval.Found, error) {
	return h.Current().Find(ctx, q)
}

// Rarity weighs the terms of text in the index being served.
func (h *Holder) Rarity(lang, text string) map[string]float64 { return h.Index().Rarity(lang, text) }

// Article returns an article of the index being served by id.
func (h *Holder) Article(id string) (corpus.Article, bool) { return h.Index().Article(id) }

// Chunk returns a passage of the index being served by id.
func (h *Holder) Chunk(id string) (corpus.Chunk, bool) { return h.Index().Chunk(id) }

// Newest returns the n newest articles of the index being served.
func (h *Holder) Newest(n int) []corpus.Article { return h.Index().Newest(n) }

// Info describes the index being served.
func (h *Holder) Info() retrieval.Info { return h.Index().Info() }

func sourceLabel(src *retrieval.Source) string {
	if src.Path == "" {
		return "embedded seed"
	}
	return src.Path
}
