package engine

import (
	"context"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"verbatim/analysis"
	"verbatim/corpus"
	"verbatim/retrieval"
	"verbatim/retrieval/lexical"
)

func TestWithinOneEdit(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"guerasimov", "guerassimov", true},
		{"moscovicci", "moscovici", true},
		{"peskov", "pesokv", true},
		{"peskov", "peskow", true},
		{"peskov", "peskov", false},
		{"peskov", "pekosv", false},
		{"kursk", "koursk", true},
		{"abc", "abcde", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			if got := withinOneEdit([]rune(tt.a), []rune(tt.b)); got != tt.want {
				t.Errorf("withinOneEdit(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestDropChitChat(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Salut, dis-moi stp ce qu'a dit Peskov le 28 avril", "ce qu'a dit Peskov le 28 avril"},
		{"Hi, could you please tell me what Peskov said?", "what Peskov said?"},
		{"Qu'a dit Peskov ?", "Qu'a dit Peskov ?"},
		{"Merci !", "Merci !"},
		{"Peux-tu me raconter l'accident de Doris Day ?", "l'accident de Doris Day ?"},
		{"Raconte la bataille de Koursk", "la bataille de Koursk"},
		{"What can you tell me about Peskov?", "What about Peskov?"},
		{"Je voudrais savoir ce qu'a dit Peskov, merci", "ce qu'a dit Peskov,"},
		{"Quel évangéliste de la Bible raconte la parabole du Fils prodigue ?", "Quel évangéliste de la Bible raconte la parabole du Fils prodigue ?"},
		{"Qu'est-ce qui explique la richesse de la création artisanale ?", "Qu'est-ce qui explique la richesse de la création artisanale ?"},
		{"What did Luther think reason could not be used to test?", "What did Luther think reason could not be used to test?"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := dropChitChat(tt.in); got != tt.want {
				t.Errorf("dropChitChat(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCorrectSpelling(t *testing.T) {
	results := []retrieval.Result{{Chunk: corpus.Chunk{Lang: "fr", Text: "Le 26 avril, Valéry Guérassimov a annoncé la fin de l'opération de Koursk sur la chaîne Telegram du Kremlin."}}}
	tests := []struct {
		in, want string
		fixed    int
	}{
		{"Quelle est la position de la Chine ?", "Quelle est la position de la Chine ?", 0}, // a name is never respelt to a common word
		{"Qu'a dit Guérasimov ?", "Qu'a dit Guérassimov ?", 1},
		{"Qu'a annoncé Guérasimov sur Kursk ?", "Qu'a annoncé Guérassimov sur Koursk ?", 2},
		{"Qu'a dit Poutine ?", "Qu'a dit Poutine ?", 0},
		{"What did Guérasimov's staff say?", "What did Guérassimov's staff say?", 1},    // a possessive
		{"Qu'a dit Valéry-Guérasimov ?", "Qu'a dit Valéry-Guérassimov ?", 1},            // a compound name
		{"Que s'est-il passé à l'opératoin ?", "Que s'est-il passé à l'opératoin ?", 0}, // common words are left alone
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, n := correctSpelling(tt.in, "fr", results)
			if got != tt.want || n != tt.fixed {
				t.Errorf("correctSpelling(%q) = %q, %d; want %q, %d", tt.in, got, n, tt.want, tt.fixed)
			}
		})
	}
}

// TestCorrectSpellingAcrossLanguages checks that a stop word or an
// interrogative of the question's language is not respelt to a word of
// passages in another language, while a misspelt name still is.
func TestCorrectSpellingAcrossLanguages(t *testing.T) {
	results := []retrieval.Result{{Chunk: corpus.Chunk{Lang: "de", Text: "In Wien wurde der Vertrag von Valerie Gerassimow unterzeichnet. Liban, Libanon."}}}
	tests := []struct {
		in, lang, want string
		fixed          int
	}{
		{"When was the treaty signed?", "en", "When was the treaty signed?", 0},
		{"When did Gerasimow sign?", "en", "When did Gerassimow sign?", 1},
		{"Wenn Wiem?", "de", "Wenn Wien?", 1},
		{"Where did the Libyan election take place?", "en", "Where did the Libyan election take place?", 0}, // a name of the table, not "Liban"
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, n := correctSpelling(tt.in, tt.lang, results)
			if got != tt.want || n != tt.fixed {
				t.Errorf("correctSpelling(%q, %q) = %q, %d; want %q, %d", tt.in, tt.lang, got, n, tt.want, tt.fixed)
			}
		})
	}
}

