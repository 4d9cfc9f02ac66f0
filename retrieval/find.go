package retrieval

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"verbatim/analysis"
	"verbatim/corpus"
)

// QueryTranslator rewrites a question written in language from into each
// language of to (ISO 639-1 codes), for retrieval across languages: a
// bilingual dictionary (dictd.Library.TranslateQueries) or a model, in
// one call for all languages. A language it cannot translate into is
// left out of the result.
type QueryTranslator func(ctx context.Context, text, from string, to []string) (map[string]string, error)

// SearchOptions are the tuned parameters of Index.Find and Index.Search.
type SearchOptions struct {
	// Rerank weighs the evidence that orders the candidates.
	Rerank RerankOptions
	// MaxPerArticle caps the passages of one article when the query does
	// not set its own (negative: no cap).
	MaxPerArticle int
	// Translate, when set, translates the question into each other
	// language of the corpus; the translations are searched along with
	// the question.
	Translate QueryTranslator
}

// DefaultSearchOptions returns the shipped search parameters, measured on
// the evaluation sets (see RerankOptions and the README). Questions are
// translated offline into the corpus's other languages for their names
// (TranslateNames; WithNames adds them to a dictionary's translation).
func DefaultSearchOptions() SearchOptions {
	return SearchOptions{Rerank: DefaultRerankOptions(), MaxPerArticle: defaultMaxPerArticle, Translate: TranslateNames}
}

// SetOptions makes ix search with o from now on; zero fields take the
// defaults. It is safe to call while ix serves searches: each search reads
// the options once.
func (ix *Index) SetOptions(o SearchOptions) {
	if o.MaxPerArticle == 0 {
		o.MaxPerArticle = defaultMaxPerArticle
	}
	if o.Rerank == (RerankOptions{}) {
		o.Rerank = DefaultRerankOptions()
	}
	ix.opts.Store(&o)
}

// options returns the search options of ix.
func (ix *Index) options() SearchOptions {
	if o := ix.opts.Load(); o != nil {
		return *o
	}
	return DefaultSearchOptions()
}

// Found is what Find retrieved and how it read the question.
type Found struct {
	Results []Result
	// Lang is the language the question was read in.
	Lang string
	// From and To are the date range applied to article dates (To
	// exclusive; zero: open), from the query or from a date phrase of its
	// text.
	From, To time.Time
	// DatePhrase is true when the range came from the question's text: a
	// date phrase read as the period of publication asked about.
	DatePhrase bool
	// DateInText is true when the question's date phrase was read as
	// part of what it asks about, no article being dated in its range
	// ("le 5 juillet 1962" asked of 2012 news): the articles were searched
	// without a date filter, the phrase's words among the question's.
	DateInText bool
	// TextFrom and TextTo are, when DateInText, the range of the date
	// phrase (To exclusive; zero: open), for WritesDate: a quote answers
	// only when it writes a date of it.
	TextFrom, TextTo time.Time
	// Relaxed is true when DateInText and no passage found writes a date
	// of the phrase's range (WritesDate; never for a phrase without its
	// year): the passages are from other dates and do not talk about the
	// one asked about.
	Relaxed bool
	// Corrected maps misspelt terms of the question to the indexed terms
	// searched instead ("guerasimov" -> "gerasimov").
	Corrected map[string]string
	// Similarity is the cosine of the question's vector with that of the
	// passage most similar to it among those in the date range: how close
	// the corpus comes to the question by the embedder's reading. It is 0
	// when the vectors were not consulted (see Result.WordsOnly) or no
	// passage was found, and never below 0.
	Similarity float64
	// Translations holds the question as translated into other languages
	// of the corpus, by language: a model's translation on one line, a
	// dictionary's with one line per word it translated, the word's
	// senses on its line (dictd.Library.TranslateQuery).
	Translations map[string]string
	// TranslateErr is the error of a failed translation; the search ran
	// without it.
	TranslateErr error
}

// Find answers "question -> passages": it searches q like Search, but
// reads a date phrase of its text ("en juillet", "in 2005", "5 июля
// 1962 года") as the period of publication asked about only when
// Index.readDate says so; otherwise the phrase is part of the content,
// searched in the articles' text with no date filter (DateInText), and
// Relaxed says when no article found writes a date of it. With a
// Translate option the question is also searched in the corpus's other
// languages.
func (ix *Index) Find(ctx context.Context, q Query) (Found, error) {
	return ix.find(ctx, q, false)
}

