package watch

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestEngineAlertsOnce runs the acceptance story on the embedded store: a
// watch, then a publication of two articles, one answering it: one alert
// quoting only that article; the same library again, a restarted engine,
// and a removed watch give none.
func TestEngineAlertsOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	store, err := OpenBolt(filepath.Join(dir, "watches.db"))
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: t0.Add(-time.Hour)}
	out := &alerts{}
	e := newEngine(t, store, clk, out)

	// The archive is served before the watch exists.
	ixDir := t.TempDir()
	ix := library(t, ixDir, map[string]string{"budget.txt": archiveText})
	if _, err := e.Match(ctx, ix); err != nil {
		t.Fatal(err)
	}
	clk.add(time.Hour)
	w, err := store.Add(ctx, Watch{Chat: 42, Text: watchText, Created: clk.now()})
	if err != nil {
		t.Fatal(err)
	}
	other, _ := store.Add(ctx, Watch{Chat: 43, Text: "Combien coûte le budget de la ville ?", Created: clk.now()})
	clk.add(time.Minute)

	ix = library(t, ixDir, map[string]string{"budget.txt": archiveText, "reforme.txt": reformText, "incendie.txt": fireText})
	rep, err := e.Match(ctx, ix)
	if err != nil {
		t.Fatal(err)
	}
	got := out.take()
	if len(got) != 1 {
		t.Fatalf("%d alerts (%+v), want 1", len(got), rep)
	}
	if got[0].Watch.ID != w.ID || got[0].Watch.Chat != 42 {
		t.Errorf("alert for watch %+v, want %d in chat 42", got[0].Watch, w.ID)
	}
	if cited := citedArticles(got[0]); len(cited) == 0 || slices.ContainsFunc(cited, func(id string) bool { return id != "reforme.txt" }) {
		t.Errorf("alert quotes %v, want reforme.txt only", cited)
	}
	if rep.New != 2 || rep.Alerts != 1 {
		t.Errorf("report %+v, want 2 new articles and 1 alert", rep)
	}
	ws, _ := store.List(ctx, 42, false)
	if len(ws) != 1 || !ws[0].LastFired.Equal(clk.now()) {
		t.Errorf("watch after the alert %+v, want last fired %v", ws, clk.now())
	}
	_ = other // the budget article is older than that watch: never alerted

	steps := []struct {
		name string
		run  func() (Report, error)
	}{
		{"same library again", func() (Report, error) { return e.Match(ctx, ix) }},
		{"restarted engine", func() (Report, error) { return newEngine(t, store, clk, out).Match(ctx, ix) }},
		{"reopened store", func() (Report, error) {
			s2, err := OpenBolt(filepath.Join(dir, "watches.db"))
			if err != nil {
				return Report{}, err
			}
			return newEngine(t, s2, clk, out).Match(ctx, ix)
		}},
	}
	for _, st := range steps {
		clk.add(time.Hour)
		if _, err := st.run(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := out.take(); len(got) != 0 {
			t.Errorf("%s: %d alerts, want none", st.name, len(got))
		}
	}

	// Removed, the watch is not matched against the next publication.
	if err := store.Remove(ctx, 42, w.ID); err != nil {
		t.Fatal(err)
	}
	if err := store.Remove(ctx, 42, w.ID); err != ErrNotFound {
		t.Errorf("second remove: %v, want ErrNotFound", err)
	}
	reform2 := "title: La réforme des retraites adoptée\ndate: 2026-12-07\n\nLe ministre a annoncé que « la réforme des retraites sera votée avant l'été » une nouvelle fois."
	ix = library(t, ixDir, map[string]string{"budget.txt": archiveText, "reforme.txt": reformText, "incendie.txt": fireText, "reforme2.txt": reform2})
	if _, err := e.Match(ctx, ix); err != nil {
		t.Fatal(err)
	}
	if got := out.take(); len(got) != 0 {
		t.Errorf("after /unwatch: %d alerts, want none", len(got))
	}
}