// TestCorrectSpellingPrefersNames checks which neighbour a misspelt name
// takes: one the passages write as a name over a more frequent common
// word, the better ranked passage's, and a name with other terms when
// the misspelling's stem is a common word's; the first word of a
// question, capitalised name or not, takes the most frequent.
func TestCorrectSpellingPrefersNames(t *testing.T) {
	passages := func(texts ...string) []retrieval.Result {
		var out []retrieval.Result
		for _, text := range texts {
			out = append(out, retrieval.Result{Chunk: corpus.Chunk{Lang: "fr", Text: text}})
		}
		return out
	}
	tests := []struct {
		name, in, want string
		results        []retrieval.Result
	}{
		{"a name over a common word", "Qui était la tante de Françise ?", "Qui était la tante de Françoise ?",
			passages("La langue française, la culture française et la cuisine française.", "Françoise vivait chez sa tante.")},
		{"the better ranked passage", "Qu'a dit Peskof ?", "Qu'a dit Peskov ?", // fewer times, in the first passage
			passages("Peskov a parlé. Peskov a répété.", "Peskow, Peskow et Peskow.")},
		{"a stem of a common word", "Combien d'épreuves à Bara ?", "Combien d'épreuves à Barra ?",
			passages("Le bar du port. Les épreuves auront lieu à Barra.")},
		{"an inflection left alone", "Que firent les Normands ?", "Que firent les Normands ?",
			passages("Le duc normand Rollon.")},
		{"a name in capitals is no name", "Qu'a fait Project Mercure ?", "Qu'a fait Project Mercure ?",
			passages("La projection du film PROTECT.")},
		{"the first word, name or not", "Gurre de Troie ?", "guerre de Troie ?",
			passages("La guerre et la guerre. Gurle.")}, // not the name "Gurle"
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := correctSpelling(tt.in, "fr", tt.results); got != tt.want {
				t.Errorf("correctSpelling(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestRelevanceOfSeedQuestions checks the not-found gate on the seed with
// misspelt names and chit-chat (answered) and off-topic questions (not).
func TestRelevanceOfSeedQuestions(t *testing.T) {
	core := NewCore(seedLibrary(t), Config{Now: fixedNow})
	tests := []struct {
		q         string
		wantFound bool
	}{
		{"Qu'a dit Guérasimov ?", true},
		{"Salut, dis-moi stp ce qu'a dit Peskov le 28 avril", true},
		{"Quelle est la recette de la tarte aux pommes normande ?", false},
		{"Who won the 2012 Tour de France?", false},
		{"What did Putin say about the North Korean soldiers?", true}, // Poutine, Corée du Nord: names across languages
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			a, err := core.Ask(context.Background(), Question{Text: tt.q})
			if err != nil {
				t.Fatal(err)
			}
			if a.Found != tt.wantFound {
				t.Errorf("Found = %v, want %v (answer %q)", a.Found, tt.wantFound, a.Text)
			}
		})
	}
}

// TestCrossLanguageTerms checks which terms of a question count as
// evidence against passages in another language: its names' spelling
// keys and its numbers always, its other words' keys only when the
// passage holds them.
func TestCrossLanguageTerms(t *testing.T) {
	passage := map[string]bool{}
	for _, term := range analysis.Analyze("ru", "Программа Герасимова в 2012 году") {
		passage[term] = true
	}
	tests := []struct {
		name, question, lang string
		want                 []string // the terms kept, as Analyze gives them
	}{
		{"names and numbers", "What did Gerasimov say in 2012?", "fr", []string{analysisKey("Gerasimov"), "2012"}},
		{"number word and month", "What happened on three April?", "fr", []string{analysisKey("April"), monthTerm(t, "fr", "avril"), "3"}},
		{"a small number alone", "how many were there in 12 days?", "fr", nil},
		{"a cognate the passage holds", "Which program did Gerasimov run?", "ru", []string{analysisKey("program"), analysisKey("Gerasimov")}},
		{"no name, no number", "what did they say?", "fr", nil},
		{"a code, not a time", "Which plane flew AF447 at 16h45?", "fr", []string{"af447"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, w := range crossLanguageTerms(tt.question, "en", tt.lang, passage, passage) {
				got = append(got, w.term)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("crossLanguageTerms(%q, %q) = %q, want %q", tt.question, tt.lang, got, tt.want)
			}
		})
	}
}

// TestCrossLanguageTermsGerman checks that in German, which capitalises
// every noun, a capitalised word counts as a name across languages only
// when it is an acronym or a passage found holds its key: "Mindestlohn"
// and "Prozent" are nouns that no French passage can hold.
func TestCrossLanguageTermsGerman(t *testing.T) {
	held := func(text string) map[string]bool {
		m := map[string]bool{}
		for _, term := range analysis.Analyze("fr", text) {
			m[term] = true
		}
		return m
	}
	passage := held("Le SMIC augmente de 2 % au 1er juillet 2012.")
	found := held("Le SMIC augmente de 2 % au 1er juillet 2012. Febelfin estime le préjudice.")
	tests := []struct {
		name, question string
		want           []string
	}{
		{"nouns are no names", "Ab wann steigt der Mindestlohn um 2012 Prozent?", []string{"2012"}},
		{"an acronym is a name", "Ab wann steigt der Mindestlohn SMIC?", []string{analysisKey("SMIC")}},
		{"a name another passage holds", "Was sagt Febelfin zu SMIC?", []string{analysisKey("Febelfin"), analysisKey("SMIC")}},
		{"an acronym no passage holds", "Was sagt die PSA?", []string{analysisKey("PSA")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, w := range crossLanguageTerms(tt.question, "de", "fr", passage, found) {
				got = append(got, w.term)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("crossLanguageTerms(%q, %q) = %q, want %q", tt.question, "de", got, tt.want)
			}
		})
	}
}

// analysisKey is the spelling-key term Analyze gives the capitalised word w.
func analysisKey(w string) string {
	r, size := utf8.DecodeRuneInString(w)
	for _, t := range analysis.Analyze("en", "x "+string(unicode.ToUpper(r))+w[size:]) {
		if analysis.IsNameKey(t) {
			return t
		}
	}
	return ""
}

func monthTerm(t *testing.T, lang, w string) string {
	t.Helper()
	for _, term := range analysis.Analyze(lang, w) {
		if analysis.IsValue(term) {
			return term
		}
	}
	t.Fatalf("no month term for %q", w)
	return ""
}

func TestKeyNear(t *testing.T) {
	keys := map[string]bool{analysisKey("Luther"): true, analysisKey("Kublai"): true, "luther": true}
	tests := []struct {
		word string
		want bool
	}{
		{"Лютер", true}, // liuter / luter: one edit
		{"Luther", true},
		{"Хубилай", false},
		{"Lutheran", true}, // a prefix
		{"Мартин", false},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			k := analysisKey(tt.word)
			if got := keyNear(k, keys); got != tt.want {
				t.Errorf("keyNear(%q) = %v, want %v", k, got, tt.want)
			}
		})
	}
	if keyNear("luthor", keys) {
		t.Errorf("keyNear of a word, not a key: true, want false")
	}
}

