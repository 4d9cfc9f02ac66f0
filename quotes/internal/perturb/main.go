// Command perturb writes the perturbation benchmark of quotes.Check
// (quotes/testdata/check-perturb.jsonl): sentences of the indexed corpora
// (../shared/corpus/seed and ../shared/corpus/wikinews-fr-2012) copied
// exactly or altered in one way, and sentences of a corpus that is not
// indexed (the PIAF and SQuAD paragraphs of ../shared/eval/dev/fr and en,
// Wikipedia rather than news), each with the verdict Check must give.
// The output is deterministic (fixed seed, corpora read in order):
//
//	go run ./quotes/internal/perturb                # from the module root
//	go run ./quotes/internal/perturb -shared DIR -out FILE
//
// The kinds of item (see docs/quotes.md, "Check benchmark"):
//   - exact: a whole sentence, as written or with only the differences
//     Check ignores (letter case, quotation-mark and apostrophe style,
//     white space);
//   - word_replaced: one word (four letters or more) replaced by another
//     word of the corpus that differs after case and accent folding;
//   - number_changed: one number replaced by a different number;
//   - negation_flipped: "ne … pas" / "n'… pas" (or plus, jamais) removed,
//     or added around a verb (est, a, sont, ont, peut, …);
//   - words_dropped: one or two words dropped inside the sentence;
//   - spliced: the start of one sentence and the end of another from a
//     different article, or the end of one and the start of another;
//   - cut: three words or more removed from inside the sentence (a
//     clause between commas, or one opened by mais, qui, que, car, …),
//     words kept on both sides: never a word-for-word excerpt, which
//     would be exact by the definition;
//   - not_indexed: a sentence of the corpus not indexed.
//
// No altered text occurs word for word (after Check's normalisation) in
// the indexed corpora, and every sentence used occurs in them once.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"verbatim/analysis"
	"verbatim/corpus"
	"verbatim/quotes"
)

// Item is one text of the benchmark.
type Item struct {
	Text string `json:"text"`
	Kind string `json:"kind"`
	// DocID is the article the text comes from ("" for not_indexed);
	// OtherDocID the second source of a spliced text.
	DocID      string `json:"doc_id"`
	OtherDocID string `json:"other_doc_id,omitempty"`
	// Want is the verdict Check must give: exact, altered or not_found.
	Want string `json:"want"`
	// Origin names the corpus sentence (for reading; not used by tests).
	Origin string `json:"origin,omitempty"`
}

// Quotas of the kinds of item.
var quotas = []struct {
	kind string
	n    int
}{
	{"exact", 320},
	{"word_replaced", 140},
	{"number_changed", 120},
	{"negation_flipped", 130},
	{"words_dropped", 120},
	{"spliced", 120},
	{"cut", 120},
}

// notIndexed is the number of not_indexed sentences taken from each
// evaluation set.
var notIndexed = []struct {
	set string
	n   int
}{{"fr", 220}, {"en", 100}}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "perturb:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("perturb", flag.ContinueOnError)
	shared := fs.String("shared", filepath.Join("..", "shared"), "the shared data folder (corpus/, eval/)")
	out := fs.String("out", filepath.Join("quotes", "testdata", "check-perturb.jsonl"), "the benchmark file written")
	if err := fs.Parse(args); err != nil {
		return err
	}
	items, err := Generate(ctx, *shared)
	if err != nil {
		return err
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	counts := map[string]int{}
	for _, it := range items {
		if err := enc.Encode(it); err != nil {
			return err
		}
		counts[it.Kind]++
	}
	if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d items written to %s: %v\n", len(items), *out, counts)
	return nil
}

// IndexedCorpora are the corpora the benchmark's index is built from,
// under the shared folder, each loaded with corpus.LoadPath.
var IndexedCorpora = []string{"corpus/seed", "corpus/wikinews-fr-2012"}

// sentence is a sentence of an article.
type sentence struct {
	doc   string
	text  string
	words []span
}

// span is a word's byte span in a sentence.
type span struct{ start, end int }

