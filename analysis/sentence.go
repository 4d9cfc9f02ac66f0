package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end with a period that does not end a sentence. They are
// matched case-sensitively on the word before the final period, so "No. 5"
// keeps going while "I said no. Then" does not.
var abbreviations = map[string]bool{
	// French
	"M": true, "MM": true, "Mme": true, "Mmes": true, "Mlle": true, "Mlles": true, "Me": true, "Mgr": true,
	"Dr": true, "Pr": true, "St": true, "Ste": true, "Sts": true, "Stes": true, "Gén": true, "Gal": true, "Cdt": true, "Lt": true,
	"cf": true, "Cf": true, "p": true, "pp": true, "vol": true, "Vol": true, "art": true, "Art": true, "av": true, "apr": true,
	"env": true, "ex": true, "Ex": true, "éd": true, "coll": true, "chap": true, "fig": true, "Fig": true, "n°": true,
	"janv": true, "févr": true, "fév": true, "avr": true, "juil": true, "sept": true, "oct": true, "nov": true, "déc": true,
	"J.-C": true, "av. J.-C": true, "apr. J.-C": true, "c.-à-d": true, "c-à-d": true, "resp": true, "hab": true,
	// English
	"Mr": true, "Mrs": true, "Ms": true, "Messrs": true, "Jr": true, "Sr": true, "Prof": true, "Gen": true, "Col": true,
	"Capt": true, "Sgt": true, "Gov": true, "Sen": true, "Rep": true, "Rev": true, "Hon": true, "Lt.-Col": true,
	"No": true, "Nos": true, "vs": true, "approx": true, "dept": true, "Dept": true, "est": true, "ca": true, "Inc": true,
	"Ltd": true, "Co": true, "Corp": true, "Jan": true, "Feb": true, "Mar": true, "Apr": true, "Jun": true, "Jul": true,
	"Aug": true, "Sep": true, "Sept": true, "Oct": true, "Nov": true, "Dec": true, "Mt": true, "Ft": true, "Ave": true,
	"e.g": true, "i.e": true, "U.S": true, "U.K": true, "U.N": true, "E.U": true, "U.S.A": true, "a.m": true, "p.m": true,
	"Ph.D": true, "viz": true, "al": true,
	// German
	"bzw": true, "Nr": true, "vgl": true, "Jh": true, "Chr": true, "Mio": true, "Mrd": true, "geb": true,
	"gest": true, "evtl": true, "inkl": true, "sog": true, "ggf": true, "Str": true, "Hr": true, "Abs": true, "Bd": true,
	// Spanish
	"Sra": true, "Srta": true, "Sres": true, "Dña": true, "Ud": true, "Uds": true, "pág": true, "núm": true, "aprox": true, "Avda": true,
	// Russian
	"тыс": true, "млн": true, "млрд": true, "руб": true, "им": true, "св": true, "ул": true, "проф": true, "акад": true,
}

// Sentences returns the byte spans [start, end) of the sentences of text,
// in order, each trimmed of surrounding white space.
//
// A sentence ends at ., !, ? or … (with any closing quote or bracket after
// it) when white space and then an upper-case letter, a digit, a quote or the
// end of the text follow; a period after a known abbreviation ("M.", "Mme.",
// "U.S.", "e.g.") or a single capital initial ("V. Poutine") does not end
// one. A blank line always ends a sentence. A line without final
// punctuation that is followed by a line starting with a capital, a digit, a
// quote or a list marker (a heading such as "Entente russo-américaine")
// is a sentence of its own.
func Sentences(text string) [][2]int {
	var spans [][2]int
	start := -1    // start of the current sentence, -1 between sentences
	lineStart := 0 // start of the current line
	emit := func(end int) {
		if start < 0 {
			return
		}
		s, e := TrimSpan(text, start, end)
		if e > s {
			spans = append(spans, [2]int{s, e})
		}
		start = -1
	}
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			j := skipBlanks(text, i+n)
			if j >= len(text) || text[j] == '\n' || text[j] == '\r' {
				// Blank line or end of text: paragraph break.
				emit(i)
			} else if start >= 0 && start >= lineStart && headingEnds(text, lineStart, i, j) {
				emit(i)
			}
			i += n
			lineStart = i
			continue
		case isSpace(r):
			i += n
			continue
		}
		if start < 0 {
			start = i
		}
		if r == '.' || r == '!' || r == '?' || r == '…' {
			end, ok := sentenceEnd(text, start, i)
			if ok {
				emit(end)
				i = end
				continue
			}
		}
		i += n
	}
	emit(len(text))
	return spans
}

