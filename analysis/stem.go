package analysis

import (
	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
)

// stemFunc reduces a lower-case word (accents kept) to its stem.
type stemFunc func(word string) string

// stemmers are the languages with a stemmer: Snowball for English, French,
// Spanish and Russian, light suffix strippers for German and Italian.
var stemmers = map[string]stemFunc{
	"en": func(w string) string { return english.Stem(w, true) },
	"fr": func(w string) string { return french.Stem(w, true) },
	"es": func(w string) string { return spanish.Stem(w, true) },
	"ru": func(w string) string { return russian.Stem(w, true) },
	"de": stemGerman,
	"it": stemItalian,
}

// Stem returns the folded stem of the lower-case word w (accents kept, as
// the stemmers need them) in lang; languages without a stemmer return w
// folded.
func Stem(lang, w string) string {
	if f, ok := stemmers[lang]; ok {
		return Fold(f(w))
	}
	return foldWord(w)
}

// stemGerman is a light German stemmer in the spirit of Savoy's: it folds
// umlauts and strips the common inflectional endings, keeping at least four
// letters.
func stemGerman(w string) string {
	r := []rune(Fold(w))
	n := len(r)
	has := func(suffix string) bool {
		s := []rune(suffix)
		if n-len(s) < 4 {
			return false
		}
		for i := range s {
			if r[n-len(s)+i] != s[i] {
				return false
			}
		}
		return true
	}
	for _, suf := range []string{"ern", "em", "en", "er", "es", "e", "n", "s"} {
		if has(suf) {
			n -= len([]rune(suf))
			break
		}
	}
	for _, suf := range []string{"est", "er", "en"} {
		if has(suf) {
			n -= len([]rune(suf))
			break
		}
	}
	return string(r[:n])
}

// stemItalian is a light Italian stemmer in the spirit of Savoy's: it
// merges singular and plural, masculine and feminine ("amico", "amici",
// "amica", "amiche" -> "amic") by stripping the final vowel, keeping at
// least three letters.
func stemItalian(w string) string {
	r := []rune(Fold(w))
	n := len(r)
	if n < 5 {
		return string(r)
	}
	switch last := r[n-1]; last {
	case 'a', 'e', 'i', 'o':
		n--
		if (last == 'e' || last == 'i') && r[n-1] == 'h' {
			n--
		} else if last == 'i' && r[n-1] == 'i' {
			n--
		}
	}
	return string(r[:n])
}