// passageTerms analyses texts as judgeRelevance does.
func passageTerms(lang string, texts ...string) []map[string]bool {
	var out []map[string]bool
	for _, text := range texts {
		m := map[string]bool{}
		for _, t := range lexical.Analyze(lang, text) {
			m[t] = true
		}
		out = append(out, m)
	}
	return out
}

func TestCoverageWeights(t *testing.T) {
	tests := []struct {
		name, question, lang, passage string
		want                          map[string]float64 // by the word whose term it is
	}{
		{"a name no passage holds", "Qui a été élu Premier ministre du Pakistan en 1993 ?", "fr",
			"Le Premier ministre a été élu en 2012.", map[string]float64{"Pakistan": UnsharedNameWeight, "1993": UnsharedNameWeight, "Premier": 1, "ministre": 1, "élu": 1}},
		{"a name the passage holds", "Qu'a dit Peskov en 2024 ?", "fr",
			"Dmitri Peskov a dit en 2024 que la guerre durerait.", map[string]float64{"Peskov": 1, "2024": 1, "dit": 1}},
		{"a misspelt name", "Qu'écrivait Guesaldo dans ses lettres ?", "fr",
			"Gesualdo écrivait des lettres à sa femme.", map[string]float64{"Guesaldo": 1, "lettres": 1}},
		{"a compound's lower-case part", "Qui gagne la course Paris-rubaix ?", "fr",
			"Tom Boonen gagne Paris-Roubaix.", map[string]float64{"rubaix": 1, "Paris": 1}},
		{"an unshared common word", "Quel promontoire est proche du bâtiment ?", "fr",
			"Le bâtiment est proche de la mer.", map[string]float64{"promontoire": 1, "bâtiment": 1}},
		{"German nouns are capitalised", "Mit wem haben sich die Normannen in Anatolien zusammengetan?", "de",
			"Die Normannen kämpften in Kleinasien.", map[string]float64{"wem": 0, "Anatolien": 1, "Normannen": 1}},
		{"a Russian question word", "Каков процент голосов?", "ru",
			"Процент голосов составил 40.", map[string]float64{"Каков": 0, "процент": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var terms []weighted
			for _, term := range lexical.Analyze(tt.lang, tt.question) {
				terms = append(terms, weighted{term, 1})
			}
			got := map[string]float64{}
			for _, w := range coverageWeights(tt.question, tt.lang, terms, passageTerms(tt.lang, tt.passage), wordSet(strings.Join(lexical.Tokens(tt.passage), " ")), nil) {
				got[w.term] = w.weight
			}
			for word, want := range tt.want {
				ts := lexical.Analyze(tt.lang, word)
				if len(ts) == 0 {
					// A question word the stop list lacks is analysed:
					// it must be there, at weight 0.
					t.Fatalf("%q has no term", word)
				}
				if w, ok := got[ts[0]]; !ok || w != want {
					t.Errorf("weight of %q (%q) = %v (present %v), want %v", word, ts[0], w, ok, want)
				}
			}
		})
	}
}

