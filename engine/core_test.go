package engine

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"verbatim/bot/bottest"
	"verbatim/corpus"
	"verbatim/prompts"
	"verbatim/retrieval"
)

const (
	koursk         = "Quand Guérassimov a-t-il annoncé la fin de l'opération de Koursk ?"
	kourskSentence = "Le 26 avril, Valéry Guérassimov, chef de l’état-major russe, a annoncé la fin de l’opération de libération de la région de Koursk."
)

var (
	seedOnce  sync.Once
	seedIndex *retrieval.Index
	seedErr   error
)

// seedLibrary indexes the embedded seed corpus with the local embedder,
// once per test binary.
func seedLibrary(t *testing.T) *retrieval.Index {
	t.Helper()
	seedOnce.Do(func() {
		ctx := context.Background()
		res, err := corpus.Load(ctx, corpus.Seed(), corpus.LoadOptions{})
		if err != nil {
			seedErr = err
			return
		}
		dir, err := tempDir("verbatim-seed-index")
		if err != nil {
			seedErr = err
			return
		}
		seedIndex, _, seedErr = retrieval.Build(ctx, dir, res, retrieval.NewLocalEmbedder(), retrieval.BuildOptions{})
	})
	if seedErr != nil {
		t.Fatalf("index the seed: %v", seedErr)
	}
	return seedIndex
}

// fixedNow is the date questions are asked at in tests.
func fixedNow() time.Time { return time.Date(2025, 5, 2, 9, 0, 0, 0, time.UTC) }

// checkQuotesExact fails unless every citation quote is the article text at
// its offsets and every quotation in the answer text is verbatim in a
// cited article (or is the title of one).
func checkQuotesExact(t *testing.T, lib Library, a Answer) {
	t.Helper()
	for _, c := range a.Citations {
		art, ok := lib.Article(c.DocID)
		if !ok {
			t.Fatalf("citation %d names unknown article %q", c.N, c.DocID)
		}
		if c.QuoteStart < 0 || c.QuoteEnd > len(art.Text) || art.Text[c.QuoteStart:c.QuoteEnd] != c.Quote || c.Quote == "" {
			t.Errorf("citation %d quote %q is not the article text at [%d:%d]", c.N, c.Quote, c.QuoteStart, c.QuoteEnd)
		}
	}
	for _, q := range prompts.ParseQuotes(a.Text) {
		found := false
		for _, c := range a.Citations {
			art, _ := lib.Article(c.DocID)
			if strings.Contains(art.Text, q.Text) || q.Text == c.Title {
				found = true
			}
		}
		if !found {
			t.Errorf("quotation %q in the answer is not verbatim in a cited article", q.Text)
		}
	}
}

func TestAskOfflineSeed(t *testing.T) {
	lib := seedLibrary(t)
	core := NewCore(lib, Config{Now: fixedNow})
	a, err := core.Ask(context.Background(), Question{Text: koursk})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || a.Mode != ModeOffline || a.Lang != "fr" {
		t.Fatalf("got found=%v mode=%s lang=%s, want found offline fr answer: %q", a.Found, a.Mode, a.Lang, a.Text)
	}
	if len(a.Citations) == 0 || len(a.Citations) > maxQuotes {
		t.Fatalf("got %d citations, want 1 to %d", len(a.Citations), maxQuotes)
	}
	var hit *Citation
	for i, c := range a.Citations {
		if c.Quote == kourskSentence {
			hit = &a.Citations[i]
		}
	}
	if hit == nil {
		t.Fatalf("no citation quotes %q; got %q", kourskSentence, a.Text)
	}
	if got := hit.Date.Display("fr"); got != "avril 2025" {
		t.Errorf("citation date = %q, want avril 2025", got)
	}
	if !strings.Contains(a.Text, "«\u00a0"+kourskSentence+"\u00a0» ["+strconv.Itoa(hit.N)+"]") || !strings.HasPrefix(a.Text, "D'après") {
		t.Errorf("text %q does not quote the sentence with its marker in French", a.Text)
	}
	if !strings.Contains(a.Text, "(avril 2025)") {
		t.Errorf("text %q does not give the date", a.Text)
	}
	checkQuotesExact(t, lib, a)
}

