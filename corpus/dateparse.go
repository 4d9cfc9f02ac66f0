package corpus

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// layouts are the machine-written date forms ParseDate accepts, most precise
// first. Forms without a zone are read as UTC.
var layouts = []struct {
	layout string
	p      Precision
}{
	{time.RFC3339Nano, PrecisionTime},
	{"2006-01-02T15:04:05Z0700", PrecisionTime},
	{"2006-01-02T15:04:05", PrecisionTime},
	{"2006-01-02T15:04Z07:00", PrecisionTime},
	{"2006-01-02T15:04", PrecisionTime},
	{"2006-01-02 15:04:05Z07:00", PrecisionTime},
	{"2006-01-02 15:04:05 Z07:00", PrecisionTime},
	{"2006-01-02 15:04:05 -0700", PrecisionTime},
	{"2006-01-02 15:04:05 MST", PrecisionTime},
	{"2006-01-02 15:04:05", PrecisionTime},
	{"2006-01-02 15:04", PrecisionTime},
	{time.RFC1123Z, PrecisionTime},
	{time.RFC1123, PrecisionTime},
	{"Mon, 2 Jan 2006 15:04:05 -0700", PrecisionTime},
	{"Mon, 2 Jan 2006 15:04:05 MST", PrecisionTime},
	{"Mon, 2 Jan 2006 15:04 -0700", PrecisionTime},
	{"Mon, 2 Jan 2006 15:04 MST", PrecisionTime},
	{"2 Jan 2006 15:04:05 -0700", PrecisionTime},
	{"2 Jan 2006 15:04:05 MST", PrecisionTime},
	{time.RFC822Z, PrecisionTime},
	{time.RFC822, PrecisionTime},
	{time.RFC850, PrecisionTime},
	{time.ANSIC, PrecisionTime},
	{"2006-01-02", PrecisionDay},
	{"2006/01/02", PrecisionDay},
	{"2006-01", PrecisionMonth},
	{"2006/01", PrecisionMonth},
	{"2006", PrecisionYear},
}

// ParseDate reads a date at the precision it is written with. It accepts
// RFC 3339 and ISO 8601 forms with or without time and zone
// ("2025-04-26T10:00:00Z", "2025-04-26 10:00", "2025-04-26", "2025-04",
// "2025"), RFC 1123 and RFC 822 forms, and dates written in French or
// English ("26 avril 2025", "1er mai 2025", "avril 2025", "April 26, 2025",
// "26 April 2025", "Apr 26, 2025", "April 2025"), optionally after a weekday
// ("samedi 26 avril 2025", "Saturday, April 26, 2025"). Accents are optional.
// A timestamp without a zone is read as UTC.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, fmt.Errorf("parse date: empty")
	}
	for _, f := range layouts {
		if t, err := time.Parse(f.layout, s); err == nil {
			if f.p == PrecisionYear && (t.Year() < 1000) {
				break
			}
			return Date{Time: t, Precision: f.p}, nil
		}
	}
	if d, ok := parseWritten(s); ok {
		return d, nil
	}
	return Date{}, fmt.Errorf("parse date %q: unknown form", clipDate(s))
}

// maxDateShown bounds a date field quoted in logs and errors: a date is a
// few dozen characters, a longer field is some other text put there.
const maxDateShown = 64

// clipDate shortens a date field for a log line or an error: at most
// maxDateShown runes, ending with an ellipsis when cut.
func clipDate(s string) string {
	if utf8.RuneCountInString(s) <= maxDateShown {
		return s
	}
	r := []rune(s)
	return string(r[:maxDateShown-1]) + "…"
}

// parseWritten reads a date written in words: [weekday] [day] month year or
// [weekday] month [day] year.
func parseWritten(s string) (Date, bool) {
	words := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '/'
	})
	// A leading "le" / "the" / "on" and a weekday are allowed.
	if len(words) > 0 {
		switch strings.ToLower(words[0]) {
		case "le", "the", "on":
			words = words[1:]
		}
	}
	if len(words) > 0 && isWeekday(words[0]) {
		words = words[1:]
	}
	switch len(words) {
	case 2: // month year
		m, ok := ParseMonth(words[0])
		y, oky := parseYear(words[1])
		if ok && oky {
			return Date{Time: time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), Precision: PrecisionMonth}, true
		}
	case 3:
		// day month year
		if d, ok := parseDay(words[0]); ok {
			if m, ok := ParseMonth(words[1]); ok {
				if y, ok := parseYear(words[2]); ok {
					return dayDate(y, m, d)
				}
			}
		}
		// month day year
		if m, ok := ParseMonth(words[0]); ok {
			if d, ok := parseDay(words[1]); ok {
				if y, ok := parseYear(words[2]); ok {
					return dayDate(y, m, d)
				}
			}
		}
	}
	return Date{}, false
}

