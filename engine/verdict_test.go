package engine

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"verbatim/retrieval"
)

func TestShippedVerdictModel(t *testing.T) {
	m, err := ParseVerdictModel(shippedVerdictModel)
	if err != nil {
		t.Fatal(err)
	}
	if m.Version == "unfitted" || m.Fitted == "" {
		t.Errorf("shipped model %q (%q) is not a fitted one", m.Version, m.Fitted)
	}
	if m.AnswerBar <= 0 || m.AnswerBar >= 1 {
		t.Errorf("answer bar %v, want within (0, 1)", m.AnswerBar)
	}
	if _, err := ParseVerdictModel([]byte(`{"version":"x","features":["relevance"],"mean":[0],"scale":[1],"weights":[1]}`)); err == nil {
		t.Error("a model of other features was accepted")
	}
}

// rankModel answers by the rank of a quote's passage alone: the first
// passage's quotes reach the bar, the others do not.
func rankModel() VerdictModel {
	m := VerdictModel{Version: "test", Features: featureNames, AnswerBar: 0.5}
	m.Mean = make([]float64, len(featureNames))
	m.Scale = make([]float64, len(featureNames))
	m.Weights = make([]float64, len(featureNames))
	for i, f := range featureNames {
		m.Scale[i] = 1
		if f == "rank" {
			m.Weights[i] = 40 // rank 1 (first passage): +40; 1/2: +20
		}
	}
	m.Bias = -30
	return m
}

