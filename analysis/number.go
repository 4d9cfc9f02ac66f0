package analysis

import (
	"strconv"
	"strings"
)

// numberWords maps folded number words of French, English, German,
// Spanish and Russian to their term, so that "three", "trois", "drei" and
// "три" meet "3": the words of spelledValues whose value is a term value
// (termValues), less those that are also common words of another language
// once folded or parts of other numbers (notTerms), plus the Russian
// genitives after a preposition ("из трех").
var numberWords = func() map[string]string {
	m := map[string]string{}
	for w, v := range spelledValues {
		if t, ok := termValues[v]; ok && !notTerms[w] {
			m[w] = t
		}
	}
	// The genitives are read as terms only: NumberValue leaves them to
	// who reads a figure.
	for w, t := range map[string]string{
		"двух": "2", "трех": "3", "четырех": "4", "пяти": "5", "шести": "6", "семи": "7",
		"восьми": "8", "девяти": "9", "десяти": "10", "двадцати": "20",
	} {
		m[Fold(w)] = t
	}
	return m
}()

// termValues are the values a number word is indexed by, with their term;
// one (also an article) and the numbers written in two words in some
// language are not.
var termValues = func() map[int64]string {
	m := map[int64]string{1e3: "1000", 1e6: "\x01e6", 1e9: "\x01e9", 100: "100"}
	for v := int64(2); v <= 16; v++ {
		m[v] = strconv.FormatInt(v, 10)
	}
	for v := int64(20); v <= 90; v += 10 {
		m[v] = strconv.FormatInt(v, 10)
	}
	return m
}()

// notTerms are number words that are also common words of another
// language once folded (Spanish "tres" and French "très", "dos", "once",
// French "neuf" and "cent", German "elf"), or parts of other numbers
// ("quatre-vingts", "ciento uno").
var notTerms = foldedSet("tres dos once neuf cent cents ciento elf vingts")

// foldedSet is the set of the folded words of list.
func foldedSet(list string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[Fold(w)] = true
	}
	return m
}

// NumberTerm returns the language-independent term of a folded number
// word ("trois" -> "3", "миллиона" -> "\x01e6"), "" for any other word.
// Written with digits, the same number analyses to the same term.
func NumberTerm(folded string) string { return numberWords[folded] }

// scaleWords are the words that multiply the number before them, folded
// (French, English, Russian, German, Spanish): the written-out ones and
// their abbreviations.
var scaleWords = func() map[string]int64 {
	m := foldedValues(scaleAbbreviations)
	for w, v := range spelledScales {
		m[w] = v
	}
	return m
}()

// spelledScales are the scale words written out, folded: numbers of their
// own too ("mille", "тысяча", "millions").
var spelledScales = foldedValues(map[string]int64{
	"mille": 1e3, "thousand": 1e3, "тысяча": 1e3, "тысячи": 1e3, "тысяч": 1e3,
	"million": 1e6, "millions": 1e6, "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6,
	"milliard": 1e9, "milliards": 1e9, "billion": 1e9, "billions": 1e9,
	"миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9,
	"trillion": 1e12, "trillions": 1e12, "триллион": 1e12, "триллиона": 1e12, "триллионов": 1e12,
	"tausend": 1e3, "millionen": 1e6, "milliarde": 1e9, "milliarden": 1e9,
	"millón": 1e6, "millones": 1e6, "millardo": 1e9, "millardos": 1e9,
})

// scaleAbbreviations are the abbreviated scale words: they only scale the
// number before them ("5 млн"), and are no number on their own ("млн"
// alone is not a million).
var scaleAbbreviations = map[string]int64{
	"тыс": 1e3, "млн": 1e6, "млрд": 1e9, "трлн": 1e12, "bn": 1e9, "mio": 1e6, "mrd": 1e9,
}

// spelledValues are the French, English, Russian, German and Spanish
// number words, folded,
// with their values, for reading a number written out ("vingt-deux",
// "twenty-one", "двести пять"); scale words among them multiply. Unlike
// numberWords it keeps words that are also common words ("neuf", "cent",
// "un"): who reads them decides from the context.
var spelledValues = func() map[string]int64 {
	m := foldedValues(map[string]int64{
		"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
		"dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
		"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100,
		"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9,
		"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
		"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
		"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
		"один": 1, "одна": 1, "одно": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
		"семь": 7, "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13,
		"четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18,
		"девятнадцать": 19, "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
		"семьдесят": 70, "восемьдесят": 80, "девяносто": 90, "сто": 100, "двести": 200, "триста": 300,
		"четыреста": 400, "пятьсот": 500, "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900,
		"eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
		"zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16,
		"siebzehn": 17, "achtzehn": 18, "neunzehn": 19, "zwanzig": 20, "dreißig": 30, "vierzig": 40,
		"fünfzig": 50, "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90, "hundert": 100,
		"uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
		"diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciséis": 16,
		"diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20, "treinta": 30, "cuarenta": 40,
		"cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100,
		"doscientos": 200, "trescientos": 300, "quinientos": 500,
	})
	for w, v := range spelledScales {
		m[w] = v
	}
	return m
}()

func foldedValues(m map[string]int64) map[string]int64 {
	out := make(map[string]int64, len(m))
	for w, v := range m {
		out[Fold(w)] = v
	}
	return out
}

// NumberValue returns the value of a folded French, English, Russian,
// German or Spanish number word ("vingt" -> 20, "двести" -> 200, "millions" -> 1e6).
func NumberValue(folded string) (int64, bool) {
	v, ok := spelledValues[folded]
	return v, ok
}

// ScaleValue returns the multiplier of a folded scale word written after a
// number ("millions" -> 1e6, "млн" -> 1e6, "bn" -> 1e9).
func ScaleValue(folded string) (int64, bool) {
	v, ok := scaleWords[folded]
	return v, ok
}