// find is Find, reading every date phrase as the period asked about when
// strict (Search).
func (ix *Index) find(ctx context.Context, q Query, strict bool) (Found, error) {
	f := Found{Lang: q.Lang}
	if f.Lang == "" {
		f.Lang = corpus.DetectLang(q.Text)
	}
	var d datePhrase
	if q.From.IsZero() && q.To.IsZero() && !q.AllDates && len(ix.chunks) > 0 && ix.dated() {
		now := q.Now
		if now.IsZero() {
			now = time.Now()
		}
		d = ix.readDate(q.Text, now, strict)
	}
	extra := ix.translate(ctx, q, &f)
	res, from, to, sim, err := ix.search(ctx, q, extra, d)
	if err != nil {
		return Found{}, err
	}
	f.Results, f.From, f.To, f.Similarity = res, from, to, sim
	f.DatePhrase = d.period
	if d.ok && !d.period {
		f.DateInText, f.TextFrom, f.TextTo = true, d.from, d.to
		f.Relaxed = len(res) > 0 && !writtenIn(res, d)
	}
	f.Corrected = ix.corrections(f.Lang, q.Text)
	return f, nil
}

// translate returns the question translated into the corpus's other
// languages, recorded in f, joined by newlines. q.Translate wins over the
// index's option, which serves when it fails.
func (ix *Index) translate(ctx context.Context, q Query, f *Found) string {
	fallback := ix.options().Translate
	tr := q.Translate
	if tr == nil {
		tr = fallback
	}
	if tr == nil || f.Lang == "" {
		return ""
	}
	var to []string
	for _, l := range ix.langs {
		if l != f.Lang {
			to = append(to, l)
		}
	}
	if len(to) == 0 {
		return ""
	}
	ts, err := tr(ctx, q.Text, f.Lang, to)
	if err != nil {
		f.TranslateErr = fmt.Errorf("translate the question: %w", err)
		ts = nil
		if q.Translate != nil && fallback != nil && ctx.Err() == nil {
			// The query's translator (a model) failed: fall back on the
			// index's (a dictionary).
			ts, _ = fallback(ctx, q.Text, f.Lang, to)
		}
	}
	var parts []string
	for _, l := range to {
		if t := strings.TrimSpace(ts[l]); t != "" {
			if f.Translations == nil {
				f.Translations = map[string]string{}
			}
			f.Translations[l] = t
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}

// corrections lists the question's terms in lang that the index spells
// otherwise.
func (ix *Index) corrections(lang, text string) map[string]string {
	raw := ix.lex.Analyze(lang, text)
	got := ix.lex.QueryTerms(lang, text)
	var out map[string]string
	for i := range min(len(raw), len(got)) {
		if raw[i] != got[i] && !strings.HasPrefix(raw[i], "\x02") {
			if out == nil {
				out = map[string]string{}
			}
			out[raw[i]] = got[i]
		}
	}
	return out
}

// corpusLangs returns the distinct languages of articles, sorted.
func corpusLangs(articles []corpus.Article) []string {
	set := map[string]bool{}
	for _, a := range articles {
		if a.Lang != "" {
			set[a.Lang] = true
		}
	}
	out := make([]string, 0, len(set))
	for l := range set {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// dateWords are the French and English words of relative date phrases
// removed by StripDates; analysis.IsRelativeDateWord holds the German,
// Spanish and Russian ones.
var dateWords = map[string]bool{
	"hier": true, "aujourd'hui": true, "semaine": true, "mois": true, "annee": true, "an": true, "dernier": true, "derniere": true,
	"prochain": true, "prochaine": true, "yesterday": true, "today": true, "week": true, "month": true, "year": true, "last": true, "next": true,
}

// StripDates removes month names, years and relative date words ("last
// week", "letzte Woche", "el mes pasado", "в прошлом году", "gestern")
// from text.
func StripDates(text string) string {
	var kept []string
	for _, w := range strings.Fields(text) {
		bare := analysis.Fold(strings.Trim(w, ".,;:!?()«»\"'’"))
		if _, ok := analysis.ParseMonth(bare); ok || dateWords[bare] || analysis.IsRelativeDateWord(bare) || isYear(bare) {
			continue
		}
		kept = append(kept, w)
	}
	return strings.Join(kept, " ")
}

// isYear reports whether w is a number from 1000 to 2999 or a decade such
// as "1990s".
func isYear(w string) bool {
	w = strings.TrimSuffix(w, "s")
	if len(w) != 4 || (w[0] != '1' && w[0] != '2') {
		return false
	}
	for i := 0; i < 4; i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}
