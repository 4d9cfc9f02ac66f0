package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/retrieval"
	"verbatim/retrieval/pgstore"
)

type evalRow struct {
	System  string            `json:"system"`
	Metrics retrieval.Metrics `json:"metrics"`
}

func runEval(ctx context.Context, a *app, args []string) error {
	fs := a.flags("eval", "--set DIR [--answers] [--json | --markdown]")
	set := fs.String("set", "", "evaluation set: a folder with corpus.jsonl and queries.jsonl (e.g. ../shared/eval/dev/fr)")
	asJSON := fs.Bool("json", false, "print the figures as JSON")
	answers := fs.Bool("answers", false, "also ask every question offline and score the quoted sentences")
	dict := fs.String("dict", "none", "folder of FreeDict dictionaries (dictd format) to translate questions with, e.g. /usr/share/dictd; \"none\": no dictionary")
	markdown := fs.Bool("markdown", false, "print the figures as docs/evaluation.md; without --set, render the 'eval --json' lines read on stdin")
	if err := a.parse(fs, args); err != nil {
		return done(err)
	}
	if *markdown && *set == "" {
		results, err := readEvalResults(a.stdin)
		if err != nil {
			return err
		}
		return writeEvalMarkdown(a.stdout, results, a.now())
	}
	if *set == "" {
		return usagef("eval needs --set DIR")
	}
	queries, err := retrieval.LoadEvalQueries(filepath.Join(*set, "queries.jsonl"))
	if err != nil {
		return err
	}
	res, err := a.loadCorpus(ctx, filepath.Join(*set, "corpus.jsonl"))
	if err != nil {
		return err
	}
	start := time.Now()
	ix, cleanup, err := a.evalIndex(ctx, res)
	if err != nil {
		return err
	}
	defer cleanup()
	a.logger.Info("index built", "seconds", time.Since(start).Seconds())
	// The shipped search: the options the other commands use, with the
	// dictionaries of --dict only, so that a figure says whether it
	// used any.
	a.cfg.DictionaryDir = *dict
	ix = a.searchOptions(ix)
	var rows []evalRow
	for _, s := range []struct {
		name   string
		search func(context.Context, string, int) ([]corpus.Chunk, error)
	}{
		// The search the answers use, per-article cap included.
		{"shipped (local embedder + BM25)", ix.EvalSearch(0)},
		// Without the cap, as the baseline.
		{"shipped without the per-article cap", ix.EvalSearch(-1)},
		{"baseline (plain BM25)", retrieval.BaselineSearch(res.Articles)},
	} {
		m, err := retrieval.Evaluate(ctx, queries, s.search)
		if err != nil {
			return fmt.Errorf("eval %s: %w", s.name, err)
		}
		rows = append(rows, evalRow{System: s.name, Metrics: m})
	}
	out := evalResult{Set: *set, Articles: len(res.Articles), Questions: len(queries), Retrieval: rows}
	if *dict != "none" {
		out.Dict = *dict
	}
	var am bot.AnswerMetrics
	if *answers {
		core := bot.NewCore(ix, bot.Config{Logger: a.logger, Now: a.now})
		if am, err = bot.EvaluateAnswers(ctx, core, queries); err != nil {
			return err
		}
		out.Answers = &am
	}
	if *asJSON {
		return json.NewEncoder(a.stdout).Encode(out)
	}
	if *markdown {
		return writeEvalMarkdown(a.stdout, []evalResult{out}, a.now())
	}
	fmt.Fprintf(a.stdout, "%s: %d articles, %d questions\n", *set, len(res.Articles), len(queries))
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SYSTEM\tHITS@1\tHITS@5\tHITS@10\tMRR@10\tAVG WORDS")
	for _, r := range rows {
		m := r.Metrics
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.0f\n", r.System, m.Hits1, m.Hits5, m.Hits10, m.MRR10, m.AvgPassageWords)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if *answers {
		fmt.Fprintf(a.stdout, "\nOffline answers: gold answer quoted %.3f (in the first quote %.3f), found %.3f, %d quotes (%.1f words on average), %d inexact, %d with more than three quotes\n",
			am.GoldRate, am.GoldFirstRate, am.FoundRate, am.Quotes, am.QuoteWords, am.Inexact, am.TooMany)
	}
	return nil
}

// evalIndex indexes an evaluation set with the local embedder: with a
// database (DATABASE_URL), in a schema of its own there, dropped by
// cleanup, so that the figures are the PostgreSQL store's; else in a
// temporary directory.
func (a *app) evalIndex(ctx context.Context, res *corpus.Result) (ix *retrieval.Index, cleanup func(), err error) {
	progress := newProgress(a.stderr, "embedding")
	if a.cfg.DatabaseURL != "" {
		b := make([]byte, 6)
		rand.Read(b)
		s, err := pgstore.Connect(ctx, pgstore.Config{
			URL:          a.cfg.DatabaseURL,
			Schema:       "verbatim_eval_" + hex.EncodeToString(b),
			MaxConns:     int32(a.cfg.DatabasePoolSize),
			QueryTimeout: a.cfg.DatabaseTimeout,
			EfSearch:     a.cfg.DatabaseEfSearch,
			Logger:       a.logger,
		})
		if err != nil {
			return nil, nil, err
		}
		cleanup := func() {
			if err := s.DropSchema(context.WithoutCancel(ctx)); err != nil {
				a.logger.Warn("eval: the evaluation schema is left behind", "err", err)
			}
		}
		ix, _, err := s.Build(ctx, res, retrieval.NewLocalEmbedder(), pgstore.BuildOptions{
			Chunking: corpus.DefaultChunkOptions, Progress: progress,
		})
		if err != nil {
			cleanup()
			return nil, nil, fmt.Errorf("eval: build the index in the database: %w", err)
		}
		return ix, cleanup, nil
	}
	tmp, err := os.MkdirTemp("", "verbatim-eval-")
	if err != nil {
		return nil, nil, fmt.Errorf("eval: %w", err)
	}
	ix, _, err = retrieval.Build(ctx, tmp, res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{
		Chunking: corpus.DefaultChunkOptions, Progress: progress, Logger: a.logger,
	})
	if err != nil {
		os.RemoveAll(tmp)
		return nil, nil, fmt.Errorf("eval: build the index: %w", err)
	}
	return ix, func() { os.RemoveAll(tmp) }, nil
}
