package main

import (
	"context"
	"encoding/json"
	"strings"

	"verbatim/bot/terminal"
	"verbatim/quotes"
)

// errNoSpeaker is the usage error of quotes without a name.
var errNoSpeaker = usagef("quotes needs a name: verbatim quotes NAME [TOPIC…]")

// runQuotes prints what a person said in the archive: their attributed
// quotations, newest first, narrowed to a topic when one follows the
// name.
func runQuotes(ctx context.Context, a *app, args []string) error {
	fs := a.flags("quotes", "[--json] [--lang LANG] [--index DIR] [--corpus DIR] NAME [TOPIC…]")
	var cf corpusFlags
	cf.register(fs, true)
	asJSON := fs.Bool("json", false, "print the quotations as one JSON object")
	lang := langFlag(fs)
	if err := a.parse(fs, args); err != nil {
		return done(err)
	}
	if err := checkLang(*lang); err != nil {
		return err
	}
	if fs.NArg() == 0 || strings.TrimSpace(fs.Arg(0)) == "" {
		return errNoSpeaker
	}
	ix, _, err := a.openIndex(ctx, cf)
	if err != nil {
		return err
	}
	var (
		s     quotes.Spoken
		topic string
	)
	if name := fs.Arg(0); strings.ContainsAny(strings.TrimSpace(name), " \t") {
		// A name given as one argument ("Maria Zakharova") is the name.
		topic = strings.Join(fs.Args()[1:], " ")
		s, err = quotes.BySpeaker(ctx, ix, name, topic)
	} else {
		// Unquoted words are read as /quotes reads them: verbatim quotes
		// Maria Zakharova sanctions.
		s, _, topic, err = quotes.BySpeakerArgs(ctx, ix, strings.Join(fs.Args(), " "))
		if err == nil && len(s.Quotes) == 0 {
			// None found: say so of the name and topic as the shell
			// split them.
			topic = strings.Join(fs.Args()[1:], " ")
			s, err = quotes.BySpeaker(ctx, ix, fs.Arg(0), topic)
		}
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(a.stdout).Encode(s)
	}
	terminal.RenderQuotes(a.stdout, a.outputLang(*lang, topic), s, topic)
	return nil
}