func TestLooseMatch(t *testing.T) {
	tests := []struct {
		lang, word, passage string
		want                bool
	}{
		{"de", "Hauptbesatzung", "Die Besatzung von Apollo 1", true}, // a compound part
		{"de", "vierten", "im letzten Viertel", true},                // the same beginning
		{"de", "Anatolien", "in Kleinasien", false},
		{"ru", "приписывают", "ему приписывается", true},
		{"ru", "порох", "производство", false},
		{"de", "Ei", "Eier", false}, // too short
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			term := lexical.Analyze(tt.lang, tt.word)[0]
			if got := looseMatch(term, passageTerms(tt.lang, tt.passage)[0]); got != tt.want {
				t.Errorf("looseMatch(%q, %q) = %v, want %v", term, tt.passage, got, tt.want)
			}
		})
	}
}

// TestJudgeRelevanceTracksCoverage checks that a question whose name no
// passage holds is judged less covered than the same question with a
// misspelt name, with chit-chat or with a German question word, all of
// which leave coverage as it is.
func TestJudgeRelevanceTracksCoverage(t *testing.T) {
	passage := func(lang, text string) []retrieval.Result {
		return []retrieval.Result{{Chunk: corpus.Chunk{Lang: lang, Title: "Actualités", Text: text}}}
	}
	fr := passage("fr", "Le 26 avril, Valéry Guérassimov a annoncé la fin de l'opération de Koursk. Dmitri Peskov a confirmé l'annonce.")
	de := passage("de", "Die Normannen verbündeten sich in Kleinasien mit den Armeniern. Die Besatzung von Apollo 1 nannte sich selbst.")
	judge := func(q, lang string, results []retrieval.Result) float64 {
		q = dropChitChat(q)
		q, _ = correctSpelling(q, lang, results)
		termsOf := func(l string) []weighted {
			var out []weighted
			seen := map[string]bool{}
			for _, term := range lexical.Analyze(l, q) {
				if !seen[term] {
					seen[term] = true
					out = append(out, weighted{term, 1})
				}
			}
			return out
		}
		rel, _ := judgeRelevance(q, nil, lang, results, nil, nil, termsOf, func(string) float64 { return 1 })
		return rel
	}
	tests := []struct {
		name, lower, higher, lang string
		results                   []retrieval.Result
	}{
		{"unshared name against a misspelt one", "Qu'a annoncé Ouchakov sur l'opération ?", "Qu'a annoncé Guérasimov sur l'opération ?", "fr", fr},
		{"unshared name against a misspelling two edits away", "Qu'a annoncé Ouchakov sur l'opération ?", "Qu'a annoncé Guérasimof sur l'opération ?", "fr", fr},
		{"unshared name against chit-chat", "Qu'a confirmé Ouchakov ?", "Salut, dis-moi stp ce qu'a confirmé Peskov", "fr", fr},
		{"unshared year against none", "Qu'a annoncé Guérassimov en 1993 ?", "Qu'a annoncé Guérassimov ?", "fr", fr},
		{"German question word and compound", "Mit Bauern haben sich die Normannen verbündet?", "Mit wem haben sich die Normannen verbündet?", "de", de},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := judge(tt.lower, tt.lang, tt.results), judge(tt.higher, tt.lang, tt.results)
			if lo >= hi {
				t.Errorf("relevance of %q = %.3f, of %q = %.3f; want the first lower", tt.lower, lo, tt.higher, hi)
			}
		})
	}
}

