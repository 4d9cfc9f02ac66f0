package analysis

import "strings"

// numberWords maps folded number words of French, English, German,
// Spanish and Russian to their digits, so that "three", "trois", "drei"
// and "три" meet "3". Words that are also common words of another
// language once folded are left out: Spanish "tres" (French "très"),
// "dos" and "once", French "neuf" and "cent", German "elf", Spanish
// "mil".
var numberWords = func() map[string]string {
	lists := []struct{ digits, words string }{
		{"2", "two deux zwei два две двух"},
		{"3", "three trois drei три трех трёх"},
		{"4", "four quatre vier cuatro четыре четырех"},
		{"5", "five cinq fünf cinco пять пяти"},
		{"6", "six sechs seis шесть шести"},
		{"7", "seven sept sieben siete семь семи"},
		{"8", "eight huit acht ocho восемь восьми"},
		{"9", "nine neun nueve девять девяти"},
		{"10", "ten dix zehn diez десять десяти"},
		{"11", "eleven onze одиннадцать"},
		{"12", "twelve douze zwölf doce двенадцать"},
		{"15", "fifteen quinze fünfzehn quince пятнадцать"},
		{"20", "twenty vingt zwanzig veinte двадцать двадцати"},
		{"30", "thirty trente dreißig treinta тридцать"},
		{"40", "forty quarante vierzig cuarenta сорок"},
		{"50", "fifty cinquante fünfzig cincuenta пятьдесят"},
		{"100", "hundred hundert cien сто"},
		{"1000", "thousand mille tausend тысяча тысячи тысяч"},
		{"\x01e6", "million millions millionen millón millones миллион миллиона миллионов"},
		{"\x01e9", "billion billions milliard milliards milliarde milliarden миллиард миллиарда миллиардов"},
	}
	m := map[string]string{}
	for _, l := range lists {
		for _, w := range strings.Fields(l.words) {
			m[Fold(w)] = l.digits
		}
	}
	return m
}()

// NumberTerm returns the language-independent term of a folded number
// word ("trois" -> "3", "миллиона" -> "\x01e6"), "" for any other word.
// Written with digits, the same number analyses to the same term.
func NumberTerm(folded string) string { return numberWords[folded] }

// scaleWords are the words that multiply the number before them, folded
// (French, English, Russian).
var scaleWords = foldedValues(map[string]int64{
	"mille": 1e3, "thousand": 1e3, "тысяча": 1e3, "тысячи": 1e3, "тысяч": 1e3, "тыс": 1e3,
	"million": 1e6, "millions": 1e6, "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6, "млн": 1e6,
	"milliard": 1e9, "milliards": 1e9, "billion": 1e9, "billions": 1e9, "bn": 1e9,
	"миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9, "млрд": 1e9,
	"trillion": 1e12, "trillions": 1e12, "триллион": 1e12, "триллиона": 1e12, "триллионов": 1e12, "трлн": 1e12,
})

// spelledValues are the French, English and Russian number words, folded,
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
	})
	for w, v := range scaleWords {
		if len(w) > 3 { // abbreviations ("млн", "bn") are not written out
			m[w] = v
		}
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

// NumberValue returns the value of a folded French, English or Russian
// number word ("vingt" -> 20, "двести" -> 200, "millions" -> 1e6).
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
