package analysis

import "strings"

// weekdayNames maps folded weekday names to their day (1 for Monday): in
// French, English, German, Spanish and Russian, the Russian ones in the
// nominative and the accusative of "в среду" ("пятница", "пятницу"). The
// Russian "среда" and "среды" are left out, being also "environment".
var weekdayNames = func() map[string]int {
	lists := [7]string{
		"lundi monday montag lunes понедельник",
		"mardi tuesday dienstag martes вторник",
		"mercredi wednesday mittwoch miércoles miercoles среду",
		"jeudi thursday donnerstag jueves четверг",
		"vendredi friday freitag viernes пятница пятницу",
		"samedi saturday samstag sonnabend sábado sabado суббота субботу",
		"dimanche sunday sonntag domingo воскресенье",
	}
	m := map[string]int{}
	for i, names := range lists {
		for _, n := range strings.Fields(names) {
			m[Fold(n)] = i + 1
		}
	}
	return m
}()

// weekdayTerms are the terms of the days, Monday first.
var weekdayTerms = [7]string{"\x01d1", "\x01d2", "\x01d3", "\x01d4", "\x01d5", "\x01d6", "\x01d7"}

// WeekdayTerm returns the language-independent index term of a folded
// weekday name ("dimanche", "Sunday", "Sonntag", "domingo" and
// "воскресенье" all give one term), "" for any other word: a question
// asked on which day meets the article's "mercredi 4 juillet".
func WeekdayTerm(folded string) string {
	d, ok := weekdayNames[folded]
	if !ok {
		return ""
	}
	return weekdayTerms[d-1]
}

// IsWeekdayTerm reports whether t, a term of Analyze, is a weekday's
// (WeekdayTerm).
func IsWeekdayTerm(t string) bool {
	return len(t) == 3 && t[0] == valuePrefix && t[1] == 'd'
}
