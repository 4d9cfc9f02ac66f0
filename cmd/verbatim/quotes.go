package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"verbatim/quotes"
)

// errNoSpeaker is the usage error of quotes without a name.
var errNoSpeaker = usagef("quotes needs a name: verbatim quotes NAME [TOPIC…]")

// runQuotes prints what a person said in the archive: their attributed
// quotations, newest first, narrowed to a topic when one follows the
// name.
func runQuotes(ctx context.Context, a *app, args []string) error {
	fs := a.flags("quotes", "[--json] [--index DIR] [--corpus DIR] NAME [TOPIC…]")
	var cf corpusFlags
	cf.register(fs, true)
	asJSON := fs.Bool("json", false, "print the quotations as one JSON object")
	if err := a.parse(fs, args); err != nil {
		return done(err)
	}
	if fs.NArg() == 0 || strings.TrimSpace(fs.Arg(0)) == "" {
		return errNoSpeaker
	}
	name, topic := fs.Arg(0), strings.Join(fs.Args()[1:], " ")
	ix, _, err := a.openIndex(ctx, cf)
	if err != nil {
		return err
	}
	s, err := quotes.BySpeaker(ctx, ix, name, topic)
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(a.stdout).Encode(s)
	}
	if len(s.Quotes) == 0 {
		if topic != "" {
			fmt.Fprintf(a.stdout, "no quotation of %s about %q in the archive\n", name, topic)
		} else {
			fmt.Fprintf(a.stdout, "no quotation of %s in the archive\n", name)
		}
		return nil
	}
	fmt.Fprintf(a.stdout, "%s: %s, newest first\n", s.Speaker, plural("en", len(s.Quotes), "quotation", "quotations"))
	for _, q := range s.Quotes {
		fmt.Fprintf(a.stdout, "\n« %s »\n  — %s, %s", q.Quote, q.Speaker, q.Title)
		if d := q.When.Display(q.Lang); d != "" {
			fmt.Fprintf(a.stdout, ", %s", d)
		}
		if q.URL != "" {
			fmt.Fprintf(a.stdout, " <%s>", q.URL)
		}
		fmt.Fprintln(a.stdout)
	}
	return nil
}
