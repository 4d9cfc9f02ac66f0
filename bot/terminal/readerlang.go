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
// corpus.DetectLang tells one the terminal writes; else the language of the
// locale, the first set of locales in order of precedence (the values of
// LC_ALL, LC_MESSAGES, LANG, such as "fr_FR.UTF-8"); else English.
func ReaderLang(chosen, text string, locales ...string) string {
	if l := strings.ToLower(strings.TrimSpace(chosen)); HasLang(l) {
		return l
	}
	if len(strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) })) >= minTellWords {
		if l := corpus.DetectLang(text); HasLang(l) {
			return l
		}
	}
	for _, loc := range locales {
		if loc = strings.TrimSpace(loc); loc == "" {
			continue
		}
		// The first set variable decides, as in POSIX: "C" or a language
		// without texts is English even when a later one is French.
		if l := localeLang(loc); HasLang(l) {
			return l
		}
		break
	}
	return "en"
}

// localeLang is the language of a POSIX locale name: "fr" for
// "fr_FR.UTF-8", "de" for "de_DE@euro", "" for "C" or "POSIX".
func localeLang(loc string) string {
	l, _, _ := strings.Cut(loc, "_")
	l, _, _ = strings.Cut(l, ".")
	l, _, _ = strings.Cut(l, "@")
	l = strings.ToLower(l)
	if len(l) < 2 || len(l) > 3 {
		return ""
	}
	return l
}
