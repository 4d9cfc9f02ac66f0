package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"verbatim/retrieval/dictd"

	"verbatim/bot/library"
	"verbatim/corpus"
	"verbatim/metrics"
	"verbatim/retrieval"
)

// corpusFlags are the flags every command that reads a corpus or an index
// shares.
type corpusFlags struct {
	corpus   string
	index    string
	database string
}

func (f *corpusFlags) register(fs interface {
	StringVar(p *string, name, value, usage string)
}, withCorpus bool) {
	if withCorpus {
		fs.StringVar(&f.corpus, "corpus", "", "corpus directory or file (default CORPUS_DIR, else the embedded seed article)")
	}
	fs.StringVar(&f.index, "index", "", "index directory (default INDEX_DIR, else the user cache directory)")
	fs.StringVar(&f.database, "database", "", "PostgreSQL store instead of the index directory (default DATABASE_URL)")
}

// corpusDir is the corpus to read: the flag, else CORPUS_DIR, else the
// data folder once feeds or /add wrote one, else "" for the embedded seed.
func (a *app) corpusDir(f corpusFlags) string {
	if f.corpus != "" {
		return f.corpus
	}
	if a.cfg.CorpusDir == "" && a.cfg.DataDir != "" {
		// Feeds or /add wrote a data folder: the seed and what was added.
		if _, err := os.Stat(filepath.Join(a.cfg.DataDir, "seed")); err == nil {
			return a.cfg.DataDir
		}
	}
	return a.cfg.CorpusDir
}

// loadCorpus reads the corpus at dir, or the embedded seed when dir is "".
func (a *app) loadCorpus(ctx context.Context, dir string) (*corpus.Result, error) {
	return a.loadCorpusKnown(ctx, dir, nil)
}

// loadCorpusKnown is loadCorpus taking the articles known gives as they
// are.
func (a *app) loadCorpusKnown(ctx context.Context, dir string, known corpus.Known) (*corpus.Result, error) {
	// The skipped files are reported by the command, once.
	opts := corpus.LoadOptions{Logger: slog.New(withoutSkipLines{a.logger.Handler()}), Known: known}
	if dir == "" {
		res, err := corpus.Load(ctx, corpus.Seed(), opts)
		if err != nil {
			return nil, fmt.Errorf("load the embedded seed corpus: %w", err)
		}
		return res, nil
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("corpus %s: %w", dir, err)
	}
	res, err := corpus.LoadPath(ctx, dir, opts)
	if err != nil {
		return nil, fmt.Errorf("load corpus %s: %w", dir, err)
	}
	return res, nil
}

// embedder is the configured embedder: the OpenAI-compatible API when a key
// is set (or EMBEDDER=openai), the local one otherwise.
func (a *app) embedder() retrieval.Embedder {
	if !a.cfg.useOpenAIEmbeddings() {
		return retrieval.NewLocalEmbedder()
	}
	return retrieval.NewOpenAIEmbedder(retrieval.OpenAIConfig{
		APIKey:     a.cfg.OpenAIKey,
		BaseURL:    a.cfg.OpenAIBaseURL,
		Model:      a.cfg.EmbeddingModel,
		Dimensions: a.cfg.EmbeddingDimensions,
		Logger:     a.logger,
	})
}

// corpusSource is the corpus at dir, or the embedded seed when dir is "".
func (a *app) corpusSource(dir string) *retrieval.Source {
	src := &retrieval.Source{Path: dir, Load: func(ctx context.Context, known corpus.Known) (*corpus.Result, error) {
		res, err := a.loadCorpusKnown(ctx, dir, known)
		if err == nil {
			a.reportSkipped(res)
		}
		return res, err
	}}
	if dir == "" {
		src.FS = corpus.Seed()
	}
	return src
}

// openIndex returns the index for the command's flags (see openLibrary).
func (a *app) openIndex(ctx context.Context, f corpusFlags) (*retrieval.Index, string, error) {
	h, dir, err := a.openLibrary(ctx, f)
	if err != nil {
		return nil, dir, err
	}
	return h.Index(), dir, nil
}

// searchOptions returns ix searching with the shipped options and, when
// dictionaries are installed (DICTIONARY_DIR), translating questions
// into the corpus's other languages with them, names added
// (retrieval.WithNames).
func (a *app) searchOptions(ix *retrieval.Index) *retrieval.Index {
	o := retrieval.DefaultSearchOptions()
	if dir := a.cfg.DictionaryDir; dir != "" && dir != "none" {
		lib, err := dictd.Open(dir)
		if err != nil {
			a.logger.Warn("dictionaries unavailable", "dir", dir, "err", err)
		} else if pairs := lib.Pairs(); len(pairs) > 0 {
			a.logger.Info("dictionaries for cross-language retrieval", "dir", dir, "pairs", pairs)
			o.Translate = retrieval.WithNames(lib.TranslateQueries)
		}
	}
	ix.SetOptions(o)
	return ix
}

