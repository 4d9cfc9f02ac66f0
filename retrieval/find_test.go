package retrieval

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"verbatim/corpus"
)

// crossCorpus is a small corpus in three languages and two scripts.
func crossCorpus() *corpus.Result {
	d := mustDate
	return &corpus.Result{Articles: []corpus.Article{
		{ID: "ru-1", Lang: "ru", Title: "Генштаб", Date: d("2025-04"), Text: "Начальник Генштаба Валерий Герасимов доложил об освобождении Курской области. Он выступил в Москве."},
		{ID: "ru-2", Lang: "ru", Title: "Погода", Date: d("2025-04"), Text: "В Москве прошёл сильный дождь, синоптики обещают похолодание к выходным."},
		{ID: "fr-1", Lang: "fr", Title: "Vendanges", Date: d("2025-04"), Text: "Les vendanges ont commencé tôt en Bourgogne cette année, disent les vignerons."},
		{ID: "fr-2", Lang: "fr", Title: "Soldats", Date: d("2025-04"), Text: "Trois mille soldats nord-coréens ont combattu, selon le renseignement sud-coréen."},
		{ID: "en-1", Lang: "en", Title: "Markets", Date: d("2025-04"), Text: "Stock markets fell sharply on Monday as investors weighed new tariffs."},
	}}
}

func TestFindAcrossLanguages(t *testing.T) {
	ix, _ := build(t, t.TempDir(), crossCorpus(), NewLocalEmbedder())
	ctx := context.Background()
	now := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, question, want string
	}{
		{"French spelling of a Russian name", "Qu'a dit Guérassimov sur Koursk ?", "ru-1"},
		{"English spelling of a Russian name", "What did Gerasimov report about Kursk?", "ru-1"},
		{"number written in words matches digits and words", "How many North Korean soldiers? three thousand", "fr-2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ix.Find(ctx, Query{Text: tt.question, K: 3, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Results) == 0 || f.Results[0].Chunk.DocID != tt.want {
				var got []string
				for _, r := range f.Results {
					got = append(got, r.Chunk.DocID)
				}
				t.Errorf("Find(%q) = %v, want %s first", tt.question, got, tt.want)
			}
		})
	}
}

func TestFindTranslates(t *testing.T) {
	ix, _ := build(t, t.TempDir(), crossCorpus(), NewLocalEmbedder())
	ctx := context.Background()
	var asked []string
	dict := func(_ context.Context, text, from string, to []string) (map[string]string, error) {
		asked = append(asked, from+">"+strings.Join(to, ","))
		return map[string]string{"ru": "дождь синоптики", "fr": ""}, nil
	}
	q := Query{Text: "heavy rain forecast", Lang: "en", K: 2, Translate: dict}
	f, err := ix.Find(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if want := "en>fr,ru"; len(asked) != 1 || asked[0] != want {
		t.Errorf("translator asked %q, want one call %q", asked, want)
	}
	if f.Translations["ru"] != "дождь синоптики" || len(f.Translations) != 1 {
		t.Errorf("Translations = %q, want only the Russian one", f.Translations)
	}
	if len(f.Results) == 0 || f.Results[0].Chunk.DocID != "ru-2" {
		t.Errorf("top result %v, want ru-2 found through the translation", f.Results)
	}

	// The index's option serves when the query has none; a failing
	// translator leaves the search to the question alone.
	ix.SetOptions(SearchOptions{Translate: func(context.Context, string, string, []string) (map[string]string, error) {
		return nil, errors.New("model outage")
	}})
	f, err = ix.Find(ctx, Query{Text: "Stock markets tariffs", Lang: "en", K: 2})
	if err != nil {
		t.Fatal(err)
	}
	if f.TranslateErr == nil || !strings.Contains(f.TranslateErr.Error(), "model outage") {
		t.Errorf("TranslateErr = %v, want the translator's error", f.TranslateErr)
	}
	if len(f.Results) == 0 || f.Results[0].Chunk.DocID != "en-1" {
		t.Errorf("top result %v, want en-1 despite the failed translation", f.Results)
	}
}

func TestFindDates(t *testing.T) {
	ix, _ := build(t, t.TempDir(), crossCorpus(), NewLocalEmbedder())
	ctx := context.Background()
	now := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		q           Query
		wantRelaxed bool
		wantPhrase  bool
		wantFrom    string
		wantResults bool
	}{
		{"date phrase applied", Query{Text: "vendanges en avril 2025", Now: now}, false, true, "2025-04-01", true},
		{"date phrase matching no article is relaxed", Query{Text: "vendanges en juillet 2012", Now: now}, true, false, "", true},
		{"explicit range is not a phrase and never relaxed", Query{Text: "vendanges", Now: now, From: time.Date(2012, 7, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2012, 8, 1, 0, 0, 0, 0, time.UTC)}, false, false, "2012-07-01", false},
		{"no date", Query{Text: "vendanges", Now: now}, false, false, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ix.Find(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			from := ""
			if !f.From.IsZero() {
				from = f.From.Format("2006-01-02")
			}
			if f.Relaxed != tt.wantRelaxed || f.DatePhrase != tt.wantPhrase || from != tt.wantFrom || (len(f.Results) > 0) != tt.wantResults {
				t.Errorf("Find(%q) = relaxed %v, phrase %v, from %q, %d results; want %v, %v, %q, results %v",
					tt.q.Text, f.Relaxed, f.DatePhrase, from, len(f.Results), tt.wantRelaxed, tt.wantPhrase, tt.wantFrom, tt.wantResults)
			}
		})
	}
	// Search never relaxes.
	rs, err := ix.Search(ctx, Query{Text: "vendanges en juillet 2012", Now: now})
	if err != nil || len(rs) != 0 {
		t.Errorf("Search with an unmatched date phrase = %d results, %v; want none", len(rs), err)
	}
}

