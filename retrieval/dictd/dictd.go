// Package dictd reads bilingual dictionaries in the dictd format, as the
// FreeDict project ships them (Debian packages dict-freedict-eng-fra,
// dict-freedict-fra-eng, dict-freedict-eng-rus ...): an index file of
// "headword TAB offset TAB length" lines, offsets and lengths in base 64,
// and a data file, plain or gzip-compressed (.dict.dz, dictzip). It
// translates the content words of a question word by word, for retrieval
// across languages without any model.
package dictd

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode"

	"verbatim/analysis"
)

// DefaultDir is where Debian installs dictd dictionaries.
const DefaultDir = "/usr/share/dictd"

// languages maps the ISO 639-3 codes of FreeDict file names to the ISO
// 639-1 codes of the rest of the program.
var languages = map[string]string{
	"eng": "en", "fra": "fr", "deu": "de", "spa": "es", "rus": "ru", "ita": "it", "por": "pt", "nld": "nl",
}

// Library is the set of dictionaries of one directory, each loaded on its
// first use. It is safe for concurrent use.
type Library struct {
	files map[[2]string]string // (from, to) -> path without extension

	mu     sync.Mutex
	loaded map[[2]string]*Dictionary
	errs   map[[2]string]error
}

// Open lists the dictionaries named freedict-XXX-YYY.index (with a
// .dict.dz or .dict beside) in dir. A missing directory gives an empty
// library, not an error: dictionaries are optional.
func Open(dir string) (*Library, error) {
	l := &Library{files: map[[2]string]string{}, loaded: map[[2]string]*Dictionary{}, errs: map[[2]string]error{}}
	idx, err := filepath.Glob(filepath.Join(dir, "*.index"))
	if err != nil {
		return nil, fmt.Errorf("dictd: %w", err)
	}
	for _, p := range idx {
		base := strings.TrimSuffix(p, ".index")
		name := filepath.Base(base)
		parts := strings.Split(strings.TrimPrefix(name, "freedict-"), "-")
		if len(parts) != 2 {
			continue
		}
		from, to := languages[parts[0]], languages[parts[1]]
		if from == "" || to == "" {
			continue
		}
		if dataPath(base) == "" {
			continue
		}
		l.files[[2]string{from, to}] = base
	}
	return l, nil
}

// dataPath returns the data file beside an index, "" when there is none.
func dataPath(base string) string {
	for _, ext := range []string{".dict.dz", ".dict"} {
		if _, err := os.Stat(base + ext); err == nil {
			return base + ext
		}
	}
	return ""
}

// Pairs returns the language pairs the library can translate, as
// "from-to" codes.
func (l *Library) Pairs() []string {
	var out []string
	for p := range l.files {
		out = append(out, p[0]+"-"+p[1])
	}
	return out
}

// dictionary returns the loaded dictionary from -> to, nil when there is
// none. Without one, the dictionary to -> from serves reversed (Debian has
// English-Russian but no Russian-English FreeDict dictionary).
func (l *Library) dictionary(from, to string) (*Dictionary, error) {
	k := [2]string{from, to}
	base, ok := l.files[k]
	reversed := false
	if !ok {
		if base, ok = l.files[[2]string{to, from}]; !ok {
			return nil, nil
		}
		reversed = true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if d, ok := l.loaded[k]; ok {
		return d, nil
	}
	if err, ok := l.errs[k]; ok {
		return nil, err
	}
	d, err := Load(base+".index", dataPath(base))
	if err != nil {
		l.errs[k] = err
		return nil, err
	}
	if reversed {
		d = d.Reverse()
	}
	l.loaded[k] = d
	return d, nil
}

// Dictionary is one loaded dictionary.
type Dictionary struct {
	index map[string][]entry // folded headword -> definitions
	data  []byte
	// reversed maps a folded translation to the headwords it translates,
	// for a dictionary read backwards (see Reverse).
	reversed map[string][]string
}

// Reverse returns the dictionary read backwards: each single-word
// translation becomes a headword translated by the headwords it came
// from.
func (d *Dictionary) Reverse() *Dictionary {
	r := &Dictionary{reversed: map[string][]string{}}
	// The headwords in order: which maxSenses of them a translation keeps
	// must not depend on the map's order, and each translation's come
	// sorted.
	for _, head := range slices.Sorted(maps.Keys(d.index)) {
		if strings.ContainsRune(head, ' ') {
			continue
		}
		for _, e := range d.index[head] {
			for _, t := range translations(string(d.data[e.off : e.off+e.n])) {
				if strings.ContainsRune(t, ' ') {
					continue
				}
				k := analysis.Fold(t)
				if len(r.reversed[k]) < maxSenses && !slices.Contains(r.reversed[k], head) {
					r.reversed[k] = append(r.reversed[k], head)
				}
			}
		}
	}
	return r
}

type entry struct{ off, n int }

// Load reads a dictionary: its index and its data file, which is
// decompressed when it ends in .dz or .gz.
func Load(indexPath, dataPath string) (*Dictionary, error) {
	f, err := os.Open(indexPath)
	if err != nil {
		return nil, fmt.Errorf("dictd: %w", err)
	}
	defer f.Close()
	d := &Dictionary{index: map[string][]entry{}}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 3 {
			return nil, fmt.Errorf("dictd: %s line %d: want 3 tab-separated fields", indexPath, line)
		}
		if strings.HasPrefix(fields[0], "00database") || strings.HasPrefix(fields[0], "00-database") {
			continue
		}
		off, ok1 := base64Number(fields[1])
		n, ok2 := base64Number(fields[2])
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("dictd: %s line %d: bad offset or length", indexPath, line)
		}
		k := analysis.Fold(fields[0])
		d.index[k] = append(d.index[k], entry{off: off, n: n})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("dictd: %s: %w", indexPath, err)
	}
	raw, err := os.ReadFile(dataPath)
	if err != nil {
		return nil, fmt.Errorf("dictd: %w", err)
	}
	if strings.HasSuffix(dataPath, ".dz") || strings.HasSuffix(dataPath, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("dictd: %s: %w", dataPath, err)
		}
		if raw, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("dictd: %s: %w", dataPath, err)
		}
	}
	d.data = raw
	for _, es := range d.index {
		for _, e := range es {
			if e.off < 0 || e.n < 0 || e.off+e.n > len(raw) {
				return nil, fmt.Errorf("dictd: %s: entry past the end of %s", indexPath, dataPath)
			}
		}
	}
	return d, nil
}

