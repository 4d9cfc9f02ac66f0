package library

import (
	"context"
	"errors"
	"fmt"
	"time"

	"verbatim/retrieval"
	"verbatim/retrieval/pgstore"
)

// Dir keeps the index in a directory (see retrieval.Prepare).
type Dir struct {
	Path string
	// Placed is set when the user chose the directory: a damaged index or
	// one of another embedder is then refused rather than rebuilt.
	Placed bool
}

// Open opens the index in the directory, built or refreshed from src when
// the corpus changed.
func (d Dir) Open(ctx context.Context, src *retrieval.Source, e retrieval.Embedder, opts retrieval.BuildOptions) (*retrieval.Index, int64, retrieval.Report, error) {
	ix, rep, err := retrieval.Prepare(ctx, d.Path, src, e, retrieval.PrepareOptions{Placed: d.Placed, Build: opts})
	return ix, 0, rep, err
}

// Rebuild updates the index in the directory from src, reusing served's
// articles, chunks and vectors.
func (d Dir) Rebuild(ctx context.Context, served *retrieval.Index, src *retrieval.Source, e retrieval.Embedder, opts retrieval.BuildOptions) (*retrieval.Index, int64, retrieval.Report, error) {
	opts.Previous = served
	ix, rep, err := retrieval.Refresh(ctx, d.Path, src, e, opts)
	return ix, 0, rep, err
}

// Database keeps the index in PostgreSQL, as numbered generations several
// replicas share (see pgstore).
type Database struct {
	Store *pgstore.Store
	// Poll is how often other replicas' generations are checked for when
	// no notification comes (0: pgstore.DefaultWatchInterval).
	Poll time.Duration
}

// Open loads the current generation. A database with none yet is indexed
// from src so that a first run works; afterwards only builds write, so
// that replicas never rebuild on start.
func (d Database) Open(ctx context.Context, src *retrieval.Source, e retrieval.Embedder, opts retrieval.BuildOptions) (*retrieval.Index, int64, retrieval.Report, error) {
	ix, gen, err := d.Store.Open(ctx, e)
	var mismatch *retrieval.EmbedderMismatchError
	switch {
	case err == nil:
		info := ix.Info()
		return ix, gen, retrieval.Report{Articles: info.Articles, Chunks: info.Chunks, Unchanged: info.Articles}, nil
	case errors.As(err, &mismatch):
		return nil, 0, retrieval.Report{}, fmt.Errorf("%w (in the database)", err)
	case !errors.Is(err, retrieval.ErrNoIndex) || src == nil:
		return nil, 0, retrieval.Report{}, err
	}
	if opts.Logger != nil {
		opts.Logger.Info("the database has no index yet: building it", "corpus", sourceLabel(src))
	}
	return d.build(ctx, src, e, opts)
}

// Rebuild indexes src as a new generation, reusing the rows of unchanged
// articles, and returns it.
func (d Database) Rebuild(ctx context.Context, _ *retrieval.Index, src *retrieval.Source, e retrieval.Embedder, opts retrieval.BuildOptions) (*retrieval.Index, int64, retrieval.Report, error) {
	return d.build(ctx, src, e, opts)
}

func (d Database) build(ctx context.Context, src *retrieval.Source, e retrieval.Embedder, opts retrieval.BuildOptions) (*retrieval.Index, int64, retrieval.Report, error) {
	res, err := src.Load(ctx, nil)
	if err != nil {
		return nil, 0, retrieval.Report{}, err
	}
	rep, err := d.Store.Publish(ctx, res, e, pgstore.BuildOptions{Chunking: opts.Chunking, Progress: opts.Progress, Quoter: opts.Quoter})
	if err != nil {
		return nil, 0, rep, err
	}
	// The generation published, loaded with its number (another replica
	// may have published a later one meanwhile: the holder keeps the latest).
	ix, gen, err := d.Store.Open(ctx, e)
	if err != nil {
		return nil, 0, rep, err
	}
	return ix, gen, rep, nil
}

// Follow calls install with each generation published after since.
func (d Database) Follow(ctx context.Context, e retrieval.Embedder, since int64, install func(*retrieval.Index, int64)) {
	d.Store.Watch(ctx, e, since, d.Poll, install)
}
