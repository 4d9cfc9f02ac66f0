package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"verbatim/quotes"
)

// errNoCheckText is the usage error of a check without any text.
var errNoCheckText = usagef("check needs a text: verbatim check \"TEXT\", or one text per line on stdin")

// runCheck says where each text comes from: exact, altered (with the
// changes) or not found in the archive.
func runCheck(ctx context.Context, a *app, args []string) error {
	fs := a.flags("check", "[--json] [--index DIR] [--corpus DIR] [TEXT]")
	var cf corpusFlags
	cf.register(fs, true)
	asJSON := fs.Bool("json", false, "print each verdict as one JSON object")
	if err := a.parse(fs, args); err != nil {
		return done(err)
	}
	single := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if single == "" && (fs.NArg() > 0 || isTerminal(a.stdin)) {
		return errNoCheckText
	}
	ix, _, err := a.openIndex(ctx, cf)
	if err != nil {
		return err
	}
	one := func(text string) error {
		c, err := quotes.Check(ctx, ix, text)
		if err != nil {
			return err
		}
		if *asJSON {
			return json.NewEncoder(a.stdout).Encode(c)
		}
		renderChecked(a, text, c)
		return nil
	}
	return eachInput(single, a.stdin, errNoCheckText, one)
}

// renderChecked prints a verdict for a terminal.
func renderChecked(a *app, text string, c quotes.Checked) {
	switch c.Verdict {
	case quotes.NotFound:
		fmt.Fprintf(a.stdout, "not found: nothing in the archive is close to %q\n", text)
		return
	case quotes.Exact:
		fmt.Fprintln(a.stdout, "exact: the archive has these words")
	default:
		fmt.Fprintf(a.stdout, "altered (%s): the source says\n", strings.Join(c.Matches[0].Kinds, ", "))
	}
	for _, m := range c.Matches {
		fmt.Fprintf(a.stdout, "  « %s »\n  — %s", m.Quote, m.Title)
		if m.Date != "" {
			fmt.Fprintf(a.stdout, ", %s", m.Date)
		}
		if m.Speaker != "" {
			fmt.Fprintf(a.stdout, ", %s", m.Speaker)
		}
		if m.URL != "" {
			fmt.Fprintf(a.stdout, " <%s>", m.URL)
		}
		fmt.Fprintln(a.stdout)
		for _, ch := range m.Changes {
			switch ch.Op {
			case "delete":
				fmt.Fprintf(a.stdout, "    [-%s-]\n", ch.Source)
			case "insert":
				fmt.Fprintf(a.stdout, "    {+%s+}\n", ch.Text)
			default:
				fmt.Fprintf(a.stdout, "    [-%s-]{+%s+}\n", ch.Source, ch.Text)
			}
		}
	}
}