// Generate builds the benchmark from the shared folder.
func Generate(ctx context.Context, shared string) ([]Item, error) {
	var articles []corpus.Article
	for _, rel := range IndexedCorpora {
		res, err := corpus.LoadPath(ctx, filepath.Join(shared, rel), corpus.LoadOptions{})
		if err != nil {
			return nil, err
		}
		articles = append(articles, res.Articles...)
	}
	if len(articles) == 0 {
		return nil, errors.New("no indexed articles")
	}
	// The whole indexed text, normalised, to count occurrences in.
	var all strings.Builder
	for _, a := range articles {
		all.WriteString(normalise(a.Text))
		all.WriteString("\x00")
	}
	g := &gen{rng: rand.New(rand.NewPCG(25, 2012)), archive: all.String()}
	for _, a := range articles {
		for _, sp := range analysis.Sentences(a.Text) {
			s := a.Text[sp[0]:sp[1]]
			ws := words(s)
			if len(ws) < 8 || len(ws) > 50 || strings.ContainsRune(s, '\n') || strings.Count(g.archive, normalise(s)) != 1 {
				continue
			}
			g.pool = append(g.pool, sentence{doc: a.ID, text: s, words: ws})
			for _, w := range ws {
				if k := s[w.start:w.end]; utf8.RuneCountInString(k) >= 4 && allLetters(k) {
					g.vocab = append(g.vocab, k)
				}
			}
		}
	}
	slices.Sort(g.vocab)
	g.vocab = slices.Compact(g.vocab)
	var items []Item
	for _, q := range quotas {
		got := g.kind(q.kind, q.n)
		if len(got) < q.n {
			return nil, fmt.Errorf("%s: %d items, want %d", q.kind, len(got), q.n)
		}
		items = append(items, got...)
	}
	for _, ni := range notIndexed {
		got, err := g.notIndexed(ctx, filepath.Join(shared, "eval", "dev", ni.set, "corpus.jsonl"), ni.set, ni.n)
		if err != nil {
			return nil, err
		}
		items = append(items, got...)
	}
	return items, nil
}

type gen struct {
	rng     *rand.Rand
	archive string
	pool    []sentence
	vocab   []string
}

// kind makes n items of a kind from the sentences, taken in a shuffled
// order, each sentence at most once per kind.
func (g *gen) kind(kind string, n int) []Item {
	used := map[int]bool{}
	switch kind {
	case "exact":
		return g.take(kind, "exact", n, used, func(s sentence, i int) (string, sentence, bool) { return exactly(s, i), sentence{}, true })
	case "word_replaced":
		return g.take(kind, "altered", n, used, g.replaceWord)
	case "number_changed":
		return g.take(kind, "altered", n, used, g.changeNumber)
	case "negation_flipped":
		// Half removed negations (as many as the sentences have), the
		// rest added.
		out := g.take(kind, "altered", n/2, used, removeNegation)
		return append(out, g.take(kind, "altered", n-len(out), used, addNegation)...)
	case "words_dropped":
		return g.take(kind, "altered", n, used, g.dropWords)
	case "spliced":
		return g.take(kind, "altered", n, used, g.splice)
	case "cut":
		return g.take(kind, "altered", n, used, g.cut)
	}
	panic("unknown kind " + kind)
}

// take makes up to n items with perturb from the sentences not used yet,
// in a shuffled order; perturb is given the sentence and the number of
// items made so far, and returns the text and, for a splice, the other
// sentence.
func (g *gen) take(kind, want string, n int, used map[int]bool, perturb func(s sentence, i int) (string, sentence, bool)) []Item {
	var out []Item
	for _, i := range g.rng.Perm(len(g.pool)) {
		if len(out) == n {
			break
		}
		if used[i] {
			continue
		}
		s := g.pool[i]
		text, other, ok := perturb(s, len(out))
		if !ok {
			continue
		}
		if want == "altered" && strings.Contains(g.archive, normalise(text)) {
			continue // the change left words the archive has
		}
		used[i] = true
		it := Item{Text: text, Kind: kind, DocID: s.doc, Want: want, Origin: s.text}
		if other.doc != "" {
			it.OtherDocID = other.doc
			it.Origin += " | " + other.text
		}
		out = append(out, it)
	}
	return out
}