// TestJudgeRelevanceNamed checks that judgeRelevance says when a passage
// in the question's language holds one of its names.
func TestJudgeRelevanceNamed(t *testing.T) {
	results := []retrieval.Result{
		{Chunk: corpus.Chunk{Lang: "fr", Text: "Dmitri Peskov a confirmé l'annonce de la fin des combats."}},
		{Chunk: corpus.Chunk{Lang: "de", Text: "Die Normannen verbündeten sich mit den Armeniern."}},
	}
	tests := []struct {
		q, lang string
		want    bool
	}{
		{"Qu'a confirmé Peskov ?", "fr", true},
		{"Qu'a confirmé Ouchakov ?", "fr", false},
		{"Peskov a-t-il confirmé l'annonce ?", "fr", false}, // the first word is no name
		{"Qu'a confirmé le porte-parole ?", "fr", false},
		{"Qu'ont confirmé les Combats ?", "fr", false}, // held only as a common word
		{"Qu'a confirmé Dmitri Peskov ?", "fr", true},
		{"Qu'a confirmé Dmitri Ouchakov ?", "fr", false},  // another Dmitri
		{"Who did the Armenians ally with?", "en", false}, // a passage in another language
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			_, got := judgeRelevance(tt.q, nil, tt.lang, results, nil, nil, crossTermsOf(tt.q), func(string) float64 { return 1 })
			if got != tt.want {
				t.Errorf("judgeRelevance(%q) named = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

// crossTermsOf returns judgeRelevance's termsOf for q: its terms
// analysed in a language, each weighing 1.
func crossTermsOf(q string) func(l string) []weighted {
	return func(l string) []weighted {
		var out []weighted
		for _, term := range analysis.Analyze(l, q) {
			out = append(out, weighted{term, 1})
		}
		return out
	}
}

// TestJudgeRelevanceCountsHeldTranslations checks that across languages
// the words of the question's translation that the passage holds count
// as evidence, and those it lacks count against nothing.
func TestJudgeRelevanceCountsHeldTranslations(t *testing.T) {
	results := []retrieval.Result{{Chunk: corpus.Chunk{Lang: "fr", Title: "Actualités",
		Text: "Le 26 avril, Valéry Guérassimov a annoncé la fin de l'opération de Koursk."}}}
	q := "What did Shoigu announce about the operation in Kursk?"
	judge := func(translations map[string]string) float64 {
		rel, _ := judgeRelevance(q, nil, "en", results, translations, nil, crossTermsOf(q), func(string) float64 { return 1 })
		return rel
	}
	alone := judge(nil)
	held := judge(map[string]string{"fr": "quoi faire Choïgou annoncer proclamer opération Koursk"})
	unheld := judge(map[string]string{"fr": "quoi faire Choïgou proclamer déclarer Koursk"})
	if held <= alone {
		t.Errorf("relevance with held translated words = %.3f, without a translation %.3f; want it higher", held, alone)
	}
	if unheld != alone {
		t.Errorf("relevance with translated words the passage lacks = %.3f, without a translation %.3f; want them equal", unheld, alone)
	}
}

// TestJudgeRelevanceByTranslatedWords checks the relevance across
// languages with a dictionary's translation, one line per question word:
// a word counts as held when the passage holds any of its senses,
// translated words alone, with no name or number of the question held,
// count translatedOnlyShare, and a passage holding the question's names is
// never judged below what they give without a dictionary.
func TestJudgeRelevanceByTranslatedWords(t *testing.T) {
	passage := func(text string) []retrieval.Result {
		return []retrieval.Result{{Chunk: corpus.Chunk{Lang: "de", Title: "Bevölkerung", Text: text}}}
	}
	households := passage("In Berlin lebten in 120 Haushalten Kinder unter 18 Jahren.")
	normans := passage("Die Normannen verbündeten sich in Kleinasien mit den Armeniern.")
	const q, named = "How many households had children?", "How many households in Berlin had children?"
	tests := []struct {
		name, q, translation string
		results              []retrieval.Result
		want                 float64
	}{
		{"every word held by one of its senses, and the name", named, "Haushalte Privathaushalte\nKinder Nachwuchs", households, 1},
		// The translated words' share, (1 + w) / (1 + 2w), is below what
		// the name alone gives without a dictionary: a dictionary never
		// lowers it.
		{"one word of two held, and the name", named, "Haushalte Privathaushalte\nSprösslinge Nachwuchs", households, 1},
		{"every word held, no name asked", q, "Haushalte Privathaushalte\nKinder Nachwuchs", households, translatedOnlyShare},
		{"one word of two held, no name asked", q, "Haushalte Privathaushalte\nSprösslinge Nachwuchs", households, translatedOnlyShare / 2},
		{"no word held", q, "Haushalte Privathaushalte\nKinder Nachwuchs", normans, 0},
		{"a one-letter sense is no evidence", q, "Haushalte\nKinder\nA", households, translatedOnlyShare},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := judgeRelevance(tt.q, nil, "en", tt.results, map[string]string{"de": tt.translation}, nil, crossTermsOf(tt.q), func(string) float64 { return 1 })
			if math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("relevance = %.3f, want %.3f", got, tt.want)
			}
		})
	}
}

func TestNumberIn(t *testing.T) {
	terms := map[string]bool{"165e": true, "87": true, "000": true, "2012": true, "8": true}
	tests := []struct {
		number string
		want   bool
	}{
		{"165", true},   // 165e
		{"87000", true}, // 87 000
		{"2012", false}, // the same term: not written otherwise
		{"1993", false}, // absent
		{"8408", false}, // 8 but no 408
		{"bataillon", false},
	}
	for _, tt := range tests {
		t.Run(tt.number, func(t *testing.T) {
			if got := numberIn(tt.number, terms); got != tt.want {
				t.Errorf("numberIn(%q) = %v, want %v", tt.number, got, tt.want)
			}
		})
	}
}

// articleStats is a corpusStats over a few articles, every term as rare
// as any other.
type articleStats map[string]corpus.Article

func (a articleStats) Rarity(lang, text string) map[string]float64 {
	out := map[string]float64{}
	for _, t := range lexical.Analyze(lang, text) {
		out[t] = 1
	}
	return out
}

func (a articleStats) Article(id string) (corpus.Article, bool) {
	art, ok := a[id]
	return art, ok
}

func TestJudgedTexts(t *testing.T) {
	text := "Le ministère des Sports emploie 300 personnes. " + strings.Repeat("Une phrase de remplissage. ", 200) + "Le budget a baissé."
	end := strings.Index(text, ".") + 1
	stats := articleStats{"sport": {ID: "sport", Title: "Sport", Text: text}}
	passage := retrieval.Result{Chunk: corpus.Chunk{DocID: "sport", Title: "Sport", Start: 0, End: end, Text: text[:end]}}
	other := retrieval.Result{Chunk: corpus.Chunk{DocID: "absent", Title: "Autre", Text: "Rien."}}
	tests := []struct {
		name     string
		stats    corpusStats
		result   retrieval.Result
		has, not []string
	}{
		{"the article around the passage", stats, passage, []string{"Sport\n", "300 personnes", "remplissage"}, []string{"budget"}},
		{"no stats: the passage", nil, passage, []string{"Sport\n", "300 personnes"}, []string{"remplissage"}},
		{"unknown article: the passage", stats, other, []string{"Autre\nRien."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := judgedTexts([]retrieval.Result{tt.result}, tt.stats)[0]
			for _, s := range tt.has {
				if !strings.Contains(got, s) {
					t.Errorf("judged text (%d bytes) lacks %q", len(got), s)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(got, s) {
					t.Errorf("judged text (%d bytes) holds %q, beyond articleContext", len(got), s)
				}
			}
		})
	}
}

func TestAround(t *testing.T) {
	tests := []struct {
		text       string
		start, end int
		n          int
		want       string
	}{
		{"abcdefgh", 3, 5, 1, "cdef"},
		{"abcdefgh", 0, 8, 5, "abcdefgh"},
		{"abcdefgh", 1, 2, 10, "abcdefgh"},
		{"éé|éé", 5, 7, 2, "é|éé"}, // widened to whole runes
	}
	for _, tt := range tests {
		if got := around(tt.text, tt.start, tt.end, tt.n); got != tt.want {
			t.Errorf("around(%q, %d, %d, %d) = %q, want %q", tt.text, tt.start, tt.end, tt.n, got, tt.want)
		}
	}
}

func TestJudgeRelevanceReadsTheArticle(t *testing.T) {
	text := "Le ministère emploie 300 personnes. Le sport amateur compte deux millions de licenciés."
	end := strings.Index(text, ".") + 1
	stats := articleStats{"a": {ID: "a", Title: "Administration", Text: text}}
	results := []retrieval.Result{{Chunk: corpus.Chunk{DocID: "a", Lang: "fr", Title: "Administration", Start: 0, End: end, Text: text[:end]}}}
	q := "Combien de personnes travaillent au ministère des sports ?"
	termsOf := func(l string) []weighted {
		var out []weighted
		for _, term := range lexical.Analyze(l, q) {
			out = append(out, weighted{term, 1})
		}
		return out
	}
	idf := func(string) float64 { return 1 }
	passageOnly, _ := judgeRelevance(q, nil, "fr", results, nil, nil, termsOf, idf)
	withArticle, _ := judgeRelevance(q, nil, "fr", results, nil, stats, termsOf, idf)
	if withArticle <= passageOnly {
		t.Errorf("relevance judged on the article = %.3f, on the passage = %.3f; want the article's higher (it holds \"sport\")", withArticle, passageOnly)
	}
}

func TestCompoundNames(t *testing.T) {
	tests := []struct {
		q, lang string
		want    [][]string
	}{
		{"Qui a gagné le Tour de France 2012 ?", "fr", [][]string{{"Tour", "de", "France"}}},
		{"Qui a gagné Roland-Garros ?", "fr", [][]string{{"Roland", "Garros"}}},
		{"Que dit Dmitri Peskov de la guerre ?", "fr", [][]string{{"Dmitri", "Peskov"}}},
		{"Quand a eu lieu la Guerre de Sept Ans ?", "fr", [][]string{{"Guerre", "de", "Sept", "Ans"}}},
		{"Who was governor of the Bank of England?", "en", [][]string{{"Bank", "of", "England"}}},
		{"Qu'a dit Peskov ?", "fr", nil}, // one word
		{"Qu'a dit Peskov de Zakharova ?", "fr", [][]string{{"Peskov", "de", "Zakharova"}}}, // taken for one
		{"Qu'ont dit Peskov, Zakharova ?", "fr", nil},                                       // a comma ends a name
		{"Tour de France : qui a gagné ?", "fr", nil},                                       // the first word is no name
		{"Was sagte der Sprecher Dmitri Peskow?", "de", nil},                                // German capitalises nouns
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := compoundNames(tt.q, tt.lang); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("compoundNames(%q) = %q, want %q", tt.q, got, tt.want)
			}
		})
	}
}

