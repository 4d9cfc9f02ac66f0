package engine

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"verbatim/analysis"
)

// numbers returns the figures written in text, each in a canonical form
// so that typographic variants compare equal: a number loses its group and
// decimal separators and leading zeros ("76 000", "76,000" and "76000" are
// "76000"; "3,5" and "3.5" are "35"); an ordinal loses its suffix ("1er",
// "3rd"); a day next to a month name also gives the date "day/month"
// ("le 3 mai", "May 3rd" give "3" and "3/5"), so that a day moved to
// another month is caught; a year after a month name, or after a day and
// month ("May 3, 2024"), or an ISO date ("2024-05-03") also gives
// "month/year" ("5/2024"); a number followed by a scale word ("2 millions",
// "1,5 milliard", "3 млн") also gives its value ("2000000"); a number
// written in words ("trois", "vingt-deux", "deux millions", "twenty-one",
// "пять") gives its value. numbers gives every form text supports: it is
// the set a sentence is checked against (passages, the question).
func numbers(text string) []string { return scanFigures(text, false) }

// claims returns the figures a model sentence asserts, in the forms of
// numbers, fewer: a month-year only when no day goes with the month ("en
// mai 2024", "в мае 2024"), the value alone of a scaled number, and no
// number word that is mostly something else ("neuf" new, "Sept." the
// month, "les deux" both).
func claims(text string) []string { return scanFigures(text, true) }

