package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"verbatim/corpus"
)

type inspectArticle struct {
	ID            string `json:"id"`
	Title         string `json:"title"`
	Date          string `json:"date"`
	DatePrecision string `json:"date_precision"`
	Lang          string `json:"lang"`
	Source        string `json:"source"`
	URL           string `json:"url"`
	Chars         int    `json:"chars"`
	Chunks        int    `json:"chunks"`
}

type inspectReport struct {
	Articles []inspectArticle `json:"articles"`
	Skipped  []corpus.Skipped `json:"skipped"`
	Totals   struct {
		Articles int `json:"articles"`
		Chunks   int `json:"chunks"`
		Skipped  int `json:"skipped"`
	} `json:"totals"`
	// Dictionaries are the FreeDict dictionaries found for questions in
	// another language than the articles'.
	Dictionaries inspectDictionaries `json:"dictionaries"`
}

// inspectDictionaries is the dictionary folder and the pairs it covers.
type inspectDictionaries struct {
	Dir   string   `json:"dir"`
	Pairs []string `json:"pairs"`
}

func runInspect(ctx context.Context, a *app, args []string) error {
	fs := a.flags("inspect", "[--json] [PATH]")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := a.parse(fs, args); err != nil {
		return done(err)
	}
	if fs.NArg() > 1 {
		return usagef("inspect takes at most one PATH")
	}
	dir := a.corpusDir(corpusFlags{}) // CORPUS_DIR, else the data folder feeds wrote, else the seed
	if fs.NArg() == 1 {
		dir = fs.Arg(0)
	}
	res, err := a.loadCorpus(ctx, dir)
	if err != nil {
		return err
	}
	rep := inspectReport{Articles: []inspectArticle{}, Skipped: res.Skipped}
	if rep.Skipped == nil {
		rep.Skipped = []corpus.Skipped{}
	}
	for _, art := range res.Articles {
		n := len(corpus.Split(art, corpus.DefaultChunkOptions))
		rep.Articles = append(rep.Articles, inspectArticle{
			ID: art.ID, Title: art.Title, Date: art.Date.String(), DatePrecision: art.Date.Precision.String(),
			Lang: art.Lang, Source: art.Source, URL: art.URL, Chars: utf8.RuneCountInString(art.Text), Chunks: n,
		})
		rep.Totals.Chunks += n
	}
	rep.Totals.Articles = len(rep.Articles)
	rep.Totals.Skipped = len(rep.Skipped)
	rep.Dictionaries = inspectDictionaries{Dir: a.cfg.DictionaryDir, Pairs: a.dictionaryPairs()}
	if rep.Dictionaries.Pairs == nil {
		rep.Dictionaries.Pairs = []string{}
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tDATE\tPRECISION\tLANG\tCHARS\tCHUNKS")
	for _, r := range rep.Articles {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\n", r.ID, clip(r.Title, 60), orDash(r.Date), orDash(r.DatePrecision), orDash(r.Lang), r.Chars, r.Chunks)
	}
	tw.Flush()
	if len(rep.Skipped) > 0 {
		fmt.Fprintln(a.stdout, "\nSkipped:")
		for _, s := range rep.Skipped {
			fmt.Fprintf(a.stdout, "  %s: %s\n", s.Path, s.Reason)
		}
	}
	fmt.Fprintf(a.stdout, "\n%d articles, %d chunks, %d skipped\n", rep.Totals.Articles, rep.Totals.Chunks, rep.Totals.Skipped)
	if d := rep.Dictionaries; len(d.Pairs) > 0 {
		fmt.Fprintf(a.stdout, "Dictionaries for questions in another language (%s): %s\n", d.Dir, strings.Join(d.Pairs, ", "))
	} else if d.Dir != "none" {
		fmt.Fprintf(a.stdout, "No dictionary in %s: questions in another language than the articles' are matched by names and numbers only (apt-get install dict-freedict-deu-fra dict-freedict-eng-fra ...)\n", orDash(d.Dir))
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// clip shortens s to at most n runes, ending with an ellipsis when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
