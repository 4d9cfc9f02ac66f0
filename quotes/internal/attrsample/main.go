// Command attrsample draws the held-out attribution sample of the shared
// corpora (Wikinews fr 2012 and the seed): the quotations between marks
// that are not in the training sample (testdata/attribution.jsonl holds
// all of them today, so none), and the sentences of reported speech: a
// sentence with no quotation mark that holds a speech verb of the frozen
// list below or "selon"/"d'après". They are drawn in a fixed pseudo-random
// order and written unlabelled (speaker "") for a person to label by
// reading each article, with the context to read them by. It never runs
// the attribution rules, so the labels cannot follow them, and its verb
// list is its own so that changing the rules does not change the draw.
//
//	go run ./quotes/internal/attrsample -n 220 -out quotes/testdata/attribution-heldout.jsonl -context /tmp/heldout.txt
//
// Run again with the same flags it draws the same quotations.
//
// With -ml it draws instead the multilingual sample of quotations between
// marks from the eval corpora (../shared/eval/dev: fr PIAF, en SQuAD, and
// the XQuAD translations de, ru, es), -per quotations per language, each
// with its part: "train" for an article at an even position (0, 2, …) of
// its corpus.jsonl, "heldout" for an odd one. The spans are those
// Attribute finds (quotes.Spans); their speakers are never read.
//
//	go run ./quotes/internal/attrsample -ml -per 44 -out quotes/testdata/attribution-ml.jsonl -context /tmp/ml.txt
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"verbatim/analysis"
	"verbatim/corpus"
	"verbatim/quotes"
)

// samplingVerbs are the speech verbs (folded) that make a sentence a
// candidate: the rules' French list as it was when the sample was drawn
// and more French forms (participles, present participles), frozen.
var samplingVerbs = strings.Fields(`declare declara declarait affirme affirma affirmait affirmant indique indiqua indiquait
precise precisa ajoute ajouta ajoutant explique expliqua expliquait estime estima estimant souligne souligna annonce annonca
dit disant assure assura confie confia raconte raconta lance lanca lache repond repondu repondit poursuit poursuivi poursuivre
conclut conclu resume denonce denonca deplore deplora regrette previent prevenu averti avertit reconnu reconnait insiste
rappelle rappele commente juge ecrit ecrivit releve admet admis souvient martele note observe promis decrit felicite rejoui
rencherit considere pense evoquant evoque qualifie qualifier souhaite retorque clame avoue temoigne condamne appele ajoutait
confirme confirma confirmait selon d'apres
rapporte rapporta signale signala mentionne revele revela reaffirme proclame revendique plaide demande demanda
accuse nie dement dementi exige appelle promet menace soutient soutenu informe communique suggere predit
declarant annoncant assurant expliquant precisant indiquant soulignant rappelant ajoutant affirmant jugeant
`)

// labelled is one line of an attribution sample.
type labelled struct {
	DocID   string `json:"doc_id"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Quote   string `json:"quote"`
	Speaker string `json:"speaker"`
	// Lang and Part are the multilingual sample's (-ml): the article's
	// language, and "train" or "heldout".
	Lang string `json:"lang,omitempty"`
	Part string `json:"part,omitempty"`
	// Note says why a quotation has no speaker when it is no speech
	// (a title, a name, scare quotes), for the reader of the labels.
	Note string `json:"note,omitempty"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "attrsample:", err)
		os.Exit(1)
	}
}