// exact returns the sentence as written, or with only the differences
// Check must ignore, in turn.
func exactly(s sentence, i int) string {
	t := s.text
	switch i % 4 {
	case 1:
		return strings.ToLower(t)
	case 2:
		return strings.NewReplacer("« ", "\"", " »", "\"", "«", "“", "»", "”", "’", "'", "'", "’").Replace(t)
	case 3:
		return "  " + strings.ReplaceAll(t, " ", "  ") + "\n"
	}
	return t
}

func (g *gen) replaceWord(s sentence, _ int) (string, sentence, bool) {
	var cands []int
	for i, w := range s.words[1:] {
		k := s.text[w.start:w.end]
		if utf8.RuneCountInString(k) >= 4 && allLetters(k) && !isNegation(k) {
			cands = append(cands, i+1)
		}
	}
	if len(cands) == 0 {
		return "", sentence{}, false
	}
	w := s.words[cands[g.rng.IntN(len(cands))]]
	old := s.text[w.start:w.end]
	upper := unicode.IsUpper(firstRune(old))
	for range 50 {
		nw := g.vocab[g.rng.IntN(len(g.vocab))]
		if unicode.IsUpper(firstRune(nw)) != upper || analysis.Fold(nw) == analysis.Fold(old) {
			continue
		}
		return s.text[:w.start] + nw + s.text[w.end:], sentence{}, true
	}
	return "", sentence{}, false
}

