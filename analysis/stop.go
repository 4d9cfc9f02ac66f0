package analysis

import "strings"

// stopLists holds, per language, the words too common to help find a
// passage: articles, pronouns, auxiliaries, prepositions and question
// words. They are written with their accents and matched folded. They are
// the one stop-word list of the program: the lexical index drops them and
// language detection (corpus.DetectLang) counts them.
var stopLists = map[string]string{
	"fr": `a à au aux avec ce ces cet cette ceux celle celles celui ci dans de des du elle elles en et eux il ils je la le les leur leurs lui ma mais me même mes moi mon ne nos notre nous on ou où par pas pour qu que qui quoi sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y
	été étée étées étés étant suis es est sommes êtes sont serai sera serons seront serait seraient étais était étions étaient fut furent soit soient ayant eu eue eues eus ai as avons avez ont aura auront aurait auraient avait avaient eut
	quel quelle quels quelles lequel laquelle lesquels lesquelles combien comment pourquoi quand dont donc or ni car si sont cela ça ceci
	sans sous entre vers chez plus très aussi selon avoir être fait après avant depuis pendant comme tout tous toute toutes déjà`,
	"en": `a about above after again against all am an and any are as at be because been before being below between both but by can could did do does doing don down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own s same she should so some such t than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom whose why will with would you your yours yourself yourselves isn aren wasn weren didn doesn hasn haven hadn couldn wouldn shouldn
	shall may might must also`,
	"es": `a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el él ella ellas ellos en entre era eran es esa esas ese eso esos esta está están estas este esto estos fue fueron ha han hasta hay la las le les lo los más me mi mis mucho muy nada ni no nos o os otra otro para pero poco por porque qué que quien quienes se sea ser si sí sin sobre son su sus también tanto te tiene tienen todo todos tu tus un una uno unos y ya yo cuál cuáles cuánto cuántos cómo dónde cuándo
	unas había`,
	"de": `aber alle allem allen aller alles als also am an ander andere anderen auch auf aus bei bin bis bist da damit dann das dass dem den denn der des dich die dir doch dort du durch ein eine einem einen einer eines er es etwas euch euer für gegen hat hatte hatten ich ihm ihn ihr ihre im in ist ja jede jedem jeden jeder jedes jener kann kein keine man mein meine mich mir mit muss nach nicht nichts noch nun nur ob oder ohne sehr sein seine sich sie sind so solche soll sollte sondern um und uns unser unter viel vom von vor war waren was weil welche welcher welches wenn wer wie wieder will wir wird wo wurde wurden zu zum zur über wann warum wieviel
	werden haben ihren`,
	"it": `a ad al alla alle allo agli ai anche avere aveva c che chi ci come con contro cui da dal dalla dalle dagli dai degli dei del della delle dello di dove e è ed era erano gli ha hanno ho i il in io la le lei li lo loro lui ma mi mia mio ne negli nei nel nella nelle no noi non nostro o per perché più quale quali quando quanto quella quelle quelli quello questa queste questi questo se sei si sia siamo sono su sua sue sui sul sulla suo suoi ti tra tu tutti tutto un una uno vi voi
	fra stato stata essere già`,
	"pt": `o a os as um uma uns umas de do da dos das no na nos nas ao aos e ou mas não que quem qual quando como onde por para com sem sobre entre até desde se seu sua seus suas foi foram era são está estão muito mais também já há isso isto`,
	"nl": `de het een en of maar niet is zijn was waren wordt worden werd heeft hebben had ik jij hij zij wij van in op aan met voor door naar bij uit over onder als dat die deze dit er ook nog wel wat wie waar wanneer waarom hoe`,
	"ru": `и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это сколько какие каким почему`,
}

// stopWords maps a language to its folded stop-word set.
var stopWords = foldedSets(stopLists)

// foldedSets returns, by language, the set of the folded space-separated
// words of each list.
func foldedSets(lists map[string]string) map[string]map[string]bool {
	m := make(map[string]map[string]bool, len(lists))
	for lang, list := range lists {
		set := make(map[string]bool)
		for _, w := range strings.Fields(list) {
			set[Fold(w)] = true
		}
		m[lang] = set
	}
	return m
}

// StopWords returns the folded stop words of lang, in no order; nil for a
// language without a list. Language detection counts them.
func StopWords(lang string) []string {
	out := make([]string, 0, len(stopWords[lang]))
	for w := range stopWords[lang] {
		out = append(out, w)
	}
	return out
}

// IsStopWord reports whether the folded word w is a stop word of lang.
// Languages without a list have no stop words.
func IsStopWord(lang, w string) bool {
	return stopWords[lang][w]
}

// interrogatives are, by language, the folded interrogatives ("welchem",
// "wem", "каков"), most of which the stop lists lack. They stay out of the
// stop lists because retrieval's ranking was measured without them; what
// judges a question's coverage leaves them out (IsInterrogative).
var interrogatives = foldedSets(map[string]string{
	"de": `welch welche welchem welchen welcher welches wen wem wessen worum wofur woher wohin womit wodurch woran worauf woraus wovon wozu wieso weshalb weswegen inwiefern`,
	"ru": `каков какова каково каковы какого какому каком какое какую каких какими чей чья чье чьи чьего чьей чьим чьих чьими`,
	"es": `cual cuales cuanto cuanta cuantos cuantas quien quienes`,
})

// IsInterrogative reports whether the folded word w is an interrogative
// of lang (see interrogatives): it says what is asked, not what
// about, and no passage holds it.
func IsInterrogative(lang, w string) bool {
	return interrogatives[lang][w]
}