func run() error {
	shared := flag.String("corpus", "../shared/corpus", "directory of the shared corpora")
	exclude := flag.String("exclude", "quotes/testdata/attribution.jsonl", "training sample whose quotations are left out")
	n := flag.Int("n", 220, "quotations to draw (all when fewer)")
	out := flag.String("out", "", "unlabelled sample to write (JSONL)")
	ctxOut := flag.String("context", "", "file to write each quotation's context to, for labelling")
	ml := flag.Bool("ml", false, "draw the multilingual sample of the eval corpora instead")
	evalDir := flag.String("eval", "../shared/eval/dev", "directory of the eval corpora (with -ml)")
	per := flag.Int("per", 44, "quotations per language (with -ml)")
	flag.Parse()
	if *out == "" {
		return errors.New("usage: attrsample -out FILE [-context FILE] [-n N] [-ml [-per N]]")
	}
	if *ml {
		pool, arts, err := drawMultilingual(*evalDir, *per)
		if err != nil {
			return err
		}
		if err := writeJSONL(*out, pool); err != nil {
			return err
		}
		if *ctxOut != "" {
			return writeContext(*ctxOut, pool, arts)
		}
		return nil
	}
	seen, err := readStarts(*exclude)
	if err != nil {
		return err
	}
	arts := map[string]corpus.Article{}
	var ids []string
	for _, dir := range []string{"wikinews-fr-2012", "seed"} {
		res, err := corpus.LoadPath(context.Background(), filepath.Join(*shared, dir), corpus.LoadOptions{})
		if err != nil {
			return err
		}
		for _, a := range res.Articles {
			arts[a.ID] = a
			ids = append(ids, a.ID)
		}
	}
	sort.Strings(ids)
	var pool []labelled
	langs := map[string]int{}
	for _, id := range ids {
		a := arts[id]
		langs[a.Lang]++
		for _, q := range quotes.Attribute(a) {
			if seen[key(id, q.Start)] {
				continue
			}
			pool = append(pool, labelled{DocID: id, Start: q.Start, End: q.End, Quote: q.Text(a.Text)})
		}
		for _, sp := range reportedSentences(a.Text) {
			pool = append(pool, labelled{DocID: id, Start: sp[0], End: sp[1], Quote: a.Text[sp[0]:sp[1]]})
		}
	}
	fmt.Fprintf(os.Stderr, "%d articles by language %v; %d quotations not in the training sample\n", len(ids), langs, len(pool))
	// A fixed seed: the draw is the same on every run and was not chosen
	// by looking at what it draws.
	rng := rand.New(rand.NewPCG(25, 2012))
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	if len(pool) > *n {
		pool = pool[:*n]
	}
	sort.Slice(pool, func(i, j int) bool {
		if pool[i].DocID != pool[j].DocID {
			return pool[i].DocID < pool[j].DocID
		}
		return pool[i].Start < pool[j].Start
	})
	if err := writeJSONL(*out, pool); err != nil {
		return err
	}
	if *ctxOut != "" {
		return writeContext(*ctxOut, pool, arts)
	}
	return nil
}

// mlSets are the eval corpora of the multilingual sample, one language
// each.
var mlSets = []string{"fr", "en", "xq-de", "xq-ru", "xq-es"}

// drawMultilingual draws per quotations between marks of each corpus of
// mlSets, in a fixed pseudo-random order, with their language and part.
func drawMultilingual(dir string, per int) ([]labelled, map[string]corpus.Article, error) {
	arts := map[string]corpus.Article{}
	var all []labelled
	for i, set := range mlSets {
		path := filepath.Join(dir, set, "corpus.jsonl")
		order, err := lineOrder(path)
		if err != nil {
			return nil, nil, err
		}
		res, err := corpus.LoadPath(context.Background(), path, corpus.LoadOptions{})
		if err != nil {
			return nil, nil, err
		}
		sort.Slice(res.Articles, func(a, b int) bool { return order[res.Articles[a].ID] < order[res.Articles[b].ID] })
		var pool []labelled
		for _, a := range res.Articles {
			pos, ok := order[a.ID]
			if !ok {
				return nil, nil, fmt.Errorf("%s: article %q not found in the file's lines", path, a.ID)
			}
			arts[a.ID] = a
			part := "train"
			if pos%2 == 1 {
				part = "heldout"
			}
			for _, sp := range quotes.Spans(a.Text) {
				pool = append(pool, labelled{DocID: a.ID, Start: sp[0], End: sp[1], Quote: a.Text[sp[0]:sp[1]], Lang: a.Lang, Part: part})
			}
		}
		rng := rand.New(rand.NewPCG(25, uint64(2026+i)))
		rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		fmt.Fprintf(os.Stderr, "%s: %d articles, %d quotations\n", set, len(res.Articles), len(pool))
		if len(pool) > per {
			pool = pool[:per]
		}
		sort.Slice(pool, func(i, j int) bool {
			if order[pool[i].DocID] != order[pool[j].DocID] {
				return order[pool[i].DocID] < order[pool[j].DocID]
			}
			return pool[i].Start < pool[j].Start
		})
		all = append(all, pool...)
	}
	return all, arts, nil
}

