package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"verbatim/analysis"
)

// detectLimit is how many bytes of a text DetectLang looks at.
const detectLimit = 2000

// langOrder is the order in which languages win ties; short questions to
// this program are most often French, then English.
var langOrder = []string{"fr", "en", "de", "es", "it", "pt", "nl"}

// detectionWords are words frequent enough in one language to tell it,
// though not stop words of the index: the speech verbs of short questions
// ("Que dit Zakharova ?", "Was sagte Gerassimow?", "Que dijo Zajárova?"),
// folded.
var detectionWords = map[string][]string{
	"fr": {"dit"},
	"en": {"said", "says", "told"},
	"de": {"sagte", "sagten", "sagt", "gesagt", "erklarte", "meinte", "warum", "wieso"},
	"es": {"dijo", "dijeron", "dice", "afirmo", "declaro", "cuando", "donde", "quien"},
}

// detectionLangs maps each of detectionWords to its languages.
var detectionLangs = func() map[string][]string {
	m := map[string][]string{}
	for l, ws := range detectionWords {
		for _, w := range ws {
			m[w] = append(m[w], l)
		}
	}
	return m
}()

// stopWords maps accent-folded, lower-case function words (the stop words
// of package analysis, and detectionWords) to the Latin-script languages
// they are frequent in.
var stopWords = func() map[string][]string {
	m := map[string][]string{}
	for _, lang := range langOrder {
		for _, w := range append(analysis.StopWords(lang), detectionWords[lang]...) {
			if !containsLang(m[w], lang) {
				m[w] = append(m[w], lang)
			}
		}
	}
	return m
}()

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

// DetectLangPrior is DetectLang for questions, with the languages expected
// in context (the conversation's, the corpus's), most likely first: when a
// Latin-script text gives the first prior some evidence within one
// function word of the best language, or, in a text of at most eight
// words, any prior, that prior wins ("Que dit Zakharova ?" is French
// before a French corpus, although "dit" is Dutch too).
func DetectLangPrior(text string, priors []string) string {
	if len(text) > detectLimit {
		cut := detectLimit
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	var latin, cyrillic, ukrainian, greek, arabic, hebrew, han, kana, hangul int
	inverted := false // ¿ or ¡: of the languages detected, only Spanish writes them
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
			inverted = true
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
	if inverted {
		return "es"
	}
	words := 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && r != '-'
	}) {
		w = analysis.Fold(strings.Trim(w, "-"))
		if w == "" {
			continue
		}
		words++
		for _, l := range stopWords[w] {
			// A word shared by several languages counts less.
			scores[l] += 1 / float64(len(stopWords[w]))
		}
		for _, l := range detectionLangs[w] {
			// A speech verb tells its language even against a prior.
			scores[l]++
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
	if words <= shortText || len(priors) > 0 && scores[priors[0]] >= bestScore-1 {
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
