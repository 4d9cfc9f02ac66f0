package analysis

import (
	"strings"
	"time"
)

// monthWord is what a month word says: its month, and whether it is an
// abbreviation ("avr", "Sept", "févr."), which reads as a month only next
// to a number.
type monthWord struct {
	month  time.Month
	abbrev bool
}

// monthNames maps folded month names to their month: the names of
// monthDisplay (French, English, German, Spanish, the Russian nominative
// and genitive) and monthRead's. With monthDisplay it is the tree's one list
// of month names.
var monthNames = func() map[string]monthWord {
	m := map[string]monthWord{}
	for i, l := range monthRead {
		month := time.Month(i + 1)
		for _, names := range monthDisplay {
			for _, forms := range names {
				if forms[i] != "" {
					m[Fold(forms[i])] = monthWord{month: month}
				}
			}
		}
		full, abbrevs, _ := strings.Cut(l, "|")
		for _, n := range strings.Fields(full) {
			m[Fold(n)] = monthWord{month: month}
		}
		for _, n := range strings.Fields(abbrevs) {
			m[Fold(n)] = monthWord{month: month, abbrev: true}
		}
	}
	return m
}()

// monthRead are the month words read but never written, by month: the
// Italian names, the Russian prepositional ("в мае"), spelling variants,
// then after "|" the abbreviations.
var monthRead = [12]string{
	"gennaio январе | janv jan",
	"febbraio феврале | févr fév feb",
	"марте | mar",
	"aprile апреле | avr apr",
	"maggio мае |",
	"giugno июне | jun",
	"luglio июле | juil jul",
	"августе | aug",
	"setiembre settembre сентябре | sept sep",
	"ottobre октябре | oct",
	"ноябре | nov",
	"dicembre декабре | dec",
}

// ParseMonth reads a month name or abbreviation in French, English,
// German, Spanish, Italian or Russian ("avril", "Apr", "févr.", "aout",
// "Dezember", "мая"), ignoring case, accents and a final period.
func ParseMonth(word string) (time.Month, bool) {
	w, ok := monthNames[foldMonth(word)]
	return w.month, ok
}

// IsMonthAbbreviation reports whether word is a month abbreviation ("jan",
// "Sept", "févr.") rather than a month's full name; callers read an
// abbreviation as a month only next to a number, since most are also
// words or parts of words.
func IsMonthAbbreviation(word string) bool {
	w, ok := monthNames[foldMonth(word)]
	return ok && w.abbrev
}

// foldMonth folds word for a look-up in monthNames.
func foldMonth(word string) string {
	return Fold(strings.TrimSuffix(strings.TrimSpace(word), "."))
}

// MonthTerm returns the language-independent index term of a folded month
// name ("avril", "april", "апреля" all give "\x01m04"), "" for any other
// word and for abbreviations and English "may", which are also common
// words. Index and query both carry it, so that dates match across
// languages.
func MonthTerm(folded string) string {
	w, ok := monthNames[folded]
	if !ok || w.abbrev || folded == "may" {
		return ""
	}
	return monthTerms[w.month-1]
}

var monthTerms = [12]string{"\x01m01", "\x01m02", "\x01m03", "\x01m04", "\x01m05", "\x01m06", "\x01m07", "\x01m08", "\x01m09", "\x01m10", "\x01m11", "\x01m12"}

// monthDisplay are the month names written in dates, per language: the
// form standing alone ("avril 2025", "апрель 2025"), then for Russian the
// genitive that follows a day ("26 апреля"). ParseMonth reads them all
// (see monthNames).
var monthDisplay = map[string][2][12]string{
	"fr": {{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}},
	"en": {{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}},
	"de": {{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}},
	"es": {{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}},
	"ru": {
		{"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"},
		{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
	},
}

// MonthName writes month m in lang (fr, en, de, es, ru; English for any
// other): the form of a month standing alone ("avril", "апрель"), or with
// afterDay the form that follows a day, which differs in Russian only
// ("26 апреля").
func MonthName(lang string, m time.Month, afterDay bool) string {
	names, ok := monthDisplay[lang]
	if !ok {
		names = monthDisplay["en"]
	}
	if afterDay && names[1][0] != "" {
		return names[1][m-1]
	}
	return names[0][m-1]
}