// TestCommonNameParts checks that a word of a compound name counts as
// held only within the name or as a name: "Tour de France" is not in an
// article on a "tour du monde" of sailors that names France.
func TestCompoundNameParts(t *testing.T) {
	tests := []struct {
		name, lang, q, text string
		common, apart       []string
	}{
		{"a part only a common word", "fr", "Qui a gagné le Tour de France ?",
			"Les skippers partent pour un tour du monde depuis la France.", []string{"tour"}, nil},
		{"the whole name", "fr", "Qui a gagné le Tour de France ?",
			"Il a gagné le tour de France cycliste.", nil, nil},
		{"each part a name", "fr", "Qui a gagné le Tour de France ?",
			"La Tour Eiffel domine Paris, en France.", nil, nil},
		{"a part the articles lack", "fr", "Qui a gagné le Tour de Franse ?",
			"Les skippers partent pour un tour du monde.", []string{"tour"}, []string{"frans", "tour"}},
		{"no compound name", "fr", "Qui a gagné le tour ?",
			"Les skippers partent pour un tour du monde.", nil, nil},
		{"in English", "en", "Who won the Tour de France in 2012?",
			"The sailors left France for a world tour.", []string{"tour"}, nil},
		{"the first name of someone else", "fr", "Comment Jean Cocteau qualifie-t-il Parade ?",
			"Jean-Marie Le Pen affirme qu'il voulait qualifier ses propos.", nil, []string{"cocteau", "jean"}},
		{"the last name alone", "fr", "Qu'a dit Dmitri Peskov ?",
			"Peskov a confirmé l'annonce.", nil, nil},
		{"parts inflected as names", "ru", "Что сказал Валерий Герасимов?",
			"Об этом заявил Герасимов. Генерал Валерия не видел.", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			texts, passages := []string{tt.text}, passageTerms(tt.lang, tt.text)
			seqs := [][]string{lexical.Analyze(tt.lang, tt.text)}
			common, apart := compoundNameParts(tt.q, tt.lang, seqs, passages, nameKeys(tt.lang, texts, passages))
			if got := slices.Sorted(maps.Keys(common)); !slices.Equal(got, tt.common) {
				t.Errorf("compoundNameParts(%q) common = %q, want %q", tt.q, got, tt.common)
			}
			if got := slices.Sorted(maps.Keys(apart)); !slices.Equal(got, tt.apart) {
				t.Errorf("compoundNameParts(%q) apart = %q, want %q", tt.q, got, tt.apart)
			}
		})
	}
}

