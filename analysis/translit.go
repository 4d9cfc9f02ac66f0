package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// cyrillicLatin is the transliteration of Russian (and Ukrainian) letters
// to Latin, close to the English usage of the press ("Герасимов" ->
// "gerasimov", "Чайковский" -> "chaikovskii").
var cyrillicLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'і': "i", 'ї': "i", 'є': "e", 'ґ': "g",
}

// IsCyrillic reports whether the word w starts with a Cyrillic letter.
func IsCyrillic(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.Is(unicode.Cyrillic, r)
}

// Transliterate returns the lower-case Latin transliteration of the
// Cyrillic letters of s; other characters are lower-cased and kept.
func Transliterate(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		if l, ok := cyrillicLatin[r]; ok {
			b.WriteString(l)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// keyRewrites are the spelling variants a name key merges, tried in order
// at each position: French, German and English transliterations of the
// same Russian name ("Guérassimov", "Gerassimow", "Gerasimov"; "Koursk",
// "Kursk"; "Tchaïkovski", "Tschaikowski", "Tchaikovsky") meet.
var keyRewrites = []struct{ from, to string }{
	{"dzh", "i"}, {"tsch", "sh"}, {"sch", "sh"}, {"tch", "sh"}, {"ch", "sh"}, {"shch", "sh"},
	{"kh", "h"}, {"ck", "k"}, {"qu", "k"}, {"ph", "f"}, {"th", "t"},
	{"gue", "ge"}, {"gui", "gi"}, {"ou", "u"}, {"ts", "z"}, {"gh", "g"}, {"dh", "d"},
	{"c", "k"}, {"q", "k"}, {"w", "v"}, {"x", "ks"}, {"y", "i"}, {"j", "i"},
}

// NameKey returns the spelling key of a name written in Latin or Cyrillic
// letters: folded, transliterated, with the usual variants of
// transliteration merged (see keyRewrites), doubled letters collapsed and
// final vowels dropped. "Guérassimov", "Gerasimov" and "Герасимов" give
// "gerasimov"; "Koursk", "Kursk" and "Курск" give "kursk"; "Poutine" and
// "Путин" give "putin". It returns "" when fewer than three letters remain.
func NameKey(w string) string {
	// Plain lower-case ASCII, most words, is its own folded transliteration.
	s := w
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf || ('A' <= w[i] && w[i] <= 'Z') {
			s = Fold(Transliterate(w))
			break
		}
	}
	var b []byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < 'a' || c > 'z' {
			if c >= '0' && c <= '9' || c >= utf8.RuneSelf {
				return ""
			}
			i++
			continue
		}
		done := false
		for _, rw := range keyRewrites {
			if rw.from[0] == c && strings.HasPrefix(s[i:], rw.from) {
				b = append(b, rw.to...)
				i += len(rw.from)
				done = true
				break
			}
		}
		if !done {
			b = append(b, c)
			i++
		}
	}
	b = softenKey(b)
	// Collapse doubled letters.
	out := b[:0]
	for i, c := range b {
		if i > 0 && c == b[i-1] {
			continue
		}
		out = append(out, c)
	}
	for len(out) > 4 && strings.IndexByte("aeiou", out[len(out)-1]) >= 0 {
		out = out[:len(out)-1]
	}
	if len(out) < 3 {
		return ""
	}
	return string(out)
}

// isKeyVowel reports whether c is a vowel of a key (y is already i).
func isKeyVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

// softenKey merges, in a key being built, the spellings that English and
// Russian give the same sounds: a "yu" after a consonant is "u" (Лютер
// "liuter" and Luther "luter", Тьюринг and Turing), and "w" before a vowel
// at the start is written "у" in Russian (William and Уильям: "viliam").
func softenKey(b []byte) []byte {
	if len(b) > 1 && b[0] == 'u' && isKeyVowel(b[1]) {
		b[0] = 'v'
	}
	out := b[:0]
	for i, c := range b {
		if c == 'i' && i > 0 && i+1 < len(b) && b[i+1] == 'u' && !isKeyVowel(b[i-1]) {
			continue // "iu" after a consonant: "u"
		}
		out = append(out, c)
	}
	return out
}
