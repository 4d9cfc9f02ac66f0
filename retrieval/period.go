package retrieval

import (
	"strings"
	"time"

	"verbatim/analysis"
)

// datePhrase is a date phrase of a question as Index.readDate reads it.
type datePhrase struct {
	// from and to are its range, To exclusive, a zero bound open; for a
	// phrase without its year ("le 5 juillet"), the latest occurrence
	// holding articles, else the latest up to now.
	from, to time.Time
	// yearless is set when the phrase has no year of its own.
	yearless bool
	// period is set when the phrase is the period of publication asked
	// about (a filter on article dates); unset, it is part of what the
	// question asks about, searched in the articles' text.
	period bool
	ok     bool
}

// readDate reads the first date phrase of text (see ParseDateRange) and
// decides, in this one place, whether it is the period of publication
// asked about or part of the question's content. It is the period when
// its range holds articles (a phrase without its year is moved back a
// year at a time to its latest occurrence that does: "en novembre" asked
// in 2026 of 2012 news), when strict (Search: a timeline lays out
// publications), when it is relative to now ("hier", "last week": the
// reader asks for the latest news), or when the question asks for
// publications ("les articles de mai", "news in May 2011", "Artikel vom
// Mai", "статьи за май", "noticias de mayo"): a period without articles
// then has none to give. Otherwise no article was published then and the
// date is what the articles are asked to talk about: "Que s'est-il passé
// le 5 juillet 1962 ?" of 2012 news asks about 1962, not for articles of
// 1962.
func (ix *Index) readDate(text string, now time.Time, strict bool) datePhrase {
	ph, ok := parseDatePhrase(text, now)
	if !ok {
		return datePhrase{}
	}
	from, to, yearless := ph.from, ph.to, ph.yearless
	d := datePhrase{from: from, to: to, yearless: yearless, ok: true}
	_, matching := ix.inRange(from, to)
	// "le 28 avril" asked in November 2026 of articles from 2025 means
	// the 28 April the corpus has: the most recent one with articles,
	// not the one of this year.
	for oldest := ix.oldest(); matching == 0 && yearless && to.After(oldest); {
		from, to = earlierYear(from, to)
		_, matching = ix.inRange(from, to)
		if matching > 0 {
			d.from, d.to = from, to
		}
	}
	d.period = matching > 0 || strict || ph.relative || asksPublications(tokenize(text), ph.start)
	return d
}

// publicationWords are the folded words by which a question asks for
// articles published in a period rather than about it, in fr, en, de, es
// and ru: plural nouns, as a singular "the article" is the one being read
// ("according to the article, what happened in 1962?") and "published" is
// what a person did as often ("Quel livre Camus a-t-il publié en 1942 ?").
// singularBefore are the words before "Artikel" (singular and plural
// alike) or "статьи" (a genitive singular too) that make them singular.
var (
	publicationWords = wordSet(`articles depeches actualites publications news headlines
		artikel nachrichten meldungen veroffentlichungen articulos noticias publicaciones
		статьи статей статьях статьям новости новостей новостях публикации публикаций публикациях`)
	singularBefore = wordSet("dem diesem einem laut из")
)

// wordSet returns the set of the space-separated words of s.
func wordSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(s) {
		out[w] = true
	}
	return out
}

// aboutWords introduce what is talked about: a date right after one is
// content even in a question about articles ("les articles sur 1962").
var aboutWords = wordSet("about sur uber sobre о об про")

// asksPublications reports whether the question of toks asks for
// articles published in the period of its date phrase, which starts at
// token start: a word such as "articles", "news", "Artikel", "статьи" or
// "noticias", and no "about" before the phrase.
func asksPublications(toks []token, start int) bool {
	if start > 0 && aboutWords[analysis.Fold(toks[start-1].text)] {
		return false
	}
	prev := ""
	for _, t := range toks {
		w := analysis.Fold(t.text)
		if publicationWords[w] && !singularBefore[prev] {
			return true
		}
		prev = w
	}
	return false
}

// WritesDate reports whether text writes a date within [from, to), a
// question's date read as content (Found.DateInText): a day, a month or a
// year of it with its year ("le 5 juillet 1962", "juillet 1962", "en 1962"
// for 5 July 1962). Only a range with both ends counts, and only dates
// written with their year: "le 5 juillet" of a 2012 article is not 1962,
// and "avant 2012" is any year. A year alone counts only after a word
// that introduces a date ("en 1962", "de 1962") or before "года" ("1962
// года"), as "1962 manifestants" is a number.
func WritesDate(text string, from, to time.Time) bool {
	if from.IsZero() || to.IsZero() {
		return false
	}
	p := dateParser{toks: tokenize(text)}
	for i := 0; i < len(p.toks); i++ {
		pt, next, bareYear, ok := p.point(i, true)
		if !ok {
			continue
		}
		if bareYear && !yearIntroduced(p.tok(i-1).text, p.tok(next).text) {
			continue
		}
		// "1er juillet 1962" is one date, not also "juillet 1962".
		i = next - 1
		if pt.year != 0 && pt.start().Before(to) && pt.end().After(from) {
			return true
		}
	}
	return false
}

// yearWordsBefore introduce a year in fr, en, de, es and ru ("en 1962",
// "since 1962", "seit 1962", "desde 1962", "в 1962"); yearWordsAfter
// follow one ("1962 года").
var (
	yearWordsBefore = map[string]bool{
		"en": true, "de": true, "du": true, "d'": true, "depuis": true, "dès": true, "des": true, "au": true, "à": true, "l'": true,
		"an": true, "année": true, "avant": true, "après": true, "jusqu'": true, "et": true, "ou": true, "entre": true,
		"in": true, "of": true, "since": true, "year": true, "during": true, "until": true, "before": true, "after": true, "and": true, "or": true, "between": true,
		"im": true, "jahr": true, "jahre": true, "seit": true, "von": true, "vom": true, "bis": true, "ab": true, "vor": true, "nach": true, "und": true, "oder": true,
		"del": true, "desde": true, "hasta": true, "año": true, "durante": true, "antes": true, "después": true, "y": true, "o": true,
		"в": true, "с": true, "до": true, "после": true, "от": true, "к": true, "и": true, "или": true, "году": true,
	}
	yearWordsAfter = map[string]bool{"года": true, "году": true, "год": true, "г": true}
)

// yearIntroduced reports whether a four-digit number between the words
// before and after is written as a year.
func yearIntroduced(before, after string) bool {
	return yearWordsBefore[before] || yearWordsAfter[after]
}

// writtenIn reports whether a passage of res writes a date of d (see
// WritesDate); a phrase without its year never is, being no content
// precise enough to answer from.
func writtenIn(res []Result, d datePhrase) bool {
	if d.yearless {
		return false
	}
	for _, r := range res {
		if WritesDate(r.Chunk.Text, d.from, d.to) {
			return true
		}
	}
	return false
}