// TestJudgeRelevanceCompoundName checks that the words of a compound name
// held apart, as common words, count for little: the issue's "Qui a
// gagné le Tour de France ?" over news of a "tour du monde" and of France.
func TestJudgeRelevanceCompoundName(t *testing.T) {
	q := "Qui a gagné le Tour de France ?"
	judge := func(text string) float64 {
		results := []retrieval.Result{{Chunk: corpus.Chunk{Lang: "fr", Text: text}}}
		rel, _ := judgeRelevance(q, nil, "fr", results, nil, nil, crossTermsOf(q), func(string) float64 { return 1 })
		return rel
	}
	apart := judge("La France a gagné une médaille. Les skippers partent pour un tour du monde.")
	whole := judge("Il a gagné le Tour de France en 2012.")
	if apart >= whole/2 {
		t.Errorf("relevance with the name's words apart = %.3f, want below half of %.3f with the name", apart, whole)
	}
}

// TestCognateKeys checks that across languages the words of a question
// meet their cognates by spelling keys, capitalised or not: in sentence
// scoring (scoringTerms) for any pair of languages, in the relevance to a
// German passage (whose nouns carry keys) when the passage holds them.
func TestCognateKeys(t *testing.T) {
	shares := func(a, b []string) bool {
		for _, x := range a {
			if analysis.IsNameKey(x) && slices.Contains(b, x) {
				return true
			}
		}
		return false
	}
	scoring := []struct{ lang, question, l, sentence string }{
		{"ru", "какая программа", "fr", "le programme du gouvernement"},
		{"en", "which theory", "de", "Die Theorie wurde verworfen"},
		{"en", "the democracy", "es", "la democracia española"},
	}
	for _, tt := range scoring {
		if !shares(scoringTerms(tt.lang, tt.l, tt.question), scoringTerms(tt.lang, tt.l, tt.sentence)) {
			t.Errorf("scoringTerms: %q (%s) shares no key with %q (%s)", tt.question, tt.lang, tt.sentence, tt.l)
		}
	}
	passage := map[string]bool{}
	for _, term := range analysis.Analyze("de", "Die Theorie von Einstein wurde verworfen") {
		passage[term] = true
	}
	var got []string
	for _, w := range crossLanguageTerms("Which theory did Einstein publish?", "en", "de", passage, passage) {
		got = append(got, w.term)
	}
	if want := []string{analysisKey("Einstein"), analysisKey("theory")}; !slices.Equal(got, want) {
		t.Errorf("crossLanguageTerms over a German passage = %q, want %q", got, want)
	}
}