// lineOrder returns the position (from 0) of each article id among the
// lines of a JSONL corpus.
func lineOrder(path string) (map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read corpus order: %w", err)
	}
	defer f.Close()
	out := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for n := 0; sc.Scan(); n++ {
		var rec struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("read corpus order %s:%d: %w", path, n+1, err)
		}
		out[rec.ID] = n
	}
	return out, sc.Err()
}

// reportedSentences returns the sentences of text, trimmed, that hold no
// quotation mark and one of samplingVerbs.
func reportedSentences(text string) [][2]int {
	verbs := map[string]bool{}
	for _, v := range samplingVerbs {
		verbs[v] = true
	}
	var out [][2]int
	for _, sp := range analysis.Sentences(text) {
		s, e := analysis.TrimSpan(text, sp[0], sp[1])
		sent := text[s:e]
		if e <= s || strings.Contains(sent, "\n") {
			continue
		}
		// The speech verb must stand outside the quotations, and the
		// sentence be mostly reported words, not a quotation (those are
		// the quotations' sample).
		sent, blanked := blankQuotes(sent)
		if blanked*2 > len(sent) {
			continue
		}
		words := strings.FieldsFunc(analysis.Fold(strings.ToLower(strings.ReplaceAll(sent, "’", "'"))), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r == '\'' || r > 127)
		})
		for _, w := range words {
			if verbs[w] {
				out = append(out, [2]int{s, e})
				break
			}
		}
	}
	return out
}

// blankQuotes returns s with its quotation marks and the words between
// them replaced by spaces, and how many bytes it blanked.
func blankQuotes(s string) (string, int) {
	var b strings.Builder
	var open []rune
	n := 0
	for _, r := range s {
		closers := ""
		if len(open) > 0 {
			closers, _ = analysis.QuoteClosers(open[len(open)-1])
		}
		_, opens := analysis.QuoteClosers(r)
		inside := len(open) > 0
		switch {
		case len(open) > 0 && strings.ContainsRune(closers, r):
			open = open[:len(open)-1]
		case opens:
			open = append(open, r)
		}
		if inside || len(open) > 0 {
			b.WriteString(strings.Repeat(" ", len(string(r))))
			n += len(string(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), n
}

func key(id string, start int) string { return fmt.Sprintf("%s@%d", id, start) }

// readStarts returns the doc_id@start keys of a sample.
func readStarts(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read excluded sample: %w", err)
	}
	defer f.Close()
	out := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l labelled
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("read excluded sample: %w", err)
		}
		out[key(l.DocID, l.Start)] = true
	}
	return out, sc.Err()
}

func writeJSONL(path string, ls []labelled) error {
	var b strings.Builder
	for _, l := range ls {
		line, err := json.Marshal(l)
		if err != nil {
			return err
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// writeContext writes, for each quotation, its number, place and the
// article text from two paragraphs before it to the end of its paragraph,
// the quotation marked ⟦…⟧.
func writeContext(path string, ls []labelled, arts map[string]corpus.Article) error {
	var b strings.Builder
	for i, l := range ls {
		text := arts[l.DocID].Text
		from := l.Start
		for k := 0; k < 3; k++ {
			p := strings.LastIndex(text[:max(0, from-2)], "\n\n")
			if p < 0 {
				from = 0
				break
			}
			from = p + 2
		}
		from = max(from, l.Start-1500)
		to := len(text)
		if p := strings.Index(text[l.End:], "\n\n"); p >= 0 {
			to = l.End + p
		}
		to = min(to, l.End+400)
		fmt.Fprintf(&b, "### %d %s@%d title=%q\n%s⟦%s⟧%s\n\n", i, l.DocID, l.Start, arts[l.DocID].Title,
			text[from:l.Start], text[l.Start:l.End], text[l.End:to])
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
