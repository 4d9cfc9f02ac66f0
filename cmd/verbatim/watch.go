package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"verbatim/bot"
	"verbatim/bot/library"
	"verbatim/bot/terminal"
	"verbatim/watch"
	"verbatim/watch/pgwatch"
)

// Consumers of the watches: the bot alerts the chats' watches, verbatim
// watch run the terminal's.
const (
	consumerTelegram = "telegram"
	consumerTerminal = "terminal"
)

// watchStore is where the watches are kept: the PostgreSQL database when
// the index is there, else watches.db in the index directory.
func (a *app) watchStore(ctx context.Context, indexDir string) (watch.Store, error) {
	if a.store != nil {
		return pgwatch.Open(ctx, a.store.Pool())
	}
	return watch.OpenBolt(filepath.Join(indexDir, "watches.db"))
}

// watchEngine returns the matcher of consumer's watches, answering with
// the configured model (or extractively) over the new articles only.
func (a *app) watchEngine(store watch.Store, consumer string, deliver watch.Deliver) (*watch.Engine, error) {
	model := a.chatModel()
	return watch.NewEngine(watch.Config{
		Store:    store,
		Consumer: consumer,
		Terminal: consumer == consumerTerminal,
		NewCore: func(lib bot.Library) *bot.Core {
			// No observer: alerts are not questions in the metrics.
			return bot.NewCore(lib, bot.Config{Model: model, Logger: a.logger, Now: a.now})
		},
		Deliver:  deliver,
		Now:      a.now,
		Logger:   a.logger,
		Observer: a.obs.watchObserver(),
	})
}

const watchUsage = `Usage: verbatim watch add "QUESTION OR TOPIC" | list | remove N | run [--json]
  add     alert on the articles published from now on that answer it
  list    the watches, numbered, with when each last fired
  remove  stop watch N (its number in list)
  run     print the alerts for the articles published since the last run
Flags of every subcommand: [--corpus DIR] [--index DIR] [--database URL]`

func runWatch(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) == 0 {
			return usagef("%s", strings.ReplaceAll(watchUsage, "\n", "; "))
		}
		fmt.Fprintln(a.stdout, watchUsage)
		printExamples(a.stdout, "watch")
		return nil
	}
	sub := args[0]
	switch sub {
	case "add", "list", "remove", "run":
	default:
		return usagef("unknown watch command %q (see verbatim watch --help)", sub)
	}
	fs := a.flags("watch "+sub, "[flags]")
	var cf corpusFlags
	cf.register(fs, true)
	asJSON := fs.Bool("json", false, "print the alerts as one JSON object (run)")
	if err := a.parse(fs, args[1:]); err != nil {
		return done(err)
	}
	arg := strings.TrimSpace(strings.Join(fs.Args(), " "))
	switch {
	case sub == "add" && arg == "":
		return usagef("watch add needs a question or topic: verbatim watch add \"QUESTION\"")
	case sub == "remove" && arg == "":
		return usagef("watch remove needs the number of a watch (see verbatim watch list)")
	case (sub == "list" || sub == "run") && arg != "":
		return usagef("watch %s takes no arguments", sub)
	}
	h, dir, err := a.openLibrary(ctx, cf)
	if err != nil {
		return err
	}
	store, err := a.watchStore(ctx, dir)
	if err != nil {
		return err
	}
	switch sub {
	case "add":
		// The articles served now are older than the watch: noted first,
		// never alerted for it.
		e, err := a.watchEngine(store, consumerTerminal, func(context.Context, watch.Alert) error { return nil })
		if err != nil {
			return err
		}
		if err := e.Note(ctx, h.Index()); err != nil {
			return err
		}
		w, err := store.Add(ctx, watch.Watch{Text: arg, Created: a.now()})
		if err != nil {
			return err
		}
		ws, _ := store.List(ctx, 0, false)
		fmt.Fprintf(a.stdout, "Watch %d added: %s\n", len(ws), w.Text)
		return nil
	case "list":
		ws, err := store.List(ctx, 0, false)
		if err != nil {
			return err
		}
		if len(ws) == 0 {
			fmt.Fprintln(a.stdout, "No watches. Add one with: verbatim watch add \"QUESTION\"")
		}
		for i, w := range ws {
			fmt.Fprintf(a.stdout, "%d. %s (%s)\n", i+1, w.Text, lastFired(w.LastFired))
		}
		return nil
	case "remove":
		n, err := strconv.Atoi(arg)
		ws, lerr := store.List(ctx, 0, false)
		if lerr != nil {
			return lerr
		}
		if err != nil || n < 1 || n > len(ws) {
			return usagef("no watch %q: verbatim watch list numbers them 1 to %d", arg, len(ws))
		}
		if err := store.Remove(ctx, 0, ws[n-1].ID); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "Watch %d removed: %s\n", n, ws[n-1].Text)
		return nil
	}
	var alerts []watch.Alert
	e, err := a.watchEngine(store, consumerTerminal, func(_ context.Context, al watch.Alert) error {
		alerts = append(alerts, al)
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := e.Resume(ctx, h.Index()); err != nil {
		return err
	}
	if _, err := e.Match(ctx, h.Index()); err != nil {
		return err
	}
	if *asJSON {
		type alertJSON struct {
			Watch     string         `json:"watch"`
			Verdict   bot.Verdict    `json:"verdict"`
			Answer    string         `json:"answer"`
			Citations []bot.Citation `json:"citations"`
		}
		out := struct {
			Alerts []alertJSON `json:"alerts"`
		}{Alerts: []alertJSON{}}
		for _, al := range alerts {
			out.Alerts = append(out.Alerts, alertJSON{Watch: al.Watch.Text, Verdict: al.Answer.Verdict, Answer: al.Answer.Text, Citations: al.Answer.Citations})
		}
		return json.NewEncoder(a.stdout).Encode(out)
	}
	if len(alerts) == 0 {
		fmt.Fprintln(a.stdout, "No new article answers a watch.")
	}
	for _, al := range alerts {
		fmt.Fprintf(a.stdout, "▶ %s\n", al.Watch.Text)
		terminal.Render(a.stdout, al.Answer)
	}
	return nil
}

// lastFired says when a watch last alerted.
func lastFired(t time.Time) string {
	if t.IsZero() {
		return "never fired"
	}
	return "last fired " + t.UTC().Format("2006-01-02 15:04 UTC")
}

// watchObserver records the alerts and watches in the metrics, nil when
// they are off.
func (o *observability) watchObserver() watch.Observer {
	if o == nil || o.reg == nil {
		return nil
	}
	return o.reg.Alerts()
}

// startWatches matches the chats' watches against every publication the
// holder swaps in (feeds, /add, /reindex, other replicas'), in the
// background until ctx is done.
func (a *app) startWatches(ctx context.Context, h *library.Holder, store watch.Store, deliver watch.Deliver) error {
	e, err := a.watchEngine(store, consumerTelegram, deliver)
	if err != nil {
		return err
	}
	h.OnSwap(e.Publish)
	go e.Run(ctx, h.Index)
	return nil
}
