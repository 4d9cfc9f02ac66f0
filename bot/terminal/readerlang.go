package terminal

import (
	"slices"
	"strings"
	"unicode"

	"verbatim/corpus"
)

// minTellWords is the least number of words a text must have for its
// language to choose the output's: a topic of a word or two is mostly a
// name ("Vendée Globe", "Égypte"), whose accents tell nothing of the
// reader's language.
const minTellWords = 3

// Langs are the languages the terminal writes, those with texts.
func Langs() []string {
	out := make([]string, 0, len(texts))
	for l := range texts {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// HasLang reports whether the terminal writes lang (fr, en, de, es, ru).
func HasLang(lang string) bool { return texts[lang] != nil }

// ReaderLang is the language the terminal writes to its reader in: chosen
// (a --lang flag) when the terminal writes it; else the language of text, the question, quote
// or topic the reader typed, when it has at least minTellWords words and
// corpus.DetectLang tells one the terminal writes; else the language the
// locale names (LocaleLang); else, the locale unset, "C" or "POSIX",
// English: plain-text output needs one language, and the terminal's
// default is English.
func ReaderLang(chosen, text string, locales ...string) string {
	if l := strings.ToLower(strings.TrimSpace(chosen)); HasLang(l) {
		return l
	}
	if len(strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) })) >= minTellWords {
		if l := corpus.DetectLang(text); HasLang(l) {
			return l
		}
	}
	if l, named := LocaleLang(locales...); named {
		return l
	}
	return "en"
}

// LocaleLang is the language the reader's locale names: locales are the
// values of LC_ALL, LC_MESSAGES and LANG in that order of precedence, and
// the first one set decides, as in POSIX ("fr_FR.UTF-8" is French even
// when a later one is German). named is false when none is set or the
// first set is "C" or "POSIX" (also "C.UTF-8"): a machine's default, not a
// reader's choice, which each caller replaces with its own default. A
// locale naming a language the terminal does not write ("it_IT.UTF-8") is
// English.
func LocaleLang(locales ...string) (lang string, named bool) {
	for _, loc := range locales {
		if loc = strings.TrimSpace(loc); loc == "" {
			continue
		}
		l := localeLang(loc)
		if l == "c" || l == "posix" {
			return "", false
		}
		if !HasLang(l) {
			return "en", true
		}
		return l, true
	}
	return "", false
}

// localeLang is the language part of a POSIX locale name, lower-case:
// "fr" for "fr_FR.UTF-8", "de" for "de_DE@euro", "c" for "C.UTF-8".
func localeLang(loc string) string {
	l, _, _ := strings.Cut(loc, "_")
	l, _, _ = strings.Cut(l, ".")
	l, _, _ = strings.Cut(l, "@")
	return strings.ToLower(l)
}