// TestAnsweredKeepsConfirmingQuotesOnly checks the padding rule: an
// answered answer quotes another article than its first quote's only
// when that quote answers too; a related one shows the closest passages
// under the line saying so.
func TestAnsweredKeepsConfirmingQuotesOnly(t *testing.T) {
	lib := indexArticles(t, []map[string]any{
		{"id": "a1", "title": "Le Kremlin et la Corée du Nord", "lang": "fr", "date": "2025-04-28", "text": "Dmitri Peskov, porte-parole du Kremlin, a déclaré lundi que la Russie remerciait la Corée du Nord pour son aide. Il a ajouté que les soldats nord-coréens avaient combattu à Koursk. Le ministère de la Défense n'a pas commenté."},
		{"id": "a2", "title": "Réunion à Moscou", "lang": "fr", "date": "2025-05-02", "text": "Dmitri Peskov a aussi déclaré que le président ne se rendrait pas à la réunion de Minsk. Les diplomates attendent une date pour la prochaine rencontre."},
		{"id": "a3", "title": "Météo", "lang": "fr", "date": "2025-05-03", "text": "Il a plu toute la journée à Moscou et les températures ont baissé. Les prévisions annoncent du soleil pour la fin de semaine."},
	})
	const q = "Quelles déclarations de Dmitri Peskov sur la Corée du Nord et Minsk ?"
	all := VerdictModel{Version: "all", Features: featureNames, Mean: make([]float64, len(featureNames)), Scale: make([]float64, len(featureNames)), Weights: make([]float64, len(featureNames)), Bias: 10, AnswerBar: 0.5}
	none := all
	none.Bias = -10
	rank := rankModel()
	ask := func(m VerdictModel) Answer {
		t.Helper()
		a, err := NewCore(lib, Config{Now: fixedNow, Verdict: &m}).Ask(context.Background(), Question{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		checkQuotesExact(t, lib, a)
		return a
	}
	docs := func(a Answer) map[string]bool {
		out := map[string]bool{}
		for _, c := range a.Citations {
			out[c.DocID] = true
		}
		return out
	}
	padded := ask(all)
	if padded.Verdict != VerdictAnswered || len(docs(padded)) < 2 {
		t.Fatalf("the padded answer to %q quotes %d articles (verdict %s); the test needs two: %q", q, len(docs(padded)), padded.Verdict, padded.Text)
	}
	kept := ask(rank)
	if kept.Verdict != VerdictAnswered || !kept.Found {
		t.Fatalf("got verdict %s, want answered", kept.Verdict)
	}
	first := kept.Citations[0].DocID
	for _, c := range kept.Citations {
		if c.DocID != first && c.Passage.ID != "" {
			// Another article's quote is kept only from the first passage
			// (rank 1), the one the model says answers.
			t.Errorf("answered answer quotes %s besides %s: %q", c.DocID, first, c.Quote)
		}
	}
	if len(kept.Citations) >= len(padded.Citations) {
		t.Errorf("got %d quotes, want fewer than the %d of the padded answer", len(kept.Citations), len(padded.Citations))
	}
	rel := ask(none)
	if rel.Verdict != VerdictRelated || rel.Found || !strings.HasPrefix(rel.Text, RelatedLine("fr")) || len(rel.Citations) != len(padded.Citations) {
		t.Errorf("got verdict %s found %v, %d quotes, text %q; want related with the %d closest passages under %q",
			rel.Verdict, rel.Found, len(rel.Citations), rel.Text, len(padded.Citations), RelatedLine("fr"))
	}
}

// TestCutQuoteMarked checks that a quote of a piece of a sentence longer
// than a passage is marked "…" at the cut, outside the quoted words,
// which stay the article's exact text.
func TestCutQuoteMarked(t *testing.T) {
	dir := t.TempDir()
	var long strings.Builder
	long.WriteString("Le convoi est parti de Kiev")
	for i := 0; long.Len() < 6500; i++ {
		long.WriteString(", puis il a traversé le village numéro " + strings.Repeat("x", i%7+1) + " sous la pluie")
	}
	long.WriteString(", avant d'arriver au poste frontière n°30 entre Moscou et Minsk.")
	rec, _ := json.Marshal(map[string]any{"id": "long", "title": "Le convoi", "lang": "fr", "date": "2025-04-28", "text": long.String() + " Le voyage a duré trois jours."})
	if err := os.WriteFile(filepath.Join(dir, "corpus.jsonl"), append(rec, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	lib, _ := buildIndex(t, filepath.Join(dir, "corpus.jsonl"))
	a, err := NewCore(lib, Config{Now: fixedNow}).Ask(context.Background(), Question{Text: "Où est arrivé le convoi, au poste frontière n°30 entre Moscou et Minsk ?"})
	if err != nil {
		t.Fatal(err)
	}
	checkQuotesExact(t, lib, a)
	cut := false
	for _, c := range a.Citations {
		if !c.CutBefore && !c.CutAfter {
			continue
		}
		cut = true
		want := "«\u00a0" + c.Quote + "\u00a0»"
		if c.CutBefore {
			want = "…" + want
		}
		if c.CutAfter {
			want += "…"
		}
		if !strings.Contains(a.Text, want) {
			t.Errorf("cut quote [%d] not shown as %q in:\n%s", c.N, want, a.Text)
		}
	}
	if !cut {
		t.Errorf("no quote of the long sentence is marked as cut: %+v", a.Citations)
	}
}

// TestCrossLanguageAnswerBar checks that an offline answer from passages
// in another language than the question's is judged against the model's
// CrossLanguageAnswerBar, one within a language against AnswerBar, and
// that no cross-language bar means AnswerBar.
func TestCrossLanguageAnswerBar(t *testing.T) {
	lib := indexArticles(t, []map[string]any{
		{"id": "a1", "title": "Le Kremlin et la Corée du Nord", "lang": "fr", "date": "2025-04-28", "text": "Dmitri Peskov, porte-parole du Kremlin, a déclaré lundi que la Russie remerciait la Corée du Nord pour son aide. Il a ajouté que les soldats nord-coréens avaient combattu à Koursk."},
		{"id": "a2", "title": "Météo", "lang": "fr", "date": "2025-05-03", "text": "Il a plu toute la journée à Moscou et les températures ont baissé. Les prévisions annoncent du soleil pour la fin de semaine."},
	})
	// Every quote's chance is 1/2 (no weight, no bias).
	half := VerdictModel{Version: "half", Features: featureNames, Mean: make([]float64, len(featureNames)), Scale: make([]float64, len(featureNames)), Weights: make([]float64, len(featureNames)), AnswerBar: 0.4}
	strict := half
	strict.CrossLanguageAnswerBar = 0.6
	loose := half
	loose.CrossLanguageAnswerBar = 0.45
	const fr, en = "Qu'a déclaré Dmitri Peskov sur la Corée du Nord ?", "What did Dmitri Peskov say about North Korea?"
	for _, tt := range []struct {
		name     string
		m        VerdictModel
		question string
		want     Verdict
	}{
		{"within a language, the answer bar", strict, fr, VerdictAnswered},
		{"across languages, a higher bar not reached", strict, en, VerdictRelated},
		{"across languages, a bar reached", loose, en, VerdictAnswered},
		{"across languages, no bar of its own", half, en, VerdictAnswered},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, err := NewCore(lib, Config{Now: fixedNow, Verdict: &tt.m}).Ask(context.Background(), Question{Text: tt.question})
			if err != nil {
				t.Fatal(err)
			}
			checkQuotesExact(t, lib, a)
			if a.Verdict != tt.want || len(a.Citations) == 0 {
				t.Errorf("%q: got verdict %s (%s) with %d quotes, want %s with quotes", tt.question, a.Verdict, a.Reason, len(a.Citations), tt.want)
			}
		})
	}
}

// indexArticles indexes articles (the fields of a corpus.jsonl line) with
// the local embedder.
func indexArticles(t *testing.T, articles []map[string]any) *retrieval.Index {
	t.Helper()
	var b strings.Builder
	for _, a := range articles {
		line, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(append(line, '\n'))
	}
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	lib, _ := buildIndex(t, path)
	return lib
}
