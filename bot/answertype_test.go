package bot

import "testing"

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
