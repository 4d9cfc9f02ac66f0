package retrieval

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"

	"verbatim/corpus"
)

// Source is the corpus an index is built from.
type Source struct {
	// Path is the corpus directory or file; when "", FS is.
	Path string
	// FS is an in-memory corpus such as corpus.Seed(), read when Path is "".
	FS fs.FS
	// Load loads the corpus; it is called only when the index must be
	// built or the corpus files changed. known, when not nil, gives the
	// articles of files unchanged since the index being served was built
	// (see corpus.LoadOptions.Known): they need not be read again.
	Load func(ctx context.Context, known corpus.Known) (*corpus.Result, error)
}

// State reads the state of the source's files, hashing only those whose
// size or modification time differ from prev.
func (s *Source) State(ctx context.Context, prev corpus.State) (corpus.State, error) {
	if s.Path != "" {
		return corpus.ReadState(ctx, s.Path, prev)
	}
	if s.FS != nil {
		return corpus.ReadStateFS(ctx, s.FS, nil, prev)
	}
	return corpus.State{}, errors.New("corpus state: no corpus")
}

// PrepareOptions tunes Prepare.
type PrepareOptions struct {
	// Placed is set when the user chose the index directory (--index,
	// INDEX_DIR): a damaged index, one of an older format or of another
	// embedder is then refused with an error saying how to rebuild it,
	// rather than rebuilt. An index in the cache directory is the
	// program's own and is rebuilt automatically.
	Placed bool
	// Build tunes a build when one is needed; its Logger logs Prepare too.
	Build BuildOptions
}

// Prepare returns the index in dir, ready for src: the saved one when the
// corpus files are as recorded at its build (same sizes and modification
// times, or same content for those that differ), without loading the
// corpus; else the corpus is loaded and the index built or updated. A
// damaged index, one of an older format or of another embedder is rebuilt
// with one log line, unless opts.Placed. With src nil the index is opened
// as it is. Temporary files of killed builds are removed first, when no
// build is running.
func Prepare(ctx context.Context, dir string, src *Source, e Embedder, opts PrepareOptions) (*Index, Report, error) {
	logger := opts.Build.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if _, err := os.Stat(dir); err == nil {
		if unlock, locked, err := lockDir(ctx, dir, false); err == nil && locked {
			removeTemps(dir, true, logger)
			unlock()
		}
	}
	ix, recorded, err := openSnapshot(dir, e)
	if src == nil {
		if ix != nil {
			ix.log = logger
		}
		return ix, Report{}, err
	}
	var mismatch *EmbedderMismatchError
	switch {
	case err == nil:
		cur, serr := src.State(ctx, recorded)
		if serr == nil && len(recorded.Files) > 0 && cur.Same(recorded) {
			if !ix.staleQuotations(opts.Build.Quoter) {
				ix.log = logger
				return ix, Report{Articles: len(ix.articles), Chunks: len(ix.chunks), Unchanged: len(ix.articles)}, nil
			}
			// Only the quotations are missing or of other rules: the
			// saved articles are not read again, nor chunks embedded.
			if opts.Build.Previous == nil {
				opts.Build.Previous = ix
			}
		}
	case errors.Is(err, ErrNoIndex):
	case errors.As(err, &mismatch) || errors.Is(err, ErrDamaged):
		if opts.Placed {
			return nil, Report{}, err
		}
		// Build logs the one line saying why it rebuilds.
	default:
		return nil, Report{}, err
	}
	return refresh(ctx, dir, src, e, opts.Build)
}

// Refresh loads src and updates the index in dir from it (see Build),
// recording the state of the corpus files for Prepare.
func Refresh(ctx context.Context, dir string, src *Source, e Embedder, opts BuildOptions) (*Index, Report, error) {
	return refresh(ctx, dir, src, e, opts)
}

func refresh(ctx context.Context, dir string, src *Source, e Embedder, opts BuildOptions) (*Index, Report, error) {
	// The state is read before the corpus: a file edited while loading
	// then looks changed at the next start, never the reverse.
	var prev corpus.State
	if opts.Previous != nil {
		prev = opts.Previous.corpus
	}
	st, err := src.State(ctx, prev)
	if err != nil {
		st = corpus.State{}
	}
	res, err := src.Load(ctx, knownArticles(opts.Previous, st))
	if err != nil {
		return nil, Report{}, err
	}
	opts.Corpus = st
	ix, rep, err := Build(ctx, dir, res, e, opts)
	if err != nil {
		return nil, rep, fmt.Errorf("build the index: %w", err)
	}
	return ix, rep, nil
}

// knownArticles gives the articles of served by file when the corpus only
// gained files since it was built (st holds every file it was built from,
// unchanged): a reindex after feeds or /add then reads only the new files.
// Otherwise (no served index, a file changed or removed) it is nil and the
// whole corpus is read, so that duplicate ids resolve as in a full load.
func knownArticles(served *Index, st corpus.State) corpus.Known {
	if served == nil || len(served.corpus.Files) == 0 || len(st.Files) == 0 {
		return nil
	}
	now := make(map[string]corpus.FileState, len(st.Files))
	for _, f := range st.Files {
		now[f.Path] = f
	}
	for _, f := range served.corpus.Files {
		if g, ok := now[f.Path]; !ok || g.Size != f.Size || g.Hash != f.Hash {
			return nil
		}
	}
	byPath := make(map[string][]int32, len(served.corpus.Files))
	for i, a := range served.articles {
		byPath[a.Path] = append(byPath[a.Path], int32(i))
	}
	return func(path string) ([]corpus.Article, bool) {
		pos, ok := byPath[path]
		if !ok {
			return nil, false
		}
		out := make([]corpus.Article, len(pos))
		for i, p := range pos {
			out[i] = served.articles[p]
		}
		return out, true
	}
}
