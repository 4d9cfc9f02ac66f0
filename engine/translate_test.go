package engine

import (
	"slices"
	"strings"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval"
	"verbatim/retrieval/lexical"
)

func TestScoringTerms(t *testing.T) {
	tests := []struct {
		name, lang, l, text string
		want                []string // terms that must be there
		none                []string // terms that must not be there
		same                bool     // the terms are lexical.Analyze's
	}{
		{"same language", "en", "en", "Who did the Broncos beat?", nil, nil, true},
		{"unknown question language", "", "ru", "Бронкос победил", nil, nil, true},
		{"across languages, a name's key", "en", "ru", "Who did the Broncos beat?", []string{"\x02bronkos"}, nil, false},
		{"across languages, a number word", "en", "ru", "How many points, three?", []string{"3"}, nil, false},
		{"across languages, the question's stop words", "en", "es", "Who led the Panthers in sacks?", []string{"panthers", "sacks"}, []string{"who", "the", "in"}, false},
		{"across languages, the passage's words", "en", "es", "Kawann Short lideró a los Panthers con 11 capturas.", []string{"kawann", "lider", "captur"}, []string{"los", "con"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scoringTerms(tt.lang, tt.l, tt.text)
			if plain := lexical.Analyze(tt.l, tt.text); tt.same != slices.Equal(got, plain) {
				t.Errorf("scoringTerms(%q, %q, %q) = %q; lexical.Analyze gives %q, want them equal: %v", tt.lang, tt.l, tt.text, got, plain, tt.same)
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("scoringTerms(%q, %q, %q) = %q, want %q among them", tt.lang, tt.l, tt.text, got, w)
				}
			}
			for _, w := range tt.none {
				if slices.Contains(got, w) {
					t.Errorf("scoringTerms(%q, %q, %q) = %q, want no %q", tt.lang, tt.l, tt.text, got, w)
				}
			}
		})
	}
}

// TestExtractAcrossLanguages checks that the sentence quoted first for a
// question in another language than the passage is the one its names or
// its translated words point to, not the first of the passage.
func TestExtractAcrossLanguages(t *testing.T) {
	tests := []struct {
		name, question string
		translations   map[string]string
		lang           string // the passage's, default Russian
		text, want     string
	}{
		{
			name:     "a name across scripts",
			question: "Who did the Broncos beat in the divisional round?",
			text:     "Защита Пэнтерс уступила всего 308 очков за сезон. Мэннинг не проиграл ни одной игры плей-офф в том году. Бронкос победил Питтсбург Стилерс в дивизионном раунде.",
			want:     "Бронкос победил",
		},
		{
			// The question's stop words are no terms in the passage's
			// language: the sentence quoting an English title held "who",
			// "the" and "in" and came first.
			name:     "English words inside a Spanish sentence",
			question: "Who led the Panthers in sacks?",
			lang:     "es",
			text:     "En 1970 Trevor Martin fue el Doctor en Doctor Who and the Daleks in the Seven Keys to Doomsday. Kawann Short lideró a los Panthers con 11 capturas. Luego el equipo viajó a Denver para la final.",
			want:     "Kawann Short",
		},
		{
			name:         "a word of the dictionary's translation",
			question:     "When was the cathedral built?",
			translations: map[string]string{"ru": "собор построить"},
			text:         "В 1950 году в городе открыли новый мост через реку. В 1960 году там построили большой вокзал для поездов. Собор был построен в 1420 году по проекту архитектора.",
			want:         "Собор был построен",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := tt.lang
			if l == "" {
				l = "ru"
			}
			r := retrieval.Result{Chunk: corpus.Chunk{ID: "c1", DocID: "d1", Lang: l, Text: tt.text, End: len(tt.text)}}
			ex := extractTranslated(tt.question, tt.translations, nil, nil, "en", []retrieval.Result{r}, nil)
			if len(ex.chosen) == 0 {
				t.Fatal("no sentence chosen")
			}
			if got := ex.sentences[ex.chosen[0].best].text; !strings.HasPrefix(got, tt.want) {
				t.Errorf("first quote %q, want the sentence starting %q", got, tt.want)
			}
		})
	}
}
