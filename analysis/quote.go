package analysis

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

// QuoteClosers returns the marks that may close a quotation opened by r,
// and false when r opens none.
func QuoteClosers(r rune) (string, bool) {
	c, ok := quoteClosers[r]
	return c, ok
}
