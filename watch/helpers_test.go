package watch

import (
	"context"
	"io/fs"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/retrieval"
)

// Articles of the tests: an archive article, and the two a publication
// brings, one answering the watch, one not.
const (
	archiveText = "title: Le budget présenté au conseil\ndate: 2026-11-02\n\nLe maire a présenté mardi le budget de la ville, en hausse de trois pour cent. Les investissements portent sur les écoles et les routes."
	reformText  = "title: La réforme votée avant l'été, promet le ministre\ndate: 2026-12-07\nsource: Le Quotidien\n\nLe ministre du travail a déclaré mercredi que « la réforme des retraites sera votée avant l'été », lors d'un entretien accordé à une radio nationale. Cette annonce intervient après plusieurs semaines de négociations avec les partenaires sociaux."
	fireText    = "title: Incendie dans un entrepôt à Lyon\ndate: 2026-12-07\n\nUn incendie s'est déclaré lundi soir dans un entrepôt de la zone industrielle de Gerland, mobilisant près de quatre-vingts pompiers. « Le feu est maîtrisé, il n'y a aucun blessé », a indiqué le commandant des opérations de secours."
	// watchText is answered by reformText only.
	watchText = "Quand la réforme des retraites sera-t-elle votée ?"
)

// t0 is when the tests' watches are created.
var t0 = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// library builds the index of files (name -> text) in dir, reusing what
// is there.
func library(t testing.TB, dir string, files map[string]string) *retrieval.Index {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return buildFS(t, dir, fsys)
}

func buildFS(t testing.TB, dir string, fsys fs.FS) *retrieval.Index {
	t.Helper()
	res, err := corpus.Load(context.Background(), fsys, corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := retrieval.Build(context.Background(), filepath.Clean(dir), res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ix.SetOptions(retrieval.DefaultSearchOptions())
	return ix
}

// alerts collects delivered alerts; fail makes the next deliveries fail.
type alerts struct {
	mu   sync.Mutex
	got  []Alert
	fail int
}

func (a *alerts) deliver(_ context.Context, al Alert) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.fail > 0 {
		a.fail--
		return context.DeadlineExceeded
	}
	a.got = append(a.got, al)
	return nil
}

func (a *alerts) take() []Alert {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := a.got
	a.got = nil
	return out
}

// newEngine returns an engine of the chats' watches over store.
func newEngine(t testing.TB, store Store, clk *clock, out *alerts) *Engine {
	t.Helper()
	e, err := NewEngine(Config{
		Store:    store,
		Consumer: "telegram",
		NewCore: func(lib bot.Library) *bot.Core {
			return bot.NewCore(lib, bot.Config{Now: clk.now})
		},
		Deliver: out.deliver,
		Now:     clk.now,
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// citedArticles lists the articles an alert quotes.
func citedArticles(a Alert) []string {
	var out []string
	for _, c := range a.Answer.Citations {
		out = append(out, c.DocID)
	}
	return out
}
