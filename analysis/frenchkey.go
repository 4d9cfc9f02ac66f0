package analysis

import (
	"strings"
	"unicode/utf8"
)

// frenchVowels are the vowel letters of French, accented ones included.
const frenchVowels = "aeiouyéèêëàâäîïôöûüùÿœæ"

// isFrenchVowel reports whether r is a French vowel letter.
func isFrenchVowel(r rune) bool { return strings.ContainsRune(frenchVowels, r) }

// frenchFront reports whether r is a vowel after which French reads "c"
// as "s" and "g" as "ж".
func frenchFront(r rune) bool { return strings.ContainsRune("eiyéèêëîï", r) }

// frenchReading returns the lower-case word w (accents kept) of a French
// text as Russian writes a French name, in the Latin letters of
// Transliterate: "j", and "g" before e, i or y, are "zh" ("Gilles" Жиль
// "zhil"); "qu" is "k", "ch" "sh", "au" and "eau" "o", "ou" "u", "oi"
// "ua"; "h" is silent; "in", "ain" and "un" before a consonant are "en" and
// "en" is "an" ("Martin" Мартен, "Laurent" Лоран); final "-es", "-s",
// "-t", "-d", "-x", "-z" and "-p" are silent and "-er", "-ez", "-et" read
// "e" ("Jacquier" Жакье "zhakie", "Mont Maudit" Мон-Моди "mon modi").
// These are the rules of the Russian transcription of French; the key of
// the reading (NameKey) is a French name's second key, that of its
// Russian spelling.
func frenchReading(w string) string {
	rs := []rune(w)
	at := func(i int) rune {
		if i >= 0 && i < len(rs) {
			return rs[i]
		}
		return 0
	}
	// nasal reports whether the vowel run ending before i+1 is nasal: an
	// "n" or "m" at i followed by neither a vowel nor another n or m.
	nasal := func(i int) bool {
		n := at(i)
		next := at(i + 1)
		return (n == 'n' || n == 'm') && !isFrenchVowel(next) && next != 'n' && next != 'm'
	}
	var b strings.Builder
	has := func(i int, p string) bool { return strings.HasPrefix(string(rs[i:]), p) }
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case has(i, "eau"):
			b.WriteString("o")
			i += 3
		case has(i, "au"):
			b.WriteString("o")
			i += 2
		case has(i, "ou") || has(i, "où") || has(i, "oû"):
			b.WriteString("u")
			i += 2
		case has(i, "oi") || has(i, "oî"):
			b.WriteString("ua")
			i += 2
		case (has(i, "ain") || has(i, "ein")) && nasal(i+2):
			b.WriteString("en")
			i += 3
		case has(i, "ai") || has(i, "ei") || has(i, "aî"):
			b.WriteString("e")
			i += 2
		case (r == 'i' || r == 'u') && nasal(i+1) && i > 0:
			b.WriteString("en")
			i += 2
		case r == 'e' && nasal(i+1) && i > 0 && at(i-1) != 'i' && at(i-1) != 'é' && at(i-1) != 'y':
			b.WriteString("an")
			i += 2
		case has(i, "eu") || has(i, "œu"):
			b.WriteString("e")
			i += 2
		case has(i, "qu"):
			b.WriteString("k")
			i += 2
		case has(i, "ch"):
			b.WriteString("sh")
			i += 2
		case has(i, "ph"):
			b.WriteString("f")
			i += 2
		case has(i, "kh"):
			b.WriteString("kh") // х, as the French press writes it
			i += 2
		case has(i, "th"):
			b.WriteString("t")
			i += 2
		case has(i, "gn"):
			b.WriteString("n")
			i += 2
		case r == 'c' && frenchFront(at(i+1)), r == 'ç':
			b.WriteString("s")
			i++
		case r == 'c':
			b.WriteString("k")
			i++
		case r == 'g' && at(i+1) == 'u' && frenchFront(at(i+2)):
			b.WriteString("g")
			i += 2
		case r == 'g' && at(i+1) == 'e' && strings.ContainsRune("aou", at(i+2)):
			b.WriteString("zh")
			i += 2
		case r == 'g' && frenchFront(at(i+1)), r == 'j':
			b.WriteString("zh")
			i++
		case r == 'h':
			i++
		default:
			b.WriteString(Fold(string(r)))
			i++
		}
	}
	s := b.String()
	switch {
	case len(s) > 3 && (strings.HasSuffix(s, "er") || strings.HasSuffix(s, "ez") || strings.HasSuffix(s, "et")):
		s = s[:len(s)-1]
	case len(s) > 4 && strings.HasSuffix(s, "es") && !isFrenchVowel(rune(s[len(s)-3])):
		s = s[:len(s)-2]
	case len(s) > 3 && strings.ContainsRune("stdxzp", rune(s[len(s)-1])) && !strings.ContainsRune("stdxzp", rune(s[len(s)-2])):
		s = s[:len(s)-1]
	}
	return s
}

// frenchKey returns the NameKey of the French reading of the lower-case
// word w (see frenchReading) when it differs from key, the word's own
// NameKey; "" otherwise.
func frenchKey(w, key string) string {
	if !utf8.ValidString(w) || IsCyrillic(w) {
		return ""
	}
	if k := NameKey(frenchReading(w)); k != key {
		return k
	}
	return ""
}