// TestJudgeRelevanceCognates checks that a question with no name, no
// number and no translation is judged across languages on its words'
// spelling keys: a passage holding their cognates reaches the bar, one
// holding none does not, and a word with no cognate in any passage found
// counts for less than one whose cognate another passage holds.
func TestJudgeRelevanceCognates(t *testing.T) {
	q := "Which problems does the complexity theory classify?"
	fr := func(texts ...string) []retrieval.Result {
		var out []retrieval.Result
		for _, text := range texts {
			out = append(out, retrieval.Result{Chunk: corpus.Chunk{Lang: "fr", Text: text}})
		}
		return out
	}
	de := func(text string) []retrieval.Result {
		return []retrieval.Result{{Chunk: corpus.Chunk{Lang: "de", Text: text}}}
	}
	cognates := "La théorie de la complexité classifie les problèmes selon leur difficulté."
	unrelated := "Le fleuve traverse la ville, et le pont a été construit cet été."
	tests := []struct {
		name    string
		results []retrieval.Result
		atLeast float64
		below   float64
	}{
		{"cognates held", fr(cognates), CrossLanguageMinRelevance, 1.01},
		{"no cognate held", fr(unrelated), 0, CrossLanguageMinRelevance},
		{"the cognates' passage second", fr(unrelated, cognates), CrossLanguageMinRelevance, 1.01},
		// German nouns carry keys: those the passage holds count, weighed
		// by their rarity among its sentences (they weighed nothing).
		{"cognates in a German passage", de("Die Theorie klassifiziert Probleme nach ihrer Schwierigkeit."), CrossLanguageMinRelevance, 1.01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// As the core weighs them: the scoring terms, rarities from
			// the corpus's analysis of the question (no key of a word
			// written in lower case).
			termsOf := func(l string) []weighted {
				var out []weighted
				for _, term := range scoringTerms("en", l, q) {
					out = append(out, weighted{term, 1})
				}
				return out
			}
			rel, _ := judgeRelevance(q, nil, "en", tt.results, nil, analysedRarity{}, termsOf, func(string) float64 { return 1 })
			if rel < tt.atLeast || rel >= tt.below {
				t.Errorf("relevance %.3f, want in [%.2f, %.2f)", rel, tt.atLeast, tt.below)
			}
		})
	}
}

// analysedRarity is a corpusStats whose terms all weigh 1, those of the
// corpus's analysis of a text (analysis.Analyze), and that has no
// article.
type analysedRarity struct{}

func (analysedRarity) Rarity(lang, text string) map[string]float64 {
	out := map[string]float64{}
	for _, t := range analysis.Analyze(lang, text) {
		out[t] = 1
	}
	return out
}

func (analysedRarity) Article(string) (corpus.Article, bool) { return corpus.Article{}, false }

func TestCognateShare(t *testing.T) {
	one := func(string) float64 { return 1 }
	set := func(ks ...string) map[string]bool {
		m := map[string]bool{}
		for _, k := range ks {
			m[k] = true
		}
		return m
	}
	tests := []struct {
		name           string
		keys           []string
		passage, found map[string]bool
		want           float64
	}{
		{"all held", []string{"\x02problem", "\x02teori"}, set("\x02problem", "\x02teori"), set("\x02problem", "\x02teori"), 1},
		{"a near key is held", []string{"\x02problems"}, set("\x02problem"), set("\x02problem"), 1},
		{"one held, one found elsewhere", []string{"\x02problem", "\x02teori"}, set("\x02problem"), set("\x02problem", "\x02teori"), 0.5},
		{"one held, one found nowhere", []string{"\x02problem", "\x02vater"}, set("\x02problem"), set("\x02problem"), 1 / 1.5},
		{"none", nil, set("\x02problem"), set("\x02problem"), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cognateShare(tt.keys, tt.passage, tt.found, one); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("cognateShare = %.3f, want %.3f", got, tt.want)
			}
		})
	}
}

// TestDictionaryNeverLowersRelevance: a passage holding the question's
// names and numbers is judged at least as without a dictionary, however
// many of the translated senses it lacks.
func TestDictionaryNeverLowersRelevance(t *testing.T) {
	q := "How much is the one-off surcharge on ISF payers expected to bring in during 2012?"
	res := []retrieval.Result{{Chunk: corpus.Chunk{Lang: "fr",
		Text: "La contribution exceptionnelle demandée aux redevables de l'ISF devrait rapporter 2,3 milliards d'euros en 2012."}}}
	translations := map[string]string{"fr": "unique ponctuel\nsurtaxe supplément majoration\npayeur contribuable\nattendu prévu escompté\napporter amener\npendant durant"}
	termsOf := func(l string) []weighted {
		var out []weighted
		for _, term := range scoringTerms("en", l, q) {
			out = append(out, weighted{term, 1})
		}
		return out
	}
	idf := func(string) float64 { return 1 }
	without, _ := judgeRelevance(q, nil, "en", res, nil, analysedRarity{}, termsOf, idf)
	with, _ := judgeRelevance(q, nil, "en", res, translations, analysedRarity{}, termsOf, idf)
	if without < CrossLanguageMinRelevance {
		t.Fatalf("relevance without a dictionary %.3f, want at least %.2f (ISF and 2012 held)", without, CrossLanguageMinRelevance)
	}
	if with < without {
		t.Errorf("relevance with a dictionary %.3f, want at least %.3f (without one)", with, without)
	}
}
