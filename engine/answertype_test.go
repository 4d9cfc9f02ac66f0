package engine

import (
	"reflect"
	"strings"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval"
)

func TestKindOf(t *testing.T) {
	tests := []struct {
		q    string
		want questionKind
	}{
		{"Combien de personnes travaillent au ministère des sports", questionKind{number: true}},
		{"Qui a annoncé la fin de l'opération ?", questionKind{who: true}},
		{"En quelle année Musharraf devient président ?", questionKind{when: true}},
		{"Où se trouve la base des survivants ?", questionKind{where: true}},
		{"How many points did the Panthers defense surrender?", questionKind{number: true}},
		{"Сколько очков набрали Пантеры?", questionKind{number: true}},
		{"Wann wurde das Spiel gespielt?", questionKind{when: true}},
		{"¿Dónde se jugó el partido?", questionKind{where: true}},
		{"Кто выиграл?", questionKind{who: true}},
		{"What did Putin say?", questionKind{}},
		{"Qu'est-ce qui a causé la mort du Rais Hamidou ?", questionKind{}},
		{"Which NFL team represented the AFC at Super Bowl 50?", questionKind{name: true}},
		{"What city did Super Bowl 50 take place in?", questionKind{where: true}},
		{"Dans quel pays a étudié Yoweri Museveni ?", questionKind{where: true}},
		{"Quel est le nom de l'élément 119 ?", questionKind{name: true}},
		{"In welcher Stadt fand das Spiel statt?", questionKind{where: true}},
		{"¿En qué año se fundó?", questionKind{when: true}},
		{"В каком городе прошёл матч?", questionKind{where: true}},
		{"Quel parti a gagné ?", questionKind{name: true}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := kindOf(tt.q); got != tt.want {
				t.Errorf("kindOf(%q) = %+v, want %+v", tt.q, got, tt.want)
			}
		})
	}
}

func TestSentenceTypes(t *testing.T) {
	tests := []struct {
		sentence, question string
		want               typeFeatures
	}{
		{"Le ministère estime à 100 000 le nombre de salariés.", "Combien de salariés ?", typeFeatures{number: true}},
		{"Le ministère estime à 100 000 le nombre de salariés.", "Les 100 000 salariés ?", typeFeatures{}},
		{"Il est né en 1947 à Lyon.", "Quand est-il né ?", typeFeatures{number: true, date: true, name: true, place: true}},
		{"Le 26 avril, Guérassimov a annoncé la fin.", "Qui a annoncé la fin ?", typeFeatures{number: true, date: true, name: true}},
		{"Le 26 avril, Guérassimov a annoncé la fin.", "Quand Guérassimov a-t-il annoncé la fin ?", typeFeatures{number: true, date: true}},
		{"Die Panthers gaben nur dreihundert Punkte im März ab.", "Wann?", typeFeatures{date: true, name: true}},
		{"Матч прошёл в феврале.", "Когда?", typeFeatures{date: true}},
		{"Three people were hurt.", "How many?", typeFeatures{number: true}},
	}
	for _, tt := range tests {
		t.Run(tt.sentence+" / "+tt.question, func(t *testing.T) {
			if got := sentenceTypes(tt.sentence, numbersIn(tt.question), questionNames(tt.question)); got != tt.want {
				t.Errorf("sentenceTypes = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestNearness(t *testing.T) {
	tests := []struct {
		at, near []int
		want     float64
	}{
		{[]int{3}, []int{4}, 1},
		{[]int{3}, []int{7, 1}, 0.8},
		{[]int{3}, []int{3}, 0},
		{nil, []int{1}, 0},
		{[]int{2}, nil, 0},
	}
	for _, tt := range tests {
		if got := nearness(tt.at, tt.near); got != tt.want {
			t.Errorf("nearness(%v, %v) = %v, want %v", tt.at, tt.near, got, tt.want)
		}
	}
}

func TestIsHeading(t *testing.T) {
	tests := []struct {
		text, title string
		want        bool
	}{
		{"Entente russo-américaine", "", true},
		{"Poutine remercie la Corée du Nord", "Poutine remercie la Corée du Nord", true},
		{"Le 26 avril, Valéry Guérassimov a annoncé la fin de l'opération.", "", false},
		{"« Ils ont rempli avec honneur leur devoir », a-t-il souligné.", "", false},
		{"Qui a gagné ?", "", false},
		{"une longue ligne sans point final qui compte bien plus de douze mots et continue encore un peu", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := isHeading(tt.text, tt.title); got != tt.want {
				t.Errorf("isHeading(%q, %q) = %v, want %v", tt.text, tt.title, got, tt.want)
			}
		})
	}
}

func TestQuoteLangNotice(t *testing.T) {
	cite := func(lang string) []Citation {
		return []Citation{{N: 1, Passage: corpus.Chunk{Lang: lang}}}
	}
	tests := []struct {
		name string
		a    Answer
		want string
	}{
		{"same language", Answer{Found: true, Lang: "fr", Citations: cite("fr")}, ""},
		{"fr question, en articles", Answer{Found: true, Lang: "fr", Citations: cite("en")}, "Les citations sont en anglais, la langue des articles."},
		{"en question, de articles", Answer{Found: true, Lang: "en", Citations: cite("de")}, "The quotes are in German, the articles' language."},
		{"not found", Answer{Found: false, Lang: "en", Citations: nil}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := quoteLangNotice(tt.a); got != tt.want {
				t.Errorf("quoteLangNotice = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestHeadingsNeverQuoted checks that a heading matching the question
// word for word is not quoted, the sentence under it is.
func TestHeadingsNeverQuoted(t *testing.T) {
	text := "Entente russo-américaine\nLe 25 avril, Iouri Ouchakov a déclaré que les positions russe et américaine s'étaient rapprochées."
	r := retrieval.Result{Chunk: corpus.Chunk{ID: "c1", DocID: "d1", Lang: "fr", Title: "Poutine et Witkoff", Text: text, End: len(text)}}
	ex := extract("Entente russo-américaine ?", nil, "fr", []retrieval.Result{r}, nil)
	if len(ex.chosen) == 0 {
		t.Fatal("no sentence chosen")
	}
	for _, q := range ex.chosen {
		if got, _, _ := ex.text(q); strings.Contains(got, "Entente russo-américaine") {
			t.Errorf("the heading is quoted: %q", got)
		}
	}
}

func TestGermanNames(t *testing.T) {
	tests := []struct {
		sentence string
		want     []string
	}{
		{"Die sechs-malige Grammy-Gewinnerin und Oscar-Nominierte Lady Gaga führte die Nationalhymne auf.", []string{"Oscar-Nominierte", "Lady", "Gaga"}},
		{"Vor Manning wurde der Rekord von John Elway gehalten.", []string{"Manning", "John", "Elway"}},
		{"Davis erzielte 5½ Sacks, vier erzwungene Fumbles und die Interceptions.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			words := strings.Fields(tt.sentence)
			var got []string
			for _, i := range sentenceEvidence(words, "de", nil, nil).name {
				got = append(got, strings.Trim(words[i], ",."))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("names %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSentenceEvidenceAllNumbers(t *testing.T) {
	// "15/1990" holds a number and a year: whichever the map of its
	// numbers yields first, the word is a date (it once depended on it).
	for range 50 {
		e := sentenceEvidence([]string{"le", "15/1990"}, "fr", map[string]bool{}, nil)
		if len(e.date) != 1 || len(e.number) != 1 {
			t.Fatalf("sentenceEvidence(le 15/1990): dates at %v, numbers at %v; want both at [1]", e.date, e.number)
		}
	}
}
