package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"verbatim/corpus"
	"verbatim/quotes"
	"verbatim/retrieval"
)

func runIndex(ctx context.Context, a *app, args []string) error {
	fs := a.flags("index", "[--corpus DIR] [--index DIR] [--json]")
	var cf corpusFlags
	cf.register(fs, true)
	asJSON := fs.Bool("json", false, "print the summary as one JSON object")
	if err := a.parse(fs, args); err != nil {
		return done(err)
	}
	if fs.NArg() > 0 {
		return usagef("index takes no arguments (use --corpus DIR)")
	}
	cdir := a.corpusDir(cf)
	idir := cf.index
	if idir == "" {
		idir = a.cfg.IndexDir
	}
	dir, err := indexDirFor(idir, cdir)
	if err != nil {
		return err
	}
	// The state of the corpus files, read before them, is recorded so
	// that ask, chat and serve can tell an unchanged corpus without
	// loading it.
	state, err := a.corpusSource(cdir).State(ctx, corpus.State{})
	if err != nil {
		state = corpus.State{}
	}
	res, err := a.loadCorpus(ctx, cdir)
	if err != nil {
		return err
	}
	if len(res.Articles) == 0 {
		if !*asJSON {
			printSkipped(a.stdout, res.Skipped)
		}
		if len(res.Skipped) == 0 {
			return fmt.Errorf("index %s: the corpus is empty (no .txt, .md, .html, .json or .jsonl file)", corpusLabel(cdir))
		}
		return fmt.Errorf("index %s: no readable article (%d file(s) skipped)", corpusLabel(cdir), len(res.Skipped))
	}
	if a.databaseURL(cf) != "" {
		rep, err := a.indexDatabase(ctx, cf, res)
		if err != nil {
			return fmt.Errorf("index %s: %w", corpusLabel(cdir), err)
		}
		return a.printIndexReport(rep, cdir, "the database", *asJSON)
	}
	start := time.Now()
	emb := a.embedder()
	// An unchanged corpus is recognised from the snapshot's header alone.
	rep, current, err := retrieval.UpToDate(dir, emb, res, corpus.DefaultChunkOptions)
	if err != nil {
		return fmt.Errorf("index %s: %w", corpusLabel(cdir), err)
	}
	rep.Seconds = time.Since(start).Seconds()
	if !current {
		o := a.buildOptions()
		o.Logger, o.Corpus = a.logger, state
		_, rep, err = retrieval.Build(ctx, dir, res, emb, o)
		if err != nil {
			return fmt.Errorf("index %s: %w", corpusLabel(cdir), err)
		}
	}
	return a.printIndexReport(rep, cdir, dir, *asJSON)
}

// printIndexReport prints what an index run did.
func (a *app) printIndexReport(rep retrieval.Report, cdir, dir string, asJSON bool) error {
	if rep.Skipped == nil {
		rep.Skipped = []corpus.Skipped{}
	}
	if asJSON {
		return json.NewEncoder(a.stdout).Encode(rep)
	}
	fmt.Fprintf(a.stdout, "Indexed %s into %s\n", corpusLabel(cdir), dir)
	fmt.Fprintf(a.stdout, "%d articles, %d chunks: %d added, %d updated, %d removed, %d unchanged; %d chunks embedded in %.2fs\n",
		rep.Articles, rep.Chunks, rep.Added, rep.Updated, rep.Removed, rep.Unchanged, rep.Embedded, rep.Seconds)
	printSkipped(a.stdout, rep.Skipped)
	return nil
}

// printSkipped lists the skipped files and why.
func printSkipped(w io.Writer, skipped []corpus.Skipped) {
	if len(skipped) == 0 {
		return
	}
	fmt.Fprintf(w, "%d skipped:\n", len(skipped))
	for _, s := range skipped {
		fmt.Fprintf(w, "  %s: %s\n", s.Path, s.Reason)
	}
}

// buildOptions are the options of every embedded index build of the
// command: the default chunks, progress on stderr, the quotations stored.
func (a *app) buildOptions() retrieval.BuildOptions {
	return retrieval.BuildOptions{
		Chunking: corpus.DefaultChunkOptions,
		Progress: newProgress(a.stderr, "embedding"),
		Quoter:   quotes.Indexer(),
	}
}
