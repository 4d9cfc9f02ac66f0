package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"verbatim/quotes"
)

// errNoTopic is the usage error of timeline without a topic.
var errNoTopic = usagef("timeline needs a topic: verbatim timeline TOPIC (a date phrase narrows it: \"Sandy en novembre\")")

// runTimeline lays out what the archive says about a topic in date
// order, one line per article.
func runTimeline(ctx context.Context, a *app, args []string) error {
	fs := a.flags("timeline", "[--json] [--index DIR] [--corpus DIR] TOPIC…")
	var cf corpusFlags
	cf.register(fs, true)
	asJSON := fs.Bool("json", false, "print the timeline as one JSON object")
	if err := a.parse(fs, args); err != nil {
		return done(err)
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
	if len(c.Entries) == 0 {
		fmt.Fprintf(a.stdout, "no dated article about %q in the archive\n", topic)
		return nil
	}
	lang := c.Entries[0].Lang
	fmt.Fprintf(a.stdout, "%s: %s, %s\n", topic, plural("en", len(c.Entries), "article", "articles"), c.Span(lang))
	for _, e := range c.Entries {
		fmt.Fprintf(a.stdout, "\n%s — %s\n  « %s »", e.When.Display(e.Lang), e.Title, e.Quote)
		if e.URL != "" {
			fmt.Fprintf(a.stdout, " <%s>", e.URL)
		}
		fmt.Fprintln(a.stdout)
	}
	return nil
}