func (g *gen) changeNumber(s sentence, _ int) (string, sentence, bool) {
	var cands []int
	for i, w := range s.words {
		k := s.text[w.start:w.end]
		if isNumber(k) && (len(k) == 1 || k[0] != '0') {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return "", sentence{}, false
	}
	w := s.words[cands[g.rng.IntN(len(cands))]]
	old := s.text[w.start:w.end]
	// The last digit changed: 2012 -> 2015, 76 -> 73, 2,5 -> 2,8.
	last := len(old) - 1
	d := int(old[last] - '0')
	nd := (d + 1 + g.rng.IntN(9)) % 10
	if len(old) == 1 && nd == 0 {
		nd = d%9 + 1
	}
	nw := old[:last] + strconv.Itoa(nd)
	return s.text[:w.start] + nw + s.text[w.end:], sentence{}, nw != old
}

// negationEnds are the second words of a French negation that flipNegation
// removes with "ne".
var negationEnds = map[string]bool{"pas": true, "plus": true, "jamais": true}

// negatable are the verbs flipNegation negates: ne VERB pas.
var negatable = map[string]bool{
	"est": true, "sont": true, "a": true, "ont": true, "était": true, "étaient": true, "sera": true, "seront": true,
	"peut": true, "peuvent": true, "doit": true, "doivent": true, "va": true, "vont": true, "avait": true,
	"avaient": true, "serait": true, "seraient": true, "veut": true, "veulent": true, "pourra": true, "faut": true,
	"souhaite": true, "compte": true, "semble": true, "reste": true, "devrait": true, "pourrait": true,
}

// removeNegation removes the sentence's negation: ne/n' and pas, plus or
// jamais within three words after it.
func removeNegation(s sentence, _ int) (string, sentence, bool) {
	key := func(i int) string { return strings.ToLower(s.text[s.words[i].start:s.words[i].end]) }
	for i := range s.words {
		k := key(i)
		ne := k == "ne"
		elided := strings.HasPrefix(k, "n'") || strings.HasPrefix(k, "n’")
		if !ne && !elided {
			continue
		}
		for j := i + 1; j < len(s.words) && j <= i+3; j++ {
			if !negationEnds[key(j)] {
				continue
			}
			t := s.text
			pj := s.words[j]
			if pj.start == 0 || t[pj.start-1] != ' ' {
				break
			}
			t = t[:pj.start-1] + t[pj.end:]
			w := s.words[i]
			upper := unicode.IsUpper(firstRune(t[w.start:]))
			if ne {
				if w.end >= len(t) || t[w.end] != ' ' {
					break
				}
				return t[:w.start] + capitalise(upper, t[w.end+1:]), sentence{}, true
			}
			_, size := utf8.DecodeRuneInString(t[w.start+1:])
			return t[:w.start] + capitalise(upper, t[w.start+1+size:]), sentence{}, true
		}
	}
	return "", sentence{}, false
}

// addNegation negates one of the sentence's verbs: "ne sont pas",
// "n'a pas".
func addNegation(s sentence, _ int) (string, sentence, bool) {
	key := func(i int) string { return strings.ToLower(s.text[s.words[i].start:s.words[i].end]) }
	for i := 1; i < len(s.words)-1; i++ {
		if !negatable[key(i)] || negationEnds[key(i+1)] {
			continue
		}
		prev := key(i - 1)
		if prev == "y" || prev == "ne" || strings.HasSuffix(prev, "'") {
			continue
		}
		w := s.words[i]
		if w.end >= len(s.text) || s.text[w.end] != ' ' {
			continue
		}
		verb := s.text[w.start:w.end]
		neg := "ne " + verb
		if strings.ContainsRune("aeiouéèêh", firstRune(strings.ToLower(verb))) {
			neg = "n'" + verb
		}
		return s.text[:w.start] + neg + " pas" + s.text[w.end:], sentence{}, true
	}
	return "", sentence{}, false
}

// capitalise returns s with its first letter upper-cased when upper is
// set: "Ne sont" -> "Sont".
func capitalise(upper bool, s string) string {
	if s == "" || !upper {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// dropWords drops one or two words inside the sentence, one of them of
// four letters or more, none a negation or a number.
func (g *gen) dropWords(s sentence, _ int) (string, sentence, bool) {
	n := 1 + g.rng.IntN(2)
	var cands []int
	for i := 2; i+n <= len(s.words)-2; i++ {
		ok, long := true, false
		for j := i; j < i+n; j++ {
			k := s.text[s.words[j].start:s.words[j].end]
			if !allLetters(k) || isNegation(k) {
				ok = false
			}
			if utf8.RuneCountInString(k) >= 4 {
				long = true
			}
			// Only plain spaces between the words and after the last.
			if s.text[s.words[j].end] != ' ' || s.words[j+1].start != s.words[j].end+1 {
				ok = false
			}
		}
		if ok && long {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return "", sentence{}, false
	}
	i := cands[g.rng.IntN(len(cands))]
	return s.text[:s.words[i].start] + s.text[s.words[i+n].start:], sentence{}, true
}

// splice joins the start of s and the end of a sentence of another
// article (headTail), or the end of s and the start of the other; each
// part has six words or more.
func (g *gen) splice(s sentence, i int) (string, sentence, bool) {
	headTail := i%2 == 0
	for range 20 {
		o := g.pool[g.rng.IntN(len(g.pool))]
		if o.doc == s.doc || len(o.words) < 12 || len(s.words) < 12 {
			continue
		}
		if headTail {
			i := 6 + g.rng.IntN(len(s.words)-11) // s.words[:i] kept
			j := 6 + g.rng.IntN(len(o.words)-11) // o.words[j:] kept
			return s.text[:s.words[i-1].end] + " " + o.text[o.words[j].start:], o, true
		}
		i := 6 + g.rng.IntN(len(s.words)-11) // s.words[i:] kept
		j := 6 + g.rng.IntN(len(o.words)-11) // o.words[:j] kept
		return s.text[s.words[i].start:] + " " + o.text[:o.words[j-1].end], o, true
	}
	return "", sentence{}, false
}

// clauseWords open the clauses cut removes when no commas bound one.
var clauseWords = map[string]bool{
	"mais": true, "qui": true, "que": true, "car": true, "dont": true, "lorsque": true, "alors": true,
	"sans": true, "pour": true, "si": true, "avant": true, "après": true, "depuis": true, "afin": true, "selon": true,
}

// cut removes three words or more from inside the sentence: a clause
// between two commas, else one opened by a clause word (three to six
// words); three words at least are kept on each side.
func (g *gen) cut(s sentence, _ int) (string, sentence, bool) {
	type cand struct{ from, to int } // byte range removed
	var cands []cand
	// Word index of each comma's preceding word.
	var commas []int
	for i, w := range s.words[:len(s.words)-1] {
		if strings.HasPrefix(s.text[w.end:s.words[i+1].start], ",") {
			commas = append(commas, i)
		}
	}
	for a := 0; a+1 < len(commas); a++ {
		i, j := commas[a], commas[a+1] // words i+1..j removed
		if n := j - i; i+1 >= 3 && n >= 3 && n <= 20 && len(s.words)-j-1 >= 3 {
			cands = append(cands, cand{s.words[i].end, s.words[j+1].start - 1})
		}
	}
	if len(cands) == 0 {
		for i := 3; i < len(s.words); i++ {
			if !clauseWords[strings.ToLower(s.text[s.words[i].start:s.words[i].end])] {
				continue
			}
			n := 3 + g.rng.IntN(4)
			if len(s.words)-(i+n) < 3 {
				continue
			}
			cands = append(cands, cand{s.words[i].start - 1, s.words[i+n].start - 1})
		}
	}
	if len(cands) == 0 {
		return "", sentence{}, false
	}
	c := cands[g.rng.IntN(len(cands))]
	if c.from < 0 || s.text[c.to] != ' ' {
		return "", sentence{}, false
	}
	return s.text[:c.from] + s.text[c.to:], sentence{}, true
}

// notIndexed takes n sentences of the evaluation corpus at path, spread
// over its articles, that the indexed corpora do not have.
func (g *gen) notIndexed(ctx context.Context, path, set string, n int) ([]Item, error) {
	res, err := corpus.LoadPath(ctx, path, corpus.LoadOptions{})
	if err != nil {
		return nil, err
	}
	var cands []Item
	for _, a := range res.Articles {
		for _, sp := range analysis.Sentences(a.Text) {
			s := a.Text[sp[0]:sp[1]]
			if ws := words(s); len(ws) < 10 || len(ws) > 40 || strings.ContainsRune(s, '\n') {
				continue
			}
			cands = append(cands, Item{Text: s, Kind: "not_indexed", Want: "not_found", Origin: "eval/dev/" + set + ":" + a.ID})
		}
	}
	// Drawn at random, kept in corpus order; a sentence the indexed
	// corpora have is skipped.
	var picked []int
	for _, k := range g.rng.Perm(len(cands)) {
		if len(picked) == n {
			break
		}
		if !strings.Contains(g.archive, normalise(cands[k].Text)) {
			picked = append(picked, k)
		}
	}
	if len(picked) < n {
		return nil, fmt.Errorf("%s: %d sentences, want %d", path, len(picked), n)
	}
	slices.Sort(picked)
	out := make([]Item, n)
	for i, k := range picked {
		out[i] = cands[k]
	}
	return out, nil
}

// words returns the spans of the words of s, as quotes.Check splits
// texts.
func words(s string) []span {
	var out []span
	for _, w := range quotes.WordSpans(s) {
		out = append(out, span{w[0], w[1]})
	}
	return out
}

// normalise is the form in which Check compares texts for an exact
// match: lower case, quotation marks dropped, apostrophes unified, white
// space collapsed, punctuation at either end trimmed.
func normalise(s string) string {
	s = strings.ToLower(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case analysis.IsQuoteMark(r) || analysis.IsQuote(r):
			return -1
		case analysis.IsApostrophe(r):
			return '\''
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	return strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func allLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

func isNumber(s string) bool {
	for i, r := range s {
		if !unicode.IsDigit(r) && (i == 0 || (r != ',' && r != '.')) {
			return false
		}
	}
	return s != "" && s[len(s)-1] >= '0' && s[len(s)-1] <= '9'
}

func isNegation(s string) bool {
	k := strings.ToLower(s)
	return k == "ne" || k == "pas" || k == "jamais" || k == "plus" || k == "not" || k == "no" ||
		strings.HasPrefix(k, "n'") || strings.HasPrefix(k, "n’")
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
