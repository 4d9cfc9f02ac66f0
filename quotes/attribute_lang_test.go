package quotes

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"verbatim/corpus"
)

// sharedEval is the directory of the eval corpora, beside the worktree.
const sharedEval = "../../shared/eval/dev"

// mlLabelled is one quotation of testdata/attribution-ml.jsonl: a
// labelled quotation with its article's language and its part ("train":
// an article at an even position of its corpus.jsonl, "heldout": odd).
type mlLabelled struct {
	labelled
	Lang string `json:"lang"`
	Part string `json:"part"`
}

// loadEval loads the eval corpora the multilingual sample was drawn
// from, skipping the test when they are not beside the worktree.
func loadEval(t testing.TB) map[string]corpus.Article {
	t.Helper()
	if _, err := os.Stat(sharedEval); err != nil {
		t.Skipf("eval corpora not found: %v", err)
	}
	arts := map[string]corpus.Article{}
	for _, set := range []string{"fr", "en", "xq-de", "xq-ru", "xq-es"} {
		res, err := corpus.LoadPath(context.Background(), filepath.Join(sharedEval, set, "corpus.jsonl"), corpus.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range res.Articles {
			arts[a.ID] = a
		}
	}
	return arts
}

func readMLLabels(t testing.TB, path string) []mlLabelled {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []mlLabelled
	dec := json.NewDecoder(bytes.NewReader(data))
	for dec.More() {
		var l mlLabelled
		if err := dec.Decode(&l); err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
	return out
}

// TestAttributionLanguages measures Attribute's speakers on the
// multilingual sample (testdata/attribution-ml.jsonl: quotations of the
// eval corpora in fr, en, de, ru and es, drawn by internal/attrsample
// -ml and labelled before the rules were run on them), per language and
// part. The rules for other languages than French were written by
// studying the "train" part only; the floors are asserted on the
// "heldout" part, all languages together (each language alone holds too
// few quotations with a speaker to measure it).
func TestAttributionLanguages(t *testing.T) {
	arts := loadEval(t)
	labels := readMLLabels(t, "testdata/attribution-ml.jsonl")
	if len(labels) < 200 {
		t.Fatalf("got %d labelled quotations, want at least 200", len(labels))
	}
	groups := map[string][]labelled{}
	perLang := map[string]int{}
	for _, l := range labels {
		if l.Part != "train" && l.Part != "heldout" {
			t.Fatalf("%s@%d: part %q, want train or heldout", l.DocID, l.Start, l.Part)
		}
		groups[l.Lang+"/"+l.Part] = append(groups[l.Lang+"/"+l.Part], l.labelled)
		groups["all/"+l.Part] = append(groups["all/"+l.Part], l.labelled)
		perLang[l.Lang]++
	}
	for _, lang := range []string{"fr", "en", "de", "ru", "es"} {
		if perLang[lang] < 40 {
			t.Errorf("%s: %d labelled quotations, want at least 40", lang, perLang[lang])
		}
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	results := map[string]attribution{}
	for _, k := range keys {
		docs := map[string]corpus.Article{}
		for _, l := range groups[k] {
			docs[l.DocID] = arts[l.DocID]
		}
		t.Run(k, func(t *testing.T) {
			m := measureAttribution(t, docs, groups[k], true)
			results[k] = m
			t.Logf("%s: %d labelled, %d with a speaker: precision %.3f (%d/%d), speakers found %.3f (%d/%d)",
				k, m.labels, m.withSpeaker, m.precision, m.right, m.given, m.recall, m.right, m.withSpeaker)
		})
	}
	// The aims are precision 0.95 and speakers found 0.85; they are
	// not reached. The held-out part reached 0.444 (4/9) and 0.200 (4/20)
	// with the French rules alone, and 0.455 (5/11) and 0.250 (5/20) with
	// the rules of RulesVersion 2 (written on the "train" part only); these
	// floors guard that, honestly below the aims, and were not tuned on
	// the held-out part. Most quotations of encyclopaedia text are titles,
	// names and terms (100 of 120 held out), so 20 speakers are all
	// it measures: one quotation is 0.05 of recall.
	const wantPrecision, wantRecall = 0.45, 0.25
	m := results["all/heldout"]
	if m.precision < wantPrecision {
		t.Errorf("held-out precision %.3f (%d/%d), want >= %.2f", m.precision, m.right, m.given, wantPrecision)
	}
	if m.recall < wantRecall {
		t.Errorf("held-out speakers found %.3f (%d/%d), want >= %.2f", m.recall, m.right, m.withSpeaker, wantRecall)
	}
}

// TestAttributeLanguageRules checks the rules added for en, de, ru and es
// on small articles: one quotation each, with its speaker.
func TestAttributeLanguageRules(t *testing.T) {
	tests := []struct {
		name, lang, text, want string
	}{
		{"en present tense", "en", `Brownlee notes that "civil disobedients may find it necessary to employ limited coercion."`, "Brownlee"},
		{"en term is no speech", "en", `Frederick W. Mote wrote that the term "social classes" was misleading.`, ""},
		{"de common noun dropped", "de", `Der Historiker Frederick W. Mote schrieb: „Das System war ungerecht.“`, "Frederick W. Mote"},
		{"de Begriff is no speech", "de", `Der Historiker Frederick W. Mote schrieb, dass die Verwendung des Begriffs „soziale Klassen“ irreführend ist.`, ""},
		{"ru отмечает", "ru", `Браунли отмечает, что «гражданское неповиновение ограничено».`, "Браунли"},
		{"ru термин is no speech", "ru", `Мартин Лютер написал, что термин «индульгенция» устарел.`, ""},
		{"es afirma after", "es", `"Era un sistema injusto", afirma Frederick Mote.`, "Frederick Mote"},
		{"fr noun homograph", "fr", `Moody's a abaissé les notes « de 28 banques espagnoles ».`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs := Attribute(corpus.Article{ID: "a", Lang: tt.lang, Text: tt.text})
			if len(qs) != 1 {
				t.Fatalf("got %d quotations, want 1", len(qs))
			}
			if got := qs[0].Speaker; got != tt.want {
				t.Errorf("speaker of %q: got %q, want %q", qs[0].Text(tt.text), got, tt.want)
			}
		})
	}
}
