package pgwatch

import (
	"context"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"verbatim/bot"
	"verbatim/corpus"
	"verbatim/retrieval"
	"verbatim/retrieval/pgstore/pgtest"
	"verbatim/watch"
)

// pool connects to the test's schema.
func pool(t *testing.T, url, schema string) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{schema}.Sanitize()
	p, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

func index(t *testing.T, dir string, files map[string]string) *retrieval.Index {
	t.Helper()
	fsys := fstest.MapFS{}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	res, err := corpus.Load(context.Background(), fsys, corpus.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := retrieval.Build(context.Background(), dir, res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ix.SetOptions(retrieval.DefaultSearchOptions())
	return ix
}

// TestTwoReplicasOneAlert: two replicas sharing the database match the
// same publication at the same time: one alert; a crash between claim and
// send is made good once by a restarted replica.
func TestTwoReplicasOneAlert(t *testing.T) {
	url, schema := pgtest.Schema(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	admin.Close(ctx)

	now := time.Now()
	var mu sync.Mutex
	var got []watch.Alert
	replica := func(fail bool) *watch.Engine {
		s, err := Open(ctx, pool(t, url, schema))
		if err != nil {
			t.Fatal(err)
		}
		e, err := watch.NewEngine(watch.Config{
			Store: s, Consumer: "telegram",
			NewCore: func(lib bot.Library) *bot.Core { return bot.NewCore(lib, bot.Config{}) },
			Deliver: func(_ context.Context, a watch.Alert) error {
				if fail {
					return context.DeadlineExceeded // the process stops before sending
				}
				mu.Lock()
				got = append(got, a)
				mu.Unlock()
				return nil
			},
			Now:         func() time.Time { return now },
			ResendAfter: time.Minute,
		})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	a, b := replica(false), replica(false)
	dir := t.TempDir()
	ix := index(t, dir, map[string]string{"budget.txt": "title: Le budget\ndate: 2025-11-02\n\nLe maire a présenté le budget de la ville."})
	for _, e := range []*watch.Engine{a, b} {
		if _, err := e.Match(ctx, ix); err != nil {
			t.Fatal(err)
		}
	}
	s, _ := Open(ctx, pool(t, url, schema))
	now = now.Add(time.Minute)
	w, err := s.Add(ctx, watch.Watch{Chat: 42, Text: "Quand la réforme des retraites sera-t-elle votée ?", Created: now})
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Minute)
	today := now.Format("2006-01-02")
	reform := "title: La réforme votée avant l'été\ndate: " + today + "\n\nLe ministre du travail a déclaré que « la réforme des retraites sera votée avant l'été »."
	fire := "title: Incendie à Lyon\ndate: " + today + "\n\nUn incendie s'est déclaré dans un entrepôt de Gerland ; aucun blessé."
	ix = index(t, dir, map[string]string{"budget.txt": "title: Le budget\ndate: 2025-11-02\n\nLe maire a présenté le budget de la ville.", "reforme.txt": reform, "incendie.txt": fire})
	var wg sync.WaitGroup
	for _, e := range []*watch.Engine{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.Match(ctx, ix); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if len(got) != 1 || got[0].Watch.ID != w.ID || got[0].Articles[0] != "reforme.txt" || len(got[0].Articles) != 1 {
		t.Fatalf("two replicas sent %d alerts (%+v), want one for reforme.txt", len(got), got)
	}
	got = nil
	for _, e := range []*watch.Engine{replica(false), replica(false)} {
		if _, err := e.Match(ctx, ix); err != nil {
			t.Fatal(err)
		}
	}
	if len(got) != 0 {
		t.Errorf("restarted replicas sent %d alerts, want none", len(got))
	}

	// A replica claims the next alert and stops before sending it: after
	// ResendAfter one restarted replica sends it, once.
	now = now.Add(20 * time.Minute)
	reform2 := "title: Retraites : le vote confirmé\ndate: " + today + "\n\nLa Première ministre a confirmé que la réforme des retraites sera votée en juin, avant l'été."
	ix = index(t, dir, map[string]string{"budget.txt": "title: Le budget\ndate: 2025-11-02\n\nLe maire a présenté le budget de la ville.", "reforme.txt": reform, "incendie.txt": fire, "reforme2.txt": reform2})
	if _, err := replica(true).Match(ctx, ix); err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Fatalf("crashed replica: %d alerts", len(got))
	}
	now = now.Add(2 * time.Minute)
	var resent int
	for _, e := range []*watch.Engine{replica(false), replica(false)} {
		n, err := e.Resume(ctx, ix)
		if err != nil {
			t.Fatal(err)
		}
		resent += n
	}
	if resent != 1 || len(got) != 1 || !got[0].Resent {
		t.Errorf("after the crash: %d resent, alerts %+v; want one resent alert", resent, got)
	}
}
