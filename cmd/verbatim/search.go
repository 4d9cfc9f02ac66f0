package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"verbatim/corpus"
	"verbatim/retrieval"
)

type searchHit struct {
	Rank    int     `json:"rank"`
	Score   float64 `json:"score"`
	DocID   string  `json:"doc_id"`
	ChunkID string  `json:"chunk_id"`
	Title   string  `json:"title"`
	Date    string  `json:"date"`
	URL     string  `json:"url"`
	Text    string  `json:"text"`
}

type searchLine struct {
	Query   string      `json:"query"`
	Results []searchHit `json:"results"`
}

// dateRange parses the --from/--to pair: each is any date form the corpus
// understands, taken at its precision (--to 2025-04 includes all of April).
func dateRange(from, to string) (time.Time, time.Time, error) {
	var f, t time.Time
	if from != "" {
		d, err := corpus.ParseDate(from)
		if err != nil {
			return f, t, usagef("--from: %v", err)
		}
		f = d.Start()
	}
	if to != "" {
		d, err := corpus.ParseDate(to)
		if err != nil {
			return f, t, usagef("--to: %v", err)
		}
		t = d.End()
	}
	if !f.IsZero() && !t.IsZero() && !f.Before(t) {
		return f, t, usagef("--from must be before --to")
	}
	return f, t, nil
}

// eachInput calls fn with single, the text given on the command line, or
// when it is empty with each non-blank line of r, trimmed (see eachLine);
// it returns none when fn had nothing to be called with.
func eachInput(single string, r io.Reader, none error, fn func(text string) error) error {
	called := false
	call := func(text string) error {
		called = true
		return fn(text)
	}
	var err error
	if single != "" {
		err = call(single)
	} else {
		err = eachLine(r, call)
	}
	if err == nil && !called {
		return none
	}
	return err
}

// eachLine calls fn for every non-blank line of r, trimmed.
func eachLine(r io.Reader, fn func(line string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if err := fn(line); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read stdin: %w", err)
	}
	return nil
}

func runSearch(ctx context.Context, a *app, args []string) error {
	fs := a.flags("search", "[--index DIR] [--k 10] [--from DATE] [--to DATE] [--json] [QUERY]")
	var cf corpusFlags
	cf.register(fs, true)
	k := fs.Int("k", 10, "number of passages")
	from := fs.String("from", "", "only articles dated from DATE (2025, 2025-04, 2025-04-26, 26 avril 2025...)")
	to := fs.String("to", "", "only articles dated up to DATE, inclusive at its precision")
	asJSON := fs.Bool("json", false, "one JSON line per query")
	if err := a.parse(fs, args); err != nil {
		return done(err)
	}
	if *k <= 0 {
		return usagef("--k must be positive")
	}
	f, t, err := dateRange(*from, *to)
	if err != nil {
		return err
	}
	ix, _, err := a.openIndex(ctx, cf)
	if err != nil {
		return err
	}
	one := func(q string) error {
		res, err := ix.Search(ctx, retrieval.Query{Text: q, K: *k, From: f, To: t, Now: a.now()})
		if err != nil {
			return fmt.Errorf("search %q: %w", q, err)
		}
		if *asJSON {
			line := searchLine{Query: q, Results: []searchHit{}}
			for _, r := range res {
				c := r.Chunk
				line.Results = append(line.Results, searchHit{Rank: r.Rank, Score: r.Score, DocID: c.DocID, ChunkID: c.ID, Title: c.Title, Date: c.Date.String(), URL: c.URL, Text: c.Text})
			}
			return json.NewEncoder(a.stdout).Encode(line)
		}
		printResults(a.stdout, q, res)
		return nil
	}
	if fs.NArg() > 0 {
		return one(strings.Join(fs.Args(), " "))
	}
	return eachLine(a.stdin, one)
}

// printResults writes a readable list of passages.
func printResults(w io.Writer, q string, res []retrieval.Result) {
	fmt.Fprintf(w, "Query: %s\n", q)
	if len(res) == 0 {
		fmt.Fprintln(w, "  no passage found")
	}
	for _, r := range res {
		c := r.Chunk
		date := c.Date.Display(c.Lang)
		if date == "" {
			date = "undated"
		}
		fmt.Fprintf(w, "\n%d. %s — %s  (score %.4f, %s)\n", r.Rank, c.Title, date, r.Score, c.ID)
		if c.URL != "" {
			fmt.Fprintf(w, "   %s\n", c.URL)
		}
		fmt.Fprintf(w, "   %s\n", strings.Join(strings.Fields(c.Text), " "))
	}
	fmt.Fprintln(w)
}
