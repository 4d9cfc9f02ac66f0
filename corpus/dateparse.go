package corpus

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
	"verbatim/analysis"
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

// ParseMonth reads a month name or abbreviation; see analysis.ParseMonth.
func ParseMonth(word string) (time.Month, bool) { return analysis.ParseMonth(word) }

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

// foldWord lower-cases word and removes its accents.
func foldWord(word string) string { return analysis.Fold(word) }

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
