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

// keyLatin is the transliteration a key is built on: Transliterate,
// except for two letters Russian writes foreign names with. "э" after a
// consonant is the English "a" ("Грэмми" Grammy, "Дэвид" David, "Тэтчер"
// Thatcher); "ь" or "ъ" before "е", "ё", "и" or "о" is a "y" sound
// ("Жакье" Jacquier, "Васильев" Vasiliev; "я" and "ю" carry theirs).
func keyLatin(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	prev := ' '
	rs := []rune(s)
	for i, r := range rs {
		r = unicode.ToLower(r)
		switch {
		case r == 'э' && unicode.Is(unicode.Cyrillic, prev) && !isCyrillicVowel(prev):
			b.WriteByte('a')
		case (r == 'ь' || r == 'ъ') && i+1 < len(rs) && strings.ContainsRune("еёиоЕЁИО", rs[i+1]):
			b.WriteByte('i')
		default:
			if l, ok := cyrillicLatin[r]; ok {
				b.WriteString(l)
			} else {
				b.WriteRune(r)
			}
		}
		prev = r
	}
	return b.String()
}

// isCyrillicVowel reports whether the lower-case r is a Cyrillic vowel
// letter (or a sign, which is no consonant either).
func isCyrillicVowel(r rune) bool { return strings.ContainsRune("аеёиоуыэюяіїєьъй", r) }

// keyRewrites are the spelling variants a name key merges, tried in order
// at each position: French, German and English transliterations of the
// same Russian name ("Guérassimov", "Gerassimow", "Gerasimov"; "Koursk",
// "Kursk"; "Tchaïkovski", "Tschaikowski", "Tchaikovsky") meet. "s", "z",
// "ts" and a "c" before e, i or y are one sound class: Russian writes the
// Latin "z" with "з" or "ц" ("Zapatero" Сапатеро, "Mozart" Моцарт), the
// Spanish "-ez" with "-ес" ("González" Гонсалес), the German "tz" with
// "тц" ("Ratzel" Ратцель) and the "c" of
// "Centauri" and "Vincent" with "ц" or "с". "zh" ("ж") is kept apart from
// "sh".
var keyRewrites = []struct{ from, to string }{
	{"dzh", "i"}, {"zh", "j"}, {"tsch", "sh"}, {"sch", "sh"}, {"tch", "sh"}, {"ch", "sh"}, {"shch", "sh"},
	{"kh", "h"}, {"ck", "k"}, {"qu", "k"}, {"ph", "f"}, {"th", "t"},
	{"gue", "ge"}, {"gui", "gi"}, {"ou", "u"}, {"tts", "s"}, {"ts", "s"}, {"tz", "s"}, {"gh", "g"}, {"dh", "d"},
	{"ce", "se"}, {"ci", "si"}, {"cy", "si"},
	{"c", "k"}, {"q", "k"}, {"w", "v"}, {"x", "ks"}, {"y", "i"}, {"j", "i"}, {"z", "s"},
}

// NameKey returns the spelling key of a name written in Latin or Cyrillic
// letters: folded, transliterated, with the usual variants of
// transliteration merged (see keyRewrites), "au" before a consonant read
// "av" as Russian writes it ("Centauri" Центавра, "Austria" Австрия),
// doubled letters collapsed and final vowels dropped. "Guérassimov",
// "Gerasimov" and "Герасимов" give "gerasimov"; "Koursk", "Kursk" and
// "Курск" give "kursk"; "Poutine" and "Путин" give "putin". A key of four
// letters whose last is a vowel after a consonant loses it as a Russian
// stem does ("Gaga" and "Гага", stem "гаг": "gag"), when no other final
// vowel was dropped before ("Jacquier" read in French and "Жакье":
// "jaki", "Jacques" and "Жак": "jak"). It returns ""
// when fewer than three letters remain.
func NameKey(w string) string {
	// Plain lower-case ASCII, most words, is its own folded transliteration.
	s := w
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf || ('A' <= w[i] && w[i] <= 'Z') {
			s = Fold(keyLatin(w))
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
		if c == 'a' && i+2 < len(s) && s[i+1] == 'u' && isLatinConsonant(s[i+2]) {
			b = append(b, 'a', 'v')
			i += 2
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
	n := len(out)
	for len(out) > 4 && isKeyVowel(out[len(out)-1]) {
		out = out[:len(out)-1]
	}
	if n == 4 && isKeyVowel(out[3]) && !isKeyVowel(out[2]) && (isKeyVowel(out[0]) || isKeyVowel(out[1])) {
		out = out[:3]
	}
	if len(out) < 3 {
		return ""
	}
	return string(out)
}

// isLatinConsonant reports whether c is a lower-case ASCII consonant.
func isLatinConsonant(c byte) bool { return 'a' <= c && c <= 'z' && !isKeyVowel(c) && c != 'y' }

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
