package retrieval

import (
	"strings"
	"time"
	"unicode"

	"verbatim/analysis"
	"verbatim/corpus"
)

// ParseDateRange finds the first date range written in text, in French,
// English, German, Spanish or Russian (month names in any language of
// analysis.ParseMonth's one list), and returns it as [from, to) in UTC; a
// zero bound is open. It reads calendar dates ("26 avril 2025", "April 26,
// 2025", "le 26 avril"), months ("en avril 2025", "in March 2024", "avril
// 2025"), years after a preposition ("en 2024", "in 2024"), ranges
// ("between 2023 and 2024", "entre 2023 et 2024", "from March to May
// 2024", "du 3 au 5 mai 2025", "2023-2024"), open ranges ("depuis 2023",
// "since March 2024", "avant 2020", "after 2020", "jusqu'en 2019") and
// relative dates ("today", "hier", "last week", "la semaine dernière", "le
// mois dernier", "this year", "l'année dernière", "il y a 3 jours", "3
// days ago", "les 7 derniers jours"); the German, Spanish and Russian
// forms of these take their words from analysis' date lexicons
// (analysis.DateWordOf): "gestern", "letzte Woche", "vor 3 Tagen", "seit
// März 2024", "vom 3. bis 5. Mai 2025", "ayer", "el mes pasado", "hace 3
// días", "antes de 2020", "del 3 al 5 de mayo", "вчера", "в прошлом году",
// "3 дня назад", "с 2023 года", "с 3 по 5 мая". A date without a year ("le
// 26 avril", "en avril") is its most recent occurrence up to now. Only
// four-digit years from 1900 to 2100 count, so "76 000 tués" or "80e
// anniversaire" are no dates. Weeks start on Monday; "since" ranges end
// with today.
func ParseDateRange(text string, now time.Time) (from, to time.Time, ok bool) {
	from, to, _, ok = parseDateRange(text, now)
	return from, to, ok
}

// parseDateRange is ParseDateRange, also reporting whether the range is a
// date or span written without its year ("le 28 avril", "en avril", "du 3
// au 5 mai"), whose year was taken from now.
func parseDateRange(text string, now time.Time) (from, to time.Time, yearless, ok bool) {
	ph, ok := parseDatePhrase(text, now)
	return ph.from, ph.to, ph.yearless, ok
}

// phrase is a date phrase found by parseDatePhrase.
type phrase struct {
	from, to time.Time
	// yearless: see parseDateRange.
	yearless bool
	// relative is set for a date relative to now ("hier", "last week",
	// "il y a 3 jours").
	relative bool
	// start is the index of the phrase's first token in tokenize(text).
	start int
}

// parseDatePhrase is parseDateRange, also saying where the phrase starts
// and whether it is relative to now.
func parseDatePhrase(text string, now time.Time) (ph phrase, ok bool) {
	p := dateParser{toks: tokenize(text), now: now}
	y, m, d := now.Date()
	p.today = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for i := range p.toks {
		p.yearless, p.rel = false, false
		if from, to, ok := p.at(i); ok {
			return phrase{from: from, to: to, yearless: p.yearless && !from.IsZero() && !to.IsZero(), relative: p.rel, start: i}, true
		}
	}
	return phrase{}, false
}

// token is a word, a number or a punctuation mark of the text.
type token struct {
	text  string // lower case; apostrophes normalised to '
	orig  string
	num   int // value of a number token, -1 otherwise
	glued bool
}

func (t token) isNum() bool { return t.num >= 0 }

