package engine

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"verbatim/corpus"
	"verbatim/retrieval"
)

func TestBalancedSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{
			name: "a French quotation over two sentences is one",
			text: "« Nous partons. Demain », a-t-il dit. Fin.",
			want: []string{"« Nous partons. Demain », a-t-il dit.", "Fin."},
		},
		{
			name: "an English quotation over two sentences is one",
			text: "He said, “Resign. Now.” Then he left. It rained.",
			want: []string{"He said, “Resign. Now.”", "Then he left.", "It rained."},
		},
		{
			name: "nested quotations",
			text: "Il dit « Il a crié “Non. Jamais.” Puis. Rien » et partit. Fin.",
			want: []string{"Il dit « Il a crié “Non. Jamais.” Puis. Rien » et partit.", "Fin."},
		},
		{
			name: "German low-high quotation marks close their quotation",
			text: "Er sagte: „Wir kommen. Morgen.“ Dann ging er. Es regnete.",
			want: []string{"Er sagte: „Wir kommen. Morgen.“", "Dann ging er.", "Es regnete."},
		},
		{
			name: "Russian quotation inside guillemets",
			text: "Он сказал: «Мы назвали его „Север“. Всё». Потом ушёл. Шёл дождь.",
			want: []string{"Он сказал: «Мы назвали его „Север“. Всё».", "Потом ушёл.", "Шёл дождь."},
		},
		{
			name: "a sentence that closes more than is open is not joined",
			text: "Il dit « oui. Puis » non » encore. Fin.",
			want: []string{"Il dit « oui.", "Puis » non » encore.", "Fin."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, sp := range balancedSentences(tt.text) {
				got = append(got, tt.text[sp[0]:sp[1]])
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("balancedSentences(%q)\n got  %q\n want %q", tt.text, got, tt.want)
			}
		})
	}
}

// passages makes one retrieval result per text, in rank order, each its
// own article.
func passages(lang string, texts ...string) []retrieval.Result {
	var out []retrieval.Result
	for i, text := range texts {
		id := "d" + strconv.Itoa(i)
		out = append(out, retrieval.Result{Chunk: corpus.Chunk{ID: id + "#0", DocID: id, Lang: lang, Title: "Article " + id, Text: text, End: len(text)}})
	}
	return out
}

// TestAnswerFirst checks that the sentence holding what the question asks
// for (a count, a date, a person, a place) is quote [1], in the five
// languages, over a sentence of the same passage that holds as many of
// the question's words but not the answer, and that no heading is quoted.
func TestAnswerFirst(t *testing.T) {
	tests := []struct {
		name, lang, question, passage string
		want                          string // in the first quote
	}{
		{
			name: "fr how many", lang: "fr", question: "Combien de personnes travaillent au ministère des sports ?",
			passage: "Ministère des sports\nDe nombreuses personnes travaillent au ministère des sports. Le rapport décrit aussi les métiers du secteur et leur évolution récente. " +
				"Au ministère des sports travaillent 100 000 personnes.",
			want: "100 000",
		},
		{
			name: "fr when", lang: "fr", question: "Quand Guérassimov a-t-il annoncé la libération de Koursk ?",
			passage: "Guérassimov a annoncé la libération de Koursk devant les caméras. La réunion était filmée et diffusée par la télévision publique. " +
				"Guérassimov a annoncé la libération de Koursk le 26 avril.",
			want: "26 avril",
		},
		{
			name: "en who", lang: "en", question: "Who won the championship game?",
			passage: "The championship game was won after a long season. The crowd filled the stadium hours before kickoff on a cold evening. " +
				"The championship game was won by Denver.",
			want: "Denver",
		},
		{
			name: "en where", lang: "en", question: "Where did the final take place?",
			passage: "The final did take place after months of delays. Tickets sold out within minutes of going on sale last spring. " +
				"The final did take place in Santa Clara.",
			want: "Santa Clara",
		},
		{
			name: "ru how many", lang: "ru", question: "Сколько очков набрали Пантеры?",
			passage: "Пантеры набрали очки в первой половине. Болельщики заполнили стадион задолго до начала встречи. " +
				"Пантеры набрали 24 очка.",
			want: "24",
		},
		{
			name: "de when", lang: "de", question: "Wann wurde die Universität gegründet?",
			passage: "Die Universität wurde nach langen Verhandlungen gegründet. Die Stadt wuchs in dieser Zeit schnell und zog viele Händler an. " +
				"Die Universität wurde 1386 gegründet.",
			want: "1386",
		},
		{
			name: "es who", lang: "es", question: "¿Quién fundó la empresa?",
			passage: "La empresa fue fundada en una pequeña tienda. Las ventas crecieron rápidamente durante la década siguiente en todo el país. " +
				"La empresa fue fundada por Amancio Ortega.",
			want: "Amancio Ortega",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := extract(tt.question, nil, tt.lang, passages(tt.lang, tt.passage), nil)
			if len(ex.chosen) == 0 {
				t.Fatal("no quote chosen")
			}
			first, _, _ := ex.text(ex.chosen[0])
			if !strings.Contains(first, tt.want) {
				t.Errorf("first quote %q, want it to hold %q", first, tt.want)
			}
			for _, q := range ex.chosen {
				for j := q.first; j <= q.last; j++ {
					if ex.sentences[j].heading {
						t.Errorf("heading %q quoted", ex.sentences[j].text)
					}
				}
			}
		})
	}
}

