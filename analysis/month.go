package analysis

import (
	"strings"
	"time"
)

// monthNames maps folded month names to their month: French and English
// names and abbreviations, German, Spanish and Italian names, and the
// Russian names in their nominative, genitive and prepositional forms
// ("май", "мая", "мае"). English "may" and "mar" are left out of
// MonthTerm, being also a verb and a word.
var monthNames = func() map[string]time.Month {
	lists := [12]string{
		"janvier janv jan january januar enero gennaio январь января январе",
		"février févr fév february feb februar febrero febbraio февраль февраля феврале",
		"mars march mar märz marz marzo март марта марте",
		"avril avr april apr abril aprile апрель апреля апреле",
		"mai may mayo maggio май мая мае",
		"juin june jun juni junio giugno июнь июня июне",
		"juillet juil july jul juli julio luglio июль июля июле",
		"août aout august aug agosto август августа августе",
		"septembre sept september sep septiembre setiembre settembre сентябрь сентября сентябре",
		"octobre october oct oktober octubre ottobre октябрь октября октябре",
		"novembre november nov noviembre ноябрь ноября ноябре",
		"décembre december dec dezember diciembre dicembre декабрь декабря декабре",
	}
	m := map[string]time.Month{}
	for i, names := range lists {
		for _, n := range strings.Fields(names) {
			m[Fold(n)] = time.Month(i + 1)
		}
	}
	return m
}()

// ParseMonth reads a month name or abbreviation in French, English,
// German, Spanish, Italian or Russian ("avril", "Apr", "févr.", "aout",
// "Dezember", "мая"), ignoring case, accents and a final period.
func ParseMonth(word string) (time.Month, bool) {
	m, ok := monthNames[Fold(strings.TrimSuffix(strings.TrimSpace(word), "."))]
	return m, ok
}

// ambiguousMonths are month words that are also common words of some
// language ("may", "mar", "sep", "dec", "jan", "jun", "jul", "aug"...):
// MonthTerm ignores them.
var ambiguousMonths = map[string]bool{
	"may": true, "mar": true, "jan": true, "feb": true, "fev": true, "apr": true, "avr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "janv": true, "fevr": true, "juil": true,
}

// MonthTerm returns the language-independent index term of a folded month
// name ("avril", "april", "апреля" all give "\x01m04"), "" for any other
// word and for abbreviations or names that are also common words. Index
// and query both carry it, so that dates match across languages.
func MonthTerm(folded string) string {
	m, ok := monthNames[folded]
	if !ok || ambiguousMonths[folded] {
		return ""
	}
	return monthTerms[m-1]
}

var monthTerms = [12]string{"\x01m01", "\x01m02", "\x01m03", "\x01m04", "\x01m05", "\x01m06", "\x01m07", "\x01m08", "\x01m09", "\x01m10", "\x01m11", "\x01m12"}

// monthDisplay are the month names written in dates, per language: the
// form standing alone ("avril 2025", "апрель 2025"), then for Russian the
// genitive that follows a day ("26 апреля").
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