// tokenize cuts text into words (a trailing elision apostrophe kept: "l'",
// "jusqu'"), digit runs and single punctuation marks, recording whether a
// token touches the previous one.
func tokenize(text string) []token {
	var toks []token
	rs := []rune(text)
	glued := false
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			glued = false
			i++
			continue
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			w := string(rs[i:j])
			if j+1 < len(rs) && (rs[j] == '\'' || rs[j] == '’') && unicode.IsLetter(rs[j+1]) {
				w += "'"
				j++
			}
			toks = append(toks, token{text: strings.ToLower(w), orig: w, num: -1, glued: glued})
			i = j
		case unicode.IsDigit(r):
			j := i
			n := 0
			for j < len(rs) && unicode.IsDigit(rs[j]) {
				if n < 1e6 {
					n = n*10 + int(rs[j]-'0')
				}
				j++
			}
			s := string(rs[i:j])
			if len(s) > 6 {
				n = 1e6 + 1 // no date number
			}
			toks = append(toks, token{text: s, orig: s, num: n, glued: glued})
			i = j
		default:
			s := string(r)
			if r == '–' || r == '—' {
				s = "-"
			}
			toks = append(toks, token{text: s, orig: s, num: -1, glued: glued})
			i++
		}
		glued = true
	}
	return toks
}

type dateParser struct {
	toks  []token
	now   time.Time
	today time.Time // midnight UTC of now's calendar day
	// yearless is set when resolve supplied a year.
	yearless bool
	// rel is set when the range read is relative to now.
	rel bool
}

// point is a date expression: a year, a month or a day, maybe without year.
type point struct {
	year  int // 0 when not written
	month time.Month
	day   int
	prec  corpus.Precision
}