func TestAnswerJSON(t *testing.T) {
	lib := seedLibrary(t)
	a, err := NewCore(lib, Config{Now: fixedNow}).Ask(context.Background(), Question{Text: koursk})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"question", "answer", "found", "citations", "mode", "unverified_removed"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
	c := m["citations"].([]any)[0].(map[string]any)
	for _, k := range []string{"n", "quote", "doc_id", "chunk_id", "title", "date", "verified"} {
		if _, ok := c[k]; !ok {
			t.Errorf("citation JSON lacks %q: %v", k, c)
		}
	}
	if c["date"] != "2025-04" {
		t.Errorf("citation date = %v, want 2025-04", c["date"])
	}
}

func TestAskNotFound(t *testing.T) {
	lib := seedLibrary(t)
	var answerCalls atomic.Int64 // the question's translation is no answer
	f := newFakeOpenAI(t, func(req chatRequest, _ int) (int, string, time.Duration) {
		if !strings.HasPrefix(userContent(req), "Languages:") {
			answerCalls.Add(1)
		}
		return http.StatusOK, "Selon « un texte inventé » [1].", 0
	})
	tests := []struct {
		question, wantText string
	}{
		{"Quel est le prix du blé au Canada ?", "Je n'ai rien trouvé dans le corpus sur cette question."},
		{"Who won the 1998 football World Cup?", "The corpus does not cover this question."},
	}
	for _, tt := range tests {
		for _, mode := range []Mode{ModeOffline, ModeModel} {
			t.Run(string(mode)+"/"+tt.question, func(t *testing.T) {
				cfg := Config{Now: fixedNow}
				if mode == ModeModel {
					cfg.Model = testModel(f, 5*time.Second)
				}
				before := answerCalls.Load()
				a, err := NewCore(lib, cfg).Ask(context.Background(), Question{Text: tt.question})
				if err != nil {
					t.Fatal(err)
				}
				if a.Found || a.Text != tt.wantText || len(a.Citations) != 0 {
					t.Errorf("got found=%v text=%q citations=%d, want not found %q", a.Found, a.Text, len(a.Citations), tt.wantText)
				}
				if answerCalls.Load() != before {
					t.Errorf("the model was called for a question the passages do not answer")
				}
			})
		}
	}
}