// base64Number decodes a dictd index number: base 64 digits
// A-Z a-z 0-9 + /, most significant first.
func base64Number(s string) (int, bool) {
	if s == "" || len(s) > 8 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var v int
		switch {
		case 'A' <= c && c <= 'Z':
			v = int(c - 'A')
		case 'a' <= c && c <= 'z':
			v = int(c-'a') + 26
		case '0' <= c && c <= '9':
			v = int(c-'0') + 52
		case c == '+':
			v = 62
		case c == '/':
			v = 63
		default:
			return 0, false
		}
		n = n*64 + v
	}
	return n, true
}

// maxSenses bounds the translations kept from one entry.
const maxSenses = 3

// Lookup returns the translations of word (case and accents ignored), the
// first senses of each entry, without grammatical labels and notes; nil
// when the dictionary lacks it.
func (d *Dictionary) Lookup(word string) []string {
	if d.reversed != nil {
		return d.reversed[analysis.Fold(word)]
	}
	var out []string
	for _, e := range d.index[analysis.Fold(word)] {
		out = append(out, translations(string(d.data[e.off:e.off+e.n]))...)
	}
	return out
}

// translations parses one FreeDict definition: a headword line (with an
// optional /pronunciation/), then translation lines of comma- or
// semicolon-separated senses, possibly numbered ("1. ..."), with <gram>
// labels, [domain] labels and (notes), and lines that are not
// translations, led by a label ("Note:", "see:", "Synonym:").
func translations(def string) []string {
	lines := strings.Split(def, "\n")
	var out []string
	for i, line := range lines {
		if i == 0 {
			continue // the headword
		}
		t := strings.TrimSpace(line)
		if first, _, _ := strings.Cut(t, " "); t == "" || strings.HasSuffix(first, ":") || strings.HasPrefix(t, "\"") || strings.HasPrefix(t, "-") {
			continue // a "Note:", "see:", "Synonym:", "Examples:" line
		}
		t = stripBrackets(t)
		for _, sense := range strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ';' }) {
			sense = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(sense), "0123456789."))
			if sense == "" || len(strings.Fields(sense)) > 3 {
				continue
			}
			out = append(out, sense)
			if len(out) == maxSenses {
				return out
			}
		}
	}
	return out
}