func (pt point) start() time.Time {
	switch pt.prec {
	case corpus.PrecisionYear:
		return time.Date(pt.year, 1, 1, 0, 0, 0, 0, time.UTC)
	case corpus.PrecisionMonth:
		return time.Date(pt.year, pt.month, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(pt.year, pt.month, pt.day, 0, 0, 0, 0, time.UTC)
}

func (pt point) end() time.Time {
	switch pt.prec {
	case corpus.PrecisionYear:
		return pt.start().AddDate(1, 0, 0)
	case corpus.PrecisionMonth:
		return pt.start().AddDate(0, 1, 0)
	}
	return pt.start().AddDate(0, 0, 1)
}

// resolve gives a year-less point its most recent occurrence up to today.
func (p *dateParser) resolve(pt point) point {
	if pt.year != 0 {
		return pt
	}
	p.yearless = true
	pt.year = p.today.Year()
	// The latest occurrence that exists: "le 29 février" asked in 2026 is
	// 29 February 2024.
	for pt.start().After(p.today) || pt.prec == corpus.PrecisionDay && !validDay(pt) {
		pt.year--
	}
	return pt
}

// earlierYear moves a range read from a date without its year to the
// same dates in the previous year they exist: a year back, or back to the
// previous leap year when it starts on 29 February.
func earlierYear(from, to time.Time) (time.Time, time.Time) {
	years := 1
	if from.Month() == time.February && from.Day() == 29 {
		for !validDay(point{year: from.Year() - years, month: time.February, day: 29}) {
			years++
		}
	}
	return from.AddDate(-years, 0, 0), to.AddDate(-years, 0, 0)
}

func (p *dateParser) tok(i int) token {
	if i < 0 || i >= len(p.toks) {
		return token{num: -1}
	}
	return p.toks[i]
}

func (p *dateParser) word(i int, words ...string) bool {
	t := p.tok(i)
	for _, w := range words {
		if t.text == w {
			return true
		}
	}
	return false
}

// year reads a four-digit year 1900-2100 at i that is not part of a
// longer number: not after another number ("1 2024"), nor a decimal
// ("3,2024"), nor glued to letters or digits ("2024e"), nor followed by a
// group of thousands ("2000 000").
func (p *dateParser) year(i int) (int, bool) {
	t := p.tok(i)
	if !t.isNum() || len(t.text) != 4 || t.num < 1900 || t.num > 2100 {
		return 0, false
	}
	prev, next := p.tok(i-1), p.tok(i+1)
	if prev.isNum() {
		return 0, false
	}
	if t.glued && (prev.text == "," || prev.text == ".") && prev.glued && p.tok(i-2).isNum() {
		return 0, false
	}
	if next.glued && (next.isNum() || unicode.IsLetter([]rune(next.text)[0])) {
		return 0, false
	}
	if next.isNum() && len(next.text) == 3 {
		return 0, false
	}
	return t.num, true
}

// month reads a month name at i.
func (p *dateParser) month(i int) (time.Month, bool) {
	t := p.tok(i)
	if t.isNum() || t.text == "" {
		return 0, false
	}
	m, ok := analysis.ParseMonth(t.text)
	if !ok {
		return 0, false
	}
	nearNumber := p.tok(i+1).isNum() || p.tok(i-1).isNum() ||
		p.word(i+1, ".") && p.tok(i+2).isNum()
	// Abbreviations ("jan", "mar", "sept"), and the English "may" and
	// "march" when not capitalised (a verb and a noun), count only next to
	// a number; a full name in any language of analysis' list is a date on
	// its own ("en avril", "im Juni", "в мае").
	if analysis.IsMonthAbbreviation(t.text) || t.orig == "may" || t.orig == "march" {
		if !nearNumber {
			return 0, false
		}
	}
	return m, true
}

// dayNum reads a day of month at i ("26", "1er", "26th"), returning the
// index after it.
func (p *dateParser) dayNum(i int) (int, int, bool) {
	t := p.tok(i)
	if !t.isNum() || len(t.text) > 2 || t.num < 1 || t.num > 31 {
		return 0, i, false
	}
	if prev := p.tok(i - 1); prev.glued && t.glued && prev.isNum() {
		return 0, i, false
	}
	j := i + 1
	if n := p.tok(j); n.glued && !n.isNum() && unicode.IsLetter([]rune(n.text)[0]) {
		switch n.text {
		case "er", "re", "st", "nd", "rd", "th":
			j++
		default:
			return 0, i, false // "80e", "3h", "5%"
		}
	}
	return t.num, j, true
}

// point reads a date expression at i: "26 avril 2025", "April 26, 2025",
// "26 avril", "April 26", "avril 2025", "2025", or a lone month when
// loneMonth. bareYear reports a lone year.
func (p *dateParser) point(i int, loneMonth bool) (pt point, next int, bareYear, ok bool) {
	// day month [year], also "5. Juli 1962" and "5 de julio de 1962"
	if d, j, ok := p.dayNum(i); ok {
		if p.word(j, ".") && p.tok(j).glued || p.word(j, "de") {
			j++
		}
		if m, ok := p.month(j); ok {
			pt = point{month: m, day: d, prec: corpus.PrecisionDay}
			j++
			if p.word(j, "de") && p.tok(j+1).isNum() {
				j++
			}
			if y, ok := p.year(j); ok {
				pt.year = y
				j++
			}
			if validDay(pt) {
				return pt, j, false, true
			}
		}
	}
	if m, ok := p.month(i); ok {
		j := i + 1
		if p.word(j, ".") && p.tok(j).glued { // "Apr. 26"
			j++
		}
		// month day[,] [year]
		if d, k, ok := p.dayNum(j); ok {
			if _, isYear := p.year(j); !isYear {
				pt = point{month: m, day: d, prec: corpus.PrecisionDay}
				if p.word(k, ",") {
					if y, ok := p.year(k + 1); ok {
						pt.year = y
						k += 2
					}
				} else if y, ok := p.year(k); ok {
					pt.year = y
					k++
				}
				if validDay(pt) {
					return pt, k, false, true
				}
			}
		}
		// month [de|of] year
		k := j
		if p.word(k, "de", "of") {
			k++
		}
		if y, ok := p.year(k); ok {
			return point{year: y, month: m, prec: corpus.PrecisionMonth}, k + 1, false, true
		}
		if loneMonth {
			return point{month: m, prec: corpus.PrecisionMonth}, j, false, true
		}
		return point{}, i, false, false
	}
	if y, ok := p.year(i); ok {
		return point{year: y, prec: corpus.PrecisionYear}, i + 1, true, true
	}
	return point{}, i, false, false
}

func validDay(pt point) bool {
	y := pt.year
	if y == 0 {
		y = 2024 // a leap year, so "29 février" is valid without a year
	}
	t := time.Date(y, pt.month, pt.day, 0, 0, 0, 0, time.UTC)
	return t.Day() == pt.day
}

// skipFiller skips words that may sit between a keyword and a date:
// "depuis le", "en l'an", "au mois d'", "in the year", "im Jahr", "en el
// año".
func (p *dateParser) skipFiller(i int) int {
	for n := 0; n < 3; n++ {
		if !p.word(i, "le", "l'", "the", "mois", "de", "d'", "an", "année", "year", "of", "début", "fin", "early", "late", "jahr", "el", "año") &&
			!p.is(i, analysis.DateFiller) {
			break
		}
		i++
	}
	return i
}

// at tries every form of date range starting at token i.
func (p *dateParser) at(i int) (from, to time.Time, ok bool) {
	if from, to, ok := p.relative(i); ok {
		p.rel = true
		return from, to, true
	}
	t := p.tok(i)
	switch t.text {
	case "between", "entre", "from", "de", "d'", "du":
		if from, to, ok := p.rangeAt(i + 1); ok {
			return from, to, true
		}
	case "since", "depuis":
		if pt, _, _, ok := p.point(p.skipFiller(i+1), true); ok {
			// "depuis le 3 mai" ends today: not a span to move.
			from := p.resolve(pt).start()
			p.yearless = false
			return from, p.today.AddDate(0, 0, 1), true
		}
	case "after", "après", "apres":
		if pt, _, _, ok := p.point(p.skipFiller(i+1), true); ok {
			return p.resolve(pt).end(), time.Time{}, true
		}
	case "before", "avant":
		if pt, _, _, ok := p.point(p.skipFiller(i+1), true); ok {
			return time.Time{}, p.resolve(pt).start(), true
		}
	case "until", "till", "jusqu'":
		j := i + 1
		if p.word(j, "à", "a", "en", "au", "fin") {
			j++
		}
		if pt, _, _, ok := p.point(p.skipFiller(j), true); ok {
			return time.Time{}, p.resolve(pt).end(), true
		}
	case "in", "en", "during", "durant", "pendant", "courant", "au", "dans", "im", "в":
		// "im Juni", "в мае": the month names of analysis' list are in
		// five languages, so are the commonest prepositions before them.
		if pt, _, _, ok := p.point(p.skipFiller(i+1), true); ok {
			pt = p.resolve(pt)
			return pt.start(), pt.end(), true
		}
	}
	if from, to, ok := p.bounds(i); ok {
		return from, to, true
	}
	// A bare year range "2023-2024" or a bare day or month.
	pt, j, bareYear, ok := p.point(i, false)
	if !ok {
		return time.Time{}, time.Time{}, false
	}
	if bareYear {
		if p.word(j, "-", "/") {
			if y2, ok := p.year(j + 1); ok && y2 >= pt.year {
				return pt.start(), point{year: y2, prec: corpus.PrecisionYear}.end(), true
			}
		}
		return time.Time{}, time.Time{}, false
	}
	pt = p.resolve(pt)
	return pt.start(), pt.end(), true
}

// rangeAt reads "X to|and|à|et|au|- Y" at i, inclusive of both ends. X may
// lack a year (taken from Y) or, before a day Y, be a lone day number.
func (p *dateParser) rangeAt(i int) (from, to time.Time, ok bool) {
	i = p.skipFiller(i)
	x, j, _, okX := p.point(i, true)
	lone := 0
	if !okX {
		d, k, ok := p.dayNum(i)
		if !ok {
			return time.Time{}, time.Time{}, false
		}
		lone, j = d, k
		if p.word(j, ".") && p.tok(j).glued { // "vom 3. bis 5. Mai"
			j++
		}
	} else if p.is(j, analysis.DateYearAfter) { // "с 2023 года по 2024 год"
		j++
	}
	if !p.word(j, "to", "and", "à", "a", "et", "au", "-", "until", "through", "jusqu'") && !p.is(j, analysis.DateTo) {
		return time.Time{}, time.Time{}, false
	}
	j++
	if p.word(j, "à", "au", "en") { // "jusqu'à", "jusqu'en"
		j++
	}
	y, _, _, okY := p.point(p.skipFiller(j), true)
	if !okY {
		return time.Time{}, time.Time{}, false
	}
	if lone > 0 {
		if y.prec != corpus.PrecisionDay {
			return time.Time{}, time.Time{}, false
		}
		x = point{year: y.year, month: y.month, day: lone, prec: corpus.PrecisionDay}
		if !validDay(x) {
			return time.Time{}, time.Time{}, false
		}
	}
	if y.year == 0 && x.year != 0 {
		y.year = x.year
	}
	y = p.resolve(y)
	if x.year == 0 {
		x.year = y.year
		if x.prec != corpus.PrecisionYear && x.start().After(y.start()) {
			x.year--
		}
	}
	if x.start().After(y.start()) {
		return time.Time{}, time.Time{}, false
	}
	return x.start(), y.end(), true
}

// relative reads dates relative to now at i.
func (p *dateParser) relative(i int) (from, to time.Time, ok bool) {
	day := p.today
	weekStart := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	monthStart := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)
	yearStart := time.Date(day.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	t := p.tok(i)
	switch t.text {
	case "today":
		// "still today", "even today", "known today as": nowadays, no day
		// (as "noch heute", "aún hoy", "даже сегодня").
		if !p.word(i-1, "still", "even", "known", "called") && !p.word(i+1, "still", "known", "called") {
			return day, day.AddDate(0, 0, 1), true
		}
	case "aujourd'":
		// "encore aujourd'hui", "aujourd'hui encore": nowadays.
		if p.word(i+1, "hui") && !p.word(i-1, "encore") && !p.word(i+2, "encore") {
			return day, day.AddDate(0, 0, 1), true
		}
	case "aujourdhui":
		return day, day.AddDate(0, 0, 1), true
	case "yesterday":
		return day.AddDate(0, 0, -1), day, true
	case "avant":
		if p.word(i+1, "-") && p.word(i+2, "hier") {
			return day.AddDate(0, 0, -2), day.AddDate(0, 0, -1), true
		}
	case "hier":
		return day.AddDate(0, 0, -1), day, true
	case "last", "past":
		switch {
		case p.word(i+1, "week"):
			return weekStart.AddDate(0, 0, -7), weekStart, true
		case p.word(i+1, "month"):
			return monthStart.AddDate(0, -1, 0), monthStart, true
		case p.word(i+1, "year"):
			return yearStart.AddDate(-1, 0, 0), yearStart, true
		case p.tok(i+1).isNum() && p.word(i+2, "days"):
			return day.AddDate(0, 0, -p.tok(i+1).num), day.AddDate(0, 0, 1), true
		}
	case "this":
		switch {
		case p.word(i+1, "week"):
			return weekStart, weekStart.AddDate(0, 0, 7), true
		case p.word(i+1, "month"):
			return monthStart, monthStart.AddDate(0, 1, 0), true
		case p.word(i+1, "year"):
			return yearStart, yearStart.AddDate(1, 0, 0), true
		}
	case "semaine":
		if p.word(i+1, "dernière", "derniere", "passée", "passee") {
			return weekStart.AddDate(0, 0, -7), weekStart, true
		}
	case "mois":
		if p.word(i+1, "dernier", "passé", "passe") {
			return monthStart.AddDate(0, -1, 0), monthStart, true
		}
	case "année", "annee", "an":
		if p.word(i+1, "dernière", "derniere", "dernier", "passée", "passee", "passé") {
			return yearStart.AddDate(-1, 0, 0), yearStart, true
		}
	case "l'":
		if p.word(i+1, "année", "annee", "an") {
			return p.relative(i + 1)
		}
	case "cette":
		switch {
		case p.word(i+1, "semaine"):
			return weekStart, weekStart.AddDate(0, 0, 7), true
		case p.word(i+1, "année", "annee"):
			return yearStart, yearStart.AddDate(1, 0, 0), true
		}
	case "ce":
		if p.word(i+1, "mois") && !p.word(i+2, "dernier", "passé", "passe") {
			return monthStart, monthStart.AddDate(0, 1, 0), true
		}
	case "il":
		// il y a N jours|semaines|mois|ans
		if p.word(i+1, "y") && p.word(i+2, "a") && p.tok(i+3).isNum() {
			return p.ago(p.tok(i+3).num, p.tok(i+4).text)
		}
	case "les":
		// les N derniers jours
		if n := p.tok(i + 1); n.isNum() && p.word(i+2, "derniers") && p.word(i+3, "jours") {
			return day.AddDate(0, 0, -n.num), day.AddDate(0, 0, 1), true
		}
	}
	// N days|weeks|months|years ago
	if t.isNum() && p.word(i+2, "ago") {
		return p.ago(t.num, p.tok(i+1).text)
	}
	return p.relativeWords(i)
}

// ago returns the day, week, month or year n units before today, the
// unit written in French or English.
func (p *dateParser) ago(n int, unit string) (from, to time.Time, ok bool) {
	switch unit {
	case "day", "days", "jour", "jours":
		return p.agoUnits(n, analysis.Day)
	case "week", "weeks", "semaine", "semaines":
		return p.agoUnits(n, analysis.Week)
	case "month", "months", "mois":
		return p.agoUnits(n, analysis.Month)
	case "year", "years", "an", "ans", "année", "années":
		return p.agoUnits(n, analysis.Year)
	}
	return time.Time{}, time.Time{}, false
}

// agoUnits returns the day, week, month or year n units before today.
func (p *dateParser) agoUnits(n int, unit analysis.DateUnit) (from, to time.Time, ok bool) {
	if n > 10000 {
		return time.Time{}, time.Time{}, false
	}
	day := p.today
	switch unit {
	case analysis.Day:
		d := day.AddDate(0, 0, -n)
		return d, d.AddDate(0, 0, 1), true
	case analysis.Week:
		d := day.AddDate(0, 0, -7*n)
		ws := d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
		return ws, ws.AddDate(0, 0, 7), true
	case analysis.Month:
		m := time.Date(day.Year(), day.Month()-time.Month(n), 1, 0, 0, 0, 0, time.UTC)
		return m, m.AddDate(0, 1, 0), true
	case analysis.Year:
		y := time.Date(day.Year()-n, 1, 1, 0, 0, 0, 0, time.UTC)
		return y, y.AddDate(1, 0, 0), true
	}
	return time.Time{}, time.Time{}, false
}

// dateWord returns what the word at i says in a German, Spanish or
// Russian date phrase (analysis.DateWordOf).
func (p *dateParser) dateWord(i int) analysis.DateWord {
	t := p.tok(i)
	if t.text == "" || t.isNum() {
		return analysis.DateWord{}
	}
	return analysis.DateWordOf(t.text)
}

// is reports whether the word at i plays role r in a date phrase.
func (p *dateParser) is(i int, r analysis.DateRole) bool {
	return p.dateWord(i).Is(r)
}

// singularUnit returns the unit named in the singular at i ("Woche",
// "año", "неделе"), NoUnit for any other word.
func (p *dateParser) singularUnit(i int) analysis.DateUnit {
	w := p.dateWord(i)
	if w.Plural {
		return analysis.NoUnit
	}
	return w.Unit
}

// count reads a count of units at i: a number from 1 to 10000 that is not
// part of a longer one ("76 000", "3,5"), a number word ("drei", "tres",
// "три") or a word for one ("einem", "un"); it returns the index after it.
func (p *dateParser) count(i int) (n, next int, ok bool) {
	t := p.tok(i)
	if t.isNum() {
		prev := p.tok(i - 1)
		switch {
		case t.num < 1 || t.num > 10000, prev.isNum(),
			t.glued && (prev.text == "," || prev.text == ".") && p.tok(i-2).isNum(),
			p.tok(i + 1).isNum(),
			p.tok(i+1).glued && p.word(i+1, ",", ".") && p.tok(i+2).isNum() && p.tok(i+2).glued:
			return 0, i, false
		}
		return t.num, i + 1, true
	}
	if t.text == "" {
		return 0, i, false
	}
	if w := p.dateWord(i); w.Is(analysis.DateOne) && w.Unit == analysis.NoUnit {
		return 1, i + 1, true
	}
	if v, ok := analysis.NumberValue(analysis.Fold(t.text)); ok && v >= 1 && v <= 100 {
		return int(v), i + 1, true
	}
	return 0, i, false
}

// relativeWords reads at i the dates relative to now of the languages of
// analysis' date lexicons: "gestern", "hoy", "позавчера"; "letzte Woche",
// "la semana pasada", "в прошлом году"; "dieses Jahr", "este mes", "на
// этой неделе"; "in den letzten 7 Tagen", "los últimos 7 días", "за
// последние 7 дней", "за последнюю неделю"; "vor 3 Tagen", "hace un año",
// "3 дня назад", "неделю назад"; "seit 3 Jahren", "desde hace 3 años".
func (p *dateParser) relativeWords(i int) (from, to time.Time, ok bool) {
	if off, _, ok := analysis.DayPhrase(p.texts(i, 3)); ok && !p.is(i-1, analysis.DateStill) {
		d := p.today.AddDate(0, 0, off)
		return d, d.AddDate(0, 0, 1), true
	}
	w, next := p.dateWord(i), p.dateWord(i+1)
	if w.Is(analysis.DateLast) {
		if u := p.singularUnit(i + 1); u != analysis.NoUnit {
			// "el pasado mes de mayo" is May, not last month.
			if u == analysis.Month && p.word(i+2, "de") {
				if m, ok := p.month(i + 3); ok {
					pt := p.resolve(point{month: m, prec: corpus.PrecisionMonth})
					return pt.start(), pt.end(), true
				}
			}
			if from, to, ok := p.previous(u); ok {
				return from, to, true
			}
		}
	}
	if u := p.singularUnit(i); u != analysis.NoUnit && next.Is(analysis.DateLastAfter) {
		if from, to, ok := p.previous(u); ok {
			return from, to, true
		}
	}
	if w.Is(analysis.DateThis) {
		if from, to, ok := p.current(p.singularUnit(i + 1)); ok {
			return from, to, true
		}
	}
	if w.Is(analysis.DateRecentOne) {
		if u := p.singularUnit(i + 1); u != analysis.NoUnit {
			return p.recent(1, u)
		}
	}
	if w.Is(analysis.DateRecent) {
		if n, j, ok := p.count(i + 1); ok {
			if u := p.dateWord(j).Unit; u != analysis.NoUnit {
				return p.recent(n, u)
			}
		}
	}
	if w.Is(analysis.DateSinceCount) {
		j := i + 1
		if p.is(j, analysis.DateAgoBefore) {
			j++
		}
		if n, k, ok := p.count(j); ok {
			if u := p.dateWord(k).Unit; u != analysis.NoUnit {
				return p.recent(n, u)
			}
		}
	}
	if w.Is(analysis.DateAgoBefore) {
		if n, j, ok := p.count(i + 1); ok {
			if u := p.dateWord(j).Unit; u != analysis.NoUnit {
				return p.agoUnits(n, u)
			}
		}
	}
	if n, j, ok := p.count(i); ok {
		if u := p.dateWord(j).Unit; u != analysis.NoUnit && p.is(j+1, analysis.DateAgoAfter) {
			return p.agoUnits(n, u)
		}
	}
	if w.Is(analysis.DateOne) && w.Unit != analysis.NoUnit && next.Is(analysis.DateAgoAfter) {
		return p.agoUnits(1, w.Unit)
	}
	return time.Time{}, time.Time{}, false
}

// previous returns the week, month or year before the current one.
func (p *dateParser) previous(u analysis.DateUnit) (from, to time.Time, ok bool) {
	from, to, ok = p.current(u)
	if !ok {
		return from, to, false
	}
	switch u {
	case analysis.Week:
		return from.AddDate(0, 0, -7), from, true
	case analysis.Month:
		return from.AddDate(0, -1, 0), from, true
	}
	return from.AddDate(-1, 0, 0), from, true
}

// current returns the current week (from Monday), month or year.
func (p *dateParser) current(u analysis.DateUnit) (from, to time.Time, ok bool) {
	day := p.today
	switch u {
	case analysis.Week:
		ws := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		return ws, ws.AddDate(0, 0, 7), true
	case analysis.Month:
		ms := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)
		return ms, ms.AddDate(0, 1, 0), true
	case analysis.Year:
		ys := time.Date(day.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		return ys, ys.AddDate(1, 0, 0), true
	}
	return time.Time{}, time.Time{}, false
}

// recent returns the last n days, weeks, months or years up to today
// included.
func (p *dateParser) recent(n int, u analysis.DateUnit) (from, to time.Time, ok bool) {
	if n > 10000 {
		return time.Time{}, time.Time{}, false
	}
	end := p.today.AddDate(0, 0, 1)
	switch u {
	case analysis.Day:
		return p.today.AddDate(0, 0, -n), end, true
	case analysis.Week:
		return p.today.AddDate(0, 0, -7*n), end, true
	case analysis.Month:
		return p.today.AddDate(0, -n, 0), end, true
	case analysis.Year:
		return p.today.AddDate(-n, 0, 0), end, true
	}
	return time.Time{}, time.Time{}, false
}

// bounds reads at i the ranges whose keywords are in analysis' date
// lexicons: "zwischen 2023 und 2024", "von März bis Mai 2024", "del 3 al
// 5 de mayo", "с 3 по 5 мая" (DateFrom); "seit März 2024", "desde 2023",
// "с 2023 года", "seit gestern", "с прошлой недели" (DateSince); "nach 2020", "después de
// 2020", "после 2020 года" (DateAfter); "vor 2020", "antes de 2020", "до
// 2020 года" (DateBefore); "bis 2019", "hasta 2019", "bis heute"
// (DateUntil); "im Mai", "durante 2024", "за май" (DateIn).
func (p *dateParser) bounds(i int) (from, to time.Time, ok bool) {
	w := p.dateWord(i)
	if w.Roles == 0 {
		return time.Time{}, time.Time{}, false
	}
	if w.Is(analysis.DateFrom) {
		if from, to, ok := p.rangeAt(i + 1); ok {
			return from, to, true
		}
	}
	j := p.skipFiller(i + 1)
	pt, _, _, okPt := p.point(j, true)
	// Or a date relative to now, after at most two fillers or articles:
	// "seit gestern", "desde el año pasado", "с прошлой недели", "bis
	// heute".
	var relFrom, relTo time.Time
	okRel := false
	for k := i + 1; !okPt && !okRel && w.Is(analysis.DateSince|analysis.DateUntil) && k <= i+3; k++ {
		if k > i+1 && !p.is(k-1, analysis.DateFiller|analysis.DateArticle) {
			break
		}
		relFrom, relTo, okRel = p.relative(k)
	}
	switch {
	case w.Is(analysis.DateSince) && okPt:
		// "seit dem 3. Mai" ends today: not a span to move.
		from := p.resolve(pt).start()
		p.yearless = false
		return from, p.today.AddDate(0, 0, 1), true
	case w.Is(analysis.DateSince) && okRel:
		p.rel, p.yearless = true, false
		return relFrom, p.today.AddDate(0, 0, 1), true
	case w.Is(analysis.DateAfter) && okPt:
		return p.resolve(pt).end(), time.Time{}, true
	case w.Is(analysis.DateBefore) && okPt:
		return time.Time{}, p.resolve(pt).start(), true
	case w.Is(analysis.DateUntil) && okPt:
		return time.Time{}, p.resolve(pt).end(), true
	case w.Is(analysis.DateUntil) && okRel:
		p.rel = true
		return time.Time{}, relTo, true
	case w.Is(analysis.DateIn) && okPt:
		pt = p.resolve(pt)
		return pt.start(), pt.end(), true
	}
	return time.Time{}, time.Time{}, false
}

// texts returns the texts of the n tokens from i, fewer at the end.
func (p *dateParser) texts(i, n int) []string {
	var out []string
	for j := i; j < i+n && j < len(p.toks); j++ {
		out = append(out, p.toks[j].text)
	}
	return out
}