// scanFigures returns the figures of text; strict gives claims, else
// numbers.
func scanFigures(text string, strict bool) []string {
	var out []string
	dateEnd, dateMonth := -1, 0 // end and month of the last "Month day" date
	for i := 0; i < len(text); {
		c := text[i]
		if c >= '0' && c <= '9' {
			if i > 0 && isWordByte(text, i) {
				for i < len(text) && (text[i] >= '0' && text[i] <= '9' || isWordByte(text, i+1)) {
					i++
				}
				continue
			}
			start := i
			digits, end := readNumber(text, i)
			i = end
			if value, after, ok := scaledNumber(text, start, end); ok {
				if !strict {
					out = append(out, digits)
				}
				out = append(out, value)
				i = after
				continue
			}
			out = append(out, digits)
			if day, err := strconv.Atoi(digits); err == nil && day >= 1 && day <= 31 && len(digits) <= 2 {
				if m, ok := monthAfter(text, end); ok {
					out = append(out, digits+"/"+strconv.Itoa(m))
				} else if m, ok := monthBefore(text, start); ok {
					out = append(out, digits+"/"+strconv.Itoa(m))
					dateEnd, dateMonth = end, m
				}
			}
			if end-start == 4 && (c == '1' || c == '2') && groupLen(text, start) == 4 {
				out = append(out, yearForms(text, start, end, strict, dateEnd, dateMonth)...)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			i += size
			continue
		}
		if i == 0 || !isWordRune(lastRune(text[:i])) {
			if value, end, ok := spelledNumber(text, i, strict); ok {
				out = append(out, value)
				i = end
				continue
			}
		}
		i = wordEnd(text, i)
	}
	return out
}

// yearForms returns the month/year forms of the year text[start:end]: after
// a month name ("mai 2024"; in claims, only when no day goes with that
// month), after a "Month day," date ending at dateEnd (not a claim), and as
// an ISO date ("2024-05-03", not a claim).
func yearForms(text string, start, end int, strict bool, dateEnd, dateMonth int) []string {
	year := text[start:end]
	var out []string
	if m, dayed, ok := monthBeforeYear(text, start); ok {
		if !strict || !dayed {
			out = append(out, strconv.Itoa(m)+"/"+year)
		}
		return out
	}
	if strict {
		return nil
	}
	if dateEnd >= 0 && strings.TrimLeft(text[dateEnd:start], ", \u00a0") == "" {
		out = append(out, strconv.Itoa(dateMonth)+"/"+year)
	}
	rest := text[end:]
	if len(rest) >= 3 && rest[0] == '-' && groupLen(rest, 1) == 2 {
		if m, _ := strconv.Atoi(rest[1:3]); m >= 1 && m <= 12 {
			out = append(out, strconv.Itoa(m)+"/"+year)
			if len(rest) >= 6 && rest[3] == '-' && groupLen(rest, 4) == 2 {
				if d, _ := strconv.Atoi(rest[4:6]); d >= 1 && d <= 31 {
					out = append(out, strconv.Itoa(d)+"/"+strconv.Itoa(m))
				}
			}
		}
	}
	return out
}

// monthBeforeYear reads the month name just before the year at text[i]
// and whether a day goes with it ("3 mai 2024", "1er mai 2024", "3rd of
// May 2024").
func monthBeforeYear(text string, i int) (m int, dayed, ok bool) {
	before, word := wordBefore(text, i)
	m, ok = monthWord(word, false)
	if !ok {
		return 0, false, false
	}
	rest := strings.TrimRight(before, " \u00a0")
	rest = strings.TrimRight(strings.TrimSuffix(rest, "of"), " \u00a0")
	for _, suffix := range []string{"er", "re", "e", "st", "nd", "rd", "th"} {
		if s := strings.TrimSuffix(rest, suffix); s != rest {
			rest = s
			break
		}
	}
	return m, rest != "" && rest[len(rest)-1] >= '0' && rest[len(rest)-1] <= '9', true
}

// isWordByte reports whether the digit at text[i] continues a word ("F16",
// "B2B"): the rune before it is a letter.
func isWordByte(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsLetter(r)
}

// readNumber reads the number starting at text[i]: digit groups joined by
// "," or "." (then any digits), or by a space, no-break space, narrow
// no-break space or apostrophe (then exactly three digits), and an ordinal
// suffix. It returns the digits without leading zeros and the end offset.
func readNumber(text string, i int) (digits string, end int) {
	var b strings.Builder
	for {
		for i < len(text) && text[i] >= '0' && text[i] <= '9' {
			b.WriteByte(text[i])
			i++
		}
		sep := 0
		switch {
		case strings.HasPrefix(text[i:], ",") || strings.HasPrefix(text[i:], "."):
			sep = 1
		case strings.HasPrefix(text[i:], " ") || strings.HasPrefix(text[i:], "'"):
			sep = 1
		case strings.HasPrefix(text[i:], "\u00a0"), strings.HasPrefix(text[i:], "’"):
			sep = len("\u00a0")
			if strings.HasPrefix(text[i:], "’") {
				sep = len("’")
			}
		case strings.HasPrefix(text[i:], "\u202f"):
			sep = len("\u202f")
		}
		if sep == 0 || i+sep >= len(text) || text[i+sep] < '0' || text[i+sep] > '9' {
			break
		}
		if text[i] != ',' && text[i] != '.' && groupLen(text, i+sep) != 3 {
			break
		}
		i += sep
	}
	end = i
	for _, suffix := range []string{"ers", "er", "re", "ème", "eme", "e", "st", "nd", "rd", "th"} {
		if strings.HasPrefix(text[end:], suffix) {
			rest := text[end+len(suffix):]
			r, _ := utf8.DecodeRuneInString(rest)
			if rest == "" || !unicode.IsLetter(r) {
				end += len(suffix)
				break
			}
		}
	}
	d := strings.TrimLeft(b.String(), "0")
	if d == "" {
		d = "0"
	}
	return d, end
}

// groupLen is the number of digits starting at text[i].
func groupLen(text string, i int) int {
	n := 0
	for i+n < len(text) && text[i+n] >= '0' && text[i+n] <= '9' {
		n++
	}
	return n
}

// monthAfter reads a month name after a number ("3 mai", "3rd of May").
func monthAfter(text string, i int) (m int, ok bool) {
	rest := strings.TrimLeft(text[i:], " \u00a0")
	rest = strings.TrimPrefix(rest, "of ")
	return monthWord(rest, true)
}

// monthBefore reads a month name just before a number ("May 3").
func monthBefore(text string, i int) (m int, ok bool) {
	_, word := wordBefore(text, i)
	return monthWord(word, false)
}

// wordBefore splits text[:i], spaces at its end left out, into what comes
// before its last word (letters only, at most 24 bytes) and that word.
func wordBefore(text string, i int) (before, word string) {
	t := strings.TrimRight(text[:i], " \u00a0")
	w := len(t)
	for w > 0 && len(t)-w < 24 {
		r, n := utf8.DecodeLastRuneInString(t[:w])
		if !unicode.IsLetter(r) {
			break
		}
		w -= n
	}
	return t[:w], t[w:]
}

// monthWord parses the month name at the start (or, whole, as) s.
func monthWord(s string, prefix bool) (int, bool) {
	w := s
	if prefix {
		end := 0
		for end < len(s) && end < 24 {
			r, n := utf8.DecodeRuneInString(s[end:])
			if !unicode.IsLetter(r) {
				break
			}
			end += n
		}
		w = s[:end]
	}
	if w == "" {
		return 0, false
	}
	m, ok := analysis.ParseMonth(w)
	return int(m), ok
}

// numberSet is a set of canonical figures.
type numberSet map[string]bool

func (s numberSet) add(text string) {
	for _, n := range numbers(text) {
		s[n] = true
	}
}

// bothWords are the words before which "deux", "two" or "два" mostly
// means "both" ("les deux pays", "the two leaders"): not a claim.
var bothWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("les des aux ces ses leurs nos vos the these those its their эти обе") {
		m[analysis.Fold(w)] = true
	}
	return m
}()

