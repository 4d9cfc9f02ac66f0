package main

import (
	"context"
	"encoding/json"
	"strings"

	"verbatim/bot/terminal"
	"verbatim/quotes"
)

// errNoCheckText is the usage error of a check without any text.
var errNoCheckText = usagef("check needs a text: verbatim check \"TEXT\", or one text per line on stdin")

// runCheck says where each text comes from: exact, altered (with the
// changes) or not found in the archive.
func runCheck(ctx context.Context, a *app, args []string) error {
	fs := a.flags("check", "[--json] [--lang LANG] [--index DIR] [--corpus DIR] [TEXT]")
	var cf corpusFlags
	cf.register(fs, true)
	asJSON := fs.Bool("json", false, "print each verdict as one JSON object")
	lang := langFlag(fs)
	if err := a.parse(fs, args); err != nil {
		return done(err)
	}
	if err := checkLang(*lang); err != nil {
		return err
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
		// Each text read from stdin is answered in its own language.
		terminal.RenderCheck(a.stdout, a.outputLang(*lang, text), text, c)
		return nil
	}
	return eachInput(single, a.stdin, errNoCheckText, one)
}
