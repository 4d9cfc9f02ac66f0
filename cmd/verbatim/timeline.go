package main

import (
	"context"
	"encoding/json"
	"strings"

	"verbatim/bot/terminal"
	"verbatim/quotes"
)

// errNoTopic is the usage error of timeline without a topic.
var errNoTopic = usagef("timeline needs a topic: verbatim timeline TOPIC (a date phrase narrows it: \"Sandy en novembre\")")

// runTimeline lays out what the archive says about a topic in date
// order, one line per article.
func runTimeline(ctx context.Context, a *app, args []string) error {
	fs := a.flags("timeline", "[--json] [--lang LANG] [--index DIR] [--corpus DIR] TOPIC…")
	var cf corpusFlags
	cf.register(fs, true)
	asJSON := fs.Bool("json", false, "print the timeline as one JSON object")
	lang := langFlag(fs)
	if err := a.parse(fs, args); err != nil {
		return done(err)
	}
	if err := checkLang(*lang); err != nil {
		return err
	}
	topic := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if topic == "" {
		return errNoTopic
	}
	ix, _, err := a.openIndex(ctx, cf)
	if err != nil {
		return err
	}
	c, err := quotes.Timeline(ctx, ix, topic, a.now())
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(a.stdout).Encode(c)
	}
	terminal.RenderTimeline(a.stdout, a.outputLang(*lang, topic), c)
	return nil
}