// scaledNumber reads a scale word after the number text[start:end] ("2
// millions", "1,5 milliard", "3 млн") and returns the value and the end of
// the word; ok is false without one or when the value is not a whole
// number below 10^15.
func scaledNumber(text string, start, end int) (value string, after int, ok bool) {
	j := end + len(text[end:]) - len(strings.TrimLeft(text[end:], " \u00a0\u202f"))
	if j == end {
		return "", 0, false
	}
	we := wordEnd(text, j)
	if we == j || we-j > 32 {
		return "", 0, false
	}
	scale, ok := analysis.ScaleValue(analysis.Fold(text[j:we]))
	if !ok {
		return "", 0, false
	}
	// The digit groups and the separator before the last one.
	var groups []string
	lastSep := byte(0)
	for i := start; i < end; {
		n := groupLen(text, i)
		if n == 0 {
			if text[i] == ',' || text[i] == '.' {
				lastSep = text[i]
			} else if text[i] < 0x80 && unicode.IsLetter(rune(text[i])) {
				break // an ordinal suffix
			} else {
				lastSep = ' '
			}
			i++
			continue
		}
		groups = append(groups, text[i:i+n])
		i += n
	}
	whole, frac := strings.Join(groups, ""), ""
	if len(groups) > 1 && lastSep != ' ' && len(groups[len(groups)-1]) != 3 {
		whole, frac = strings.Join(groups[:len(groups)-1], ""), groups[len(groups)-1]
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w >= 1e6 || len(frac) > 3 {
		return "", 0, false
	}
	v := w * scale
	if frac != "" {
		f, _ := strconv.ParseInt(frac, 10, 64)
		div := int64(1)
		for range frac {
			div *= 10
		}
		if scale%div != 0 {
			return "", 0, false
		}
		v += f * (scale / div)
	}
	return strconv.FormatInt(v, 10), we, true
}

// spelledNumber reads the number written in words at text[i] ("trois",
// "vingt et un", "quatre-vingt-dix", "deux cent mille", "twenty-one",
// "двести пять") and returns its value and end. A lone "un"/"one", a lone
// scale word ("millions", "тысячи": many) and "cent" after "pour"/"per" are
// no number; in claims (strict) neither is a lone "neuf" (new), "Sept."
// (September) or "deux"/"two"/"два" meaning both.
func spelledNumber(text string, i int, strict bool) (value string, end int, ok bool) {
	var total, current, last, lastScale int64
	words, pos := 0, i
	first := ""
	hyphen := false // the word at pos is joined to the last by "-"
	for {
		we := wordEnd(text, pos)
		if we-pos > 40 {
			break
		}
		w := analysis.Fold(text[pos:we])
		v, known := analysis.NumberValue(w)
		if !known {
			if hyphen {
				// A compound such as "twenty-first", "vingt-deuxième",
				// "deux-roues" or "trois-quarts" is no count.
				return "", 0, false
			}
			break
		}
		switch {
		case words == 0:
		case v == 20 && last == 4 && current%100 == 4: // quatre-vingt(s)
		case v == 100 && current < 100 && last < 100:
		case v >= 1000 && current < v && (lastScale == 0 || v < lastScale):
		case v < 100 && v < last:
		default:
			v = -1
		}
		if v < 0 {
			break
		}
		switch {
		case words > 0 && v == 20 && last == 4 && current%100 == 4:
			current += 76
		case v == 100:
			current = max(current, 1) * 100
		case v >= 1000:
			total += max(current, 1) * v
			current, lastScale = 0, v
		default:
			current += v
		}
		if words == 0 {
			first = w
		}
		words++
		last, end = v, we
		// The next word, after "-", spaces, or "et"/"and" after a ten
		// or more ("vingt et un", "one hundred and five").
		next := we
		hyphen = strings.HasPrefix(text[next:], "-")
		if hyphen {
			next++
		} else {
			next += len(text[next:]) - len(strings.TrimLeft(text[next:], " \u00a0"))
		}
		if next == we {
			break
		}
		if last >= 20 {
			for _, link := range []string{"et ", "and ", "et-"} {
				if strings.HasPrefix(text[next:], link) {
					next += len(link)
					break
				}
			}
		}
		pos = next
	}
	n := total + current
	if words == 0 || n < 2 {
		return "", 0, false
	}
	if words == 1 {
		prev := analysis.Fold(previousWord(text, i))
		switch {
		case n >= 1e6 || (n == 1000 && first != "mille"):
			return "", 0, false
		case first == "cent" && (prev == "pour" || prev == "per"):
			return "", 0, false
		case strict && first == "neuf":
			return "", 0, false
		case strict && first == "sept" && text[i] == 'S' && strings.HasPrefix(text[end:], "."):
			return "", 0, false
		case strict && n == 2 && bothWords[prev]:
			return "", 0, false
		}
	}
	return strconv.FormatInt(n, 10), end, true
}

// wordEnd returns the end of the word of letters starting at text[i].
func wordEnd(text string, i int) int {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
			break
		}
		i += n
	}
	return i
}

// previousWord returns the word of letters before text[i], spaces skipped.
func previousWord(text string, i int) string {
	before := strings.TrimRight(text[:i], " \u00a0")
	w := len(before)
	for w > 0 && len(before)-w < 40 {
		r, n := utf8.DecodeLastRuneInString(before[:w])
		if !unicode.IsLetter(r) {
			break
		}
		w -= n
	}
	return before[w:]
}

// lastRune returns the last rune of s.
func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}