// dayDate builds a day-precision date, refusing days the month does not have.
func dayDate(y int, m time.Month, d int) (Date, bool) {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || t.Month() != m {
		return Date{}, false
	}
	return Date{Time: t, Precision: PrecisionDay}, true
}

// parseYear reads a four-digit year.
func parseYear(s string) (int, bool) {
	s = strings.TrimSuffix(s, ".")
	if len(s) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1000 {
		return 0, false
	}
	return y, true
}

// parseDay reads a day of the month: "26", "1er", "1st", "2nd", "26th".
func parseDay(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	for _, suf := range []string{"er", "re", "st", "nd", "rd", "th", "e"} {
		if strings.HasSuffix(s, suf) && len(s) > len(suf) {
			s = s[:len(s)-len(suf)]
			break
		}
	}
	if len(s) == 0 || len(s) > 2 {
		return 0, false
	}
	d, err := strconv.Atoi(s)
	if err != nil || d < 1 || d > 31 {
		return 0, false
	}
	return d, true
}

// monthNames maps accent-folded, lower-case month names and abbreviations in
// French and English to their month.
var monthNames = map[string]time.Month{
	"janvier": time.January, "janv": time.January, "jan": time.January, "january": time.January,
	"fevrier": time.February, "fevr": time.February, "fev": time.February, "february": time.February, "feb": time.February,
	"mars": time.March, "march": time.March, "mar": time.March,
	"avril": time.April, "avr": time.April, "april": time.April, "apr": time.April,
	"mai": time.May, "may": time.May,
	"juin": time.June, "june": time.June, "jun": time.June,
	"juillet": time.July, "juil": time.July, "july": time.July, "jul": time.July,
	"aout": time.August, "august": time.August, "aug": time.August,
	"septembre": time.September, "sept": time.September, "september": time.September, "sep": time.September,
	"octobre": time.October, "october": time.October, "oct": time.October,
	"novembre": time.November, "november": time.November, "nov": time.November,
	"decembre": time.December, "december": time.December, "dec": time.December,
}

// ParseMonth reads a French or English month name or abbreviation
// ("avril", "Apr", "févr.", "aout", "December"), ignoring case, accents and a
// final period.
func ParseMonth(word string) (time.Month, bool) {
	w := foldWord(strings.TrimSuffix(strings.TrimSpace(word), "."))
	m, ok := monthNames[w]
	return m, ok
}

var weekdays = map[string]bool{
	"lundi": true, "mardi": true, "mercredi": true, "jeudi": true, "vendredi": true, "samedi": true, "dimanche": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"lun": true, "mer": true, "jeu": true, "ven": true, "sam": true, "dim": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
}

// isWeekday reports whether word is a French or English weekday name or
// abbreviation.
func isWeekday(word string) bool {
	return weekdays[foldWord(strings.TrimSuffix(word, "."))]
}

// foldWord lower-cases word and removes the accents of Latin letters.
func foldWord(word string) string {
	var b strings.Builder
	b.Grow(len(word))
	for _, r := range word {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// foldRune lower-cases r and maps accented Latin letters to their base letter.
func foldRune(r rune) rune {
	r = unicode.ToLower(r)
	if r < utf8.RuneSelf {
		return r
	}
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å':
		return 'a'
	case 'ç':
		return 'c'
	case 'è', 'é', 'ê', 'ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï':
		return 'i'
	case 'ñ':
		return 'n'
	case 'ò', 'ó', 'ô', 'õ', 'ö':
		return 'o'
	case 'ù', 'ú', 'û', 'ü':
		return 'u'
	case 'ý', 'ÿ':
		return 'y'
	}
	return r
}

// parseDatePrefix finds the longest prefix of s made of whole words that
// ParseDate accepts. It returns the date and the byte length of that prefix,
// or false when no prefix is a date.
func parseDatePrefix(s string) (Date, int, bool) {
	// Word end offsets, at most eight words.
	var ends []int
	i := 0
	for len(ends) < 8 {
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsSpace(r) {
				break
			}
			i += n
		}
		if i >= len(s) {
			break
		}
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				break
			}
			i += n
		}
		ends = append(ends, i)
	}
	for k := len(ends) - 1; k >= 0; k-- {
		if d, err := ParseDate(s[:ends[k]]); err == nil {
			return d, ends[k], true
		}
	}
	return Date{}, 0, false
}