func TestAskModelVerifies(t *testing.T) {
	lib := seedLibrary(t)
	var mu sync.Mutex
	var nGuer, nZakh int
	f := newFakeOpenAI(t, func(req chatRequest, _ int) (int, string, time.Duration) {
		p := userContent(req)
		mu.Lock()
		defer mu.Unlock()
		nGuer = bottest.PassageNumber(p, "Valéry Guérassimov")
		nZakh = bottest.PassageNumber(p, "La Russie n’oubliera jamais")
		wrong := 1
		if nZakh == 1 {
			wrong = 2
		}
		// An exact quote (straight apostrophes and no-break spaces are
		// typographic variants), an altered quote, a quote under the wrong
		// number, an unquoted claim with an invented marker.
		return http.StatusOK, "Le 26 avril 2025, «\u00a0Valéry Guérassimov, chef de l'état-major russe, a annoncé la fin de l'opération de libération de la région de Koursk\u00a0» [" + strconv.Itoa(nGuer) + "]. " +
			"Il a aussi affirmé «\u00a0que les pertes ukrainiennes dépassent 100 000 hommes\u00a0» [" + strconv.Itoa(nGuer) + "]. " +
			"Maria Zakharova a déclaré : «\u00a0La Russie n’oubliera jamais ses amis de Corée du Nord\u00a0» [" + strconv.Itoa(wrong) + "]. " +
			"Les troupes nord-coréennes ont été saluées [42].", 0
	})
	var partials []string
	core := NewCore(lib, Config{Model: testModel(f, 5*time.Second), Now: fixedNow})
	a, err := core.Ask(context.Background(), Question{Text: koursk, OnPartial: func(s string) { partials = append(partials, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if nGuer == 0 || nZakh == 0 {
		t.Fatalf("the prompt lacks the passages the test needs (Guérassimov %d, Zakharova %d)", nGuer, nZakh)
	}
	wantNotice := "2 affirmations introuvables dans les sources ont été retirées."
	if !a.Found || a.Mode != ModeModel || a.Notice != wantNotice {
		t.Fatalf("got found=%v mode=%s notice=%q, want a found model answer with notice %q", a.Found, a.Mode, a.Notice, wantNotice)
	}
	if a.UnverifiedRemoved != 2 {
		t.Errorf("UnverifiedRemoved = %d, want 2", a.UnverifiedRemoved)
	}
	for _, removed := range []string{"[42]", "saluées", "100 000", "pertes ukrainiennes"} {
		if strings.Contains(a.Text, removed) {
			t.Errorf("removed statement %q kept: %q", removed, a.Text)
		}
	}
	wantQuotes := []string{
		"Valéry Guérassimov, chef de l’état-major russe, a annoncé la fin de l’opération de libération de la région de Koursk",
		"La Russie n’oubliera jamais ses amis de Corée du Nord",
	}
	wantCitations := 2
	if nGuer == nZakh {
		wantCitations = 1
	}
	if len(a.Citations) != wantCitations {
		t.Fatalf("got %d citations %+v, want %d", len(a.Citations), a.Citations, wantCitations)
	}
	if c := a.Citations[0]; c.N != 1 || c.Quote != wantQuotes[0] || !c.Verified {
		t.Errorf("citation 1 = {N:%d Quote:%q Verified:%v}, want {N:1 Quote:%q Verified:true}", c.N, c.Quote, c.Verified, wantQuotes[0])
	}
	markerOf := regexp.MustCompile(`^\x{a0}» \[(\d+)\]`)
	for _, q := range wantQuotes {
		i := strings.Index(a.Text, q)
		if i < 0 {
			t.Errorf("text lacks exact quote %q: %q", q, a.Text)
			continue
		}
		m := markerOf.FindStringSubmatch(a.Text[i+len(q):])
		if m == nil {
			t.Errorf("quote %q is not followed by a marker: %q", q, a.Text)
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if n < 1 || n > len(a.Citations) || !strings.Contains(a.Citations[n-1].Passage.Text, q) {
			t.Errorf("quote %q is marked [%d], a citation whose passage does not hold it", q, n)
		}
	}
	if len(partials) < 2 {
		t.Errorf("got %d partial drafts, want several growing ones", len(partials))
	}
	for i, p := range partials {
		if !strings.HasPrefix(a.Text, p) || strings.Contains(p, "100 000") || strings.Contains(p, "saluées") {
			t.Errorf("partial %d %q is not a prefix of the verified answer %q", i, p, a.Text)
		}
	}
	checkQuotesExact(t, lib, a)
}

func TestAskModelNotFoundMarker(t *testing.T) {
	lib := seedLibrary(t)
	f := newFakeOpenAI(t, func(chatRequest, int) (int, string, time.Duration) {
		return http.StatusOK, "NOT_FOUND\nLe corpus ne dit pas cela.", 0
	})
	var partials []string
	a, err := NewCore(lib, Config{Model: testModel(f, 5*time.Second), Now: fixedNow}).Ask(context.Background(),
		Question{Text: "Qu'a dit Peskov sur la Corée du Nord ?", OnPartial: func(s string) { partials = append(partials, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if f.Count() != 1 {
		t.Fatalf("model called %d times, want 1", f.Count())
	}
	// The model reads no answer: the passages are shown as the closest
	// ones, never as an answer.
	if a.Found || a.Verdict != VerdictRelated || !strings.HasPrefix(a.Text, RelatedLine("fr")) {
		t.Errorf("got found=%v verdict=%s text=%q, want related", a.Found, a.Verdict, a.Text)
	}
	if len(partials) != 0 {
		t.Errorf("the not-found marker leaked into drafts: %q", partials)
	}
}

func TestAskModelFailureFallsBack(t *testing.T) {
	lib := seedLibrary(t)
	tests := []struct {
		name       string
		status     int
		wait       time.Duration
		wantNotice string
	}{
		{"invalid key", http.StatusUnauthorized, 0, "La clé d'API du modèle n'est pas valide ; cette réponse est extractive."},
		{"outage", http.StatusServiceUnavailable, 0, "Le modèle est injoignable ; cette réponse est extractive."},
		{"timeout", http.StatusOK, 3 * time.Second, "Le modèle est injoignable ; cette réponse est extractive."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeOpenAI(t, func(chatRequest, int) (int, string, time.Duration) { return tt.status, "trop tard", tt.wait })
			core := NewCore(lib, Config{Model: testModel(f, 150*time.Millisecond), Now: fixedNow})
			a, err := core.Ask(context.Background(), Question{Text: koursk})
			if err != nil {
				t.Fatal(err)
			}
			if !a.Found || a.Mode != ModeOffline || a.Notice != tt.wantNotice {
				t.Errorf("got found=%v mode=%s notice=%q, want an offline answer with notice %q", a.Found, a.Mode, a.Notice, tt.wantNotice)
			}
			if !strings.Contains(a.Text, kourskSentence) {
				t.Errorf("fallback answer %q does not quote the sentence", a.Text)
			}
		})
	}
}

func TestAskCancelled(t *testing.T) {
	lib := seedLibrary(t)
	f := newFakeOpenAI(t, func(chatRequest, int) (int, string, time.Duration) { return http.StatusOK, "x", 3 * time.Second })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := NewCore(lib, Config{Model: testModel(f, 5*time.Second), Now: fixedNow}).Ask(ctx, Question{Text: koursk})
	if err == nil {
		t.Fatal("got an answer after the caller's context ended, want an error")
	}
}

func TestAskNoLibrary(t *testing.T) {
	core := NewCore(nil, Config{})
	_, err := core.Ask(context.Background(), Question{Text: koursk})
	if err == nil || !strings.Contains(UserMessage(err, "fr"), "pas encore d'index") {
		t.Errorf("err = %v (%q), want the no-index message", err, UserMessage(err, "fr"))
	}
	core.SetLibrary(seedLibrary(t))
	if _, err := core.Ask(context.Background(), Question{Text: koursk}); err != nil {
		t.Errorf("after SetLibrary: %v", err)
	}
}

func TestAskCrossLanguageModel(t *testing.T) {
	lib := seedLibrary(t)
	const peskov = "Le 28 avril, Dmitri Peskov, porte-parole du Kremlin, a confirmé que la Russie pourrait, si nécessaire, assurer une aide militaire à la Corée du Nord, conformément à l’accord entre Moscou et Pyongyang."
	f := newFakeOpenAI(t, func(req chatRequest, _ int) (int, string, time.Duration) {
		if strings.HasPrefix(userContent(req), "Languages: fr (French)") {
			// The translation of the question before retrieval.
			return http.StatusOK, "fr: Qu'a dit Peskov à propos de la Corée du Nord ?", 0
		}
		n := bottest.PassageNumber(userContent(req), "Dmitri Peskov")
		return http.StatusOK, "On April 28, Peskov said that \"" + peskov + "\" [" + strconv.Itoa(n) + "].", 0
	})
	const question = "What did Peskov say about North Korea?"
	tests := []struct {
		name       string
		model      bool
		wantFound  bool
		wantCalled int
	}{
		// One call translates the question into French, one answers.
		{"model mode asks the model", true, true, 2},
		// Offline, Peskov's reported words answer (who said what), in
		// the articles' language.
		{"offline quotes Peskov's reported words", false, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Config{Now: fixedNow}
			if tt.model {
				cfg.Model = testModel(f, 5*time.Second)
			}
			before := f.Count()
			a, err := NewCore(lib, cfg).Ask(context.Background(), Question{Text: question})
			if err != nil {
				t.Fatal(err)
			}
			if a.Found != tt.wantFound || f.Count()-before != tt.wantCalled {
				t.Fatalf("got found=%v and %d model calls, want found=%v and %d", a.Found, f.Count()-before, tt.wantFound, tt.wantCalled)
			}
			if tt.wantFound && (len(a.Citations) != 1 || a.Citations[0].Quote != peskov) {
				t.Errorf("got citations %+v, want the Peskov sentence verified", a.Citations)
			}
			checkQuotesExact(t, lib, a)
		})
	}
}

// TestAskModelTranslationFails checks that a failed translation of the
// question costs only the translation: the search runs on the question
// as asked and the model still answers.
func TestAskModelTranslationFails(t *testing.T) {
	lib := seedLibrary(t)
	const peskov = "Le 28 avril, Dmitri Peskov, porte-parole du Kremlin, a confirmé que la Russie pourrait, si nécessaire, assurer une aide militaire à la Corée du Nord, conformément à l’accord entre Moscou et Pyongyang."
	var translations atomic.Int64
	f := newFakeOpenAI(t, func(req chatRequest, _ int) (int, string, time.Duration) {
		if strings.HasPrefix(userContent(req), "Languages:") {
			translations.Add(1)
			return http.StatusBadRequest, `{"error":{"message":"no translation today"}}`, 0
		}
		n := bottest.PassageNumber(userContent(req), "Dmitri Peskov")
		return http.StatusOK, "On April 28, Peskov said that \"" + peskov + "\" [" + strconv.Itoa(n) + "].", 0
	})
	a, err := NewCore(lib, Config{Now: fixedNow, Model: testModel(f, 5*time.Second)}).Ask(context.Background(), Question{Text: "What did Peskov say about North Korea?"})
	if err != nil {
		t.Fatal(err)
	}
	if translations.Load() == 0 {
		t.Error("the question was never sent for translation")
	}
	if !a.Found || a.Mode != ModeModel || len(a.Citations) != 1 || a.Citations[0].Quote != peskov {
		t.Errorf("got found=%v mode=%s citations %+v, want the model's verified Peskov quote", a.Found, a.Mode, a.Citations)
	}
}

// findRecorder is a Library that records the questions searched.
type findRecorder struct {
	Library
	texts []string
}

func (r *findRecorder) Find(ctx context.Context, q retrieval.Query) (retrieval.Found, error) {
	r.texts = append(r.texts, q.Text)
	return r.Library.Find(ctx, q)
}

// TestAskSearchesRespeltNames checks that a question whose name the
// passages found spell otherwise is searched again as respelt, and one
// spelt right once.
func TestAskSearchesRespeltNames(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"Qu'a dit Guérasimov ?", []string{"Qu'a dit Guérasimov ?", "Qu'a dit Guérassimov ?"}},
		{"Qu'a dit Guérassimov ?", []string{"Qu'a dit Guérassimov ?"}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			lib := &findRecorder{Library: seedLibrary(t)}
			a, err := NewCore(lib, Config{Now: fixedNow}).Ask(context.Background(), Question{Text: tt.q})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(lib.texts, tt.want) {
				t.Errorf("searched %q, want %q", lib.texts, tt.want)
			}
			if !a.Found {
				t.Errorf("Found = false, want true (answer %q)", a.Text)
			}
		})
	}
}

// TestJudged checks when the question's similarity to the corpus lowers
// the relevance (Core.judged).
func TestJudged(t *testing.T) {
	fr := []retrieval.Result{{Chunk: corpus.Chunk{Lang: "fr", Text: "Texte."}}}
	en := []retrieval.Result{{Chunk: corpus.Chunk{Lang: "en", Text: "Text."}}}
	de := []retrieval.Result{{Chunk: corpus.Chunk{Lang: "de", Text: "Text."}}}
	wordsOnly := []retrieval.Result{{Chunk: corpus.Chunk{Lang: "fr", Text: "Texte."}, WordsOnly: true}}
	below := DefaultSimilarityFloor - 0.09
	tests := []struct {
		name, lang string
		floor      float64
		ex         extraction
		found      retrieval.Found
		followUp   bool
		want       float64
	}{
		{"similar enough", "fr", 0, extraction{relevance: 0.5}, retrieval.Found{Results: fr, Similarity: 0.3}, false, 0.5},
		{"below the floor", "fr", 0, extraction{relevance: 0.5}, retrieval.Found{Results: fr, Similarity: 0.09}, false, 0.5 - below},
		{"below the floor in English", "en", 0, extraction{relevance: 0.5}, retrieval.Found{Results: en, Similarity: 0.09}, false, 0.5 - below},
		{"a name held", "fr", 0, extraction{relevance: 0.5, named: true}, retrieval.Found{Results: fr, Similarity: 0.09}, false, 0.5},
		{"a follow-up", "fr", 0, extraction{relevance: 0.5}, retrieval.Found{Results: fr, Similarity: 0.09}, true, 0.5},
		{"passages in another language", "fr", 0, extraction{relevance: 0.5}, retrieval.Found{Results: en, Similarity: 0.09}, false, 0.5},
		{"found by words alone", "fr", 0, extraction{relevance: 0.5}, retrieval.Found{Results: wordsOnly}, false, 0.5},
		{"no passage", "fr", 0, extraction{}, retrieval.Found{}, false, 0},
		{"a floor set", "fr", 0.1, extraction{relevance: 0.5}, retrieval.Found{Results: fr, Similarity: 0.09}, false, 0.49},
		{"disabled", "fr", -1, extraction{relevance: 0.5}, retrieval.Found{Results: fr, Similarity: 0.01}, false, 0.5},
		{"no default floor in German", "de", 0, extraction{relevance: 0.5}, retrieval.Found{Results: de, Similarity: 0.09}, false, 0.5},
		{"a floor set in German", "de", 0.1, extraction{relevance: 0.5}, retrieval.Found{Results: de, Similarity: 0.09}, false, 0.49},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewCore(nil, Config{SimilarityFloor: tt.floor})
			if got := c.judged(tt.ex, tt.found, tt.lang, tt.followUp); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("judged = %v, want %v", got, tt.want)
			}
		})
	}
}