// sentenceEnd decides whether the terminator at i ends the sentence that
// began at start. It returns the end of the sentence (after any run of
// terminators and closing quotes) and whether it ends there.
func sentenceEnd(text string, start, i int) (int, bool) {
	first := i
	// The run of terminators: "...", "?!", "!!".
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r != '.' && r != '!' && r != '?' && r != '…' {
			break
		}
		i += n
	}
	runEnd := i
	end := i
	// Closing quotes and brackets belong to the sentence; French puts a
	// (non-breaking) space before ».
	for {
		j := i
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if r != ' ' && r != '\u00a0' && r != '\u202f' && r != '\t' {
				break
			}
			j += n
		}
		if j >= len(text) {
			break
		}
		r, n := utf8.DecodeRuneInString(text[j:])
		if r == '»' || (j == i && isClosing(r)) {
			i = j + n
			end = i
			continue
		}
		break
	}
	if end >= len(text) {
		return end, true
	}
	// White space must follow.
	r, _ := utf8.DecodeRuneInString(text[end:])
	if !unicode.IsSpace(r) {
		return end, false
	}
	j := end
	newline := false
	for j < len(text) {
		r, n := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsSpace(r) {
			break
		}
		if r == '\n' {
			newline = true
		}
		j += n
	}
	if j >= len(text) {
		return end, true
	}
	if text[first] == '.' && runEnd == first+1 && end == runEnd && (isAbbreviation(text, start, first) || isOrdinalDate(text, start, first, j)) {
		return end, false
	}
	if newline {
		return end, true
	}
	next, _ := utf8.DecodeRuneInString(text[j:])
	if unicode.IsUpper(next) || unicode.IsDigit(next) || isOpening(next) || unicode.Is(unicode.Lo, next) {
		return end, true
	}
	return end, false
}

// isAbbreviation reports whether the word ending at the period at dot (in
// the sentence starting at start) is an abbreviation or an initial.
func isAbbreviation(text string, start, dot int) bool {
	w := dot
	for w > start {
		r, n := utf8.DecodeLastRuneInString(text[:w])
		if unicode.IsSpace(r) || isOpening(r) || r == '(' || r == '[' {
			break
		}
		w -= n
	}
	word := text[w:dot]
	if word == "" {
		return false
	}
	if abbreviations[word] {
		return true
	}
	// "av. J.-C": also look one word further back.
	if w > start {
		p := w
		for p > start && text[p-1] == ' ' {
			p--
		}
		q := p
		for q > start {
			r, n := utf8.DecodeLastRuneInString(text[:q])
			if unicode.IsSpace(r) {
				break
			}
			q -= n
		}
		if abbreviations[text[q:p]+" "+word] {
			return true
		}
	}
	// A single capital letter is an initial: "V. Poutine", "S. Witkoff".
	r, n := utf8.DecodeRuneInString(word)
	if n == len(word) && unicode.IsUpper(r) {
		return true
	}
	// Dotted initials and acronyms: "J.-C", "U.S", "A.B.C".
	if strings.Contains(word, ".") {
		for _, part := range strings.FieldsFunc(word, func(r rune) bool { return r == '.' || r == '-' }) {
			if utf8.RuneCountInString(part) > 1 {
				return false
			}
		}
		return true
	}
	return false
}

// isOrdinalDate reports whether the period at dot ends a German ordinal
// of one or two digits that a month or a century follows, the word at
// next: "am 3. Mai", "im 19. Jahrhundert".
func isOrdinalDate(text string, start, dot, next int) bool {
	w := dot
	for w > start && dot-w < 2 && text[w-1] >= '0' && text[w-1] <= '9' {
		w--
	}
	if w == dot || (w > start && text[w-1] != ' ' && text[w-1] != '(') {
		return false
	}
	e := next
	for e < len(text) {
		r, n := utf8.DecodeRuneInString(text[e:])
		if !unicode.IsLetter(r) {
			break
		}
		e += n
	}
	word := text[next:e]
	if MonthTerm(Fold(word)) != "" { // a full month name, not "may" or "mar"
		return true
	}
	return strings.HasPrefix(Fold(word), "jahrhundert")
}

// headingEnds reports whether the line text[lineStart:nl], which has no
// final punctuation handled elsewhere, stands alone before the line that
// starts at next.
func headingEnds(text string, lineStart, nl, next int) bool {
	_, e := TrimSpan(text, lineStart, nl)
	if e <= lineStart {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(text[:e])
	switch last {
	case ',', ';', ':', '-', '–', '(', '/', '&', '.', '!', '?', '…':
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[next:])
	return unicode.IsUpper(r) || unicode.IsDigit(r) || isOpening(r) || r == '-' || r == '*' || r == '•' || r == '–' || r == '—' || r == '+'
}

// skipBlanks returns the index of the first byte at or after i that is not
// a space or tab (or carriage return).
func skipBlanks(text string, i int) int {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r == '\n' || !unicode.IsSpace(r) {
			return i
		}
		i += n
	}
	return i
}

// TrimSpan narrows text[s:e] past leading and trailing white space
// (no-break spaces included) and returns the new bounds.
func TrimSpan(text string, s, e int) (int, int) {
	for s < e {
		r, n := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		s += n
	}
	for e > s {
		r, n := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= n
	}
	return s, e
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }

// isOpening reports whether r opens a quotation or a parenthesis.
func isOpening(r rune) bool {
	switch r {
	case '«', '"', '“', '„', '‘', '\'', '(', '[', '¿', '¡', '‹':
		return true
	}
	return false
}

// isClosing reports whether r closes a quotation or a parenthesis; right
// after a terminator “ closes a German quotation („Nein.“).
func isClosing(r rune) bool {
	switch r {
	case '»', '"', '”', '“', '’', '\'', ')', ']', '›':
		return true
	}
	return false
}