// TestQuoteSpans checks when a quote takes in the sentences before or
// after its own: only neighbours of the same passage, not headings,
// scoring enough against the best one, and within spanMaxWords.
func TestQuoteSpans(t *testing.T) {
	w := scoring{spanNext: 0.6, spanPrev: 0.7, spanMaxWords: 20}
	type sent struct {
		chunk    string
		coverage float64
		words    int
		heading  bool
	}
	tests := []struct {
		name        string
		sentences   []sent
		first, last int // of the first quote
	}{
		{"the next sentence scores enough", []sent{{"a", 1, 5, false}, {"a", 0.7, 5, false}}, 0, 1},
		{"the next sentence scores too little", []sent{{"a", 1, 5, false}, {"a", 0.5, 5, false}}, 0, 0},
		{"the sentence before needs more", []sent{{"a", 0.65, 5, false}, {"a", 1, 5, false}}, 1, 1},
		{"the sentence before scores enough", []sent{{"a", 0.75, 5, false}, {"a", 1, 5, false}}, 0, 1},
		{"the better neighbour is taken first", []sent{{"a", 0.8, 5, false}, {"a", 1, 5, false}, {"a", 0.7, 12, false}}, 0, 1},
		{"both neighbours when they fit", []sent{{"a", 0.8, 5, false}, {"a", 1, 5, false}, {"a", 0.7, 5, false}}, 0, 2},
		{"the sentence after the next one", []sent{{"a", 1, 5, false}, {"a", 0.9, 5, false}, {"a", 0.8, 5, false}, {"a", 0.1, 5, false}}, 0, 2},
		{"another passage", []sent{{"a", 1, 5, false}, {"b", 0.9, 5, false}}, 0, 0},
		{"a heading", []sent{{"a", 0.9, 3, true}, {"a", 1, 5, false}}, 1, 1},
		{"too long together", []sent{{"a", 1, 15, false}, {"a", 0.9, 6, false}}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := extraction{best: map[string]int{}}
			for _, s := range tt.sentences {
				ex.sentences = append(ex.sentences, sentence{res: retrieval.Result{Chunk: corpus.Chunk{ID: s.chunk, DocID: "d"}},
					coverage: s.coverage, words: s.words, heading: s.heading, terms: map[string]bool{strconv.Itoa(len(ex.sentences)): true}})
			}
			ex.rescore(w)
			if len(ex.chosen) == 0 {
				t.Fatal("no quote chosen")
			}
			if got := ex.chosen[0]; got.first != tt.first || got.last != tt.last {
				t.Errorf("first quote spans sentences %d-%d, want %d-%d", got.first, got.last, tt.first, tt.last)
			}
			for _, q := range ex.chosen[1:] {
				if q.first <= ex.chosen[0].last && q.last >= ex.chosen[0].first {
					t.Errorf("quote %d-%d overlaps the first", q.first, q.last)
				}
			}
		})
	}
}

// TestCrossLanguageRankWeight checks that across languages the rank of a
// passage weighs Config.CrossLanguageRankWeight in its sentences' scores:
// the answer in the second passage found is quoted first, where the rank
// weighed as within a language put the first passage's sentences before
// it; and that the verdict still reads the evidence as it was fitted.
func TestCrossLanguageRankWeight(t *testing.T) {
	const question = "How many species of trees grow in the Amazon rainforest?"
	const gold = "En la selva del Amazonas crecen 16 000 especies de árboles."
	texts := []string{
		"La sequía de 2010 golpeó la selva del Amazonas. Murieron muchos árboles en tres regiones.",
		"Los científicos estudiaron la región durante años. " + gold,
	}
	var results []retrieval.Result
	for i, text := range texts {
		id := strconv.Itoa(i)
		results = append(results, retrieval.Result{Chunk: corpus.Chunk{ID: id, DocID: id, Lang: "es", Text: text, End: len(text)}})
	}
	tests := []struct {
		name     string
		weight   float64 // Config.CrossLanguageRankWeight
		lang     string  // the question's
		wantGold bool    // gold quoted first
		wantRank float64 // the rank's weight in the scoring
	}{
		{"default across languages", 0, "en", false, DefaultCrossLanguageRankWeight},
		{"weighed half", 0.2, "en", true, 0.2},
		{"no weight", -1, "en", true, 0},
		{"within a language", 0, "es", false, defaultScoring.weights[featRank]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewCore(nil, Config{CrossLanguageRankWeight: tt.weight})
			w := c.scoring(tt.lang, results)
			if got := w.weights[featRank]; got != tt.wantRank {
				t.Errorf("rank weight %.2f, want %.2f", got, tt.wantRank)
			}
			if tt.lang != "en" {
				return
			}
			ex := extractWith(w, question, nil, nil, nil, tt.lang, results, nil)
			if len(ex.chosen) == 0 {
				t.Fatal("no sentence chosen")
			}
			first := ex.sentences[ex.chosen[0].best]
			if got := first.text == gold; got != tt.wantGold {
				t.Errorf("first quote %q; gold first %v, want %v", first.text, got, tt.wantGold)
			}
			// The verdict reads the evidence as fitted (defaultScoring).
			j := c.judge(nil, question, retrieval.Found{Results: results}, nil, nil, tt.lang)
			if j.fitted == nil {
				t.Fatal("no fitted extraction across languages")
			}
			best := j.ex.chosen[0].best
			if got, want := j.evidenceOf(j.ex.chosen[0]).Score, j.fitted.sentences[best].score; got != want {
				t.Errorf("verdict's score of the first quote %.3f, want the fitted scoring's %.3f", got, want)
			}
		})
	}
}
