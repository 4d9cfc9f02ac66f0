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
		same                bool     // the terms are lexical.Analyze's
	}{
		{"same language", "en", "en", "Who did the Broncos beat?", nil, true},
		{"unknown question language", "", "ru", "Бронкос победил", nil, true},
		{"across languages, a name's key", "en", "ru", "Who did the Broncos beat?", []string{"\x02bronkos"}, false},
		{"across languages, a number word", "en", "ru", "How many points, three?", []string{"3"}, false},
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
		})
	}
}

func TestQuestionStopTerms(t *testing.T) {
	tests := []struct {
		name, lang, l, question string
		want, not               []string
	}{
		{"English over Spanish", "en", "es", "Who led the Panthers in sacks?", []string{"who", "the", "in"}, []string{"panthers", "sacks", "led", "\x02panters"}},
		{"German over French", "de", "fr", "Seit wann ist Bloomberg parteilos?", []string{"ist"}, []string{"parteilos", "bloomberg"}},
		{"a stop word that is a number elsewhere", "en", "es", "Once more, who won?", []string{"who"}, []string{"11"}},
		{"same language", "en", "en", "Who led the Panthers in sacks?", nil, []string{"who", "the"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := questionStopTerms(tt.lang, tt.l, tt.question)
			for _, w := range tt.want {
				if !got[w] {
					t.Errorf("questionStopTerms(%q, %q, %q) = %v, want %q among them", tt.lang, tt.l, tt.question, got, w)
				}
			}
			for _, w := range tt.not {
				if got[w] {
					t.Errorf("questionStopTerms(%q, %q, %q) = %v, want no %q", tt.lang, tt.l, tt.question, got, w)
				}
			}
		})
	}
}

func TestQuestionScoringTerms(t *testing.T) {
	// A French passage's name carries its French reading ("Gilles": "jil",
	// as "Жиль"); a Spanish question's name read with French analysis does
	// not ("Putin" is not "puten").
	tests := []struct {
		name, lang, l, text string
		question            bool
		want, not           []string
	}{
		{"French passage", "ru", "fr", "Le journaliste Gilles Jacquier.", false, []string{"\x02jil", "\x02jaki"}, nil},
		{"Spanish question", "es", "fr", "¿Y Putin?", true, []string{"\x02putin"}, []string{"\x02puten"}},
		{"Russian question", "ru", "fr", "Жиля Жакье", true, []string{"\x02jil", "\x02jaki"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scoringTerms(tt.lang, tt.l, tt.text)
			if tt.question {
				got = questionScoringTerms(tt.lang, tt.l, tt.text)
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("terms of %q = %q, want %q among them", tt.text, got, w)
				}
			}
			for _, w := range tt.not {
				if slices.Contains(got, w) {
					t.Errorf("terms of %q = %q, want no %q", tt.text, got, w)
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
			results := []retrieval.Result{r}
			ex := extractWith(NewCore(nil, Config{}).scoring("en", results), tt.question, tt.translations, nil, nil, "en", results, nil)
			if len(ex.chosen) == 0 {
				t.Fatal("no sentence chosen")
			}
			if got := ex.sentences[ex.chosen[0].best].text; !strings.HasPrefix(got, tt.want) {
				t.Errorf("first quote %q, want the sentence starting %q", got, tt.want)
			}
		})
	}
}
