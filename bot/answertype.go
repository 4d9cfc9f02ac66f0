package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"verbatim/corpus"
	"verbatim/retrieval/lexical"
)

// questionKind flags what a question asks for.
type questionKind struct{ when, number, who, where bool }

// Interrogatives by what they ask for, in French, English, Russian, German
// and Spanish, accent-folded and lower-case. Single words are matched as
// words, phrases as substrings of the folded question.
var (
	whoWords   = wordSet("qui who whom whose кто кого кому кем чей чья чьи wer wen wem wessen quien quienes")
	whereWords = wordSet("ou where где куда откуда wo wohin woher donde adonde")
	whenWords  = wordSet("quand when когда wann cuando")
	countWords = wordSet("combien сколько cuantos cuantas cuanto cuanta")
	whenCues   = []string{
		"quelle annee", "quelle date", "en quelle", "depuis quand", "a quelle epoque", "quel siecle", "quel jour", "quel mois",
		"what year", "which year", "what date", "what century", "what decade", "what day", "what month",
		"в каком году", "какого года", "в каком веке", "какого числа",
		"welchem jahr", "welches jahr", "welchem jahrhundert", "seit wann",
		"que ano", "en que ano", "que siglo", "que fecha", "desde cuando",
	}
	numberCues = []string{
		"quel nombre", "quel pourcentage", "quelle proportion", "quelle taille", "quelle superficie", "quelle distance",
		"quel age", "quel montant", "quelle somme", "quelle population", "quelle hauteur", "quelle longueur", "quel prix",
		"how many", "how much", "how long", "how old", "how far", "how large", "how big", "how tall", "how high",
		"what percentage", "what number", "what proportion", "what population",
		"wie viele", "wie viel", "wie lange", "wie alt", "wie hoch", "wie weit", "wie gross",
		"que porcentaje", "que edad",
	}
)

func wordSet(words string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(words) {
		out[w] = true
	}
	return out
}

// kindOf tells what a question asks for from its interrogatives.
func kindOf(question string) questionKind {
	q := lexical.Fold(question)
	var k questionKind
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) }) {
		k.who = k.who || whoWords[w]
		k.where = k.where || whereWords[w]
		k.when = k.when || whenWords[w]
		k.number = k.number || countWords[w]
	}
	for _, c := range whenCues {
		k.when = k.when || strings.Contains(q, c)
	}
	for _, c := range numberCues {
		k.number = k.number || strings.Contains(q, c)
	}
	return k
}

// typeFeatures says which kinds of answer a sentence holds that the
// question does not: a date (a year, a month, a century), a number (digits
// or a number word), a name (a capitalised word that is not the first) and
// a place (a name after a locative preposition).
type typeFeatures struct{ date, number, name, place bool }

// numberWords are number words of the five languages, folded; only the
// ones unlikely to be anything else.
var numberWords = wordSet(`deux trois quatre cinq six sept huit neuf dix onze douze vingt trente quarante cinquante soixante cent cents mille million millions milliard milliards
	two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred hundreds thousand thousands million millions billion billions dozen
	два две три четыре пять шесть семь восемь девять десять сто тысяча тысячи тысяч миллион миллиона миллионов миллиард
	zwei drei vier funf sechs sieben acht neun zehn zwolf zwanzig hundert tausend million millionen milliarde milliarden
	dos tres cuatro cinco seis siete ocho nueve diez doce veinte cien ciento mil millon millones`)

// dateNouns are month and century words beyond those corpus.ParseMonth
// knows, folded: German, Spanish and Russian months (Russian by stem).
var dateNouns = wordSet(`siecle siecles century centuries
	januar februar marz april mai juni juli august september oktober november dezember jahrhundert jahrhunderts
	enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre siglo
	век века веке`)

var ruMonthStems = []string{"январ", "феврал", "март", "апрел", "мая", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр"}

// locatives are prepositions that introduce a place, folded.
var locatives = wordSet("a au aux en dans pres vers in at near from inside outside в во на под около im nach bei aus en cerca")

// sentenceTypes computes the typeFeatures of sentence against a question's
// numbers and names.
func sentenceTypes(sentence string, qNumbers map[string]bool, qNames []string) typeFeatures {
	var f typeFeatures
	for n := range numbersIn(sentence) {
		if qNumbers[n] {
			continue
		}
		f.number = true
		if len(n) == 4 && (n[0] == '1' || n[0] == '2') {
			f.date = true
		}
	}
	have := map[string]bool{}
	for _, n := range qNames {
		have[n] = true
	}
	prev := ""
	for i, raw := range strings.Fields(sentence) {
		w := strings.TrimFunc(raw, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if k := strings.IndexAny(w, "'’"); k >= 0 && k <= 5 {
			_, size := utf8.DecodeRuneInString(w[k:])
			w = w[k+size:] // drop an elision such as l' or d'
		}
		if w == "" {
			prev = ""
			continue
		}
		folded := lexical.Fold(w)
		if numberWords[folded] {
			f.number = true
		}
		_, month := corpus.ParseMonth(folded)
		month = month || dateNouns[folded]
		for _, s := range ruMonthStems {
			month = month || strings.HasPrefix(folded, s)
		}
		f.date = f.date || month
		r, _ := utf8.DecodeRuneInString(w)
		if i > 0 && !month && unicode.IsUpper(r) && utf8.RuneCountInString(w) > 1 && !have[folded] {
			f.name = true
			if locatives[prev] {
				f.place = true
			}
		}
		prev = folded
	}
	return f
}

// typeMatch is the score feature of a sentence for a question's kind: 1
// when it holds what the question asks for, else 0, one value per kind.
func typeMatch(k questionKind, f typeFeatures) (who, when, number, where float64) {
	b := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}
	return b(k.who && f.name), b(k.when && f.date), b(k.number && f.number), b(k.where && (f.place || f.name))
}

// isHeading reports whether a sentence of a passage is a heading or a
// title rather than a sentence: the passage's title itself, or a short
// line with no final punctuation ("Entente russo-américaine").
func isHeading(text, title string) bool {
	if title != "" && lexical.Fold(strings.TrimSpace(text)) == lexical.Fold(strings.TrimSpace(title)) {
		return true
	}
	t := strings.TrimRight(text, " \t\"'»”)]\u00a0")
	if t == "" {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	switch last {
	case '.', '!', '?', '…', ':', ';', '»', '"':
		return false
	}
	return len(strings.Fields(text)) <= headingMaxWords
}

// headingMaxWords is the most words a line without final punctuation may
// have to be taken for a heading.
const headingMaxWords = 12

// numbersIn returns the digit runs of s.
func numbersIn(s string) map[string]bool {
	out := map[string]bool{}
	start := -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out[s[start:i]] = true
			start = -1
		}
	}
	return out
}
