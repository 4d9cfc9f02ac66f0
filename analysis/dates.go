package analysis

import "strings"

// DateUnit is the span of calendar time a date word counts in.
type DateUnit int

// The units of DateWord.Unit.
const (
	NoUnit DateUnit = iota
	Day
	Week
	Month
	Year
)

// DateRole is what a word does in a date phrase of a question; a word may
// do several things ("vor" counts back in "vor 3 Tagen" and bounds a range
// in "vor 2020"), the reader tries each.
type DateRole uint32

// The roles of date words. "Unit" is one of DateUnit's words, "N" a
// number, "date" a date the parser reads (a year, a month, a day).
const (
	// DateLast comes before a unit in the singular: the previous one
	// ("letzte Woche", "el pasado año", "в прошлом году").
	DateLast DateRole = 1 << iota
	// DateLastAfter comes after a unit in the singular: the previous one
	// ("la semana pasada").
	DateLastAfter
	// DateThis comes before a unit in the singular: the current one
	// ("dieses Jahr", "esta semana", "в этом месяце").
	DateThis
	// DateNext is the next one ("nächste Woche"); such phrases are not
	// read, being no period of publication, but their words are stripped
	// with the others.
	DateNext
	// DateRecent comes before N units: the last N up to today ("in den
	// letzten 7 Tagen", "los últimos 7 días", "за последние 7 дней").
	DateRecent
	// DateRecentOne comes before a unit: the last one up to today ("за
	// последнюю неделю").
	DateRecentOne
	// DateAgoBefore comes before N units: the unit N back ("vor 3 Tagen",
	// "hace 3 días").
	DateAgoBefore
	// DateAgoAfter comes after [N] units, the same ("3 дня назад").
	DateAgoAfter
	// DateOne counts one before a unit ("vor einem Jahr", "hace un año"),
	// or is a unit in the singular that counts one without a number
	// ("неделю назад").
	DateOne
	// DateSince opens a range from a date to today ("seit 2023", "desde
	// 2023", "с 2023 года").
	DateSince
	// DateSinceCount comes before N units, with or without an ago word
	// between: the last N up to today ("seit 3 Jahren", "desde hace 3
	// años"). The Russian "с 18 лет" is "since the age of 18", so "с" has
	// no such role.
	DateSinceCount
	// DateBefore ends a range before a date ("vor 2020", "antes de 2020",
	// "до 2020 года").
	DateBefore
	// DateAfter starts a range after a date ("nach 2020", "después de
	// 2020", "после 2020 года").
	DateAfter
	// DateUntil ends a range with a date ("bis 2019", "hasta 2019").
	DateUntil
	// DateIn comes before a month or a year read as the period ("im Mai",
	// "en 2024", "в мае", "за май").
	DateIn
	// DateFrom opens a range whose ends DateTo joins ("zwischen 2023 und
	// 2024", "de marzo a mayo", "с 3 по 5 мая").
	DateFrom
	// DateTo joins the two ends of a range.
	DateTo
	// DateFiller may sit between a keyword and its date ("bis zum 5.
	// Mai", "hasta finales de 2019").
	DateFiller
	// DateYearAfter follows a year ("2023 года"), skipped before the end
	// of a range ("с 2023 года по 2024 год").
	DateYearAfter
	// DateArticle may sit between a keyword and a relative date ("desde
	// la semana pasada", "hasta el mes pasado").
	DateArticle
	// DateStill before a day's word makes it "nowadays", no day ("noch
	// heute", "aún hoy", "даже сегодня").
	DateStill
)

// DateWord is what a word can say in a date phrase.
type DateWord struct {
	Roles DateRole
	// Unit is the unit the word names, NoUnit for none; Plural is set
	// for its plural forms ("Jahren", "años", "лет"), which are never
	// the previous or the current one ("in den letzten Jahren" is no
	// "letztes Jahr").
	Unit   DateUnit
	Plural bool
}

// Is reports whether w plays role r.
func (w DateWord) Is(r DateRole) bool { return w.Roles&r != 0 }

// dateLexicon is how one language writes dates in words: the words of its
// relative dates and of its ranges, written with their accents and matched
// folded. Each language's is in its own file (dates_de.go...).
type dateLexicon struct {
	// days are the phrases naming a day by its distance from today,
	// words separated by spaces ("gestern": -1, "antes de ayer": -2).
	days map[string]int
	// notDays are phrases that start with a day's word and name none
	// ("hoy en día", nowadays).
	notDays []string
	// units holds, by unit, its singular forms, then after "|" its
	// plural ones.
	units map[DateUnit]string
	// roles holds the words of each role.
	roles map[DateRole]string
}

// dateLexicons are the languages whose date words DateWordOf reads.
// French and English are read by retrieval's parser itself.
var dateLexicons = map[string]dateLexicon{"de": germanDates, "es": spanishDates, "ru": russianDates}

// dateWords maps folded words to what they say in the languages of
// dateLexicons together; dayPhrases maps folded phrases to their day,
// notDayPhrases holds those naming none.
var dateWords, dayPhrases, notDayPhrases = func() (map[string]DateWord, map[string]int, map[string]bool) {
	words := map[string]DateWord{}
	days := map[string]int{}
	notDays := map[string]bool{}
	for _, lex := range dateLexicons {
		for unit, forms := range lex.units {
			sing, plur, _ := strings.Cut(forms, "|")
			for _, f := range strings.Fields(sing) {
				w := words[Fold(f)]
				w.Unit = unit
				words[Fold(f)] = w
			}
			for _, f := range strings.Fields(plur) {
				w := words[Fold(f)]
				w.Unit, w.Plural = unit, true
				words[Fold(f)] = w
			}
		}
		for role, list := range lex.roles {
			for _, f := range strings.Fields(list) {
				w := words[Fold(f)]
				w.Roles |= role
				words[Fold(f)] = w
			}
		}
		for p, d := range lex.days {
			days[Fold(p)] = d
		}
		for _, p := range lex.notDays {
			notDays[Fold(p)] = true
		}
	}
	return words, days, notDays
}()

// maxDayPhrase is the most words of a phrase of days or notDays.
const maxDayPhrase = 3

// DateWordOf returns what word, in any case and with or without its
// accents, says in a date phrase of German, Spanish or Russian; the zero
// DateWord for any other word.
func DateWordOf(word string) DateWord {
	return dateWords[Fold(word)]
}

// DayPhrase reads a phrase naming a day relative to today at the start of
// words ("gestern", "hoy", "antes de ayer", "позавчера") in German,
// Spanish or Russian: its distance from today in days and the number of
// words it takes. A phrase that only starts like one ("hoy en día") is
// none.
func DayPhrase(words []string) (offset, n int, ok bool) {
	var b strings.Builder
	found := false
	for i := 0; i < len(words) && i < maxDayPhrase; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(Fold(words[i]))
		p := b.String()
		if notDayPhrases[p] {
			return 0, 0, false
		}
		if d, ok := dayPhrases[p]; ok {
			offset, n, found = d, i+1, true
		}
	}
	return offset, n, found
}

// IsRelativeDateWord reports whether a folded word of German, Spanish or
// Russian belongs to the phrases of dates relative to now, so that a
// topic can be told without them: a day ("gestern", "hoy", "вчера"), a
// week, a month or a year ("Woche", "mes", "году"), or the previous or
// next one ("letzten", "pasado", "прошлом", "nächste").
func IsRelativeDateWord(folded string) bool {
	if _, ok := dayPhrases[folded]; ok {
		return true
	}
	w := dateWords[folded]
	return w.Unit >= Week || w.Is(DateLast|DateLastAfter|DateNext)
}
