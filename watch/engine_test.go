package watch

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
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

// TestEngineEligibility: an article fires only when first seen after the
// watch was created and not dated before it, and only on an answered
// verdict.
func TestEngineEligibility(t *testing.T) {
	tests := []struct {
		name string
		// before are served before the watch is created; after by the
		// publication after it.
		before, after map[string]string
		watch         string
		want          int
	}{
		{"new answering article", nil, map[string]string{"reforme.txt": reformText}, watchText, 1},
		{"already in the library", map[string]string{"reforme.txt": reformText}, map[string]string{"incendie.txt": fireText}, watchText, 0},
		{"dated before the watch", nil, map[string]string{"reforme.txt": replaceDate(reformText, "2026-12-01")}, watchText, 0},
		{"undated", nil, map[string]string{"reforme.txt": replaceDate(reformText, "")}, watchText, 1},
		{"new but not answering", nil, map[string]string{"incendie.txt": fireText}, watchText, 0},
		{"sharing no term", nil, map[string]string{"reforme.txt": reformText}, "Quel temps fera-t-il à Oslo ?", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			store, err := OpenBolt(filepath.Join(t.TempDir(), "w.db"))
			if err != nil {
				t.Fatal(err)
			}
			clk := &clock{t: t0.Add(-time.Hour)}
			out := &alerts{}
			e := newEngine(t, store, clk, out)
			ixDir := t.TempDir()
			files := map[string]string{"budget.txt": archiveText}
			for k, v := range tt.before {
				files[k] = v
			}
			if _, err := e.Match(ctx, library(t, ixDir, files)); err != nil {
				t.Fatal(err)
			}
			clk.add(time.Hour)
			if _, err := store.Add(ctx, Watch{Chat: 1, Text: tt.watch, Created: clk.now()}); err != nil {
				t.Fatal(err)
			}
			clk.add(time.Minute)
			for k, v := range tt.after {
				files[k] = v
			}
			if _, err := e.Match(ctx, library(t, ixDir, files)); err != nil {
				t.Fatal(err)
			}
			if got := len(out.take()); got != tt.want {
				t.Errorf("%d alerts, want %d", got, tt.want)
			}
		})
	}
}

// replaceDate sets the date line of an article text ("" removes it).
func replaceDate(text, date string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "date: ") {
			if date == "" {
				return strings.Join(append(lines[:i:i], lines[i+1:]...), "\n")
			}
			lines[i] = "date: " + date
		}
	}
	return strings.Join(lines, "\n")
}

// TestEngineDigestAndResend: a watch that fired minutes ago holds new
// answers back and sends them as one digest when due; an alert claimed
// but not delivered is sent again once, never twice.
func TestEngineDigestAndResend(t *testing.T) {
	ctx := context.Background()
	store, err := OpenBolt(filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: t0.Add(-time.Hour)}
	out := &alerts{}
	e := newEngine(t, store, clk, out)
	ixDir := t.TempDir()
	files := map[string]string{"budget.txt": archiveText}
	if _, err := e.Match(ctx, library(t, ixDir, files)); err != nil {
		t.Fatal(err)
	}
	clk.add(time.Hour)
	store.Add(ctx, Watch{Chat: 1, Text: watchText, Created: clk.now()})
	clk.add(time.Minute)

	files["reforme.txt"] = reformText
	if _, err := e.Match(ctx, library(t, ixDir, files)); err != nil {
		t.Fatal(err)
	}
	if got := len(out.take()); got != 1 {
		t.Fatalf("first publication: %d alerts, want 1", got)
	}
	// Two more answering articles within minutes: held back, then one digest.
	files["reforme2.txt"] = strings.Replace(reformText, "La réforme votée", "Retraites : la réforme votée", 1) + " Le calendrier est confirmé."
	clk.add(2 * time.Minute)
	rep, err := e.Match(ctx, library(t, ixDir, files))
	if err != nil {
		t.Fatal(err)
	}
	files["reforme3.txt"] = "title: Retraites : le calendrier du vote\ndate: 2026-12-07\n\nLa Première ministre a confirmé jeudi que la réforme des retraites sera votée en juin, avant la pause estivale, au terme d'une procédure accélérée."
	clk.add(2 * time.Minute)
	ix := library(t, ixDir, files)
	if rep, err = e.Match(ctx, ix); err != nil {
		t.Fatal(err)
	}
	if got := len(out.take()); got != 0 || rep.Retry.IsZero() {
		t.Fatalf("within the watch's interval: %d alerts, retry %v; want none, held back", got, rep.Retry)
	}
	clk.t = rep.Retry
	if _, err = e.Match(ctx, ix); err != nil {
		t.Fatal(err)
	}
	got := out.take()
	if len(got) != 1 {
		t.Fatalf("when due: %d alerts, want one digest", len(got))
	}
	if cited := citedArticles(got[0]); !slices.Contains(cited, "reforme2.txt") || !slices.Contains(cited, "reforme3.txt") || slices.Contains(cited, "reforme.txt") {
		t.Errorf("digest quotes %v, want reforme2.txt and reforme3.txt, not the article already alerted", cited)
	}

	// A delivery that fails leaves the claim unsent: resent once.
	clk.add(time.Hour)
	files["reforme4.txt"] = strings.Replace(reformText, "La réforme votée", "Encore la réforme", 1) + " Fin des débats."
	ix = library(t, ixDir, files)
	out.fail = 1
	if _, err := e.Match(ctx, ix); err != nil {
		t.Fatal(err)
	}
	if got := len(out.take()); got != 0 {
		t.Fatalf("failed delivery: %d alerts", got)
	}
	if n, _ := newEngine(t, store, clk, out).Resume(ctx, ix); n != 0 {
		t.Errorf("resent %d alerts before ResendAfter, want 0", n)
	}
	clk.add(5 * time.Minute)
	for i, want := range []int{1, 0} {
		n, err := newEngine(t, store, clk, out).Resume(ctx, ix)
		if err != nil {
			t.Fatal(err)
		}
		got := out.take()
		if n != want || len(got) != want {
			t.Errorf("restart %d: resent %d (%d delivered), want %d", i+1, n, len(got), want)
		}
		if len(got) == 1 && (!got[0].Resent || !slices.Equal(slices.Compact(citedArticles(got[0])), []string{"reforme4.txt"})) {
			t.Errorf("resent alert %+v, want reforme4.txt marked resent", got[0])
		}
	}
}