func TestFindCorrected(t *testing.T) {
	ix, _ := build(t, t.TempDir(), crossCorpus(), NewLocalEmbedder())
	f, err := ix.Find(context.Background(), Query{Text: "les vendnges en Bourgogne", Lang: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Corrected["vendng"]; got != "vendang" {
		t.Errorf("Corrected = %q, want vendng -> vendang", f.Corrected)
	}
}

func TestStripDates(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Qu'a dit Peskov en avril 2025 ?", "Qu'a dit Peskov en ?"},
		{"What happened last week in the 1990s?", "What happened in the"},
		{"Что было в мае 2012?", "Что было в"},
		{"76 000 soldats", "76 000 soldats"},
		{"Was sagte Merkel letzte Woche?", "Was sagte Merkel"},
		{"Was geschah gestern im vergangenen Jahr?", "Was geschah im"},
		{"¿Qué dijo Sánchez el mes pasado?", "¿Qué dijo Sánchez el"},
		{"¿Qué pasó hoy y el próximo año?", "¿Qué pasó y el"},
		{"Что сказал Путин в прошлом году?", "Что сказал Путин в"},
		{"Что было вчера на этой неделе?", "Что было на этой"},
		{"Was geschah vor Ort?", "Was geschah vor Ort?"},
	}
	for _, tt := range tests {
		if got := StripDates(tt.in); got != tt.want {
			t.Errorf("StripDates(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFindSimilarity checks that Found.Similarity is the cosine of the
// question with its most similar passage in the date range, and 0 when no
// passage was found or the vectors were not consulted.
func TestFindSimilarity(t *testing.T) {
	dir := t.TempDir()
	ix, _ := build(t, dir, crossCorpus(), NewLocalEmbedder())
	ctx := context.Background()
	now := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	top, err := ix.VectorTop(ctx, "les vendanges en Bourgogne", 1, true)
	if err != nil || len(top) == 0 {
		t.Fatalf("VectorTop = %v, %v", top, err)
	}
	tests := []struct {
		name string
		q    Query
		want float64
	}{
		{"the best cosine", Query{Text: "les vendanges en Bourgogne", Now: now}, top[0].Score},
		{"no passage in the range", Query{Text: "les vendanges en Bourgogne", Now: now, From: time.Date(2012, 7, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2012, 8, 1, 0, 0, 0, 0, time.UTC)}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ix.Find(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(f.Similarity-tt.want) > 1e-6 {
				t.Errorf("Find(%q).Similarity = %v, want %v", tt.q.Text, f.Similarity, tt.want)
			}
		})
	}
	if top[0].Score <= 0 {
		t.Errorf("best cosine %v, want above 0", top[0].Score)
	}
	t.Run("words only", func(t *testing.T) {
		f, err := openWordsOnly(t, dir).Find(ctx, Query{Text: "les vendanges en Bourgogne", Now: now})
		if err != nil || len(f.Results) == 0 {
			t.Fatalf("Find = %d results, %v; want the lexical half's", len(f.Results), err)
		}
		if f.Similarity != 0 {
			t.Errorf("Similarity = %v, want 0 when the vectors were not consulted", f.Similarity)
		}
	})
}

// mustDate parses a date of a test corpus.
func mustDate(s string) corpus.Date {
	dt, err := corpus.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return dt
}