// dictionaryPairs returns the language pairs ("de→fr") of the FreeDict
// dictionaries in DICTIONARY_DIR (by default /usr/share/dictd, where
// Debian installs them), sorted; none when the folder has none or is
// "none".
func (a *app) dictionaryPairs() []string {
	dir := a.cfg.DictionaryDir
	if dir == "" || dir == "none" {
		return nil
	}
	lib, err := dictd.Open(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, p := range lib.Pairs() {
		out = append(out, strings.Replace(p, "-", "→", 1))
	}
	sort.Strings(out)
	return out
}

// openLibrary returns the holder of the index for the command's flags: in
// the database when one is configured, else in the index directory. When
// the corpus is known (flag, CORPUS_DIR, or the default seed with the
// default index), the index is built when missing and refreshed when the
// corpus changed; with only --index given, the index is opened as it is.
// An index the user placed (--index, INDEX_DIR) that is damaged or of
// another embedder is refused with a hint to run "verbatim index"; one in
// the cache directory is rebuilt. It returns the index directory too ("" for
// the database).
func (a *app) openLibrary(ctx context.Context, f corpusFlags) (*library.Holder, string, error) {
	cdir := a.corpusDir(f)
	cfg := library.Config{
		Source:   a.corpusSource(cdir),
		Embedder: a.embedder(),
		Build:    a.buildOptions(),
		Ready:    func(ix *retrieval.Index) { a.searchOptions(ix) },
		Wrap:     a.obs.served,
		Logger:   a.logger,
	}
	dir := ""
	if url := a.databaseURL(f); url != "" {
		s, err := a.connectStore(ctx, url)
		if err != nil {
			return nil, "", err
		}
		cfg.Store = library.Database{Store: s, Poll: a.cfg.DatabaseWatch}
	} else {
		idir := f.index
		if idir == "" {
			idir = a.cfg.IndexDir
		}
		var err error
		if dir, err = indexDirFor(idir, cdir); err != nil {
			return nil, "", err
		}
		cfg.Store = library.Dir{Path: dir, Placed: idir != ""}
		cfg.AsIs = f.index != "" && cdir == ""
	}
	h, rep, err := library.Open(ctx, cfg)
	a.obs.indexRun(metrics.TriggerStart, err)
	if errors.Is(err, retrieval.ErrNoIndex) && cfg.AsIs {
		return nil, dir, fmt.Errorf("no index in %s: run \"verbatim index --index %s --corpus DIR\" first", dir, dir)
	}
	if err != nil {
		return nil, dir, err
	}
	if rep.Added+rep.Updated+rep.Removed > 0 {
		a.logger.Info("index ready", "corpus", corpusLabel(cdir), "articles", rep.Articles, "chunks", rep.Chunks, "embedded", rep.Embedded, "seconds", rep.Seconds)
	}
	return h, dir, nil
}

// requireArticles refuses an index without any article: a mistyped
// CORPUS_DIR would otherwise look like a corpus with nothing on the
// question.
func (a *app) requireArticles(h *library.Holder, f corpusFlags) error {
	if h.Info().Articles > 0 {
		return nil
	}
	if cdir := a.corpusDir(f); cdir != "" {
		return fmt.Errorf("corpus %s has no readable article (.txt, .md, .html, .json or .jsonl): check --corpus or CORPUS_DIR; verbatim inspect %s lists what was read and skipped", cdir, cdir)
	}
	return errors.New("the index has no article: run \"verbatim index --corpus DIR\" first")
}

// maxSkippedShown bounds the skipped files listed on stderr by the
// commands that do not print a report (chat, ask, search, serve).
const maxSkippedShown = 10

// reportSkipped lists the files the loader skipped on stderr, once.
func (a *app) reportSkipped(res *corpus.Result) {
	if len(res.Skipped) == 0 {
		return
	}
	fmt.Fprintf(a.stderr, "verbatim: %d file(s) skipped:\n", len(res.Skipped))
	for i, s := range res.Skipped {
		if i == maxSkippedShown {
			fmt.Fprintf(a.stderr, "  … and %d more (verbatim inspect lists them all)\n", len(res.Skipped)-i)
			break
		}
		fmt.Fprintf(a.stderr, "  %s: %s\n", s.Path, s.Reason)
	}
}

func corpusLabel(dir string) string {
	if dir == "" {
		return "embedded seed"
	}
	return dir
}

// newProgress returns a progress callback writing to w: a bar redrawn in
// place on a terminal, a plain line every tenth otherwise. Small runs print
// nothing.
func newProgress(w io.Writer, label string) func(done, total int) {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	lastTenth := -1
	return func(done, total int) {
		if total < 200 {
			return
		}
		if tty {
			const width = 30
			n := done * width / total
			fmt.Fprintf(w, "\r%s [%s%s] %3d%% %d/%d", label, strings.Repeat("#", n), strings.Repeat(" ", width-n), done*100/total, done, total)
			if done >= total {
				fmt.Fprintln(w)
			}
			return
		}
		if tenth := done * 10 / total; tenth != lastTenth {
			lastTenth = tenth
			fmt.Fprintf(w, "%s: %d/%d chunks (%d%%)\n", label, done, total, done*100/total)
		}
	}
}
