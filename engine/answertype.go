package engine

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"verbatim/analysis"
	"verbatim/corpus"
	"verbatim/retrieval/lexical"
)

// questionKind flags what a question asks for; name is set when it asks
// for a name without asking who ("Which team won?", "Quel est le nom de
// l'élément 119 ?").
type questionKind struct{ when, number, who, where, name bool }

// any reports whether the question asks for a kind of answer at all.
func (k questionKind) any() bool { return k.when || k.number || k.who || k.where || k.name }

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
	// notWho are phrases whose "qui" does not ask who: "qu'est-ce qui",
	// "ce qui".
	notWho   = []string{"qu'est-ce qui", "qu'est ce qui", "quest-ce qui", "ce qui", "qu'est-ce que", "ce que"}
	nameCues = []string{
		"quel est le nom", "quel nom", "comment s'appelle", "comment s’appelle", "comment se nomme", "comment appelle-t-on", "comment appelle t-on",
		"what is the name", "what was the name", "what name", "what is the term", "what was the term",
		"wie heisst", "wie hiess", "wie lautet", "welchen namen",
		"como se llama", "como se llamaba", "que nombre", "cual es el nombre", "cual era el nombre",
		"как называется", "как называлась", "как называли", "как звали", "как зовут", "какое название", "какое имя",
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

// Interrogative determiners ("which", "quel", "welche", "qué", "какой")
// and the nouns that, right after one, tell the kind of answer asked for:
// "which team" asks for a name, "in what city" for a place, "quel
// siècle" for a date, "what percentage" for a number. Nouns are folded and
// matched by prefix, which covers plurals and Russian cases.
var (
	askDeterminers = wordSet(`what which quel quelle quels quelles lequel laquelle lesquels lesquelles
		welche welcher welches welchem welchen que cual cuales
		какой какая какое какие какого какому каком какую какими каких`)
	placeNouns = newPrefixSet(`city cities country countries state region place location venue stadium continent river island town area county province capital
		ville pays region lieu endroit continent fleuve riviere ile. iles. commune departement province capitale quartier
		stadt stadte land. lander region ort. orte. ortschaft gebiet kontinent fluss insel hauptstadt
		ciudad pais region lugar continente rio isla provincia capital
		город стран регион мест континент рек остров столиц`)
	timeNouns = newPrefixSet(`year years day month date century centuries decade period era season time
		annee jour mois date siecle epoque periode decennie
		jahr tag. tage. tages monat datum jahrhundert zeit epoche
		ano. dia. mes. fecha siglo epoca periodo decada
		год дня день месяц дат век период эпох`)
	nameNouns = newPrefixSet(`team company group organization organisation person people man woman king president leader player band party name term word
		equipe entreprise societe groupe organisation personne homme femme roi reine president chef joueur parti nom terme mot
		mannschaft team firma unternehmen gruppe organisation person mann frau konig president spieler partei name begriff wort
		equipo empresa compania grupo organizacion persona hombre mujer rey presidente jugador partido nombre termino palabra
		команд компани групп организац человек мужчин женщин корол президент игрок парти назван имя термин слов`)
	numberNouns = newPrefixSet(`percentage proportion number amount share rate
		pourcentage proportion nombre montant taux
		prozentsatz anteil anzahl zahl betrag
		porcentaje proporcion numero cantidad
		процент дол количеств числ сумм`)
)

// prefixSet is a set of folded prefixes; one ending with a period is a
// whole word ("ile.", not "ilot").
type prefixSet []string

func newPrefixSet(words string) prefixSet { return strings.Fields(words) }

// has reports whether w starts with one of the prefixes.
func (p prefixSet) has(w string) bool {
	for _, x := range p {
		if exact, ok := strings.CutSuffix(x, "."); ok {
			if w == exact {
				return true
			}
		} else if strings.HasPrefix(w, x) {
			return true
		}
	}
	return false
}

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
	words := strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) })
	for i, w := range words {
		k.who = k.who || whoWords[w]
		k.where = k.where || whereWords[w]
		k.when = k.when || whenWords[w]
		k.number = k.number || countWords[w]
		if !askDeterminers[w] {
			continue
		}
		// The noun after the determiner, or the one after that ("what
		// football team", "quelle grande ville").
		for _, n := range words[i+1 : min(i+3, len(words))] {
			switch {
			case placeNouns.has(n):
				k.where = true
			case timeNouns.has(n):
				k.when = true
			case numberNouns.has(n):
				k.number = true
			case nameNouns.has(n):
				k.name = true
			default:
				continue
			}
			break
		}
	}
	for _, c := range notWho {
		if strings.Contains(q, c) && !strings.Contains(strings.ReplaceAll(q, c, ""), "qui") {
			k.who = false
		}
	}
	for _, c := range nameCues {
		k.name = k.name || strings.Contains(q, c)
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

// answerNouns returns the folded nouns by which a question names the kind
// of answer it asks for, right after an interrogative determiner ("which
// team", "quel pays", "what year", "in welcher Stadt"): the answer
// sentence names the team, the country or the year, seldom the noun
// itself ("The game was played on February 7, 2016" answers "What day
// was the game played on?"). Nouns of quantity are left out: "how many
// appearances" is answered by "made eight appearances".
func answerNouns(question string) []string {
	words := strings.FieldsFunc(lexical.Fold(question), func(r rune) bool { return !unicode.IsLetter(r) })
	var out []string
	for i, w := range words {
		if !askDeterminers[w] {
			continue
		}
		for _, n := range words[i+1 : min(i+3, len(words))] {
			if placeNouns.has(n) || timeNouns.has(n) || nameNouns.has(n) {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

// sentenceTypes computes the typeFeatures of sentence against a question's
// numbers and names.
func sentenceTypes(sentence string, qNumbers map[string]bool, qNames []string) typeFeatures {
	return sentenceEvidence(strings.Fields(sentence), "", qNumbers, qNames).features()
}

// typeEvidence holds the positions (indexes of words) at which a sentence
// holds each kind of answer.
type typeEvidence struct{ date, number, name, place []int }

// features says which kinds of answer the evidence holds.
func (e typeEvidence) features() typeFeatures {
	return typeFeatures{date: len(e.date) > 0, number: len(e.number) > 0, name: len(e.name) > 0, place: len(e.place) > 0}
}

// forKind returns the positions of the kinds of answer k asks for.
func (e typeEvidence) forKind(k questionKind) []int {
	var out []int
	if k.when {
		out = append(out, e.date...)
	}
	if k.number {
		out = append(out, e.number...)
	}
	if k.who || k.name || k.where {
		out = append(out, e.name...)
	}
	return out
}

// sentenceEvidence finds, in the words of a sentence (strings.Fields),
// the answers of each kind that the question (its numbers and names) does
// not hold: numbers (digits or number words), dates (years, months,
// centuries), names (capitalised words that are not the first) and places
// (names after a locative preposition). In German (lang "de"), where
// every noun is capitalised, a name is a capitalised word that is not
// the noun of an article, a number or an adjective (germanNoun).
func sentenceEvidence(words []string, lang string, qNumbers map[string]bool, qNames []string) typeEvidence {
	var e typeEvidence
	have := map[string]bool{}
	for _, n := range qNames {
		have[n] = true
	}
	prev := ""
	for i, raw := range words {
		// A word with a number the question lacks ("1990-1995" has two);
		// a date when one of them looks like a year. All of them are
		// looked at: stopping at the first one made the answer depend on
		// the map's order.
		number, date := false, false
		for n := range numbersIn(raw) {
			if qNumbers[n] {
				continue
			}
			number = true
			date = date || len(n) == 4 && (n[0] == '1' || n[0] == '2')
		}
		if number {
			e.number = append(e.number, i)
		}
		if date {
			e.date = append(e.date, i)
		}
		w := analysis.BareWord(raw)
		if w == "" {
			prev = ""
			continue
		}
		folded := lexical.Fold(w)
		if numberWords[folded] {
			e.number = append(e.number, i)
		}
		_, month := corpus.ParseMonth(folded)
		month = month || dateNouns[folded]
		for _, s := range ruMonthStems {
			month = month || strings.HasPrefix(folded, s)
		}
		if month {
			e.date = append(e.date, i)
		}
		r, _ := utf8.DecodeRuneInString(w)
		if i > 0 && !month && unicode.IsUpper(r) && utf8.RuneCountInString(w) > 1 && !have[folded] && (lang != "de" || !germanNoun(words, i)) {
			e.name = append(e.name, i)
			if locatives[prev] {
				e.place = append(e.place, i)
			}
		}
		prev = folded
	}
	return e
}

// germanDeterminers are the folded German articles, determiners and
// contractions of a preposition and an article that introduce a noun.
var germanDeterminers = wordSet(`der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner
	im am zum zur vom beim ins ans aufs dieser diese dieses diesen diesem jeder jede jedes jeden jedem sein seine seinen seinem seiner
	ihr ihre ihren ihrem ihrer unser unsere alle allen viele vielen mehrere mehreren einige einigen beiden`)

// germanNoun reports whether the capitalised word at i of a German
// sentence is a common noun rather than a name: a determiner, a number or
// an inflected adjective comes right before it, and it is not next to
// another capitalised word ("John Elway", "Lady Gaga").
func germanNoun(words []string, i int) bool {
	capital := func(k int) bool {
		if k < 1 || k >= len(words) {
			return false
		}
		r, _ := utf8.DecodeRuneInString(words[k])
		return unicode.IsUpper(r)
	}
	prev := strings.TrimFunc(words[i-1], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if capital(i-1) && !strings.ContainsAny(words[i-1], ",.;:") || capital(i+1) && !strings.ContainsAny(words[i], ",.;:") {
		return false
	}
	if prev == "" {
		return true
	}
	p := lexical.Fold(prev)
	if germanDeterminers[p] || numberWords[p] || len(numbersIn(p)) > 0 {
		return true
	}
	for _, end := range []string{"e", "en", "er", "es", "em"} {
		if strings.HasSuffix(p, end) && !capital(i-1) {
			return true
		}
	}
	return false
}

// nearness is how close the nearest of the positions at to one of the
// positions near is: 1 next to it, 1/2 four words away, 0 when either is
// empty.
func nearness(at, near []int) float64 {
	best := -1
	for _, a := range at {
		for _, n := range near {
			d := a - n
			if d < 0 {
				d = -d
			}
			if d > 0 && (best < 0 || d < best) {
				best = d
			}
		}
	}
	if best < 0 {
		return 0
	}
	return 4 / float64(3+best)
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
	return b((k.who || k.name) && f.name), b(k.when && f.date), b(k.number && f.number), b(k.where && (f.place || f.name))
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