// stripBrackets removes <...>, [...], (...), {...} and /.../ groups.
func stripBrackets(s string) string {
	var b strings.Builder
	depth := 0
	slash := false
	for _, r := range s {
		switch {
		case r == '<' || r == '[' || r == '(' || r == '{':
			depth++
		case r == '>' || r == ']' || r == ')' || r == '}':
			if depth > 0 {
				depth--
			}
		case r == '/' && depth == 0:
			slash = !slash
		case depth == 0 && !slash:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TranslateQuery translates the content words of text from one language
// to another (through PivotLang when no dictionary joins them, see
// lookup) and returns their translations, one line per word, its
// senses joined by spaces (so that what judges the answer's relevance
// can tell which word a sense translates); "" when the
// library has no dictionary for the pair or knows none of the words. A
// word the dictionary lacks is tried without common inflectional endings
// ("soldiers" as "soldier"), and a German one split into two words it
// holds (analysis.SplitCompound), one line each; stop words of the source language are
// skipped. Names a dictionary lacks are matched by their spelling keys
// instead (analysis.NameKey).
func (l *Library) TranslateQuery(ctx context.Context, text, from, to string) (string, error) {
	if from == to {
		return "", nil
	}
	lookup, err := l.lookup(from, to)
	if err != nil || lookup == nil {
		return "", err
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-' }) {
		w = strings.Trim(w, "'’-")
		f := analysis.Fold(w)
		if len([]rune(f)) < 3 || analysis.IsStopWord(from, f) || seen[f] {
			continue
		}
		seen[f] = true
		if ts := lookupLemma(lookup, from, f); len(ts) > 0 {
			out = append(out, strings.Join(ts, " "))
			continue
		}
		if from != "de" {
			continue
		}
		// A German compound the dictionary lacks, translated part by part
		// ("Mindestlohnerhöhung": "Mindestlohn", "Erhöhung").
		known := func(w string) bool { return len(lookupLemma(lookup, from, w)) > 0 }
		for _, part := range analysis.SplitCompound(f, known) {
			out = append(out, strings.Join(lookupLemma(lookup, from, part), " "))
		}
	}
	return strings.Join(out, "\n"), nil
}

// PivotLang is the language a word is translated through when no
// dictionary, direct or reversed, joins two languages: FreeDict pairs
// nearly every language with English, few with one another (no
// German-French, Russian-French nor Spanish-French dictionary in Debian).
const PivotLang = "en"

// lookup returns the word translator from -> to: the dictionary of the
// pair (or of the reversed pair), else the two through PivotLang; nil
// when there is none.
func (l *Library) lookup(from, to string) (func(word string) []string, error) {
	d, err := l.dictionary(from, to)
	if err != nil {
		return nil, err
	}
	if d != nil {
		return d.Lookup, nil
	}
	if from == PivotLang || to == PivotLang {
		return nil, nil
	}
	in, err := l.dictionary(from, PivotLang)
	if err != nil || in == nil {
		return nil, err
	}
	out, err := l.dictionary(PivotLang, to)
	if err != nil || out == nil {
		return nil, err
	}
	return func(word string) []string { return pivot(in, out, word) }, nil
}

// pivot translates word with in, then each of its senses with out, and
// returns the first maxSenses translations, the senses of in's first
// sense first: the chain multiplies the senses, and the first are the
// most common.
func pivot(in, out *Dictionary, word string) []string {
	var got []string
	seen := map[string]bool{}
	for _, sense := range in.Lookup(word) {
		for _, t := range out.Lookup(sense) {
			if k := analysis.Fold(t); !seen[k] {
				seen[k] = true
				got = append(got, t)
				if len(got) == maxSenses {
					return got
				}
			}
		}
	}
	return got
}

// TranslateQueries translates text from one language into each of to with
// TranslateQuery, leaving out the languages it has no dictionary or word
// for. Its signature is that of retrieval.QueryTranslator.
func (l *Library) TranslateQueries(ctx context.Context, text, from string, to []string) (map[string]string, error) {
	out := map[string]string{}
	for _, lang := range to {
		t, err := l.TranslateQuery(ctx, text, from, lang)
		if err != nil {
			return out, err
		}
		if t != "" {
			out[lang] = t
		}
	}
	return out, nil
}

// lookupLemma returns the translations of the folded word w or, when
// lookup lacks it, of its first form without an inflectional ending that
// lookup holds (see lemmas).
func lookupLemma(lookup func(string) []string, lang, w string) []string {
	for _, form := range lemmas(lang, w) {
		if ts := lookup(form); len(ts) > 0 {
			return ts
		}
	}
	return nil
}

// lemmas returns w and its forms without common inflectional endings of
// lang, most likely first.
func lemmas(lang, w string) []string {
	out := []string{w}
	var endings []string
	switch lang {
	case "en":
		endings = []string{"ies:y", "es:", "s:", "ed:", "ed:e", "ing:", "ing:e", "'s:"}
	case "fr":
		endings = []string{"aux:al", "es:e", "s:", "x:", "e:", "ées:er", "ée:er", "és:er", "é:er"}
	case "es":
		endings = []string{"es:", "s:", "a:o", "as:o"}
	case "de":
		endings = []string{"en:", "n:", "e:", "er:", "es:", "s:"}
	case "ru":
		endings = []string{"ы:", "и:", "а:", "у:", "ом:", "ой:", "е:", "ами:", "ов:", "ей:"}
	}
	for _, e := range endings {
		suf, rep, _ := strings.Cut(e, ":")
		if strings.HasSuffix(w, suf) && len([]rune(w))-len([]rune(suf)) >= 3 {
			out = append(out, strings.TrimSuffix(w, suf)+rep)
		}
	}
	return out
}
