package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// detectLimit is how many bytes of a text DetectLang looks at.
const detectLimit = 2000

// langOrder is the order in which languages win ties; short questions to
// this program are most often French, then English.
var langOrder = []string{"fr", "en", "de", "es", "it", "pt", "nl"}

// stopWords maps accent-folded, lower-case function words to the languages
// they are frequent in.
var stopWords = map[string][]string{}

func init() {
	lists := map[string]string{
		"fr": "le la les un une des du de d l au aux et ou mais donc ni car est sont été était sont a ont avait dit il elle ils elles on nous vous je tu ce cet cette ces qui que qu quoi dont ou sur dans par pour avec sans sous entre vers chez pas ne n plus tres aussi selon lui leur leurs son sa ses mon ma mes notre nos votre vos y en se s c j m t quand comment pourquoi combien quel quelle quels quelles lequel laquelle est-ce etait avoir etre fait apres avant depuis pendant comme si tout tous toute toutes meme deja",
		"en": "the a an of and or but to in on at by for with from about as into is are was were be been being has have had do does did will would shall should can could may might must not no it its this that these those there their they them he she his her him we our you your i me my what which who whom whose when where why how than then so if also only after before during over under between through",
		"de": "der die das den dem des ein eine einen einem einer und oder aber nicht ist sind war waren wird werden wurde wurden hat haben hatte ich du er sie es wir ihr mit von zu zum zur auf aus bei nach fur uber unter vor im am auch noch nur wie was wer wann warum wo welche welcher welches dass sich sein seine ihre ihren kein keine",
		"es": "el la los las un una unos unas de del al y o pero no es son fue fueron era esta estan este esta estos estas ese esa que quien quienes cual cuales cuando como donde por para con sin sobre entre hasta desde se su sus lo le les muy mas tambien ya hay ha han habia ser",
		"it": "il lo la i gli le un uno una di del della dei delle degli al alla ai alle dal dalla da in nel nella nei con su sul sulla per tra fra e ed o ma non che chi cui come quando dove perche quale quali sono era erano stato stata essere ha hanno aveva anche piu gia questo questa questi quello quella si ci",
		"pt": "o a os as um uma uns umas de do da dos das no na nos nas ao aos e ou mas nao que quem qual quando como onde por para com sem sobre entre ate desde se seu sua seus suas foi foram era sao esta estao muito mais tambem ja ha isso isto",
		"nl": "de het een en of maar niet is zijn was waren wordt worden werd heeft hebben had ik jij hij zij wij het van in op aan met voor door naar bij uit over onder als dat die deze dit er ook nog wel wat wie waar wanneer waarom hoe",
	}
	for lang, words := range lists {
		for _, w := range strings.Fields(words) {
			if !containsLang(stopWords[w], lang) {
				stopWords[w] = append(stopWords[w], lang)
			}
		}
	}
}

func containsLang(langs []string, lang string) bool {
	for _, l := range langs {
		if l == lang {
			return true
		}
	}
	return false
}

// letterHints are letters that point to one language.
var letterHints = map[rune]string{
	'é': "fr", 'è': "fr", 'ê': "fr", 'ç': "fr", 'œ': "fr", 'û': "fr", 'ë': "fr", 'ï': "fr", 'î': "fr", 'â': "fr",
	'ñ': "es",
	'ä': "de", 'ö': "de", 'ü': "de", 'ß': "de",
	'ì': "it", 'ò': "it",
	'ã': "pt", 'õ': "pt",
}

// DetectLang guesses the ISO 639-1 language of text from its first 2,000
// bytes: the script first (Cyrillic is "ru", or "uk" with Ukrainian letters;
// Greek, Arabic, Hebrew, Chinese, Japanese and Korean too), then, for Latin
// text, the frequency of function words and accented letters ("fr", "en",
// "de", "es", "it", "pt", "nl"). Ties go to French, then English. It returns
// "" when the text has too few words to tell.
func DetectLang(text string) string { return DetectLangPrior(text, nil) }

// shortText is the most words a text may have for DetectLangPrior's priors
// to decide.
const shortText = 8

// DetectLangPrior is DetectLang for short texts such as questions, with
// the languages expected in context (the conversation's, the corpus's),
// most likely first: when a Latin-script text of at most eight words
// gives a prior language some evidence and within one function word of
// the best, the prior wins ("Que dit Zakharova ?" is French before a French
// corpus, although "dit" is Dutch too).
func DetectLangPrior(text string, priors []string) string {
	if len(text) > detectLimit {
		cut := detectLimit
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	var latin, cyrillic, ukrainian, greek, arabic, hebrew, han, kana, hangul int
	scores := map[string]float64{}
	for _, r := range text {
		switch {
		case r < 0x80:
			if unicode.IsLetter(r) {
				latin++
			}
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
			switch r {
			case 'і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є', 'Ґ':
				ukrainian++
			}
		case unicode.Is(unicode.Latin, r):
			latin++
			if l, ok := letterHints[unicode.ToLower(r)]; ok {
				scores[l] += 0.5
			}
		case unicode.Is(unicode.Greek, r):
			greek++
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Hebrew, r):
			hebrew++
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case r == '¿' || r == '¡':
			scores["es"] += 1
		}
	}
	// Scripts other than Latin decide on their own.
	best, bestN := "", latin
	for _, s := range []struct {
		lang string
		n    int
	}{{"ru", cyrillic}, {"el", greek}, {"ar", arabic}, {"he", hebrew}, {"ja", kana}, {"zh", han}, {"ko", hangul}} {
		if s.n > bestN {
			best, bestN = s.lang, s.n
		}
	}
	if best == "ru" && ukrainian > 0 && ukrainian*50 >= cyrillic {
		best = "uk"
	}
	if best == "zh" && kana > 0 {
		best = "ja"
	}
	if best != "" {
		if bestN < 2 {
			return ""
		}
		return best
	}
	if latin < 2 {
		return ""
	}
	words := 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '-'
	}) {
		w = foldWord(strings.Trim(w, "-"))
		if w == "" {
			continue
		}
		words++
		for _, l := range stopWords[w] {
			// A word shared by several languages counts less.
			scores[l] += 1 / float64(len(stopWords[w]))
		}
		if strings.Contains(w, "-") {
			// French inversions: "a-t-il", "est-ce", "dit-elle".
			for _, part := range strings.Split(w, "-") {
				switch part {
				case "t", "il", "elle", "ils", "elles", "on", "ce", "je", "vous", "nous":
					scores["fr"] += 0.5
				}
			}
		}
	}
	// French typography puts a space before ? ! : ;
	if strings.Contains(text, " ?") || strings.Contains(text, " !") {
		scores["fr"] += 0.5
	}
	if strings.ContainsAny(text, "«»") {
		scores["fr"] += 0.5
	}
	if strings.Contains(text, "’s ") || strings.Contains(text, "'s ") {
		scores["en"] += 0.5
	}
	best, bestScore := "", 0.0
	for _, l := range langOrder {
		if scores[l] > bestScore {
			best, bestScore = l, scores[l]
		}
	}
	if words <= shortText {
		for _, p := range priors {
			if p == best {
				break
			}
			if scores[p] > 0 && scores[p] >= bestScore-1 {
				best, bestScore = p, scores[p]
				break
			}
		}
	}
	if best == "" || (words < 2 && bestScore < 1) {
		return ""
	}
	return best
}
