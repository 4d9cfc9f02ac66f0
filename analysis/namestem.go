package analysis

import (
	"strings"
	"unicode/utf8"
)

// russianNameEndings are the case endings of Russian names, nouns' and
// adjectives', longest first. They leave out what the Snowball stemmer
// also cuts and a name keeps in all its cases: the "-ов", "-ев" and "-ин"
// of a surname ("Песков", "Пескова"; Snowball: "песк", "песков"), a
// verb's or participle's ending ("Мартен", "Лоран", "Михаил"; Snowball:
// "март", "лора", "миха"), and "-ье", the end of an undeclined French
// name ("Жакье", Jacquier), and the plural's "-ах", "-их", which end
// names in the singular ("Фридрих", "Аллах", "Черных").
var russianNameEndings = []string{
	"ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ией", "иям", "ием",
	"ой", "ей", "ом", "ем", "ым", "им", "ий", "ый", "ая", "яя", "ую", "юю",
	"ые", "ие", "ия", "ии", "ию", "ья", "ью",
	"а", "я", "у", "ю", "е", "ы", "и", "о", "ь", "й",
}

// minNameStemRunes is the least length a Russian name keeps when a case
// ending is cut ("Ира" stays "ира").
const minNameRunes = 3

// russianNameStem returns the folded lower-case Cyrillic word w without
// its case ending as a name (see russianNameEndings): the cases of a name
// share it ("Песков", "Пескова", "Песковым": "песков"; "Гага", "Гаги":
// "гаг"), as does its spelling in Latin letters, which NameKey reads the
// same way ("Peskov", "Gaga": "gag").
func russianNameStem(w string) string {
	for _, e := range russianNameEndings {
		if !strings.HasSuffix(w, e) {
			continue
		}
		stem := w[:len(w)-len(e)]
		if e == "е" && strings.HasSuffix(stem, "ь") {
			return w // "-ье"
		}
		if utf8.RuneCountInString(stem) < minNameRunes {
			return w
		}
		return stem
	}
	return w
}
