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
