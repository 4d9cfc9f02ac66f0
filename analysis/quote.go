package analysis

import "strings"

// IsApostrophe reports whether r is an apostrophe in any of its typographic
// forms.
func IsApostrophe(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', '‘', '`', '´', '′':
		return true
	}
	return false
}

// IsQuote reports whether r is a typographic double quote.
func IsQuote(r rune) bool {
	switch r {
	case '“', '”', '„', '«', '»', '‟', '″':
		return true
	}
	return false
}

// quoteClosers maps each opening double quotation mark to the marks that
// may close it: guillemets, curly quotes, low quotes and straight quotes.
var quoteClosers = map[rune]string{
	'«': "»",
	'“': "”\"",
	'„': "“”",
	'"': "\"”",
}

// quoteOpeners are the keys of quoteClosers, in a fixed order.
var quoteOpeners = [...]rune{'«', '“', '„', '"'}

// QuoteOpeners returns the marks that may open a quotation, in a fixed
// order (a copy: an index into it names a kind of quotation).
func QuoteOpeners() [len(quoteOpeners)]rune { return quoteOpeners }

// quoteMarks are the marks that open or close a quotation: the keys and
// the values of quoteClosers.
var quoteMarks = func() map[rune]bool {
	m := map[rune]bool{}
	for open, closers := range quoteClosers {
		m[open] = true
		for _, r := range closers {
			m[r] = true
		}
	}
	return m
}()

// IsQuoteMark reports whether r may open or close a quotation (see
// QuoteClosers): the typographic double quotes and the straight one.
func IsQuoteMark(r rune) bool { return quoteMarks[r] }

// QuoteClosers returns the marks that may close a quotation opened by r,
// and false when r opens none.
func QuoteClosers(r rune) (string, bool) {
	c, ok := quoteClosers[r]
	return c, ok
}

// QuoteDepth returns the number of quotations s opens and leaves open, less
// the closing marks that close none (negative when it closes more than it
// opens). Each mark closes the innermost open quotation it may close (see
// QuoteClosers), so the German „…“ is one quotation, not one closed and one
// opened; straight quotes, which may open or close, are left out.
func QuoteDepth(s string) int {
	var open []rune
	stray := 0
	for _, r := range s {
		if r == '"' || !quoteMarks[r] {
			continue
		}
		if n := len(open); n > 0 && strings.ContainsRune(quoteClosers[open[n-1]], r) {
			open = open[:n-1]
		} else if _, opens := quoteClosers[r]; opens {
			open = append(open, r)
		} else {
			stray++
		}
	}
	return len(open) - stray
}
