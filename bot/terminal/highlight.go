package terminal

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ANSI bold on and off.
const (
	boldOn  = "\x1b[1m"
	boldOff = "\x1b[0m"
)

// minHighlight is the shortest query term highlighted: shorter ones are
// mostly articles and prepositions ("le", "of").
const minHighlight = 3

// highlighter returns a function marking, in a text, every word that
// starts with one of the query's terms, ignoring case and accents
// ("Peskov" marks "Peskov", "budget" marks "budgets", "Koursk" marks
// "koursk"): in bold when color is true, between asterisks otherwise.
func highlighter(query string, color bool) func(string) string {
	var terms []string
	for _, w := range strings.FieldsFunc(query, notWordRune) {
		if utf8.RuneCountInString(w) >= minHighlight {
			terms = append(terms, foldWord(w))
		}
	}
	on, off := "*", "*"
	if color {
		on, off = boldOn, boldOff
	}
	return func(text string) string {
		if len(terms) == 0 {
			return text
		}
		var b strings.Builder
		i := 0
		for i < len(text) {
			r, size := utf8.DecodeRuneInString(text[i:])
			if notWordRune(r) {
				b.WriteString(text[i : i+size])
				i += size
				continue
			}
			j := i
			for j < len(text) {
				r, size := utf8.DecodeRuneInString(text[j:])
				if notWordRune(r) {
					break
				}
				j += size
			}
			word := text[i:j]
			if matchesAny(foldWord(word), terms) {
				b.WriteString(on + word + off)
			} else {
				b.WriteString(word)
			}
			i = j
		}
		return b.String()
	}
}

func matchesAny(word string, terms []string) bool {
	for _, t := range terms {
		if strings.HasPrefix(word, t) {
			return true
		}
	}
	return false
}

// notWordRune reports whether r separates words. Apostrophes do: "l'armée"
// holds the word "armée".
func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
}

// foldWord lower-cases w and drops the accents of Latin letters.
func foldWord(w string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(w) {
		if base, ok := accents[r]; ok {
			r = base
		}
		b.WriteRune(r)
	}
	return b.String()
}

// accents maps accented lower-case Latin letters to their base letter.
var accents = map[rune]rune{
	'à': 'a', 'â': 'a', 'ä': 'a', 'á': 'a', 'ã': 'a', 'å': 'a',
	'ç': 'c', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'î': 'i', 'ï': 'i', 'í': 'i', 'ì': 'i', 'ñ': 'n',
	'ô': 'o', 'ö': 'o', 'ó': 'o', 'ò': 'o', 'õ': 'o',
	'ù': 'u', 'û': 'u', 'ü': 'u', 'ú': 'u', 'ÿ': 'y', 'ý': 'y',
}
